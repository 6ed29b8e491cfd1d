// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiFileWriter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnkiNet.CollectionFile.Database;
using AnkiNet.CollectionFile.Database.Model;
using AnkiNet.Helpers;

namespace AnkiNet;

public static class AnkiFileWriter
{
    public static void WriteToFile(string path, AnkiCollection collection)
    {
        string database = Path.Combine(Path.GetTempPath(), "collection-" + Guid.NewGuid().ToString("N") + ".anki2");
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var col = new ColRow(1, now, now * 1000, now * 1000, 11, "{}", "{}", "{}", "{}");
        var notes = new Dictionary<long, NoteRow>();
        var cards = new List<CardRow>();
        foreach (AnkiDeck deck in collection.Decks)
        {
            foreach (AnkiCard card in deck.Cards)
            {
                AnkiNote note = card.Note;
                if (!notes.ContainsKey(note.Id))
                    notes[note.Id] = new NoteRow(note.Id, GeneralHelper.Guid64(), note.NoteTypeId, now, string.Join(" ", note.Tags), note.JoinedFields, note.Fields.FirstOrDefault() ?? "", GeneralHelper.Checksum(note.Fields.FirstOrDefault() ?? ""));
                cards.Add(new CardRow(card.Id, note.Id, deck.Id, card.Ordinal, now, 0, 0, cards.Count, 0, 0));
            }
        }
        new DatabaseWriter().Write(database, col, notes.Values, cards);
        File.Copy(database, path, overwrite: true);
        File.Delete(database);
    }
}

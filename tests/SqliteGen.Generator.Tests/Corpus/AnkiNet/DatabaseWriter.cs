// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/DatabaseWriter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using AnkiNet.CollectionFile.Database.Model;
using AnkiNet.Helpers;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class DatabaseWriter
{
    public void Write(string path, ColRow col, IEnumerable<NoteRow> notes, IReadOnlyList<CardRow> cards)
    {
        using var connection = new SqliteConnection("Data Source=" + path);
        connection.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        SqLiteHelper.ExecuteSqLiteCommand(connection, SchemaScript.Create);
        new ColRepository(connection).Add(col);
        var noteRepository = new NoteRepository(connection);
        foreach (NoteRow note in notes)
            noteRepository.Add(note);
        new CardRepository(connection).AddAll(cards);
        transaction.Commit();
        long written = SqLiteHelper.ExecuteScalar(connection, "SELECT COUNT(*) FROM cards");
        if (written != cards.Count)
            throw new InvalidOperationException($"Wrote {written} cards of {cards.Count}.");
    }

    public void RemoveDeck(string path, long deckId)
    {
        using var connection = new SqliteConnection("Data Source=" + path);
        connection.Open();
        SqLiteHelper.ExecuteSqLiteCommand(connection, "DELETE FROM cards WHERE did = " + deckId); // expect: SQLG301
        SqLiteHelper.ExecuteSqLiteCommand(connection, "DELETE FROM notes WHERE id NOT IN (SELECT nid FROM cards)");
    }
}

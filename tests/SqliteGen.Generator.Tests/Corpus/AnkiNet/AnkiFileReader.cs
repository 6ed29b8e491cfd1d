// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiFileReader.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using AnkiNet.CollectionFile.Database;

namespace AnkiNet;

public static class AnkiFileReader
{
    public static AnkiCollection ReadFromFile(string path)
    {
        var (_, notes, cards) = new DatabaseReader().Read(path);
        var collection = new AnkiCollection();
        var byId = notes.ToDictionary(n => n.Id);
        foreach (var deck in cards)
        {
            long deckId = collection.CreateDeck("Deck " + deck.Key);
            foreach (var card in deck.Value)
            {
                if (byId.TryGetValue(card.NoteId, out var note))
                    collection.CreateNote(deckId, note.ModelId, note.Fields.Split('\u001f'));
            }
        }
        return collection;
    }
}

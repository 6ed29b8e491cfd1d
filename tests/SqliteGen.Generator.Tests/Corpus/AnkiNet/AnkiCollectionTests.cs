// Corpus look-alike of salty-flower/Anki.NET.Next:tests/AnkiNet.Tests/AnkiCollectionTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.IO;
using AnkiNet;

namespace AnkiNet.Tests;

public sealed class AnkiCollectionTests
{
    public void Round_trips_a_collection_through_a_file()
    {
        var collection = new AnkiCollection();
        long type = collection.CreateNoteType("Basic", new[] { "Front", "Back" }, new[] { new AnkiCardType("Card 1", 0, "{{Front}}", "{{Back}}") });
        long deck = collection.CreateDeck("Spanish");
        collection.CreateNote(deck, type, "hola", "hello");
        collection.CreateNote(deck, type, "adiós", "goodbye");
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".apkg");
        AnkiFileWriter.WriteToFile(file, collection);
        AnkiCollection read = AnkiFileReader.ReadFromFile(file);
        if (read.CardCount != 2)
            throw new InvalidOperationException("expected two cards, read " + read.CardCount);
    }
}

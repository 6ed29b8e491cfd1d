// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiCollection.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;

namespace AnkiNet;

public sealed class AnkiCollection
{
    private readonly Dictionary<long, AnkiDeck> _decks = new();
    private readonly Dictionary<long, AnkiNoteType> _noteTypes = new();
    private long _nextId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public IEnumerable<AnkiDeck> Decks => _decks.Values;
    public IEnumerable<AnkiNoteType> NoteTypes => _noteTypes.Values;

    public long CreateDeck(string name)
    {
        long id = _nextId++;
        _decks.Add(id, new AnkiDeck(id, name));
        return id;
    }

    public long CreateNoteType(string name, IReadOnlyList<string> fields, IReadOnlyList<AnkiCardType> cardTypes)
    {
        long id = _nextId++;
        _noteTypes.Add(id, new AnkiNoteType(id, name, cardTypes, fields));
        return id;
    }

    public void CreateNote(long deckId, long noteTypeId, params string[] fields)
    {
        AnkiNoteType type = _noteTypes[noteTypeId];
        var note = new AnkiNote(_nextId++, noteTypeId, fields);
        foreach (AnkiCardType cardType in type.CardTypes)
            _decks[deckId].Add(new AnkiCard(_nextId++, note, cardType.Ordinal));
    }

    public bool TryGetDeck(long id, out AnkiDeck? deck) => _decks.TryGetValue(id, out deck);

    public int CardCount => _decks.Values.Sum(d => d.Cards.Count);
}

// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiDeck.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;

namespace AnkiNet;

public sealed class AnkiDeck
{
    private readonly List<AnkiCard> _cards = new();

    public AnkiDeck(long id, string name)
    {
        Id = id;
        Name = name;
    }

    public long Id { get; }
    public string Name { get; }
    public IReadOnlyList<AnkiCard> Cards => _cards;

    internal void Add(AnkiCard card) => _cards.Add(card);
}

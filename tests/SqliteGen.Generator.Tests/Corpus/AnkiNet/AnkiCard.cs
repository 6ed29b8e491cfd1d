// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiCard.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace AnkiNet;

public sealed class AnkiCard
{
    public AnkiCard(long id, AnkiNote note, int ordinal)
    {
        Id = id;
        Note = note;
        Ordinal = ordinal;
    }

    public long Id { get; }
    public AnkiNote Note { get; }
    public int Ordinal { get; }
}

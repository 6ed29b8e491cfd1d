// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiNoteType.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;

namespace AnkiNet;

public sealed class AnkiNoteType
{
    public AnkiNoteType(long id, string name, IReadOnlyList<AnkiCardType> cardTypes, IReadOnlyList<string> fieldNames, string css = "")
    {
        Id = id;
        Name = name;
        CardTypes = cardTypes;
        FieldNames = fieldNames;
        Css = css;
    }

    public long Id { get; }
    public string Name { get; }
    public IReadOnlyList<AnkiCardType> CardTypes { get; }
    public IReadOnlyList<string> FieldNames { get; }
    public string Css { get; }
}

// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/AnkiNote.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;

namespace AnkiNet;

public sealed class AnkiNote
{
    public AnkiNote(long id, long noteTypeId, IReadOnlyList<string> fields, IReadOnlyList<string>? tags = null)
    {
        Id = id;
        NoteTypeId = noteTypeId;
        Fields = fields;
        Tags = tags ?? Array.Empty<string>();
    }

    public long Id { get; }
    public long NoteTypeId { get; }
    public IReadOnlyList<string> Fields { get; }
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Anki stores the fields in one column, separated by the unit separator.</summary>
    public string JoinedFields => string.Join("\u001f", Fields);
}

// Corpus look-alike of okkema/dotnet:examples/Okkema.Notes/Entities/Note.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Okkema.SQL.Entities;

namespace Okkema.Notes.Entities;

public class Note : EntityBase
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public bool Pinned { get; set; }
}

// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Entities/EntityBase.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Okkema.SQL.Entities;

public abstract class EntityBase
{
    public Guid SystemKey { get; set; } = Guid.NewGuid();
    public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;
    public DateTime? UpdatedUtc { get; set; }
}

// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Entities/SearchFavorite.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Veriado.Infrastructure.Persistence.Entities;

public sealed class SearchFavorite
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Query { get; set; } = "";
    public int Position { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
}

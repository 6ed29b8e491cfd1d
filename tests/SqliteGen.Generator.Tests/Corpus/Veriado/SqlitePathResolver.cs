// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Connections/SqlitePathResolver.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.IO;

namespace Veriado.Infrastructure.Persistence.Connections;

internal sealed class SqlitePathResolver : ISqlitePathResolver
{
    private readonly string? _configured;

    public SqlitePathResolver(string? configured) => _configured = configured;

    public string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(_configured))
            return Path.GetFullPath(_configured);
        string folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Veriado");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "veriado.db");
    }
}

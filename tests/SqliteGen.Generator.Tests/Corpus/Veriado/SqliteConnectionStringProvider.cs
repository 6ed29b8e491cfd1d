// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Connections/SqliteConnectionStringProvider.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.Data.Sqlite;

namespace Veriado.Infrastructure.Persistence.Connections;

internal sealed class SqliteConnectionStringProvider : IConnectionStringProvider
{
    public SqliteConnectionStringProvider(ISqlitePathResolver resolver)
    {
        DatabasePath = resolver.Resolve();
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Shared,
            Pooling = true,
        }.ToString();
    }

    public string ConnectionString { get; }

    public string DatabasePath { get; }
}

// Corpus look-alike of SqliteWebDemoApi (code search):Repositories/SqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SqliteWebDemoApi.Repositories;

public interface ISqliteRepository
{
    Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct);
}

public sealed class SqliteRepository(string connectionString) : ISqliteRepository
{
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync(ct); // expect: SQLG201
        return conn;
    }
}

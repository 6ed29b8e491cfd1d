// Corpus look-alike of DHSIntegrationAgent (code search):Infrastructure/Persistence/Sqlite/AgentDb.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace DHSIntegrationAgent.Infrastructure.Persistence.Sqlite;

internal sealed class AgentDb
{
    private readonly string _connectionString;

    public AgentDb(string path) => _connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    public async Task<int> RequeueFailedAsync(CancellationToken ct)
    {
        await using var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct); // expect: SQLG201
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
        var outbox = new OutboxRepository(conn, tx);
        int n = outbox.Requeue("pending");
        await tx.CommitAsync(ct);
        return n;
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct); // expect: SQLG201
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM outbox";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

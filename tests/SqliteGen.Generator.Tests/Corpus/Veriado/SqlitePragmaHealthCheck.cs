// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqlitePragmaHealthCheck.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence.Connections;

namespace Veriado.Infrastructure.Persistence;

public sealed record HealthResult(bool Healthy, string Description);

internal sealed class SqlitePragmaHealthCheck
{
    private readonly IConnectionStringProvider _connections;

    public SqlitePragmaHealthCheck(IConnectionStringProvider connections) => _connections = connections;

    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        string mode = await SqlitePragmaHelper.JournalModeAsync(connection, cancellationToken);
        return string.Equals(mode, SqlitePragmaHelper.RequiredJournalMode, StringComparison.OrdinalIgnoreCase)
            ? new HealthResult(true, "journal_mode=" + mode)
            : new HealthResult(false, $"journal_mode is {mode}, expected {SqlitePragmaHelper.RequiredJournalMode}");
    }
}

// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Search/ReindexQueueProcessor.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence;
using Veriado.Infrastructure.Persistence.Connections;
using Veriado.Infrastructure.Persistence.Options;

namespace Veriado.Infrastructure.Search;

internal sealed class ReindexQueueProcessor
{
    private readonly IConnectionStringProvider _connections;
    private readonly InfrastructureOptions _options;

    public ReindexQueueProcessor(IConnectionStringProvider connections, InfrastructureOptions options)
    {
        _connections = connections;
        _options = options;
    }

    public async Task<int> DropExhaustedAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reindex_queue WHERE retry_count >= " + _options.ReindexRetryLimit; // expect: SQLG301
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> ClearAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reindex_queue";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

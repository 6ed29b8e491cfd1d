// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Events/OutboxDispatcher.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Veriado.Infrastructure.Persistence;
using Veriado.Infrastructure.Persistence.Connections;
using Veriado.Infrastructure.Persistence.Options;
using Veriado.Infrastructure.Persistence.Outbox;

namespace Veriado.Infrastructure.Events;

/// <summary>Sends pending outbox events in the background, on the same file the application writes to.</summary>
internal sealed class OutboxDispatcher : IHostedService
{
    private readonly IConnectionStringProvider _connections;
    private readonly InfrastructureOptions _options;
    private readonly Func<OutboxEventEntity, Task> _publish;
    private Timer? _timer;

    public OutboxDispatcher(IConnectionStringProvider connections, InfrastructureOptions options, Func<OutboxEventEntity, Task> publish)
    {
        _connections = connections;
        _options = options;
        _publish = publish;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => _ = DispatchAsync(CancellationToken.None), null, _options.OutboxInterval, _options.OutboxInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        var pending = new List<OutboxEventEntity>();
        await using (SqliteCommand select = connection.CreateCommand())
        {
            select.CommandText = "SELECT id, type, payload, attempts FROM outbox_events WHERE processed_utc IS NULL ORDER BY id LIMIT $batch";
            select.Parameters.AddWithValue("$batch", _options.OutboxBatchSize);
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                pending.Add(new OutboxEventEntity { Id = reader.GetInt64(0), Type = reader.GetString(1), Payload = reader.GetString(2), Attempts = reader.GetInt32(3) });
        }
        foreach (OutboxEventEntity item in pending)
        {
            await using SqliteCommand mark = connection.CreateCommand();
            try
            {
                await _publish(item);
                mark.CommandText = "UPDATE outbox_events SET processed_utc = $now WHERE id = $id";
                mark.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
            }
            catch (Exception e)
            {
                mark.CommandText = "UPDATE outbox_events SET attempts = attempts + 1, last_error = $error WHERE id = $id";
                mark.Parameters.AddWithValue("$error", e.Message);
            }
            mark.Parameters.AddWithValue("$id", item.Id);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

using System;
using System.ComponentModel;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A connection for one generated read: a pooled connection of the data source (given back when the lease is disposed)
/// or the connection of a <see cref="PostgreSqlTransaction"/> (kept). A struct, as SQLite's <c>ConnectionLease</c> is: a
/// read allocates what Npgsql does and its rows, nothing of SqliteGen's own. Writes take a <see cref="PostgreSqlLease"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct PostgreSqlReadLease : IDisposable, IAsyncDisposable
{
    private readonly PostgreSqlSource _source;
    private readonly NpgsqlTransaction? _transaction;
    private readonly bool _ownsConnection;

    internal PostgreSqlReadLease(PostgreSqlSource source, NpgsqlConnection connection, NpgsqlTransaction? transaction, bool ownsConnection)
    {
        _source = source;
        Connection = connection;
        _transaction = transaction;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The connection, open.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The transaction the read runs in, if any.</summary>
    internal NpgsqlTransaction? Transaction => _transaction;

    /// <summary>A command on this connection, inside the transaction if there is one.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, _transaction);

    /// <summary>Runs a read's command; a failure inside a transaction leaves the transaction unable to commit.</summary>
    public NpgsqlDataReader ExecuteReader(NpgsqlCommand command, CommandBehavior behavior = CommandBehavior.Default) =>
        ExecuteReader(_source, command, behavior);

    /// <inheritdoc cref="ExecuteReader(NpgsqlCommand, CommandBehavior)"/>
    public ValueTask<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default) =>
        ExecuteReaderAsync(_source, command, cancellationToken, behavior);

    /// <summary>Runs <paramref name="command"/> for <paramref name="source"/>: a refused or cancelled read breaks its transaction.</summary>
    internal static NpgsqlDataReader ExecuteReader(PostgreSqlSource source, NpgsqlCommand command, CommandBehavior behavior)
    {
        try
        {
            return command.ExecuteReader(behavior);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            source.Broke(error);
            throw;
        }
    }

    /// <inheritdoc cref="ExecuteReader(PostgreSqlSource, NpgsqlCommand, CommandBehavior)"/>
    internal static async ValueTask<NpgsqlDataReader> ExecuteReaderAsync(PostgreSqlSource source, NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior)
    {
        try
        {
            return await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            source.Broke(error);
            throw;
        }
    }

    /// <summary>
    /// Runs a batch of reads on this connection (inside the transaction if there is one), the sync or the async way; a
    /// failure inside a transaction leaves the transaction unable to commit.
    /// </summary>
    internal async ValueTask<NpgsqlDataReader> ExecuteBatchReader(bool async, NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            return async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _source.Broke(error);
            throw;
        }
    }

    /// <summary>
    /// Gives a pooled connection back; a transaction's connection stays with the transaction. A lease that owns its
    /// connection and has a transaction (a tenant's read: <c>search_path</c> set for that transaction) rolls it back first.
    /// </summary>
    public void Dispose()
    {
        if (!_ownsConnection)
            return;
        try
        {
            _transaction?.Dispose(); // rolls back: a read commits nothing
        }
        finally
        {
            Connection.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsConnection)
            return;
        try
        {
            if (_transaction is not null)
                await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

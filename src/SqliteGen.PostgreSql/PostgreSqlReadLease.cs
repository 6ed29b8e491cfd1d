using System;
using System.ComponentModel;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A connection for one generated read: a pooled connection of the data source (given back when the lease is disposed),
/// the connection of a <see cref="PostgreSqlTransaction"/> (kept), or a tenant's operation (<see cref="TenantDirectory.Operation"/>:
/// its start sent with the read's statement). A struct, as SQLite's <c>ConnectionLease</c> is: a read allocates what
/// Npgsql does and its rows, nothing of SqliteGen's own. Writes take a <see cref="PostgreSqlLease"/>, which keeps one of
/// these for its connection, so the two have one place for what they share.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct PostgreSqlReadLease : IDisposable, IAsyncDisposable
{
    private readonly PostgreSqlSource _source;
    private readonly NpgsqlConnection? _connection;
    private readonly NpgsqlTransaction? _transaction;
    private readonly TenantDirectory.Operation? _tenant;
    private readonly bool _ownsConnection;

    internal PostgreSqlReadLease(PostgreSqlSource source, NpgsqlConnection connection, NpgsqlTransaction? transaction, bool ownsConnection)
    {
        _source = source;
        _connection = connection;
        _transaction = transaction;
        _ownsConnection = ownsConnection;
    }

    /// <summary>A tenant's operation, ended when the lease is disposed if <paramref name="ownsOperation"/> (else a tenant's <see cref="PostgreSqlTransaction"/>'s).</summary>
    internal PostgreSqlReadLease(PostgreSqlSource source, TenantDirectory.Operation tenant, bool ownsOperation = true)
    {
        _source = source;
        _tenant = tenant;
        _ownsConnection = ownsOperation;
    }

    /// <summary>The connection, open.</summary>
    public NpgsqlConnection Connection => _tenant is null ? _connection! : _tenant.Connection;

    /// <summary>The transaction the read runs in, if any (a tenant's, once begun: <see cref="TenantDirectory.Operation.Begin"/>).</summary>
    internal NpgsqlTransaction? Transaction => _tenant is null ? _transaction : _tenant.Transaction;

    /// <summary>The tenant's operation whose start is still to be sent with the next statement, or null.</summary>
    internal TenantDirectory.Operation? Pending => _tenant is { IsBegun: false } ? _tenant : null;

    /// <summary>The source it was rented from.</summary>
    internal PostgreSqlSource Source => _source;

    /// <summary>
    /// Where a tenant's statements run: its operation's location (changed when a statement found the tenant moved and was
    /// sent again where it is now), or its write transaction's; null on a database's connection.
    /// </summary>
    internal TenantLocation? TenantLocation => _tenant?.Location;

    /// <summary>
    /// A command on this connection, inside the transaction if there is one. A tenant's command whose start is still to
    /// be sent has no connection: it runs through <see cref="ExecuteReader(NpgsqlCommand, CommandBehavior)"/>, which
    /// sends the start with it, and run any other way it fails rather than read outside the tenant's schema.
    /// </summary>
    public NpgsqlCommand Command(string sql) => Pending is null ? new(sql, Connection, Transaction) : new(sql);

    /// <summary>
    /// The command of one of a generated table's reads, whose SQL names the table at <paramref name="tableAt"/>: for a
    /// tenant's read, the statement with the tenant's schema put in front of the table's name, sent alone (no start, no
    /// <c>search_path</c>: <see cref="TenantDirectory.Operation.QualifiedCommand"/>); else <see cref="Command(string)"/>.
    /// </summary>
    public NpgsqlCommand Command(string sql, int tableAt) =>
        Pending is { ReadsAlone: true } tenant ? tenant.QualifiedCommand(sql, tableAt) : Command(sql);

    /// <summary>Runs a read's command; a failure inside a transaction leaves the transaction unable to commit.</summary>
    public NpgsqlDataReader ExecuteReader(NpgsqlCommand command, CommandBehavior behavior = CommandBehavior.Default) =>
        Read(prepare: false, command, behavior);

    /// <inheritdoc cref="ExecuteReader(NpgsqlCommand, CommandBehavior)"/>
    public ValueTask<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default) =>
        ReadAsync(prepare: false, command, behavior, cancellationToken);

    /// <summary>
    /// Runs a generated table read's command (its SQL one of the table's own, so a connection holds a bounded set of them)
    /// prepared on the connection first: the first read of that SQL on a physical connection prepares it (a round trip
    /// of Parse and Describe), every later one finds it by its SQL, and the read sends Bind and Execute only. A tenant's
    /// read whose start is still to be sent runs unprepared, with its start. A failure inside a transaction leaves the
    /// transaction unable to commit, as an unprepared read's does.
    /// </summary>
    public NpgsqlDataReader ExecutePreparedReader(NpgsqlCommand command, CommandBehavior behavior = CommandBehavior.Default) =>
        Read(prepare: true, command, behavior);

    /// <inheritdoc cref="ExecutePreparedReader(NpgsqlCommand, CommandBehavior)"/>
    public ValueTask<NpgsqlDataReader> ExecutePreparedReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default) =>
        ReadAsync(prepare: true, command, behavior, cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/>: a tenant's with its start, any other on the lease's connection, prepared first with
    /// <paramref name="prepare"/> (where the source prepares: <see cref="PostgreSqlSource.Prepares"/>); a refused or
    /// cancelled read breaks the source's transaction. Not one async body with <see cref="ReadAsync"/>: a sync read runs
    /// no async state machine (in a Debug build, an object per call).
    /// </summary>
    private NpgsqlDataReader Read(bool prepare, NpgsqlCommand command, CommandBehavior behavior)
    {
        if (Pending is { } tenant)
            return tenant.ExecuteReader(async: false, command, behavior, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            if (prepare && _source.Prepares)
                command.Prepare();
            return command.ExecuteReader(behavior);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _source.Broke(error);
            throw;
        }
    }

    /// <inheritdoc cref="Read"/>
    private ValueTask<NpgsqlDataReader> ReadAsync(bool prepare, NpgsqlCommand command, CommandBehavior behavior, CancellationToken cancellationToken) =>
        Pending is { } tenant
            ? tenant.ExecuteReader(async: true, command, behavior, cancellationToken)
            : ExecuteAsync(prepare, command, behavior, cancellationToken);

    /// <summary>The async form of <see cref="Read"/> on the lease's connection.</summary>
    private async ValueTask<NpgsqlDataReader> ExecuteAsync(bool prepare, NpgsqlCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
    {
        try
        {
            if (prepare && _source.Prepares)
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _source.Broke(error);
            throw;
        }
    }

    /// <summary>
    /// Runs a batch of reads on this connection (inside the transaction if there is one), the sync or the async way; a
    /// failure inside a transaction leaves the transaction unable to commit.
    /// </summary>
    internal async ValueTask<NpgsqlDataReader> ExecuteBatchReader(bool async, NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (Pending is { } tenant)
        {
            tenant.AddStart(batch); // sent with the reads, as a single read's is
            return await tenant.Execute(async, batch, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        }
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
    /// connection and has a transaction (a tenant's, begun) rolls it back first: a read commits nothing, and a write
    /// lease has committed before.
    /// </summary>
    public void Dispose()
    {
        if (!_ownsConnection)
            return;
        if (_tenant is not null)
        {
            _tenant.Dispose();
            return;
        }
        try
        {
            _transaction?.Dispose();
        }
        finally
        {
            _connection!.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsConnection)
            return;
        if (_tenant is not null)
        {
            await _tenant.DisposeAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            if (_transaction is not null)
                await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _connection!.DisposeAsync().ConfigureAwait(false);
        }
    }
}

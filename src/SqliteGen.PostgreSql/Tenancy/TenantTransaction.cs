using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// A transaction of one tenant on its server, from <see cref="TenantDirectory.BeginWriteAsync"/> or
/// <see cref="TenantDirectory.BeginReadAsync"/>. Nothing is sent when it is made: its first statement, run through
/// <see cref="ExecuteNonQueryAsync"/>, <see cref="ExecuteReaderAsync"/> or <see cref="ExecuteScalarAsync"/>, goes in one
/// round trip with <c>BEGIN</c> and the tenant's start (for a write the tenant's write lock taken shared, waiting at most
/// <see cref="TenantDirectoryOptions.WriteLockTimeout"/> for a move; the schema's mark checked against the directory's
/// epoch; <c>search_path</c> set to the tenant's schema for the transaction). The lock and the path hold to the
/// transaction's end, so no move copies the tenant under a write transaction and every unqualified name resolves in the
/// tenant's schema. Disposing without committing rolls back.
/// </summary>
/// <remarks>
/// <para>
/// A stale place (the tenant was moved since this process cached it) is corrected on the first statement: it is sent
/// once more where the directory says the tenant is now (<see cref="Location"/> changes, with the connection); a move
/// holding the tenant fails it with <see cref="TenantBusyException"/>, nothing written. A first statement that fails, for
/// whatever reason, leaves the transaction not started: nothing of it ran, and the next statement starts it again.
/// </para>
/// <para>
/// Until the start is sent the transaction has no connection to hand out: <see cref="Connection"/> and
/// <see cref="Transaction"/> throw, and <see cref="CreateCommand"/> makes a command bound to no connection (Npgsql refuses
/// to run it alone), so nothing can run outside the tenant's schema. Code that needs the connection itself (a COPY, a
/// library that takes a connection) calls <see cref="StartAsync"/> first, which sends the start alone: one round trip more.
/// </para>
/// </remarks>
public sealed class TenantTransaction : IAsyncDisposable
{
    private readonly TenantDirectory.Operation _operation;
    private bool _committed;

    internal TenantTransaction(TenantDirectory.Operation operation) => _operation = operation;

    /// <summary>Where the tenant is: where it was found, corrected by the first statement when the tenant had moved.</summary>
    public TenantLocation Location => _operation.Location;

    /// <summary>Whether the start was sent (with a first statement that succeeded, or by <see cref="StartAsync"/>).</summary>
    public bool IsStarted => _operation.IsBegun;

    /// <summary>The open connection (unqualified table names resolve in the tenant's schema), once the transaction started.</summary>
    /// <exception cref="InvalidOperationException">Not started yet (see <see cref="StartAsync"/>), or committed.</exception>
    public NpgsqlConnection Connection
    {
        get
        {
            _ = Started(nameof(Connection));
            return _operation.Connection;
        }
    }

    /// <summary>The transaction every command must join, once started.</summary>
    /// <exception cref="InvalidOperationException">Not started yet (see <see cref="StartAsync"/>), or committed.</exception>
    public NpgsqlTransaction Transaction => Started(nameof(Transaction));

    /// <summary>
    /// A command of the transaction, to run through <see cref="ExecuteNonQueryAsync"/>, <see cref="ExecuteReaderAsync"/> or
    /// <see cref="ExecuteScalarAsync"/>. Once the transaction started it is bound to its connection and may also be run
    /// directly; before, it is bound to none.
    /// </summary>
    public NpgsqlCommand CreateCommand(string sql) =>
        _operation.Transaction is { } transaction && !_committed ? new(sql, _operation.Connection, transaction) : new(sql);

    /// <summary>
    /// Sends the start alone (one round trip), for code that needs <see cref="Connection"/> before any statement of the
    /// transaction's own; nothing when started already.
    /// </summary>
    /// <inheritdoc cref="ExecuteReaderAsync" path="/exception"/>
    public async ValueTask StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCommitted();
        await _operation.Begin(async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="command"/> (one statement) in the transaction; the first statement carries the start (above).
    /// The reader stands at the statement's first result.
    /// </summary>
    /// <exception cref="TenantBusyException">A move holds the tenant; nothing was written: try again.</exception>
    /// <exception cref="TenantServerUnavailableException">The tenant's server (or the directory's) cannot be reached.</exception>
    /// <exception cref="TenantSchemaMissingException">The tenant's schema is gone from where the directory places it.</exception>
    public async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ThrowIfCommitted();
        if (_operation.Transaction is { } transaction)
        {
            command.Connection = _operation.Connection;
            command.Transaction = transaction;
            return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        NpgsqlDataReader reader = await _operation.ExecuteFirst(command, cancellationToken).ConfigureAwait(false);
        command.Connection = _operation.Connection;
        command.Transaction = _operation.Transaction;
        return reader;
    }

    /// <summary>Runs <paramref name="command"/> (one statement) in the transaction; returns the rows it changed.</summary>
    /// <inheritdoc cref="ExecuteReaderAsync" path="/exception"/>
    public async Task<int> ExecuteNonQueryAsync(NpgsqlCommand command, CancellationToken cancellationToken = default)
    {
        await using NpgsqlDataReader reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
        return reader.RecordsAffected;
    }

    /// <summary>Runs <paramref name="command"/> (one statement) in the transaction; returns its first row's first value (null without a row).</summary>
    /// <inheritdoc cref="ExecuteReaderAsync" path="/exception"/>
    public async Task<object?> ExecuteScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken = default)
    {
        await using NpgsqlDataReader reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
    }

    /// <summary>Commits; a transaction that never started has nothing to commit, and sends nothing.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCommitted();
        if (_operation.Transaction is { } transaction)
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _operation.DisposeAsync();

    private NpgsqlTransaction Started(string member)
    {
        ThrowIfCommitted();
        return _operation.Transaction ?? throw new InvalidOperationException(
            $"The transaction of tenant '{Location.TenantId}' has not started, so it has no {member} yet: run its first statement through ExecuteNonQueryAsync, ExecuteReaderAsync or ExecuteScalarAsync (the tenant's start goes with it), or call StartAsync first.");
    }

    private void ThrowIfCommitted()
    {
        if (_committed)
            throw new InvalidOperationException($"The transaction of tenant '{Location.TenantId}' has been committed.");
    }
}

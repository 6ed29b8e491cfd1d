using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.PostgreSql;

/// <summary>
/// An open write transaction on PostgreSQL: one connection from <c>BEGIN</c> until it is committed or disposed
/// (disposing without committing rolls back). Every generated table bound to it reads and writes through that
/// connection, so it sees its own uncommitted writes.
/// </summary>
/// <remarks>
/// A write that PostgreSQL refuses inside it is undone alone (a savepoint, <see cref="PostgreSqlLease"/>), so the
/// transaction can go on, as on SQLite. When a statement fails in a way that cannot be undone alone (a read refused by
/// the server, a cancelled statement, a lost connection), PostgreSQL has rolled the transaction back, and
/// <see cref="Commit"/> says so rather than seeming to succeed.
/// <para>
/// A tenant's write transaction (<see cref="PostgreSqlTenantSource.BeginWrite"/>) is a tenant operation that begins on its
/// first statement (<see cref="TenantDirectory.Operation.BeginsOnFirst"/>): <c>BEGIN</c>, the tenant's start (write lock,
/// mark check, <c>search_path</c>) and the statement go in one round trip, and a transaction that ran no statement
/// commits or rolls back without a round trip.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlTransaction : PostgreSqlSource, IDisposable, IAsyncDisposable
{
    private readonly PostgreSqlSource _owner;
    private readonly NpgsqlConnection? _connection;
    private readonly NpgsqlTransaction? _transaction;
    private readonly TenantDirectory.Operation? _tenant;
    private readonly PostgreSqlTransaction? _outer;
    private Exception? _broken;
    private bool _ended;

    /// <param name="owner">The database or tenant that began it: it knows the transaction as its current one on this flow until it ends.</param>
    /// <param name="connection">The transaction's connection, disposed when it ends.</param>
    /// <param name="transaction">The transaction, begun.</param>
    internal PostgreSqlTransaction(PostgreSqlSource owner, NpgsqlConnection connection, NpgsqlTransaction transaction)
        : base(owner.DatabaseName)
    {
        _owner = owner;
        _connection = connection;
        _transaction = transaction;
        _outer = owner.Current;
        owner.Current = this;
    }

    /// <param name="owner">The tenant that began it (as above).</param>
    /// <param name="tenant">The tenant's operation, not begun: its first statement begins it (<see cref="TenantDirectory.Operation.BeginsOnFirst"/>); ended with the transaction.</param>
    internal PostgreSqlTransaction(PostgreSqlSource owner, TenantDirectory.Operation tenant)
        : base(owner.DatabaseName)
    {
        _owner = owner;
        _tenant = tenant;
        _outer = owner.Current;
        owner.Current = this;
    }

    /// <summary>The transaction, once begun (a tenant's begins with its first statement; null until then).</summary>
    private NpgsqlTransaction? Begun => _tenant is null ? _transaction : _tenant.Transaction;

    /// <summary>The database or tenant source that began it.</summary>
    internal PostgreSqlSource Owner => _owner;

    /// <summary>
    /// For a tenant's transaction, the server, schema and epoch it runs on (its operation's place: corrected when its first
    /// statement found the tenant moved); null for a database's.
    /// </summary>
    internal Tenancy.TenantLocation? TenantLocation => _tenant?.Location;

    /// <summary>True until committed, rolled back or disposed.</summary>
    public bool IsActive => !_ended;

    /// <summary>Makes every write of this transaction durable.</summary>
    /// <exception cref="SqliteGenException">A statement of the transaction failed and PostgreSQL rolled it back: nothing was saved.</exception>
    public void Commit()
    {
        ThrowIfEnded();
        ThrowIfBroken();
        try
        {
            Begun?.Commit();
        }
        finally
        {
            End();
        }
    }

    /// <inheritdoc cref="Commit"/>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        ThrowIfBroken();
        try
        {
            if (Begun is { } transaction)
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await EndAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Undoes every write of this transaction.</summary>
    public void Rollback()
    {
        ThrowIfEnded();
        End();
    }

    /// <summary>Rolls back unless committed, and gives the connection back.</summary>
    public void Dispose()
    {
        if (!_ended)
            End();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (!_ended)
            await EndAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override PostgreSqlReadLease RentReader()
    {
        ThrowIfEnded();
        return _tenant is null ? new PostgreSqlReadLease(this, _connection!, _transaction, ownsConnection: false) : new PostgreSqlReadLease(this, _tenant, ownsOperation: false);
    }

    /// <inheritdoc/>
    public override ValueTask<PostgreSqlReadLease> RentReaderAsync(CancellationToken cancellationToken) => new(RentReader());

    /// <inheritdoc/>
    public override PostgreSqlLease RentWriter()
    {
        ThrowIfEnded();
        return _tenant is null ? new PostgreSqlLease(this, _connection!, _transaction, ownsConnection: false) : new PostgreSqlLease(this, _tenant, ownsOperation: false);
    }

    /// <inheritdoc/>
    public override ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken) => new(RentWriter());

    internal override PostgreSqlDatabase Database => _owner.Database;

    /// <inheritdoc/>
    internal override Tenancy.PostgreSqlTenantSource? Tenant => _owner.Tenant;

    /// <inheritdoc/>
    internal override bool Prepares => _owner.Prepares;

    internal override void Broke(Exception error) => _broken ??= error;

    /// <summary>
    /// After a statement that ran in <paramref name="savepoint"/> failed: back to the savepoint, so the transaction goes on
    /// without the statement; when even that fails (a lost connection), <paramref name="source"/>'s transaction cannot commit.
    /// Returns whether the transaction goes on. (What <see cref="PostgreSqlLease"/> does after a failed write, and
    /// <c>tx.Sql</c> after a failed statement.)
    /// </summary>
    internal static async ValueTask<bool> RollBackTo(bool async, PostgreSqlSource source, NpgsqlConnection connection, NpgsqlTransaction transaction, string savepoint, Exception error)
    {
        try
        {
            using var command = new NpgsqlCommand($"ROLLBACK TO SAVEPOINT {savepoint}; RELEASE SAVEPOINT {savepoint}", connection, transaction);
            if (async)
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            else
                command.ExecuteNonQuery();
            return true;
        }
        catch (Exception undoFailed) when (undoFailed is NpgsqlException or InvalidOperationException)
        {
            source.Broke(error);
            return false;
        }
    }

    private void ThrowIfBroken()
    {
        if (_broken is { } error)
        {
            End();
            throw new SqliteGenException($"The write transaction on {DatabaseName} (PostgreSQL) cannot commit: a statement in it failed ({error.Message}), and PostgreSQL rolled the transaction back. Nothing of it was saved.", error);
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended)
            throw new InvalidOperationException($"The write transaction on {DatabaseName} (PostgreSQL) has already been committed or rolled back.");
    }

    private void End()
    {
        Leave();
        if (_tenant is not null)
        {
            _tenant.Dispose(); // rolls back unless committed
            return;
        }
        _transaction!.Dispose(); // rolls back unless committed
        _connection!.Dispose();
    }

    private async ValueTask EndAsync()
    {
        Leave();
        if (_tenant is not null)
        {
            await _tenant.DisposeAsync().ConfigureAwait(false);
            return;
        }
        await _transaction!.DisposeAsync().ConfigureAwait(false);
        await _connection!.DisposeAsync().ConfigureAwait(false);
    }

    private void Leave()
    {
        _ended = true;
        if (ReferenceEquals(_owner.Current, this))
            _owner.Current = _outer;
    }
}

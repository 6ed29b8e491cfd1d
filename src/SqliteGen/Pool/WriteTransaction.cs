using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// An open write transaction: holds the pool's writer connection from <c>BEGIN IMMEDIATE</c> until it
/// is committed or disposed (disposing without committing rolls back). Every table accessor bound to
/// it reads and writes through that one connection, so it sees its own uncommitted writes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WriteTransaction : ConnectionSource, IDisposable, IAsyncDisposable
{
    private static readonly AsyncLocal<FlowSlot?> s_current = new();

    private readonly ConnectionLease _lease;
    private readonly WriteScope _scope;
    private readonly FlowSlot _slot;
    private readonly WriteTransaction? _outer;
    private bool _ended;

    /// <summary>
    /// Where a flow's open transaction is noted. An <see cref="AsyncLocal{T}"/> value set inside an async method is not
    /// seen by its caller, so an async begin puts a slot in the caller's flow before it awaits the writer
    /// (<see cref="EnterFlow"/>) and fills it once the transaction has begun: the caller's flow, and what it starts
    /// from then on, sees the transaction (the reader gate lets its reads pass, a second begin is refused).
    /// </summary>
    internal sealed class FlowSlot(WriteTransaction? outer)
    {
        public WriteTransaction? Transaction = outer;
    }

    /// <summary>
    /// Puts a new slot in the current flow, holding the transaction open there now (if any). Call it where the flow
    /// that will use the transaction runs, before anything is awaited.
    /// </summary>
    internal static FlowSlot EnterFlow()
    {
        var slot = new FlowSlot(Current);
        s_current.Value = slot;
        return slot;
    }

    internal WriteTransaction(SqliteConnectionPool pool, ConnectionLease lease, FlowSlot slot)
    {
        Pool = pool;
        _lease = lease;
        try
        {
            _scope = WriteScope.Begin(lease.Connection);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        _slot = slot;
        _outer = slot.Transaction;
        slot.Transaction = this;
    }

    /// <summary>
    /// The write transaction open on the current flow, if any (used to catch a nested BeginWrite, and by the reader gate
    /// to let this flow's reads through).
    /// </summary>
    internal static WriteTransaction? Current => s_current.Value?.Transaction;

    internal SqliteConnectionPool Pool { get; }

    /// <summary>True until committed, rolled back or disposed.</summary>
    public bool IsActive => !_ended;

    /// <inheritdoc/>
    public override string FilePath => Pool.FilePath;

    /// <summary>Makes every write of this transaction durable (per the pool's synchronous setting).</summary>
    public void Commit()
    {
        ThrowIfEnded();
        _scope.Commit();
        End();
    }

    /// <summary>Undoes every write of this transaction.</summary>
    public void Rollback()
    {
        ThrowIfEnded();
        End();
    }

    private void End()
    {
        _ended = true;
        _scope.Dispose(); // rolls back unless committed
        if (ReferenceEquals(_slot.Transaction, this))
            _slot.Transaction = _outer;
        _lease.Dispose();
    }

    private void ThrowIfEnded()
    {
        if (_ended)
            throw new InvalidOperationException($"The write transaction on '{FilePath}' has already been committed or rolled back.");
    }

    /// <inheritdoc/>
    public override ConnectionLease RentReader()
    {
        ThrowIfEnded();
        return new ConnectionLease(_lease.Connection, owner: null);
    }

    /// <inheritdoc/>
    public override ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(RentReader());
    }

    /// <inheritdoc/>
    public override ConnectionLease RentWriter() => RentReader();

    /// <inheritdoc/>
    public override ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken) => RentReaderAsync(cancellationToken);

    internal override void Return(PooledConnection connection)
    {
        // The transaction keeps its connection until it ends.
    }

    /// <summary>Rolls back unless <see cref="Commit"/> was called.</summary>
    public void Dispose()
    {
        if (!_ended)
            End();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}

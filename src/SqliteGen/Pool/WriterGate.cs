using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>Who holds a pool's <see cref="WriterGate"/>.</summary>
internal enum WriterHolder
{
    /// <summary>Nobody: the writer is free.</summary>
    None,

    /// <summary>One caller's write: a lease from <c>RentWriter</c> (and so <c>BeginWrite</c>), or a write run alone on its caller's thread.</summary>
    Write,

    /// <summary>The group committer's drainer, running a batch of queued writes.</summary>
    Batch,

    /// <summary>The background checkpointer, for its completing pass.</summary>
    Checkpoint,

    /// <summary>The pool, closing: it waits for the last holder before it closes the writer connection.</summary>
    Closing,
}

/// <summary>
/// Who may use a pool's single writer connection, and when: every taker goes through here (a write, the group
/// committer's drainer for a batch, the background checkpointer for its completing pass, the pool as it closes), and
/// nothing else touches the semaphore underneath.
/// </summary>
/// <remarks>
/// <para>The invariants:</para>
/// <list type="bullet">
/// <item>One holder at a time (<see cref="Holder"/>), and only the holder uses the writer connection. Every taker gives
/// the gate back on every path: a write that throws releases it (its lease, or the committer's <c>finally</c>), and a
/// wait that gets the gate after the pool closed gives it back before it fails.</item>
/// <item>The checkpointer's completing pass holds the gate, so no commit lands while it copies the frames added during
/// its first pass and the WAL can restart from its beginning afterwards. While it waits for the gate, a write that would
/// take the free gate at once (<see cref="TryAcquireForWriteNow"/>: the group committer's run-alone path) is refused
/// and queues for the group committer: a gate released and retaken by the next write at once would starve the
/// checkpointer. Writers that wait (a lease, the drainer) wait as usual; the checkpointer waits only so long and leaves
/// the rest to its next checkpoint.</item>
/// <item>A write never waits behind a reader: readers take reader slots, never this gate. The only holder that is not
/// a write is the checkpointer's completing pass, a PASSIVE checkpoint, which waits for no reader.</item>
/// <item>A flow that holds the writer in a write transaction and asks for it again gets an error, not a wait for
/// itself; any other wait longer than <see cref="SqliteGenOptions.WriterWaitTimeout"/> is an error saying a write
/// transaction is being held open.</item>
/// </list>
/// </remarks>
internal sealed class WriterGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly SqliteConnectionPool _pool;
    private readonly TimeSpan _waitTimeout;
    private volatile bool _closed;
    private volatile bool _checkpointWaits;
    private WriterHolder _holder; // written by the holder only, under the semaphore's ordering
    private int _overlaps;
    private int _checkpointHolds;
    private Action? _closeWhenReleased; // set by a closing pool whose wait for the last holder ran out

    public WriterGate(SqliteConnectionPool pool, TimeSpan waitTimeout)
    {
        _pool = pool;
        _waitTimeout = waitTimeout;
    }

    /// <summary>
    /// Without the writer's WAL hook, the checkpointer that schedules checkpoints by time: told whenever a write or a
    /// batch gives the gate back (a write may have committed). Null when the WAL hook schedules them by size.
    /// </summary>
    internal BackgroundCheckpointer? CheckpointsByTime { get; set; }

    /// <summary>Who holds the gate now.</summary>
    internal WriterHolder Holder => _holder;

    /// <summary>True while somebody holds the gate (a commit of the writer's may be under way).</summary>
    internal bool IsHeld => _semaphore.CurrentCount == 0;

    /// <summary>True while the checkpointer waits for the gate (for tests).</summary>
    internal bool CheckpointWaits => _checkpointWaits;

    /// <summary>Times a taker got the gate while another was still recorded as holding it: always 0 (for tests).</summary>
    internal int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>Times the checkpointer held the gate for its completing pass (for tests).</summary>
    internal int CheckpointHolds => Volatile.Read(ref _checkpointHolds);

    /// <summary>Takes the gate for one caller's write, waiting up to <see cref="SqliteGenOptions.WriterWaitTimeout"/>.</summary>
    public void AcquireForWrite()
    {
        ThrowIfFlowHoldsWriter();
        ThrowIfClosed();
        if (!_semaphore.Wait(0))
        {
            // Only a wait is worth timing (nothing is measured on the uncontended path).
            long started = SqliteGenMetrics.PoolWait.Enabled ? Stopwatch.GetTimestamp() : 0;
            if (!_semaphore.Wait(_waitTimeout))
                throw WaitTimedOut();
            if (started != 0)
                SqliteGenMetrics.RecordPoolWait(_pool.FilePath, "writer", started);
        }
        GiveBackIfClosed();
        Took(WriterHolder.Write);
    }

    /// <inheritdoc cref="AcquireForWrite"/>
    public async ValueTask AcquireForWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        ThrowIfFlowHoldsWriter();
        if (!_semaphore.Wait(0))
        {
            long started = SqliteGenMetrics.PoolWait.Enabled ? Stopwatch.GetTimestamp() : 0;
            if (!await _semaphore.WaitAsync(_waitTimeout, cancellationToken).ConfigureAwait(false))
                throw WaitTimedOut();
            if (started != 0)
                SqliteGenMetrics.RecordPoolWait(_pool.FilePath, "writer", started);
        }
        GiveBackIfClosed();
        Took(WriterHolder.Write);
    }

    /// <summary>
    /// Takes the gate for one caller's write only if it is free right now and the checkpointer is not waiting for it
    /// (the group committer's run-alone path: refused, the write queues instead).
    /// </summary>
    public bool TryAcquireForWriteNow()
    {
        if (_closed || _checkpointWaits || !_semaphore.Wait(0))
            return false;
        Took(WriterHolder.Write);
        return true;
    }

    /// <summary>
    /// Takes the gate for a group-commit batch, waiting up to <see cref="SqliteGenOptions.WriterWaitTimeout"/>. No
    /// flow check: the drainer runs on a thread of its own, never inside a caller's write transaction.
    /// </summary>
    public void AcquireForBatch()
    {
        ThrowIfClosed();
        if (!_semaphore.Wait(_waitTimeout))
            throw WaitTimedOut();
        GiveBackIfClosed();
        Took(WriterHolder.Batch);
    }

    /// <summary>
    /// Takes the gate for the checkpointer's completing pass, waiting up to <paramref name="timeout"/>; false when the
    /// pool is closed or the wait ran out. While it waits, <see cref="TryAcquireForWriteNow"/> refuses.
    /// </summary>
    public bool TryAcquireForCheckpoint(TimeSpan timeout)
    {
        if (_closed)
            return false;
        _checkpointWaits = true;
        try
        {
            if (!_semaphore.Wait(timeout))
                return false;
        }
        finally
        {
            _checkpointWaits = false;
        }
        Took(WriterHolder.Checkpoint);
        Interlocked.Increment(ref _checkpointHolds);
        return true;
    }

    /// <summary>Gives the gate back, whoever holds it; after a write or a batch, tells <see cref="CheckpointsByTime"/>.</summary>
    public void Release()
    {
        WriterHolder was = _holder;
        _holder = WriterHolder.None;
        _semaphore.Release();
        if (was is WriterHolder.Write or WriterHolder.Batch)
            CheckpointsByTime?.NoteWrite();
        if (_closed)
            TryRunClose();
    }

    /// <summary>
    /// After <see cref="WaitForLastHolder"/> ran out: the holder (a write transaction left open past the pool's close)
    /// still uses the writer, so <paramref name="close"/> runs once the gate is free, on whichever thread finds it so
    /// (this one now, or the holder's as it gives the gate back), holding the gate: never beside the holder's use.
    /// </summary>
    public void CloseWhenReleased(Action close)
    {
        Volatile.Write(ref _closeWhenReleased, close);
        TryRunClose();
    }

    private void TryRunClose()
    {
        if (Volatile.Read(ref _closeWhenReleased) is null || !_semaphore.Wait(0))
            return;
        Took(WriterHolder.Closing);
        try
        {
            Interlocked.Exchange(ref _closeWhenReleased, null)?.Invoke();
        }
        finally
        {
            _holder = WriterHolder.None;
            _semaphore.Release();
        }
    }

    /// <summary>From now on every taker is refused (<see cref="ObjectDisposedException"/>; the checkpointer gets false).</summary>
    public void Close() => _closed = true;

    /// <summary>
    /// After <see cref="Close"/>: waits up to <see cref="SqliteGenOptions.WriterWaitTimeout"/> for the holder (a write
    /// in flight) to give the gate back. True when the caller now holds it and must <see cref="Release"/> it once the
    /// writer connection is closed.
    /// </summary>
    public bool WaitForLastHolder()
    {
        if (!_semaphore.Wait(_waitTimeout))
            return false;
        Took(WriterHolder.Closing);
        return true;
    }

    private void Took(WriterHolder holder)
    {
        if (_holder != WriterHolder.None)
            Interlocked.Increment(ref _overlaps);
        _holder = holder;
    }

    /// <summary>The pool closed while we waited for the gate: give it back and say so.</summary>
    private void GiveBackIfClosed()
    {
        if (_closed)
        {
            _semaphore.Release();
            TryRunClose();
            ThrowIfClosed();
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
            throw new ObjectDisposedException(nameof(SqliteConnectionPool), $"The database '{_pool.FilePath}' has been closed.");
    }

    /// <summary>
    /// Waiting for the writer while this same flow holds it (in a write transaction) would wait forever:
    /// say what to do instead.
    /// </summary>
    internal void ThrowIfFlowHoldsWriter()
    {
        if (WriteTransaction.Current is { IsActive: true } open && ReferenceEquals(open.Pool, _pool))
            throw new InvalidOperationException($"This code runs inside a write transaction on '{_pool.FilePath}' and asked for a second one. Use the transaction's tables (tx.Users, not db.Users) inside Write/BeginWrite.");
    }

    private SqliteGenException WaitTimedOut()
    {
        Log.WriterWaitTimedOut(_pool.Log.Pool, _pool.FilePath, _waitTimeout.TotalSeconds);
        return new($"Waited {_waitTimeout.TotalSeconds:0.#} s for the writer of '{_pool.FilePath}' without getting it: another write transaction is still open. Keep write transactions short, and dispose every BeginWrite().");
    }
}

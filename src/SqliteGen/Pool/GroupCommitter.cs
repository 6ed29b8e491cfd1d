using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// Group commit for the pool's single writer. A write that finds the writer idle runs at once, alone,
/// in autocommit: the uncontended path costs what it did without a queue. Writes that arrive while
/// another is running queue here; the caller that holds the writer (the leader) then runs its own write
/// and every queued one in one transaction, each inside its own SAVEPOINT, so one write's failure undoes
/// only that write. The callers are told their results only after COMMIT, so an acknowledged write is a
/// committed one. The leader then hands the writer to the first caller still queued, which leads the
/// next batch; no caller waits for more than its own batch and the one before it.
/// </summary>
/// <remarks>
/// One commit per batch instead of one per write is where the throughput comes from (a commit is a WAL
/// append and, with synchronous=FULL, an fsync). Explicit write transactions (<c>BeginWrite</c>) take
/// the same writer gate and are not batched; a leader simply waits for them like any writer.
/// </remarks>
internal sealed class GroupCommitter
{
    private readonly SqliteConnectionPool _pool;
    private readonly int _maxBatch;
    private readonly object _gate = new();
    private readonly Queue<WriteRequest> _queued = new();
    private bool _leaderActive; // guarded by _gate: someone holds or is acquiring the writer for the queue

    public GroupCommitter(SqliteConnectionPool pool, int maxBatch)
    {
        _pool = pool;
        _maxBatch = maxBatch;
    }

    public TResult Write<TState, TResult>(TState state, WriteOperation<TState, TResult> operation)
    {
        WriteRequest<TState, TResult>? request = Enqueue(state, operation, isAsync: false, default);
        if (request is not null && !request.Wait())
            return request.GetResult(); // another leader ran and committed it

        List<WriteRequest>? batch = null;
        bool holdsWriter = false;
        try
        {
            _pool.AcquireWriter();
            holdsWriter = true;
            return RunAsLeader(state, operation, request, ref batch);
        }
        finally
        {
            Finish(holdsWriter, batch);
        }
    }

    public async ValueTask<TResult> WriteAsync<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WriteRequest<TState, TResult>? request = Enqueue(state, operation, isAsync: true, cancellationToken);
        if (request is not null && !await request.WaitAsync().ConfigureAwait(false))
            return request.GetResult();

        List<WriteRequest>? batch = null;
        bool holdsWriter = false;
        try
        {
            await _pool.AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
            holdsWriter = true;
            return RunAsLeader(state, operation, request, ref batch);
        }
        finally
        {
            Finish(holdsWriter, batch);
        }
    }

    /// <summary>Writes waiting for a leader (for tests and diagnostics).</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_gate)
                return _queued.Count(request => request.IsQueued);
        }
    }

    /// <summary>Null when the caller leads (the queue was idle); otherwise its queued request.</summary>
    private WriteRequest<TState, TResult>? Enqueue<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, bool isAsync, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_leaderActive)
            {
                _leaderActive = true;
                return null;
            }
            var request = new WriteRequest<TState, TResult>(state, operation, isAsync, cancellationToken);
            _queued.Enqueue(request);
            return request;
        }
    }

    private TResult RunAsLeader<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, WriteRequest<TState, TResult>? own, ref List<WriteRequest>? batch)
    {
        batch = TakeQueued();
        if (batch is null)
            return operation(_pool.Writer, state); // alone: autocommit, exactly as without a queue

        own ??= new WriteRequest<TState, TResult>(state, operation, isAsync: false);
        batch.Insert(0, own);
        RunBatch(batch);
        return own.GetResult();
    }

    /// <summary>Up to a batch's worth of queued writes their callers have not canceled; null when none.</summary>
    private List<WriteRequest>? TakeQueued()
    {
        lock (_gate)
        {
            List<WriteRequest>? batch = null;
            while (_queued.Count > 0 && (batch?.Count ?? 0) < _maxBatch - 1)
            {
                WriteRequest next = _queued.Dequeue();
                if (next.TryTake())
                    (batch ??= new List<WriteRequest>(Math.Min(_queued.Count + 1, _maxBatch))).Add(next);
            }
            return batch;
        }
    }

    /// <summary>Runs every write of the batch in one transaction, each in its own savepoint, and commits.</summary>
    private void RunBatch(List<WriteRequest> batch)
    {
        PooledConnection writer = _pool.Writer;
        SqliteGenException? rolledBack = null;
        try
        {
            using WriteScope transaction = WriteScope.Begin(writer);
            foreach (WriteRequest request in batch)
            {
                try
                {
                    using WriteScope savepoint = WriteScope.Begin(writer);
                    request.Run(writer);
                    savepoint.Commit();
                }
                catch (Exception error)
                {
                    request.Fail(error);
                    // Some errors (disk full, I/O, interrupt) make SQLite roll back the whole transaction:
                    // the writes before this one are gone with it, and the batch cannot go on.
                    if (SQLitePCL.raw.sqlite3_get_autocommit(writer.Connection.Handle) != 0)
                    {
                        rolledBack = new SqliteGenException($"The write was not saved: another write queued for '{_pool.FilePath}' in the same group commit failed and SQLite rolled the whole transaction back ({error.Message}).", error);
                        throw rolledBack;
                    }
                }
            }
            transaction.Commit();
            SqliteGenMetrics.RecordGroupCommit(_pool.FilePath, batch.Count);
        }
        catch (Exception error)
        {
            // Nothing of this batch is saved. A write that failed on its own keeps its own error; every
            // other one (succeeded, or never ran) learns why it was not saved.
            Exception notSaved = rolledBack ?? new SqliteGenException($"The write was not saved: it was queued for '{_pool.FilePath}' with other writes, and their common transaction failed: {error.Message}", error);
            foreach (WriteRequest request in batch)
            {
                if (!request.Failed)
                    request.Fail(notSaved);
            }
        }
    }

    /// <summary>
    /// Tells the batch's callers their results, then passes the lead on: to the first queued caller blocked
    /// in a synchronous call, which already has its thread. Awaiting callers need a thread-pool thread to
    /// resume, and when synchronous callers occupy the pool waiting on this very queue, handing the lead to
    /// an awaiting caller would stall everyone until the pool grows; so while only awaiting callers are
    /// queued, this leader serves them itself for up to <see cref="MaxServedBatches"/> more batches (a
    /// bound on how long its own caller waits), and only then hands the lead to one of them.
    /// </summary>
    private void Finish(bool holdsWriter, List<WriteRequest>? batch)
    {
        SignalCompleted(batch, from: 1); // batch[0] is the leader's own write: it returns from the leader's call
        WriteRequest? next = null;
        for (int served = 0; ; served++)
        {
            List<WriteRequest>? more = null;
            lock (_gate)
            {
                next = TakeFirst(synchronousOnly: true);
                if (next is null && holdsWriter && served < MaxServedBatches)
                    more = TakeQueued();
                if (next is null && more is null)
                {
                    next = TakeFirst(synchronousOnly: false);
                    _leaderActive = next is not null;
                }
            }
            if (more is null)
                break;
            RunBatch(more);
            SignalCompleted(more, from: 0);
        }
        if (holdsWriter)
            _pool.ReleaseWriter();
        next?.Signal(promoted: true);
    }

    private const int MaxServedBatches = 4;

    /// <summary>The first queued request (of a synchronous caller, if asked), taken in place; the dequeue loops skip taken ones.</summary>
    private WriteRequest? TakeFirst(bool synchronousOnly)
    {
        foreach (WriteRequest candidate in _queued)
        {
            if ((!synchronousOnly || !candidate.IsAsync) && candidate.TryTake())
                return candidate;
        }
        return null;
    }

    private static void SignalCompleted(List<WriteRequest>? batch, int from)
    {
        if (batch is null)
            return;
        for (int i = from; i < batch.Count; i++)
            batch[i].Signal(promoted: false);
    }
}

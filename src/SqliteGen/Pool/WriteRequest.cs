using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// A write waiting in the <see cref="GroupCommitter"/>'s queue. The caller that queued it waits until the
/// committer's drainer has run it and committed (or failed) its batch; the result or error is then here.
/// </summary>
internal abstract class WriteRequest
{
    private const int Queued = 0, Taken = 1, Canceled = 2;

    private readonly TaskCompletionSource<bool>? _asyncSignal;
    private readonly CancellationToken _cancellationToken;
    private int _state;
    private bool _signaled; // sync waiters, guarded by lock (this)

    protected WriteRequest(bool isAsync, CancellationToken cancellationToken)
    {
        if (isAsync)
            _asyncSignal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cancellationToken = cancellationToken;
        // Only when someone listens: the time this write waits in the queue is its wait for the writer.
        QueuedAt = SqliteGenMetrics.PoolWait.Enabled ? Stopwatch.GetTimestamp() : 0;
    }

    /// <summary>When the write was queued (<c>Stopwatch</c> ticks), or 0 when <c>sqlitegen.pool.wait</c> had no listener.</summary>
    public long QueuedAt { get; }

    /// <summary>The error this write ended with, if any.</summary>
    protected Exception? Error { get; private set; }

    /// <summary>True once an error is recorded for this write.</summary>
    public bool Failed => Error is not null;

    /// <summary>True once the write ran without error (it is saved only when its batch commits).</summary>
    public bool Succeeded { get; protected set; }

    /// <summary>True while no leader has taken it and its caller has not canceled it.</summary>
    public bool IsQueued => Volatile.Read(ref _state) == Queued;

    /// <summary>Claims the request for running (or for leading); false when its caller canceled it.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Runs the write on <paramref name="connection"/>, keeping its result; throws its error.</summary>
    public abstract void Run(PooledConnection connection);

    /// <summary>Records why this write is not saved (replacing a result it may have had).</summary>
    public void Fail(Exception error)
    {
        Error = error;
        Succeeded = false;
    }

    /// <summary>Wakes the waiting caller: its write is done (committed, or failed).</summary>
    public void Signal()
    {
        if (_asyncSignal is not null)
        {
            _asyncSignal.TrySetResult(true);
            return;
        }
        lock (this)
        {
            _signaled = true;
            Monitor.Pulse(this);
        }
    }

    /// <summary>Blocks until signaled.</summary>
    public void Wait()
    {
        lock (this)
        {
            while (!_signaled)
                Monitor.Wait(this);
        }
    }

    /// <summary>Waits until signaled, or canceled while still queued.</summary>
    public async ValueTask WaitAsync()
    {
        using (_cancellationToken.UnsafeRegister(static request => ((WriteRequest)request!).CancelIfQueued(), this))
            await _asyncSignal!.Task.ConfigureAwait(false);
    }

    private void CancelIfQueued()
    {
        // Once a leader has taken the write it runs to the end: it may already be committed.
        if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
            _asyncSignal!.TrySetCanceled(_cancellationToken);
    }

    protected void ThrowIfFailed()
    {
        if (Error is not null)
            ExceptionDispatchInfo.Capture(Error).Throw();
    }
}

/// <summary>A queued write with its state, operation and result.</summary>
internal sealed class WriteRequest<TState, TResult> : WriteRequest
{
    private readonly TState _state;
    private readonly WriteOperation<TState, TResult> _operation;
    private TResult _result = default!;

    public WriteRequest(TState state, WriteOperation<TState, TResult> operation, bool isAsync, CancellationToken cancellationToken = default)
        : base(isAsync, cancellationToken)
    {
        _state = state;
        _operation = operation;
    }

    public override void Run(PooledConnection connection)
    {
        _result = _operation(connection, _state);
        Succeeded = true;
    }

    /// <summary>The write's result, or its error thrown with the original stack trace.</summary>
    public TResult GetResult()
    {
        ThrowIfFailed();
        return _result;
    }
}

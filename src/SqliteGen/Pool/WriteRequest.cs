using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// A write waiting in the <see cref="GroupCommitter"/>'s queue. The caller that queued it waits until
/// either the current leader has run and committed it (the result or error is then here), or the leader
/// hands the writer over and this caller becomes the next leader.
/// </summary>
internal abstract class WriteRequest
{
    private const int Queued = 0, Taken = 1, Canceled = 2;

    private readonly TaskCompletionSource<bool>? _asyncSignal; // result: true = promoted to leader
    private readonly CancellationToken _cancellationToken;
    private int _state;
    private bool _signaled, _promoted; // sync waiters, guarded by lock (this)

    protected WriteRequest(bool isAsync, CancellationToken cancellationToken)
    {
        if (isAsync)
            _asyncSignal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cancellationToken = cancellationToken;
    }

    /// <summary>True when the caller awaits (its continuation needs a thread-pool thread to run).</summary>
    public bool IsAsync => _asyncSignal is not null;

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

    /// <summary>Wakes the waiting caller: done, or (<paramref name="promoted"/>) its turn to lead.</summary>
    public void Signal(bool promoted)
    {
        if (_asyncSignal is not null)
        {
            _asyncSignal.TrySetResult(promoted);
            return;
        }
        lock (this)
        {
            _promoted = promoted;
            _signaled = true;
            Monitor.Pulse(this);
        }
    }

    /// <summary>Blocks until signaled; true when promoted to leader.</summary>
    public bool Wait()
    {
        lock (this)
        {
            while (!_signaled)
                Monitor.Wait(this);
            return _promoted;
        }
    }

    /// <summary>Waits until signaled or canceled (only while still queued); true when promoted to leader.</summary>
    public async ValueTask<bool> WaitAsync()
    {
        using (_cancellationToken.UnsafeRegister(static request => ((WriteRequest)request!).CancelIfQueued(), this))
            return await _asyncSignal!.Task.ConfigureAwait(false);
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

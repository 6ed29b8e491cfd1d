using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// The door every read of a pool goes through, which the background checkpointer shuts for a moment when the WAL has
/// grown past <see cref="SqliteGenOptions.WalSizeLimitBytes"/>: new reads wait at it (they never fail), reads already
/// inside finish, and once none is left no reader of this pool is in the WAL, so a RESTART checkpoint can start the WAL
/// again from its beginning (docs/design.md, "The WAL bound").
/// </summary>
/// <remarks>
/// <para>Open, a read pays two interlocked operations (in and out). The count of reads inside and the closed flag are
/// each written with a full fence and then the other read (a read increments, then looks at the flag; the closer sets the
/// flag, then looks at the count), so either the read sees the gate shut and waits, or the closer sees it inside and
/// waits for it to leave.</para>
/// <para>A flow that holds this pool's writer in a write transaction (<see cref="WriteTransaction.Current"/>) passes a
/// shut gate: the checkpointer needs that writer next, so a read waiting for the gate there would wait for itself.
/// Every wait of the closer's is bounded: a read inside that does not leave (a flow reading with two leases at once, one
/// of them waiting here) only makes this attempt give up, open the gate and leave the restart to a later one.</para>
/// </remarks>
internal sealed class ReaderGate
{
    private readonly object _sync = new();
    private readonly SqliteConnectionPool _pool;
    private int _inside;
    private TaskCompletionSource? _shut; // non-null while the gate is shut; completed when it opens

    public ReaderGate(SqliteConnectionPool pool) => _pool = pool;

    /// <summary>True while the gate is shut (for tests).</summary>
    internal bool IsShut => Volatile.Read(ref _shut) is not null;

    /// <summary>Reads waiting at the shut gate so far (for tests).</summary>
    internal int Waits => Volatile.Read(ref _waits);

    private int _waits;

    /// <summary>Lets a read in, waiting while the gate is shut. Pair with <see cref="Leave"/>.</summary>
    public void Enter()
    {
        while (TryEnter() is { } shut)
            shut.Task.Wait();
    }

    /// <inheritdoc cref="Enter"/>
    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? shut = TryEnter();
        return shut is null ? default : WaitAndEnterAsync(shut, cancellationToken);
    }

    private async ValueTask WaitAndEnterAsync(TaskCompletionSource? shut, CancellationToken cancellationToken)
    {
        while (shut is not null)
        {
            await shut.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            shut = TryEnter();
        }
    }

    /// <summary>In (null), or the gate to wait for, shut.</summary>
    private TaskCompletionSource? TryEnter()
    {
        Interlocked.Increment(ref _inside);
        TaskCompletionSource? shut = Volatile.Read(ref _shut);
        if (shut is null || FlowHoldsWriter())
            return null;
        Leave();
        Interlocked.Increment(ref _waits);
        return shut;
    }

    /// <summary>A read that entered is done (its reader is back, or renting it failed).</summary>
    public void Leave()
    {
        if (Interlocked.Decrement(ref _inside) == 0 && Volatile.Read(ref _shut) is not null)
        {
            lock (_sync)
                Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// Shuts the gate and waits up to <paramref name="timeout"/> for the reads inside to leave: true when none is left.
    /// The gate stays shut either way until <see cref="Open"/>.
    /// </summary>
    public bool ShutAndDrain(TimeSpan timeout)
    {
        Interlocked.Exchange(ref _shut, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_sync)
        {
            while (Volatile.Read(ref _inside) != 0)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                    return false;
                Monitor.Wait(_sync, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
        }
        return true;
    }

    /// <summary>Opens the gate: the reads waiting at it go in.</summary>
    public void Open() => Interlocked.Exchange(ref _shut, null)?.TrySetResult();

    private bool FlowHoldsWriter() =>
        WriteTransaction.Current is { IsActive: true } open && ReferenceEquals(open.Pool, _pool);
}

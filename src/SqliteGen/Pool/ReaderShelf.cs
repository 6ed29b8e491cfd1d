using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// The pool's reader connections: at most <c>capacity</c> open, each rented or resting in one of as many places.
/// Taking a resting reader and putting it back are one compare-and-swap each, with no lock: the cost a read pays on
/// its way in and out. Only a renter that finds no reader resting and no room to open another waits, and the next
/// reader put back or closed wakes it.
/// </summary>
/// <remarks>
/// <para>Places are searched from the first, so the reader put back last into a low place is the next one handed out
/// (the most recently used: its pages and its kept snapshot are warm), and readers in higher places rest until the
/// pool's snapshot timer lets go of their snapshots.</para>
/// <para>A place counts against the capacity from <see cref="TryReserve"/> until <see cref="Release"/>, whatever
/// happens to the reader in it: the caller of <see cref="TryTake"/> or <see cref="TryReserve"/> holds one place, and
/// keeps it while it closes a reader and opens another in its stead (<see cref="Forget"/>, <see cref="Opened"/>).
/// Since a place is held by at most one reader, a reader being put back always finds a free one.</para>
/// <para>No wake-up is lost: a waiter counts itself in <see cref="_waiting"/> and then looks for a reader once more;
/// <see cref="Put"/> puts its reader in place and then looks at <see cref="_waiting"/>. Both are interlocked
/// operations (full fences), so either the waiter finds the reader or the putter sees the waiter and wakes it. A
/// waiter looks again after every wake-up, so a wake-up it did not need only costs it one more look.</para>
/// </remarks>
internal sealed class ReaderShelf
{
    private readonly PooledConnection?[] _resting;
    private readonly List<PooledConnection> _open = new(); // every reader open, resting or rented; under its own lock
    private readonly SemaphoreSlim _wake = new(0);
    private int _places;  // places held: readers open, and places reserved to open one in
    private int _waiting; // renters waiting for a place

    public ReaderShelf(int capacity) => _resting = new PooledConnection?[capacity];

    /// <summary>A resting reader, taken with its place; null when none is resting.</summary>
    public PooledConnection? TryTake()
    {
        PooledConnection?[] resting = _resting;
        for (int i = 0; i < resting.Length; i++)
        {
            if (Volatile.Read(ref resting[i]) is { } reader && Interlocked.CompareExchange(ref resting[i], null, reader) == reader)
                return reader;
        }
        return null;
    }

    /// <summary>
    /// The resting reader in place <paramref name="place"/> when <paramref name="take"/> says so, taken with its place
    /// (the snapshot timer's way through the resting readers); null otherwise.
    /// </summary>
    public PooledConnection? TryTakeAt<TState>(int place, System.Func<PooledConnection, TState, bool> take, TState state)
    {
        if (Volatile.Read(ref _resting[place]) is { } reader && take(reader, state)
            && Interlocked.CompareExchange(ref _resting[place], null, reader) == reader)
            return reader;
        return null;
    }

    /// <summary>How many places there are (the pool's <see cref="SqliteGenOptions.MaxReaders"/>).</summary>
    public int Capacity => _resting.Length;

    /// <summary>Reserves a place to open a new reader in: false when every place is held.</summary>
    public bool TryReserve()
    {
        int places = Volatile.Read(ref _places);
        while (places < _resting.Length)
        {
            int seen = Interlocked.CompareExchange(ref _places, places + 1, places);
            if (seen == places)
                return true;
            places = seen;
        }
        return false;
    }

    /// <summary>
    /// A place now: true with a resting reader taken with its place, or with null for a place reserved to open a reader
    /// in; false when every place is held by a rented reader.
    /// </summary>
    public bool TryPlace(out PooledConnection? reader)
    {
        reader = TryTake();
        return reader is not null || TryReserve();
    }

    /// <summary>Waits for a place (see <see cref="TryPlace"/>): a resting reader with its place, or null for a reserved one.</summary>
    public PooledConnection? Wait()
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            PooledConnection? reader;
            while (!TryPlace(out reader))
                _wake.Wait();
            return reader;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <inheritdoc cref="Wait"/>
    public async ValueTask<PooledConnection?> WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            PooledConnection? reader;
            while (!TryPlace(out reader))
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>A reader opened in a place its caller holds: counted among the open ones.</summary>
    public void Opened(PooledConnection reader)
    {
        lock (_open)
            _open.Add(reader);
    }

    /// <summary>Puts a reader back to rest in a free place (its own place goes with it), and wakes a waiter if any.</summary>
    public void Put(PooledConnection reader)
    {
        PooledConnection?[] resting = _resting;
        while (true)
        {
            for (int i = 0; i < resting.Length; i++)
            {
                if (Volatile.Read(ref resting[i]) is null && Interlocked.CompareExchange(ref resting[i], reader, null) is null)
                {
                    Wake();
                    return;
                }
            }
        }
    }

    /// <summary>A reader its caller closes (or has closed) no longer counts as open; its place stays held.</summary>
    public void Forget(PooledConnection reader)
    {
        lock (_open)
            _open.Remove(reader);
    }

    /// <summary>Gives up a place its caller holds with no reader in it (closed, or never opened), and wakes a waiter if any.</summary>
    public void Release()
    {
        Interlocked.Decrement(ref _places);
        Wake();
    }

    private void Wake()
    {
        // After the interlocked operation that made a place free: a waiter counted now looks again after this.
        // A wake-up still pending serves as well as a new one (its waiter looks again too).
        if (Volatile.Read(ref _waiting) > _wake.CurrentCount)
            _wake.Release();
    }

    /// <summary>Takes every resting reader out of its place and closes it (the pool closing).</summary>
    public void CloseResting()
    {
        for (int i = 0; i < _resting.Length; i++)
        {
            if (Interlocked.Exchange(ref _resting[i], null) is { } reader)
            {
                Forget(reader);
                reader.Dispose();
                Release();
            }
        }
    }

    /// <summary>Readers open now, resting or rented.</summary>
    public int OpenCount
    {
        get
        {
            lock (_open)
                return _open.Count;
        }
    }

    /// <summary>The sum of <paramref name="count"/> over the open readers (for tests).</summary>
    public long Sum(System.Func<PooledConnection, long> count)
    {
        lock (_open)
        {
            long total = 0;
            foreach (PooledConnection reader in _open)
                total += count(reader);
            return total;
        }
    }
}

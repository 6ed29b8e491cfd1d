using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// The open tenant databases of one root folder: at most <see cref="Capacity"/> pools stay open, the
/// least recently used idle one is closed when another is needed, and a pool in use is never closed
/// under its user (it closes when its last lease ends, if it was evicted meanwhile). With 10,000
/// tenants, open files and memory stay bounded by the capacity, not by the tenant count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TenantPoolCache : IDisposable
{
    private readonly string _rootFolder;
    private readonly Func<string, string, SqliteConnectionPool> _open;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _idle = new(); // least recently used first; only entries with no lease
    private bool _disposed;

    /// <param name="rootFolder">The folder that holds one file per tenant (created if missing).</param>
    /// <param name="capacity">How many tenant pools may stay open at once.</param>
    /// <param name="open">Opens (creating and migrating as needed) the pool for a tenant: (file path, tenant id).</param>
    public TenantPoolCache(string rootFolder, int capacity, Func<string, string, SqliteConnectionPool> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one tenant database must be allowed open.");
        _rootFolder = System.IO.Path.GetFullPath(rootFolder);
        Capacity = capacity;
        _open = open ?? throw new ArgumentNullException(nameof(open));
    }

    /// <summary>Where evictions are logged (the base database's loggers).</summary>
    internal SqliteGenLog Log { get; init; } = SqliteGenLog.None;

    /// <summary>The most pools kept open when idle.</summary>
    public int Capacity { get; }

    /// <summary>Pools open right now (in use or idle).</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>
    /// The pool of <paramref name="tenantId"/>, opened on first use; dispose the lease when done. The id is
    /// validated (<see cref="TenantFiles"/>) before any file is touched.
    /// </summary>
    public TenantLease Rent(string tenantId)
    {
        string path = TenantFiles.GetPath(_rootFolder, tenantId);
        Entry entry;
        List<SqliteConnectionPool>? evicted;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(tenantId, out entry!))
            {
                if (entry.Leases++ == 0)
                    _idle.Remove(entry.IdleNode);
            }
            else
            {
                entry = new Entry(tenantId, path, _open);
                entry.Leases = 1;
                _entries.Add(tenantId, entry);
            }
            evicted = EvictOverCapacity();
        }
        Close(evicted, Log, Capacity);

        try
        {
            return new TenantLease(this, entry, entry.Pool.Value);
        }
        catch
        {
            // Opening failed: forget the entry so the next call tries again, and report this one.
            lock (_gate)
            {
                entry.Leases--;
                if (_entries.TryGetValue(tenantId, out Entry? current) && ReferenceEquals(current, entry))
                    _entries.Remove(tenantId);
            }
            throw;
        }
    }

    internal void Return(Entry entry)
    {
        List<SqliteConnectionPool>? evicted = null;
        lock (_gate)
        {
            if (--entry.Leases > 0)
                return;
            if (_disposed || !_entries.ContainsKey(entry.TenantId))
            {
                (evicted ??= new()).Add(entry.Pool.Value); // evicted while in use: close now
            }
            else
            {
                _idle.AddLast(entry.IdleNode);
                evicted = EvictOverCapacity();
            }
        }
        Close(evicted, Log, Capacity);
    }

    /// <summary>Takes idle pools out, least recently used first, until the open count fits the capacity (under _gate).</summary>
    private List<SqliteConnectionPool>? EvictOverCapacity()
    {
        List<SqliteConnectionPool>? evicted = null;
        while (_entries.Count > Capacity && _idle.First is { } oldest)
        {
            _idle.RemoveFirst();
            _entries.Remove(oldest.Value.TenantId);
            if (oldest.Value.Pool.IsValueCreated)
                (evicted ??= new()).Add(oldest.Value.Pool.Value);
        }
        return evicted;
    }

    // Closing a pool checkpoints its WAL: done outside the lock so other tenants are not held up.
    private static void Close(List<SqliteConnectionPool>? pools, SqliteGenLog log, int capacity)
    {
        if (pools is null)
            return;
        foreach (SqliteConnectionPool pool in pools)
        {
            Runtime.Log.TenantEvicted(log.Tenancy, pool.FilePath, capacity);
            pool.Dispose();
        }
    }

    /// <summary>Closes every idle pool; pools in use close when their leases end.</summary>
    public void Dispose()
    {
        List<SqliteConnectionPool> idle = new();
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (Entry entry in _idle)
            {
                if (entry.Pool.IsValueCreated)
                    idle.Add(entry.Pool.Value);
                _entries.Remove(entry.TenantId);
            }
            _idle.Clear();
        }
        foreach (SqliteConnectionPool pool in idle)
            pool.Dispose();
    }

    internal sealed class Entry
    {
        public Entry(string tenantId, string path, Func<string, string, SqliteConnectionPool> open)
        {
            TenantId = tenantId;
            Pool = new Lazy<SqliteConnectionPool>(() => open(path, tenantId), LazyThreadSafetyMode.ExecutionAndPublication);
            IdleNode = new LinkedListNode<Entry>(this);
        }

        public string TenantId { get; }
        public Lazy<SqliteConnectionPool> Pool { get; }
        public LinkedListNode<Entry> IdleNode { get; }
        public int Leases; // guarded by the cache's _gate
    }
}

/// <summary>A tenant's pool, borrowed from a <see cref="TenantPoolCache"/>; dispose it to give it back.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TenantLease : IDisposable
{
    private readonly TenantPoolCache _cache;
    private readonly TenantPoolCache.Entry _entry;

    internal TenantLease(TenantPoolCache cache, TenantPoolCache.Entry entry, SqliteConnectionPool pool)
    {
        _cache = cache;
        _entry = entry;
        Pool = pool;
    }

    /// <summary>The tenant's pool.</summary>
    public SqliteConnectionPool Pool { get; }

    /// <summary>The tenant id.</summary>
    public string TenantId => _entry.TenantId;

    /// <summary>Gives the pool back (it may close, if it is the least recently used beyond capacity).</summary>
    public void Dispose() => _cache?.Return(_entry);
}

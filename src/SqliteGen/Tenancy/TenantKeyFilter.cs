using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// The keys one tenant's file holds in one layered table, kept in memory so that a layered read can skip the
/// tenant lookup when the tenant has no such row (the common case: most reads fall back to the base). Without it a
/// fallback costs two statements and two read transactions; with it, about one.
/// </summary>
/// <remarks>
/// <para>
/// The set is exact for the wal-index stamp read just before its keys were read (<see cref="WalIndexHeader"/>), and
/// used only while the file's stamp is unchanged, so a commit by anyone (this pool, a write transaction, another
/// process) retires it before the next read. A retired set is rebuilt once enough reads have paid the full lookup to
/// amortise reading the keys (reads after each write of a busy tenant do not each re-read the table). Until then,
/// and whenever the stamp cannot be read, <see cref="MayContain"/> answers true and the caller looks the key up.
/// </para>
/// <para>
/// A table with more than <see cref="MaxKeys"/> rows in the tenant's file gets no set (the memory would grow with
/// the tenant; lookups then work as without the filter). One set per table per open tenant file, dropped with it.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TenantKeyFilter<TKey> where TKey : notnull
{
    /// <summary>The most keys kept for one table of one tenant file.</summary>
    public const int MaxKeys = 10_000;

    /// <summary>A filter that never rules a key out: for sources whose writes the stamp does not show yet (a write transaction).</summary>
    private static readonly TenantKeyFilter<TKey> s_lookUpAlways = new(null, null!, null!);

    private readonly SqliteConnectionPool? _pool;
    private readonly Statement _readKeys;
    private readonly Func<StatementRunner, TKey> _readKey;
    private readonly object _rebuildGate = new();
    private Snapshot? _current;
    private int _lookupsSinceChange;
    private int _lastCount;
    private volatile bool _tooLarge;

    private TenantKeyFilter(SqliteConnectionPool? pool, Statement readKeys, Func<StatementRunner, TKey> readKey)
    {
        _pool = pool;
        _readKeys = readKeys;
        _readKey = readKey;
    }

    /// <summary>
    /// The filter of table <paramref name="table"/> in the tenant file behind <paramref name="tenant"/>: shared by
    /// every view of that file while it is open. For a write transaction, one that always says "look it up" (its
    /// own uncommitted rows are not in any stamp).
    /// </summary>
    /// <param name="tenant">The tenant's pool, or a write transaction on it.</param>
    /// <param name="table">The table name (one filter per table).</param>
    /// <param name="readKeys">Selects the key column(s) of every row: <c>SELECT key FROM table</c>.</param>
    /// <param name="readKey">Reads a key from a row of <paramref name="readKeys"/>.</param>
    public static TenantKeyFilter<TKey> For(ConnectionSource tenant, string table, Statement readKeys, Func<StatementRunner, TKey> readKey)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant is not SqliteConnectionPool pool)
            return s_lookUpAlways;
        ConcurrentDictionary<string, object> filters = TenantKeyFilters.Of(pool);
        return (TenantKeyFilter<TKey>)filters.GetOrAdd(table, static (_, state) => new TenantKeyFilter<TKey>(state.pool, state.readKeys, state.readKey), (pool, readKeys, readKey));
    }

    /// <summary>
    /// False only when the tenant's file certainly has no row with <paramref name="key"/> right now; true when it has
    /// one, or when that is not known (then look it up).
    /// </summary>
    public bool MayContain(TKey key)
    {
        if (_pool is null || _tooLarge || !_pool.TryReadChangeStamp(out WalStamp stamp))
            return true;
        Snapshot? snapshot = Volatile.Read(ref _current);
        if (snapshot is not null && snapshot.Stamp == stamp)
            return snapshot.Keys.Contains(key);
        // Retired (or never built): this read looks the key up; rebuild once the lookups paid since the change
        // are worth about one read of the keys (a key costs far less to read than a lookup: 1/16 is conservative).
        if (Interlocked.Increment(ref _lookupsSinceChange) * 16L >= Volatile.Read(ref _lastCount))
            snapshot = Rebuild(stamp);
        return snapshot is null || snapshot.Stamp != stamp || snapshot.Keys.Contains(key);
    }

    /// <summary>Reads the keys as of <paramref name="stamp"/> (or later: then the next read sees a newer stamp and retires it).</summary>
    private Snapshot? Rebuild(WalStamp stamp)
    {
        if (!Monitor.TryEnter(_rebuildGate))
            return null; // another reader is at it; this one looks the key up
        try
        {
            if (Volatile.Read(ref _current) is { } current && current.Stamp == stamp)
                return current;
            var keys = new HashSet<TKey>();
            using (ConnectionLease lease = _pool!.RentReader())
            using (StatementRunner row = lease.Connection.Rent(_readKeys))
            {
                while (row.Step())
                {
                    if (keys.Count == MaxKeys)
                    {
                        _tooLarge = true;
                        Volatile.Write(ref _current, null);
                        return null;
                    }
                    keys.Add(_readKey(row));
                }
            }
            var snapshot = new Snapshot(stamp, keys);
            Volatile.Write(ref _lastCount, keys.Count);
            Volatile.Write(ref _lookupsSinceChange, 0);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
        finally
        {
            Monitor.Exit(_rebuildGate);
        }
    }

    private sealed record Snapshot(WalStamp Stamp, HashSet<TKey> Keys);
}

/// <summary>The key filters of each open tenant pool, by table; they go when the pool is collected.</summary>
internal static class TenantKeyFilters
{
    private static readonly ConditionalWeakTable<SqliteConnectionPool, ConcurrentDictionary<string, object>> s_byPool = new();

    public static ConcurrentDictionary<string, object> Of(SqliteConnectionPool pool) =>
        s_byPool.GetValue(pool, static _ => new ConcurrentDictionary<string, object>(StringComparer.Ordinal));
}

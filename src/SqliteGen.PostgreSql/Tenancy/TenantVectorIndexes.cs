using System;
using System.Collections.Generic;
using System.Threading;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// The resident vector indexes of tenants' tables in this process, for one <see cref="TenantDirectory"/>
/// (docs/tenancy.md, "Vector search on a tenant's tables"): one per tenant location (server, schema and epoch), table and
/// vector column, each kept current from the change log of the tenant's schema as the database's are. At most
/// <see cref="Capacity"/> are kept (<see cref="TenantDirectoryOptions.MaxVectorIndexes"/>); the least recently searched
/// is dropped first, and its next search loads it again. A tenant's are dropped when the directory forgets its location
/// (<see cref="TenantDirectory.Invalidate"/>, which a move calls, and an operation that finds the tenant moved), and a
/// location names its epoch, so an index loaded on the tenant's old server is never searched for its new one.
/// </summary>
/// <remarks>
/// An index dropped while a search holds it is finished with by that search and then left to the garbage collector; the
/// next search makes a new one. Two searches that each made one meanwhile are each correct on their own. A search that
/// found the tenant before the directory forgot that place (a move came in between) and only then asks for its index
/// gets one of its own, never kept: only a place the directory holds now (its cache) enters the kept ones, checked under
/// the same lock <see cref="Drop"/> takes, so an index of a forgotten place cannot outlive the forgetting.
/// </remarks>
internal sealed class TenantVectorIndexes
{
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = new();
    private readonly LinkedList<Entry> _recent = new(); // most recently used first
    private readonly Func<TenantLocation, bool> _isCurrent;
    private int _loads;
    private int _evictions;

    /// <param name="capacity">The most indexes kept (<see cref="TenantDirectoryOptions.MaxVectorIndexes"/>, at least 1).</param>
    /// <param name="isCurrent">Whether a place is the one the directory holds for its tenant now (null: every place is).</param>
    public TenantVectorIndexes(int capacity, Func<TenantLocation, bool>? isCurrent = null)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(TenantDirectoryOptions.MaxVectorIndexes), capacity, "TenantDirectoryOptions.MaxVectorIndexes must be at least 1 (a search needs its index resident).");
        Capacity = capacity;
        _isCurrent = isCurrent ?? (_ => true);
    }

    /// <summary>The most indexes kept at once.</summary>
    public int Capacity { get; }

    /// <summary>How many are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>How many times a tenant's index was loaded whole (a first search, an evicted index searched again, a TRUNCATE).</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>How many indexes were dropped to stay within <see cref="Capacity"/>.</summary>
    public int Evictions => Volatile.Read(ref _evictions);

    /// <summary>
    /// The state kept under <paramref name="key"/> (made by <paramref name="create"/> when there is none), now the most
    /// recently used; the least recently used goes when there are more than <see cref="Capacity"/>. A place the directory
    /// no longer holds for the tenant gets a new state that is not kept (the caller's alone).
    /// </summary>
    public T GetOrAdd<T>(Key key, Func<T> create)
        where T : class
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return (T)node.Value.State;
            }
            if (!_isCurrent(key.Location))
                return create();
            node = _recent.AddFirst(new Entry(key, create()));
            _entries.Add(key, node);
            while (_entries.Count > Capacity)
            {
                LinkedListNode<Entry> last = _recent.Last!;
                _recent.RemoveLast();
                _entries.Remove(last.Value.Key);
                _evictions++;
            }
            return (T)node.Value.State;
        }
    }

    /// <summary>Drops every index of <paramref name="tenantId"/>, wherever it was loaded.</summary>
    public void Drop(string tenantId)
    {
        lock (_gate)
        {
            LinkedListNode<Entry>? node = _recent.First;
            while (node is not null)
            {
                LinkedListNode<Entry>? next = node.Next;
                if (string.Equals(node.Value.Key.Location.TenantId, tenantId, StringComparison.Ordinal))
                {
                    _recent.Remove(node);
                    _entries.Remove(node.Value.Key);
                }
                node = next;
            }
        }
    }

    /// <summary>Counts a whole load of one of these indexes.</summary>
    public void Loaded() => Interlocked.Increment(ref _loads);

    /// <summary>
    /// What an index is of: the tenant where it was found, the table, the vector column, and the table's key type (the
    /// state's type depends on it).
    /// </summary>
    public readonly record struct Key(TenantLocation Location, string Table, string Column, Type KeyType);

    private readonly record struct Entry(Key Key, object State);
}

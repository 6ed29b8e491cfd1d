using System;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// What features keep beside one pool (a table's vector-search state, the maintenance schedule and its history): one
/// object per type, created on first use, held by the pool and disposed when it closes, before its connections close.
/// The pool never looks inside them; <see cref="SqliteConnectionPool.Attachment{T}"/> is how a feature finds its own.
/// </summary>
/// <remarks>
/// Lookups read a copied-on-write array and take no lock: the generated code asks on every write to a table with
/// vectors. An attachment's <see cref="IDisposable.Dispose"/> runs once, with no lock held (it may wait for work of its
/// own that asks for another attachment), and must not throw. One asked for after the pool closed is created, not held,
/// and disposed at once: its users find the pool closed anyway.
/// </remarks>
internal sealed class PoolAttachments
{
    private readonly object _lock = new();
    private object[] _items = [];
    private bool _closed;

    /// <summary>The attachment of type <typeparamref name="T"/>, created by <paramref name="create"/> if there is none yet.</summary>
    public T GetOrAdd<T>(SqliteConnectionPool pool, Func<SqliteConnectionPool, T> create) where T : class
    {
        if (Find<T>(Volatile.Read(ref _items)) is { } found)
            return found;
        lock (_lock)
        {
            if (Find<T>(_items) is { } added)
                return added;
            if (!_closed)
            {
                T created = create(pool);
                _items = [.. _items, created];
                return created;
            }
        }
        T late = create(pool);
        (late as IDisposable)?.Dispose();
        return late;
    }

    /// <summary>Disposes every attachment, the last created first; they stay findable.</summary>
    public void Close()
    {
        object[] items;
        lock (_lock)
        {
            if (_closed)
                return;
            _closed = true;
            items = _items;
        }
        for (int i = items.Length - 1; i >= 0; i--)
            (items[i] as IDisposable)?.Dispose();
    }

    private static T? Find<T>(object[] items) where T : class
    {
        foreach (object item in items)
        {
            if (item is T match)
                return match;
        }
        return null;
    }
}

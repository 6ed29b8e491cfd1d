using System;
using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>
/// A connection borrowed from a <see cref="ConnectionSource"/>; disposing it gives the connection back.
/// A struct so that borrowing allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ConnectionLease : IDisposable
{
    private readonly ConnectionSource? _owner;

    internal ConnectionLease(PooledConnection connection, ConnectionSource? owner)
    {
        Connection = connection;
        _owner = owner;
    }

    /// <summary>The borrowed connection.</summary>
    public PooledConnection Connection { get; }

    /// <summary>Returns the connection to its source (a no-op inside a write transaction, which keeps it).</summary>
    public void Dispose() => _owner?.Return(Connection);
}

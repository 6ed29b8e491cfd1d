using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// Where generated table accessors get their connections: the pool (a reader or the writer per call)
/// or a <see cref="WriteTransaction"/> (its writer connection for every call).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ConnectionSource
{
    /// <summary>The database file this source reads and writes.</summary>
    public abstract string FilePath { get; }

    /// <summary>A connection for reading.</summary>
    public abstract ConnectionLease RentReader();

    /// <summary>A connection for reading, waiting asynchronously when every reader is busy.</summary>
    public abstract ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken);

    /// <summary>The writer connection, exclusively.</summary>
    public abstract ConnectionLease RentWriter();

    /// <summary>The writer connection, exclusively, waiting asynchronously while another write holds it.</summary>
    public abstract ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken);

    /// <summary>Takes back a connection handed out by this source.</summary>
    internal abstract void Return(PooledConnection connection);
}

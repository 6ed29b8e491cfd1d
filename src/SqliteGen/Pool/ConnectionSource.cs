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

    /// <summary>
    /// Runs one caller's write on the writer connection and returns its result. The pool queues
    /// concurrent writes and commits them together (see <see cref="SqliteConnectionPool"/>); a
    /// <see cref="WriteTransaction"/> runs it at once inside itself.
    /// </summary>
    public virtual TResult Write<TState, TResult>(TState state, WriteOperation<TState, TResult> operation)
    {
        using ConnectionLease lease = RentWriter();
        return operation(lease.Connection, state);
    }

    /// <inheritdoc cref="Write{TState, TResult}"/>
    public virtual async ValueTask<TResult> WriteAsync<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await RentWriterAsync(cancellationToken).ConfigureAwait(false);
        return operation(lease.Connection, state);
    }

    /// <inheritdoc cref="Write{TState, TResult}"/>
    public void Write<TState>(TState state, WriteAction<TState> action) =>
        Write((State: state, Action: action), static (connection, call) =>
        {
            call.Action(connection, call.State);
            return true;
        });

    /// <inheritdoc cref="Write{TState, TResult}"/>
    public async ValueTask WriteAsync<TState>(TState state, WriteAction<TState> action, CancellationToken cancellationToken) =>
        await WriteAsync((State: state, Action: action), static (connection, call) =>
        {
            call.Action(connection, call.State);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Takes back a connection handed out by this source.</summary>
    internal abstract void Return(PooledConnection connection);
}

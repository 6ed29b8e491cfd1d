using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>
/// One caller's write, run on the writer connection: <see cref="ConnectionSource.Write{TState, TResult}"/>
/// may run it alone or inside a group commit with other callers' writes. The state is passed in rather
/// than captured so that generated code can use static lambdas (no allocation per call).
/// An operation must be atomic by itself: when it throws, it has changed nothing. One statement is
/// (SQLite undoes a failed statement and keeps the transaction); several statements go inside a
/// <see cref="WriteScope"/>, which is a SAVEPOINT when a group commit's transaction is open.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TResult WriteOperation<in TState, out TResult>(PooledConnection connection, TState state);

/// <summary>A write with no result; see <see cref="WriteOperation{TState, TResult}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void WriteAction<in TState>(PooledConnection connection, TState state);

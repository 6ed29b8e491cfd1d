using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>
/// One caller's write, run on the writer connection: <see cref="ConnectionSource.Write{TState, TResult}"/>
/// may run it alone or inside a group commit with other callers' writes. The state is passed in rather
/// than captured so that generated code can use static lambdas (no allocation per call).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TResult WriteOperation<in TState, out TResult>(PooledConnection connection, TState state);

/// <summary>A write with no result; see <see cref="WriteOperation{TState, TResult}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void WriteAction<in TState>(PooledConnection connection, TState state);

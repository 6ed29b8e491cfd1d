using System.ComponentModel;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// One SQL statement the generated code runs again and again. Each pooled connection prepares it once
/// and keeps it prepared: generated code rents it as a raw SQLite statement
/// (<see cref="PooledConnection.Rent"/>); transactions and savepoints run it as a kept <c>SqliteCommand</c>
/// (<see cref="PooledConnection.Prepare"/>; a command finalizes its statement when disposed, so the command
/// itself is what must be kept).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Statement
{
    private static int s_lastId = -1;

    /// <summary>Declares a statement and the names of its parameters, in the order the code binds them.</summary>
    public Statement(string sql, params string[] parameterNames)
    {
        Sql = sql;
        ParameterNames = parameterNames;
        // A process-wide dense id lets each connection keep its prepared commands in a plain array.
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>Dense, process-wide index of this statement in each connection's statement and command caches.</summary>
    public int Id { get; }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>Parameter names (with their <c>$</c> prefix); generated code binds them by their position here.</summary>
    public string[] ParameterNames { get; }

    /// <inheritdoc/>
    public override string ToString() => Sql;
}

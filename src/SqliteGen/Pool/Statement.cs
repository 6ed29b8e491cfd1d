using System.ComponentModel;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// One SQL statement the generated code runs again and again. Each pooled connection prepares it once
/// and keeps the prepared command (a <c>SqliteCommand</c> finalizes its statement when disposed, so the
/// command itself is what must be kept).
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

    /// <summary>Dense, process-wide index of this statement in each connection's command cache.</summary>
    public int Id { get; }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>Parameter names (with their <c>$</c> prefix), bound by position.</summary>
    public string[] ParameterNames { get; }

    /// <inheritdoc/>
    public override string ToString() => Sql;
}

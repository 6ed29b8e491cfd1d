using System;

namespace SqliteGen;

/// <summary>
/// The PostgreSQL form of a <see cref="QueryAttribute">[Query]</see> method's SQL, beside the <c>[Query]</c> on the same
/// method: the method's PostgreSQL implementation (the generated <c>PostgreSql</c> class) runs this text instead of the
/// <c>[Query]</c> SQL. Give one when the <c>[Query]</c> SQL uses something only SQLite accepts (SQLG312 names it). It
/// takes the same <c>$name</c> parameters and returns the same columns in the same order; it is checked against the
/// tables like the <c>[Query]</c> SQL, as far as the SQLite checker can read it. See docs/postgresql.md.
/// </summary>
/// <example>
/// <code>
/// [Query("SELECT * FROM checks WHERE started_ts &lt; datetime('now', '-1 hour')")]
/// [PostgreSqlQuery("SELECT * FROM checks WHERE started_ts &lt; now() - interval '1 hour'")]
/// public partial IReadOnlyList&lt;Check&gt; StaleChecks();
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class PostgreSqlQueryAttribute : Attribute
{
    /// <summary>Declares the SQL the method runs on PostgreSQL.</summary>
    public PostgreSqlQueryAttribute(string sql) => Sql = sql;

    /// <summary>The PostgreSQL SQL text: one statement of the same kind as the <c>[Query]</c> SQL.</summary>
    public string Sql { get; }
}

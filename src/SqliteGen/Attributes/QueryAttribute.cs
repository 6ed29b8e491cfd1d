using System;

namespace SqliteGen;

/// <summary>
/// A custom query: on a <c>partial</c> instance method of the <c>[SqliteDatabase]</c> class (or of a
/// <see cref="SqliteQueriesAttribute">[SqliteQueries(typeof(TheDb))]</see> class of it), the generator
/// implements the method by running <see cref="Sql"/> on the database: <c>$name</c> parameters are bound
/// from the method's parameters of the same name, and the rows are read into the return type (an entity of
/// the database, a scalar, <c>T?</c> for at most one row, <c>IReadOnlyList&lt;T&gt;</c>,
/// <c>IEnumerable&lt;T&gt;</c> streamed, or <c>int</c> rows changed for INSERT/UPDATE/DELETE).
/// The SQL is checked at compile time against the tables (SQLG303-SQLG309). See docs/queries.md.
/// </summary>
/// <example>
/// <code>
/// [Query("SELECT * FROM users WHERE email = $email")]
/// public partial User? UserByEmail(string email);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QueryAttribute : Attribute
{
    /// <summary>Declares the SQL the method runs.</summary>
    public QueryAttribute(string sql) => Sql = sql;

    /// <summary>The SQL text: one SELECT, INSERT, UPDATE or DELETE statement (optionally with WITH and RETURNING).</summary>
    public string Sql { get; }
}

using System;

namespace SqliteGen;

/// <summary>
/// Declares a <c>partial</c> class of <see cref="QueryAttribute">[Query]</see> methods that run on the database
/// <see cref="Database"/> (a <c>[SqliteDatabase]</c> class of the same project). The generator implements the
/// methods, checking their SQL against that database's tables as for queries on the database class itself, and
/// gives the class a constructor that takes the open database: <c>new UserQueries(db)</c>. See docs/queries.md.
/// </summary>
/// <example>
/// <code>
/// [SqliteQueries(typeof(AppDb))]
/// public partial class UserQueries
/// {
///     [Query("SELECT * FROM users WHERE email = $email")]
///     public partial User? ByEmail(string email);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SqliteQueriesAttribute : Attribute
{
    /// <summary>Links the class to the database its queries run on.</summary>
    public SqliteQueriesAttribute(Type database) => Database = database;

    /// <summary>The <c>[SqliteDatabase]</c> class whose tables the queries read and write.</summary>
    public Type Database { get; }
}

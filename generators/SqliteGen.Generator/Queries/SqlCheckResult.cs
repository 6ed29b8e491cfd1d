using System.Collections.Generic;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

/// <summary>What kind of statement a query is.</summary>
internal enum SqlStatementKind
{
    Select,
    Insert,
    Update,
    Delete,
}

/// <summary>What is wrong with a query's SQL, by family: each maps to one diagnostic (SQLG303-SQLG307).</summary>
internal enum SqlProblemKind
{
    UnknownTable,
    UnknownColumn,
    Parameter,
    Syntax,
}

/// <summary>A problem at <see cref="Offset"/> (length <see cref="Length"/>) of the SQL text.</summary>
internal sealed record SqlProblem(SqlProblemKind Kind, int Offset, int Length, string Message);

/// <summary>
/// A result column: its name (null for an expression without <c>AS</c>), and, when it is a plain reference to a
/// column of a schema table (or from <c>*</c>), that table and column (<see cref="Table"/> is set once names are resolved).
/// </summary>
internal sealed class SqlResultColumn(string? name, string? table, string? column, int offset, int length)
{
    public string? Name { get; } = name;

    public string? Table { get; set; } = table;

    public string? Column { get; } = column;

    public int Offset { get; } = offset;

    public int Length { get; } = length;
}

/// <summary>
/// A WHERE condition <c>column = value</c> (a parameter or literal) on a column of <see cref="Table"/>, in an
/// AND-only WHERE clause, so an index on the column could serve it (SQLG101 checks that one does).
/// </summary>
internal sealed record SqlEqualityFilter(string Table, string Column, int Offset, int Length);

/// <summary>
/// An <c>ON a.x = b.y</c> term (at the top level of an AND-only ON clause) of a <c>JOIN</c>: <see cref="Joined"/> is the
/// column of the table that JOIN brings in, <see cref="Other"/> the column of a table before it. <see cref="OrderFixed"/>:
/// a LEFT or CROSS join, whose joined table SQLite always reads in the inner loop. <see cref="JoinedFilters"/> and
/// <see cref="OtherFilters"/>: the columns the same SELECT's WHERE compares with a value on each of the two tables.
/// </summary>
internal sealed record SqlJoinTerm(
    SqlEqualityFilter Joined, SqlEqualityFilter Other, bool OrderFixed, IReadOnlyList<string> JoinedFilters, IReadOnlyList<string> OtherFilters);

/// <summary>A parameter as written (<c>$email</c>), its name without the prefix, and where.</summary>
internal sealed record SqlParameterUse(string Text, string Name, int Offset, int Length);

/// <summary>What <see cref="QueryChecker"/> learned about one statement.</summary>
internal sealed class SqlCheckResult
{
    public SqlStatementKind Kind { get; set; }

    /// <summary>The table an INSERT, UPDATE or DELETE writes.</summary>
    public string? TargetTable { get; set; }

    /// <summary>A SELECT, or a write with RETURNING.</summary>
    public bool ReturnsRows { get; set; }

    public List<SqlResultColumn> Columns { get; } = new();

    public List<SqlParameterUse> Parameters { get; } = new();

    public List<SqlEqualityFilter> Filters { get; } = new();

    /// <summary>Equality join terms between two tables (SQLG101 checks that the inner side has an index).</summary>
    public List<SqlJoinTerm> Joins { get; } = new();

    /// <summary>
    /// The first <c>ORDER BY</c> term when it is a plain column of the only table of a SELECT that has a <c>LIMIT</c> and
    /// no WHERE, GROUP BY, DISTINCT or compound part: an index on it lets SQLite read just the first rows in order.
    /// </summary>
    public List<SqlEqualityFilter> LimitedOrders { get; } = new();

    public List<SqlProblem> Problems { get; } = new();

    /// <summary>The statement's tokens, as the parser read them.</summary>
    public List<SqlToken> Tokens { get; set; } = new();

    /// <summary>Every column reference resolved to a schema table (what <see cref="StoredFormCheck"/> judges).</summary>
    public List<SqlColumnRef> ColumnReferences { get; } = new();
}

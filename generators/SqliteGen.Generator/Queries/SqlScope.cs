using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// A table in a FROM clause (or a write's target): the name it is referred to by, the schema table (if one), its
/// columns (null: unknown, any accepted).
/// </summary>
internal sealed record SqlSource(string Alias, string? Table, List<string>? Columns)
{
    /// <summary>SQLite's names for a table's rowid: every schema table has them besides its columns.</summary>
    public static readonly string[] RowIdNames = { "rowid", "oid", "_rowid_" };

    public bool Has(string column) =>
        Columns is null || Columns.Any(c => Same(c, column)) || (Table is not null && RowIdNames.Any(r => Same(r, column)));

    /// <summary>SQLite compares names case-insensitively.</summary>
    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A result column as written: <c>*</c> or <c>t.*</c> (<see cref="Star"/>), or an expression with its alias.</summary>
internal sealed record SqlResultItem(string? Qualifier, string? Alias, SqlColumnRef? Plain, SqlToken At, bool Star);

/// <summary>
/// A column reference as written (<c>name</c>, <c>t.name</c>); what it names is set by <see cref="NameResolver"/>.
/// <see cref="NameAt"/> is the name's position in the statement's tokens (<see cref="SqlSyntax.Tokens"/>).
/// </summary>
internal sealed class SqlColumnRef(SqlToken? qualifier, SqlToken name, int nameAt, bool AllowAlias)
{
    public SqlToken? Qualifier { get; } = qualifier;

    public SqlToken Name { get; } = name;

    public int NameAt { get; } = nameAt;

    /// <summary>Whether it may name a result column's alias (in WHERE, ORDER BY, ...; not in USING).</summary>
    public bool AllowAlias { get; } = AllowAlias;

    /// <summary>The schema table it resolved to, if any (set during resolution).</summary>
    public string? Table { get; set; }

    /// <summary>The FROM item it resolved to (set during resolution; null for a column of several, USING or NATURAL).</summary>
    public SqlSource? Source { get; set; }
}

/// <summary>
/// One SELECT core (or a write's own scope) as <see cref="SqlParser"/> read it: its tables, the column references in
/// it, its parent query, and the terms <see cref="IndexAdvisor"/> judges.
/// </summary>
internal sealed class SqlScope(SqlScope? parent)
{
    public SqlScope? Parent { get; } = parent;

    public List<SqlSource> Sources { get; } = new();

    public List<SqlColumnRef> References { get; } = new();

    /// <summary>The references of <see cref="References"/> that are "column = value" terms of an AND-only WHERE.</summary>
    public List<SqlColumnRef> Equalities { get; } = new();

    public HashSet<string> Using { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Natural { get; set; }

    /// <summary><c>ON a.x = b.y</c> terms and the table their JOIN brings in (<see cref="SqlJoinTerm"/>).</summary>
    public List<(SqlColumnRef A, SqlColumnRef B, SqlSource Joined, bool OrderFixed)> Joins { get; } = new();

    /// <summary>A WHERE, GROUP BY or DISTINCT: what ORDER BY ... LIMIT advice leaves alone.</summary>
    public bool FiltersOrGroups { get; set; }

    /// <summary>The first ORDER BY term, a plain column, of a SELECT with a LIMIT (<see cref="SqlCheckResult.LimitedOrders"/>).</summary>
    public SqlColumnRef? LimitedOrder { get; set; }

    public List<SqlResultItem>? Items { get; set; }
}

/// <summary>What <see cref="SqlParser"/> read: the tokens, the scopes (in the order they were opened) and the plain result columns.</summary>
internal sealed record SqlSyntax(List<SqlToken> Tokens, List<SqlScope> Scopes, List<(SqlResultColumn Result, SqlColumnRef Reference)> PlainResults);

using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A table as the error translation needs it: its name, and which columns each of its unique constraints covers, so a
/// unique violation names the columns (<c>users.email</c>) as SQLite's does, not only PostgreSQL's constraint name.
/// Generated once per table.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlTable
{
    private readonly Dictionary<string, string> _uniqueColumns = new(StringComparer.Ordinal);

    /// <param name="name">The table's name.</param>
    /// <param name="keyColumns">The primary key as <c>table.column</c>, comma-separated in key order.</param>
    public PostgreSqlTable(string name, string keyColumns)
    {
        Name = name;
        KeyColumns = keyColumns;
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>The primary key as <c>table.column, ...</c>.</summary>
    public string KeyColumns { get; }

    /// <summary>Declares a unique index: its name (PostgreSQL reports it as the constraint) and its columns as <c>table.column, ...</c>.</summary>
    public PostgreSqlTable Unique(string indexName, string columns)
    {
        _uniqueColumns[indexName] = columns;
        return this;
    }

    /// <summary>
    /// The columns of the unique constraint PostgreSQL named: a unique index's columns, the key's for the primary key's
    /// constraint (PostgreSQL names it <c>&lt;table&gt;_pkey</c>), else the constraint's own name.
    /// </summary>
    internal string? ColumnsOf(string? constraint) =>
        constraint is null ? null
        : _uniqueColumns.TryGetValue(constraint, out string? columns) ? columns
        : constraint.EndsWith("_pkey", StringComparison.Ordinal) ? KeyColumns
        : constraint;
}

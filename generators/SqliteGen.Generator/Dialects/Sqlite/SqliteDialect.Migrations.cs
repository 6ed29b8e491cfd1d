using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.Sqlite;

/// <summary>
/// SQLite's migration statements: native <c>ALTER TABLE</c> where it gives exactly the table a fresh
/// <c>CREATE TABLE</c> would (rename table or column, add a column at the end, drop a plain column), otherwise
/// SQLite's table rebuild (create the new shape under a temporary name, copy the rows with their rowids, drop the
/// old table, rename, recreate its indexes).
/// </summary>
internal sealed partial class SqliteDialect
{
    private const string RebuildPrefix = "sqlitegen_new_";
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public string DropIndex(string index) => $"DROP INDEX {Identifier(index)};";

    public string DropTable(string table) => $"DROP TABLE {Identifier(table)};";

    public string RenameTable(string from, string to) => $"ALTER TABLE {Identifier(from)} RENAME TO {Identifier(to)};";

    public string RenameColumn(string table, string from, string to) =>
        $"ALTER TABLE {Identifier(table)} RENAME COLUMN {Identifier(from)} TO {Identifier(to)};";

    public string AddColumn(string table, ColumnSchema column, bool inlineKey) =>
        $"ALTER TABLE {Identifier(table)} ADD COLUMN {ColumnDefinition(column, inlineKey)};";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Identifier(table)} DROP COLUMN {Identifier(column)};";

    /// <summary>ADD COLUMN takes neither a key nor a DEFAULT that is not a constant, and fills a NOT NULL column only from its DEFAULT.</summary>
    public bool CanAddColumn(ColumnSchema column)
    {
        bool constantDefault = column.Default is null || IsConstantDefault(column.Default);
        bool notNullFilled = !column.NotNull || (column.Default is { } d && !d.Trim().Equals("NULL", StringComparison.OrdinalIgnoreCase));
        return column.PrimaryKey == 0 && constantDefault && notNullFilled;
    }

    /// <summary>DROP COLUMN refuses key, foreign-key and indexed columns and ones a CHECK or partial index may name.</summary>
    public bool CanDropColumns(TableSchema older, TableSchema newer, IReadOnlyList<ColumnSchema> dropped)
    {
        bool anyExpressions = older.Columns.Any(c => c.Check is not null) || older.Indexes.Any(i => i.Where is not null) || newer.Indexes.Any(i => i.Where is not null);
        return !anyExpressions && !dropped.Any(c => c.PrimaryKey > 0 || older.ForeignKeys.Any(f => Names.Equals(f.Column, c.Name)));
    }

    /// <summary>SQLite's procedure: the new shape under a temporary name, the rows copied with their rowids, the old table replaced.</summary>
    public IReadOnlyList<string> RebuildTable(TableSchema newer, IReadOnlyList<(ColumnSchema Newer, ColumnSchema? Older)> columns)
    {
        var sql = new List<string>();
        string table = newer.Name;
        string temporary = RebuildPrefix + table;
        sql.Add(CreateTableStatement(newer, temporary));

        var targets = new List<string>();
        var sources = new List<string>();
        // Keep rowids (an external-content full-text index or a user's own references may rely on them),
        // unless the new table's rowid is its INTEGER PRIMARY KEY, which is copied as a column anyway.
        if (!HasRowidAlias(newer))
        {
            targets.Add("rowid");
            sources.Add("rowid");
        }
        foreach ((ColumnSchema column, ColumnSchema? was) in columns)
        {
            if (was is null)
                continue; // a new column: its DEFAULT (or NULL) fills the copied rows
            targets.Add(Identifier(column.Name));
            // A column that becomes NOT NULL with a default takes the default where it held NULL.
            sources.Add(column.NotNull && !was.NotNull && column.Default is { } fill
                ? $"coalesce({Identifier(was.Name)}, {fill})"
                : Identifier(was.Name));
        }
        if (columns.Any(p => p.Older is not null))
            sql.Add($"INSERT INTO {Identifier(temporary)} ({string.Join(", ", targets)}) SELECT {string.Join(", ", sources)} FROM {Identifier(table)};");
        // AUTOINCREMENT's promise (an id is never handed out twice) lives in sqlite_sequence, which the copy
        // sets to the highest copied id and DROP TABLE forgets: when the counter's column continues as the
        // new table's AUTOINCREMENT key, its counter is carried over (a deleted top row stays used). When
        // AUTOINCREMENT is added, or moves to another column, the copy's counter is what a fresh table holding
        // these rows has; when it is removed, DROP TABLE removes the counter, as a fresh table has none.
        if (columns.Any(p => p.Newer.AutoIncrement && p.Older is { AutoIncrement: true }))
        {
            sql.Add($"DELETE FROM sqlite_sequence WHERE name = {Literal(temporary)};");
            sql.Add($"INSERT INTO sqlite_sequence (name, seq) SELECT {Literal(temporary)}, seq FROM sqlite_sequence WHERE name = {Literal(table)};");
        }
        sql.Add(DropTable(table));
        sql.Add(RenameTable(temporary, table));
        foreach (IndexSchema index in newer.Indexes)
            sql.Add(CreateIndex(table, index));
        return sql;
    }

    private static bool HasRowidAlias(TableSchema table)
    {
        var keys = table.Columns.Where(c => c.PrimaryKey > 0).ToList();
        return keys.Count == 1 && keys[0].Type == "INTEGER";
    }

    public string DropCompanion(CompanionSchema companion) =>
        companion.Kind == TriggerCompanion ? $"DROP TRIGGER IF EXISTS {Identifier(companion.Name)};" : $"DROP TABLE IF EXISTS {Identifier(companion.Name)};";

    /// <summary>An external-content full-text table is filled from its content table (<c>'rebuild'</c>).</summary>
    public IReadOnlyList<string> CreateCompanion(CompanionSchema companion) =>
        companion.Kind == FullTextCompanion
            ? new[] { companion.Sql, $"INSERT INTO {Identifier(companion.Name)} ({Identifier(companion.Name)}) VALUES ('rebuild');" }
            : new[] { companion.Sql };
}

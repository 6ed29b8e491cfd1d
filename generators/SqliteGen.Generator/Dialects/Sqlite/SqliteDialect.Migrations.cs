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
        foreach ((ColumnSchema column, ColumnSchema? was) in columns)
        {
            if (was is not null)
                sql.AddRange(GuardEnumNames(table, was, column));
        }
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
            string value = EnumConversion(was, column) ?? FormConversion(was, column) ?? Identifier(was.Name);
            sources.Add(column.NotNull && !was.NotNull && column.Default is { } fill
                ? $"coalesce({value}, {fill})"
                : value);
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

    /// <summary>
    /// An enum column changing between its INTEGER form and its <c>[EnumAsText]</c> form: each number becomes its name, or
    /// each name its number (<c>CASE status WHEN 0 THEN 'healthy' ... END</c>). Null when the column keeps its form.
    /// </summary>
    private string? EnumConversion(ColumnSchema was, ColumnSchema column)
    {
        if (column.Type == "TEXT" && column.EnumNames.Count > 0 && was.Type == "INTEGER")
            return $"CASE {Identifier(was.Name)}" + string.Concat(column.EnumNames.Select(n => $" WHEN {n.Number} THEN {Literal(n.Text)}")) + " END";
        if (column.Type == "INTEGER" && was.Type == "TEXT" && was.EnumNames.Count > 0)
            return $"CASE {Identifier(was.Name)}" + string.Concat(was.EnumNames.Select(n => $" WHEN {Literal(n.Text)} THEN {n.Number}")) + " END";
        return null;
    }

    /// <summary>
    /// A date and time column changing its stored text (<see cref="StoredForm"/>), converted exactly in SQL: to the UTC form,
    /// SQLite's <c>strftime</c> turns the whole seconds with their offset into UTC (seconds only, so nothing is rounded)
    /// and the 7 fractional digits are carried over as text, trailing zeros trimmed; back, the UTC text is padded into the
    /// round-trip form with <c>+00:00</c> (a DateTimeOffset) or <c>Z</c> (a DateTime). Null when the column keeps its form.
    /// </summary>
    private string? FormConversion(ColumnSchema was, ColumnSchema column)
    {
        if (was.Form == column.Form || was.Type != "TEXT" || column.Type != "TEXT")
            return null;
        string c = Identifier(was.Name);
        if (was.Form is null && column.Form is StoredForm.DateTimeUtc or StoredForm.DateTimeOffsetUtc)
            return $"strftime('%Y-%m-%d %H:%M:%S', substr({c}, 1, 19) || substr({c}, 28)) || rtrim(rtrim(substr({c}, 20, 8), '0'), '.')";
        if (column.Form is null && was.Form is StoredForm.DateTimeUtc or StoredForm.DateTimeOffsetUtc)
            return $"substr({c}, 1, 10) || 'T' || substr({c}, 12, 8) || '.' || substr(substr({c}, 21) || '0000000', 1, 7) || {(was.Form == StoredForm.DateTimeUtc ? "'Z'" : "'+00:00'")}";
        return null;
    }

    /// <summary>
    /// Before a column becomes (or stays) an <c>[EnumAsText]</c> column whose names may not cover what its rows hold (a
    /// member removed, or numbers converted to names), the step refuses, before anything changes, when a row holds a value
    /// the new names lack: a row is put into a temporary table whose CHECK constraint is named with the error, which SQLite
    /// then reports (<c>CHECK constraint failed: ...</c>). Rolled back with the step, it leaves the file as it was.
    /// </summary>
    private IEnumerable<string> GuardEnumNames(string table, ColumnSchema was, ColumnSchema column)
    {
        if (column.Type != "TEXT" || column.EnumNames.Count == 0)
            yield break;
        string condition;
        string message;
        if (was.Type == "INTEGER")
        {
            condition = $"{Identifier(was.Name)} NOT IN ({string.Join(", ", column.EnumNames.Select(n => n.Number))})";
            message = $"{table}.{column.Name} holds a number that is not a value of its enum, so it has no name to store";
        }
        else if (was.Type == "TEXT")
        {
            var names = new HashSet<string>(column.EnumNames.Select(n => n.Text), StringComparer.Ordinal);
            List<string> removed = was.EnumNames.Select(n => n.Text).Where(n => !names.Contains(n)).ToList();
            if (was.EnumNames.Count > 0 && removed.Count == 0)
                yield break;
            condition = $"{Identifier(was.Name)} NOT IN ({string.Join(", ", column.EnumNames.Select(n => Literal(n.Text)))})";
            message = removed.Count > 0
                ? $"{table}.{column.Name} still holds {string.Join(" or ", removed.Select(n => "'" + n + "'"))}, which its enum no longer has: change those rows first (a [DataStep] of the previous version), or keep the member"
                : $"{table}.{column.Name} holds text that is not a name of its enum: change those rows first (a [DataStep] of the previous version)";
        }
        else
        {
            yield break;
        }
        yield return $"CREATE TEMP TABLE {Identifier(GuardTable)} (value ANY CONSTRAINT {Identifier(message)} CHECK (value IS NULL)) STRICT;";
        yield return $"INSERT INTO {Identifier(GuardTable)} SELECT {Identifier(was.Name)} FROM {Identifier(table)} WHERE {condition} LIMIT 1;";
        yield return $"DROP TABLE {Identifier(GuardTable)};";
    }

    private const string GuardTable = "sqlitegen_enum_guard";

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

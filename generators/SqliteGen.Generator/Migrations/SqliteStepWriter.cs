using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Migrations;

/// <summary>
/// The SQL that turns one schema into another in SQLite: native <c>ALTER TABLE</c> where it gives
/// exactly the table a fresh <c>CREATE TABLE</c> would (rename table or column, add a column at the end,
/// drop a plain column), otherwise SQLite's table rebuild (create the new shape under a temporary name,
/// copy the rows with their rowids, drop the old table, rename, recreate its indexes).
/// </summary>
/// <remarks>
/// The runtime wraps each step in one transaction with <c>foreign_keys</c> off and runs
/// <c>PRAGMA foreign_key_check</c> before committing (steps 1, 2, 10, 11 and 12 of SQLite's procedure),
/// so the SQL here is the middle of it. The result is compared with a fresh database by the tests, so
/// "exactly the table" means the same pragmas and the same stored SQL up to quoting and spacing.
/// </remarks>
internal sealed class SqliteStepWriter
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private const string RebuildPrefix = "sqlitegen_new_";
    private const string RenamePrefix = "sqlitegen_rename_";

    private readonly SqliteDialect _dialect;
    private readonly List<string> _sql = new();
    private readonly List<string> _losses = new();

    private SqliteStepWriter(SqliteDialect dialect) => _dialect = dialect;

    /// <summary>The SQL from <paramref name="older"/> to <paramref name="newer"/>, and what it drops (null when nothing).</summary>
    public static (string Sql, string? Losses) Write(DatabaseSchema older, DatabaseSchema newer, RenameMap map, SqliteDialect dialect)
    {
        var writer = new SqliteStepWriter(dialect);
        writer.WriteStep(older, newer, map);
        return (string.Join("\n", writer._sql), writer._losses.Count == 0 ? null : string.Join(", ", writer._losses));
    }

    /// <summary>
    /// Both directions of the step from <paramref name="older"/> to <paramref name="newer"/>, with the renames
    /// <paramref name="newer"/> declares (those that name nothing are described in <paramref name="unresolved"/>).
    /// </summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer, SqliteDialect dialect, List<string>? unresolved = null) =>
        Step(older, newer, RenameMap.Resolve(older, newer, unresolved), dialect);

    /// <summary>Both directions of the step, with renames already resolved.</summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer, RenameMap map, SqliteDialect dialect)
    {
        (string up, string? upLoses) = Write(older, newer, map, dialect);
        (string down, string? downLoses) = Write(newer, older, map.Inverse(), dialect);
        return (up, upLoses, down, downLoses);
    }

    private string Id(string name) => _dialect.Identifier(name);

    private void WriteStep(DatabaseSchema older, DatabaseSchema newer, RenameMap map)
    {
        var olderTables = older.Tables.ToDictionary(t => t.Name, Names);
        var kept = new HashSet<string>(newer.Tables.Select(t => map.OlderTable(t.Name)).OfType<string>(), Names);
        List<TableSchema> gone = older.Tables.Reverse().Where(t => !kept.Contains(t.Name)).ToList();

        // Each kept table's own changes, written first into a list of their own: a table that changes at all
        // (or is renamed, or whose full-text index changes) gets its companions dropped before and made again after.
        var changes = new List<(TableSchema Older, TableSchema Newer, List<string> Sql, bool Touched)>();
        foreach (TableSchema table in newer.Tables)
        {
            if (map.OlderTable(table.Name) is not { } olderName)
                continue;
            TableSchema was = olderTables[olderName];
            List<string> sql = AlterTable(was, table, map);
            bool touched = sql.Count > 0 || !string.Equals(was.Name, table.Name, StringComparison.Ordinal) || !was.Companions.Equals(table.Companions);
            changes.Add((was, table, sql, touched));
        }

        foreach (TableSchema table in gone.Concat(changes.Where(c => c.Touched).Select(c => c.Older)))
            DropCompanions(table);
        foreach (TableSchema table in gone)
        {
            _sql.Add($"DROP TABLE {Id(table.Name)};");
            _losses.Add("table " + table.Name);
        }

        RenameTables(newer, map, olderTables);
        foreach (var change in changes)
            _sql.AddRange(change.Sql);

        foreach (TableSchema table in newer.Tables.Where(t => map.OlderTable(t.Name) is null))
            _sql.AddRange(_dialect.CreateTable(table));
        foreach (var change in changes.Where(c => c.Touched))
            CreateCompanions(change.Newer);
    }

    /// <summary>A full-text table goes before its content table changes (a trigger goes with its table anyway, but not always).</summary>
    private void DropCompanions(TableSchema table)
    {
        foreach (CompanionSchema companion in table.Companions.Reverse())
            _sql.Add(companion.Kind == "trigger" ? $"DROP TRIGGER IF EXISTS {Id(companion.Name)};" : $"DROP TABLE IF EXISTS {Id(companion.Name)};");
    }

    /// <summary>Made again after the table changed: an external-content full-text table is filled from the table (<c>'rebuild'</c>).</summary>
    private void CreateCompanions(TableSchema table)
    {
        foreach (CompanionSchema companion in table.Companions)
        {
            _sql.Add(companion.Sql);
            if (companion.Kind == "fts5")
                _sql.Add($"INSERT INTO {Id(companion.Name)} ({Id(companion.Name)}) VALUES ('rebuild');");
        }
    }

    private void RenameTables(DatabaseSchema newer, RenameMap map, Dictionary<string, TableSchema> olderTables)
    {
        var renames = newer.Tables
            .Select(t => (From: map.OlderTable(t.Name), To: t.Name))
            .Where(r => r.From is not null && !string.Equals(r.From, r.To, StringComparison.Ordinal))
            .Select(r => (From: r.From!, r.To))
            .ToList();
        // A rename onto a name another renamed table still holds (a swap) goes through a temporary name.
        bool collides = renames.Any(r => olderTables.ContainsKey(r.To) && !Names.Equals(r.From, r.To));
        if (collides)
        {
            for (int i = 0; i < renames.Count; i++)
                _sql.Add($"ALTER TABLE {Id(renames[i].From)} RENAME TO {Id(RenamePrefix + i)};");
            for (int i = 0; i < renames.Count; i++)
                _sql.Add($"ALTER TABLE {Id(RenamePrefix + i)} RENAME TO {Id(renames[i].To)};");
        }
        else
        {
            foreach ((string from, string to) in renames)
                _sql.Add($"ALTER TABLE {Id(from)} RENAME TO {Id(to)};");
        }
    }

    /// <summary>The SQL that makes <paramref name="older"/> (by then under <paramref name="newer"/>'s name) into <paramref name="newer"/>; empty when nothing changes.</summary>
    private List<string> AlterTable(TableSchema older, TableSchema newer, RenameMap map)
    {
        int start = _sql.Count;
        string table = newer.Name;
        var olderColumns = older.Columns.ToDictionary(c => c.Name, Names);
        // Each newer column with the older column it continues (null: added).
        var pairs = newer.Columns.Select(c => (Newer: c, Older: map.OlderColumn(table, c.Name) is { } o ? olderColumns[o] : null)).ToList();
        var continued = new HashSet<string>(pairs.Where(p => p.Older is not null).Select(p => p.Older!.Name), Names);
        List<ColumnSchema> dropped = older.Columns.Where(c => !continued.Contains(c.Name)).ToList();
        foreach (ColumnSchema column in dropped)
            _losses.Add($"column {table}.{column.Name}");

        if (CanAlterInPlace(older, newer, pairs, dropped, map))
            AlterInPlace(older, newer, pairs, dropped);
        else
            Rebuild(newer, pairs);
        // Written through _sql by the helpers; taken back out so the caller can place it.
        List<string> sql = _sql.GetRange(start, _sql.Count - start);
        _sql.RemoveRange(start, _sql.Count - start);
        return sql;
    }

    private bool CanAlterInPlace(TableSchema older, TableSchema newer, List<(ColumnSchema Newer, ColumnSchema? Older)> pairs, List<ColumnSchema> dropped, RenameMap map)
    {
        string table = newer.Name;
        // Kept columns unchanged and in the same order; added ones only after them (ADD COLUMN appends).
        var keptPairs = pairs.Where(p => p.Older is not null).ToList();
        if (keptPairs.Any(p => !SameDefinition(p.Older!, p.Newer)))
            return false;
        List<string> olderOrder = older.Columns.Select(c => c.Name).Where(n => keptPairs.Any(p => Names.Equals(p.Older!.Name, n))).ToList();
        if (!olderOrder.SequenceEqual(keptPairs.Select(p => p.Older!.Name), Names))
            return false;
        int lastKept = pairs.FindLastIndex(p => p.Older is not null);
        int firstAdded = pairs.FindIndex(p => p.Older is null);
        if (firstAdded >= 0 && firstAdded < lastKept)
            return false;
        // A column rename onto a name the table still holds would need a temporary name: rebuild instead.
        if (keptPairs.Any(p => !Names.Equals(p.Older!.Name, p.Newer.Name) && older.Columns.Any(c => Names.Equals(c.Name, p.Newer.Name))))
            return false;
        // Foreign keys are table constraints: any change to them is a rebuild. A renamed parent table or
        // column is not a change here: SQLite's RENAME (legacy_alter_table off) rewrites the REFERENCES
        // clauses of every child to the new name, which is what a fresh CREATE TABLE says.
        RenameMap newerNames = map.Inverse();
        var olderKeys = older.ForeignKeys.Select(f => f with
        {
            Column = pairs.FirstOrDefault(p => p.Older is not null && Names.Equals(p.Older.Name, f.Column)).Newer?.Name ?? "",
            Table = newerNames.OlderTable(f.Table) ?? "",
            TargetColumn = newerNames.OlderColumn(f.Table, f.TargetColumn) ?? "",
        });
        if (!olderKeys.SequenceEqual(newer.ForeignKeys))
            return false;
        foreach ((ColumnSchema added, _) in pairs.Where(p => p.Older is null))
        {
            bool constantDefault = added.Default is null || SqliteDialect.IsConstantDefault(added.Default);
            bool notNullFilled = !added.NotNull || (added.Default is { } d && !d.Trim().Equals("NULL", StringComparison.OrdinalIgnoreCase));
            if (added.PrimaryKey > 0 || !constantDefault || !notNullFilled)
                return false;
        }
        if (dropped.Count > 0)
        {
            // DROP COLUMN refuses key, foreign-key and indexed columns and ones a CHECK or partial index may name.
            bool anyExpressions = older.Columns.Any(c => c.Check is not null) || older.Indexes.Any(i => i.Where is not null) || newer.Indexes.Any(i => i.Where is not null);
            if (anyExpressions || dropped.Any(c => c.PrimaryKey > 0 || older.ForeignKeys.Any(f => Names.Equals(f.Column, c.Name))))
                return false;
            if (pairs.Count(p => p.Older is not null) == 0)
                return false;
        }
        return true;
    }

    private static bool SameDefinition(ColumnSchema older, ColumnSchema newer) =>
        older.Type == newer.Type && older.NotNull == newer.NotNull && older.PrimaryKey == newer.PrimaryKey && older.AutoIncrement == newer.AutoIncrement
        && older.Default == newer.Default && older.Check == newer.Check && older.Collate == newer.Collate && older.Form == newer.Form;

    private void AlterInPlace(TableSchema older, TableSchema newer, List<(ColumnSchema Newer, ColumnSchema? Older)> pairs, List<ColumnSchema> dropped)
    {
        string table = newer.Name;
        foreach ((ColumnSchema column, ColumnSchema? was) in pairs)
        {
            if (was is not null && !string.Equals(was.Name, column.Name, StringComparison.Ordinal))
                _sql.Add($"ALTER TABLE {Id(table)} RENAME COLUMN {Id(was.Name)} TO {Id(column.Name)};");
        }

        // The older indexes, in newer column names (RENAME COLUMN rewrote them the same way).
        string NewerName(string olderColumn) => pairs.FirstOrDefault(p => p.Older is not null && Names.Equals(p.Older.Name, olderColumn)).Newer?.Name ?? olderColumn;
        var olderIndexes = older.Indexes.Select(i => i with { Columns = i.Columns.Select(NewerName).ToEquatableArray() }).ToList();
        var keptIndexes = new HashSet<string>(Names);
        foreach (IndexSchema index in olderIndexes)
        {
            if (newer.Indexes.Any(n => Names.Equals(n.Name, index.Name) && SameIndex(n, index)))
                keptIndexes.Add(index.Name);
            else
                _sql.Add($"DROP INDEX {Id(index.Name)};");
        }

        foreach (ColumnSchema column in dropped)
            _sql.Add($"ALTER TABLE {Id(table)} DROP COLUMN {Id(column.Name)};");
        bool inlineKey = newer.Columns.Count(c => c.PrimaryKey > 0) == 1;
        foreach ((ColumnSchema column, ColumnSchema? was) in pairs)
        {
            if (was is null)
                _sql.Add($"ALTER TABLE {Id(table)} ADD COLUMN {_dialect.ColumnDefinition(column, inlineKey)};");
        }
        foreach (IndexSchema index in newer.Indexes.Where(i => !keptIndexes.Contains(i.Name)))
            _sql.Add(_dialect.CreateIndex(table, index));
    }

    private static bool SameIndex(IndexSchema a, IndexSchema b) =>
        a.Unique == b.Unique && a.Where == b.Where && a.Columns.SequenceEqual(b.Columns, Names);

    /// <summary>SQLite's procedure: the new shape under a temporary name, the rows copied with their rowids, the old table replaced.</summary>
    private void Rebuild(TableSchema newer, List<(ColumnSchema Newer, ColumnSchema? Older)> pairs)
    {
        string table = newer.Name;
        string temporary = RebuildPrefix + table;
        foreach ((ColumnSchema column, ColumnSchema? was) in pairs)
        {
            if (was is not null)
                GuardEnumNames(table, was, column);
        }
        _sql.Add(_dialect.CreateTableStatement(newer, temporary));

        var targets = new List<string>();
        var sources = new List<string>();
        // Keep rowids (an external-content full-text index or a user's own references may rely on them),
        // unless the new table's rowid is its INTEGER PRIMARY KEY, which is copied as a column anyway.
        if (!HasRowidAlias(newer))
        {
            targets.Add("rowid");
            sources.Add("rowid");
        }
        foreach ((ColumnSchema column, ColumnSchema? was) in pairs)
        {
            if (was is null)
                continue; // a new column: its DEFAULT (or NULL) fills the copied rows
            targets.Add(Id(column.Name));
            // A column that becomes NOT NULL with a default takes the default where it held NULL.
            string value = EnumConversion(was, column) ?? FormConversion(was, column) ?? Id(was.Name);
            sources.Add(column.NotNull && !was.NotNull && column.Default is { } fill
                ? $"coalesce({value}, {fill})"
                : value);
        }
        if (pairs.Any(p => p.Older is not null))
            _sql.Add($"INSERT INTO {Id(temporary)} ({string.Join(", ", targets)}) SELECT {string.Join(", ", sources)} FROM {Id(table)};");
        // AUTOINCREMENT's promise (an id is never handed out twice) lives in sqlite_sequence, which the copy
        // sets to the highest copied id and DROP TABLE forgets: when the counter's column continues as the
        // new table's AUTOINCREMENT key, its counter is carried over (a deleted top row stays used). When
        // AUTOINCREMENT is added, or moves to another column, the copy's counter is what a fresh table holding
        // these rows has; when it is removed, DROP TABLE removes the counter, as a fresh table has none.
        if (pairs.Any(p => p.Newer.AutoIncrement && p.Older is { AutoIncrement: true }))
        {
            _sql.Add($"DELETE FROM sqlite_sequence WHERE name = {Literal(temporary)};");
            _sql.Add($"INSERT INTO sqlite_sequence (name, seq) SELECT {Literal(temporary)}, seq FROM sqlite_sequence WHERE name = {Literal(table)};");
        }
        _sql.Add($"DROP TABLE {Id(table)};");
        _sql.Add($"ALTER TABLE {Id(temporary)} RENAME TO {Id(table)};");
        foreach (IndexSchema index in newer.Indexes)
            _sql.Add(_dialect.CreateIndex(table, index));
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>
    /// An enum column changing between its INTEGER form and its <c>[EnumAsText]</c> form: each number becomes its name, or
    /// each name its number (<c>CASE status WHEN 0 THEN 'healthy' ... END</c>). Null when the column keeps its form.
    /// </summary>
    private string? EnumConversion(ColumnSchema was, ColumnSchema column)
    {
        if (column.Type == "TEXT" && column.EnumNames.Count > 0 && was.Type == "INTEGER")
            return $"CASE {Id(was.Name)}" + string.Concat(column.EnumNames.Select(n => $" WHEN {n.Number} THEN {Literal(n.Text)}")) + " END";
        if (column.Type == "INTEGER" && was.Type == "TEXT" && was.EnumNames.Count > 0)
            return $"CASE {Id(was.Name)}" + string.Concat(was.EnumNames.Select(n => $" WHEN {Literal(n.Text)} THEN {n.Number}")) + " END";
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
        string c = Id(was.Name);
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
    private void GuardEnumNames(string table, ColumnSchema was, ColumnSchema column)
    {
        if (column.Type != "TEXT" || column.EnumNames.Count == 0)
            return;
        string condition;
        string message;
        if (was.Type == "INTEGER")
        {
            condition = $"{Id(was.Name)} NOT IN ({string.Join(", ", column.EnumNames.Select(n => n.Number))})";
            message = $"{table}.{column.Name} holds a number that is not a value of its enum, so it has no name to store";
        }
        else if (was.Type == "TEXT")
        {
            var names = new HashSet<string>(column.EnumNames.Select(n => n.Text), StringComparer.Ordinal);
            List<string> removed = was.EnumNames.Select(n => n.Text).Where(n => !names.Contains(n)).ToList();
            if (was.EnumNames.Count > 0 && removed.Count == 0)
                return;
            condition = $"{Id(was.Name)} NOT IN ({string.Join(", ", column.EnumNames.Select(n => Literal(n.Text)))})";
            message = removed.Count > 0
                ? $"{table}.{column.Name} still holds {string.Join(" or ", removed.Select(n => "'" + n + "'"))}, which its enum no longer has: change those rows first (a [DataStep] of the previous version), or keep the member"
                : $"{table}.{column.Name} holds text that is not a name of its enum: change those rows first (a [DataStep] of the previous version)";
        }
        else
        {
            return;
        }
        _sql.Add($"CREATE TEMP TABLE {Id(GuardTable)} (value ANY CONSTRAINT {Id(message)} CHECK (value IS NULL)) STRICT;");
        _sql.Add($"INSERT INTO {Id(GuardTable)} SELECT {Id(was.Name)} FROM {Id(table)} WHERE {condition} LIMIT 1;");
        _sql.Add($"DROP TABLE {Id(GuardTable)};");
    }

    private const string GuardTable = "sqlitegen_enum_guard";

    private static bool HasRowidAlias(TableSchema table)
    {
        var keys = table.Columns.Where(c => c.PrimaryKey > 0).ToList();
        return keys.Count == 1 && keys[0].Type == "INTEGER";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Schema;

/// <summary>
/// The statements that turn one schema into another: which tables are dropped, renamed, altered in place or
/// rebuilt, and in what order. Each statement comes from the dialect (<see cref="ISqlDialect"/>'s migration part),
/// which also says what it can alter in place (<see cref="ISqlDialect.CanAddColumn"/>,
/// <see cref="ISqlDialect.CanDropColumns"/>); anything else is a rebuild (<see cref="ISqlDialect.RebuildTable"/>).
/// In place means exactly the table a fresh <c>CREATE TABLE</c> would give.
/// </summary>
/// <remarks>
/// The runtime wraps each step in one transaction with <c>foreign_keys</c> off and runs
/// <c>PRAGMA foreign_key_check</c> before committing (steps 1, 2, 10, 11 and 12 of SQLite's procedure),
/// so the SQL here is the middle of it. The result is compared with a fresh database by the tests, so
/// "exactly the table" means the same pragmas and the same stored SQL up to quoting and spacing.
/// </remarks>
internal sealed class StepWriter
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private const string RenamePrefix = "sqlitegen_rename_";

    private readonly ISqlDialect _dialect;
    private readonly List<string> _sql = new();
    private readonly List<string> _losses = new();

    private StepWriter(ISqlDialect dialect) => _dialect = dialect;

    /// <summary>The SQL from <paramref name="older"/> to <paramref name="newer"/>, and what it drops (null when nothing).</summary>
    public static (string Sql, string? Losses) Write(DatabaseSchema older, DatabaseSchema newer, RenameMap map, ISqlDialect dialect)
    {
        var writer = new StepWriter(dialect);
        writer.WriteStep(older, newer, map);
        return (string.Join("\n", writer._sql), writer._losses.Count == 0 ? null : string.Join(", ", writer._losses));
    }

    /// <summary>
    /// Both directions of the step from <paramref name="older"/> to <paramref name="newer"/>, with the renames
    /// <paramref name="newer"/> declares (those that name nothing are described in <paramref name="unresolved"/>).
    /// </summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer, ISqlDialect dialect, List<string>? unresolved = null) =>
        Step(older, newer, RenameMap.Resolve(older, newer, unresolved), dialect);

    /// <summary>Both directions of the step, with renames already resolved.</summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer, RenameMap map, ISqlDialect dialect)
    {
        (string up, string? upLoses) = Write(older, newer, map, dialect);
        (string down, string? downLoses) = Write(newer, older, map.Inverse(), dialect);
        return (up, upLoses, down, downLoses);
    }

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
            _sql.Add(_dialect.DropTable(table.Name));
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
            _sql.Add(_dialect.DropCompanion(companion));
    }

    /// <summary>Made again after the table changed (a full-text table filled from the table).</summary>
    private void CreateCompanions(TableSchema table)
    {
        foreach (CompanionSchema companion in table.Companions)
            _sql.AddRange(_dialect.CreateCompanion(companion));
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
                _sql.Add(_dialect.RenameTable(renames[i].From, RenamePrefix + i));
            for (int i = 0; i < renames.Count; i++)
                _sql.Add(_dialect.RenameTable(RenamePrefix + i, renames[i].To));
        }
        else
        {
            foreach ((string from, string to) in renames)
                _sql.Add(_dialect.RenameTable(from, to));
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
            _sql.AddRange(_dialect.RebuildTable(newer, pairs));
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
        if (pairs.Any(p => p.Older is null && !_dialect.CanAddColumn(p.Newer)))
            return false;
        if (dropped.Count > 0 && (pairs.Count(p => p.Older is not null) == 0 || !_dialect.CanDropColumns(older, newer, dropped)))
            return false;
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
                _sql.Add(_dialect.RenameColumn(table, was.Name, column.Name));
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
                _sql.Add(_dialect.DropIndex(index.Name));
        }

        foreach (ColumnSchema column in dropped)
            _sql.Add(_dialect.DropColumn(table, column.Name));
        bool inlineKey = newer.Columns.Count(c => c.PrimaryKey > 0) == 1;
        foreach ((ColumnSchema column, ColumnSchema? was) in pairs)
        {
            if (was is null)
                _sql.Add(_dialect.AddColumn(table, column, inlineKey));
        }
        foreach (IndexSchema index in newer.Indexes.Where(i => !keptIndexes.Contains(i.Name)))
            _sql.Add(_dialect.CreateIndex(table, index));
    }

    private static bool SameIndex(IndexSchema a, IndexSchema b) =>
        a.Unique == b.Unique && a.Where == b.Where && a.Columns.SequenceEqual(b.Columns, Names);
}

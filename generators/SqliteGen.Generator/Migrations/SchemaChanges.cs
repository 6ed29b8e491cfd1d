using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Migrations;

/// <summary>
/// What differs between a frozen version's snapshot and the current records, in words ("column
/// users.age added"), for the error that a model changed without a new version. Compares by name:
/// <c>[RenamedFrom]</c> is not part of the schema, and a rename shows as a drop plus an add.
/// </summary>
internal static class SchemaChanges
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static List<string> Describe(DatabaseSchema frozen, DatabaseSchema current)
    {
        var changes = new List<string>();
        var frozenTables = frozen.Tables.ToDictionary(t => t.Name, Names);
        var currentTables = current.Tables.ToDictionary(t => t.Name, Names);
        changes.AddRange(current.Tables.Where(t => !frozenTables.ContainsKey(t.Name)).Select(t => $"table {t.Name} added"));
        changes.AddRange(frozen.Tables.Where(t => !currentTables.ContainsKey(t.Name)).Select(t => $"table {t.Name} dropped"));
        foreach (TableSchema now in current.Tables)
        {
            if (frozenTables.TryGetValue(now.Name, out TableSchema? was))
                DescribeTable(was, now, changes);
        }
        return changes;
    }

    private static void DescribeTable(TableSchema was, TableSchema now, List<string> changes)
    {
        string t = now.Name;
        var wasColumns = was.Columns.ToDictionary(c => c.Name, Names);
        var nowColumns = now.Columns.ToDictionary(c => c.Name, Names);
        changes.AddRange(now.Columns.Where(c => !wasColumns.ContainsKey(c.Name)).Select(c => $"column {t}.{c.Name} added"));
        changes.AddRange(was.Columns.Where(c => !nowColumns.ContainsKey(c.Name)).Select(c => $"column {t}.{c.Name} dropped"));
        foreach (ColumnSchema column in now.Columns)
        {
            if (wasColumns.TryGetValue(column.Name, out ColumnSchema? before) && ColumnDifference(before, column) is { } difference)
                changes.Add($"column {t}.{column.Name} changed ({difference})");
        }
        List<string> wasOrder = was.Columns.Select(c => c.Name).Where(nowColumns.ContainsKey).ToList();
        List<string> nowOrder = now.Columns.Select(c => c.Name).Where(wasColumns.ContainsKey).ToList();
        if (!wasOrder.SequenceEqual(nowOrder, Names))
            changes.Add($"columns of {t} reordered");

        var wasIndexes = was.Indexes.ToDictionary(i => i.Name, Names);
        var nowIndexes = now.Indexes.ToDictionary(i => i.Name, Names);
        changes.AddRange(now.Indexes.Where(i => !wasIndexes.ContainsKey(i.Name)).Select(i => $"index {i.Name} added"));
        changes.AddRange(was.Indexes.Where(i => !nowIndexes.ContainsKey(i.Name)).Select(i => $"index {i.Name} dropped"));
        changes.AddRange(now.Indexes.Where(i => wasIndexes.TryGetValue(i.Name, out IndexSchema? b) && !Same(b, i)).Select(i => $"index {i.Name} changed"));

        if (!was.Companions.Equals(now.Companions))
            changes.Add($"full-text index of {t} changed");
        foreach (ForeignKeySchema key in now.ForeignKeys.Where(k => !was.ForeignKeys.Contains(k)))
            changes.Add($"foreign key {t}.{key.Column} -> {key.Table}({key.TargetColumn}) added or changed");
        foreach (ForeignKeySchema key in was.ForeignKeys.Where(k => !now.ForeignKeys.Contains(k)))
            changes.Add($"foreign key {t}.{key.Column} -> {key.Table}({key.TargetColumn}) dropped or changed");
    }

    private static bool Same(IndexSchema a, IndexSchema b) => a.Unique == b.Unique && a.Where == b.Where && a.Columns.SequenceEqual(b.Columns, Names);

    private static string? ColumnDifference(ColumnSchema was, ColumnSchema now)
    {
        var parts = new List<string>();
        if (was.Type != now.Type) parts.Add($"type {was.Type} -> {now.Type}");
        if (was.NotNull != now.NotNull) parts.Add(now.NotNull ? "now NOT NULL" : "now nullable");
        if (was.PrimaryKey != now.PrimaryKey) parts.Add("primary key");
        if (was.AutoIncrement != now.AutoIncrement) parts.Add("AUTOINCREMENT");
        if (was.Default != now.Default) parts.Add($"default {was.Default ?? "none"} -> {now.Default ?? "none"}");
        if (was.Check != now.Check) parts.Add("check");
        if (was.Collate != now.Collate) parts.Add($"collation {was.Collate ?? "BINARY"} -> {now.Collate ?? "BINARY"}");
        if (was.Form != now.Form) parts.Add($"stored as {now.Form ?? "before"} (was {was.Form ?? "the earlier form"})");
        if (!was.EnumNames.Equals(now.EnumNames) && was.Check == now.Check) parts.Add("enum numbers");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}

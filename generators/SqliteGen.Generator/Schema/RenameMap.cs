using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Schema;

/// <summary>
/// Which table and column of the newer schema is which of the older one. A name present in both is the
/// same object; a name only in the newer one is new unless its <c>[RenamedFrom]</c> names an object of
/// the older schema that the newer one no longer has. Nothing is guessed from similar shapes.
/// SQLite compares names case-insensitively, and so does this map.
/// </summary>
internal sealed class RenameMap
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    // newer table name -> older table name; per newer table: newer column name -> older column name.
    private readonly Dictionary<string, string> _tables;
    private readonly Dictionary<string, Dictionary<string, string>> _columns;

    private RenameMap(Dictionary<string, string> tables, Dictionary<string, Dictionary<string, string>> columns)
    {
        _tables = tables;
        _columns = columns;
    }

    /// <summary>
    /// Matches <paramref name="newer"/> to <paramref name="older"/>. A <c>[RenamedFrom]</c> that cannot
    /// apply (the old name is not in <paramref name="older"/>) is described in <paramref name="unresolved"/>.
    /// </summary>
    public static RenameMap Resolve(DatabaseSchema older, DatabaseSchema newer, List<string>? unresolved = null)
    {
        var tables = new Dictionary<string, string>(Names);
        var columns = new Dictionary<string, Dictionary<string, string>>(Names);
        var olderTables = older.Tables.ToDictionary(t => t.Name, Names);
        var newerNames = new HashSet<string>(newer.Tables.Select(t => t.Name), Names);
        var claimed = new HashSet<string>(Names);

        foreach (TableSchema table in newer.Tables)
        {
            string? source = Match(table.Name, table.RenamedFrom, olderTables.ContainsKey, newerNames, claimed);
            if (source is null)
            {
                if (table.RenamedFrom.Count > 0)
                    unresolved?.Add($"table {table.Name}: [RenamedFrom({Quote(table.RenamedFrom)})] names no table of the previous version that this one dropped, so {table.Name} is created as a new table");
                continue;
            }
            tables[table.Name] = source;
            TableSchema old = olderTables[source];
            var oldColumns = new HashSet<string>(old.Columns.Select(c => c.Name), Names);
            var newColumns = new HashSet<string>(table.Columns.Select(c => c.Name), Names);
            var columnClaims = new HashSet<string>(Names);
            var map = new Dictionary<string, string>(Names);
            foreach (ColumnSchema column in table.Columns)
            {
                string? from = Match(column.Name, column.RenamedFrom, oldColumns.Contains, newColumns, columnClaims);
                if (from is not null)
                    map[column.Name] = from;
                else if (column.RenamedFrom.Count > 0)
                    unresolved?.Add($"column {table.Name}.{column.Name}: [RenamedFrom({Quote(column.RenamedFrom)})] names no column of {source} in the previous version that this one dropped, so {column.Name} is added as a new column");
            }
            columns[table.Name] = map;
        }
        return new RenameMap(tables, columns);
    }

    private static string? Match(string name, EquatableArray<string> renamedFrom, Func<string, bool> olderHas, HashSet<string> newerNames, HashSet<string> claimed)
    {
        if (olderHas(name) && claimed.Add(name))
            return name;
        // A [RenamedFrom] left in place after its version shipped finds its old name gone and is ignored above;
        // one whose old name is still used by the newer schema would be a copy, not a rename.
        foreach (string old in renamedFrom)
        {
            if (olderHas(old) && !newerNames.Contains(old) && claimed.Add(old))
                return old;
        }
        return null;
    }

    private static string Quote(EquatableArray<string> names) => string.Join(", ", names.Select(n => "\"" + n + "\""));

    /// <summary>The older name of a newer table, or null when the table is new.</summary>
    public string? OlderTable(string newerTable) => _tables.TryGetValue(newerTable, out string? older) ? older : null;

    /// <summary>The older name of a column of a newer table, or null when the column is new.</summary>
    public string? OlderColumn(string newerTable, string newerColumn) =>
        _columns.TryGetValue(newerTable, out Dictionary<string, string>? map) && map.TryGetValue(newerColumn, out string? older) ? older : null;

    /// <summary>The same correspondence seen from the other side (for the Down direction).</summary>
    public RenameMap Inverse()
    {
        var tables = new Dictionary<string, string>(Names);
        var columns = new Dictionary<string, Dictionary<string, string>>(Names);
        foreach (KeyValuePair<string, string> table in _tables)
        {
            tables[table.Value] = table.Key;
            var map = new Dictionary<string, string>(Names);
            foreach (KeyValuePair<string, string> column in _columns[table.Key])
                map[column.Value] = column.Key;
            columns[table.Value] = map;
        }
        return new RenameMap(tables, columns);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>
/// A database's schema as SQLite itself reports it (<c>pragma table_list</c>, <c>table_info</c>, <c>index_list</c>,
/// <c>index_xinfo</c>, <c>foreign_key_list</c> and <c>sqlite_schema</c>), and the differences between two of them by
/// table, column and index. <see cref="SchemaAdoption"/> reads a file and a version's schema built in memory from its
/// steps, so both sides come from the same SQLite and nothing is parsed from the records or the snapshots.
/// </summary>
internal static class SchemaComparer
{
    internal sealed record Column(string Name, string Type, bool NotNull, string? Default, int KeyPosition);

    internal sealed record Index(string Name, bool Unique, string Origin, string Columns, string? Where)
    {
        public string Shape => (Unique ? "unique on (" : "on (") + Columns + ")" + (Where is null ? "" : " WHERE " + Where);
    }

    internal sealed record Table(string Name, List<Column> Columns, bool Strict, bool WithoutRowid, bool AutoIncrement, List<Index> Indexes, List<string> ForeignKeys, string Sql);

    /// <summary>Views, triggers and virtual tables: compared by their normalized SQL.</summary>
    internal sealed record SchemaObject(string Type, string Name, string TableName, string Sql);

    internal sealed record Schema(Dictionary<string, Table> Tables, Dictionary<string, SchemaObject> Objects);

    public static Schema Read(SqliteConnection connection)
    {
        var tables = new Dictionary<string, Table>(StringComparer.OrdinalIgnoreCase);
        var objects = new Dictionary<string, SchemaObject>(StringComparer.OrdinalIgnoreCase);
        var sql = Rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" + Migrator.HistoryTable + "'")
            .ToDictionary(r => (string)r[1]!, r => (Type: (string)r[0]!, TableName: (string)r[2]!, Sql: r[3] as string ?? ""), StringComparer.OrdinalIgnoreCase);

        foreach (object?[] row in Rows(connection, "SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'"))
        {
            string name = (string)row[0]!;
            string type = (string)row[1]!;
            if (!sql.TryGetValue(name, out var entry) || type == "shadow")
                continue; // SQLite's own tables, the history table, and the shadow tables of a virtual table (they follow it)
            if (type is "view" or "virtual")
            {
                objects[name] = new SchemaObject(type == "view" ? "view" : "virtual table", name, name, entry.Sql);
                continue;
            }
            var columns = Rows(connection, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($t)", name)
                .Select(r => new Column((string)r[0]!, ((string)r[1]!).ToUpperInvariant(), Convert.ToInt64(r[2], CultureInfo.InvariantCulture) != 0, r[3] as string, Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))
                .ToList();
            var indexes = new List<Index>();
            foreach (object?[] index in Rows(connection, "SELECT name, \"unique\", origin FROM pragma_index_list($t)", name))
            {
                string indexName = (string)index[0]!;
                string origin = (string)index[2]!;
                if (origin == "pk")
                    continue; // the primary key is compared through the columns' key positions
                string keyColumns = string.Join(", ", Rows(connection, "SELECT name, \"desc\", coll FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno", indexName)
                    .Select(c => (c[0] as string ?? "<expression>") + (Convert.ToInt64(c[1], CultureInfo.InvariantCulture) != 0 ? " DESC" : "")
                        + (string.Equals(c[2] as string, "BINARY", StringComparison.OrdinalIgnoreCase) ? "" : " COLLATE " + c[2])));
                string? where = sql.TryGetValue(indexName, out var indexSql) ? WhereClause(indexSql.Sql) : null;
                indexes.Add(new Index(indexName, Convert.ToInt64(index[1], CultureInfo.InvariantCulture) != 0, origin, keyColumns, where));
            }
            var foreignKeys = Rows(connection, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($t) ORDER BY id, seq", name)
                .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
                .Select(g => ForeignKey(connection, g.ToList()))
                .ToList();
            tables[name] = new Table(name, columns, Convert.ToInt64(row[3], CultureInfo.InvariantCulture) != 0, Convert.ToInt64(row[2], CultureInfo.InvariantCulture) != 0,
                Regex.IsMatch(entry.Sql, @"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase), indexes, foreignKeys, entry.Sql);
        }
        foreach ((string name, var entry) in sql.Where(e => e.Value.Type == "trigger"))
            objects[name] = new SchemaObject("trigger", name, entry.TableName, entry.Sql);
        return new Schema(tables, objects);
    }

    /// <summary>Every difference of <paramref name="file"/> from <paramref name="expected"/>, by table, then column, index, foreign key.</summary>
    public static List<SchemaDifference> Compare(Schema file, Schema expected, string version)
    {
        var differences = new List<SchemaDifference>();
        void Add(SchemaDifferenceKind kind, string table, string? name, string description, bool canAccept = false) =>
            differences.Add(new SchemaDifference(kind, table, name, description, canAccept));

        foreach (Table want in expected.Tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!file.Tables.TryGetValue(want.Name, out Table? have))
            {
                Add(SchemaDifferenceKind.MissingTable, want.Name, null, $"table {want.Name}: missing ({version} has it with columns {string.Join(", ", want.Columns.Select(c => c.Name))})");
                continue;
            }
            int before = differences.Count;
            CompareColumns(have, want, version, Add);
            if (have.WithoutRowid != want.WithoutRowid)
                Add(SchemaDifferenceKind.TableOption, want.Name, null, $"table {want.Name}: {(have.WithoutRowid ? "is" : "is not")} WITHOUT ROWID ({version}'s {(want.WithoutRowid ? "is" : "is not")})");
            if (have.AutoIncrement != want.AutoIncrement)
                Add(SchemaDifferenceKind.TableOption, want.Name, null, $"table {want.Name}: its primary key {(have.AutoIncrement ? "is" : "is not")} AUTOINCREMENT ({version}'s {(want.AutoIncrement ? "is" : "is not")})");
            foreach (string key in want.ForeignKeys.Where(k => !have.ForeignKeys.Contains(k, StringComparer.OrdinalIgnoreCase)))
                Add(SchemaDifferenceKind.MissingForeignKey, want.Name, key, $"table {want.Name}: foreign key {key} is missing" + Nearest(key, have.ForeignKeys));
            foreach (string key in have.ForeignKeys.Where(k => !want.ForeignKeys.Contains(k, StringComparer.OrdinalIgnoreCase)))
                Add(SchemaDifferenceKind.ExtraForeignKey, want.Name, key, $"table {want.Name}: foreign key {key} is not in {version}");
            CompareIndexes(have, want, version, Add);
            if (differences.Skip(before).All(d => d.Kind == SchemaDifferenceKind.ExtraIndex))
            {
                // Equal to the pragmas: what is left is in the text only (CHECK, COLLATE, a constraint clause).
                string haveText = Normalize(TableBody(have.Sql)), wantText = Normalize(TableBody(want.Sql));
                if (!string.Equals(haveText, wantText, StringComparison.Ordinal) && !OnlyUniqueConstraintsDiffer(have, haveText, wantText))
                    Add(SchemaDifferenceKind.TableDefinition, want.Name, null, $"table {want.Name}: its CREATE TABLE differs in a clause the pragmas do not show (CHECK, COLLATE, a constraint): the file has ({haveText}), {version} has ({wantText})");
            }
            if (have.Strict != want.Strict)
                Add(SchemaDifferenceKind.NotStrict, want.Name, null, $"table {want.Name}: is {(have.Strict ? "" : "not ")}STRICT ({version}'s is{(want.Strict ? "" : " not")}): SQLite does not check the storage class of values other tools write to it; the next rebuild of the table makes it STRICT and stops on a value of the wrong type", canAccept: !have.Strict);
        }
        foreach (Table extra in file.Tables.Values.Where(t => !expected.Tables.ContainsKey(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal))
            Add(SchemaDifferenceKind.ExtraTable, extra.Name, null, $"table {extra.Name}: not in {version} (migrations leave it alone)", canAccept: true);

        foreach (SchemaObject want in expected.Objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            if (!file.Objects.TryGetValue(want.Name, out SchemaObject? have))
                Add(SchemaDifferenceKind.MissingObject, want.TableName, want.Name, $"{want.Type} {want.Name}: missing");
            else if (!string.Equals(Normalize(have.Sql), Normalize(want.Sql), StringComparison.Ordinal))
                Add(SchemaDifferenceKind.MissingObject, want.TableName, want.Name, $"{want.Type} {want.Name}: differs: the file has ({Normalize(have.Sql)}), {version} has ({Normalize(want.Sql)})");
        }
        foreach (SchemaObject extra in file.Objects.Values.Where(o => !expected.Objects.ContainsKey(o.Name)).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            bool trigger = extra.Type == "trigger";
            Add(SchemaDifferenceKind.ExtraObject, extra.TableName, extra.Name,
                $"{extra.Type} {extra.Name}: not in {version}" + (trigger ? $" (a rebuild of table {extra.TableName} by a later version would drop it)" : " (migrations leave it alone)"),
                canAccept: !trigger && extra.Type == "view");
        }
        return differences;
    }

    private static void CompareColumns(Table have, Table want, string version, Action<SchemaDifferenceKind, string, string?, string, bool> add)
    {
        string t = want.Name;
        var haveByName = have.Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var wantNames = new HashSet<string>(want.Columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        foreach (Column w in want.Columns)
        {
            if (!haveByName.TryGetValue(w.Name, out Column? h))
            {
                add(SchemaDifferenceKind.MissingColumn, t, w.Name, $"column {t}.{w.Name}: missing ({version} has {Describe(w)})", false);
                continue;
            }
            if (!string.Equals(h.Type, w.Type, StringComparison.Ordinal))
                add(SchemaDifferenceKind.ColumnType, t, w.Name, $"column {t}.{w.Name}: type {Shown(h.Type)} in the file, {Shown(w.Type)} in {version}", false);
            if (h.NotNull != w.NotNull)
                add(SchemaDifferenceKind.ColumnNotNull, t, w.Name, $"column {t}.{w.Name}: {(h.NotNull ? "NOT NULL" : "NULL allowed")} in the file, {(w.NotNull ? "NOT NULL" : "NULL allowed")} in {version}", false);
            if (!string.Equals(Normalize(h.Default ?? ""), Normalize(w.Default ?? ""), StringComparison.Ordinal))
                add(SchemaDifferenceKind.ColumnDefault, t, w.Name, $"column {t}.{w.Name}: DEFAULT {h.Default ?? "none"} in the file, {w.Default ?? "none"} in {version}", false);
        }
        foreach (Column h in have.Columns.Where(c => !wantNames.Contains(c.Name)))
            add(SchemaDifferenceKind.ExtraColumn, t, h.Name, $"column {t}.{h.Name}: not in {version} ({Describe(h)}; the next rebuild of the table would drop its values)", false);

        string haveKey = string.Join(", ", have.Columns.Where(c => c.KeyPosition > 0).OrderBy(c => c.KeyPosition).Select(c => c.Name));
        string wantKey = string.Join(", ", want.Columns.Where(c => c.KeyPosition > 0).OrderBy(c => c.KeyPosition).Select(c => c.Name));
        if (!string.Equals(haveKey, wantKey, StringComparison.OrdinalIgnoreCase))
            add(SchemaDifferenceKind.PrimaryKey, t, null, $"table {t}: primary key ({haveKey}) in the file, ({wantKey}) in {version}", false);

        var haveOrder = have.Columns.Select(c => c.Name).Where(wantNames.Contains).ToList();
        if (haveOrder.Count == want.Columns.Count && !haveOrder.SequenceEqual(want.Columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase))
            add(SchemaDifferenceKind.ColumnOrder, t, null, $"table {t}: columns in the order ({string.Join(", ", haveOrder)}) in the file, ({string.Join(", ", want.Columns.Select(c => c.Name))}) in {version}", false);
    }

    private static void CompareIndexes(Table have, Table want, string version, Action<SchemaDifferenceKind, string, string?, string, bool> add)
    {
        string t = want.Name;
        foreach (Index w in want.Indexes)
        {
            Index? h = have.Indexes.FirstOrDefault(i => string.Equals(i.Name, w.Name, StringComparison.OrdinalIgnoreCase));
            if (h is null)
            {
                Index? same = have.Indexes.FirstOrDefault(i => i.Shape.Equals(w.Shape, StringComparison.OrdinalIgnoreCase));
                string hint = same is null ? "" : same.Origin == "u"
                    ? $"; the file has a UNIQUE constraint on the same columns ({same.Name}), but later versions drop and create indexes by name"
                    : $"; the file has {same.Name} on the same columns, but later versions drop and create indexes by name";
                add(SchemaDifferenceKind.MissingIndex, t, w.Name, $"index {w.Name} on {t}: missing ({version} has it {w.Shape}){hint}", false);
            }
            else if (!h.Shape.Equals(w.Shape, StringComparison.OrdinalIgnoreCase))
                add(SchemaDifferenceKind.IndexDiffers, t, w.Name, $"index {w.Name} on {t}: {h.Shape} in the file, {w.Shape} in {version}", false);
        }
        foreach (Index h in have.Indexes.Where(i => !want.Indexes.Any(w => string.Equals(w.Name, i.Name, StringComparison.OrdinalIgnoreCase))))
        {
            string what = h.Origin == "u" ? $"a UNIQUE constraint ({h.Name})" : $"index {h.Name}";
            add(SchemaDifferenceKind.ExtraIndex, t, h.Name, $"{what} on {t}: {h.Shape}, not in {version} (it keeps every row{(h.Unique ? "; inserts that duplicate it fail" : "")}; a rebuild of the table by a later version drops it)", true);
        }
    }

    private static bool OnlyUniqueConstraintsDiffer(Table have, string haveText, string wantText)
    {
        // An inline UNIQUE (...) clause is already reported as an extra index; strip those and compare again.
        if (!have.Indexes.Any(i => i.Origin == "u"))
            return false;
        string stripped = Regex.Replace(haveText, @",unique\([^()]*\)", "");
        stripped = Regex.Replace(stripped, @" unique(?=[,)]| |$)", "");
        return string.Equals(stripped, wantText, StringComparison.Ordinal);
    }

    private static string Describe(Column c) =>
        $"{Shown(c.Type)}{(c.NotNull ? " NOT NULL" : "")}{(c.Default is null ? "" : " DEFAULT " + c.Default)}{(c.KeyPosition > 0 ? " PRIMARY KEY" : "")}";

    private static string Shown(string type) => type.Length == 0 ? "(no type)" : type;

    private static string Nearest(string key, List<string> keys)
    {
        string from = key.Split(" -> ")[0];
        string? near = keys.FirstOrDefault(k => k.StartsWith(from + " -> ", StringComparison.OrdinalIgnoreCase));
        return near is null ? "" : $" (the file has {near})";
    }

    private static string ForeignKey(SqliteConnection connection, List<object?[]> rows)
    {
        string parent = (string)rows[0][1]!;
        string from = string.Join(", ", rows.Select(r => (string)r[2]!));
        // "REFERENCES parent" without columns means the parent's primary key.
        string to = rows.All(r => r[3] is string)
            ? string.Join(", ", rows.Select(r => (string)r[3]!))
            : string.Join(", ", Rows(connection, "SELECT name FROM pragma_table_info($t) WHERE pk > 0 ORDER BY pk", parent).Select(r => (string)r[0]!));
        return $"({from}) -> {parent} ({to}) ON DELETE {rows[0][5]} ON UPDATE {rows[0][4]}";
    }

    private static string? WhereClause(string indexSql)
    {
        Match where = Regex.Match(Normalize(indexSql), @"\)where (?<w>.*)$");
        return where.Success ? where.Groups["w"].Value : null;
    }

    /// <summary>The text between a CREATE TABLE's outer parentheses (its columns and constraints).</summary>
    private static string TableBody(string createTable)
    {
        string text = StripComments(createTable);
        int open = text.IndexOf('(');
        int close = text.LastIndexOf(')');
        return open < 0 || close < open ? text : text.Substring(open + 1, close - open - 1);
    }

    /// <summary>SQL text compared the way SQLite reads it: comments, quotes around identifiers, case and spacing do not matter.</summary>
    internal static string Normalize(string sql)
    {
        var text = new StringBuilder();
        string source = StripComments(sql);
        for (int i = 0; i < source.Length; i++)
        {
            char c = source[i];
            if (c == '\'')
            {
                int end = i + 1;
                while (end < source.Length && !(source[end] == '\'' && (end + 1 >= source.Length || source[end + 1] != '\'')))
                    end += source[end] == '\'' ? 2 : 1;
                text.Append(source, i, Math.Min(end + 1, source.Length) - i); // string literals keep their case and spaces
                i = end;
            }
            else if (c is '"' or '`' or '[' or ']')
                continue;
            else if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                    text.Append(' ');
            }
            else
                text.Append(char.ToLowerInvariant(c));
        }
        return Regex.Replace(text.ToString().Trim(), @" ?([(),=<>+*/-]) ?", "$1");
    }

    private static string StripComments(string sql) => Regex.Replace(sql, @"--[^\n]*|/\*.*?\*/", " ", RegexOptions.Singleline);

    private static List<object?[]> Rows(SqliteConnection connection, string sql, string? parameter = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$t", parameter);
            command.Parameters.AddWithValue("$i", parameter);
        }
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}

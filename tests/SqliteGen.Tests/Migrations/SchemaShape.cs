using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Tests.Migrations;

/// <summary>
/// A database's schema in a form two files can be compared in: what the pragmas say of each table
/// (columns with type, NOT NULL, default and key position; indexes with uniqueness, partial flag and
/// columns; foreign keys with actions) plus each object's SQL with quoting and spacing normalized
/// (SQLite rewrites the stored SQL on ALTER TABLE, quoting renamed names). The history table is left out.
/// </summary>
public static partial class SchemaShape
{
    public static IReadOnlyList<string> Read(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var lines = new List<string>();
        foreach ((string type, string name, string sql, _, _) in Rows(connection, $"SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name <> '{Runtime.Migrator.HistoryTable}' AND sql IS NOT NULL ORDER BY name"))
        {
            lines.Add($"{type} {name}: {Normalize(sql)}");
            if (type != "table")
                continue;
            foreach (var c in Rows(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo('{name}')"))
                lines.Add($"  column {c.Item1} {c.Item2} notnull={c.Item3} default={c.Item4} pk={c.Item5}");
            foreach (var i in Rows(connection, $"SELECT name, \"unique\", partial, (SELECT group_concat(name) FROM pragma_index_info(il.name)) FROM pragma_index_list('{name}') AS il ORDER BY name"))
                lines.Add($"  index {i.Item1} unique={i.Item2} partial={i.Item3} columns={i.Item4}");
            foreach (var f in Rows(connection, $"SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{name}')"))
                lines.Add($"  foreign key {f.Item2} -> {f.Item1}({f.Item3}) on update {f.Item4} on delete {f.Item5}");
        }
        return lines;
    }

    /// <summary>
    /// Quotes dropped, whitespace collapsed, and no space inside parentheses or before a comma: ALTER TABLE ADD COLUMN
    /// splices ", column" in after the last column's text, so a migrated table reads "... NOT NULL\n, name ...)" where a
    /// fresh one reads "... NOT NULL,\n    name ...\n)". The tokens are the same.
    /// </summary>
    private static string Normalize(string sql)
    {
        string collapsed = Spaces().Replace(sql.Replace("\"", ""), " ").Trim();
        return collapsed.Replace(" ,", ",").Replace("( ", "(").Replace(" )", ")");
    }

    private static IEnumerable<(string, string, string, string, string)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string Text(int i) => i < reader.FieldCount && !reader.IsDBNull(i) ? reader.GetValue(i).ToString()! : "";
            yield return (Text(0), Text(1), Text(2), Text(3), Text(4));
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using SqliteGen;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen inspect &lt;db&gt;</c>: what is in the file and how big it is. Never writes.</summary>
internal static class InspectCommand
{
    public static readonly CommandSpec Spec = new(
        "inspect",
        "list tables and indexes with row counts and sizes, and the file's settings",
        ["db"],
        [],
        [],
        """
        usage: sqlitegen inspect <db>

        Prints the file's settings (SQLite version, journal mode, user_version, page size and count,
        free pages, file and WAL sizes), then every table with its row count and size on disk, and every
        index with its table, columns, uniqueness and size in bytes (all its pages: b-tree and overflow,
        read from the file). Sizes are measured only when the WAL is empty (no other connection has
        uncheckpointed writes; 'sqlitegen checkpoint <db> --mode truncate' empties it). Never writes.

        exit codes: 0 done, 3 missing file or not a database, 2 bad arguments.

        """,
        Run);

    private sealed record Index(string Name, string Table, string Columns, bool Unique, bool Partial);

    private static int Run(CommandContext context)
    {
        string path = Path.GetFullPath(context.Args.Positionals[0]);
        using SqliteConnection connection = CliDatabase.OpenExisting(path, readOnly: true);
        TextWriter output = context.Out;

        long walBytes = File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;
        output.WriteLine($"file           {path}");
        output.WriteLine($"file size      {Format.Bytes(new FileInfo(path).Length)}");
        output.WriteLine($"wal size       {Format.Bytes(walBytes)}");
        output.WriteLine($"sqlite         {connection.ServerVersion}");
        output.WriteLine($"journal mode   {CliDatabase.Scalar(connection, "PRAGMA journal_mode")}");
        output.WriteLine($"user_version   {CliDatabase.Scalar(connection, "PRAGMA user_version")}");
        output.WriteLine($"page size      {Format.Bytes(Number(connection, "PRAGMA page_size"))}");
        output.WriteLine($"pages          {Format.Count(Number(connection, "PRAGMA page_count"))} ({Format.Count(Number(connection, "PRAGMA freelist_count"))} free)");

        List<string> tables = Names(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        SpaceReport space = DatabaseMaintenance.ForFile(path).MeasureSpace(context.Cancellation);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (BTreeUsage tree in space.BTrees)
            sizes[tree.Name] = tree.Bytes;
        string Size(string name) => space.NotMeasuredReason is not null ? "-" : Format.Count(sizes.GetValueOrDefault(name));

        output.WriteLine();
        output.WriteLine($"tables ({tables.Count})");
        var tableRows = new TextTable("name", "rows", "bytes") { RightAligned = { 1, 2 } };
        var indexes = new List<Index>();
        foreach (string table in tables)
        {
            tableRows.Add(table, RowCount(connection, table), Size(table));
            indexes.AddRange(Indexes(connection, table));
        }
        tableRows.WriteTo(output);

        output.WriteLine();
        output.WriteLine($"indexes ({indexes.Count})");
        var indexRows = new TextTable("name", "table", "columns", "unique", "bytes") { RightAligned = { 4 } };
        foreach (Index index in indexes)
            indexRows.Add(index.Name, index.Table, index.Columns + (index.Partial ? " (partial)" : ""), index.Unique ? "yes" : "no", Size(index.Name));
        indexRows.WriteTo(output);
        if (space.NotMeasuredReason is not null)
            output.WriteLine($"(sizes not measured: {space.NotMeasuredReason})");
        return ExitCodes.Ok;
    }

    private static string RowCount(SqliteConnection connection, string table)
    {
        try
        {
            return Format.Count(Convert.ToInt64(CliDatabase.Scalar(connection, "SELECT count(*) FROM " + CliDatabase.Quote(table)), CultureInfo.InvariantCulture));
        }
        catch (SqliteException)
        {
            return "?"; // a virtual table whose module is not loaded here (fts5 is; sqlite-vec may not be)
        }
    }

    private static List<Index> Indexes(SqliteConnection connection, string table)
    {
        var indexes = new List<Index>();
        using SqliteCommand list = connection.CreateCommand();
        list.CommandText = "SELECT name, \"unique\", partial FROM pragma_index_list($table) ORDER BY name";
        list.Parameters.AddWithValue("$table", table);
        using SqliteDataReader reader = list.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            List<string> columns = Names(connection, "SELECT coalesce(name, '<expression>') FROM pragma_index_info(" + Literal(name) + ") ORDER BY seqno");
            indexes.Add(new Index(name, table, string.Join(", ", columns), reader.GetInt64(1) != 0, reader.GetInt64(2) != 0));
        }
        return indexes;
    }

    private static List<string> Names(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private static long Number(SqliteConnection connection, string sql) =>
        Convert.ToInt64(CliDatabase.Scalar(connection, sql), CultureInfo.InvariantCulture);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}

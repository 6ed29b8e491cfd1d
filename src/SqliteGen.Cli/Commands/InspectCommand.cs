using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
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
        ["json"],
        [],
        """
        usage: sqlitegen inspect <db> [--json]

        Prints the file's settings (SQLite version, journal mode, user_version, page size and count,
        free pages, file and WAL sizes), then every table with its row count and size on disk, and every
        index with its table, columns, uniqueness and size in bytes (all its pages: b-tree and overflow,
        read from the file). Sizes are measured only when the WAL is empty (no other connection has
        uncheckpointed writes; 'sqlitegen checkpoint <db> --mode truncate' empties it). Never writes.

          --json   print the same as one JSON object (rows and bytes are null where not known)

        exit codes: 0 done, 3 missing file or not a database, 2 bad arguments.

        """,
        Run);

    private sealed record Table(string Name, long? Rows, long? Bytes);

    private sealed record Index(string Name, string Table, List<string> Columns, bool Unique, bool Partial, long? Bytes);

    /// <summary>What inspect found, printed as text or JSON.</summary>
    private sealed record Inspection(
        string File, long FileBytes, long WalBytes, string Sqlite, string JournalMode, long UserVersion,
        long PageSize, long Pages, long FreePages, List<Table> Tables, List<Index> Indexes, string? SizesNotMeasured);

    private static int Run(CommandContext context)
    {
        Inspection inspection = Inspect(Path.GetFullPath(context.Args.Positionals[0]), context.Cancellation);
        if (context.Args.Has("json"))
            WriteJson(inspection, context.Out);
        else
            WriteText(inspection, context.Out);
        return ExitCodes.Ok;
    }

    private static Inspection Inspect(string path, CancellationToken cancellation)
    {
        using SqliteConnection connection = CliDatabase.OpenExisting(path, readOnly: true);
        SpaceReport space = DatabaseMaintenance.ForFile(path).MeasureSpace(cancellation);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (BTreeUsage tree in space.BTrees)
            sizes[tree.Name] = tree.Bytes;
        long? Size(string name) => space.NotMeasuredReason is null ? sizes.GetValueOrDefault(name) : null;

        var tables = new List<Table>();
        var indexes = new List<Index>();
        foreach (string table in Names(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"))
        {
            tables.Add(new Table(table, RowCount(connection, table), Size(table)));
            foreach ((string name, List<string> columns, bool unique, bool partial) in Indexes(connection, table))
                indexes.Add(new Index(name, table, columns, unique, partial, Size(name)));
        }
        string wal = path + "-wal";
        return new Inspection(
            path, new FileInfo(path).Length, File.Exists(wal) ? new FileInfo(wal).Length : 0, connection.ServerVersion,
            Convert.ToString(CliDatabase.Scalar(connection, "PRAGMA journal_mode"), CultureInfo.InvariantCulture) ?? "",
            Number(connection, "PRAGMA user_version"), Number(connection, "PRAGMA page_size"),
            Number(connection, "PRAGMA page_count"), Number(connection, "PRAGMA freelist_count"),
            tables, indexes, space.NotMeasuredReason);
    }

    private static void WriteText(Inspection inspection, TextWriter output)
    {
        output.WriteLine($"file           {inspection.File}");
        output.WriteLine($"file size      {Format.Bytes(inspection.FileBytes)}");
        output.WriteLine($"wal size       {Format.Bytes(inspection.WalBytes)}");
        output.WriteLine($"sqlite         {inspection.Sqlite}");
        output.WriteLine($"journal mode   {inspection.JournalMode}");
        output.WriteLine($"user_version   {inspection.UserVersion}");
        output.WriteLine($"page size      {Format.Bytes(inspection.PageSize)}");
        output.WriteLine($"pages          {Format.Count(inspection.Pages)} ({Format.Count(inspection.FreePages)} free)");

        output.WriteLine();
        output.WriteLine($"tables ({inspection.Tables.Count})");
        var tables = new TextTable("name", "rows", "bytes") { RightAligned = { 1, 2 } };
        foreach (Table table in inspection.Tables)
            tables.Add(table.Name, table.Rows is { } rows ? Format.Count(rows) : "?", Bytes(table.Bytes));
        tables.WriteTo(output);

        output.WriteLine();
        output.WriteLine($"indexes ({inspection.Indexes.Count})");
        var indexes = new TextTable("name", "table", "columns", "unique", "bytes") { RightAligned = { 4 } };
        foreach (Index index in inspection.Indexes)
            indexes.Add(index.Name, index.Table, string.Join(", ", index.Columns) + (index.Partial ? " (partial)" : ""), index.Unique ? "yes" : "no", Bytes(index.Bytes));
        indexes.WriteTo(output);
        if (inspection.SizesNotMeasured is not null)
            output.WriteLine($"(sizes not measured: {inspection.SizesNotMeasured})");
    }

    private static string Bytes(long? bytes) => bytes is { } value ? Format.Count(value) : "-";

    private static void WriteJson(Inspection inspection, TextWriter output) => JsonOutput.WriteObject(output, json =>
    {
        json.WriteString("file", inspection.File);
        json.WriteNumber("file_bytes", inspection.FileBytes);
        json.WriteNumber("wal_bytes", inspection.WalBytes);
        json.WriteString("sqlite", inspection.Sqlite);
        json.WriteString("journal_mode", inspection.JournalMode);
        json.WriteNumber("user_version", inspection.UserVersion);
        json.WriteNumber("page_size", inspection.PageSize);
        json.WriteNumber("pages", inspection.Pages);
        json.WriteNumber("free_pages", inspection.FreePages);
        json.WriteStartArray("tables");
        foreach (Table table in inspection.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", table.Name);
            json.WriteNumberOrNull("rows", table.Rows);
            json.WriteNumberOrNull("bytes", table.Bytes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("indexes");
        foreach (Index index in inspection.Indexes)
        {
            json.WriteStartObject();
            json.WriteString("name", index.Name);
            json.WriteString("table", index.Table);
            json.WriteStrings("columns", index.Columns);
            json.WriteBoolean("unique", index.Unique);
            json.WriteBoolean("partial", index.Partial);
            json.WriteNumberOrNull("bytes", index.Bytes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("sizes_not_measured", inspection.SizesNotMeasured);
    });

    /// <summary>The row count, or null for a virtual table whose module is not loaded here (fts5 is; sqlite-vec may not be).</summary>
    private static long? RowCount(SqliteConnection connection, string table)
    {
        try
        {
            return Convert.ToInt64(CliDatabase.Scalar(connection, "SELECT count(*) FROM " + CliDatabase.Quote(table)), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private static List<(string Name, List<string> Columns, bool Unique, bool Partial)> Indexes(SqliteConnection connection, string table)
    {
        var indexes = new List<(string, List<string>, bool, bool)>();
        using SqliteCommand list = connection.CreateCommand();
        list.CommandText = "SELECT name, \"unique\", partial FROM pragma_index_list($table) ORDER BY name";
        list.Parameters.AddWithValue("$table", table);
        using SqliteDataReader reader = list.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            List<string> columns = Names(connection, "SELECT coalesce(name, '<expression>') FROM pragma_index_info(" + Literal(name) + ") ORDER BY seqno");
            indexes.Add((name, columns, reader.GetInt64(1) != 0, reader.GetInt64(2) != 0));
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

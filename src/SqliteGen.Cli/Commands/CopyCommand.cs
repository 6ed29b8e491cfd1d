using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Copy;
using SqliteGen.Cli.Migrations;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen copy &lt;db&gt; &lt;connection&gt;</c>: a database file into an empty PostgreSQL database, verified (docs/postgresql.md).</summary>
internal static class CopyCommand
{
    public static readonly CommandSpec Spec = new(
        "copy",
        "copies a database file into an empty PostgreSQL database and verifies every table",
        ["db", "connection"],
        ["replace"],
        ["snapshots", "database"],
        """
        usage: sqlitegen copy <db> <connection> [--snapshots <folder>] [--database <Name>] [--replace]

        Copies a SqliteGen database file into PostgreSQL: <connection> is an Npgsql connection string
        ("Host=db.example.com;Database=app;Username=app;Password=..."). In one PostgreSQL transaction it
          1. creates the schema of the file's version, from the project's committed snapshots
             (sqlitegen/<Database>.v<N>.json), with PostgreSQL types chosen from each column's .NET type
             (docs/type-mapping.md);
          2. copies every table with binary COPY, referenced tables first, converting SQLite's stored text
             (Guid, decimal, dates and times, JSON) to uuid, numeric, timestamptz, date, time, jsonb;
          3. moves each identity column's sequence past the largest copied id;
          4. reads every table back and compares its row count and content checksum with the file's;
          5. records, for each version of the file's history, the checksum of that version's PostgreSQL step
             (what 'sqlitegen migrate <connection>' and the application's PostgreSQL migrations check);
        and commits only when all of it succeeded: on any error the target keeps nothing. The file is only read, in one
        read transaction: the copy is of one state of the file, even while an application writes to it.
        Progress goes to stderr; a table of the copied rows and checksums to stdout.

          --snapshots <folder>   the snapshot folder (default: ./sqlitegen)
          --database <Name>      which database, when the folder holds several and the file's tables do not say
          --replace              the target may hold tables: the tables of this database (and its history table)
                                 are dropped and created again; without it a target with any table is refused

        PostgreSQL stores times to the microsecond: the 7th fractional digit of a DateTime, DateTimeOffset,
        TimeOnly or TimeSpan is dropped. Full-text tables (FTS5) are SQLite's own and are not copied.

        exit codes: 0 copied and verified, 1 refused or failed (connection, a row PostgreSQL rejects, a non-empty
        target, verification; nothing is left on the target), 2 bad arguments, 3 missing file or snapshots.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        // DateTime.MinValue and MaxValue are dates like any other here, not PostgreSQL's -infinity and infinity.
        AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
        string path = context.Args.Positionals[0];
        string connectionString = context.Args.Positionals[1];
        if (!File.Exists(path))
            throw new FileProblemException($"'{path}' does not exist.");
        string folder = context.Args.Value("snapshots") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen");
        int version = MigrateCommand.FileVersion(path);
        string? database = context.Args.Value("database") ?? SnapshotHistory.Identify(folder, version, MigrateCommand.FileTables(path));
        SnapshotHistory history = SnapshotHistory.Load(folder, database);
        if (version < 1)
            throw new CopyException($"'{path}' is at version 0: it holds no {history.DatabaseName} schema to copy. Nothing was copied.");
        DatabaseSchema schema = history.SchemaAt(version)
            ?? throw new CopyException($"'{path}' is at version {version} of {history.DatabaseName}, but the snapshots in '{folder}' go up to version {history.Migrations.Count}: a newer build wrote the file. Nothing was copied.");

        IReadOnlyList<CopiedTable> tables;
        using (SqliteConnection source = CliDatabase.OpenExisting(path, readOnly: true))
        {
            // One read transaction: every table is read from the same state of the file, even while an application writes
            // to it (WAL); closing the connection ends it.
            CliDatabase.Execute(source, "BEGIN");
            var copy = new PostgresCopy(source, path, history.DatabaseName, schema, context.Error, context.Cancellation) { PostgreSqlSteps = history.PostgreSqlMigrations };
            tables = copy.Run(connectionString, context.Args.Has("replace"));
        }
        var table = new TextTable("table", "rows", "checksum (both sides)");
        long rows = 0;
        foreach (CopiedTable copied in tables)
        {
            table.Add(copied.Name, copied.Rows.ToString("N0", CultureInfo.InvariantCulture), copied.Checksum);
            rows += copied.Rows;
        }
        table.WriteTo(context.Out);
        context.Out.WriteLine($"{path}: {history.DatabaseName} version {version} copied to PostgreSQL and verified: {tables.Count} tables, {rows.ToString("N0", CultureInfo.InvariantCulture)} rows.");
        return ExitCodes.Ok;
    }
}

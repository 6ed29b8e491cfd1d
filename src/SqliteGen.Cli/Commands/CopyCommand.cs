using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Copy;
using SqliteGen.Cli.Migrations;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Cli.Commands;

/// <summary>
/// <c>sqlitegen copy &lt;db&gt; &lt;connection&gt;</c>: a database file into an empty PostgreSQL database, verified
/// (docs/postgresql.md); <c>sqlitegen copy &lt;folder&gt;</c>: a tenant folder onto the tenant servers (<see cref="TenantFolderCopy"/>, docs/tenancy.md).
/// </summary>
internal static class CopyCommand
{
    public static readonly CommandSpec Spec = new(
        "copy",
        "copies a database file (or a tenant folder) into PostgreSQL and verifies every table",
        ["db", "connection?"],
        ["replace"],
        ["snapshots", "database", "servers", "base", "placement", "pin", "tenants-per-server"],
        """
        usage: sqlitegen copy <db> <connection> [--snapshots <folder>] [--database <Name>] [--replace]
               sqlitegen copy <folder> [--servers <file>] [--base <server>] [--placement fewest|hash]
                              [--pin <id>=<server>[,<id>=<server>...]] [--tenants-per-server <n>]
                              [--snapshots <folder>] [--database <Name>] [--replace]

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

        A tenant folder (the base file, the folder's one *.db, and tenants/<id>.db beside it, as ForTenant keeps them)
        goes to the tenant servers of --servers (the file 'sqlitegen tenant' reads; its first server holds the tenant
        directory): the base is copied as above to the first server's database (or --base), then each tenant file into a
        schema of its own, placed by the directory's policy (or pinned) in the placement's own transaction: the schema at
        the tenant file's version, the rows, the same verification, and only then the tenant in the directory. A tenant
        that fails is reported and is not in the directory; the others go on. Tenants are copied several at once, each
        in its own transaction (--tenants-per-server); a line on stderr says each tenant done. Run again, a tenant (or
        base) already there and matching its file (row counts and checksums) is skipped; one that differs is refused
        unless --replace.

          --snapshots <folder>   the snapshot folder (default: ./sqlitegen)
          --database <Name>      which database, when the folder holds several and the file's tables do not say
          --replace              the target may hold tables: the tables of this database (and its history table)
                                 are dropped and created again; without it a target with any table is refused.
                                 A tenant folder: the base and every tenant already placed are copied again (a
                                 tenant in place on its server, its writes blocked meanwhile)
          --servers <file>       a tenant folder's servers (default: ./sqlitegen/tenant-servers), one a line:
                                     <name> = <Npgsql connection string>
          --base <server>        the server the base file goes to (default: the first listed)
          --placement <policy>   fewest (default: the server with the fewest tenants) or hash (a stable hash of the id)
          --pin <id>=<server>    places those tenants on those servers rather than by the policy
          --tenants-per-server <n>
                                 tenants copied at once: n times the number of servers in all, and at most n on a
                                 server known beforehand (pinned, or placed already) (default: 2)

        PostgreSQL stores times to the microsecond: the 7th fractional digit of a DateTime, DateTimeOffset,
        TimeOnly or TimeSpan is dropped. Full-text tables (FTS5) are SQLite's own and are not copied.

        exit codes: 0 copied and verified, 1 refused or failed (connection, a row PostgreSQL rejects, a non-empty
        target, verification; nothing is left on the target; a tenant folder: any tenant that failed, the others
        placed), 2 bad arguments, 3 missing file, folder, servers file or snapshots.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        // DateTime.MinValue and MaxValue are dates like any other here, not PostgreSQL's -infinity and infinity.
        AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
        string path = context.Args.Positionals[0];
        if (Directory.Exists(path))
        {
            if (context.Args.Positionals.Count > 1)
                throw new UsageException("a tenant folder is copied to the servers of --servers, not to one <connection>");
            return TenantFolderCopy.Run(context, path);
        }
        foreach (string option in new[] { "servers", "base", "placement", "pin", "tenants-per-server" })
        {
            if (context.Args.Has(option))
                throw new UsageException($"--{option} is for a tenant folder; '{path}' is not a folder");
        }
        if (context.Args.Positionals.Count < 2)
            throw new UsageException("missing <connection> (a tenant folder takes --servers instead)");
        string connectionString = context.Args.Positionals[1];
        if (!File.Exists(path))
            throw new FileProblemException($"'{path}' does not exist.");
        SnapshotHistory history = HistoryOf(context, path);
        (int version, DatabaseSchema schema) = SchemaOf(history, path);

        IReadOnlyList<CopiedTable> tables;
        using (SqliteConnection source = OpenSource(path))
        {
            var copy = new PostgresCopy(source, path, history.DatabaseName, schema, context.Error, context.Cancellation) { PostgreSqlSteps = history.PostgreSqlMigrations };
            tables = copy.Run(connectionString, context.Args.Has("replace"));
        }
        WriteTables(context.Out, tables);
        context.Out.WriteLine($"{path}: {history.DatabaseName} version {version} copied to PostgreSQL and verified: {tables.Count} tables, {Format.Count(tables.Sum(t => t.Rows))} rows.");
        return ExitCodes.Ok;
    }

    /// <summary>The snapshots of the file's database (--snapshots, --database, or told apart by the file's tables).</summary>
    internal static SnapshotHistory HistoryOf(CommandContext context, string path)
    {
        string folder = context.Args.Value("snapshots") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen");
        string? database = context.Args.Value("database") ?? SnapshotHistory.Identify(folder, MigrateCommand.FileVersion(path), MigrateCommand.FileTables(path));
        return SnapshotHistory.Load(folder, database);
    }

    /// <summary>The file's version and its schema; a file at version 0 or newer than the snapshots is refused, naming the file.</summary>
    internal static (int Version, DatabaseSchema Schema) SchemaOf(SnapshotHistory history, string path)
    {
        int version = MigrateCommand.FileVersion(path);
        if (version < 1)
            throw new CopyException($"'{path}' is at version 0: it holds no {history.DatabaseName} schema to copy. Nothing was copied.");
        DatabaseSchema schema = history.SchemaAt(version)
            ?? throw new CopyException($"'{path}' is at version {version} of {history.DatabaseName}, but the snapshots go up to version {history.Migrations.Count}: a newer build wrote the file. Nothing was copied.");
        return (version, schema);
    }

    /// <summary>
    /// The file, read-only, in one read transaction: every table is read from the same state of the file, even while an
    /// application writes to it (WAL); disposing the connection ends it.
    /// </summary>
    internal static SqliteConnection OpenSource(string path)
    {
        SqliteConnection source = CliDatabase.OpenExisting(path, readOnly: true);
        CliDatabase.Execute(source, "BEGIN");
        return source;
    }

    internal static void WriteTables(TextWriter output, IReadOnlyList<CopiedTable> tables)
    {
        var table = new TextTable("table", "rows", "checksum (both sides)");
        foreach (CopiedTable copied in tables)
            table.Add(copied.Name, Format.Count(copied.Rows), copied.Checksum);
        table.WriteTo(output);
    }
}

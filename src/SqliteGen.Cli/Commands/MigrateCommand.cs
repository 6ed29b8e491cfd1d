using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Migrations;
using SqliteGen.Runtime;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen migrate status|up|down|script|adopt &lt;db&gt;</c>: a database file against its project's frozen snapshots.</summary>
internal static class MigrateCommand
{
    public static readonly CommandSpec Spec = new(
        "migrate",
        "a database file's (or a PostgreSQL database's) schema version against the project's snapshots: status, up, down, script, adopt",
        ["action", "db"],
        ["allow-data-loss", "check"],
        ["snapshots", "database", "to", "from", "version", "accept"],
        """
        usage: sqlitegen migrate status|up|down|script <db> [--snapshots <folder>] [--database <Name>]
                                 [--to <version>] [--from <version>] [--allow-data-loss]
               sqlitegen migrate adopt <db> --version <N> [--accept <kind>,...] [--check]
               sqlitegen migrate status|up|down|script <connection> [...]   (PostgreSQL)

        Works from the committed schema snapshots of a project that uses SqliteGen (sqlitegen/<Database>.v<N>.json,
        written by 'dotnet build -t:SqliteGenFreeze'): the steps are generated from them exactly as the project's
        build generates them, so their SQL and checksums match the application's. Only frozen versions are known
        here; a version still in development exists in the application's build alone.

          status   the file's version, each known version with its checksum as recorded in the file's history
                   (ok, drift, or not applied), and what each step drops
          up       migrates the file up to --to (default: the newest frozen version), all steps in one transaction
          down     migrates the file down to --to (required; 0 empties it), all steps in one transaction
          script   prints the SQL of the plan from --from (default: the file's version) to --to, touching nothing
          adopt    an existing database not created by SqliteGen: compares its schema (as SQLite reports it) with
                   version --version's, prints every difference by table and column, and only when none is left
                   but accepted ones writes the history and user_version a migrated file has; then 'up' and the
                   application migrate it as usual. --check compares without changing anything.

          --snapshots <folder>   the snapshot folder (default: ./sqlitegen)
          --database <Name>      which database, when the folder holds several and the file's tables do not say
                                 (by default the one whose snapshot of the file's version has the file's tables)
          --allow-data-loss      apply steps that drop a table or column (refused otherwise, before any change)
          --accept <kinds>       adopt despite these harmless differences: extra-table, extra-index,
                                 extra-object (a view), not-strict; every other difference refuses adoption

        A version with a C# data step ([DataStep]) can only be applied by the application; up and down stop
        before it with an error saying so.

        PostgreSQL: in place of <db>, an Npgsql connection string ("Host=db.example.com;Database=app;Username=app;...")
        runs the PostgreSQL steps of the same versions (native ALTER TABLE): the whole path in one transaction, under an
        advisory lock (pg_advisory_xact_lock) so two migrators never run at once; the same history table, drift and
        data-loss rules. Versions with a C# data step or seed data are refused there (that code is written for SQLite).
        adopt is for SQLite files only.

        exit codes: 0 done (status: every applied version matches), 1 drift, a refused or failed step (the file
        keeps its last complete version), 2 bad arguments, 3 missing file or snapshots.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        string action = context.Args.Positionals[0];
        string path = context.Args.Positionals[1];
        if (action is not ("status" or "up" or "down" or "script" or "adopt"))
            throw new UsageException($"unknown action '{action}': use status, up, down, script or adopt");
        string folder = context.Args.Value("snapshots") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen");
        if (!File.Exists(path) && PostgreSqlMigrate.IsConnectionString(path))
            return PostgreSqlMigrate.Run(context, action, path, folder);
        // With several databases' snapshots in the folder and no --database, the file's own tables say which it is.
        string? database = context.Args.Value("database")
            ?? (File.Exists(path) ? SnapshotHistory.Identify(folder, FileVersion(path), FileTables(path)) : null);
        SnapshotHistory history = SnapshotHistory.Load(folder, database);
        int newest = history.Migrations.Count;

        if (action == "script")
        {
            int from = Version(context, "from") ?? (File.Exists(path) ? FileVersion(path) : 0);
            int to = Version(context, "to") ?? newest;
            CheckRange(from, newest, "from");
            CheckRange(to, newest, "to");
            context.Out.Write(Migrator.Script(history.DatabaseName, history.Migrations, from, to));
            return ExitCodes.Ok;
        }

        if (!File.Exists(path))
            throw new FileProblemException($"'{path}' does not exist.");
        if (action == "status")
            return Status(context, path, history);
        if (action == "adopt")
            return Adopt(context, path, history);

        int target = Version(context, "to") ?? (action == "up" ? newest : throw new UsageException("down needs --to <version> (0 empties the file)"));
        CheckRange(target, newest, "to");
        int current = FileVersion(path);
        if (action == "up" && target < current)
            throw new UsageException($"the file is at version {current}; up --to {target} would go down (use 'migrate down')");
        if (action == "down" && target > current)
            throw new UsageException($"the file is at version {current}; down --to {target} would go up (use 'migrate up')");

        bool allowDataLoss = context.Args.Has("allow-data-loss");
        if (!allowDataLoss && LostData(history, action, current, target) is { Length: > 0 } loss)
        {
            // The runtime's migrator refuses this too, but its advice is for code (MigrationOptions); this is the tool's.
            throw new SqliteGenException($"migrating '{path}' from version {current} to {target} drops data ({loss}). Nothing was changed; run it again with --allow-data-loss to apply it (sqlitegen backup first keeps a copy).");
        }
        var options = new MigrationOptions { AllowDataLoss = allowDataLoss };
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
        int reached = Migrator.Migrate(pool, history.DatabaseName, history.Migrations, target, options);
        context.Out.WriteLine($"{path}: {history.DatabaseName} version {current} -> {reached}");
        return ExitCodes.Ok;
    }

    private static int Status(CommandContext context, string path, SnapshotHistory history)
    {
        int version = FileVersion(path);
        Dictionary<int, (string Checksum, string AppliedAt, string How)> recorded = History(path);
        context.Out.WriteLine($"{path}: {history.DatabaseName}, file at version {version}; snapshots up to version {history.Migrations.Count}");
        if (version > history.Migrations.Count)
            context.Out.WriteLine(recorded.Count == 0
                ? $"the file is not a {history.DatabaseName} file: user_version {version} but no {Migrator.HistoryTable} table (another application's database?)"
                : $"the file is newer than every snapshot here (version {version}): a newer build wrote it");
        bool drift = false;
        var table = new TextTable("version", "in the file", "checksum", "up drops", "down drops");
        foreach (Migration step in history.Migrations)
        {
            string state = recorded.TryGetValue(step.Version, out var row)
                ? (string.Equals(row.Checksum, step.Checksum, StringComparison.Ordinal) ? $"{row.How} {row.AppliedAt}" : "DRIFT: recorded " + row.Checksum[..12])
                : step.Version <= version ? "no history row" : "not applied";
            drift |= state.StartsWith("DRIFT", StringComparison.Ordinal);
            string dataStep = history.DataSteps.TryGetValue(step.Version, out string? method) ? $" (+ data step {method})" : "";
            table.Add(step.Version.ToString(CultureInfo.InvariantCulture), state, step.Checksum[..12] + dataStep, step.UpLosesData ?? "-", step.DownLosesData ?? "-");
        }
        table.WriteTo(context.Out);
        if (!drift)
            return ExitCodes.Ok;
        context.Error.WriteLine($"sqlitegen migrate: '{path}' went through a version whose recorded checksum differs from its snapshot's (drift): the version was changed after the file was migrated.");
        return ExitCodes.Failed;
    }

    private static int Adopt(CommandContext context, string path, SnapshotHistory history)
    {
        int version = Version(context, "version") ?? throw new UsageException("adopt needs --version <N>: the version whose schema the file has");
        if (version < 1)
            throw new UsageException("--version must be 1 or more");
        CheckRange(version, history.Migrations.Count, "version");
        var accept = new List<SchemaDifferenceKind>();
        foreach (string name in (context.Args.Value("accept") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            SchemaDifferenceKind? kind = Enum.GetValues<SchemaDifferenceKind>().Cast<SchemaDifferenceKind?>().FirstOrDefault(k => AdoptionReport.KindName(k!.Value) == name);
            accept.Add(kind is { } known && known is SchemaDifferenceKind.ExtraTable or SchemaDifferenceKind.ExtraIndex or SchemaDifferenceKind.ExtraObject or SchemaDifferenceKind.NotStrict
                ? known
                : throw new UsageException($"--accept {name}: only extra-table, extra-index, extra-object and not-strict can be accepted"));
        }

        AdoptionReport report = context.Args.Has("check")
            ? SchemaAdoption.Compare(path, history.DatabaseName, history.Migrations, version)
            : SchemaAdoption.Adopt(path, history.DatabaseName, history.Migrations, version, new AdoptionOptions { Accept = accept });
        context.Out.WriteLine(report.ToString());
        if (report.Adopted)
        {
            context.Out.WriteLine($"{path}: adopted as {history.DatabaseName} version {version}; 'sqlitegen migrate up' or the application migrates it from here.");
            return ExitCodes.Ok;
        }
        if (report.Refusing.Count == 0)
            return ExitCodes.Ok; // --check on a file that can be adopted
        context.Error.WriteLine($"sqlitegen migrate: '{path}' was not adopted: {report.Refusing.Count} of its differences from {history.DatabaseName} version {version} {(report.Refusing.Any(d => !d.CanAccept) ? "refuse adoption (change the file or the records until they match)" : "need --accept")}. Nothing was changed.");
        return ExitCodes.Failed;
    }

    /// <summary>What the steps from <paramref name="current"/> to <paramref name="target"/> drop, by version; empty when nothing.</summary>
    private static string LostData(SnapshotHistory history, string action, int current, int target) =>
        string.Join("; ", action == "up"
            ? history.Migrations.Where(m => m.Version > current && m.Version <= target && m.UpLosesData is not null).Select(m => m.UpLosesData)
            : history.Migrations.Where(m => m.Version <= current && m.Version > target && m.DownLosesData is not null).OrderByDescending(m => m.Version).Select(m => m.DownLosesData));

    /// <summary>The file's tables (what <see cref="SnapshotHistory.Identify"/> tells databases apart by).</summary>
    internal static List<string> FileTables(string path)
    {
        var tables = new List<string>();
        using SqliteConnection connection = OpenReadOnly(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table'";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            tables.Add(reader.GetString(0));
        return tables;
    }

    internal static int? Version(CommandContext context, string option)
    {
        string? value = context.Args.Value(option);
        if (value is null)
            return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            throw new UsageException($"--{option} must be a version number (0 or more), not '{value}'");
        return version;
    }

    internal static void CheckRange(int version, int newest, string option)
    {
        if (version > newest)
            throw new UsageException($"--{option} {version}: the snapshots go up to version {newest}");
    }

    private static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The file's schema version, its <c>PRAGMA user_version</c>.</summary>
    internal static int FileVersion(string path)
    {
        using SqliteConnection connection = OpenReadOnly(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Dictionary<int, (string, string, string)> History(string path)
    {
        var rows = new Dictionary<int, (string, string, string)>();
        using SqliteConnection connection = OpenReadOnly(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + Migrator.HistoryTable + "'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            return rows;
        command.CommandText = "SELECT version, checksum, applied_at, how FROM " + Migrator.HistoryTable + " ORDER BY version";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
        return rows;
    }
}

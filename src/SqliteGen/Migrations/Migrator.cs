using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using System.Diagnostics;

namespace SqliteGen.Runtime;

/// <summary>
/// Applies a database's <see cref="Migration"/>s to a file, one version at a time, the whole path in one
/// transaction (all or nothing), with a history table (<see cref="HistoryTable"/>: version, checksum, time) and drift
/// detection. Called by generated code; the steps are plain data, so it can be read and tested alone.
/// </summary>
/// <remarks>
/// All or nothing: everything that can refuse a migration in advance (a newer file, a history that does not
/// match, drift, a step that drops data without the opt-in) is decided for the whole path before the first
/// step runs, and the steps run in one transaction, so the file is only ever at the version it started at or
/// at the target (SQLite's DDL is transactional; a crash before <c>COMMIT</c> leaves the file as it was).
/// Locking: the path runs on the pool's writer (one migrator per process) inside <c>BEGIN IMMEDIATE</c>
/// (one writer per file across processes). The version is read after the lock is taken, so a second
/// migrator that waited finds the work done and never applies a step twice.
/// Foreign keys: a table rebuild (SQLite's 12-step procedure) needs <c>foreign_keys</c> off, which
/// SQLite ignores inside a transaction; the migrator turns it off before <c>BEGIN</c>, runs
/// <c>PRAGMA foreign_key_check</c> after each step (a violation rolls the whole path back), and turns it
/// back on after <c>COMMIT</c>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Migrator
{
    /// <summary>The history table: one row per version the file went through (version, checksum, applied_at, how).</summary>
    public const string HistoryTable = "sqlitegen_migrations";

    internal const string CreateHistorySql =
        "CREATE TABLE IF NOT EXISTS " + HistoryTable + " (version INTEGER NOT NULL PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, how TEXT NOT NULL) STRICT";

    /// <summary>
    /// What the generated <c>Open</c> calls: a new (empty) file gets <paramref name="createSchemaSql"/> and a
    /// history saying every version was created at once; a file at the latest version is only checked for
    /// drift (without taking the write lock); an older file is migrated up with the pool's
    /// <see cref="SqliteGenOptions.Migrations"/> options. Returns the version the file is at: the latest.
    /// </summary>
    /// <remarks>
    /// A database with seed data (<see cref="Migration.SeedData"/>) creates a new file by running every step from the
    /// empty file instead, with its data step and seed, in one transaction: each seed then meets the schema of its own
    /// version, and the new file ends with the rows a file migrated from version 1 has.
    /// </remarks>
    /// <exception cref="MigrationException">Drift, a newer file, a foreign file, or a step that failed or was refused.</exception>
    public static int MigrateToLatest(SqliteConnectionPool pool, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql)
    {
        Validate(databaseName, migrations);
        int latest = migrations.Count;
        string file = pool.FilePath;
        bool creating = false;
        using (ConnectionLease lease = pool.RentWriter())
        {
            PooledConnection connection = lease.Connection;
            int found = SchemaInitializer.ReadVersion(connection);
            if (found == latest && HasHistory(connection))
            {
                VerifyHistory(connection, file, databaseName, migrations, latest);
                Log.SchemaUpToDate(pool.Log.Migrations, file, latest, databaseName);
                return latest; // the common case: nothing to do, no write lock taken
            }

            if (found == 0 && SchemaInitializer.CountUserObjects(connection) == 0 && HasSeedData(migrations))
                creating = true; // every step from the empty file, below
            else if (found == 0 && SchemaInitializer.CountUserObjects(connection) == 0)
            {
                using WriteScope scope = BeginLocked(connection, file, databaseName);
                // Re-check under the lock: another process may have created the schema meanwhile.
                if (SchemaInitializer.ReadVersion(connection) == 0 && SchemaInitializer.CountUserObjects(connection) == 0)
                {
                    try
                    {
                        connection.ExecuteNonQuery(createSchemaSql);
                        connection.ExecuteNonQuery(CreateHistorySql);
                        foreach (Migration step in migrations)
                            connection.ExecuteNonQuery(HistorySql(step, up: true, how: "created"));
                        connection.ExecuteNonQuery("PRAGMA user_version = " + latest.ToString(CultureInfo.InvariantCulture));
                    }
                    catch (SqliteException error)
                    {
                        throw new MigrationException(file, 0, latest, $"Creating the {databaseName} schema (version {latest}) in '{file}' failed: {error.Message} Nothing was changed.", error);
                    }
                    scope.Commit();
                    Log.SchemaCreated(pool.Log.Migrations, databaseName, latest, file);
                    return latest;
                }
            }
        }
        return Apply(pool, databaseName, migrations, latest, pool.Options.Migrations, creating);
    }

    /// <summary>
    /// Migrates the file of <paramref name="pool"/> up or down to <paramref name="targetVersion"/> and
    /// returns it. All or nothing: the whole path is checked first (drift, a newer file, steps that drop data
    /// without <see cref="MigrationOptions.AllowDataLoss"/>) and then applied in one transaction, so a refused or
    /// failing step leaves the file at the version it had before, with all its data.
    /// </summary>
    /// <exception cref="MigrationException">Drift, a newer file, a refused or failed step, or another process holding the lock too long.</exception>
    public static int Migrate(SqliteConnectionPool pool, string databaseName, IReadOnlyList<Migration> migrations, int targetVersion, MigrationOptions? options = null)
    {
        Validate(databaseName, migrations);
        if (targetVersion < 0 || targetVersion > migrations.Count)
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, $"{databaseName} has versions 1 to {migrations.Count} (0 is the empty file).");
        return Apply(pool, databaseName, migrations, targetVersion, options ?? MigrationOptions.Default, creating: false);
    }

    /// <summary>
    /// The path from the file's version to <paramref name="targetVersion"/> in one transaction. <paramref name="creating"/>:
    /// a new file built from the empty file (nothing in it can be lost, so no step is refused for data loss, and the
    /// history says <c>created</c>); if another process created the file meanwhile, the lock finds it done.
    /// </summary>
    private static int Apply(SqliteConnectionPool pool, string databaseName, IReadOnlyList<Migration> migrations, int targetVersion, MigrationOptions options, bool creating)
    {
        string file = pool.FilePath;

        using ConnectionLease lease = pool.RentWriter();
        PooledConnection connection = lease.Connection;
        connection.ExecuteNonQuery("PRAGMA foreign_keys = OFF"); // SQLite ignores it inside a transaction
        try
        {
            using WriteScope scope = BeginLocked(connection, file, databaseName);
            int start = ReadVerifiedVersion(connection, file, databaseName, migrations);
            if (start != targetVersion)
            {
                creating &= start == 0;
                if (!creating)
                    RefuseDataLoss(file, migrations, start, targetVersion, options);
                var applied = new List<(int From, int To, long Milliseconds)>();
                for (int current = start; current != targetVersion; current += current < targetVersion ? 1 : -1)
                {
                    long started = Stopwatch.GetTimestamp();
                    ApplyStep(connection, file, databaseName, migrations, start, targetVersion, current, creating);
                    applied.Add((current, current < targetVersion ? current + 1 : current - 1, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
                scope.Commit();
                if (creating)
                    Log.SchemaCreated(pool.Log.Migrations, databaseName, targetVersion, file);
                else
                {
                    foreach ((int from, int to, long milliseconds) in applied) // logged once they are committed
                        Log.MigrationStepApplied(pool.Log.Migrations, file, databaseName, from, to, milliseconds);
                }
            }
            else
                scope.Commit(); // keeps a history table created or adopted just now
            return targetVersion;
        }
        finally
        {
            connection.ExecuteNonQuery("PRAGMA foreign_keys = " + (pool.Options.ForeignKeys ? "1" : "0"));
        }
    }

    /// <summary>
    /// The dry run: the SQL that <see cref="Migrate"/> would run from <paramref name="fromVersion"/> to
    /// <paramref name="toVersion"/>, as one script, without touching any database.
    /// </summary>
    public static string Script(string databaseName, IReadOnlyList<Migration> migrations, int fromVersion, int toVersion)
    {
        ValidateScript(databaseName, migrations, fromVersion, toVersion);

        var script = new StringBuilder();
        script.Append("-- ").Append(databaseName).Append(": from version ").Append(fromVersion).Append(" to ").Append(toVersion)
            .AppendLine(". Generated by SqliteGen as a dry run: nothing was applied.");
        script.Append(CreateHistorySql).AppendLine(";");
        for (int current = fromVersion; current != toVersion; current += current < toVersion ? 1 : -1)
        {
            bool up = current < toVersion;
            Migration step = up ? migrations[current] : migrations[current - 1];
            int next = up ? current + 1 : current - 1;
            script.AppendLine();
            script.Append("-- version ").Append(current).Append(" -> ").Append(next).Append(up ? " (up" : " (down").Append(", checksum ").Append(step.Checksum).AppendLine(")");
            if ((up ? step.UpLosesData : step.DownLosesData) is { } loss)
                script.Append("-- DROPS DATA: ").Append(loss).AppendLine(" (needs AllowDataLoss)");
            script.AppendLine("PRAGMA foreign_keys = OFF;");
            script.AppendLine("BEGIN IMMEDIATE;");
            script.AppendLine((up ? step.Up : step.Down).TrimEnd());
            if (up && step.DataStepName is { } name)
                script.Append("-- the C# data step '").Append(name).AppendLine("' runs here");
            if (up && step.SeedDataName is { } seed)
                script.Append("-- the C# seed data '").Append(seed).AppendLine("' runs here");
            script.AppendLine(HistorySql(step, up) + ";");
            script.AppendLine("PRAGMA foreign_key_check; -- any row here means the step is rolled back");
            script.Append("PRAGMA user_version = ").Append(next).AppendLine(";");
            script.AppendLine("COMMIT;");
            script.AppendLine("PRAGMA foreign_keys = ON;");
        }
        return script.ToString();
    }

    /// <summary>A dry run's arguments, on either engine: the steps are versions 1..n in order, and both versions are in 0..n.</summary>
    internal static void ValidateScript(string databaseName, IReadOnlyList<Migration> migrations, int fromVersion, int toVersion)
    {
        Validate(databaseName, migrations);
        if (fromVersion < 0 || fromVersion > migrations.Count)
            throw new ArgumentOutOfRangeException(nameof(fromVersion), fromVersion, $"{databaseName} has versions 1 to {migrations.Count}.");
        if (toVersion < 0 || toVersion > migrations.Count)
            throw new ArgumentOutOfRangeException(nameof(toVersion), toVersion, $"{databaseName} has versions 1 to {migrations.Count}.");
    }

    internal static void Validate(string databaseName, IReadOnlyList<Migration> migrations)
    {
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ArgumentException($"{databaseName}'s migrations must be versions 1, 2, 3, ... in order; item {i} is version {migrations[i].Version}.", nameof(migrations));
        }
    }

    private static WriteScope BeginLocked(PooledConnection connection, string file, string databaseName)
    {
        try
        {
            return WriteScope.Begin(connection);
        }
        catch (DatabaseBusyException error)
        {
            throw new MigrationException(file, SchemaInitializer.ReadVersion(connection), null,
                $"Cannot migrate '{file}' ({databaseName}): another connection or process held its write lock longer than the busy timeout (probably another migrator). Nothing was changed; try again.", error);
        }
    }

    /// <summary>
    /// The file's version, after checking the history against the compiled steps. Creates the history
    /// table on first use; a file stamped by an older SqliteGen (a version but no history) is adopted.
    /// </summary>
    private static int ReadVerifiedVersion(PooledConnection connection, string file, string databaseName, IReadOnlyList<Migration> migrations)
    {
        int version = SchemaInitializer.ReadVersion(connection);
        if (version > migrations.Count)
        {
            if (!HasHistory(connection))
                throw new MigrationException(file, version, null, $"'{file}' is not a {databaseName} file: its PRAGMA user_version is {version}, but it has no {HistoryTable} table, which SqliteGen writes into every file it creates, migrates or adopts (another application's database?). Nothing was changed.");
            throw new MigrationException(file, version, null, $"'{file}' is at schema version {version}, newer than {databaseName}'s latest version {migrations.Count}: it was written by a newer build of the application. Nothing was changed.");
        }

        if (!HasHistory(connection))
        {
            long objects = SchemaInitializer.CountUserObjects(connection);
            if (version == 0 && objects > 0)
                throw new MigrationException(file, 0, null, $"'{file}' already holds {objects} tables, indexes or views but no SqliteGen schema version (PRAGMA user_version = 0), so {databaseName} will not migrate it. If it is an existing database of this application, adopt it: 'sqlitegen migrate adopt <file> --version <N>' (or SchemaAdoption.Adopt) compares it with version N and lists every difference. Nothing was changed.");
            if (version > 0)
                SchemaAdoption.ThrowIfStampedFileDiffers(connection.Connection, file, databaseName, migrations, version);
            connection.ExecuteNonQuery(CreateHistorySql);
            for (int adopted = 1; adopted <= version; adopted++)
                connection.ExecuteNonQuery(HistorySql(migrations[adopted - 1], up: true, how: "adopted"));
            return version;
        }

        VerifyHistory(connection, file, databaseName, migrations, version);
        return version;
    }

    private static bool HasSeedData(IReadOnlyList<Migration> migrations)
    {
        foreach (Migration step in migrations)
        {
            if (step.SeedData is not null)
                return true;
        }
        return false;
    }

    private static bool HasHistory(PooledConnection connection) =>
        Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{HistoryTable}'"), CultureInfo.InvariantCulture) > 0;

    /// <summary>Refuses a history that does not match the file's version, or a recorded checksum that differs from the compiled step's (drift).</summary>
    private static void VerifyHistory(PooledConnection connection, string file, string databaseName, IReadOnlyList<Migration> migrations, int version)
    {
        var recorded = new List<(int Version, string Checksum)>();
        using (SqliteCommand command = connection.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT version, checksum FROM {HistoryTable} ORDER BY version";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
                recorded.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        if (recorded.Count != version || (version > 0 && recorded[^1].Version != version))
            throw new MigrationException(file, version, null, $"'{file}' is stamped version {version} but its {HistoryTable} table lists {recorded.Count} versions: the history was edited by hand. Nothing was changed.");
        foreach ((int recordedVersion, string checksum) in recorded)
        {
            string compiled = migrations[recordedVersion - 1].Checksum;
            if (!string.Equals(checksum, compiled, StringComparison.Ordinal))
                throw new MigrationException(file, version, recordedVersion,
                    $"'{file}' went through version {recordedVersion} of {databaseName} with checksum {checksum[..12]}…, but this build's version {recordedVersion} has checksum {compiled[..12]}… (drift): version {recordedVersion} was changed after databases were created with it. Restore it as it was and put the change in a new version. Nothing was changed.");
        }
    }

    /// <summary>
    /// What each step on the path from <paramref name="start"/> to <paramref name="target"/> drops, in path order (a step
    /// described alone when the path is that one step); empty when nothing. PostgreSQL's migrator refuses with it too.
    /// </summary>
    internal static List<(int Version, string Description)> LossesOnPath(IReadOnlyList<Migration> migrations, int start, int target)
    {
        var losses = new List<(int Version, string Description)>();
        for (int current = start; current != target; current += current < target ? 1 : -1)
        {
            bool up = current < target;
            Migration step = up ? migrations[current] : migrations[current - 1];
            if ((up ? step.UpLosesData : step.DownLosesData) is { } loss)
                losses.Add((step.Version, Math.Abs(target - start) == 1 ? loss : $"version {current} to {(up ? current + 1 : current - 1)}: {loss}"));
        }
        return losses;
    }

    /// <summary>Refuses the whole path, before any step runs, when a step on it drops data and the options do not allow it.</summary>
    private static void RefuseDataLoss(string file, IReadOnlyList<Migration> migrations, int start, int target, MigrationOptions options)
    {
        if (options.AllowDataLoss)
            return;
        List<(int Version, string Description)> losses = LossesOnPath(migrations, start, target);
        if (losses.Count > 0)
            throw new MigrationException(file, start, losses[0].Version,
                $"Migrating '{file}' from version {start} to {target} drops data ({string.Join("; ", losses.Select(l => l.Description))}). Nothing was changed: the file is still at version {start}. Pass MigrationOptions {{ AllowDataLoss = true }} to apply it.");
    }

    /// <summary>
    /// One step of the path, inside the path's transaction: the SQL, then going up the data step (it brings the rows
    /// already there to the new version) and the seed data (the rows every file must have at that version).
    /// A failure names the step and the version the file stays at.
    /// </summary>
    private static void ApplyStep(PooledConnection connection, string file, string databaseName, IReadOnlyList<Migration> migrations, int start, int target, int current, bool creating)
    {
        bool up = current < target;
        Migration step = up ? migrations[current] : migrations[current - 1];
        int next = up ? current + 1 : current - 1;
        string running = "";
        try
        {
            connection.ExecuteNonQuery(up ? step.Up : step.Down);
            if (up && step.DataStep is { } dataStep)
            {
                running = $" in the data step '{step.DataStepName}'";
                dataStep(new MigrationContext(connection.Connection, step.Version, file));
            }
            if (up && step.SeedData is { } seedData)
            {
                running = $" in the seed data '{step.SeedDataName}'";
                seedData(new MigrationContext(connection.Connection, step.Version, file));
            }
            running = "";
            ThrowIfForeignKeysBroken(connection);
            connection.ExecuteNonQuery(HistorySql(step, up, creating ? "created" : "up"));
            connection.ExecuteNonQuery("PRAGMA user_version = " + next.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception error)
        {
            if (creating)
                throw new MigrationException(file, 0, step.Version,
                    $"Creating the {databaseName} schema (version {target}) in '{file}' failed at version {next}{running}: {error.Message} Everything was rolled back: the file is still empty.", error);
            string path = start == current && next == target ? "" : $" (on the way from version {start} to {target})";
            throw new MigrationException(file, start, step.Version,
                $"Migrating '{file}' from version {current} to {next}{path} failed{running}: {error.Message} Everything was rolled back: the file is still at version {start}, with all its data.", error);
        }
    }

    private static void ThrowIfForeignKeysBroken(PooledConnection connection)
    {
        using SqliteCommand command = connection.Connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check";
        using SqliteDataReader reader = command.ExecuteReader();
        if (reader.Read())
            throw new SqliteGenException($"Afterwards, row {reader.GetValue(1)} of table '{reader.GetString(0)}' references a missing row in '{reader.GetString(2)}' (PRAGMA foreign_key_check).");
    }

    internal static string HistorySql(Migration step, bool up, string how = "up") => up
        ? $"INSERT INTO {HistoryTable} (version, checksum, applied_at, how) VALUES ({step.Version.ToString(CultureInfo.InvariantCulture)}, '{step.Checksum}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), '{how}')"
        : $"DELETE FROM {HistoryTable} WHERE version = {step.Version.ToString(CultureInfo.InvariantCulture)}";
}

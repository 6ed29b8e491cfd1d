using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.CrashWorker;
using SqliteGen.Runtime;
using SqliteGen.Tests;
using SqliteGen.Tests.Migrations;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// A migration killed part-way: the worker walks a 40,000-row file up and down a four-version history
/// (<see cref="CrashMigrations"/>: a data step, a table rebuild, an index) and is killed with SIGKILL at a random
/// moment, again and again on the same file. After each kill the file must be at a whole version: integrity ok, the
/// schema of a fresh file at that version (never half a rebuild), every row, a data step applied to every row or to
/// none, a history row per version, and the last acknowledged version or the one the step in flight went to.
/// </summary>
public sealed class MigrationCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<int, IReadOnlyList<string>> _freshSchemas = new();

    public MigrationCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static int Rounds => RunLength.CrashRounds;

    [Fact]
    public void A_migration_killed_at_any_moment_leaves_a_whole_version_with_every_row()
    {
        string path = SeededFile("migrating.db");

        var random = new Random(4404);
        int acknowledged = 1, killsMidStep = 0, steps = 0;
        for (int round = 0; round < Rounds; round++)
        {
            using (WorkerProcess worker = WorkerProcess.Start("migrate", path, random.Next().ToString(CultureInfo.InvariantCulture)))
            {
                // The first line is the version the worker found; then a random number of steps, then a kill a
                // random few milliseconds into the next one.
                int wanted = random.Next(1, 6);
                for (int seen = 0; seen < wanted; seen++)
                {
                    string? line = worker.ReadLine();
                    Assert.True(line is not null, $"The migrating worker stopped: {worker.Stderr}");
                    acknowledged = Version(line!);
                    steps++;
                }
                System.Threading.Thread.Sleep(random.Next(0, 120));
                Assert.False(worker.HasExited, $"The migrating worker exited before it was killed: {worker.Stderr}");
                worker.Kill();
                while (worker.ReadLine() is string line)
                    acknowledged = Version(line);
            }

            int version = Convert.ToInt32(Scalar(path, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            killsMidStep += version == acknowledged ? 1 : 0;
            string context = $"after kill {round + 1}: file at version {version}, last acknowledged {acknowledged}";
            Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
            Assert.True(Math.Abs(version - acknowledged) <= 1, context + ": more than the step in flight changed");
            Assert.Equal(Fresh(version), SchemaShape.Read(path));
            Assert.Equal((long)CrashMigrations.Rows, Scalar(path, "SELECT count(*) FROM docs"));
            Assert.Equal((long)version, Scalar(path, $"SELECT count(*) FROM {Migrator.HistoryTable}"));
            if (version >= 2)
                Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM docs WHERE words = 0")); // the data step: every row or none
            acknowledged = version;
        }

        // And the next Open (here: the migrator to the latest version) succeeds without manual steps.
        using (SqliteConnectionPool pool = SqliteConnectionPool.Open(path))
            Assert.Equal(4, Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, 4));
        Assert.Equal(Fresh(4), SchemaShape.Read(path));
        _output.WriteLine($"{Rounds} kills during {steps} acknowledged migration steps ({CrashMigrations.Rows:N0} rows); {killsMidStep} kills left the file at the last acknowledged version, the others just after a step committed.");
    }

    /// <summary>
    /// All or nothing under SIGKILL: the worker migrates a 40,000-row file from version 1 to 4 in one call, through a
    /// data step that rewrites every row and a rebuild, with a failing last step (rolled back), then succeeding, then
    /// down again; it is killed at random moments. The file is always at version 1 or 4, never 2 or 3, with every row
    /// untouched by the failed data step, and the version-1 build opens it.
    /// </summary>
    [Fact]
    public void A_multi_step_path_killed_at_any_moment_is_at_its_starting_version_or_the_target()
    {
        string path = SeededFile("paths.db");

        var random = new Random(1616);
        int failedPaths = 0;
        var seen = new SortedSet<int>();
        for (int round = 0; round < Rounds; round++)
        {
            using (WorkerProcess worker = WorkerProcess.Start("migrate-path", path))
            {
                int wanted = random.Next(0, 4);
                for (int line = 0; line < wanted; line++)
                {
                    string? text = worker.ReadLine();
                    Assert.True(text is not null, $"The migrating worker stopped: {worker.Stderr}");
                    Assert.True(text is "F 1" or "V 4" or "V 1", $"unexpected line '{text}'");
                    failedPaths += text == "F 1" ? 1 : 0;
                }
                System.Threading.Thread.Sleep(random.Next(0, 300));
                Assert.False(worker.HasExited, $"The migrating worker exited before it was killed: {worker.Stderr}");
                worker.Kill();
            }

            int version = Convert.ToInt32(Scalar(path, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            seen.Add(version);
            string context = $"after kill {round + 1}: file at version {version}";
            Assert.True(version is 1 or 4, context + ": between the start and the target");
            Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
            Assert.Equal(Fresh(version), SchemaShape.Read(path));
            Assert.Equal((long)CrashMigrations.Rows, Scalar(path, "SELECT count(*) FROM docs WHERE title = 'doc ' || id"));
            Assert.Equal((long)version, Scalar(path, $"SELECT count(*) FROM {Migrator.HistoryTable}"));
            if (version == 1)
            {
                using SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
                Assert.Equal(1, Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps.Take(1).ToArray(), 1)); // the version-1 build
            }
        }
        _output.WriteLine($"{Rounds} kills; {failedPaths} failed paths acknowledged; versions found after kills: {string.Join(", ", seen)}.");
    }

    /// <summary>
    /// Seed data under SIGKILL: the worker creates new files with the seeded history (40,000 seed rows at version 1, a
    /// data step over them at version 2, one more seed row at version 3) and migrates version-1 files to the latest, and
    /// is killed at random moments. Every file it touched is whole: empty (the creation rolled back) or at version 4 with
    /// every seed row; a migrated file at version 1 with its seed or at version 4 with all of them, never in between.
    /// </summary>
    [Fact]
    public void A_creation_or_migration_with_seed_data_killed_at_any_moment_has_no_seed_and_the_old_version_or_everything()
    {
        var random = new Random(5005);
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        for (int round = 0; round < Rounds; round++)
        {
            string folder = _folder.File($"seed-{round}");
            Directory.CreateDirectory(folder);
            using (WorkerProcess worker = WorkerProcess.Start("seed", folder))
            {
                int wanted = random.Next(0, 4);
                for (int line = 0; line < wanted; line++)
                {
                    string? text = worker.ReadLine();
                    Assert.True(text is not null, $"The seeding worker stopped: {worker.Stderr}");
                }
                System.Threading.Thread.Sleep(random.Next(0, 300));
                Assert.False(worker.HasExited, $"The seeding worker exited before it was killed: {worker.Stderr}");
                worker.Kill();
            }

            foreach (string path in Directory.GetFiles(folder, "*.db"))
            {
                bool created = Path.GetFileName(path).StartsWith("new-", StringComparison.Ordinal);
                int version = Convert.ToInt32(Scalar(path, "PRAGMA user_version"), CultureInfo.InvariantCulture);
                string context = $"after kill {round + 1}: {Path.GetFileName(path)} at version {version}";
                versions.Add(Path.GetFileName(path)[..3] + " v" + version);
                Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
                Assert.True(created ? version is 0 or 4 : version is 0 or 1 or 4, context + ": between the start and the target");
                if (version == 0)
                {
                    Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_schema")); // nothing half-written
                    continue;
                }
                Assert.Equal(Fresh(version), SchemaShape.Read(path));
                Assert.Equal((long)version, Scalar(path, $"SELECT count(*) FROM {Migrator.HistoryTable}"));
                Assert.Equal((long)CrashMigrations.Rows, Scalar(path, "SELECT count(*) FROM docs WHERE title = 'doc ' || id"));
                Assert.Equal(version == 4 ? 1L : 0L, Scalar(path, "SELECT count(*) FROM docs WHERE id = 0 AND title = 'welcome'"));
                if (version == 4)
                    Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM docs WHERE words = 0 AND id <> 0")); // version 2's data step reached version 1's seed rows (not version 3's)
                using SqliteConnectionPool pool = SqliteConnectionPool.Open(path); // and it opens: the next Open finishes the work
                Assert.Equal(4, Migrator.MigrateToLatest(pool, CrashMigrations.Name, CrashMigrations.SeededSteps, "not used"));
            }
        }
        _output.WriteLine($"{Rounds} kills; files found after kills: {string.Join(", ", versions)}.");
    }

    /// <summary>A file at version 1 with <see cref="CrashMigrations.Rows"/> documents titled "doc id".</summary>
    private string SeededFile(string name)
    {
        string path = _folder.File(name);
        using (SqliteConnectionPool pool = SqliteConnectionPool.Open(path))
            Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, 1);
        Execute(path, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {CrashMigrations.Rows}) " +
            "INSERT INTO docs (id, title, body) SELECT i, 'doc ' || i, 'one two three ' || hex(randomblob(20)) FROM n");
        return path;
    }

    private static int Version(string line)
    {
        Assert.StartsWith("V ", line);
        return int.Parse(line[2..], CultureInfo.InvariantCulture);
    }

    /// <summary>The schema of a file migrated from empty to <paramref name="version"/> in this process.</summary>
    private IReadOnlyList<string> Fresh(int version)
    {
        if (!_freshSchemas.TryGetValue(version, out IReadOnlyList<string>? schema))
        {
            string path = _folder.File($"fresh-{version}.db");
            using (SqliteConnectionPool pool = SqliteConnectionPool.Open(path))
                Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, version);
            _freshSchemas[version] = schema = SchemaShape.Read(path);
        }
        return schema;
    }

    private static object? Scalar(string path, string sql) => Ledger.Query(path, sql)[0][0];

    private static void Execute(string path, string sql) => Ledger.Query(path, sql);
}

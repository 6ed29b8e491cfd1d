using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Tests.Migrations;

/// <summary>The migrator on real files: every pair of versions, down and up again, drift, data loss, a failing step, two migrators, dry run.</summary>
public sealed class MigratorTests : IDisposable
{
    private static readonly IReadOnlyList<Migration> Steps = MigrationHistory.Steps;
    private static readonly MigrationOptions AllowLoss = new() { AllowDataLoss = true };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string NewFile() => _folder.File(Guid.NewGuid().ToString("N") + ".db");

    private static int Migrate(string path, int target, MigrationOptions? options = null, IReadOnlyList<Migration>? steps = null)
    {
        using var pool = SqliteConnectionPool.Open(path);
        return Migrator.Migrate(pool, "NotesDb", steps ?? Steps, target, options);
    }

    /// <summary>A file created directly at <paramref name="version"/> with that version's schema.</summary>
    private string Fresh(int version)
    {
        string path = NewFile();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = MigrationHistory.Fresh[version - 1];
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>Users and notes that exist from version 2 on (table names as of that version).</summary>
    private static void Seed(string path, int version)
    {
        Execute(path, "INSERT INTO users (id, email) VALUES (1, 'ada@example.com'), (2, 'grace@example.com')");
        if (version >= 2)
            Execute(path, $"INSERT INTO {(version >= 6 ? "memos" : "notes")} (id, user_id, body) VALUES (10, 1, 'first'), (11, 2, 'second')");
    }

    private static List<string> Data(string path, int version)
    {
        var rows = Query(path, "SELECT id || ':' || email FROM users ORDER BY id");
        if (version >= 2)
            rows.AddRange(Query(path, $"SELECT id || ':' || user_id || ':' || body FROM {(version >= 6 ? "memos" : "notes")} ORDER BY id"));
        return rows;
    }

    [Fact]
    public void Every_pair_of_versions_migrates_up_to_the_fresh_schema_and_back_down_with_the_data()
    {
        for (int from = 1; from <= Steps.Count; from++)
        {
            for (int to = from + 1; to <= Steps.Count; to++)
            {
                string path = NewFile();
                Assert.Equal(from, Migrate(path, from));
                Seed(path, from);
                List<string> before = Data(path, from);

                Assert.Equal(to, Migrate(path, to));
                Assert.Equal(SchemaShape.Read(Fresh(to)), SchemaShape.Read(path));
                Assert.Equal(before, Data(path, to)); // nothing dropped on the way up

                Assert.Equal(from, Migrate(path, from, AllowLoss));
                Assert.Equal(SchemaShape.Read(Fresh(from)), SchemaShape.Read(path));
                if (from >= 2 || to < 2) // down past version 2 drops the notes
                    Assert.Equal(before, Data(path, from));
            }
        }
    }

    [Fact]
    public void The_history_records_each_version_with_its_checksum_and_time()
    {
        string path = NewFile();
        Migrate(path, 4);
        List<string> history = Query(path, $"SELECT version || ' ' || checksum || ' ' || how || ' ' || (applied_at LIKE '____-__-__T__:__:__.___Z') FROM {Migrator.HistoryTable} ORDER BY version");
        Assert.Equal(Steps.Take(4).Select(s => $"{s.Version} {s.Checksum} up 1"), history);
        Assert.Equal("4", Query(path, "PRAGMA user_version").Single());
    }

    [Fact]
    public void A_changed_step_for_an_applied_version_is_refused_as_drift_naming_the_version()
    {
        string path = NewFile();
        Migrate(path, 3);
        Seed(path, 3);
        var edited = Steps.ToArray();
        edited[1] = new Migration(2, Steps[1].Up.Replace("body TEXT NOT NULL", "body TEXT NOT NULL, pinned INTEGER NOT NULL DEFAULT 0"), Steps[1].Down);

        var error = Assert.Throws<MigrationException>(() => Migrate(path, 6, steps: edited));
        Assert.Equal(2, error.FailedVersion);
        Assert.Equal(3, error.CurrentVersion);
        Assert.Contains("version 2", error.Message);
        Assert.Contains("drift", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal("3", Query(path, "PRAGMA user_version").Single());
    }

    [Fact]
    public void A_step_that_drops_data_needs_the_opt_in_and_changes_nothing_without_it()
    {
        string path = NewFile();
        Migrate(path, 3);
        Seed(path, 3);
        List<string> before = SchemaShape.Read(path).ToList();

        var error = Assert.Throws<MigrationException>(() => Migrate(path, 2));
        Assert.Equal(3, error.FailedVersion);
        Assert.Contains("column users.name", error.Message);
        Assert.Contains("AllowDataLoss", error.Message);
        Assert.Equal(before, SchemaShape.Read(path));

        Assert.Equal(2, Migrate(path, 2, AllowLoss));
    }

    [Fact]
    public void A_lossy_step_in_the_middle_of_a_long_path_is_refused_before_the_first_step_runs()
    {
        string path = NewFile();
        Migrate(path, 1);
        Seed(path, 1);
        var lossyFive = Steps.ToArray();
        lossyFive[4] = new Migration(5, Steps[4].Up, Steps[4].Down, upLosesData: "column notes.archived");
        SqliteConnection.ClearAllPools();
        byte[] bytes = File.ReadAllBytes(path);

        var error = Assert.Throws<MigrationException>(() => Migrate(path, 6, steps: lossyFive));
        Assert.Equal(1, error.CurrentVersion);
        Assert.Equal(5, error.FailedVersion);
        Assert.Contains("from version 1 to 6 drops data (version 4 to 5: column notes.archived)", error.Message);
        Assert.Contains("still at version 1", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(path)); // not one page written: steps 2 to 4 did not run
        Assert.Equal(SchemaShape.Read(Fresh(1)), SchemaShape.Read(path));

        // The build that made the file still opens it, and the opt-in applies the whole path.
        Assert.Equal(1, Migrate(path, 1, steps: Steps.Take(1).ToArray()));
        Assert.Equal(6, Migrate(path, 6, AllowLoss, steps: lossyFive));
        Assert.Equal(Data(path, 1), Query(path, "SELECT id || ':' || email FROM users ORDER BY id"));
    }

    /// <summary>A data step that throws after writing, as the first step of the path (3) or in its middle (5): nothing of the path stays.</summary>
    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 6)]
    public void A_step_that_throws_leaves_the_file_at_its_starting_version_with_every_row(int failingVersion, int target)
    {
        string path = NewFile();
        Migrate(path, 2);
        Seed(path, 2);
        List<string> schema = SchemaShape.Read(path).ToList();
        List<string> data = Data(path, 2);
        var failing = Steps.ToArray();
        failing[failingVersion - 1] = Steps[failingVersion - 1].WithDataStep("rewrite every row", context =>
        {
            context.Execute("UPDATE users SET email = upper(email)");
            throw new InvalidOperationException($"injected failure in step {failingVersion}");
        });

        var error = Assert.Throws<MigrationException>(() => Migrate(path, target, steps: failing));
        Assert.Equal(2, error.CurrentVersion);
        Assert.Equal(failingVersion, error.FailedVersion);
        Assert.Contains($"from version {failingVersion - 1} to {failingVersion} (on the way from version 2 to {target})", error.Message);
        Assert.Contains($"injected failure in step {failingVersion}", error.Message);
        Assert.Contains("still at version 2, with all its data", error.Message);
        Assert.Equal(schema, SchemaShape.Read(path)); // the steps before the failing one are undone too
        Assert.Equal(data, Data(path, 2));
        Assert.Equal("2", Query(path, "PRAGMA user_version").Single());
        Assert.Equal(new[] { "1", "2" }, Query(path, $"SELECT version FROM {Migrator.HistoryTable} ORDER BY version"));
        Assert.Equal("ok", Query(path, "PRAGMA integrity_check").Single());
        Assert.Equal(2, Migrate(path, 2, steps: Steps.Take(2).ToArray())); // the version-2 build still opens it
    }

    [Fact]
    public void A_data_step_runs_in_the_step_and_is_part_of_the_checksum()
    {
        string path = NewFile();
        Migrate(path, 2);
        Seed(path, 2);
        var withStep = Steps.ToArray();
        withStep[2] = Steps[2].WithDataStep("name users from their email", context =>
            context.Execute("UPDATE users SET name = substr(email, 1, instr(email, '@') - 1) WHERE id > $min", ("$min", 0)));
        Assert.NotEqual(Steps[2].Checksum, withStep[2].Checksum);

        Migrate(path, 3, steps: withStep);
        Assert.Equal(new[] { "ada", "grace" }, Query(path, "SELECT name FROM users ORDER BY id"));
    }

    [Fact]
    public void A_step_that_breaks_a_foreign_key_is_rolled_back()
    {
        string path = NewFile();
        Migrate(path, 2);
        Seed(path, 2);
        var breaking = Steps.ToArray();
        breaking[2] = new Migration(3, "DELETE FROM users WHERE id = 1; " + Steps[2].Up, Steps[2].Down); // foreign_keys is off during a step

        var error = Assert.Throws<MigrationException>(() => Migrate(path, 3, steps: breaking));
        Assert.Contains("foreign_key_check", error.Message);
        Assert.Equal(Data(path, 2), new[] { "1:ada@example.com", "2:grace@example.com", "10:1:first", "11:2:second" });
    }

    [Fact]
    public async Task Two_migrators_on_one_file_apply_each_step_once()
    {
        string path = NewFile();
        Migrate(path, 1);
        Task<int>[] migrators = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Migrate(path, 6))).ToArray();
        Assert.Equal(new[] { 6, 6 }, await Task.WhenAll(migrators));
        Assert.Equal(Enumerable.Range(1, 6).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), Query(path, $"SELECT version FROM {Migrator.HistoryTable} ORDER BY version"));
        Assert.Equal(SchemaShape.Read(Fresh(6)), SchemaShape.Read(path));
    }

    [Fact]
    public void The_dry_run_script_changes_nothing_and_when_run_by_hand_gives_the_same_schema()
    {
        string script = Migrator.Script("NotesDb", Steps, 0, 6);
        Assert.Contains("dry run", script);
        Assert.All(Steps, step => Assert.Contains(step.Checksum, script));

        string path = NewFile();
        Execute(path, script);
        Assert.Equal(SchemaShape.Read(Fresh(6)), SchemaShape.Read(path));
        Assert.Equal(6, Migrate(path, 6)); // and the migrator accepts what the script did

        string down = Migrator.Script("NotesDb", Steps, 6, 2);
        Assert.Contains("DROPS DATA: column users.name", down);
    }

    [Fact]
    public void A_file_stamped_by_the_older_initializer_is_adopted()
    {
        string path = Fresh(3);
        Execute(path, "PRAGMA user_version = 3");
        Assert.Equal(5, Migrate(path, 5));
        Assert.Equal(new[] { "1 adopted", "2 adopted", "3 adopted", "4 up", "5 up" }, Query(path, $"SELECT version || ' ' || how FROM {Migrator.HistoryTable} ORDER BY version"));
    }

    [Fact]
    public void A_newer_file_and_a_foreign_file_are_refused_unchanged()
    {
        string newer = NewFile();
        Migrate(newer, 6);
        var error = Assert.Throws<MigrationException>(() => Migrate(newer, 3, steps: Steps.Take(3).ToArray()));
        Assert.Contains("newer", error.Message);
        Assert.Equal("6", Query(newer, "PRAGMA user_version").Single());

        string foreign = NewFile();
        Execute(foreign, "CREATE TABLE something (x INTEGER)");
        var refused = Assert.Throws<MigrationException>(() => Migrate(foreign, 1));
        Assert.Contains("no SqliteGen schema version", refused.Message);
        Assert.Empty(Query(foreign, $"SELECT name FROM sqlite_schema WHERE name = '{Migrator.HistoryTable}'"));
    }

    internal static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}

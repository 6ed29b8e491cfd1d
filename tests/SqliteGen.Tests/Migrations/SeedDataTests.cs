using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Tests.Migrations;

/// <summary>
/// Seed data on real files, with the six-version history of <see cref="MigrationHistory"/>: a seed at version 1 (a
/// user), one at version 2 (a note, in the table version 6 renames) and one at version 4 (written for the column version
/// 4 renames), a data step at version 3 that rewrites the version-1 seed row. New and migrated files must end equal.
/// </summary>
public sealed class SeedDataTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _ran = new();

    public void Dispose() => _folder.Dispose();

    private string NewFile() => _folder.File(Guid.NewGuid().ToString("N") + ".db");

    /// <summary>The history with seed data; <paramref name="failAt"/> makes that version's seed throw after writing a row.</summary>
    private IReadOnlyList<Migration> Seeded(int failAt = 0)
    {
        Migration[] steps = MigrationHistory.Steps.ToArray();
        steps[0] = steps[0].WithSeedData("SeedAdmin", context =>
        {
            _ran.Add("SeedAdmin");
            context.Execute("INSERT INTO users (id, email) VALUES ($id, $email)", ("$id", 1), ("$email", "admin@example.com"));
            ThrowAt(failAt, 1);
        });
        steps[1] = steps[1].WithSeedData("SeedWelcomeNote", context =>
        {
            _ran.Add("SeedWelcomeNote");
            context.Execute("INSERT INTO notes (id, user_id, body) VALUES ($id, $user, $body)", ("$id", 100), ("$user", 1), ("$body", "welcome"));
            ThrowAt(failAt, 2);
        });
        steps[2] = steps[2].WithDataStep("NameFromEmail", context =>
            context.Execute("UPDATE users SET name = substr(email, 1, instr(email, '@') - 1) WHERE name = $empty", ("$empty", "")));
        steps[3] = steps[3].WithSeedData("SeedGuest", context =>
        {
            _ran.Add("SeedGuest");
            context.Execute("INSERT INTO users (id, email, display_name) VALUES ($id, $email, $name)", ("$id", 2), ("$email", "guest@example.com"), ("$name", "Guest"));
            ThrowAt(failAt, 4);
        });
        return steps;
    }

    private static void ThrowAt(int failAt, int version)
    {
        if (failAt == version)
            throw new InvalidOperationException($"seed of version {version} failed on purpose");
    }

    private static int Open(string path, IReadOnlyList<Migration> steps)
    {
        using var pool = SqliteConnectionPool.Open(path);
        return Migrator.MigrateToLatest(pool, "NotesDb", steps, MigrationHistory.Fresh[^1]);
    }

    private static int Migrate(string path, IReadOnlyList<Migration> steps, int target)
    {
        using var pool = SqliteConnectionPool.Open(path);
        return Migrator.Migrate(pool, "NotesDb", steps, target);
    }

    private static readonly string[] SeedRowsAtLatest =
    {
        "users 1: 1|'admin@example.com'|'admin'",
        "users 2: 2|'guest@example.com'|'Guest'",
        "memos 100: 100|1|'welcome'",
    };

    [Fact]
    public void A_new_file_and_one_migrated_from_version_1_have_the_same_rows_and_history()
    {
        IReadOnlyList<Migration> steps = Seeded();
        string created = NewFile(), migrated = NewFile();
        Assert.Equal(6, Open(created, steps));
        Assert.Equal(1, Migrate(migrated, steps, 1));
        Assert.Equal(new[] { "users 1: 1|'admin@example.com'" }, Rows(migrated));
        Assert.Equal(6, Open(migrated, steps));

        Assert.Equal(SchemaShape.Read(Fresh(6)), SchemaShape.Read(created));
        Assert.Equal(SchemaShape.Read(Fresh(6)), SchemaShape.Read(migrated));
        Assert.Equal(SeedRowsAtLatest.Order(StringComparer.Ordinal), Rows(created).Order(StringComparer.Ordinal));
        Assert.Equal(Rows(created), Rows(migrated));
        Assert.Equal(steps.Select(s => $"{s.Version} {s.Checksum}"), Query(created, $"SELECT version || ' ' || checksum FROM {Migrator.HistoryTable} ORDER BY version"));
        Assert.Equal(Query(created, $"SELECT version || ' ' || checksum FROM {Migrator.HistoryTable} ORDER BY version"),
            Query(migrated, $"SELECT version || ' ' || checksum FROM {Migrator.HistoryTable} ORDER BY version"));
        Assert.Equal(Enumerable.Repeat("created", 6), Query(created, $"SELECT how FROM {Migrator.HistoryTable} ORDER BY version"));
        Assert.Equal("6", Query(created, "PRAGMA user_version").Single());
        Assert.Equal("ok", Query(created, "PRAGMA integrity_check").Single());
        Assert.Empty(Query(created, "SELECT * FROM pragma_foreign_key_check"));
        Assert.Equal(new[] { "SeedAdmin", "SeedWelcomeNote", "SeedGuest", "SeedAdmin", "SeedWelcomeNote", "SeedGuest" }, _ran);
    }

    [Fact]
    public void Opening_again_runs_no_seed_a_second_time()
    {
        IReadOnlyList<Migration> steps = Seeded();
        string created = NewFile(), migrated = NewFile();
        Open(created, steps);
        Migrate(migrated, steps, 3);
        Open(migrated, steps);
        List<string> rows = Rows(created);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(6, Open(created, steps));
            Assert.Equal(6, Open(migrated, steps));
        }
        Assert.Equal(rows, Rows(created));
        Assert.Equal(rows, Rows(migrated));
        Assert.Equal(2, _ran.Count(s => s == "SeedAdmin"));
        Assert.Equal(2, _ran.Count(s => s == "SeedGuest"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_seed_that_throws_leaves_a_new_file_empty(int failAt)
    {
        string path = NewFile();
        MigrationException error = Assert.Throws<MigrationException>(() => Open(path, Seeded(failAt)));
        Assert.Contains($"seed of version {failAt} failed on purpose", error.Message);
        Assert.Contains("in the seed data 'Seed", error.Message);
        Assert.Equal(0, error.CurrentVersion);
        Assert.Equal("0", Query(path, "PRAGMA user_version").Single());
        Assert.Empty(Query(path, "SELECT name FROM sqlite_schema"));

        Assert.Equal(6, Open(path, Seeded())); // the same file, with a seed that works: created as if nothing happened
        Assert.Equal(SeedRowsAtLatest.Order(StringComparer.Ordinal), Rows(path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_seed_that_throws_while_migrating_leaves_the_file_at_its_starting_version_with_every_row()
    {
        string path = NewFile();
        Migrate(path, Seeded(), 1);
        Execute(path, "INSERT INTO users (id, email) VALUES (7, 'ada@example.com')");
        List<string> before = Rows(path);
        IReadOnlyList<string> schema = SchemaShape.Read(path);

        MigrationException error = Assert.Throws<MigrationException>(() => Open(path, Seeded(failAt: 4)));
        Assert.Contains("from version 3 to 4 (on the way from version 1 to 6) failed in the seed data 'SeedGuest'", error.Message);
        Assert.Equal(1, error.CurrentVersion);
        Assert.Equal("1", Query(path, "PRAGMA user_version").Single());
        Assert.Equal(new[] { "1" }, Query(path, $"SELECT version FROM {Migrator.HistoryTable}"));
        Assert.Equal(schema, SchemaShape.Read(path));
        Assert.Equal(before, Rows(path)); // nor the data step's rewrite, nor the version-2 seed: nothing half-written
    }

    [Fact]
    public void Each_seed_meets_the_schema_of_its_version_and_later_data_steps_in_a_new_file_too()
    {
        // The version-2 seed writes into notes, which version 6 renames; the version-3 data step fills users.name of the
        // version-1 seed row. A new file built from CreateSchemaSql would have neither.
        string path = NewFile();
        Open(path, Seeded());
        Assert.Equal(new[] { "100|welcome" }, Query(path, "SELECT id || '|' || body FROM memos"));
        Assert.Equal("admin", Query(path, "SELECT display_name FROM users WHERE id = 1").Single());
    }

    [Fact]
    public void A_step_without_seed_data_keeps_its_checksum_and_seed_data_changes_it()
    {
        // SHA-256 of "up\nA\ndown\nB\ndata\n" and of "up\nA\ndown\nB\ndata\nFill", computed with Python's hashlib.
        var step = new Migration(1, "A", "B");
        Assert.Equal("1a455edb02ca02ae8f56d02a4c87c8bd3f5df5c19ec94856b32a7b5b9854e319", step.Checksum);
        Assert.Equal("8e920c842f873cfcc20f3d2c25113a85ef2bc7675c691b6a0fef79d2cbc1c654", step.WithDataStep("Fill", _ => { }).Checksum);
        Assert.NotEqual(step.Checksum, step.WithSeedData("Seed", _ => { }).Checksum);
        Assert.NotEqual(step.WithSeedData("Seed", _ => { }).Checksum, step.WithSeedData("Other", _ => { }).Checksum);
        Assert.Equal(step.WithSeedData("Seed", _ => { }).Checksum, step.WithSeedData("Seed", _ => throw new InvalidOperationException()).Checksum);
    }

    [Fact]
    public void The_dry_run_says_where_each_seed_runs()
    {
        string script = Migrator.Script("NotesDb", Seeded(), 0, 6);
        Assert.Contains("-- the C# seed data 'SeedAdmin' runs here", script);
        Assert.Contains("-- the C# seed data 'SeedGuest' runs here", script);
        Assert.True(script.IndexOf("'NameFromEmail' runs here", StringComparison.Ordinal) < script.IndexOf("'SeedGuest' runs here", StringComparison.Ordinal));
    }

    private string Fresh(int version)
    {
        string path = NewFile();
        Execute(path, MigrationHistory.Fresh[version - 1]);
        return path;
    }

    /// <summary>Every row of every table of the history (the history table aside), with its rowid, each value as SQLite quotes it.</summary>
    private static List<string> Rows(string path)
    {
        var rows = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        foreach (string table in Query(path, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('memos', 'notes', 'users') ORDER BY name"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = table switch
            {
                "memos" => "SELECT rowid, * FROM memos ORDER BY rowid",
                "notes" => "SELECT rowid, * FROM notes ORDER BY rowid",
                _ => "SELECT rowid, * FROM users ORDER BY rowid",
            };
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                IEnumerable<string> values = Enumerable.Range(1, reader.FieldCount - 1).Select(i => reader.GetValue(i) switch
                {
                    DBNull => "NULL",
                    string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
                    object value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
                });
                rows.Add($"{table} {reader.GetInt64(0)}: {string.Join("|", values)}");
            }
        }
        Assert.Empty(Query(path, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('memos', 'notes', 'users', 'sqlitegen_migrations')"));
        return rows;
    }

    private static void Execute(string path, string sql) => MigratorTests.Execute(path, sql);

    private static List<string> Query(string path, string sql) => MigratorTests.Query(path, sql);
}

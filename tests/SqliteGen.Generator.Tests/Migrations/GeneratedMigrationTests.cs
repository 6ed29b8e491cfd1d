using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Migrations;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// The whole workflow, end to end: each version of <see cref="ShopHistory"/> is compiled with the real
/// generator and the snapshots frozen from the versions before it (taken from the previous build's
/// generated snapshot, as <c>SqliteGenFreeze</c> does), loaded, and run on real files.
/// </summary>
public sealed class GeneratedMigrationTests : IClassFixture<GeneratedMigrationTests.Builds>, IDisposable
{
    private readonly Builds _builds;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-genmig-" + Guid.NewGuid().ToString("N"));

    public GeneratedMigrationTests(Builds builds)
    {
        _builds = builds;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Every version compiled once: its assembly, generated sources and generator diagnostics.</summary>
    public sealed class Builds
    {
        public Builds()
        {
            var snapshots = new List<(string Path, string Text)>();
            for (int version = 1; version <= ShopHistory.Latest; version++)
            {
                GeneratorOutput output = Harness.Generate(Harness.Compile(ShopHistory.Source(version)), snapshots);
                Outputs.Add(output);
                Assemblies.Add(Load(output.Compilation));
                snapshots.Add(($"/repo/sqlitegen/ShopDb.v{version}.json", FrozenSnapshot(output)));
            }
            Snapshots = snapshots;
        }

        internal List<GeneratorOutput> Outputs { get; } = new();

        public List<Assembly> Assemblies { get; } = new();

        public IReadOnlyList<(string Path, string Text)> Snapshots { get; }

        public Type Db(int version) => Assemblies[version - 1].GetType("Shop.ShopDb", throwOnError: true)!;

        public IReadOnlyList<Migration> Migrations(int version) => (IReadOnlyList<Migration>)Db(version).GetProperty("Migrations")!.GetValue(null)!;

        private static Assembly Load(Compilation compilation)
        {
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            return Assembly.Load(stream.ToArray());
        }
    }

    /// <summary>What <c>dotnet build -t:SqliteGenFreeze</c> copies out of the generated snapshot file.</summary>
    internal static string FrozenSnapshot(GeneratorOutput output)
    {
        string file = output.Sources.Single(s => s.HintName.EndsWith(".Snapshot.g.cs", StringComparison.Ordinal)).Source;
        Match json = Regex.Match(file, @"/\* sqlitegen-snapshot-begin\n(?<json>.*)\nsqlitegen-snapshot-end \*/", RegexOptions.Singleline);
        Assert.True(json.Success, file);
        return json.Groups["json"].Value + "\n";
    }

    [Fact]
    public void Every_version_compiles_without_errors_or_warnings_and_frozen_steps_keep_their_checksums()
    {
        for (int version = 1; version <= ShopHistory.Latest; version++)
        {
            GeneratorOutput output = _builds.Outputs[version - 1];
            Assert.DoesNotContain(output.Reported, d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "SQLG051");
            Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
            IReadOnlyList<Migration> steps = _builds.Migrations(version);
            Assert.Equal(Enumerable.Range(1, version), steps.Select(s => s.Version));
            // A version frozen in an earlier build generates byte-identical steps in every later build: no drift.
            Assert.Equal(_builds.Migrations(version).Select(s => s.Checksum), _builds.Migrations(ShopHistory.Latest).Take(version).Select(s => s.Checksum));
        }
    }

    [Fact]
    public void Each_kind_of_change_gets_the_SQL_that_SQLite_allows()
    {
        IReadOnlyList<Migration> steps = _builds.Migrations(ShopHistory.Latest);
        Assert.Contains("ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT ''", steps[2].Up);
        Assert.Contains("ALTER TABLE users DROP COLUMN name", steps[2].Down);
        Assert.Equal("column users.name, column users.age", steps[2].DownLosesData);
        Assert.Contains("ALTER TABLE users RENAME COLUMN name TO display_name", steps[3].Up);
        Assert.Null(steps[3].UpLosesData);
        Assert.Contains("CREATE TABLE sqlitegen_new_notes", steps[4].Up); // nullability + check: rebuild
        Assert.Contains("ALTER TABLE notes RENAME TO memos", steps[5].Up);
        Assert.Contains("ALTER TABLE memos RENAME TO notes", steps[5].Down);
        Assert.Equal("column users.display_name", steps[6].UpLosesData);
        Assert.Equal("column memos.embedding", steps[6].DownLosesData);
        Assert.Contains("INSERT INTO memos_fts (memos_fts) VALUES ('rebuild');", steps[6].Up); // the rebuilt table's full-text index, refilled
    }

    [Fact]
    public void A_step_that_drops_data_is_flagged_at_build_time()
    {
        Diagnostic warning = Assert.Single(_builds.Outputs[ShopHistory.Latest - 1].Reported, d => d.Id == "SQLG051");
        Assert.Contains("Migrating ShopDb up to version 7 drops column users.display_name", warning.GetMessage());
        Assert.Contains(_builds.Outputs[2].Reported, d => d.Id == "SQLG052" && d.GetMessage().Contains("down from version 3 to 2 drops column users.name, column users.age"));
    }

    [Fact]
    public void Every_version_migrated_up_to_every_later_one_matches_a_fresh_file_and_keeps_its_rows()
    {
        IReadOnlyList<Migration> all = _builds.Migrations(ShopHistory.Latest);
        var allowLoss = new MigrationOptions { AllowDataLoss = true };
        for (int from = 1; from <= ShopHistory.Latest; from++)
        {
            for (int to = from + 1; to <= ShopHistory.Latest; to++)
            {
                string migrated = CreateSeeded(from);
                IReadOnlyList<string> before = Dump(migrated, from);
                using (SqliteConnectionPool pool = SqliteConnectionPool.Open(migrated))
                    Assert.Equal(to, Migrator.Migrate(pool, "ShopDb", all, to, allowLoss));
                AssertSameSchema(Fresh(to), migrated, $"up from {from} to {to}");
                foreach (string table in ShopHistory.Tables(to))
                    Assert.Equal(table == "users" ? 2L : from == 1 ? 0L : 3L, Scalar(migrated, $"SELECT count(*) FROM {table}"));

                // And back down: the schema of the start, and its rows where no step on the way dropped any.
                using (SqliteConnectionPool pool = SqliteConnectionPool.Open(migrated))
                    Migrator.Migrate(pool, "ShopDb", all, from, allowLoss);
                AssertSameSchema(Fresh(from), migrated, $"down from {to} to {from}");
                if (all.Skip(from).Take(to - from).All(step => step.UpLosesData is null))
                    Assert.Equal(before, Dump(migrated, from));
            }
        }
    }

    [Fact]
    public void Opening_an_older_file_with_the_latest_build_migrates_it_and_refuses_data_loss_without_the_opt_in()
    {
        string path = CreateSeeded(6);
        var error = Assert.Throws<MigrationException>(() => Open(ShopHistory.Latest, path, null));
        Assert.Contains("from version 6 to 7 drops data (column users.display_name)", error.Message);
        Assert.Equal(6L, Scalar(path, "PRAGMA user_version"));

        Open(ShopHistory.Latest, path, new SqliteGenOptions { Migrations = new MigrationOptions { AllowDataLoss = true } });
        Assert.Equal(7L, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(SchemaShape.Read(Fresh(ShopHistory.Latest)), SchemaShape.Read(path));
        Assert.Equal("36", Scalar(path, "SELECT age FROM users WHERE id = 1"));
    }

    [Fact]
    public void A_file_whose_version_was_changed_after_it_shipped_is_refused_as_drift()
    {
        string path = CreateSeeded(3);
        // Version 3 edited after shipping: the same records with another default, compiled without a new version.
        string edited = ShopHistory.Source(3).Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"1\")] int Age");
        GeneratorOutput output = Harness.Generate(Harness.Compile(edited), _builds.Snapshots.Take(2));
        using var stream = new MemoryStream();
        Assert.True(output.Compilation.Emit(stream).Success);
        Type db = Assembly.Load(stream.ToArray()).GetType("Shop.ShopDb")!;

        var error = Assert.Throws<TargetInvocationException>(() => db.GetMethod("Open")!.Invoke(null, new object?[] { path, null }));
        var drift = Assert.IsType<MigrationException>(error.InnerException);
        Assert.Equal(3, drift.FailedVersion);
        Assert.Contains("(drift): version 3 was changed", drift.Message);
    }

    [Fact]
    public void A_failing_data_step_leaves_the_file_at_the_previous_version_with_all_its_rows()
    {
        string path = CreateSeeded(2);
        IReadOnlyList<string> before = Dump(path, 2);
        IReadOnlyList<string> schemaBefore = SchemaShape.Read(path);
        // Version 3 with a data step that changes rows and then fails: the whole step must roll back.
        string failing = ShopHistory.Source(3).Replace("public partial class ShopDb;", """
            public partial class ShopDb
            {
                [DataStep(3)]
                static void FillNames(MigrationContext context)
                {
                    context.Execute("UPDATE users SET name = 'changed', age = 99");
                    throw new System.InvalidOperationException("the data step failed on purpose");
                }
            }
            """);
        GeneratorOutput output = Harness.Generate(Harness.Compile(failing), _builds.Snapshots.Take(2));
        using var stream = new MemoryStream();
        Assert.True(output.Compilation.Emit(stream).Success, output.CompilationDiagnostics.Describe());
        Type db = Assembly.Load(stream.ToArray()).GetType("Shop.ShopDb")!;

        var error = Assert.Throws<TargetInvocationException>(() => db.GetMethod("Open")!.Invoke(null, new object?[] { path, null }));
        var failed = Assert.IsType<MigrationException>(error.InnerException);
        Assert.Equal(2, failed.CurrentVersion);
        Assert.Equal(3, failed.FailedVersion);
        Assert.Contains("the data step failed on purpose", failed.Message);
        Assert.Contains("still at version 2, with all its data", failed.Message);

        Assert.Equal(2L, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(schemaBefore, SchemaShape.Read(path));
        Assert.Equal(before, Dump(path, 2));
    }

    [Fact]
    public void The_dry_run_script_creates_the_same_schema_when_run_by_hand()
    {
        string script = (string)_builds.Db(ShopHistory.Latest).GetMethod("MigrationScript")!.Invoke(null, new object[] { 0, ShopHistory.Latest })!;
        string path = Path.Combine(_folder, "script.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = script;
            command.ExecuteNonQuery();
        }
        Assert.Equal(SchemaShape.Read(Fresh(ShopHistory.Latest)), SchemaShape.Read(path));
    }

    internal static void AssertSameSchema(string expectedFile, string actualFile, string what)
    {
        IReadOnlyList<string> expected = SchemaShape.Read(expectedFile), actual = SchemaShape.Read(actualFile);
        Assert.True(expected.SequenceEqual(actual),
            $"{what}: the schema differs from a fresh file.\nOnly fresh:\n  {string.Join("\n  ", expected.Except(actual))}\nOnly migrated:\n  {string.Join("\n  ", actual.Except(expected))}");
    }

    private string CreateSeeded(int version)
    {
        string path = Path.Combine(_folder, $"v{version}-{Guid.NewGuid():N}.db");
        Open(version, path, null);
        Execute(path, ShopHistory.Seed(version));
        return path;
    }

    private string Fresh(int version)
    {
        string path = Path.Combine(_folder, $"fresh-v{version}.db");
        if (!File.Exists(path))
            Open(version, path, null);
        return path;
    }

    /// <summary>The generated <c>Open</c> of that version's build, then disposed.</summary>
    private void Open(int version, string path, SqliteGenOptions? options)
    {
        try
        {
            using var db = (IDisposable)_builds.Db(version).GetMethod("Open")!.Invoke(null, new object?[] { path, options })!;
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
        }
    }

    private static IReadOnlyList<string> Dump(string path, int version) =>
        ShopHistory.Tables(version).SelectMany(table => Rows(path, $"SELECT * FROM {table} ORDER BY rowid").Select(row => table + ": " + row)).ToList();

    private static IEnumerable<string> Rows(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "NULL" : reader.GetValue(i)))));
        return rows;
    }

    internal static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

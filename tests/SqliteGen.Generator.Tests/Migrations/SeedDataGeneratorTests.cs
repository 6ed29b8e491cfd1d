using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Migrations;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// <c>[SeedData]</c> through the generator: four versions of <see cref="ShopHistory"/>, each build declaring the seed data
/// of its versions and frozen from the build before it, compiled and run on real files; and the build errors for seed
/// data that could never run as declared (SQLG058, SQLG059).
/// </summary>
public sealed class SeedDataGeneratorTests : IDisposable
{
    private const int Versions = 4;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-seed-" + Guid.NewGuid().ToString("N"));

    public SeedDataGeneratorTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// The seed data of versions 1 to <paramref name="version"/>: an administrator (version 1), a welcome note (version 2)
    /// and a guest written with the column <c>name</c>, which version 4 renames to <c>display_name</c> (version 3).
    /// </summary>
    private static string Source(int version, string extra = "")
    {
        var members = new List<string>();
        if (version >= 1)
            members.Add("""
                [SeedData(1)]
                static void SeedAdministrator(MigrationContext context) =>
                    context.Execute("INSERT INTO users (id, email) VALUES (1, 'admin@example.com')");
                """);
        if (version >= 2)
            members.Add("""
                [SeedData(2)]
                static void SeedWelcomeNote(MigrationContext context) =>
                    context.Execute("INSERT INTO notes (id, user_id, body) VALUES (1, 1, 'welcome')");
                """);
        if (version >= 3)
            members.Add("""
                [SeedData(3)]
                static void SeedGuest(MigrationContext context) =>
                    context.Execute("INSERT INTO users (id, email, name, age) VALUES (2, 'guest@example.com', 'Guest', 30)");
                """);
        return ShopHistory.Source(version).Replace("public partial class ShopDb;",
            "public partial class ShopDb\n{\n" + string.Join("\n\n", members) + extra + "\n}\n", StringComparison.Ordinal);
    }

    private static readonly Lazy<(List<Assembly> Builds, List<(string Path, string Text)> Snapshots)> History = new(() =>
    {
        var builds = new List<Assembly>();
        var snapshots = new List<(string Path, string Text)>();
        for (int version = 1; version <= Versions; version++)
        {
            GeneratorOutput output = Harness.Generate(Harness.Compile(Source(version)), snapshots);
            Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            builds.Add(Load(output));
            snapshots.Add(($"/repo/sqlitegen/ShopDb.v{version}.json", GeneratedMigrationTests.FrozenSnapshot(output)));
        }
        return (builds, snapshots);
    });

    private static Assembly Load(GeneratorOutput output)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
        Assert.True(result.Success, output.CompilationDiagnostics.Describe());
        return Assembly.Load(stream.ToArray());
    }

    [Fact]
    public void The_generated_migrations_attach_each_seed_to_its_version_and_the_snapshot_records_them()
    {
        GeneratorOutput output = Harness.Generate(Harness.Compile(Source(3)), History.Value.Snapshots.Take(2));
        string database = output.Sources.Single(s => s.HintName.EndsWith("Database.g.cs", StringComparison.Ordinal)).Source;
        Assert.Contains("downLosesData: \"table users\").WithSeedData(\"SeedAdministrator\", SeedAdministrator),", database);
        Assert.Contains(".WithSeedData(\"SeedGuest\", SeedGuest),", database);
        Assert.Contains("\"seedData\": [{ \"version\": 1, \"method\": \"SeedAdministrator\" }, { \"version\": 2, \"method\": \"SeedWelcomeNote\" }, { \"version\": 3, \"method\": \"SeedGuest\" }],",
            GeneratedMigrationTests.FrozenSnapshot(output));
    }

    [Fact]
    public void A_new_file_and_files_migrated_from_each_older_build_have_the_same_rows_and_history()
    {
        string created = NewFile();
        Open(Versions, created);
        var expected = new[]
        {
            "notes: id=1 | user_id=1 | body=welcome",
            "users: id=1 | email=admin@example.com | display_name= | age=0",
            "users: id=2 | email=guest@example.com | display_name=Guest | age=30",
        };
        Assert.Equal(expected, Dump(created));
        Assert.Equal(Enumerable.Repeat("created", Versions), Rows(created, $"SELECT how FROM {Migrator.HistoryTable} ORDER BY version"));

        for (int start = 1; start < Versions; start++)
        {
            string migrated = NewFile();
            Open(start, migrated);
            Open(Versions, migrated);
            Assert.Equal(SchemaShape.Read(created), SchemaShape.Read(migrated));
            Assert.Equal(expected, Dump(migrated));
            Assert.Equal(Recorded(created), Recorded(migrated));
            Assert.Equal("ok", Rows(migrated, "PRAGMA integrity_check").Single());

            Open(Versions, migrated); // again: nothing runs twice
            Assert.Equal(expected, Dump(migrated));
        }
    }

    [Fact]
    public void Misdeclared_seed_data_is_an_error_naming_the_method()
    {
        string source = Source(3, """


            [SeedData(9)]
            static void Nowhere(MigrationContext context) { }

            [SeedData(3)]
            static void SecondForThree(MigrationContext context) { }

            [SeedData(2)]
            void NotStatic(MigrationContext context) { }

            [SeedData(3), DataStep(3)]
            static void Both(MigrationContext context) { }
            """);
        GeneratorOutput output = Harness.Generate(Harness.Compile(source), History.Value.Snapshots.Take(2));

        List<string> errors = output.GeneratorDiagnostics.Where(d => d.Id == "SQLG058").Select(d => d.GetMessage()).ToList();
        Assert.Contains(errors, e => e.Contains("[SeedData(9)] on 'ShopDb.Nowhere' names no version of ShopDb (1 to 3), so it would never run"));
        Assert.Contains(errors, e => e.Contains("'ShopDb.NotStatic': seed data must be declared 'static void NotStatic(MigrationContext context)'"));
        Assert.Contains(errors, e => e.Contains("'ShopDb.Both' is both [DataStep] and [SeedData]"));
        Assert.Contains(errors, e => e.Contains("Version 3 of ShopDb has several seed data methods (SecondForThree, SeedGuest)"));
        Assert.True(errors.Count == 4, string.Join("\n", errors)); // one per mistake: NotStatic does not also make version 2 "several"
        Assert.All(output.GeneratorDiagnostics.Where(d => d.Id == "SQLG058"), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void Seed_data_added_to_removed_from_or_renamed_on_a_frozen_version_is_an_error()
    {
        List<(string Path, string Text)> frozen = History.Value.Snapshots.Take(2).ToList();

        // Version 1 was frozen without seed data: a seed for it now would never run in files already at 1 or later.
        List<(string Path, string Text)> withoutSeeds = frozen.Select(f => (f.Path, System.Text.RegularExpressions.Regex.Replace(f.Text, "  \"seedData\": .*\n", ""))).ToList();
        Diagnostic added = Assert.Single(Harness.Generate(Harness.Compile(Source(3)), withoutSeeds).GeneratorDiagnostics, d => d.Id == "SQLG059" && d.GetMessage().Contains("version 1 "));
        Assert.Equal(DiagnosticSeverity.Error, added.Severity);
        Assert.Contains("[SeedData(1)] on 'ShopDb.SeedAdministrator': version 1 of ShopDb is frozen (sqlitegen/ShopDb.v2.json), so files already at version 1 or later would never run it", added.GetMessage());

        string removed = Source(3).Replace("[SeedData(2)]", "", StringComparison.Ordinal);
        Diagnostic gone = Assert.Single(Harness.Generate(Harness.Compile(removed), frozen).GeneratorDiagnostics, d => d.Id == "SQLG059");
        Assert.Contains("version 2 of ShopDb is frozen (sqlitegen/ShopDb.v2.json) with the seed data 'SeedWelcomeNote', which is gone", gone.GetMessage());

        string renamed = Source(3).Replace("SeedWelcomeNote", "SeedFirstNote", StringComparison.Ordinal);
        Diagnostic other = Assert.Single(Harness.Generate(Harness.Compile(renamed), frozen).GeneratorDiagnostics, d => d.Id == "SQLG059");
        Assert.Contains("with the seed data 'SeedWelcomeNote', now 'SeedFirstNote'", other.GetMessage());

        // The version in development takes seed data freely.
        Assert.DoesNotContain(Harness.Generate(Harness.Compile(Source(3)), frozen).GeneratorDiagnostics, d => d.Id is "SQLG058" or "SQLG059");
    }

    private string NewFile() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");

    /// <summary>The generated <c>Open</c> of that version's build, then disposed.</summary>
    private static void Open(int version, string path)
    {
        Type db = History.Value.Builds[version - 1].GetType("Shop.ShopDb", throwOnError: true)!;
        using var opened = (IDisposable)db.GetMethod("Open")!.Invoke(null, new object?[] { path, null })!;
    }

    private static List<string> Recorded(string path) =>
        Rows(path, $"SELECT version || ' ' || checksum FROM {Migrator.HistoryTable} ORDER BY version");

    private static List<string> Dump(string path) =>
        Rows(path, "SELECT 'notes: id=' || id || ' | user_id=' || user_id || ' | body=' || body FROM notes ORDER BY rowid")
            .Concat(Rows(path, "SELECT 'users: id=' || id || ' | email=' || email || ' | display_name=' || display_name || ' | age=' || age FROM users ORDER BY rowid"))
            .ToList();

    private static List<string> Rows(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}

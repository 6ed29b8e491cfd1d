using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests;
using SqliteGen.Tests.Migrations;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// Migrations between the key forms (AUTOINCREMENT and the plain rowid alias) and the enum forms (INTEGER and
/// <c>[EnumAsText]</c>), and a text enum losing a member, compiled with the real generator version after version and run
/// on real files: a migrated file has the schema of a fresh one, its rows converted; Python's sqlite3 reads the result.
/// </summary>
public sealed class KeyAndEnumMigrationTests : IClassFixture<KeyAndEnumMigrationTests.Builds>, IDisposable
{
    private const int Latest = 4;
    private readonly Builds _builds;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-keyenum-" + Guid.NewGuid().ToString("N"));

    public KeyAndEnumMigrationTests(Builds builds)
    {
        _builds = builds;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// 1: INTEGER enum, AUTOINCREMENT key. 2: the enum stored by name, the key a plain rowid alias. 3: a member added,
    /// AUTOINCREMENT again. 4: the member 'warning' removed.
    /// </summary>
    private static string Source(int version)
    {
        string members = version switch { 1 or 2 => "Healthy, Warning, Critical", 3 => "Healthy, Warning, Critical, Offline", _ => "Healthy, Critical, Offline" };
        string key = version == 2 ? "Generated = true" : "AutoIncrement = true";
        return $$"""
            using SqliteGen;

            namespace Monitor;

            [SqliteDatabase(Version = {{version}})]
            public partial class MonitorDb;

            {{(version == 1 ? "" : "[EnumAsText]")}}
            public enum Health { {{members}} }

            [Table("services")]
            public partial record Service([PrimaryKey({{key}})] long Id, string Name, Health Status, Health? Previous);
            """;
    }

    /// <summary>Every version compiled once, each with the snapshots frozen from the builds before it.</summary>
    public sealed class Builds
    {
        public Builds()
        {
            var snapshots = new List<(string Path, string Text)>();
            for (int version = 1; version <= Latest; version++)
            {
                GeneratorOutput output = Harness.Generate(Harness.Compile(Source(version)), snapshots);
                Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && d.Id != "SQLG051" && d.Id != "SQLG052");
                using var stream = new MemoryStream();
                Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
                Assert.True(result.Success, string.Join("\n", result.Diagnostics));
                Dbs.Add(Assembly.Load(stream.ToArray()).GetType("Monitor.MonitorDb", throwOnError: true)!);
                snapshots.Add(($"/repo/sqlitegen/MonitorDb.v{version}.json", GeneratedMigrationTests.FrozenSnapshot(output)));
            }
        }

        public List<Type> Dbs { get; } = new();
    }

    [Fact]
    public void Integer_enum_to_names_and_AUTOINCREMENT_to_rowid_alias_converts_every_row_keeps_ids_and_matches_a_fresh_file()
    {
        string path = Create(1, "INSERT INTO services (id, name, status, previous) VALUES (1, 'a', 0, NULL), (2, 'b', 1, 2), (3, 'c', 2, 1); DELETE FROM services WHERE id = 3;");
        Assert.Equal(3L, GeneratedMigrationTests.Scalar(path, "SELECT seq FROM sqlite_sequence WHERE name = 'services'"));
        IReadOnlyList<string> before = Rows(path);

        Migrate(path, 2);
        GeneratedMigrationTests.AssertSameSchema(Fresh(2), path, "up to 2");
        Assert.Equal(new[] { "1|a|healthy|NULL", "2|b|warning|critical" }, Rows(path));
        Assert.Null(GeneratedMigrationTests.Scalar(path, "SELECT seq FROM sqlite_sequence WHERE name = 'services'")); // no AUTOINCREMENT, no counter
        Assert.Equal("[(1, 'a', 'healthy', None), (2, 'b', 'warning', 'critical')]\n",
            PythonScript.Run("import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT * FROM services ORDER BY id').fetchall())", path));

        // And back: names to numbers, AUTOINCREMENT again with its counter at the highest id.
        Migrate(path, 1);
        GeneratedMigrationTests.AssertSameSchema(Fresh(1), path, "down from 2 to 1");
        Assert.Equal(before, Rows(path));
        Assert.Equal(2L, GeneratedMigrationTests.Scalar(path, "SELECT seq FROM sqlite_sequence WHERE name = 'services'"));
    }

    [Fact]
    public void Rowid_alias_to_AUTOINCREMENT_sets_the_counter_to_the_highest_id_and_an_added_member_widens_the_CHECK()
    {
        string path = Create(2, "INSERT INTO services (id, name, status) VALUES (5, 'a', 'warning'), (9, 'b', 'critical');");
        Migrate(path, 3);
        GeneratedMigrationTests.AssertSameSchema(Fresh(3), path, "up to 3");
        Assert.Equal(9L, GeneratedMigrationTests.Scalar(path, "SELECT seq FROM sqlite_sequence WHERE name = 'services'"));
        Assert.Equal(new[] { "5|a|warning|NULL", "9|b|critical|NULL" }, Rows(path));
        GeneratedMigrationTests.Execute(path, "INSERT INTO services (name, status) VALUES ('c', 'offline')");
        Assert.Equal(10L, GeneratedMigrationTests.Scalar(path, "SELECT max(id) FROM services"));
    }

    [Fact]
    public void A_removed_member_still_in_a_row_is_refused_by_name_before_anything_changes_and_passes_once_the_rows_move()
    {
        string path = Create(3, "INSERT INTO services (id, name, status, previous) VALUES (1, 'a', 'healthy', 'warning'), (2, 'b', 'offline', NULL);");
        IReadOnlyList<string> schema = SchemaShape.Read(path);
        IReadOnlyList<string> rows = Rows(path);
        var error = Assert.ThrowsAny<Exception>(() => Migrate(path, 4));
        Assert.Contains("services.previous still holds 'warning', which its enum no longer has", error.ToString());
        Assert.Equal(schema, SchemaShape.Read(path));
        Assert.Equal(rows, Rows(path));
        Assert.Equal(3L, GeneratedMigrationTests.Scalar(path, $"SELECT max(version) FROM {Migrator.HistoryTable}"));

        GeneratedMigrationTests.Execute(path, "UPDATE services SET previous = 'critical' WHERE previous = 'warning'");
        Migrate(path, 4);
        GeneratedMigrationTests.AssertSameSchema(Fresh(4), path, "up to 4");
        Assert.Equal(new[] { "1|a|healthy|critical", "2|b|offline|NULL" }, Rows(path));
    }

    [Fact]
    public void A_number_the_enum_does_not_declare_is_refused_before_anything_changes()
    {
        string path = Create(1, "INSERT INTO services (id, name, status) VALUES (1, 'a', 7);");
        var error = Assert.ThrowsAny<Exception>(() => Migrate(path, 2));
        Assert.Contains("services.status holds a number that is not a value of its enum", error.ToString());
        Assert.Equal(new[] { "1|a|7|NULL" }, Rows(path));
    }

    [Fact]
    public void Every_version_migrated_up_to_the_latest_matches_a_fresh_file()
    {
        for (int from = 1; from < Latest; from++)
        {
            string path = Create(from, from == 1
                ? "INSERT INTO services (name, status, previous) VALUES ('a', 0, 2), ('b', 2, NULL);"
                : "INSERT INTO services (name, status, previous) VALUES ('a', 'healthy', 'critical'), ('b', 'critical', NULL);");
            Migrate(path, Latest);
            GeneratedMigrationTests.AssertSameSchema(Fresh(Latest), path, $"up from {from}");
            Assert.Equal(new[] { "1|a|healthy|critical", "2|b|critical|NULL" }, Rows(path));
            Assert.Equal("ok", GeneratedMigrationTests.Scalar(path, "PRAGMA integrity_check"));
        }
    }

    private string Create(int version, string seed)
    {
        string path = Path.Combine(_folder, $"v{version}-{Guid.NewGuid():N}.db");
        Open(version, path);
        GeneratedMigrationTests.Execute(path, seed);
        return path;
    }

    private string Fresh(int version)
    {
        string path = Path.Combine(_folder, $"fresh-v{version}.db");
        if (!File.Exists(path))
            Open(version, path);
        return path;
    }

    private void Open(int version, string path) => GeneratedDatabase.Open(_builds.Dbs[version - 1], path);

    private void Migrate(string path, int to) => GeneratedDatabase.Migrate(path, _builds.Dbs[Latest - 1], to);

    private static IReadOnlyList<string> Rows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, status, previous FROM services ORDER BY id";
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString())));
        return rows;
    }
}

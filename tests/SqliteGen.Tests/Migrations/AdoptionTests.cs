using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Migrations;

/// <summary>
/// Adopting existing files: databases written by another program (Python's sqlite3 here, from DDL like the seed
/// systems'), compared with <see cref="LearningDb"/> version 1 (a seed-003-like schema: AUTOINCREMENT, a partial
/// index, a collation, a CHECK, foreign keys with actions, a composite key) and stamped only when they match.
/// </summary>
public sealed class AdoptionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>A file written by Python's sqlite3: <paramref name="ddl"/>, then <paramref name="rows"/>.</summary>
    private string Python(string ddl, string rows = "")
    {
        string path = _folder.File(Guid.NewGuid().ToString("N") + ".db");
        string script = _folder.File(Guid.NewGuid().ToString("N") + ".sql");
        File.WriteAllText(script, ddl + "\n" + rows);
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit(); c.close()", path, script })
            start.ArgumentList.Add(arg);
        using Process python = Process.Start(start)!;
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, error);
        return path;
    }

    private static string Version1Ddl => LearningDb.CreateSchemaSql;

    private const string OneUser = "INSERT INTO users (user_id, email, name, created_at) VALUES ('6b1f0c4e-0a4c-4a4e-9d3e-2f1b8f0c0a01', 'ada@example.com', 'Ada', '2024-05-01T10:00:00.0000000+00:00');";

    private static string Mutate(string ddl, string pattern, string replacement)
    {
        string changed = Regex.Replace(ddl, pattern, replacement);
        Assert.NotEqual(ddl, changed);
        return changed;
    }

    private static string Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static AdoptionReport Adopt(string path, params SchemaDifferenceKind[] accept) =>
        SchemaAdoption.Adopt(path, "LearningDb", LearningDb.Migrations, 1, new AdoptionOptions { Accept = accept });

    [Fact]
    public void A_file_written_by_python_with_the_versions_schema_is_adopted_and_then_opens_with_its_rows()
    {
        string path = Python(Version1Ddl, OneUser);
        Assert.Empty(SchemaAdoption.Compare(path, "LearningDb", LearningDb.Migrations, 1).Differences);

        AdoptionReport report = Adopt(path);

        Assert.True(report.Adopted, report.ToString());
        Assert.Contains("the schema matches; adopted.", report.ToString());
        Assert.Equal("1", Scalar(path, "PRAGMA user_version"));
        Assert.Equal("1 adopted " + LearningDb.Migrations[0].Checksum, Scalar(path, $"SELECT version || ' ' || how || ' ' || checksum FROM {Migrator.HistoryTable}"));
        using (LearningDb db = LearningDb.Open(path))
            Assert.Equal("Ada", Assert.Single(db.Users.All()).Name);
        Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Near_misses_are_each_reported_by_table_and_column_and_the_file_is_left_as_it_was()
    {
        string ddl = Mutate(Version1Ddl, @"progress REAL", "progress INTEGER");                               // a column of another type
        ddl = Mutate(ddl, @"CREATE INDEX ix_enrollments_status ON enrollments \(status\);", "");             // a missing index
        ddl = Mutate(ddl, @"topic TEXT NOT NULL", "topic TEXT");                                              // a missing NOT NULL
        string path = Python(ddl, OneUser);
        byte[] before = File.ReadAllBytes(path);

        AdoptionReport report = Adopt(path);

        Assert.False(report.Adopted);
        Assert.Equal(3, report.Differences.Count);
        Assert.Contains(report.Differences, d => d is { Kind: SchemaDifferenceKind.ColumnType, Table: "enrollments", Name: "progress" }
            && d.Description == "column enrollments.progress: type INTEGER in the file, REAL in version 1");
        Assert.Contains(report.Differences, d => d is { Kind: SchemaDifferenceKind.MissingIndex, Table: "enrollments", Name: "ix_enrollments_status" }
            && d.Description.StartsWith("index ix_enrollments_status on enrollments: missing (version 1 has it on (status))", StringComparison.Ordinal));
        Assert.Contains(report.Differences, d => d is { Kind: SchemaDifferenceKind.ColumnNotNull, Table: "syllabi", Name: "topic" }
            && d.Description == "column syllabi.topic: NULL allowed in the file, NOT NULL in version 1");
        Assert.All(report.Differences, d => Assert.False(d.CanAccept));
        Assert.Contains("refuses adoption", report.ToString());
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Throws<ArgumentException>(() => Adopt(path, SchemaDifferenceKind.ColumnType));

        // Open still refuses the file, and now says how to go on.
        var refused = Assert.Throws<MigrationException>(() => LearningDb.Open(path));
        Assert.Contains("sqlitegen migrate adopt", refused.Message);
    }

    [Fact]
    public void An_extra_table_and_index_are_listed_and_adopted_only_when_accepted()
    {
        string path = Python(Version1Ddl + """

            CREATE TABLE audit_log (id INTEGER PRIMARY KEY, line TEXT);
            CREATE INDEX idx_users_name ON users (name);
            """, OneUser);

        AdoptionReport refused = Adopt(path);
        Assert.False(refused.Adopted);
        Assert.Equal(new[] { "users:idx_users_name:ExtraIndex", "audit_log::ExtraTable" }, refused.Differences.Select(d => $"{d.Table}:{d.Name}:{d.Kind}"));
        Assert.All(refused.Differences, d => Assert.True(d.CanAccept));
        Assert.Contains("[extra-table, can be accepted]", refused.ToString());
        Assert.Equal("0", Scalar(path, "PRAGMA user_version"));

        AdoptionReport adopted = Adopt(path, SchemaDifferenceKind.ExtraTable, SchemaDifferenceKind.ExtraIndex);
        Assert.True(adopted.Adopted, adopted.ToString());
        using (LearningDb db = LearningDb.Open(path))
            Assert.Equal(1, db.Users.Count());
        Assert.Equal("audit_log", Scalar(path, "SELECT name FROM sqlite_schema WHERE name = 'audit_log'")); // left alone
    }

    [Fact]
    public void A_file_written_from_the_seeds_own_DDL_gets_every_difference_listed()
    {
        // The seed system's users table as it wrote it: not STRICT, an inline UNIQUE, its own index name, no NOT NULL on the key.
        string seedUsers = """
            CREATE TABLE IF NOT EXISTS users (
                user_id TEXT PRIMARY KEY,
                email TEXT UNIQUE NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL  -- ISO 8601
            );
            CREATE INDEX IF NOT EXISTS idx_users_email ON users(email);
            """;
        string ddl = Regex.Replace(Version1Ddl, @"CREATE TABLE users \([^;]*\) STRICT;\s*CREATE UNIQUE INDEX ux_users_email ON users \(email\);", seedUsers);
        Assert.NotEqual(Version1Ddl, ddl);
        string path = Python(ddl, OneUser);

        AdoptionReport report = Adopt(path, SchemaDifferenceKind.NotStrict, SchemaDifferenceKind.ExtraIndex);

        Assert.False(report.Adopted);
        var lines = report.Differences.Select(d => d.Description).ToList();
        Assert.Contains("column users.user_id: NULL allowed in the file, NOT NULL in version 1", lines);
        Assert.Contains(lines, l => l.StartsWith("index ux_users_email on users: missing (version 1 has it unique on (email)); the file has a UNIQUE constraint on the same columns", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("index idx_users_email on users: on (email), not in version 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("table users: is not STRICT", StringComparison.Ordinal));
        Assert.Equal(new[] { "users" }, report.Differences.Select(d => d.Table).Distinct()); // the other tables match
        Assert.Equal(2, report.Refusing.Count);
    }

    [Fact]
    public void A_foreign_file_with_a_high_user_version_is_not_a_LearningDb_file()
    {
        string path = Python("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 57;");
        var error = Assert.Throws<MigrationException>(() => LearningDb.Open(path));
        Assert.Contains("is not a LearningDb file: its PRAGMA user_version is 57", error.Message);
        Assert.DoesNotContain("newer", error.Message);
        Assert.Equal("57", Scalar(path, "PRAGMA user_version"));
    }

    [Fact]
    public void A_user_version_set_by_hand_no_longer_adopts_a_file_unchecked()
    {
        string wrong = Python(Mutate(Version1Ddl, @"progress REAL", "progress TEXT") + "\nPRAGMA user_version = 1;");
        var error = Assert.Throws<MigrationException>(() => LearningDb.Open(wrong));
        Assert.Contains("column enrollments.progress: type TEXT in the file, REAL in version 1", error.Message);
        Assert.Equal("", Scalar(wrong, $"SELECT name FROM sqlite_schema WHERE name = '{Migrator.HistoryTable}'"));

        string right = Python(Version1Ddl + "\nPRAGMA user_version = 1;", OneUser);
        using (LearningDb db = LearningDb.Open(right))
            Assert.Equal(1, db.Users.Count());
        Assert.Equal("1 adopted", Scalar(right, $"SELECT version || ' ' || how FROM {Migrator.HistoryTable}"));
    }

    [Fact]
    public void A_SqliteGen_file_is_not_adopted_again()
    {
        string path = _folder.File("made.db");
        using (LearningDb.Open(path)) { }
        var error = Assert.Throws<MigrationException>(() => Adopt(path));
        Assert.Contains("is already a SqliteGen file", error.Message);
    }
}

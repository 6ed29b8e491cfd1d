using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// A file written with the earlier date and time form (ISO 8601 round-trip text, offsets kept), whose committed
/// snapshot says nothing of forms, migrated by the step the generator writes to the UTC form: every row converted
/// exactly (7 fractional digits, offsets, the extremes), after which SQL compares and sorts the column as time.
/// </summary>
public sealed class DateFormMigrationTests : IDisposable
{
    /// <summary>Version 1 as a snapshot written before forms were recorded: no "form" on the date columns.</summary>
    private const string OldSnapshot = """
        {
          "database": "EventsDb",
          "version": 1,
          "tables": [
            {
              "name": "events",
              "columns": [
                { "name": "id", "type": "INTEGER", "notNull": true, "primaryKey": 1 },
                { "name": "at", "type": "TEXT", "notNull": true },
                { "name": "logged", "type": "TEXT" }
              ],
              "indexes": [
                { "name": "ix_events_at", "columns": ["at"] }
              ],
              "foreignKeys": []
            }
          ]
        }
        """;

    private const string Source = """
        using System;
        using SqliteGen;

        namespace Events;

        [SqliteDatabase(Version = 2)]
        public partial class EventsDb;

        [Table("events")]
        public partial record Event([PrimaryKey] long Id, [Indexed] DateTimeOffset At, DateTime? Logged);
        """;

    /// <summary>Rows as the earlier form stored them (DateTimeOffset "O"; DateTime "O": Z, a Local offset, or nothing), and the UTC form of each.</summary>
    private static readonly (long Id, string At, string? Logged, string NewAt, string? NewLogged)[] Rows =
    {
        (1, "2026-12-06T05:50:18.1348985+03:00", "2026-12-06T02:50:18.0000000Z", "2026-12-06 02:50:18.1348985", "2026-12-06 02:50:18"),
        (2, "2026-12-06T02:50:18.1348986+00:00", "2026-12-06T04:00:00.0000001+01:00", "2026-12-06 02:50:18.1348986", "2026-12-06 03:00:00.0000001"),
        (3, "2026-12-05T21:20:19.0000000-05:30", "2026-12-06T02:50:18.5000000", "2026-12-06 02:50:19", "2026-12-06 02:50:18.5"),
        (4, "0001-01-01T00:00:00.0000000+00:00", null, "0001-01-01 00:00:00", null),
        (5, "9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31 23:59:59.9999999", "9999-12-31 23:59:59.9999999"),
        (6, "2026-12-06T16:50:17.9999999+14:00", "0001-01-01T00:00:00.0000000", "2026-12-06 02:50:17.9999999", "0001-01-01 00:00:00"),
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-dateform-" + Guid.NewGuid().ToString("N"));
    private readonly Type _db;

    public DateFormMigrationTests()
    {
        Directory.CreateDirectory(_folder);
        GeneratorOutput output = Harness.Generate(Harness.Compile(Source), new[] { ("/repo/sqlitegen/EventsDb.v1.json", OldSnapshot) });
        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        _db = System.Reflection.Assembly.Load(stream.ToArray()).GetType("Events.EventsDb", throwOnError: true)!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_step_converts_every_row_exactly_and_then_SQL_sorts_and_compares_the_column_as_time()
    {
        string path = OldFile();
        // The earlier form: text order is not time order across offsets (row 3 is 02:50:19 UTC but sorts first).
        Assert.NotEqual(new long[] { 4, 6, 1, 2, 3, 5 }, Ids(path, "SELECT id FROM events ORDER BY at"));

        GeneratedDatabase.Migrate(path, _db, 2);
        Assert.Equal(Rows.Select(r => $"{r.Id}|{r.NewAt}|{r.NewLogged ?? "NULL"}"), Dump(path));
        // The same text the runtime writes for the value the earlier text held: the SQL conversion and C# agree.
        foreach (var row in Rows)
        {
            Assert.Equal(SqliteValues.FromDateTimeOffset(DateTimeOffset.Parse(row.At, CultureInfo.InvariantCulture)), row.NewAt);
            if (row.Logged is not null)
                Assert.Equal(SqliteValues.FromDateTime(DateTime.Parse(row.Logged, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)), row.NewLogged);
        }
        Assert.Equal(new long[] { 4, 6, 1, 2, 3, 5 }, Ids(path, "SELECT id FROM events ORDER BY at"));
        Assert.Equal(new long[] { 1, 2, 4, 6 }, Ids(path, "SELECT id FROM events WHERE at < datetime('2026-12-06 02:50:19') ORDER BY id"));
        Assert.Equal(new long[] { 1, 2, 3 }, Ids(path, "SELECT id FROM events WHERE at BETWEEN datetime('2026-12-06 02:50:18') AND datetime('2026-12-06 02:50:18', '+1 second') ORDER BY id"));

        string fresh = Path.Combine(_folder, "fresh.db");
        GeneratedDatabase.Open(_db, fresh);
        GeneratedMigrationTests.AssertSameSchema(fresh, path, "the UTC form");
        Assert.Equal("ok", GeneratedMigrationTests.Scalar(path, "PRAGMA integrity_check"));

        string python = PythonScript.Run("""
            import sqlite3, sys
            from datetime import datetime
            for (at,) in sqlite3.connect(sys.argv[1]).execute("SELECT at FROM events ORDER BY at"):
                print(datetime.fromisoformat(at).isoformat(sep=" "))
            """, path);
        Assert.Equal("0001-01-01 00:00:00\n2026-12-06 02:50:17.999999\n2026-12-06 02:50:18.134898\n2026-12-06 02:50:18.134898\n2026-12-06 02:50:19\n9999-12-31 23:59:59.999999\n", python);
    }

    [Fact]
    public void Down_writes_the_earlier_form_again_at_the_same_instants()
    {
        string path = OldFile();
        GeneratedDatabase.Migrate(path, _db, 2);
        GeneratedDatabase.Migrate(path, _db, 1);
        foreach ((var row, string dumped) in Rows.Zip(Dump(path)))
        {
            string[] fields = dumped.Split('|');
            Assert.Equal(DateTimeOffset.Parse(row.At, CultureInfo.InvariantCulture), DateTimeOffset.ParseExact(fields[1], "O", CultureInfo.InvariantCulture));
            Assert.EndsWith("+00:00", fields[1]);
            if (row.Logged is null)
                continue;
            DateTime down = DateTime.ParseExact(fields[2], "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            Assert.Equal(DateTimeKind.Utc, down.Kind);
            Assert.Equal(DateTime.Parse(row.NewLogged!, CultureInfo.InvariantCulture), down);
        }
    }

    /// <summary>A file at version 1 holding <see cref="Rows"/> in the earlier form.</summary>
    private string OldFile()
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
        GeneratedDatabase.Migrate(path, _db, 1);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        foreach (var row in Rows)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "INSERT INTO events (id, at, logged) VALUES ($id, $at, $logged)";
            command.Parameters.AddWithValue("$id", row.Id);
            command.Parameters.AddWithValue("$at", row.At);
            command.Parameters.AddWithValue("$logged", (object?)row.Logged ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
        return path;
    }

    private static List<string> Dump(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, logged FROM events ORDER BY id";
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetInt64(0)}|{reader.GetString(1)}|{(reader.IsDBNull(2) ? "NULL" : reader.GetString(2))}");
        return rows;
    }

    private static List<long> Ids(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}

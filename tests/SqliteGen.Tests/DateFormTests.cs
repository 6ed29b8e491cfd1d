using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// DateTime and DateTimeOffset are stored so that SQL compares and sorts them as times (docs/type-mapping.md, "Dates"):
/// checked with SQLite's own date functions, Python's sqlite3 and datetime, and text Microsoft.Data.Sqlite writes.
/// </summary>
public sealed class DateFormTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _path;
    private readonly MonitorDb _db;

    public DateFormTests()
    {
        _path = _folder.File();
        _db = MonitorDb.Open(_path);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    /// <summary>Four checks at mixed offsets, each with 7 fractional digits: 3 h, 2 h, 90 min and 30 min ago.</summary>
    private List<HealthCheck> InsertMixedOffsets()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var ago = new (TimeSpan Ago, TimeSpan Offset)[]
        {
            (TimeSpan.FromMinutes(30), TimeSpan.FromHours(14)),
            (TimeSpan.FromHours(3), TimeSpan.FromMinutes(330)),
            (TimeSpan.FromMinutes(90), TimeSpan.Zero),
            (TimeSpan.FromHours(2), TimeSpan.FromMinutes(-570)),
        };
        return ago.Select(a => _db.Checks.Insert(new HealthCheck(0, (now - a.Ago).ToOffset(a.Offset).AddTicks(1_234_567 - (now.Ticks % 10_000_000)), null))).ToList();
    }

    [Fact]
    public void A_timestamp_compares_with_datetime_now_and_sorts_as_time_across_offsets()
    {
        List<HealthCheck> checks = InsertMixedOffsets();
        IReadOnlyList<HealthCheck> old = _db.ChecksStartedOverAnHourAgo();
        Assert.Equal(checks.Where(c => c.StartedTs < DateTimeOffset.UtcNow.AddHours(-1)).OrderBy(c => c.StartedTs).Select(c => c.Id), old.Select(c => c.Id));
        Assert.Equal(3, old.Count);

        // ORDER BY in plain SQL, and a parameter of another offset: both by instant.
        Assert.Equal(checks.OrderBy(c => c.StartedTs).Select(c => c.Id), Column<long>("SELECT id FROM checks ORDER BY started_ts"));
        DateTimeOffset since = DateTimeOffset.UtcNow.AddMinutes(-100).ToOffset(TimeSpan.FromHours(-7));
        Assert.Equal(checks.Where(c => c.StartedTs >= since).OrderByDescending(c => c.StartedTs).Select(c => c.Id), _db.ChecksSince(since).Select(c => c.Id));
    }

    [Fact]
    public void The_stored_text_is_the_UTC_instant_in_SQLites_shape_which_its_date_functions_and_Python_read()
    {
        var started = new DateTimeOffset(2026, 12, 6, 8, 20, 18, TimeSpan.FromMinutes(330)).AddTicks(1_348_985);
        var finished = new DateTime(2026, 12, 6, 2, 51, 0, DateTimeKind.Utc);
        HealthCheck check = _db.Checks.Insert(new HealthCheck(0, started, finished));

        Assert.Equal(new[] { "2026-12-06 02:50:18.1348985" }, Column<string>("SELECT started_ts FROM checks"));
        Assert.Equal(new[] { "2026-12-06 02:51:00" }, Column<string>("SELECT finished_at FROM checks")); // no zero fraction: equal to datetime()'s text
        // SQLite's date functions read the text (to the millisecond: .1348985 is .135 to them).
        Assert.Equal(new[] { "2026-12-06 02:50:18|2026-12-06 02:50:18.135|1|1" },
            Column<string>("SELECT datetime(started_ts) || '|' || strftime('%Y-%m-%d %H:%M:%f', started_ts) || '|' || (finished_at = datetime(finished_at)) || '|' || (started_ts < finished_at) FROM checks"));

        string python = PythonScript.Run("""
            import sqlite3, sys
            from datetime import datetime, timezone
            db = sqlite3.connect(sys.argv[1])
            started, finished = db.execute("SELECT started_ts, finished_at FROM checks").fetchone()
            print(datetime.fromisoformat(started).replace(tzinfo=timezone.utc).isoformat())
            print(datetime.fromisoformat(finished).isoformat())
            """, _path);
        Assert.Equal("2026-12-06T02:50:18.134898+00:00\n2026-12-06T02:51:00\n", python); // Python keeps microseconds
        Assert.Equal(started, _db.Checks.Get(check.Id).StartedTs);
    }

    [Fact]
    public void Text_that_Microsoft_Data_Sqlite_and_SQLite_write_reads_as_the_same_instant()
    {
        var instant = new DateTimeOffset(2026, 12, 6, 4, 50, 23, TimeSpan.FromHours(2)).AddTicks(5_000_000);
        using (var connection = new SqliteConnection($"Data Source={_path};Pooling=false"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            // Microsoft.Data.Sqlite writes a DateTimeOffset as "2026-12-06 04:50:23.5+02:00" and a DateTime without an offset;
            // SQLite's datetime() writes "2026-12-06 02:50:23".
            command.CommandText = "INSERT INTO checks (id, started_ts, finished_at) VALUES (1, $started, $finished), (2, datetime('2026-12-06 02:50:23'), NULL)";
            command.Parameters.AddWithValue("$started", instant);
            command.Parameters.AddWithValue("$finished", new DateTime(2026, 12, 6, 2, 50, 23, DateTimeKind.Utc));
            command.ExecuteNonQuery();
        }
        Assert.Equal("2026-12-06 04:50:23.5+02:00", Column<string>("SELECT started_ts FROM checks WHERE id = 1").Single());

        HealthCheck written = _db.Checks.Get(1);
        Assert.Equal(instant, written.StartedTs);
        Assert.Equal(instant.Offset, written.StartedTs.Offset); // text with an offset keeps it
        Assert.Equal(new DateTime(2026, 12, 6, 2, 50, 23, DateTimeKind.Utc), written.FinishedAt);
        Assert.Equal(DateTimeKind.Utc, written.FinishedAt!.Value.Kind);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 50, 23, TimeSpan.Zero), _db.Checks.Get(2).StartedTs);
    }

    [Fact]
    public void The_extremes_and_every_kind_round_trip_to_the_same_instant()
    {
        var values = new[]
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
            new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromMinutes(-570)).AddTicks(9_999_999),
            new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(14)).AddTicks(1),
        };
        var times = new DateTime?[]
        {
            DateTime.MinValue, DateTime.MaxValue, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local).AddTicks(1),
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(10),
        };
        for (int i = 0; i < values.Length; i++)
        {
            HealthCheck stored = _db.Checks.Get(_db.Checks.Insert(new HealthCheck(0, values[i], times[i])).Id);
            Assert.Equal(values[i].UtcTicks, stored.StartedTs.UtcTicks);
            DateTime time = times[i]!.Value;
            Assert.Equal((time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks, stored.FinishedAt!.Value.Ticks);
        }
        Assert.Equal(new[] { "0001-01-01 00:00:00", "9999-12-31 23:59:59.9999999" }, Column<string>("SELECT started_ts FROM checks WHERE id <= 2 ORDER BY id"));
        Assert.Equal(Enumerable.Range(1, values.Length).OrderBy(id => values[id - 1]).Select(id => (long)id), Column<long>("SELECT id FROM checks ORDER BY started_ts"));
    }

    [Fact]
    public void The_stored_shape_read_from_its_bytes_is_what_DateTime_ParseExact_reads()
    {
        // Generated readers parse the stored shape from SQLite's UTF-8 bytes (SqliteValues.TryParseUtcText) and leave
        // anything else to DateTime's parser. Oracle: DateTime.TryParseExact with the same format. Every text the fast path
        // takes must read as the same UTC value; texts it refuses go to the general parser, so it may refuse more.
        var random = new Random(23);
        var texts = new List<string>
        {
            "0001-01-01 00:00:00", "9999-12-31 23:59:59.9999999", "2024-02-29 12:00:00", "2023-02-29 12:00:00", "2026-12-06 04:50:23.5",
            "2026-12-06 04:50:23.", "2026-12-06 04:50:23.12345678", "2026-12-06 24:00:00", "2026-12-06 23:60:00", "2026-12-06 23:59:60",
            "2026-13-01 00:00:00", "2026-00-10 00:00:00", "0000-01-01 00:00:00", "2026-12-06T04:50:23", "2026-12-06 04:50:23Z",
            " 2026-12-06 04:50:23", "2026-12-06 04:50:23 ", "2026-1-06 04:50:23", "2026-12-06 04:50:2x", "2026-12-06 04:50:23.0000000",
        };
        for (int i = 0; i < 20_000; i++)
        {
            var time = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1), DateTimeKind.Utc);
            string text = time.ToString(SqliteValues.UtcText, CultureInfo.InvariantCulture);
            if (i % 4 == 1)
            {
                // one character changed to a digit or a separator: out-of-range fields, misplaced punctuation
                char[] chars = text.ToCharArray();
                chars[random.Next(chars.Length)] = "0123456789-: .T"[random.Next(15)];
                text = new string(chars);
            }
            else if (i % 4 == 2)
            {
                text = text[..random.Next(16, text.Length + 1)]; // cut short, fractions of every length
            }
            texts.Add(text);
        }
        int taken = 0;
        foreach (string text in texts)
        {
            bool expected = DateTime.TryParseExact(text, SqliteValues.UtcText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime oracle);
            if (!SqliteValues.TryParseUtcText(System.Text.Encoding.UTF8.GetBytes(text), out DateTime read))
                continue;
            taken++;
            Assert.True(expected, $"'{text}' was read, but DateTime.TryParseExact refuses it");
            Assert.Equal((oracle.Ticks, oracle.Kind), (read.Ticks, read.Kind));
        }
        Assert.True(taken > 10_000, $"only {taken} texts took the fast path");
    }

    private List<T> Column<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}

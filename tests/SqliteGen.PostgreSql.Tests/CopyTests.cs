using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Cli;
using SqliteGen.Cli.Copy;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <c>sqlitegen copy</c> from files the generated code wrote (the seeds' TypesDb and LearningDb) into a real PostgreSQL
/// server: every row compared with the file as Microsoft.Data.Sqlite reads it; identity sequences; a row PostgreSQL
/// cannot hold (NUL, invalid UTF-8, a timestamp out of range, invalid JSON) named by table, key and column with nothing
/// left on the target; a second run refused; <c>--replace</c>; a connection that fails.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CopyTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-copy-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static AllTypes Row(int id, string text) => new(
        id, true, sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
        float.MaxValue, double.Epsilon, 1.10m, text, '\uffff', Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray(), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        DateTime.MaxValue, new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromMinutes(-(9 * 60 + 30))).AddTicks(1_234_567), DateOnly.MinValue, new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9_999_999)), TimeSpan.MinValue,
        Color.Blue, BigFlags.High | BigFlags.Low,
        false, sbyte.MaxValue, byte.MinValue, short.MaxValue, ushort.MinValue, int.MaxValue, uint.MinValue, long.MaxValue, ulong.MinValue,
        float.NegativeInfinity, double.PositiveInfinity, decimal.MinValue, "", 'é', [], Guid.NewGuid(),
        DateTime.MinValue, DateTimeOffset.MaxValue, DateOnly.MaxValue, TimeOnly.MinValue, TimeSpan.MaxValue,
        Color.Green);

    private static AllTypes Nulls(int id) => Row(id, "nulls") with
    {
        NBool = null, NSByte = null, NByte = null, NInt16 = null, NUInt16 = null, NInt32 = null, NUInt32 = null, NInt64 = null, NUInt64 = null,
        NSingle = null, NDouble = null, NDecimal = null, NString = null, NChar = null, NBytes = null, NGuid = null,
        NDateTime = null, NDateTimeOffset = null, NDateOnly = null, NTimeOnly = null, NTimeSpan = null, NColor = null,
    };

    /// <summary>A TypesDb file written by the generated code: extremes of every type, NULLs, text with emoji and CJK, 1,000 counters.</summary>
    private string TypesFile()
    {
        string path = Path.Combine(_folder, "types.db");
        using TypesDb db = TypesDb.Open(path);
        db.AllTypes.Insert(Row(1, new string('x', 20_000) + "🦀 ünïcødé 中文 \t\r\n"));
        db.AllTypes.Insert(Nulls(2));
        db.AllTypes.Insert(Row(3, "ordinary") with { Decimal = 0.0000000000000000000000000001m, DateTime = new DateTime(2026, 11, 23, 1, 2, 3, DateTimeKind.Local).AddTicks(1) });
        db.Counters.InsertMany(Enumerable.Range(0, 1000).Select(i => new Counter(i % 7, i, "note " + i)));
        return path;
    }

    /// <summary>A LearningDb file: users, syllabi with JSON, lessons with AUTOINCREMENT ids (the top one deleted), enrollments.</summary>
    private string LearningFile()
    {
        string path = Path.Combine(_folder, "learning.db");
        using LearningDb db = LearningDb.Open(path);
        var user = new User(Guid.NewGuid(), "ada@example.com", "Ada", DateTimeOffset.UtcNow);
        db.Users.Insert(user);
        var syllabus = new Syllabus(Guid.NewGuid(), user.UserId, "SQL", "beginner", new SyllabusContent("Tables", ["one", "two \"quoted\""]));
        db.Syllabi.Insert(syllabus);
        db.Syllabi.Insert(new Syllabus(Guid.NewGuid(), null, "Orphan", "any", new SyllabusContent("none", [])));
        for (int i = 1; i <= 5; i++)
            db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, i, "Lesson " + i, i % 2 == 0));
        db.Lessons.Delete(5); // AUTOINCREMENT remembers 5: PostgreSQL must not hand it out again
        db.Enrollments.Insert(new Enrollment(user.UserId, syllabus.SyllabusId, 0.25, EnrollmentStatus.Paused) { CompletedOn = new DateOnly(2026, 12, 6) });
        return path;
    }

    private CliResult Copy(string file, string database, string connectionString, params string[] more) =>
        RunCli(["copy", file, connectionString, "--snapshots", GeneratedSchemas.WriteSnapshots(_folder, database), .. more]);

    private static CliResult RunCli(string[] args) => CliResult.Of(args);

    [Fact]
    public void Every_type_is_copied_and_reads_back_as_the_file_holds_it()
    {
        string file = TypesFile();
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "TypesDb", target);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("TypesDb version 1 copied to PostgreSQL and verified: 3 tables, 1,004 rows", result.Out);
        Assert.Contains("sqlitegen copy: all_types", result.Error); // progress on stderr

        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Equal(1003, SourceComparison.Compare(file, connection, GeneratedSchemas.Of("TypesDb")));
        // The history table came along: the file's version and checksum.
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM sqlitegen_migrations WHERE version = 1"));

        // Against what the application wrote, where the stored form is not the value itself.
        using var command = new NpgsqlCommand("SELECT \"decimal\", date_time_offset, u_int64, flags FROM all_types WHERE id = 1", connection);
        using NpgsqlDataReader row = command.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal("1.10", row.GetDecimal(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        AllTypes written = Row(1, "");
        Assert.Equal(written.DateTimeOffset.UtcTicks - written.DateTimeOffset.UtcTicks % 10, row.GetFieldValue<DateTime>(1).Ticks);
        Assert.Equal(ulong.MaxValue, unchecked((ulong)row.GetInt64(2))); // the same 64 bits SQLite stores
        Assert.Equal((ulong)(BigFlags.High | BigFlags.Low), unchecked((ulong)row.GetInt64(3)));
    }

    /// <summary>
    /// A table with vector columns is copied with its change triggers off (its rows are not logged one by one) and on again
    /// after, with one reload entry in the log; the copied database then searches as the file's rows say (brute force).
    /// </summary>
    [Fact]
    public void A_vector_table_is_copied_with_its_change_triggers_on_and_one_reload_entry_in_the_log()
    {
        string file = Path.Combine(_folder, "search.db");
        var random = new Random(41);
        var rows = Enumerable.Range(1, 300).Select(id => SqliteGen.Tests.Search.SearchFixture.RandomRow(random, id)).ToList();
        using (SearchDb db = SearchDb.Open(file))
            db.VectorRows.InsertMany(rows);
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "SearchDb", target);
        Assert.True(result.ExitCode == 0, result.Error);

        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM sqlitegen.vector_changes WHERE table_name = 'vector_rows'"));
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM sqlitegen.vector_changes WHERE table_name = 'vector_rows' AND row_key IS NULL AND next_horizon IS NULL"));
        Assert.Equal(2, Catalog.Long(connection, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'vector_rows'::regclass AND tgenabled = 'O' AND tgname LIKE 'sqlitegen_vector_%'"));

        using NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(target).Build();
        using SearchDb.PostgreSql copied = SearchDb.OpenPostgreSql(dataSource);
        float[] query = SqliteGen.Tests.Search.SearchFixture.RandomVector(random, 8);
        Assert.Equal(
            SqliteGen.Tests.Search.SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.L2x8)), query, 10, VectorMetric.L2).Select(m => m.Key),
            copied.VectorRows.NearestByL2x8(query, 10).Select(n => n.Item.Id));
        using (var insert = new NpgsqlCommand("UPDATE vector_rows SET l2x8 = l2x8 WHERE id = 1", connection))
            insert.ExecuteNonQuery();
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM sqlitegen.vector_changes WHERE table_name = 'vector_rows' AND row_key = ARRAY['1']"));
    }

    /// <summary>
    /// The verified checksum covers every column's value: the copy's checksum is the one read back, and a row with any one
    /// column changed on PostgreSQL (to NULL, and to one of two values of its type, whichever it does not hold) reads back as
    /// another.
    /// </summary>
    [Fact]
    public void The_content_checksum_changes_with_any_one_column_of_a_row()
    {
        string file = TypesFile();
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "TypesDb", target);
        Assert.True(result.ExitCode == 0, result.Error);
        TableSchema table = GeneratedSchemas.Of("TypesDb").Tables.Single(t => t.Name == "all_types");
        using NpgsqlConnection connection = Catalog.Open(target);
        string copied = PostgresCopy.ReadBack(connection, table, CancellationToken.None).ToString();
        Assert.Contains(copied, result.Out, StringComparison.Ordinal);

        foreach (ColumnSchema column in table.Columns.Where(c => c.PrimaryKey == 0))
        {
            (string one, string two) = TwoValues(new CopyColumn(column).PostgresType);
            Assert.True(ChecksumWith(column, null) != copied, $"column {column.Name}: NULL in one row left the checksum {copied}");
            Assert.True(ChecksumWith(column, one) != copied || ChecksumWith(column, two) != copied, $"column {column.Name}: '{one}' and '{two}' in one row left the checksum {copied}");
        }

        string ChecksumWith(ColumnSchema column, string? value)
        {
            using NpgsqlTransaction change = connection.BeginTransaction();
            using (var alter = new NpgsqlCommand($"ALTER TABLE all_types ALTER COLUMN {Quote(column.Name)} DROP NOT NULL", connection, change))
                alter.ExecuteNonQuery();
            using (var update = new NpgsqlCommand($"UPDATE all_types SET {Quote(column.Name)} = @value WHERE id = 1", connection, change))
            {
                // Untyped: PostgreSQL reads the text as the column's type.
                update.Parameters.Add(new NpgsqlParameter("value", NpgsqlTypes.NpgsqlDbType.Unknown) { Value = (object?)value ?? DBNull.Value });
                Assert.Equal(1, update.ExecuteNonQuery());
            }
            string changed = PostgresCopy.ReadBack(connection, table, CancellationToken.None).ToString();
            change.Rollback();
            return changed;
        }
    }

    /// <summary>
    /// The copy encodes numeric's binary form itself (base-10000 digits, weight, sign, display scale): every decimal arrives
    /// as PostgreSQL's own text output prints the value with the decimal's scale, zeros, boundaries of the 10000 groups,
    /// tiny and extreme values, negatives.
    /// </summary>
    [Fact]
    public void Decimals_arrive_as_PostgreSQL_prints_them()
    {
        decimal[] values =
        [
            0m, 0.00m, 1m, 1.10m, -1.5m, 9999m, 10000m, 10001m, 12345.6789m, 0.0001m, 0.00012345m, -0.1m, 100000000m,
            99999999.99999999m, 0.0000000000000000000000000001m, -123456789012345678.9012345678m, decimal.MaxValue, decimal.MinValue,
        ];
        string path = Path.Combine(_folder, "decimals.db");
        using (TypesDb db = TypesDb.Open(path))
            db.AllTypes.InsertMany(values.Select((value, i) => Row(i + 1, "d") with { Decimal = value }));
        string target = server.CreateDatabase();
        CliResult result = Copy(path, "TypesDb", target);
        Assert.True(result.ExitCode == 0, result.Error);

        using NpgsqlConnection connection = Catalog.Open(target);
        using var command = new NpgsqlCommand("SELECT \"decimal\"::text FROM all_types ORDER BY id", connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var printed = new List<string>();
        while (reader.Read())
            printed.Add(reader.GetString(0));
        Assert.Equal(values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), printed);
    }

    private static (string One, string Two) TwoValues(string postgresType) => postgresType switch
    {
        "boolean" => ("true", "false"),
        "text" or "jsonb" => ("\"a\"", "\"b\""),
        "bytea" => ("\\x01", "\\x02"),
        "uuid" => ("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"),
        "timestamptz" => ("2000-01-01 00:00:00+00", "2000-01-02 00:00:00+00"),
        "date" => ("2000-01-01", "2000-01-02"),
        "time" => ("01:00:00", "02:00:00"),
        "interval" => ("1 hour", "2 hours"),
        _ => ("1", "2"), // the numbers
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public void Json_dependency_order_and_identity_sequences_past_every_id_SQLite_handed_out()
    {
        string file = LearningFile();
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "LearningDb", target);
        Assert.True(result.ExitCode == 0, result.Error);
        // Referenced tables first (the progress says the order; the snapshot lists tables by name): users, then syllabi,
        // then the two that reference it, in the snapshot's order.
        Assert.Equal(
            new[] { "users (1 of 5)", "syllabi (2 of 5)", "enrollments (3 of 5)", "lessons (4 of 5)", "sqlitegen_migrations (5 of 5)" },
            result.Error.Split('\n').Where(l => l.EndsWith(" of 5)", StringComparison.Ordinal)).Select(l => l["sqlitegen copy: ".Length..]));

        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Equal(8, SourceComparison.Compare(file, connection, GeneratedSchemas.Of("LearningDb")));
        Assert.Equal("Tables", new NpgsqlCommand("SELECT content ->> 'Title' FROM syllabi WHERE topic = 'SQL'", connection).ExecuteScalar());
        // Lesson 5 was deleted in the file after SQLite gave it out: the next id is 6, as SQLite's would be.
        using var insert = new NpgsqlCommand("INSERT INTO lessons (syllabus_id, position, title) SELECT syllabus_id, 9, 'New' FROM syllabi WHERE topic = 'SQL' RETURNING lesson_id", connection);
        Assert.Equal(6L, insert.ExecuteScalar());
        // Parents were copied before children (the foreign keys hold).
        Assert.Equal(0, Catalog.Long(connection, "SELECT count(*) FROM lessons l LEFT JOIN syllabi s ON s.syllabus_id = l.syllabus_id WHERE s.syllabus_id IS NULL"));
    }

    [Fact]
    public void A_second_copy_is_refused_and_replace_copies_again()
    {
        string file = LearningFile();
        string target = server.CreateDatabase();
        Assert.Equal(0, Copy(file, "LearningDb", target).ExitCode);

        CliResult again = Copy(file, "LearningDb", target);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("the target database is not empty", again.Error);
        Assert.Contains("--replace", again.Error);

        OnFile(file, "DELETE FROM enrollments");
        CliResult replaced = Copy(file, "LearningDb", target, "--replace");
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Equal(0, Catalog.Long(connection, "SELECT count(*) FROM enrollments"));
        Assert.Equal(4, Catalog.Long(connection, "SELECT count(*) FROM lessons"));
    }

    /// <summary>Stored values PostgreSQL cannot hold, each written into the file behind the application's back.</summary>
    [Theory]
    [InlineData("UPDATE all_types SET n_char = char(0) WHERE id = 3", "column n_char", "NUL character")]
    [InlineData("UPDATE all_types SET string = CAST(X'61C328' AS TEXT) WHERE id = 3", "column string", "not valid UTF-8")]
    [InlineData("UPDATE all_types SET date_time = '10000-01-01 00:00:00' WHERE id = 3", "column date_time", "timestamptz")]
    public void A_row_PostgreSQL_cannot_hold_is_named_and_nothing_is_left_on_the_target(string damage, string column, string why)
    {
        string file = TypesFile();
        Assert.Equal(1, OnFile(file, damage));
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "TypesDb", target);
        Assert.Equal(1, result.ExitCode);
        Assert.True(result.Error.Contains("table all_types, row (id = 3), " + column, StringComparison.Ordinal), result.Error);
        Assert.Contains(why, result.Error);
        Assert.Contains("Nothing was copied", result.Error);
        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Empty(Catalog.Tables(connection));
    }

    [Theory]
    [InlineData("{\"Title\": ", "holds text that is not JSON")] // found before PostgreSQL sees it
    [InlineData("{\"Title\": \"a\\u0000b\", \"Modules\": []}", "PostgreSQL refused the row")] // JSON, but jsonb has no NUL
    public void A_row_PostgreSQL_refuses_is_named_by_its_key_and_column(string content, string why)
    {
        string file = LearningFile();
        Assert.Equal(1, OnFile(file, "UPDATE syllabi SET content = $content WHERE topic = 'Orphan'", content));
        string id = SqliteText(file, "SELECT syllabus_id FROM syllabi WHERE topic = 'Orphan'");
        string target = server.CreateDatabase();
        CliResult result = Copy(file, "LearningDb", target);
        Assert.Equal(1, result.ExitCode);
        Assert.True(result.Error.Contains($"table syllabi, row (syllabus_id = '{id}'), column content: {why}", StringComparison.Ordinal), result.Error);
        Assert.Contains("Nothing was copied", result.Error);
        using NpgsqlConnection connection = Catalog.Open(target);
        Assert.Empty(Catalog.Tables(connection));
    }

    /// <summary>
    /// The file's side of a table's copy (SQLite's row, the runtime's conversions, the checksum) allocates nothing per row:
    /// the bytes this thread allocates rendering all_types (every kind but JSON) are the same for 500 rows and for 1,500,
    /// to a few bytes a row. The whole copy, Npgsql's typed COPY writes included, stays within a small bound per row
    /// (the figure is in the message when it does not).
    /// </summary>
    [Fact]
    public void Copying_a_table_allocates_nothing_per_row_on_the_file_side()
    {
        DatabaseSchema schema = GeneratedSchemas.Of("TypesDb");
        TableSchema table = schema.Tables.Single(t => t.Name == "all_types");
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        void Execute(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
        foreach (string statement in PostgreSqlDialect.Instance.CreateSchema(schema))
            Execute(statement);

        long Allocated(string file, bool write)
        {
            Execute("TRUNCATE all_types");
            using var source = new SqliteConnection("Data Source=" + file + ";Pooling=False;Mode=ReadOnly");
            source.Open();
            var copy = new PostgresCopy(source, file, "TypesDb", schema, TextWriter.Null, CancellationToken.None);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ContentChecksum done = write ? copy.CopyTable(connection, table) : copy.SourceChecksum(table);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(done.Rows > 0);
            return allocated;
        }

        string small = AllTypesFile("small.db", 500);
        string large = AllTypesFile("large.db", 1500);
        long PerRow(bool write)
        {
            Allocated(small, write); // first use: JIT, Npgsql's type resolution
            return (Allocated(large, write) - Allocated(small, write)) / 1000;
        }
        long fileSide = PerRow(write: false);
        long copying = PerRow(write: true);
        Assert.True(fileSide < 8, $"the file's side of copying all_types allocated {fileSide} bytes per row");
        Assert.True(copying < 128, $"copying all_types allocated {copying} bytes per row, Npgsql's typed writes included");
    }

    private string AllTypesFile(string name, int rows)
    {
        string path = Path.Combine(_folder, name);
        using TypesDb db = TypesDb.Open(path);
        db.AllTypes.InsertMany(Enumerable.Range(1, rows).Select(i => i % 2 == 0 ? Nulls(i) : Row(i, "row " + i)));
        return path;
    }

    [Fact]
    public void A_connection_that_fails_is_reported_and_the_file_is_untouched()
    {
        string file = LearningFile();
        byte[] before = File.ReadAllBytes(file);
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        CliResult result = Copy(file, "LearningDb", $"Host=127.0.0.1;Port={closedPort};Username=postgres;Database=none;Timeout=5");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot connect to PostgreSQL at 127.0.0.1:{closedPort}", result.Error);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void A_file_newer_than_the_snapshots_is_refused()
    {
        string file = LearningFile();
        OnFile(file, "PRAGMA user_version = 2");
        CliResult result = Copy(file, "LearningDb", server.CreateDatabase());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is at version 2 of LearningDb, but the snapshots", result.Error);
    }

    /// <summary>Changes the file behind the application's back (a <c>$content</c> parameter when given); returns the rows changed.</summary>
    internal static int OnFile(string file, string sql, string? content = null)
    {
        using var source = new SqliteConnection("Data Source=" + file + ";Pooling=False");
        source.Open();
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = sql;
        if (content is not null)
            command.Parameters.AddWithValue("$content", content);
        return command.ExecuteNonQuery();
    }

    private static string SqliteText(string file, string sql)
    {
        using var source = new SqliteConnection("Data Source=" + file + ";Pooling=False;Mode=ReadOnly");
        source.Open();
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }
}

/// <summary>What one run of the tool gave.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Runs the tool in this process with <paramref name="args"/>, its output and errors captured.</summary>
    public static CliResult Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SqliteGenCli.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

internal static class NpgsqlSwitches
{
    /// <summary>As <c>sqlitegen copy</c> sets it: DateTime.MinValue and MaxValue are dates, not -infinity and infinity.</summary>
    [ModuleInitializer]
    internal static void DatesAreDates() => AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
}

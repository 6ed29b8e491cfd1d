using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// What the generated PostgreSQL classes leave on the server, read back past them with plain <see cref="NpgsqlCommand"/>s
/// and PostgreSQL's catalogue (information_schema): the column types, the values as PostgreSQL holds them, the history;
/// and what opening does to a database that is empty, current, at another version, or someone else's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlSideTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
    }

    private NpgsqlDataSource NewDataSource() => PostgreSqlScenarios.NewDataSource(server, _dataSources);

    private static void Execute(NpgsqlDataSource dataSource, string sql)
    {
        using NpgsqlCommand command = dataSource.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    private static List<object?[]> Rows(NpgsqlDataSource dataSource, string sql)
    {
        using NpgsqlCommand command = dataSource.CreateCommand(sql);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// What the generated InsertMany allocates per row, measured on this thread around 10,000 rows after a first call
    /// warmed the connection and the prepared statement, stays within a bound, and every row arrives. One batch's
    /// statements and typed parameters serve every round trip, so what a row costs is Npgsql's own work per statement
    /// (about 1,090 bytes a row when each row had a statement and parameters of its own).
    /// </summary>
    [Fact]
    public void InsertMany_allocates_within_a_bound_per_row()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        db.Users.InsertMany(Users("warm", 1200));
        List<User> users = Users("user", 10_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(10_000, db.Users.InsertMany(users));
        long perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / users.Count;
        output.WriteLine($"InsertMany: {perRow} bytes per row");

        Assert.Equal(11_200L, Rows(dataSource, "SELECT count(*) FROM users")[0][0]);
        Assert.True(perRow < InsertManyBound, $"InsertMany allocated {perRow} bytes per row");
    }

    /// <summary>
    /// Bytes per row <see cref="InsertMany_allocates_within_a_bound_per_row"/> allows: 56 measured (Npgsql 10.0.3), with
    /// headroom; a statement or a parameter a row would be well over it.
    /// </summary>
    private const long InsertManyBound = 128;

    private static List<User> Users(string batch, int count) => Enumerable.Range(0, count)
        .Select(i => new User(Guid.NewGuid(), $"{batch}{i}@example.com", "User " + i, new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero).AddSeconds(i))).ToList();

    /// <summary>
    /// What the generated <c>Find</c> allocates per call against hand-written Npgsql doing the same read at its best (a
    /// pooled connection, a command with one typed parameter, <c>Prepare()</c>, a SingleRow reader, the same record made
    /// from ordinal getters), in the same process on the same data source: SqliteGen's own part is the difference. The
    /// generated <c>Find</c> prepares its statement as the hand-written side does (the data source also has <c>Max Auto
    /// Prepare</c>, as the benchmarks' does), so both run a prepared statement.
    /// </summary>
    [Fact]
    public void Find_allocates_within_noise_of_hand_written_prepared_Npgsql()
    {
        var settings = new NpgsqlConnectionStringBuilder(server.CreateDatabase()) { Pooling = true, MaxAutoPrepare = 20, AutoPrepareMinUsages = 2 };
        NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString).Build();
        _dataSources.Add(dataSource);
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        List<User> users = Users("find", 100);
        db.Users.InsertMany(users);
        const string sql = "SELECT user_id, email, name, created_at FROM users WHERE user_id = $1";
        User? HandWritten(Guid id)
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, TypedValue = id });
            command.Prepare();
            using NpgsqlDataReader reader = command.ExecuteReader(System.Data.CommandBehavior.SingleRow);
            return reader.Read() ? new User(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)) : null;
        }
        foreach (User user in users)
        {
            Assert.Equal(user, HandWritten(user.UserId)); // warms the connection, the statement and the code
            Assert.Equal(user, db.Users.Find(user.UserId));
        }
        (long handWritten, long generated, long extra) = TypicalBytesPerCall(users.Count, i => HandWritten(users[i % users.Count].UserId), i => db.Users.Find(users[i % users.Count].UserId));
        output.WriteLine($"Find: generated {generated} bytes per call, hand-written prepared Npgsql {handWritten}, SqliteGen's part {extra}");

        // Both sides Prepare() and run the same statement: SqliteGen's own part measures 0 bytes (Npgsql 10.0.3).
        Assert.True(extra <= FindBound, $"Find allocated {generated} bytes per call, hand-written Npgsql {handWritten}, SqliteGen's part {extra}");
    }

    /// <summary>Bytes per call <see cref="Find_allocates_within_noise_of_hand_written_prepared_Npgsql"/> allows SqliteGen beyond Npgsql: noise, not an object.</summary>
    private const long FindBound = 64;

    /// <summary>
    /// What <c>db.Sql.Query&lt;User&gt;</c> allocates per call beyond hand-written Npgsql doing the same read (a pooled
    /// connection, a command with the numbered SQL and one typed parameter, a reader, the same record from ordinal getters,
    /// a list), in the same process on the same data source: SqliteGen's own part is the difference (the call's checked
    /// SQL and values, the column check), and stays within <see cref="AdHocSqlBound"/>.
    /// </summary>
    [Fact]
    public void Sql_Query_allocates_within_a_bound_over_hand_written_Npgsql()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        List<User> users = Users("sql", 100);
        db.Users.InsertMany(users);
        IReadOnlyList<User> HandWritten(Guid id)
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand("SELECT * FROM users WHERE user_id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, TypedValue = id });
            using NpgsqlDataReader reader = command.ExecuteReader();
            var rows = new List<User>();
            while (reader.Read())
                rows.Add(new User(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            return rows;
        }
        IReadOnlyList<User> Generated(Guid id) => db.Sql.Query<User>("SELECT * FROM users WHERE user_id = $id", new SqlParameters { { "id", id } });
        foreach (User user in users)
        {
            Assert.Equal([user], HandWritten(user.UserId)); // warms the connection and the code
            Assert.Equal([user], Generated(user.UserId));
        }
        (long handWritten, long generated, long extra) = TypicalBytesPerCall(users.Count, i => HandWritten(users[i % users.Count].UserId), i => Generated(users[i % users.Count].UserId));
        output.WriteLine($"db.Sql.Query<User>: {generated} bytes per call, hand-written Npgsql {handWritten}, SqliteGen's part {extra}");
        Assert.True(extra <= AdHocSqlBound, $"db.Sql.Query<User> allocated {generated} bytes per call, hand-written Npgsql {handWritten}, SqliteGen's part {extra}");
    }

    /// <summary>
    /// The bytes each of two sides allocates per call on this thread, and what the second allocates beyond the first: the
    /// calls alternate, <paramref name="calls"/> a round for 8 rounds (each given its number, counted across the rounds
    /// from 0, so the two sides' calls of one number do the same work), and every call is measured alone. A side's figure is
    /// the value most of its calls allocate, and the extra is the most common difference between the two calls of one number:
    /// the driver's and the pool's own bookkeeping (a buffer grown, a timer, a socket wait that had to block on a busy
    /// machine) lands on a few calls of either side, where a round's average carried it and moved by up to 250 bytes.
    /// </summary>
    private static (long First, long Second, long Extra) TypicalBytesPerCall(int calls, Action<int> first, Action<int> second)
    {
        var firsts = new List<long>(8 * calls);
        var seconds = new List<long>(8 * calls);
        for (int n = 0; n < 8 * calls; n++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            first(n);
            long middle = GC.GetAllocatedBytesForCurrentThread();
            second(n);
            long after = GC.GetAllocatedBytesForCurrentThread();
            firsts.Add(middle - before);
            seconds.Add(after - middle);
        }
        return (Mode(firsts), Mode(seconds), Mode(seconds.Select((bytes, n) => bytes - firsts[n])));

        // The most frequent value; of equally frequent ones, the least.
        static long Mode(IEnumerable<long> values) =>
            values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    }

    /// <summary>
    /// What the generated <c>Insert</c> allocates per row against hand-written Npgsql inserting the same row at its best (a
    /// pooled connection, a command with four typed parameters, <c>Prepare()</c>, <c>ExecuteNonQuery</c>), in the same
    /// process on the same data source (Npgsql's defaults: nothing prepared unless asked): SqliteGen's own part is the
    /// difference (its lease, and the statement batch a write goes in), and stays within <see cref="InsertBound"/>.
    /// </summary>
    [Fact]
    public void Insert_allocates_within_a_bound_over_hand_written_prepared_Npgsql()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        List<User> handRows = Users("hand", 8 * 100 + 1), generatedRows = Users("generated", 8 * 100 + 1);
        void HandWritten(User user)
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand("INSERT INTO users (user_id, email, name, created_at) VALUES ($1, $2, $3, $4)", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, TypedValue = user.UserId });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, TypedValue = user.Email });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, TypedValue = user.Name });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = user.CreatedAt.ToUniversalTime() });
            command.Prepare();
            command.ExecuteNonQuery();
        }
        HandWritten(handRows[^1]); // warms the connection, the statements and the code
        db.Users.Insert(generatedRows[^1]);

        (long handWritten, long generated, long extra) = TypicalBytesPerCall(100, i => HandWritten(handRows[i]), i => db.Users.Insert(generatedRows[i]));
        output.WriteLine($"Insert: generated {generated} bytes per row, hand-written prepared Npgsql {handWritten}, SqliteGen's part {extra}");

        // Every row arrived, as each side gave it (read back with a plain query).
        Assert.Equal(2L * (8 * 100 + 1), Rows(dataSource, "SELECT count(*) FROM users")[0][0]);
        Assert.Equal(generatedRows[0], db.Users.Get(generatedRows[0].UserId));
        Assert.True(extra <= InsertBound, $"Insert allocated {generated} bytes per row, hand-written Npgsql {handWritten}, SqliteGen's part {extra}");
    }

    /// <summary>Bytes per row <see cref="Insert_allocates_within_a_bound_over_hand_written_prepared_Npgsql"/> allows SqliteGen beyond Npgsql.</summary>
    private const long InsertBound = 1_000;

    /// <summary>
    /// Bytes per call <see cref="Sql_Query_allocates_within_a_bound_over_hand_written_Npgsql"/> allows SqliteGen beyond
    /// Npgsql: 2,384 measured (Npgsql 10.0.3: the call's checked SQL, values and column check), with less headroom than the closure and delegate a call allocated when the read and write paths shared their
    /// body through a capturing lambda (about 110 bytes).
    /// </summary>
    private const long AdHocSqlBound = 2_440;

    [Fact]
    public void The_server_holds_each_value_in_its_own_type()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        var userId = Guid.NewGuid();
        var created = new DateTimeOffset(2026, 12, 6, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(10);
        db.Users.Insert(new User(userId, "ada@example.com", "Ada", created));
        var syllabus = new Syllabus(Guid.NewGuid(), userId, "sql", "beginner", new SyllabusContent("Basics", ["tables", "keys"]));
        db.Syllabi.Insert(syllabus);
        Lesson lesson = db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Intro", true));
        db.Enrollments.Insert(new Enrollment(userId, syllabus.SyllabusId, 0.5, EnrollmentStatus.Completed) { CompletedOn = new DateOnly(2026, 12, 24) });

        var types = Rows(dataSource, "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'")
            .ToDictionary(r => $"{r[0]}.{r[1]}", r => (string)r[2]!);
        Assert.Equal("uuid", types["users.user_id"]);
        Assert.Equal("timestamp with time zone", types["users.created_at"]);
        Assert.Equal("jsonb", types["syllabi.content"]);
        Assert.Equal("boolean", types["lessons.archived"]);
        Assert.Equal("bigint", types["enrollments.status"]);
        Assert.Equal("date", types["enrollments.completed_on"]);

        object?[] user = Rows(dataSource, "SELECT user_id, email, created_at FROM users").Single();
        Assert.Equal(userId, user[0]);
        Assert.Equal("ada@example.com", user[1]);
        Assert.Equal(created.UtcDateTime, user[2]); // timestamptz: the instant, read as UTC
        object?[] content = Rows(dataSource, "SELECT content->>'Title', jsonb_array_length(content->'Modules') FROM syllabi").Single();
        Assert.Equal(["Basics", 2], content);
        Assert.Equal([lesson.LessonId, true], Rows(dataSource, "SELECT lesson_id, archived FROM lessons").Single());
        Assert.Equal([3L, new DateOnly(2026, 12, 24), 0.5], Rows(dataSource, "SELECT status, completed_on, progress FROM enrollments").Single());

        // The history: one row per version, as a SQLite file created by Open records it, with the PostgreSQL steps' checksums.
        object?[] history = Rows(dataSource, $"SELECT version, checksum, how FROM {Migrator.HistoryTable}").Single();
        Assert.Equal([1, LearningDb.PostgreSql.Migrations[0].Checksum, "created"], history);
    }

    [Fact]
    public void Names_stored_as_text_are_the_names_SQLite_stores()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using MonitorDb.PostgreSql db = MonitorDb.OpenPostgreSql(dataSource);
        Service service = db.Services.Insert(new Service(0, "api", Health.NeedsReview, null));
        db.Incidents.Insert(new Incident(0, service.Id, Severity.High));

        Assert.Equal([1L, "api", "needs_review", null], Rows(dataSource, "SELECT id, name, status, previous_status FROM services").Single());
        Assert.Equal(["SEV-1"], Rows(dataSource, "SELECT severity FROM incidents").Single());
        // A name the enum does not have, written by another tool: reading it names the table, column, row and value.
        using (NpgsqlCommand command = dataSource.CreateCommand("UPDATE services SET status = 'retired'"))
        {
            // the CHECK of the names refuses it, as on SQLite
            var refused = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        }
    }

    [Fact]
    public void The_history_table_is_the_one_sqlitegen_copy_writes()
    {
        string copyWrites = PostgreSqlDialect.Instance.CreateTableStatement(PostgreSqlDialect.HistoryTable(Migrator.HistoryTable));
        Assert.Equal(SchemaOnOpen.CreateHistorySql, copyWrites);
    }

    [Fact]
    public void A_database_at_the_current_version_opens_as_it_is_and_any_other_is_refused()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        var userId = Guid.NewGuid();
        using (LearningDb.PostgreSql first = LearningDb.OpenPostgreSql(dataSource))
            first.Users.Insert(new User(userId, "ada@example.com", "Ada", DateTimeOffset.UnixEpoch));
        using (LearningDb.PostgreSql again = LearningDb.OpenPostgreSql(dataSource))
            Assert.Equal("Ada", again.Users.Get(userId).Name);
        Assert.Single(Rows(dataSource, $"SELECT version FROM {Migrator.HistoryTable}"));

        // A newer version in the history (a newer build migrated it): refused, naming the database and both versions.
        Execute(dataSource, $"INSERT INTO {Migrator.HistoryTable} VALUES (2, 'x', 'now', 'up')");
        var newer = Assert.Throws<MigrationException>(() => LearningDb.OpenPostgreSql(dataSource));
        Assert.Contains("LearningDb at schema version 2, newer than this build's latest version 1", newer.Message, StringComparison.Ordinal);
        Assert.Equal(2, newer.CurrentVersion);

        // Someone else's database: tables, but no history. Nothing is created in it.
        NpgsqlDataSource foreign = NewDataSource();
        Execute(foreign, "CREATE TABLE invoices (id bigint PRIMARY KEY)");
        var refused = Assert.Throws<MigrationException>(() => LearningDb.OpenPostgreSql(foreign));
        Assert.Contains($"already holds 1 tables but no {Migrator.HistoryTable} table", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["invoices"], Rows(foreign, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").Select(r => r[0]));
    }

    [Fact]
    public async Task Processes_opening_an_empty_database_at_once_create_it_once()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        LearningDb.PostgreSql[] opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await LearningDb.OpenPostgreSqlAsync(dataSource))));
        Assert.Equal(4, opened.Length);
        Assert.Single(Rows(dataSource, $"SELECT version FROM {Migrator.HistoryTable}"));
        Assert.Equal(["enrollments", "lessons", "sqlitegen_migrations", "syllabi", "users"],
            Rows(dataSource, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_generated_schema_is_the_dialect_schema_of_the_current_records()
    {
        // What OpenPostgreSql creates is what sqlitegen copy creates for the same version (from the snapshot).
        DatabaseSchema schema = GeneratedSchemas.Of("LearningDb");
        Assert.Equal(string.Join("\n", PostgreSqlDialect.Instance.CreateSchema(schema)), LearningDb.PostgreSql.CreateSchemaSql);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.PostgreSql.Tests.Entities;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// One scenario suite, written against the generated interfaces only (<see cref="ILearningDb"/>, <see cref="ITypesDb"/>,
/// <see cref="IMonitorDb"/>, <see cref="IKeywordsDb"/>), run unchanged on a SQLite file (<see cref="SqliteScenarios"/>)
/// and on the real PostgreSQL server the fixture starts (<see cref="PostgreSqlScenarios"/>): the same calls must give the
/// same rows, the same assigned keys and the same SqliteGen errors on both engines. Values are exact on both: times to
/// the microsecond, which is what PostgreSQL keeps.
/// </summary>
public abstract partial class EngineScenarios : IDisposable
{
    protected abstract ILearningDb OpenLearning();

    protected abstract ITypesDb OpenTypes();

    protected abstract IMonitorDb OpenMonitor();

    protected abstract IKeywordsDb OpenKeywords();

    public virtual void Dispose()
    {
    }

    private static readonly DateTimeOffset s_created = new(2026, 12, 6, 9, 30, 15, TimeSpan.FromHours(2));

    private static User NewUser(string email, string name = "Ada") => new(Guid.NewGuid(), email, name, s_created.AddTicks(1_234_560));

    private static Syllabus NewSyllabus(Guid? userId, string topic = "sql", string level = "beginner") =>
        new(Guid.NewGuid(), userId, topic, level, new SyllabusContent("Relational basics", ["tables", "keys", "joins"]));

    private static void AssertSameContent(SyllabusContent expected, SyllabusContent actual)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Modules, actual.Modules);
    }

    [Fact]
    public void Every_accessor_method_reads_and_writes_the_same_rows()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Insert(ada);
        Assert.Equal(ada, db.Users.Get(ada.UserId));
        Assert.Equal(ada, db.Users.Find(ada.UserId));
        Assert.Null(db.Users.Find(Guid.NewGuid()));
        var missing = Assert.Throws<EntityNotFoundException>(() => db.Users.Get(Guid.Empty));
        Assert.Equal("users", missing.Table);
        Assert.Equal("user_id = 00000000-0000-0000-0000-000000000000", missing.Key);
        Assert.Equal(ada, db.Users.FindByEmail("ada@example.com"));
        Assert.Null(db.Users.FindByEmail("nobody@example.com"));

        Assert.True(db.Users.Update(ada with { Name = "Ada Lovelace" }));
        Assert.Equal("Ada Lovelace", db.Users.Get(ada.UserId).Name);
        Assert.False(db.Users.Update(NewUser("ghost@example.com")));

        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Syllabi.Insert(syllabus);
        Syllabus read = db.Syllabi.Get(syllabus.SyllabusId);
        Assert.Equal((syllabus.SyllabusId, syllabus.UserId, syllabus.Topic, syllabus.Level), (read.SyllabusId, read.UserId, read.Topic, read.Level));
        AssertSameContent(syllabus.Content, read.Content);
        Assert.Equal([syllabus.SyllabusId], db.Syllabi.FindByTopicAndLevel("sql", "beginner").Select(s => s.SyllabusId));
        Assert.Empty(db.Syllabi.FindByTopicAndLevel("sql", "expert"));

        // AutoIncrement keys: the database assigns 1, 2, 3 on both engines, and Insert returns the row with its key.
        Lesson intro = db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Intro", false));
        Lesson keys = db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 2, "Keys", false));
        Lesson old = db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 3, "intro", true));
        Assert.Equal([1L, 2L, 3L], new[] { intro.LessonId, keys.LessonId, old.LessonId });
        Assert.Equal(keys, db.Lessons.FindBySyllabusIdAndPosition(syllabus.SyllabusId, 2));
        // NOCASE on SQLite, the case-insensitive collation on PostgreSQL; the partial index's "archived = 0" leaves the old one out.
        Assert.Equal([intro], db.Lessons.FindByTitle("INTRO"));

        var enrollment = new Enrollment(ada.UserId, syllabus.SyllabusId, 0.25, EnrollmentStatus.Paused) { CompletedOn = null };
        db.Enrollments.Insert(enrollment);
        Assert.Equal(enrollment, db.Enrollments.Get(ada.UserId, syllabus.SyllabusId));
        Assert.Equal([enrollment], db.Enrollments.FindByStatus(EnrollmentStatus.Paused));
        Assert.Empty(db.Enrollments.FindByStatus(EnrollmentStatus.Active));
        Enrollment done = enrollment with { Progress = 1, Status = EnrollmentStatus.Completed, CompletedOn = new DateOnly(2026, 12, 24) };
        Assert.True(db.Enrollments.Update(done));
        Assert.Equal(done, db.Enrollments.Find(ada.UserId, syllabus.SyllabusId));

        Assert.Equal((1L, 1L, 3L, 1L), (db.Users.Count(), db.Syllabi.Count(), db.Lessons.Count(), db.Enrollments.Count()));
        Assert.Equal([intro, keys, old], db.Lessons.All().OrderBy(l => l.LessonId));

        Assert.True(db.Lessons.Delete(old.LessonId));
        Assert.False(db.Lessons.Delete(old.LessonId));
        // Foreign-key actions: deleting the syllabus cascades to its lessons and enrollments; deleting the user empties
        // the reference of the syllabi it had (SET NULL).
        Syllabus other = NewSyllabus(ada.UserId, "rust");
        db.Syllabi.Insert(other);
        Assert.True(db.Syllabi.Delete(syllabus.SyllabusId));
        Assert.Equal((0L, 0L), (db.Lessons.Count(), db.Enrollments.Count()));
        Assert.True(db.Users.Delete(ada.UserId));
        Assert.Null(db.Syllabi.Get(other.SyllabusId).UserId);
    }

    [Fact]
    public async Task The_async_forms_read_and_write_the_same_rows()
    {
        await using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        await db.Users.InsertAsync(ada);
        Assert.Equal(ada, await db.Users.GetAsync(ada.UserId));
        Assert.Null(await db.Users.FindAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<EntityNotFoundException>(async () => await db.Users.GetAsync(Guid.NewGuid()));
        Assert.Equal(ada, await db.Users.FindByEmailAsync(ada.Email));
        Assert.True(await db.Users.UpdateAsync(ada with { Name = "A." }));
        await db.Users.UpsertAsync(ada with { Name = "Upserted" });
        Assert.Equal("Upserted", (await db.Users.GetAsync(ada.UserId)).Name);

        Syllabus syllabus = NewSyllabus(ada.UserId);
        await db.Syllabi.InsertAsync(syllabus);
        Lesson lesson = await db.Lessons.InsertAsync(new Lesson(0, syllabus.SyllabusId, 1, "Async", false));
        Assert.Equal(1, lesson.LessonId);
        Assert.Equal(3, await db.Lessons.InsertManyAsync(new[] { 2, 3, 4 }.Select(p => new Lesson(0, syllabus.SyllabusId, p, "L" + p, false))));
        Assert.Equal(4L, await db.Lessons.CountAsync());
        var all = new List<Lesson>();
        await foreach (Lesson each in db.Lessons.AllAsync())
            all.Add(each);
        Assert.Equal([1L, 2L, 3L, 4L], all.Select(l => l.LessonId).Order());
        Assert.Equal(["L3"], (await db.Lessons.FindByTitleAsync("l3")).Select(l => l.Title));
        Assert.Equal(lesson, await db.Lessons.FindBySyllabusIdAndPositionAsync(syllabus.SyllabusId, 1));
        Assert.True(await db.Lessons.DeleteAsync(lesson.LessonId));
        Assert.False(await db.Lessons.DeleteAsync(lesson.LessonId));
        Assert.Equal(3L, await db.Lessons.CountAsync());
    }

    [Fact]
    public async Task An_upsert_with_an_explicit_AutoIncrement_key_moves_the_counter_past_it_so_a_later_insert_never_meets_it()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Insert(ada);
        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Syllabi.Insert(syllabus);
        Guid s = syllabus.SyllabusId;

        Assert.Equal(1, db.Lessons.Insert(new Lesson(0, s, 1, "One", false)).LessonId);
        db.Lessons.Upsert(new Lesson(100, s, 2, "Hundred", false));
        Assert.Equal(101, db.Lessons.Insert(new Lesson(0, s, 3, "After", false)).LessonId);
        // A smaller key leaves the counter where it is; an upsert that updates an existing row too.
        db.Lessons.Upsert(new Lesson(50, s, 4, "Fifty", false));
        db.Lessons.Upsert(new Lesson(100, s, 2, "Hundred again", false));
        Assert.Equal(102, db.Lessons.Insert(new Lesson(0, s, 5, "Later", false)).LessonId);
        // Inside a write transaction, and the async form.
        db.Write(tx =>
        {
            tx.Lessons.Upsert(new Lesson(200, s, 6, "Two hundred", false));
            Assert.Equal(201, tx.Lessons.Insert(new Lesson(0, s, 7, "In the transaction", false)).LessonId);
        });
        await db.Lessons.UpsertAsync(new Lesson(300, s, 8, "Three hundred", false));
        Assert.Equal(301, (await db.Lessons.InsertAsync(new Lesson(0, s, 9, "Async", false))).LessonId);
        Assert.Equal([1L, 50L, 100L, 101L, 102L, 200L, 201L, 300L, 301L], db.Lessons.All().Select(l => l.LessonId).Order());
    }

    [Fact]
    public void Upsert_inserts_a_new_row_and_overwrites_every_column_of_an_existing_one()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Upsert(ada);
        Assert.Equal(ada, db.Users.Get(ada.UserId));
        User changed = ada with { Email = "lovelace@example.com", Name = "Lovelace", CreatedAt = s_created.AddDays(1) };
        db.Users.Upsert(changed);
        Assert.Equal(changed, db.Users.Get(ada.UserId));
        Assert.Equal(1L, db.Users.Count());
    }

    [Fact]
    public void InsertMany_writes_every_row_or_none()
    {
        using ILearningDb db = OpenLearning();
        // More rows than one round trip carries on PostgreSQL, so the batches' boundaries are crossed.
        List<User> users = Enumerable.Range(0, 1234).Select(i => NewUser($"user{i}@example.com", "User " + i)).ToList();
        Assert.Equal(1234, db.Users.InsertMany(users));
        Assert.Equal(1234L, db.Users.Count());
        Assert.Equal(users[1000], db.Users.Get(users[1000].UserId));

        // A duplicate at item 700 of the second batch: nothing of it is written, and the error names the item.
        List<User> more = Enumerable.Range(0, 800).Select(i => NewUser($"more{i}@example.com")).ToList();
        more[700] = more[700] with { Email = "user5@example.com" };
        var error = Assert.Throws<ConstraintViolationException>(() => db.Users.InsertMany(more));
        Assert.Equal((ConstraintKind.Unique, "users.email"), (error.Kind, error.Columns));
        Assert.Contains("failed at item 700", error.Message, StringComparison.Ordinal);
        Assert.Equal(1234L, db.Users.Count());
        Assert.Null(db.Users.Find(more[0].UserId));

        var nullItem = Assert.Throws<ArgumentException>(() => db.Users.InsertMany([NewUser("x@example.com"), null!]));
        Assert.Contains("item 1 is null", nullItem.Message, StringComparison.Ordinal);
        Assert.Equal(1234L, db.Users.Count());

        // Keys the database assigns, in the order given.
        Syllabus syllabus = NewSyllabus(null);
        db.Syllabi.Insert(syllabus);
        Assert.Equal(600, db.Lessons.InsertMany(Enumerable.Range(1, 600).Select(p => new Lesson(0, syllabus.SyllabusId, p, "L" + p, false))));
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), db.Lessons.All().Select(l => l.LessonId).Order());
        Assert.Equal(600L, db.Lessons.FindBySyllabusIdAndPosition(syllabus.SyllabusId, 600)!.LessonId);
    }

    /// <summary>
    /// A refused row is named by its index wherever it falls in PostgreSQL's round trips of 500 (first, last of one, first
    /// of the next, in the third), outside a transaction and inside one, which goes on without any of the rows.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(499)]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(1099)]
    public void InsertMany_names_the_refused_item_wherever_it_falls(int item)
    {
        using ILearningDb db = OpenLearning();
        db.Users.Insert(NewUser("taken@example.com"));
        List<User> users = Enumerable.Range(0, 1100).Select(i => NewUser($"user{i}@example.com")).ToList();
        users[item] = users[item] with { Email = "taken@example.com" };

        var error = Assert.Throws<ConstraintViolationException>(() => db.Users.InsertMany(users));
        Assert.Contains($"failed at item {item}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, db.Users.Count());

        db.Write(tx =>
        {
            var inside = Assert.Throws<ConstraintViolationException>(() => tx.Users.InsertMany(users));
            Assert.Contains($"failed at item {item}", inside.Message, StringComparison.Ordinal);
            tx.Users.Insert(NewUser("after@example.com"));
        });
        Assert.Equal(["after@example.com", "taken@example.com"], db.Users.All().Select(u => u.Email).Order());
    }

    /// <summary>
    /// A row refused because of another row of the same call, in another of PostgreSQL's multi-row statements of 500 (or
    /// in the same one), is named by its index as on SQLite, and nothing of the call is written; a list of exactly one
    /// statement's rows, and one of two with none left over, are written whole.
    /// </summary>
    [Theory]
    [InlineData(10, 620)]
    [InlineData(3, 499)]
    [InlineData(999, 1000)]
    public void InsertMany_names_a_row_refused_for_an_earlier_row_of_the_same_call(int earlier, int item)
    {
        using ILearningDb db = OpenLearning();
        List<User> users = Enumerable.Range(0, 1100).Select(i => NewUser($"same{i}@example.com")).ToList();
        users[item] = users[item] with { Email = users[earlier].Email };

        var error = Assert.Throws<ConstraintViolationException>(() => db.Users.InsertMany(users));
        Assert.Equal((ConstraintKind.Unique, "users.email"), (error.Kind, error.Columns));
        Assert.Contains($"failed at item {item}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, db.Users.Count());

        Assert.Equal(500, db.Users.InsertMany(Enumerable.Range(0, 500).Select(i => NewUser($"one{i}@example.com")).ToArray()));
        Assert.Equal(1000, db.Users.InsertMany(Enumerable.Range(0, 1000).Select(i => NewUser($"whole{i}@example.com")).ToList()));
        Assert.Equal(1500L, db.Users.Count());
    }

    [Fact]
    public void A_write_transaction_commits_together_and_an_exception_rolls_it_back()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        Syllabus syllabus = NewSyllabus(ada.UserId);
        int seen = db.Write(tx =>
        {
            tx.Users.Insert(ada);
            tx.Syllabi.Insert(syllabus);
            return (int)tx.Syllabi.Count(); // the transaction sees its own rows
        });
        Assert.Equal(1, seen);
        Assert.Equal(syllabus.SyllabusId, db.Syllabi.Get(syllabus.SyllabusId).SyllabusId);

        User bob = NewUser("bob@example.com");
        var thrown = Assert.Throws<InvalidOperationException>(() => db.Write(tx =>
        {
            tx.Users.Insert(bob);
            Assert.NotNull(tx.Users.Find(bob.UserId));
            throw new InvalidOperationException("changed my mind");
        }));
        Assert.Equal("changed my mind", thrown.Message);
        Assert.Null(db.Users.Find(bob.UserId));

        using (LearningDb.IWriteTransaction tx = db.BeginWrite())
        {
            tx.Users.Insert(bob);
            tx.Rollback();
        }
        using (LearningDb.IWriteTransaction tx = db.BeginWrite())
            tx.Users.Insert(bob); // disposed without Commit
        Assert.Null(db.Users.Find(bob.UserId));
    }

    [Fact]
    public void A_write_refused_inside_a_transaction_is_undone_alone_and_the_transaction_goes_on()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        User bob = NewUser("bob@example.com");
        db.Write(tx =>
        {
            tx.Users.Insert(ada);
            var error = Assert.Throws<ConstraintViolationException>(() => tx.Users.Insert(NewUser("ada@example.com")));
            Assert.Equal(ConstraintKind.Unique, error.Kind);
            var batch = Assert.Throws<ConstraintViolationException>(() => tx.Users.InsertMany([NewUser("c@example.com"), NewUser("ada@example.com")]));
            Assert.Contains("failed at item 1", batch.Message, StringComparison.Ordinal);
            tx.Users.Insert(bob);
        });
        Assert.Equal(["ada@example.com", "bob@example.com"], db.Users.All().Select(u => u.Email).Order());
    }

    [Fact]
    public async Task WriteAsync_commits_and_an_exception_rolls_it_back()
    {
        await using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        await db.WriteAsync(async (tx, token) =>
        {
            await tx.Users.InsertAsync(ada, token);
            await tx.Syllabi.InsertAsync(NewSyllabus(ada.UserId), token);
        });
        Assert.Equal((1L, 1L), (await db.Users.CountAsync(), await db.Syllabi.CountAsync()));
        await Assert.ThrowsAsync<TimeoutException>(() => db.WriteAsync(async (tx, token) =>
        {
            await tx.Users.InsertAsync(NewUser("bob@example.com"), token);
            throw new TimeoutException();
        }).AsTask());
        Assert.Equal(1L, await db.Users.CountAsync());

        await using (LearningDb.IWriteTransaction tx = await db.BeginWriteAsync())
        {
            await tx.Users.DeleteAsync(ada.UserId);
            tx.Commit();
        }
        Assert.Equal(0L, await db.Users.CountAsync());
    }

    [Fact]
    public void The_database_tables_refuse_a_write_inside_a_write_transaction_of_the_same_flow()
    {
        using ILearningDb db = OpenLearning();
        var error = Assert.Throws<InvalidOperationException>(() => db.Write(tx => db.Users.Insert(NewUser("ada@example.com"))));
        Assert.Contains("Use the transaction's tables", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, db.Users.Count());
    }

    [Fact]
    public void A_refused_write_is_the_same_SqliteGen_error_on_either_engine()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Insert(ada);

        var unique = Assert.Throws<ConstraintViolationException>(() => db.Users.Insert(NewUser("ada@example.com")));
        Assert.Equal(("users", ConstraintKind.Unique, "users.email"), (unique.Table, unique.Kind, unique.Columns));
        Assert.StartsWith("Insert on 'users' failed: a row with the same users.email already exists", unique.Message, StringComparison.Ordinal);

        var key = Assert.Throws<ConstraintViolationException>(() => db.Users.Insert(ada with { Email = "other@example.com" }));
        Assert.Equal((ConstraintKind.Unique, "users.user_id"), (key.Kind, key.Columns));

        var foreignKey = Assert.Throws<ConstraintViolationException>(() => db.Lessons.Insert(new Lesson(0, Guid.NewGuid(), 1, "Orphan", false)));
        Assert.Equal(("lessons", ConstraintKind.ForeignKey, (string?)null), (foreignKey.Table, foreignKey.Kind, foreignKey.Columns));

        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Syllabi.Insert(syllabus);
        var check = Assert.Throws<ConstraintViolationException>(() => db.Enrollments.Insert(new Enrollment(ada.UserId, syllabus.SyllabusId, 1.5, EnrollmentStatus.Active)));
        Assert.Equal((ConstraintKind.Check, (string?)null), (check.Kind, check.Columns));

        var upsert = Assert.Throws<ConstraintViolationException>(() => db.Users.Upsert(NewUser("ada@example.com")));
        Assert.Equal((ConstraintKind.Unique, "users.email"), (upsert.Kind, upsert.Columns));
        Assert.Equal((1L, 0L), (db.Users.Count(), db.Enrollments.Count()));
    }

    /// <summary>A row of every mapped kind with values PostgreSQL keeps exactly (times to the microsecond).</summary>
    internal static AllTypes Everything(int id) => new(
        id, true, -8, 200, -16_000, 65_000, -2_000_000_000, 4_000_000_000, -9_000_000_000_000_000_000, 18_000_000_000_000_000_000,
        1.5f, Math.PI, 12_345_678.9012345678m, "text ünïcødé 😀 'quoted' \"double\"", 'é', [0, 1, 2, 254, 255], Guid.NewGuid(),
        new DateTime(2026, 12, 6, 10, 11, 12, DateTimeKind.Utc).AddTicks(1_234_560), new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(-9.5)).AddTicks(10),
        new DateOnly(1999, 12, 31), new TimeOnly(23, 59, 58).Add(TimeSpan.FromTicks(999_990)), TimeSpan.FromDays(-3.25) + TimeSpan.FromTicks(70),
        Color.Blue, BigFlags.High | BigFlags.Low,
        false, sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
        -0.25f, double.Epsilon, -0.0000000001m, "", '\'', [], Guid.Empty,
        new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTimeOffset(2000, 2, 29, 12, 0, 0, TimeSpan.Zero), new DateOnly(2026, 1, 1),
        TimeOnly.MinValue, TimeSpan.Zero, Color.Green);

    internal static AllTypes Nulls(int id) => Everything(id) with
    {
        NBool = null, NSByte = null, NByte = null, NInt16 = null, NUInt16 = null, NInt32 = null, NUInt32 = null, NInt64 = null, NUInt64 = null,
        NSingle = null, NDouble = null, NDecimal = null, NString = null, NChar = null, NBytes = null, NGuid = null,
        NDateTime = null, NDateTimeOffset = null, NDateOnly = null, NTimeOnly = null, NTimeSpan = null, NColor = null,
    };

    /// <summary>Records compare arrays by reference: the byte arrays are compared by content, everything else by the record's equality.</summary>
    internal static void AssertSameRow(AllTypes expected, AllTypes actual)
    {
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.NBytes, actual.NBytes);
        Assert.Equal(expected with { Bytes = [], NBytes = null }, actual with { Bytes = [], NBytes = null });
        Assert.Equal(DateTimeKind.Utc, actual.DateTime.Kind);
        Assert.Equal(TimeSpan.Zero, actual.DateTimeOffset.Offset); // the instant, at +00:00, on both engines
    }

    [Fact]
    public void Every_mapped_kind_round_trips_and_null_stays_null()
    {
        using ITypesDb db = OpenTypes();
        AllTypes full = Everything(1);
        AllTypes nulls = Nulls(2);
        db.AllTypes.InsertMany([full, nulls]);
        AssertSameRow(full, db.AllTypes.Get(1));
        AssertSameRow(nulls, db.AllTypes.Get(2));

        AllTypes changed = full with { Decimal = -0.5m, Guid = Guid.NewGuid(), NColor = null, Flags = BigFlags.None, Bytes = [9] };
        Assert.True(db.AllTypes.Update(changed));
        AssertSameRow(changed, db.AllTypes.Get(1));

        // A composite key and a lookup on the indexed column.
        db.Counters.Insert(new Counter(1, 1, "a"));
        db.Counters.Insert(new Counter(1, 2, "b"));
        db.Counters.Insert(new Counter(2, 1, "a"));
        Assert.Equal([(1, 1), (2, 1)], db.Counters.FindByNote("a").Select(c => (c.Writer, c.Sequence)).Order());
        Assert.Equal(new Counter(1, 2, "b"), db.Counters.Get(1, 2));
        Assert.True(db.Counters.Delete(1, 2));
        Assert.Null(db.Counters.Find(1, 2));
    }

    [Fact]
    public void InsertMany_gives_each_row_its_own_values_and_nulls_across_round_trips()
    {
        using ITypesDb db = OpenTypes();
        // More rows than one PostgreSQL round trip carries (500, not a multiple of 3), every third row all NULLs: the same
        // statement of the batch is given values in one round trip and NULLs in another, and back.
        List<AllTypes> rows = Enumerable.Range(1, 1201).Select(i => i % 3 == 0 ? Nulls(i) : Everything(i) with { Int32 = i, String = "row " + i }).ToList();
        Assert.Equal(1201, db.AllTypes.InsertMany(rows));

        Dictionary<int, AllTypes> stored = db.AllTypes.All().ToDictionary(r => r.Id);
        Assert.Equal(rows.Count, stored.Count);
        foreach (AllTypes row in rows)
            AssertSameRow(row, stored[row.Id]);
    }

    [Fact]
    public void Keys_the_database_assigns_and_enums_stored_by_name()
    {
        using IMonitorDb db = OpenMonitor();
        // A Generated key (SQLite's rowid; on PostgreSQL the largest plus one) and an AutoIncrement one.
        Service api = db.Services.Insert(new Service(0, "api", Health.Healthy, null));
        Service web = db.Services.Insert(new Service(0, "web", Health.NeedsReview, Health.Warning));
        Assert.Equal((1L, 2L), (api.Id, web.Id));
        Assert.Equal(2, db.Services.InsertMany([new Service(0, "db", Health.Critical, null), new Service(0, "queue", Health.Healthy, Health.Critical)]));
        Assert.Equal([1L, 2L, 3L, 4L], db.Services.All().Select(s => s.Id).Order());
        Assert.Equal(["api", "queue"], db.Services.FindByStatus(Health.Healthy).Select(s => s.Name).Order());
        Assert.Equal(web, db.Services.Get(2));

        Incident first = db.Incidents.Insert(new Incident(0, api.Id, Severity.High));
        Incident second = db.Incidents.Insert(new Incident(0, web.Id, Severity.Low));
        Assert.Equal((1L, 2L), (first.Id, second.Id));
        Assert.Equal([first], db.Incidents.FindByServiceId(api.Id));
        var orphan = Assert.Throws<ConstraintViolationException>(() => db.Incidents.Insert(new Incident(0, 99, Severity.Low)));
        Assert.Equal(ConstraintKind.ForeignKey, orphan.Kind);

        var started = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.FromHours(1)).AddTicks(120);
        HealthCheck check = db.Checks.Insert(new HealthCheck(0, started, null));
        Assert.Equal(new HealthCheck(1, started, null), db.Checks.Get(check.Id));
        Assert.Equal([check], db.Checks.FindByStartedTs(started.ToOffset(TimeSpan.Zero)));
    }

    [Fact]
    public async Task Concurrent_inserts_get_distinct_assigned_keys()
    {
        using IMonitorDb db = OpenMonitor();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            for (int i = 0; i < 20; i++)
                await db.Services.InsertAsync(new Service(0, $"w{writer}-{i}", Health.Healthy, null));
        })));
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), db.Services.All().Select(s => s.Id).Order());
    }

    [Fact]
    public void Keyword_and_quoted_names_work_in_every_statement()
    {
        using IKeywordsDb db = OpenKeywords();
        KeywordOrder order = db.Orders.Insert(new KeywordOrder(0, "from", "it's \"quoted\"", null));
        KeywordOrder other = db.Orders.Insert(new KeywordOrder(0, "from", "plain", "group"));
        Assert.Equal([order, other], db.Orders.FindBySelect("from").OrderBy(o => o.Id));
        Assert.Equal(other, db.Orders.FindByQuoted("plain"));
        var duplicate = Assert.Throws<ConstraintViolationException>(() => db.Orders.Insert(new KeywordOrder(0, "x", "plain", null)));
        Assert.Equal((ConstraintKind.Unique, "order.a \"quoted\" col"), (duplicate.Kind, duplicate.Columns));

        db.Lines.InsertMany([new KeywordLine(order.Id, 1, "one"), new KeywordLine(order.Id, 2, "two"), new KeywordLine(other.Id, 1, "three")]);
        db.Lines.Upsert(new KeywordLine(order.Id, 2, "TWO"));
        Assert.Equal("TWO", db.Lines.Get(order.Id, 2).Text);
        Assert.True(db.Lines.Update(new KeywordLine(order.Id, 1, "ONE")));
        Assert.True(db.Orders.Update(order with { Group = "g" }));
        Assert.True(db.Orders.Delete(order.Id)); // cascades to its lines
        Assert.Equal([new KeywordLine(other.Id, 1, "three")], db.Lines.All());
        Assert.Equal(1L, db.Orders.Count());
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// <c>ImportJson</c> on both engines: the same files, through the generated interfaces only, into a SQLite file and a
/// database of the fixture's PostgreSQL server. SQLite's import is the oracle: each run's summary (records read,
/// inserted, skipped, failed, batches, and each named issue's line and field) or error, and the rows left behind, must
/// be the same on PostgreSQL. The messages themselves are each engine's reason, so they are compared by what they name.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportScenarioTests(PostgresServer server) : IDisposable
{
    private static readonly Guid s_ada = Guid.Parse("0b5e3c0e-0000-4000-8000-000000000001");
    private static readonly Guid s_bob = Guid.Parse("0b5e3c0e-0000-4000-8000-000000000002");
    private static readonly Guid s_cy = Guid.Parse("0b5e3c0e-0000-4000-8000-000000000003");
    private static readonly Guid s_dee = Guid.Parse("0b5e3c0e-0000-4000-8000-000000000004");
    private static readonly Guid s_sql = Guid.Parse("5e11ab00-0000-4000-8000-000000000001");

    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-import-").FullName;
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A new SQLite file and a new PostgreSQL database, both opened through <see cref="ILearningDb"/>.</summary>
    private (ILearningDb Sqlite, ILearningDb PostgreSql) OpenBoth() =>
        (LearningDb.Open(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db")),
         LearningDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources)));

    private static MemoryStream Lines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static string UserLine(Guid id, string email, string name) =>
        $"{{\"user_id\":\"{id}\",\"email\":\"{email}\",\"name\":\"{name}\",\"created_at\":\"2026-12-06T09:30:15.123456Z\"}}";

    private static string LessonLine(long? id, Guid syllabus, int position, string title, bool archived = false) =>
        (id is null ? "{" : $"{{\"lesson_id\":{id},")
        + $"\"syllabus_id\":\"{syllabus}\",\"position\":{position},\"title\":\"{title}\",\"archived\":{(archived ? "true" : "false")}}}";

    /// <summary>Runs <paramref name="import"/> on <paramref name="db"/>: its summary, or the error that ended it with what it had committed.</summary>
    private static (ImportSummary Summary, ImportException? Error) Run(Func<Stream, ImportSummary> import, Func<MemoryStream> file)
    {
        try
        {
            return (import(file()), null);
        }
        catch (ImportException error)
        {
            return (error.Committed, error);
        }
    }

    /// <summary>The same counts, the same issues by line, document and field, and the same error by line and field, on both engines.</summary>
    private static void AssertSameOutcome((ImportSummary Summary, ImportException? Error) sqlite, (ImportSummary Summary, ImportException? Error) postgreSql)
    {
        static object Counts(ImportSummary s) => (s.Table, s.Read, s.Inserted, s.Skipped, s.Failed, s.Batches, s.Bytes);
        Assert.Equal(Counts(sqlite.Summary), Counts(postgreSql.Summary));
        Assert.Equal(sqlite.Summary.Issues.Select(i => (i.Line, i.DocumentId, i.Field)), postgreSql.Summary.Issues.Select(i => (i.Line, i.DocumentId, i.Field)));
        Assert.Equal(sqlite.Error is null, postgreSql.Error is null);
        if (sqlite.Error is { } a && postgreSql.Error is { } b)
        {
            Assert.Equal((a.Table, a.Line, a.DocumentId, a.Field), (b.Table, b.Line, b.DocumentId, b.Field));
            Assert.Equal(a.InnerException?.GetType(), b.InnerException?.GetType());
            if (a.InnerException is ConstraintViolationException ca && b.InnerException is ConstraintViolationException cb)
                Assert.Equal((ca.Kind, ca.Columns), (cb.Kind, cb.Columns));
        }
    }

    private static List<User> Users(ILearningDb db) => db.Users.All().OrderBy(u => u.UserId).ToList();

    private static List<Lesson> Lessons(ILearningDb db) => db.Lessons.All().OrderBy(l => l.LessonId).ToList();

    private static (ImportSummary, ImportException?) Both(ILearningDb sqlite, ILearningDb postgreSql, Func<ILearningDb, Stream, ImportSummary> import, Func<MemoryStream> file)
    {
        var onSqlite = Run(json => import(sqlite, json), file);
        var onPostgreSql = Run(json => import(postgreSql, json), file);
        AssertSameOutcome(onSqlite, onPostgreSql);
        return onSqlite;
    }

    /// <summary>Both engines, with a syllabus the lessons can refer to.</summary>
    private (ILearningDb Sqlite, ILearningDb PostgreSql) OpenWithSyllabus()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenBoth();
        foreach (ILearningDb db in new[] { sqlite, postgreSql })
            db.Syllabi.Insert(new Syllabus(s_sql, null, "sql", "beginner", new SyllabusContent("Basics", ["keys"])));
        return (sqlite, postgreSql);
    }

    [Fact]
    public void Good_records_and_each_conflict_policy_give_the_same_summary_and_rows()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenBoth();
        using (sqlite)
        using (postgreSql)
        {
            MemoryStream Good() => Lines(UserLine(s_ada, "ada@x", "Ada"), UserLine(s_bob, "bob@x", "Bob"), UserLine(s_cy, "cy@x", "Cy"));
            var good = Both(sqlite, postgreSql, (db, json) => db.Users.ImportJson(json), Good);
            Assert.Equal((3L, 3L, 0L, 0L), (good.Item1.Read, good.Item1.Inserted, good.Item1.Skipped, good.Item1.Failed));
            Assert.Equal(Users(sqlite), Users(postgreSql));

            // Bob again (renamed, a new email: one constraint each, as the engines name different ones when a row breaks two), a new user,
            // and a user with Ada's email: a duplicate key and a duplicate unique value.
            MemoryStream Conflicts() => Lines(UserLine(s_bob, "robert@x", "Robert"), UserLine(s_dee, "dee@x", "Dee"), UserLine(Guid.Parse("0b5e3c0e-0000-4000-8000-000000000005"), "ada@x", "Not Ada"));

            var failed = Both(sqlite, postgreSql, (db, json) => db.Users.ImportJson(json), Conflicts);
            Assert.Equal((1L, "user_id"), (failed.Item2!.Line, failed.Item2.Field));
            Assert.Equal(0, failed.Item1.Batches);
            Assert.Equal(Users(sqlite), Users(postgreSql));
            Assert.Equal(3, Users(postgreSql).Count);

            var skipped = Both(sqlite, postgreSql, (db, json) => db.Users.ImportJson(json, new JsonImportOptions { OnConflict = ImportConflictPolicy.Skip }), Conflicts);
            Assert.Equal((3L, 1L, 2L, 0L), (skipped.Item1.Read, skipped.Item1.Inserted, skipped.Item1.Skipped, skipped.Item1.Failed));
            Assert.Equal(Users(sqlite), Users(postgreSql));
            Assert.Equal("Bob", postgreSql.Users.Get(s_bob).Name);

            // Replace overwrites Bob; the other user with Ada's email is still a conflict (on the email): an error, or left out and named.
            var replaceFails = Both(sqlite, postgreSql, (db, json) => db.Users.ImportJson(json, new JsonImportOptions { OnConflict = ImportConflictPolicy.Replace }), Conflicts);
            Assert.Equal((3L, "email"), (replaceFails.Item2!.Line, replaceFails.Item2.Field));
            Assert.Equal("Bob", postgreSql.Users.Get(s_bob).Name);
            var replaced = Both(sqlite, postgreSql, (db, json) => db.Users.ImportJson(json,
                new JsonImportOptions { OnConflict = ImportConflictPolicy.Replace, OnInvalid = ImportInvalidPolicy.Skip }), Conflicts);
            Assert.Equal((3L, 2L, 0L, 1L), (replaced.Item1.Read, replaced.Item1.Inserted, replaced.Item1.Skipped, replaced.Item1.Failed));
            Assert.Equal((3L, "email"), (replaced.Item1.Issues.Single().Line, replaced.Item1.Issues.Single().Field));
            Assert.Equal(Users(sqlite), Users(postgreSql));
            Assert.Equal("Robert", postgreSql.Users.Get(s_bob).Name);
        }
    }

    /// <summary>
    /// The bad records of a lessons file, between good ones: each a different reason, named on its line. The refused and
    /// skipped ones give their key: the engines use up an assigned key differently for a record that is not written
    /// (SQLite's counter moves for a record skipped as a duplicate, PostgreSQL's sequence for a refused one), docs/postgresql.md.
    /// </summary>
    private static MemoryStream BadLessons() => Lines(
        LessonLine(10, s_sql, 1, "Intro"),                                             // 1: an explicit key
        LessonLine(null, s_sql, 2, "Keys"),                                            // 2: no key: the next one, 11
        "{\"syllabus_id\":\"" + s_sql + "\",\"position\":\"three\",\"title\":\"Bad\"}", // 3: wrong type
        "{\"syllabus_id\":\"" + s_sql + "\",\"position\":4,\"archived\":false}",       // 4: missing required title
        LessonLine(20, s_ada, 5, "Orphan"),                                            // 5: no such syllabus (foreign key)
        LessonLine(10, s_sql, 1, "Intro again"),                                       // 6: a duplicate key: skipped
        LessonLine(7, s_sql, 7, "Seven"),                                              // 7: an explicit key below the counter
        LessonLine(null, s_sql, 8, "Eight", archived: true));                          // 8: the next one, 12

    [Theory]
    [InlineData(1000)]
    [InlineData(3)]
    public void Bad_records_are_named_and_left_out_and_the_batch_goes_on_as_on_sqlite(int batchSize)
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenWithSyllabus();
        using (sqlite)
        using (postgreSql)
        {
            var options = new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip, OnConflict = ImportConflictPolicy.Skip, BatchSize = batchSize };
            var outcome = Both(sqlite, postgreSql, (db, json) => db.Lessons.ImportJson(json, options), BadLessons);
            Assert.Null(outcome.Item2);
            Assert.Equal((8L, 4L, 1L, 3L), (outcome.Item1.Read, outcome.Item1.Inserted, outcome.Item1.Skipped, outcome.Item1.Failed));
            Assert.Equal([(3L, "position"), (4L, "title"), (5L, null)],
                outcome.Item1.Issues.Select(i => (i.Line, i.Field)));
            Assert.Equal(Lessons(sqlite), Lessons(postgreSql));
            Assert.Equal([7L, 10L, 11L, 12L], Lessons(postgreSql).Select(l => l.LessonId));

            // The counter moved past every key the file gave: the next insert gets the same key on both engines.
            Assert.Equal(13L, sqlite.Lessons.Insert(new Lesson(0, s_sql, 9, "Nine", false)).LessonId);
            Assert.Equal(13L, postgreSql.Lessons.Insert(new Lesson(0, s_sql, 9, "Nine", false)).LessonId);
        }
    }

    /// <summary>
    /// Refused records one after another: on PostgreSQL each refusal ends a round trip and the records after it go in the
    /// next, in the same statements, so the second refused record is found in a slot that ran before.
    /// </summary>
    [Fact]
    public void Refused_records_in_a_row_are_each_named_as_on_sqlite()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenWithSyllabus();
        using (sqlite)
        using (postgreSql)
        {
            var options = new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip };
            MemoryStream File() => Lines(
                LessonLine(1, s_sql, 1, "One"),
                LessonLine(2, s_sql, 2, "Two"),
                LessonLine(3, s_ada, 3, "Orphan"),   // 3: no such syllabus
                LessonLine(4, s_bob, 4, "Orphan"),   // 4: no such syllabus
                LessonLine(5, s_sql, 5, "Five"),
                LessonLine(6, s_cy, 6, "Orphan"),    // 6: no such syllabus
                LessonLine(7, s_sql, 7, "Seven"));
            var outcome = Both(sqlite, postgreSql, (db, json) => db.Lessons.ImportJson(json, options), File);
            Assert.Null(outcome.Item2);
            Assert.Equal((7L, 4L, 3L), (outcome.Item1.Read, outcome.Item1.Inserted, outcome.Item1.Failed));
            Assert.Equal([3L, 4L, 6L], outcome.Item1.Issues.Select(i => i.Line));
            Assert.Equal([1L, 2L, 5L, 7L], Lessons(postgreSql).Select(l => l.LessonId));
        }
    }

    [Fact]
    public void Without_skipping_the_first_refused_record_ends_the_run_and_its_batch_is_not_written()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenWithSyllabus();
        using (sqlite)
        using (postgreSql)
        {
            // Batches of 4: lines 1-4 stop at line 3 while reading (wrong type) before anything is written.
            var stopped = Both(sqlite, postgreSql, (db, json) => db.Lessons.ImportJson(json, new JsonImportOptions { BatchSize = 4 }), BadLessons);
            Assert.Equal((3L, "position"), (stopped.Item2!.Line, stopped.Item2.Field));
            Assert.Empty(Lessons(postgreSql));

            // Only the foreign key is bad: batches of 2, the first committed, the second (lines 3-4) refused at line 4.
            MemoryStream OrphanLast() => Lines(LessonLine(null, s_sql, 1, "A"), LessonLine(null, s_sql, 2, "B"), LessonLine(null, s_sql, 3, "C"), LessonLine(null, s_ada, 4, "Orphan"));
            var refused = Both(sqlite, postgreSql, (db, json) => db.Lessons.ImportJson(json, new JsonImportOptions { BatchSize = 2 }), OrphanLast);
            Assert.Equal(4L, refused.Item2!.Line);
            Assert.IsType<ConstraintViolationException>(refused.Item2.InnerException);
            Assert.Equal(ConstraintKind.ForeignKey, ((ConstraintViolationException)refused.Item2.InnerException!).Kind);
            Assert.Equal((1, 2L), (refused.Item1.Batches, refused.Item1.Inserted));
            Assert.Equal(Lessons(sqlite), Lessons(postgreSql));
            Assert.Equal(["A", "B"], Lessons(postgreSql).Select(l => l.Title));
        }
    }

    [Fact]
    public async Task The_async_form_and_an_import_inside_a_write_transaction_give_the_same_rows()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenWithSyllabus();
        using (sqlite)
        using (postgreSql)
        {
            var options = new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip, OnConflict = ImportConflictPolicy.Skip, BatchSize = 3 };
            ImportSummary onSqlite = await sqlite.Lessons.ImportJsonAsync(BadLessons(), options);
            ImportSummary onPostgreSql = await postgreSql.Lessons.ImportJsonAsync(BadLessons(), options);
            AssertSameOutcome((onSqlite, null), (onPostgreSql, null));
            Assert.Equal(Lessons(sqlite), Lessons(postgreSql));

            // Inside a transaction: a refused record is undone alone, the transaction commits what the import kept and the write after it.
            foreach (ILearningDb db in new[] { sqlite, postgreSql })
            {
                using var tx = db.BeginWrite();
                ImportSummary summary = tx.Users.ImportJson(Lines(UserLine(s_ada, "ada@x", "Ada"), UserLine(s_bob, "ada@x", "Bob"), UserLine(s_cy, "cy@x", "Cy")),
                    new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip, OnConflict = ImportConflictPolicy.Skip });
                Assert.Equal((2L, 1L), (summary.Inserted, summary.Skipped));
                tx.Users.Insert(new User(s_dee, "dee@x", "Dee", DateTimeOffset.UnixEpoch));
                tx.Commit();
            }
            Assert.Equal(Users(sqlite), Users(postgreSql));
            Assert.Equal(3, Users(postgreSql).Count);
        }
    }

    [Fact]
    public void Text_with_a_NUL_is_kept_by_sqlite_and_named_as_refused_by_postgresql()
    {
        (ILearningDb sqlite, ILearningDb postgreSql) = OpenBoth();
        using (sqlite)
        using (postgreSql)
        {
            MemoryStream File() => Lines(UserLine(s_ada, "ada@x", "Ada"), UserLine(s_bob, "bob@x", "Bo\\u0000b"), UserLine(s_cy, "cy@x", "Cy"));
            var options = new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip };
            Assert.Equal(3L, sqlite.Users.ImportJson(File(), options).Inserted);
            ImportSummary summary = postgreSql.Users.ImportJson(File(), options);
            Assert.Equal((3L, 2L, 1L), (summary.Read, summary.Inserted, summary.Failed));
            ImportIssue issue = summary.Issues.Single();
            Assert.Equal(2L, issue.Line);
            Assert.Contains("PostgreSQL 22021", issue.Message);
            Assert.Equal([s_ada, s_cy], Users(postgreSql).Select(u => u.UserId));

            // Without skipping: the run ends on that line, naming it; nothing of its batch is written.
            using (ILearningDb fresh = LearningDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources)))
            {
                var error = Assert.Throws<ImportException>(() => fresh.Users.ImportJson(File()));
                Assert.Equal(2L, error.Line);
                Assert.Empty(Users(fresh));
            }
        }
    }
}

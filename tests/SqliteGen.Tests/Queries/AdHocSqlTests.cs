using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Queries;

/// <summary>
/// <c>db.Sql</c>: ad-hoc SQL through the generated database's pool, on real files. What a user reaches for when a
/// [Query] does not fit: a dynamic filter, <c>IN (list)</c>, a PRAGMA, a report. Each result is checked against a
/// second, plain Microsoft.Data.Sqlite connection to the same file or against the values the test wrote.
/// </summary>
public sealed class AdHocSqlTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly TempFolder _folder = new();
    private readonly QueriesDb _db;

    public AdHocSqlTests()
    {
        _db = QueriesDb.Open(_folder.File());
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private List<Member> AddMembers(int count) =>
        Enumerable.Range(0, count).Select(i => _db.Members.Insert(new Member(0, $"m{i}@example.com", $"Member {i}", i % 90, Monday.AddMinutes(i), Active: i % 3 != 0))).ToList();

    /// <summary>What SQLite itself says, through a connection of the test's own (not the pool).</summary>
    /// <summary>One value read on a connection of its own (not the pool under test), with an optional <c>$id</c>.</summary>
    private long Scalar(string sql, long? id = null)
    {
        using var connection = new SqliteConnection($"Data Source={_db.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is { } value)
            command.Parameters.AddWithValue("$id", value);
        return (long)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000)]
    public void A_list_of_keys_binds_as_one_parameter_through_json_each(int size)
    {
        List<Member> members = AddMembers(2_100);
        // Every other member from the middle, so that the answer is neither a prefix nor everything.
        long[] wanted = members.Skip(50).Where((_, i) => i % 2 == 0).Take(size).Select(m => m.MemberId).ToArray();
        Assert.Equal(size, wanted.Length);

        IReadOnlyList<Member> found = _db.Sql.Query<Member>(
            "SELECT * FROM members WHERE member_id IN (SELECT value FROM json_each($ids)) ORDER BY member_id",
            new SqlParameters { { "ids", wanted } });

        Assert.Equal(members.Where(m => wanted.Contains(m.MemberId)).ToList(), found);
        long count = _db.Sql.QuerySingle<long>("SELECT count(*) FROM members WHERE member_id IN (SELECT value FROM json_each($ids))", new SqlParameters { { "ids", wanted } });
        Assert.Equal(size, count);
    }

    [Fact]
    public void Values_that_look_like_SQL_are_values()
    {
        string[] hostile =
        {
            "x'); DROP TABLE members; --",
            "' OR 1=1 --",
            "\" OR \"\"=\"",
            "a\\\"b",
            "100%_",
            "]}\u0000{[",
            "naïve 名前 🚀",
        };
        foreach (string name in hostile)
            _db.Members.Insert(new Member(0, $"{Guid.NewGuid():N}@example.com", name, null, Monday, Active: true));
        _db.Members.Insert(new Member(0, "plain@example.com", "plain", null, Monday, Active: true));

        foreach (string name in hostile)
        {
            IReadOnlyList<string> one = _db.Sql.Query<string>("SELECT name FROM members WHERE name = $name", new SqlParameters { { "name", name } });
            Assert.Equal(new[] { name }, one);
        }
        IReadOnlyList<string> listed = _db.Sql.Query<string>(
            "SELECT name FROM members WHERE name IN (SELECT value FROM json_each(:names)) ORDER BY member_id",
            new SqlParameters { { ":names", hostile } });
        Assert.Equal(hostile, listed);

        Assert.Equal(hostile.Length + 1, Scalar("SELECT count(*) FROM members"));
        Assert.Equal("ok", QuickCheck());
    }

    private string QuickCheck()
    {
        using var connection = new SqliteConnection($"Data Source={_db.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public void A_write_inside_Write_rolls_back_with_the_transaction()
    {
        List<Member> members = AddMembers(5);
        var failure = new InvalidOperationException("the caller gave up");

        var thrown = Assert.Throws<InvalidOperationException>(() => _db.Write(tx =>
        {
            int changed = tx.Sql.Execute("UPDATE members SET name = 'renamed' WHERE member_id IN (SELECT value FROM json_each($ids))",
                new SqlParameters { { "ids", members.Take(3).Select(m => m.MemberId) } });
            Assert.Equal(3, changed);
            // The transaction sees its own write; a plain reader does not yet.
            Assert.Equal(3, tx.Sql.QuerySingle<long>("SELECT count(*) FROM members WHERE name = 'renamed'"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM members WHERE name = 'renamed'"));
            throw failure;
        }));

        Assert.Same(failure, thrown);
        Assert.Equal(0, Scalar("SELECT count(*) FROM members WHERE name = 'renamed'"));
        Assert.Equal(members, _db.Members.All().OrderBy(m => m.MemberId).ToList());
    }

    [Fact]
    public void A_write_inside_Write_commits_with_the_transaction()
    {
        Member ada = AddMembers(1)[0];
        _db.Write(tx =>
        {
            tx.Sql.Execute("UPDATE members SET age = $age WHERE member_id = $id", new SqlParameters { { "age", 37 }, { "id", ada.MemberId } });
            tx.Posts.Insert(new Post(0, ada.MemberId, "Hello", 1));
        });
        Assert.Equal(37, Scalar("SELECT age FROM members WHERE member_id = $id", ada.MemberId));
        Assert.Equal(1, Scalar("SELECT count(*) FROM posts"));
    }

    [Fact]
    public void A_read_runs_on_a_reader_and_a_write_needs_the_transaction_that_holds_the_writer()
    {
        AddMembers(2);
        using var tx = _db.BeginWrite();
        tx.Members.Insert(new Member(0, "uncommitted@example.com", "U", null, Monday, Active: true));

        // A reader sees the committed rows only: the read did not go to the writer the transaction holds.
        Assert.Equal(2, _db.Sql.QuerySingle<long>("SELECT count(*) FROM members"));
        Assert.Equal(3, tx.Sql.QuerySingle<long>("SELECT count(*) FROM members"));

        // A write through the database (not the transaction) would wait for the writer: an error that says what to do.
        var error = Assert.Throws<InvalidOperationException>(() => _db.Sql.Execute("DELETE FROM members WHERE email = $email", new SqlParameters { { "email", "m0@example.com" } }));
        Assert.Contains("write transaction", error.Message);
        tx.Rollback();
    }

    [Fact]
    public void Writes_from_many_threads_all_commit_through_the_writer()
    {
        Member ada = AddMembers(1)[0];
        const int Threads = 8, Each = 100;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < Each; i++)
            {
                _db.Sql.Execute("INSERT INTO posts (member_id, title, score) VALUES ($member, $title, $score)",
                    new SqlParameters { { "member", ada.MemberId }, { "title", $"t{t}-{i}" }, { "score", (double)i } });
            }
        });
        Assert.Equal(Threads * Each, Scalar("SELECT count(*) FROM posts"));
        Assert.Equal(Threads * Each, Scalar("SELECT count(DISTINCT title) FROM posts"));
    }

    [Fact]
    public void A_write_that_returns_rows_runs_on_the_writer_and_reads_the_entity()
    {
        Member ada = AddMembers(1)[0];
        Post post = _db.Sql.QuerySingle<Post>("INSERT INTO posts (member_id, title, score) VALUES ($m, $t, 2.5) RETURNING *",
            new SqlParameters { { "m", ada.MemberId }, { "t", "Returned" } });
        Assert.Equal(new Post(post.PostId, ada.MemberId, "Returned", 2.5), post);
        Assert.Equal(post, _db.Posts.Get(post.PostId));
    }

    [Fact]
    public void Scalars_read_in_their_stored_form()
    {
        Member ada = _db.Members.Insert(new Member(0, "ada@example.com", "Ada", null, Monday, Active: true));
        Assert.Equal(Monday, _db.Sql.QuerySingle<DateTimeOffset>("SELECT joined_at FROM members"));
        Assert.True(_db.Sql.QuerySingle<bool>("SELECT active FROM members"));
        Assert.Null(_db.Sql.QuerySingle<int?>("SELECT age FROM members"));
        Assert.Null(_db.Sql.QuerySingle<string?>("SELECT NULL"));
        Assert.Equal(ada.MemberId, _db.Sql.QuerySingle<long>("SELECT member_id FROM members WHERE joined_at = $at AND active = $active",
            new SqlParameters { { "at", Monday }, { "active", true } }));
        Guid id = Guid.NewGuid();
        Assert.Equal(id, _db.Sql.QuerySingle<Guid>("SELECT $g", new SqlParameters { { "g", id } }));
        Assert.Equal(12.345m, _db.Sql.QuerySingle<decimal>("SELECT $d", new SqlParameters { { "d", 12.345m } }));
        Assert.Equal(new byte[] { 0, 1, 2 }, _db.Sql.QuerySingle<byte[]>("SELECT x'000102'"));
    }

    [Fact]
    public async Task The_async_forms_read_and_write()
    {
        Member ada = AddMembers(1)[0];
        int changed = await _db.Sql.ExecuteAsync("UPDATE members SET name = $name WHERE member_id = $id", new SqlParameters { { "name", "Ada" }, { "id", ada.MemberId } });
        Assert.Equal(1, changed);
        IReadOnlyList<Member> found = await _db.Sql.QueryAsync<Member>("SELECT * FROM members WHERE name = $name", new SqlParameters { { "name", "Ada" } });
        Assert.Equal(ada with { Name = "Ada" }, Assert.Single(found));
    }

    [Fact]
    public void A_read_only_pragma_runs()
    {
        IReadOnlyList<string> columns = _db.Sql.Query<string>("SELECT name FROM pragma_table_info('members') ORDER BY cid");
        Assert.Equal(new[] { "member_id", "email", "name", "age", "joined_at", "active" }, columns);
        Assert.Equal("ok", _db.Sql.QuerySingle<string>("PRAGMA integrity_check"));
        Assert.Equal(1, _db.Sql.QuerySingle<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public void A_constraint_violation_names_the_table_and_the_SQL()
    {
        AddMembers(2);
        var error = Assert.Throws<ConstraintViolationException>(() =>
            _db.Sql.Execute("UPDATE members SET email = 'm0@example.com' WHERE email = $email", new SqlParameters { { "email", "m1@example.com" } }));
        Assert.Equal("members", error.Table);
        Assert.Equal(ConstraintKind.Unique, error.Kind);
        Assert.Contains("UPDATE members SET email", error.Message);
        Assert.Equal(1, Scalar("SELECT count(*) FROM members WHERE email = 'm1@example.com'"));
    }

    [Theory]
    [InlineData("SELECT * FROM members WHERE email = $email", "", "$email has no value")]
    [InlineData("SELECT * FROM members WHERE email = ?", "", "positional")]
    [InlineData("SELECT * FROM members", "email", "parameter 'email', which the SQL does not use")]
    [InlineData("SELECT * FROM nowhere", "", "no such table: nowhere")]
    [InlineData("SELECT member_id, email FROM members", "", "are not the columns of members in table order")]
    [InlineData("SELECT 1; DELETE FROM members", "", "more than one statement")]
    [InlineData("BEGIN IMMEDIATE", "", "BEGIN is not run through the pool")]
    [InlineData("  /* note */ VACUUM", "", "db.Maintenance.Vacuum()")]
    [InlineData("PRAGMA foreign_keys = OFF", "", "PRAGMA foreign_keys with a value")]
    [InlineData("PRAGMA main.journal_mode(DELETE)", "", "PRAGMA journal_mode with a value")]
    [InlineData("-- nothing", "", "holds no statement")]
    public void Mistakes_are_errors_that_name_the_SQL_and_the_parameter(string sql, string parameter, string expected)
    {
        AddMembers(1);
        SqlParameters? values = parameter.Length == 0 ? null : new SqlParameters { { parameter, "x" } };
        var error = Assert.Throws<SqliteGenException>(() => _db.Sql.Query<Member>(sql, values));
        Assert.Contains(expected, error.Message);
        Assert.Contains("SQL: " + sql, error.Message);
        Assert.Equal(1, Scalar("SELECT count(*) FROM members"));
    }

    [Fact]
    public void A_type_that_is_neither_an_entity_nor_a_scalar_is_refused_before_anything_runs()
    {
        var error = Assert.Throws<SqliteGenException>(() => _db.Sql.Query<MemberPostCount>("SELECT name, 1 AS post_count FROM members"));
        Assert.Contains("neither an entity of QueriesDb nor a stored scalar type", error.Message);
        var nulls = Assert.Throws<SqliteGenException>(() => _db.Sql.QuerySingle<long>("SELECT NULL"));
        Assert.Contains("NULL", nulls.Message);
    }

    [Theory]
    [InlineData(VectorBackend.Exact)]
    [InlineData(VectorBackend.SqliteVec)]
    public void An_ad_hoc_write_to_a_vector_table_leaves_no_stale_neighbours(VectorBackend backend)
    {
        using SearchDb db = Search.SearchFixture.Open(_folder.File("search.db"), backend);
        db.Places.InsertMany(new[]
        {
            new Place(Guid.NewGuid(), "hotel", new[] { 1f, 1f }),
            new Place(Guid.NewGuid(), "museum", new[] { 2f, 2f }),
            new Place(Guid.NewGuid(), "home", new[] { 5f, 5f }),
        });
        Assert.Equal(new[] { "hotel", "museum" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name)); // index built

        Assert.Equal(1, db.Sql.Execute("DELETE FROM places WHERE name = $name", new SqlParameters { { "name", "hotel" } }));
        Assert.Equal(new[] { "museum", "home" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name));

        db.Write(tx => tx.Sql.Execute("DELETE FROM places WHERE name = 'museum'"));
        Assert.Equal(new[] { "home" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name));
    }

    [Fact]
    public void An_ad_hoc_update_of_a_vector_in_any_of_the_databases_vector_tables_leaves_no_stale_neighbours()
    {
        // places is the second of SearchDb's three vector tables: the ad-hoc write is wrapped for each in turn. The
        // rows stay (a deleted row is caught when it is read back), only their vectors change.
        using SearchDb db = Search.SearchFixture.Open(_folder.File("search.db"), VectorBackend.Exact);
        db.Places.InsertMany(new[]
        {
            new Place(Guid.NewGuid(), "hotel", new[] { 1f, 1f }),
            new Place(Guid.NewGuid(), "museum", new[] { 2f, 2f }),
            new Place(Guid.NewGuid(), "home", new[] { 5f, 5f }),
        });
        Assert.Equal(new[] { "hotel", "museum" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name)); // index built

        Assert.Equal(1, db.Sql.Execute("UPDATE places SET position = NULL WHERE name = 'hotel'"));
        Assert.Equal(new[] { "museum", "home" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name));

        db.Write(tx => tx.Sql.Execute("UPDATE places SET position = NULL WHERE name = 'museum'"));
        Assert.Equal(new[] { "home" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name));
    }
}

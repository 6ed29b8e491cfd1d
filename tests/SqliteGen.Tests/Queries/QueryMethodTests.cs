using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Queries;

/// <summary>The generated [Query] methods of <see cref="QueriesDb"/>, run on a real file.</summary>
public sealed class QueryMethodTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly TempFolder _folder = new();
    private readonly QueriesDb _db;
    private readonly Member _ada;
    private readonly Member _grace;
    private readonly Member _linus;

    public QueryMethodTests()
    {
        _db = QueriesDb.Open(_folder.File());
        _ada = _db.Members.Insert(new Member(0, "ada@example.com", "Ada", 36, Monday.AddYears(-2), Active: true));
        _grace = _db.Members.Insert(new Member(0, "grace@example.com", "Grace", 85, Monday.AddYears(-1), Active: true));
        _linus = _db.Members.Insert(new Member(0, "linus@example.com", "Linus", null, Monday, Active: false));
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void An_entity_or_null_comes_back_by_a_bound_parameter()
    {
        Assert.Equal(_grace, _db.MemberByEmail("grace@example.com"));
        Assert.Null(_db.MemberByEmail("nobody@example.com"));
    }

    [Fact]
    public void A_non_nullable_single_row_needs_exactly_one_row_and_the_error_names_the_method()
    {
        Assert.Equal(_ada, _db.MemberNamed("Ada"));

        var none = Assert.Throws<InvalidOperationException>(() => _db.MemberNamed("Nobody"));
        Assert.Contains("Query 'MemberNamed' returned no row", none.Message);

        _db.Members.Insert(new Member(0, "ada2@example.com", "Ada", 20, Monday, Active: true));
        var many = Assert.Throws<InvalidOperationException>(() => _db.MemberNamed("Ada"));
        Assert.Contains("Query 'MemberNamed' returned more than one row", many.Message);
    }

    [Fact]
    public void Entity_lists_are_read_by_column_name_whatever_order_the_SQL_selects_them_in()
    {
        Assert.Equal(new[] { _ada, _grace }, _db.MembersByActive(true));
        Assert.Equal(new[] { _linus }, _db.MembersByActive(false));
        // name, email, member_id, joined_at, age, active: not the table's order.
        Assert.Equal(new[] { _grace, _ada }, _db.MembersAtLeast(30));
        Assert.Empty(_db.MembersAtLeast(100));
    }

    [Fact]
    public void Scalars_single_nullable_and_lists()
    {
        Assert.Equal(3L, _db.CountMembers());
        Assert.Equal(85, _db.OldestActiveAge());
        Assert.Equal("Linus", _db.NameOf(_linus.MemberId));
        Assert.Null(_db.NameOf(999));
        Assert.Equal(new[] { "ada@example.com", "grace@example.com", "linus@example.com" }, _db.Emails());

        _db.SetAge("ada@example.com", null);
        _db.SetAge("grace@example.com", null);
        Assert.Null(_db.OldestActiveAge()); // max() over NULLs is one row holding NULL
    }

    [Fact]
    public void Writes_return_the_rows_they_changed_and_RETURNING_rows()
    {
        long first = _db.AddPost(_ada.MemberId, "Notes on the engine", 9.5);
        long second = _db.AddPost(_ada.MemberId, "A second note", 3);
        Assert.Equal(first + 1, second);

        Assert.Equal(2, _db.DeactivateJoinedBefore(Monday));
        Assert.Equal(0, _db.DeactivateJoinedBefore(Monday));
        Assert.Empty(_db.MembersByActive(true));

        IReadOnlyList<Post> deleted = _db.DeletePostsOf(_ada.MemberId);
        Assert.Equal(new[] { "Notes on the engine", "A second note" }, deleted.OrderBy(p => p.PostId).Select(p => p.Title));
        Assert.All(deleted, p => Assert.Equal(_ada.MemberId, p.MemberId));
        Assert.Equal(0, _db.Posts.Count());
    }

    [Fact]
    public void A_failing_write_is_SqliteGens_error_naming_the_table_and_query()
    {
        var error = Assert.Throws<ConstraintViolationException>(() => _db.AddPost(memberId: 12345, "orphan", 1));
        Assert.Contains("posts", error.Message);
        Assert.Contains("Query AddPost", error.Message);
        Assert.Equal(0, _db.Posts.Count());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_streamed_enumerable_reads_lazily_and_holds_a_reader_only_while_enumerating()
    {
        _db.AddPost(_grace.MemberId, "COBOL", 7);
        _db.AddPost(_grace.MemberId, "Bugs", 9);
        _db.AddPost(_ada.MemberId, "Engines", 8);

        IEnumerable<string> titles = _db.TitlesBy("grace@example.com");
        _db.AddPost(_grace.MemberId, "Nanoseconds", 8); // not run yet: the query sees this one

        Assert.Equal(new[] { "Bugs", "Nanoseconds", "COBOL" }, titles.ToList());
        Assert.Equal(new[] { "Bugs", "Nanoseconds", "COBOL" }, titles.ToList()); // enumerable again, same rows
        for (int i = 0; i < 10; i++)
        {
            using IEnumerator<string> partly = titles.GetEnumerator();
            Assert.True(partly.MoveNext()); // disposed half-way: the reader must go back to the pool
        }
        // With a leaked reader per enumeration, the pool (4 readers) would have none left and this read would wait forever.
        long count = await System.Threading.Tasks.Task.Run(() => _db.CountMembers()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3L, count);
    }

    [Fact]
    public void Joins_CTEs_and_correlated_subqueries_run_as_written()
    {
        _db.AddPost(_grace.MemberId, "COBOL", 7);
        _db.AddPost(_grace.MemberId, "Bugs", 9);
        _db.AddPost(_ada.MemberId, "Engines", 8);

        Assert.Equal(new[] { _grace }, _db.MembersScoringOver(10));
        Assert.Equal(new[] { _ada, _grace }, _db.MembersScoringOver(5));
        Assert.Equal(new[] { "Ada", "Grace" }, _db.NamesWithAPostOver(7.5));
        Assert.Equal(new[] { "Grace" }, _db.NamesWithAPostOver(8.5));
    }

    [Fact]
    public void A_record_of_selected_columns_is_built_from_its_columns()
    {
        _db.AddPost(_grace.MemberId, "COBOL", 7);
        _db.AddPost(_grace.MemberId, "Bugs", 9);

        Assert.Equal(
            new[] { new MemberPostCount("Ada", 0), new MemberPostCount("Grace", 2), new MemberPostCount("Linus", 0) },
            _db.PostCounts());
    }

    [Fact]
    public async System.Threading.Tasks.Task Async_variants_read_stream_and_write()
    {
        Assert.Equal(_ada, await _db.MemberByEmailAsync("ada@example.com"));
        Assert.Null(await _db.MemberByEmailAsync("nobody@example.com"));

        _db.AddPost(_ada.MemberId, "one", 1);
        _db.AddPost(_ada.MemberId, "two", 2);
        Assert.Equal(2, await _db.BumpScoresAsync(_ada.MemberId, 10));
        Assert.Equal(new[] { 11.0, 12.0 }, _db.Posts.All().Select(p => p.Score).OrderBy(s => s));

        var titles = new List<string>();
        await foreach (string title in _db.TitlesOfAsync(_ada.MemberId))
            titles.Add(title);
        Assert.Equal(new[] { "one", "two" }, titles);

        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (string title in _db.TitlesOfAsync(_ada.MemberId, cancelled.Token))
                titles.Add(title);
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _db.BumpScoresAsync(_ada.MemberId, 1, cancelled.Token).AsTask());
        Assert.Equal(new[] { 11.0, 12.0 }, _db.Posts.All().Select(p => p.Score).OrderBy(s => s)); // the cancelled write did not run
    }

    [Theory]
    [InlineData("'; DROP TABLE members; --")]
    [InlineData("x' OR '1'='1")]
    [InlineData("$email")]
    [InlineData("\"quoted\" \\ back\\slash\n newline \0 nul")]
    [InlineData("")]
    [InlineData("émoji 🙂 and 中文")]
    public void Odd_parameter_values_are_bound_as_values_never_read_as_SQL(string odd)
    {
        Assert.Null(_db.MemberByEmail(odd));
        var member = _db.Members.Insert(new Member(0, odd, odd, 1, Monday, Active: true));

        Assert.Equal(member, _db.MemberByEmail(odd));
        Assert.Equal(odd, _db.NameOf(member.MemberId));
        _db.SetAge(odd, 77);
        Assert.Equal(77, _db.MemberByEmail(odd)!.Age);
        Assert.Equal(4L, _db.CountMembers()); // the table is still there, with every row
    }

    [Fact]
    public void In_a_write_transaction_queries_see_its_writes_and_theirs_roll_back_with_it()
    {
        using (QueriesDb.WriteTransaction transaction = _db.BeginWrite())
        {
            transaction.Members.Insert(new Member(0, "new@example.com", "New", 1, Monday, Active: true));
            Assert.Equal("New", transaction.MemberByEmail("new@example.com")?.Name); // the transaction's own connection
            Assert.Equal(4L, transaction.CountMembers());
            Assert.Equal(3, transaction.DeactivateJoinedBefore(Monday.AddDays(1)));
            Assert.Empty(transaction.MembersByActive(true));
            // Dispose without Commit: every write of the transaction, the query's included, is undone.
        }
        Assert.Null(_db.MemberByEmail("new@example.com"));
        Assert.Equal(new[] { _ada, _grace }, _db.MembersByActive(true));

        // The database's own write query inside the transaction would wait for the writer the transaction holds: an error.
        var error = Assert.Throws<InvalidOperationException>(() => _db.Write(tx => _db.SetAge("ada@example.com", 1)));
        Assert.Contains("inside a write transaction", error.Message);

        long post = _db.Write(tx => tx.AddPost(_ada.MemberId, "committed", 1));
        Assert.Equal("committed", Assert.Single(_db.Posts.All()).Title);
        Assert.Equal(post, Assert.Single(_db.Posts.All()).PostId);
    }

    [Fact]
    public void A_read_does_not_see_an_open_write_transactions_changes_until_it_commits()
    {
        using (QueriesDb.WriteTransaction transaction = _db.BeginWrite())
        {
            transaction.Members.Insert(new Member(0, "new@example.com", "New", 1, Monday, Active: true));
            Assert.Null(_db.MemberByEmail("new@example.com")); // a pooled reader: the committed state
            transaction.Commit();
        }
        Assert.NotNull(_db.MemberByEmail("new@example.com"));
    }
}

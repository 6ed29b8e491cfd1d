using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Queries;

/// <summary>
/// <see cref="PostQueries"/>, a <c>[SqliteQueries(typeof(QueriesDb))]</c> class, run on a real file: it reads and writes
/// through the same database (pool, writer, committed state) as the table accessors and the database's own queries.
/// </summary>
public sealed class QueryClassTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly TempFolder _folder = new();
    private readonly QueriesDb _db;
    private readonly PostQueries _posts;
    private readonly Member _ada;
    private readonly Member _grace;

    public QueryClassTests()
    {
        _db = QueriesDb.Open(_folder.File());
        _posts = new PostQueries(_db);
        _ada = _db.Members.Insert(new Member(0, "ada@example.com", "Ada", 36, Monday.AddYears(-2), Active: true));
        _grace = _db.Members.Insert(new Member(0, "grace@example.com", "Grace", 85, Monday.AddYears(-1), Active: true));
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Writes_through_the_query_class_are_read_by_the_table_accessors_and_the_other_way_round()
    {
        Post engines = _posts.Add(_ada.MemberId, "Engines", 8);
        Assert.True(engines.PostId > 0);
        Assert.Equal(engines, _db.Posts.Get(engines.PostId)); // the table accessor sees the query class's write

        Post cobol = _db.Posts.Insert(new Post(0, _grace.MemberId, "COBOL", 7));
        Post bugs = _db.AddPost(_grace.MemberId, "Bugs", 9) is long id ? _db.Posts.Get(id) : throw new InvalidOperationException();
        Assert.Equal(new[] { cobol, bugs }, _posts.PostsOf(_grace.MemberId)); // and the other way round
        Assert.Equal(2L, _posts.CountOf(_grace.MemberId));
        Assert.Equal(new[] { "COBOL", "Bugs" }, _posts.TitlesBy("grace@example.com").ToList()); // streamed, across a join
        Assert.Equal(new[] { "COBOL", "Bugs" }, _posts.TitlesOf(_grace)); // the class's own hand-written member

        Assert.Equal(1, _posts.Remove(cobol.PostId));
        Assert.Equal(0, _posts.Remove(cobol.PostId));
        Assert.Null(_db.Posts.Find(cobol.PostId));
        Assert.Equal(2, _db.Posts.Count());
    }

    [Fact]
    public void A_failing_write_is_SqliteGens_error_naming_the_table_and_query()
    {
        var error = Assert.Throws<ConstraintViolationException>(() => _posts.Add(memberId: 12345, "orphan", 1));
        Assert.Contains("posts", error.Message);
        Assert.Contains("Query Add", error.Message);
        Assert.Equal(0, _db.Posts.Count());
    }

    [Fact]
    public async Task Async_variants_read_stream_and_write()
    {
        Post first = _posts.Add(_ada.MemberId, "one", 1);
        _posts.Add(_ada.MemberId, "two", 2);

        Assert.Equal(first, await _posts.FindAsync(first.PostId));
        Assert.Null(await _posts.FindAsync(-1));
        Assert.Equal(1, await _posts.RenameAsync(first.PostId, "first"));
        Assert.Equal("first", _db.Posts.Get(first.PostId).Title);

        var titles = new List<string>();
        await foreach (string title in _posts.TitlesOfAsync(_ada.MemberId))
            titles.Add(title);
        Assert.Equal(new[] { "first", "two" }, titles);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _posts.RenameAsync(first.PostId, "never", cancelled.Token).AsTask());
        Assert.Equal("first", _db.Posts.Get(first.PostId).Title);
    }

    [Fact]
    public void Reads_see_the_committed_state_a_write_transaction_makes_visible_on_commit()
    {
        using (QueriesDb.WriteTransaction transaction = _db.BeginWrite())
        {
            transaction.Posts.Insert(new Post(0, _ada.MemberId, "pending", 1));
            Assert.Equal(0L, _posts.CountOf(_ada.MemberId)); // a pooled reader: not the open transaction's rows
            transaction.Commit();
        }
        Assert.Equal(1L, _posts.CountOf(_ada.MemberId));
    }

    [Fact]
    public void The_transaction_overloads_see_its_writes_and_theirs_roll_back_with_it()
    {
        using (QueriesDb.WriteTransaction transaction = _db.BeginWrite())
        {
            Post pending = transaction.Posts.Insert(new Post(0, _ada.MemberId, "pending", 1));
            Assert.Equal(new[] { pending }, _posts.PostsOf(transaction, _ada.MemberId)); // the transaction's own connection
            Post added = _posts.Add(transaction, _ada.MemberId, "added", 2);
            Assert.Equal(2L, _posts.CountOf(transaction, _ada.MemberId));
            Assert.Equal(new[] { "pending", "added" }, _posts.TitlesBy(transaction, "ada@example.com").ToList());
            Assert.Equal(1, _posts.Remove(transaction, pending.PostId));
            Assert.Equal(added, transaction.Posts.Get(added.PostId)); // the table accessors in the transaction see it
            Assert.Equal(0L, _posts.CountOf(_ada.MemberId)); // outside: nothing committed yet
            // Dispose without Commit: every write of the transaction, the query class's included, is undone.
        }
        Assert.Equal(0, _db.Posts.Count());

        Post committed = _db.Write(tx => _posts.Add(tx, _ada.MemberId, "committed", 3));
        Assert.Equal(committed, Assert.Single(_db.Posts.All()));
        Assert.Throws<ArgumentNullException>(() => _posts.CountOf(null!, _ada.MemberId));
    }

    [Fact]
    public async Task The_async_transaction_overloads_run_on_the_transactions_connection()
    {
        Post post = _posts.Add(_ada.MemberId, "before", 1);
        await _db.WriteAsync(async (tx, ct) =>
        {
            Assert.Equal(1, await _posts.RenameAsync(tx, post.PostId, "during", ct));
            Assert.Equal("during", (await _posts.FindAsync(tx, post.PostId, ct))?.Title);
            var titles = new List<string>();
            await foreach (string title in _posts.TitlesOfAsync(tx, _ada.MemberId, ct))
                titles.Add(title);
            Assert.Equal(new[] { "during" }, titles);
            Assert.Equal("before", _posts.PostsOf(_ada.MemberId).Single().Title); // a pooled reader: committed state
        });
        Assert.Equal("during", _db.Posts.Get(post.PostId).Title);
    }

    [Fact]
    public void The_plain_write_method_inside_the_databases_write_transaction_is_refused_not_deadlocked()
    {
        // It goes through the writer, which the transaction holds: the overload that takes the transaction is the one to call.
        var error = Assert.Throws<InvalidOperationException>(() => _db.Write(tx => _posts.Add(_ada.MemberId, "inside", 1)));
        Assert.Contains("inside a write transaction", error.Message);
        Assert.Equal(0, _db.Posts.Count());
    }

    [Fact]
    public void Two_instances_on_one_database_share_its_pool_and_a_closed_database_refuses_them()
    {
        var other = new PostQueries(_db);
        Post post = _posts.Add(_ada.MemberId, "shared", 1);
        Assert.Equal(new[] { post }, other.PostsOf(_ada.MemberId));

        Assert.Throws<ArgumentNullException>(() => new PostQueries(null!));
        _db.Dispose();
        Assert.ThrowsAny<ObjectDisposedException>(() => other.CountOf(_ada.MemberId));
    }
}

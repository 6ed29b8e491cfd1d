using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Queries;

/// <summary>
/// A <c>[SqliteQueries]</c> class on both engines: <c>new MemberQueries(db)</c> over <c>IQueryDb</c> (a SQLite file or the
/// real server), every query called the same way, on the database and through its overloads that take
/// <c>IQueryDb.IWriteTransaction</c>, must answer the same; SQLite's answers are also checked against what the rows imply.
/// </summary>
public sealed partial class QueryScenarioTests
{
    private static readonly Guid s_newToken = new("00000000-0000-0000-0000-0000000000aa");

    /// <summary>The class's queries on the database, in one order, each answer as text.</summary>
    private static async Task<List<string>> QueryClassScenario(IQueryDb db)
    {
        var queries = new MemberQueries(db);
        db.Members.InsertMany(s_members);
        db.Posts.InsertMany(s_posts);
        var answers = new List<string>();
        void Answer(string what, object? value) => answers.Add(Shown(what, value));

        Answer("Named(an%)", queries.Named("an%"));
        Answer("Find(4)", queries.Find(4));
        Answer("Find(9)", queries.Find(9));
        Answer("ByToken", queries.ByToken(s_members[1].Token));
        Answer("ByToken(missing)", Record.Exception(() => queries.ByToken(Guid.Empty))?.GetType().Name);
        Answer("CountActive(true)", queries.CountActive(true));
        Answer("Names", queries.Names().ToList());
        var posts = new List<QueryPost>();
        await foreach (QueryPost post in queries.PostsAsync(1, CancellationToken.None))
            posts.Add(post);
        Answer("PostsAsync(1)", posts);
        Answer("BalanceAsync(3)", await queries.BalanceAsync(3, CancellationToken.None));
        Answer("BalanceAsync(9)", await queries.BalanceAsync(9, CancellationToken.None));
        Answer("PostCounts(true)", queries.PostCounts(true));
        Answer("NamesWith(an)", queries.NamesWith("an"));
        Answer("Join(5)", queries.Join(5, s_newToken, "dora", true, 1.25m, s_day.AddDays(2)));
        Answer("Join(a token taken)", Refused(() => queries.Join(6, s_members[0].Token, "eve", true, 0m, s_day)));
        Answer("AddPostAsync(5)", await queries.AddPostAsync(5, 5, "fifth", CancellationToken.None));
        Answer("AddPostAsync(orphan)", await RefusedAsync(async () => await queries.AddPostAsync(6, 99, "orphan", CancellationToken.None)));
        await queries.RenameAsync(5, "dee", CancellationToken.None);
        Answer("Find(5) renamed", queries.Find(5));
        Answer("DeactivateJoinedBefore", queries.DeactivateJoinedBefore(s_day.AddDays(2)));
        Answer("DeletePosts(1)", queries.DeletePosts(1).Order(StringComparer.Ordinal).ToList());
        Answer("after, Named(%)", queries.Named("%"));
        return answers;
    }

    [Fact]
    public async Task A_query_class_over_the_interface_answers_the_same_on_SQLite_and_PostgreSQL()
    {
        (List<string> onSqlite, List<string> onPostgreSql) = await OnBothEngines("query-class", QueryClassScenario);

        // SQLite's answers are what the rows imply.
        QueryMember dora = new(5, s_newToken, "dora", null, true, 1.25m, s_day.AddDays(2));
        Assert.Equal([
            $"Named(an%): {s_members[0]} | {s_members[2]}",
            $"Find(4): {s_members[3]}",
            "Find(9): null",
            $"ByToken: {s_members[1]}",
            "ByToken(missing): InvalidOperationException",
            "CountActive(true): 3",
            "Names: ann | anna | bob | carl",
            $"PostsAsync(1): {s_posts[0]} | {s_posts[1]}",
            "BalanceAsync(3): 99999.99",
            "BalanceAsync(9): null",
            "PostCounts(true): PostsPerMember { Name = ann, Posts = 2 } | PostsPerMember { Name = bob, Posts = 1 } | PostsPerMember { Name = carl, Posts = 1 }",
            "NamesWith(an): ann | anna",
            $"Join(5): {dora}",
            "Join(a token taken): (Unique, members, members.token)",
            "AddPostAsync(5): 5",
            "AddPostAsync(orphan): (ForeignKey, posts, )",
            $"Find(5) renamed: {dora with { Nickname = "dee" }}",
            "DeactivateJoinedBefore: 2", // ann (day 0) and anna (day 1)
            "DeletePosts(1): first | second",
            $"after, Named(%): {s_members[0] with { Active = false }} | {s_members[1]} | {s_members[2]} | {s_members[3]} | {dora with { Nickname = "dee" }}",
        ], onSqlite);
        // And PostgreSQL's are the same, line for line.
        Assert.Equal(onSqlite, onPostgreSql);
    }

    /// <summary>
    /// The class's transaction overloads through <c>IQueryDb.IWriteTransaction</c>: they see the transaction's rows, a
    /// rollback takes their writes back, writes a key and a foreign key refuse (one with RETURNING, sync and async) are
    /// undone alone and the transaction commits the rest.
    /// </summary>
    private static async Task<List<string>> QueryClassTransactionScenario(IQueryDb db)
    {
        var queries = new MemberQueries(db);
        var answers = new List<string>();
        void Answer(string what, object? value) => answers.Add(Shown(what, value));

        using (QueryDb.IWriteTransaction tx = db.BeginWrite())
        {
            tx.Members.InsertMany(s_members);
            Answer("Named(tx, %)", queries.Named(tx, "%").Select(m => m.Id).ToList());
            Answer("CountActive(tx, true)", queries.CountActive(tx, true));
            Answer("Join(tx, 5)", queries.Join(tx, 5, s_newToken, "dora", true, 1.25m, s_day).Id);
            Answer("outside, CountActive(true)", queries.CountActive(true));
            tx.Rollback();
        }
        Answer("rolled back, Names", queries.Names().ToList());

        await using (QueryDb.IWriteTransaction tx = await db.BeginWriteAsync())
        {
            tx.Members.InsertMany(s_members);
            tx.Posts.InsertMany(s_posts);
            Answer("Join(tx, key taken)", Refused(() => queries.Join(tx, 1, s_newToken, "dup", true, 0m, s_day)));
            Answer("AddPostAsync(tx, orphan)", await RefusedAsync(async () => await queries.AddPostAsync(tx, 9, 99, "orphan")));
            Answer("Join(tx, 5)", queries.Join(tx, 5, s_newToken, "dora", false, 2m, s_day.AddDays(9)).Name);
            Answer("AddPostAsync(tx, 5)", await queries.AddPostAsync(tx, 5, 5, "fifth"));
            await queries.RenameAsync(tx, 5, "dee");
            Answer("DeletePosts(tx, 4)", queries.DeletePosts(tx, 4));
            Answer("Names(tx)", queries.Names(tx).ToList());
            var posts = new List<QueryPost>();
            await foreach (QueryPost post in queries.PostsAsync(tx, 5))
                posts.Add(post);
            Answer("PostsAsync(tx, 5)", posts);
            Answer("BalanceAsync(tx, 5)", await queries.BalanceAsync(tx, 5));
            tx.Commit();
        }
        Answer("committed members", db.Members.All().OrderBy(m => m.Id).ToList());
        Answer("committed posts", db.Posts.All().OrderBy(p => p.Id).ToList());
        return answers;
    }

    [Fact]
    public async Task A_query_class_in_a_transaction_answers_the_same_on_SQLite_and_PostgreSQL()
    {
        (List<string> onSqlite, List<string> onPostgreSql) = await OnBothEngines("query-class-transaction", QueryClassTransactionScenario);

        QueryMember dora = new(5, s_newToken, "dora", "dee", false, 2m, s_day.AddDays(9));
        Assert.Equal([
            "Named(tx, %): 1 | 2 | 3 | 4",
            "CountActive(tx, true): 3",
            "Join(tx, 5): 5",
            "outside, CountActive(true): 0",
            "rolled back, Names: ",
            "Join(tx, key taken): (Unique, members, members.id)",
            "AddPostAsync(tx, orphan): (ForeignKey, posts, )",
            "Join(tx, 5): dora",
            "AddPostAsync(tx, 5): 5",
            "DeletePosts(tx, 4): fourth",
            "Names(tx): ann | anna | bob | carl | dora",
            $"PostsAsync(tx, 5): {new QueryPost(5, 5, "fifth")}",
            "BalanceAsync(tx, 5): 2",
            $"committed members: {string.Join(" | ", s_members.Append(dora))}",
            $"committed posts: {string.Join(" | ", s_posts.Take(3).Append(new QueryPost(5, 5, "fifth")))}",
        ], onSqlite);
        Assert.Equal(onSqlite, onPostgreSql);
    }

    [Fact]
    public void A_query_class_refuses_a_null_database_and_transaction()
    {
        Assert.Throws<ArgumentNullException>(() => new MemberQueries((IQueryDb)null!));
        using QueryDb sqlite = QueryDb.Open(System.IO.Path.Combine(_folder, "null-checks.db"));
        var queries = new MemberQueries(sqlite);
        Assert.Throws<ArgumentNullException>(() => queries.Named((QueryDb.IWriteTransaction)null!, "%"));
    }
}

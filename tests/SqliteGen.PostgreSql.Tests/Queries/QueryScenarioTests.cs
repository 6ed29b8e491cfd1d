using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Queries;

/// <summary>
/// The same [Query] methods, called through the generated <c>IQueryDb</c>, on a SQLite file and on the real PostgreSQL
/// server: the same rows go in through the table accessors, and every query (each return shape, a join read into a
/// record, writes with and without RETURNING, and <c>NamesContaining</c>, whose PostgreSQL SQL is its [PostgreSqlQuery])
/// must answer the same on both. SQLite's answers are also checked against what the rows put in imply.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class QueryScenarioTests(PostgresServer server) : IDisposable
{
    private static readonly DateTimeOffset s_day = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-queries-").FullName;
    private readonly List<NpgsqlDataSource> _dataSources = [];

    private static QueryMember Member(long id, string name, string? nickname, bool active, decimal balance, int days) =>
        new(id, new Guid(id.ToString("D32", System.Globalization.CultureInfo.InvariantCulture)), name, nickname, active, balance, s_day.AddDays(days));

    private static readonly QueryMember[] s_members =
    [
        Member(1, "ann", null, true, 12.50m, 0),
        Member(2, "bob", "bobby", true, 0.10m, 3),
        Member(3, "anna", "an", false, 99999.99m, 1),
        Member(4, "carl", null, true, -5m, 7),
    ];

    private static readonly QueryPost[] s_posts = [new(1, 1, "first"), new(2, 1, "second"), new(3, 2, "third"), new(4, 4, "fourth")];

    /// <summary>An answer as text: what was asked, and the value (a list's items, a record's values).</summary>
    private static string Shown(string what, object? value) =>
        what + ": " + (value is System.Collections.IEnumerable list and not string ? string.Join(" | ", list.Cast<object?>()) : value?.ToString() ?? "null");

    /// <summary>Runs every query on <paramref name="db"/> in one order and gives each answer as text (records print their values).</summary>
    private static async Task<List<string>> Scenario(IQueryDb db)
    {
        db.Members.InsertMany(s_members);
        db.Posts.InsertMany(s_posts);
        var answers = new List<string>();
        void Answer(string what, object? value) => answers.Add(Shown(what, value));

        Answer("Active(true, a%)", db.Active(true, "a%"));
        Answer("Active(false, %)", db.Active(false, "%"));
        Answer("Member(2)", db.Member(2));
        Answer("Member(9)", db.Member(9));
        Answer("MemberByToken", db.MemberByToken(s_members[2].Token));
        Answer("MemberByToken(missing)", Record.Exception(() => db.MemberByToken(Guid.Empty))?.GetType().Name);
        Answer("Nickname(2)", db.Nickname(2));
        Answer("Nickname(1)", db.Nickname(1));
        Answer("PostCount(1)", db.PostCount(1));
        Answer("PostCount(3)", db.PostCount(3));
        Answer("PostsPerMember", db.PostsPerMember());
        Answer("JoinedSince", db.JoinedSince(s_day.AddDays(1), active: true).ToList());
        var posts = new List<QueryPost>();
        await foreach (QueryPost post in db.PostsOf(1, CancellationToken.None))
            posts.Add(post);
        Answer("PostsOf(1)", posts);
        Answer("TitleAsync(3)", await db.TitleAsync(3, CancellationToken.None));
        Answer("TitleAsync(9)", await db.TitleAsync(9, CancellationToken.None));
        Answer("NamesContaining(an)", db.NamesContaining("an"));
        Answer("SetNicknames", db.SetNicknames("active one", active: true));
        Answer("SetActive(3)", db.SetActive(3, true));
        Answer("SetActive(9)", db.SetActive(9, true));
        Answer("DeletePostsAsync(1)", await db.DeletePostsAsync(1, CancellationToken.None));
        Answer("after", db.Active(true, "%"));
        Answer("PostCount(1) after", db.PostCount(1));
        return answers;
    }

    [Fact]
    public async Task The_same_queries_answer_the_same_on_SQLite_and_PostgreSQL()
    {
        (List<string> onSqlite, List<string> onPostgreSql) = await OnBothEngines("queries", Scenario);

        // SQLite's answers are what the rows imply.
        Assert.Equal($"Active(true, a%): {s_members[0]}", onSqlite[0]);
        Assert.Equal($"Active(false, %): {s_members[2]}", onSqlite[1]);
        Assert.Equal("MemberByToken(missing): InvalidOperationException", onSqlite[5]);
        Assert.Equal("PostCount(1): 2", onSqlite[8]);
        Assert.Equal("PostsPerMember: PostsPerMember { Name = ann, Posts = 2 } | PostsPerMember { Name = anna, Posts = 0 } | PostsPerMember { Name = bob, Posts = 1 } | PostsPerMember { Name = carl, Posts = 1 }", onSqlite[10]);
        Assert.Equal($"JoinedSince: {s_members[1]} | {s_members[3]}", onSqlite[11]);
        Assert.Equal("NamesContaining(an): ann | anna", onSqlite[15]);
        Assert.Equal("SetNicknames: 3", onSqlite[16]);
        Assert.Equal($"SetActive(3): {s_members[2] with { Active = true }}", onSqlite[17]);
        Assert.Equal("DeletePostsAsync(1): 2", onSqlite[19]);
        // And PostgreSQL's are the same, line for line.
        Assert.Equal(onSqlite, onPostgreSql);
    }

    /// <summary>
    /// The write transaction's copies of the queries (through <c>IQueryDb.IWriteTransaction</c>): they see the
    /// transaction's uncommitted rows, their writes roll back or commit with it, a write a foreign key refuses is undone
    /// alone and the transaction goes on; the sync, async and streaming forms.
    /// </summary>
    private static async Task<List<string>> TransactionScenario(IQueryDb db)
    {
        var answers = new List<string>();
        void Answer(string what, object? value) => answers.Add(Shown(what, value));

        using (QueryDb.IWriteTransaction tx = db.BeginWrite())
        {
            tx.Members.InsertMany(s_members);
            tx.Posts.InsertMany(s_posts);
            Answer("Active(true, a%)", tx.Active(true, "a%"));
            Answer("PostCount(1)", tx.PostCount(1));
            Answer("SetNicknames", tx.SetNicknames("in tx", active: true));
            Answer("Nickname(1)", tx.Nickname(1));
            Answer("SetActive(3)", tx.SetActive(3, true));
            Answer("JoinedSince", tx.JoinedSince(s_day, active: true).Select(m => m.Id).ToList());
            Answer("outside, PostCount(1)", db.PostCount(1));
            tx.Rollback();
        }
        Answer("rolled back, Active(true, %)", db.Active(true, "%"));

        await using (QueryDb.IWriteTransaction tx = await db.BeginWriteAsync())
        {
            tx.Members.InsertMany(s_members);
            tx.Posts.InsertMany(s_posts);
            var refused = Assert.Throws<ConstraintViolationException>(() => tx.AddPost(5, 99, "orphan"));
            Answer("AddPost(orphan)", (refused.Kind, refused.Table));
            Answer("AddPost(5)", tx.AddPost(5, 2, "fifth"));
            var posts = new List<QueryPost>();
            await foreach (QueryPost post in tx.PostsOf(2, CancellationToken.None))
                posts.Add(post);
            Answer("PostsOf(2)", posts);
            Answer("TitleAsync(5)", await tx.TitleAsync(5, CancellationToken.None));
            Answer("DeletePostsAsync(1)", await tx.DeletePostsAsync(1, CancellationToken.None));
            Answer("NamesContaining(an)", tx.NamesContaining("an"));
            tx.Commit();
        }
        Answer("committed, PostCount(1)", db.PostCount(1));
        Answer("committed, PostsPerMember", db.PostsPerMember());
        return answers;
    }

    [Fact]
    public async Task The_transaction_queries_answer_the_same_on_SQLite_and_PostgreSQL()
    {
        (List<string> onSqlite, List<string> onPostgreSql) = await OnBothEngines("transaction-queries", TransactionScenario);

        // SQLite's answers are what the rows imply: the transaction's rows seen inside it, none outside or after the rollback.
        Assert.Equal($"Active(true, a%): {s_members[0]}", onSqlite[0]);
        Assert.Equal("PostCount(1): 2", onSqlite[1]);
        Assert.Equal("SetNicknames: 3", onSqlite[2]);
        Assert.Equal("Nickname(1): in tx", onSqlite[3]);
        Assert.Equal($"SetActive(3): {s_members[2] with { Active = true }}", onSqlite[4]);
        Assert.Equal("JoinedSince: 1 | 3 | 2 | 4", onSqlite[5]); // by the day they joined; 3 made active in the transaction
        Assert.Equal("outside, PostCount(1): 0", onSqlite[6]);
        Assert.Equal("rolled back, Active(true, %): ", onSqlite[7]);
        Assert.Equal("AddPost(orphan): (ForeignKey, posts)", onSqlite[8]);
        Assert.Equal("AddPost(5): 1", onSqlite[9]);
        Assert.Equal($"PostsOf(2): {s_posts[2]} | {new QueryPost(5, 2, "fifth")}", onSqlite[10]);
        Assert.Equal("TitleAsync(5): fifth", onSqlite[11]);
        Assert.Equal("DeletePostsAsync(1): 2", onSqlite[12]);
        Assert.Equal("committed, PostCount(1): 0", onSqlite[14]);
        Assert.Equal("committed, PostsPerMember: PostsPerMember { Name = ann, Posts = 0 } | PostsPerMember { Name = anna, Posts = 0 } | PostsPerMember { Name = bob, Posts = 2 } | PostsPerMember { Name = carl, Posts = 1 }", onSqlite[15]);
        // And PostgreSQL's are the same, line for line.
        Assert.Equal(onSqlite, onPostgreSql);
    }

    /// <summary>Runs <paramref name="scenario"/> on a new SQLite file and on a new database of the server; returns both answers.</summary>
    private async Task<(List<string> OnSqlite, List<string> OnPostgreSql)> OnBothEngines(string name, Func<IQueryDb, Task<List<string>>> scenario)
    {
        List<string> onSqlite, onPostgreSql;
        using (QueryDb sqlite = QueryDb.Open(Path.Combine(_folder, name + ".db")))
            onSqlite = await scenario(sqlite);
        using (QueryDb.PostgreSql postgreSql = QueryDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources)))
            onPostgreSql = await scenario(postgreSql);
        return (onSqlite, onPostgreSql);
    }

    /// <summary>What a refused write threw: the constraint's kind, table and columns.</summary>
    private static (ConstraintKind Kind, string? Table, string? Columns) Refused(Action write)
    {
        var refused = Assert.Throws<ConstraintViolationException>(write);
        return (refused.Kind, refused.Table, refused.Columns);
    }

    /// <inheritdoc cref="Refused(Action)"/>
    private static async Task<(ConstraintKind Kind, string? Table, string? Columns)> RefusedAsync(Func<Task> write)
    {
        var refused = await Assert.ThrowsAsync<ConstraintViolationException>(write);
        return (refused.Kind, refused.Table, refused.Columns);
    }

    /// <summary>
    /// A write with RETURNING that a constraint refuses inside a transaction is undone alone, as any other refused write:
    /// the transaction goes on, a later write in it commits, and the database holds exactly the transaction's other writes.
    /// (Without the savepoint PostgreSQL would refuse every later statement, 25P02, and the commit.)
    /// </summary>
    private static async Task<List<string>> RefusedReturningScenario(IQueryDb db)
    {
        var answers = new List<string>();
        void Answer(string what, object? value) => answers.Add(Shown(what, value));
        db.Members.InsertMany(s_members);
        using (QueryDb.IWriteTransaction tx = db.BeginWrite())
        {
            Answer("AddPostReturning(1)", tx.AddPostReturning(1, 1, "first"));
            Answer("AddPostReturning(orphan)", Refused(() => tx.AddPostReturning(2, 99, "orphan")));
            Answer("AddPostReturning(1 again)", Refused(() => tx.AddPostReturning(1, 2, "again")));
            Answer("AddPostReturning(2)", tx.AddPostReturning(2, 2, "second"));
            tx.Posts.Insert(new QueryPost(3, 4, "third"));
            Answer("SetNicknames", tx.SetNicknames("after refusals", active: true));
            tx.Commit();
        }
        Answer("posts", db.Posts.All().OrderBy(p => p.Id).ToList());
        Answer("nicknames", db.Active(true, "%").Select(m => m.Nickname).ToList());
        return answers;
    }

    [Fact]
    public async Task A_refused_write_with_RETURNING_in_a_transaction_is_undone_alone_and_the_rest_commits_on_both_engines()
    {
        (List<string> onSqlite, List<string> onPostgreSql) = await OnBothEngines("refused-returning", RefusedReturningScenario);

        // SQLite's answers are what the writes imply: the refused ones left out, the rest committed.
        Assert.Equal([
            $"AddPostReturning(1): {new QueryPost(1, 1, "first")}",
            "AddPostReturning(orphan): (ForeignKey, posts, )",
            "AddPostReturning(1 again): (Unique, posts, posts.id)",
            $"AddPostReturning(2): {new QueryPost(2, 2, "second")}",
            "SetNicknames: 3",
            $"posts: {new QueryPost(1, 1, "first")} | {new QueryPost(2, 2, "second")} | {new QueryPost(3, 4, "third")}",
            "nicknames: after refusals | after refusals | after refusals",
        ], onSqlite);
        Assert.Equal(onSqlite, onPostgreSql);
    }

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

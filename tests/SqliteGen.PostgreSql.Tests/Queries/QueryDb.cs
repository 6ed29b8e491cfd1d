using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql.Tests.Queries;

// [Query] methods run on both engines (QueryScenarioTests), on the database and inside a write transaction: every return
// shape, parameters of several kinds, a join with an aggregate read into a record, writes with and without RETURNING (one
// a foreign key can refuse), and one method whose SQL only SQLite accepts, with its [PostgreSqlQuery]. MemberQueries, a
// [SqliteQueries] class of the same database, runs on both engines through IQueryDb (QueryClassScenarioTests).

[SqliteDatabase(Tables = new[] { typeof(QueryMember), typeof(QueryPost) })]
public partial class QueryDb
{
    [Query("SELECT * FROM members WHERE active = $active AND name LIKE $prefix ORDER BY id")]
    public partial IReadOnlyList<QueryMember> Active(bool active, string prefix);

    [Query("SELECT * FROM members WHERE id = $id")]
    public partial QueryMember? Member(long id);

    [Query("SELECT * FROM members WHERE token = $token")]
    public partial QueryMember MemberByToken(Guid token);

    [Query("SELECT nickname FROM members WHERE id = $id")]
    public partial string? Nickname(long id);

    [Query("SELECT count(*) FROM posts WHERE member_id = $memberId")]
    public partial long PostCount(long memberId);

    [Query("SELECT m.name AS name, count(p.id) AS posts FROM members m LEFT JOIN posts p ON p.member_id = m.id GROUP BY m.id, m.name ORDER BY m.name")]
    public partial IReadOnlyList<PostsPerMember> PostsPerMember();

    [Query("SELECT * FROM members WHERE joined >= $since AND active = $active ORDER BY joined")]
    public partial IEnumerable<QueryMember> JoinedSince(DateTimeOffset since, bool active);

    [Query("SELECT * FROM posts WHERE member_id = $memberId ORDER BY id")]
    public partial IAsyncEnumerable<QueryPost> PostsOf(long memberId, CancellationToken cancellationToken);

    [Query("SELECT title FROM posts WHERE id = $id")]
    public partial ValueTask<string?> TitleAsync(long id, CancellationToken cancellationToken);

    [Query("UPDATE members SET nickname = $nickname WHERE active = $active")]
    public partial int SetNicknames(string? nickname, bool active);

    [Query("UPDATE members SET active = $active WHERE id = $id RETURNING *")]
    public partial QueryMember? SetActive(long id, bool active);

    [Query("DELETE FROM posts WHERE member_id = $memberId")]
    public partial ValueTask<int> DeletePostsAsync(long memberId, CancellationToken cancellationToken);

    [Query("INSERT INTO posts (id, member_id, title) VALUES ($id, $memberId, $title)")]
    public partial int AddPost(long id, long memberId, string title);

    [Query("INSERT INTO posts (id, member_id, title) VALUES ($id, $memberId, $title) RETURNING *")]
    public partial QueryPost AddPostReturning(long id, long memberId, string title);

    // instr() is SQLite's; PostgreSQL's strpos() is the same function.
    [Query("SELECT name FROM members WHERE instr(name, $part) > 0 ORDER BY name")]
    [PostgreSqlQuery("SELECT name FROM members WHERE strpos(name, $part) > 0 ORDER BY name")]
    public partial IReadOnlyList<string> NamesContaining(string part);
}

public sealed record PostsPerMember(string Name, long Posts);

/// <summary>
/// Queries outside the database class: every return shape, sync and async, writes with and without RETURNING (a key, a
/// unique column and a foreign key can refuse them), a record of selected columns and a [PostgreSqlQuery] variant.
/// </summary>
[SqliteQueries(typeof(QueryDb))]
public partial class MemberQueries
{
    [Query("SELECT * FROM members WHERE name LIKE $prefix ORDER BY id")]
    public partial IReadOnlyList<QueryMember> Named(string prefix);

    [Query("SELECT * FROM members WHERE id = $id")]
    public partial QueryMember? Find(long id);

    [Query("SELECT * FROM members WHERE token = $token")]
    public partial QueryMember ByToken(Guid token);

    [Query("SELECT count(*) FROM members WHERE active = $active")]
    public partial long CountActive(bool active);

    [Query("SELECT name FROM members ORDER BY name")]
    public partial IEnumerable<string> Names();

    [Query("SELECT * FROM posts WHERE member_id = $memberId ORDER BY id")]
    public partial IAsyncEnumerable<QueryPost> PostsAsync(long memberId, CancellationToken cancellationToken);

    [Query("SELECT balance FROM members WHERE id = $id")]
    public partial ValueTask<decimal?> BalanceAsync(long id, CancellationToken cancellationToken);

    [Query("SELECT m.name AS name, count(p.id) AS posts FROM members m LEFT JOIN posts p ON p.member_id = m.id WHERE m.active = $active GROUP BY m.id, m.name ORDER BY m.name")]
    public partial IReadOnlyList<PostsPerMember> PostCounts(bool active);

    // instr() is SQLite's; PostgreSQL's strpos() is the same function.
    [Query("SELECT name FROM members WHERE instr(name, $part) > 0 ORDER BY name")]
    [PostgreSqlQuery("SELECT name FROM members WHERE strpos(name, $part) > 0 ORDER BY name")]
    public partial IReadOnlyList<string> NamesWith(string part);

    [Query("UPDATE members SET active = 0 WHERE joined < $before")]
    [PostgreSqlQuery("UPDATE members SET active = false WHERE joined < $before")]
    public partial int DeactivateJoinedBefore(DateTimeOffset before);

    [Query("UPDATE members SET nickname = $nickname WHERE id = $id")]
    public partial ValueTask RenameAsync(long id, string? nickname, CancellationToken cancellationToken);

    [Query("INSERT INTO members (id, token, name, nickname, active, balance, joined) VALUES ($id, $token, $name, NULL, $active, $balance, $joined) RETURNING *")]
    public partial QueryMember Join(long id, Guid token, string name, bool active, decimal balance, DateTimeOffset joined);

    [Query("INSERT INTO posts (id, member_id, title) VALUES ($id, $memberId, $title) RETURNING id")]
    public partial ValueTask<long> AddPostAsync(long id, long memberId, string title, CancellationToken cancellationToken);

    [Query("DELETE FROM posts WHERE member_id = $memberId RETURNING title")]
    public partial IReadOnlyList<string> DeletePosts(long memberId);
}

[Table("members", Accessor = "Members")]
public partial record QueryMember(
    [PrimaryKey] long Id,
    [Unique] Guid Token,
    string Name,
    string? Nickname,
    [Indexed] bool Active,
    decimal Balance,
    DateTimeOffset Joined);

[Table("posts", Accessor = "Posts")]
public partial record QueryPost(
    [PrimaryKey] long Id,
    [References(typeof(QueryMember)), Indexed] long MemberId,
    string Title);

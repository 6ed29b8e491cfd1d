using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Tests.Entities;

// [Query] methods: each kind of return shape, parameters of several types, joins, a CTE, writes with and without
// RETURNING. Its own database, so the other test databases are unaffected.

[SqliteDatabase(Tables = new[] { typeof(Member), typeof(Post) })]
public partial class QueriesDb
{
    [Query("SELECT * FROM members WHERE email = $email")]
    public partial Member? MemberByEmail(string email);

    [Query("SELECT * FROM members WHERE name = $name")]
    public partial Member MemberNamed(string name);

    [Query("SELECT m.* FROM members AS m WHERE m.active = $active ORDER BY m.name")]
    public partial IReadOnlyList<Member> MembersByActive(bool active);

    // The columns in another order than the table's: rows are read by column name.
    [Query("SELECT name, email, member_id, joined_at, age, active FROM members WHERE age >= $minAge ORDER BY age DESC, name")]
    public partial IReadOnlyList<Member> MembersAtLeast(int minAge);

    [Query("SELECT count(*) FROM members")]
    public partial long CountMembers();

    [Query("SELECT max(age) FROM members WHERE active")]
    public partial int? OldestActiveAge();

    [Query("SELECT name FROM members WHERE member_id = $id")]
    public partial string? NameOf(long id);

    [Query("SELECT email FROM members ORDER BY email")]
    public partial IReadOnlyList<string> Emails();

    [Query("""
        SELECT p.title
        FROM posts p
        JOIN members m ON m.member_id = p.member_id
        WHERE m.email = $email
        ORDER BY p.score DESC
        """)]
    public partial IEnumerable<string> TitlesBy(string email);

    [Query("WITH totals AS (SELECT member_id, sum(score) AS total FROM posts GROUP BY member_id) "
        + "SELECT m.* FROM members m JOIN totals t ON t.member_id = m.member_id WHERE t.total > $threshold ORDER BY m.name")]
    public partial IReadOnlyList<Member> MembersScoringOver(double threshold);

    [Query("SELECT m.name FROM members m WHERE EXISTS (SELECT 1 FROM posts p WHERE p.member_id = m.member_id AND p.score > $score) ORDER BY 1")]
    public partial IReadOnlyList<string> NamesWithAPostOver(double score);

    [Query("UPDATE members SET active = 0 WHERE joined_at < $before AND active")]
    public partial int DeactivateJoinedBefore(DateTimeOffset before);

    [Query("INSERT INTO posts (member_id, title, score) VALUES ($memberId, $title, $score) RETURNING post_id")]
    public partial long AddPost(long memberId, string title, double score);

    [Query("DELETE FROM posts WHERE member_id = $memberId RETURNING *")]
    public partial IReadOnlyList<Post> DeletePostsOf(long memberId);

    [Query("UPDATE members SET age = $age WHERE email = $email")]
    public partial void SetAge(string email, int? age);

    // A record of selected columns: constructor parameters by column name (PostCount takes post_count).
    [Query("SELECT m.name, count(p.post_id) AS post_count FROM members m LEFT JOIN posts p ON p.member_id = m.member_id GROUP BY m.member_id ORDER BY m.name")]
    public partial IReadOnlyList<MemberPostCount> PostCounts();

    // Async: a reader is awaited (the cancellation token cancels the wait), a write goes through WriteAsync.
    [Query("SELECT * FROM members WHERE email = $email")]
    public partial ValueTask<Member?> MemberByEmailAsync(string email, CancellationToken cancellationToken = default);

    [Query("SELECT p.title FROM posts p WHERE p.member_id = $memberId ORDER BY p.post_id")]
    public partial IAsyncEnumerable<string> TitlesOfAsync(long memberId, CancellationToken cancellationToken = default);

    [Query("UPDATE posts SET score = score + $delta WHERE member_id = $memberId")]
    public partial ValueTask<int> BumpScoresAsync(long memberId, double delta, CancellationToken cancellationToken = default);
}

public sealed record MemberPostCount(string Name, long PostCount);

// [Query] methods on a class of their own, run on QueriesDb (new PostQueries(db)): reads and writes through the same
// pool as the table accessors and the database's own queries.
[SqliteQueries(typeof(QueriesDb))]
public partial class PostQueries
{
    [Query("SELECT * FROM posts WHERE member_id = $memberId ORDER BY post_id")]
    public partial IReadOnlyList<Post> PostsOf(long memberId);

    [Query("SELECT p.title FROM posts p JOIN members m ON m.member_id = p.member_id WHERE m.email = $email ORDER BY p.post_id")]
    public partial IEnumerable<string> TitlesBy(string email);

    [Query("SELECT count(*) FROM posts WHERE member_id = $memberId")]
    public partial long CountOf(long memberId);

    [Query("INSERT INTO posts (member_id, title, score) VALUES ($memberId, $title, $score) RETURNING *")]
    public partial Post Add(long memberId, string title, double score);

    [Query("DELETE FROM posts WHERE post_id = $postId")]
    public partial int Remove(long postId);

    [Query("SELECT * FROM posts WHERE post_id = $postId")]
    public partial ValueTask<Post?> FindAsync(long postId, CancellationToken cancellationToken = default);

    [Query("SELECT title FROM posts WHERE member_id = $memberId ORDER BY post_id")]
    public partial IAsyncEnumerable<string> TitlesOfAsync(long memberId, CancellationToken cancellationToken = default);

    [Query("UPDATE posts SET title = $title WHERE post_id = $postId")]
    public partial ValueTask<int> RenameAsync(long postId, string title, CancellationToken cancellationToken = default);

    // A hand-written member beside the generated ones: the class is the user's.
    public IReadOnlyList<string> TitlesOf(Member member) => TitlesBy(member.Email).ToList();
}

[Table("members")]
public partial record Member(
    [PrimaryKey(AutoIncrement = true)] long MemberId,
    [Unique] string Email,
    [Indexed] string Name,
    int? Age,
    DateTimeOffset JoinedAt,
    [Indexed] bool Active);

[Table("posts")]
public partial record Post(
    [PrimaryKey(AutoIncrement = true)] long PostId,
    [References(typeof(Member), OnDelete = ForeignKeyAction.Cascade), Indexed] long MemberId,
    string Title,
    double Score);

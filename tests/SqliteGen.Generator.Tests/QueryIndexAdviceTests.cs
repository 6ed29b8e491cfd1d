using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG101 beyond WHERE filters: an equality join whose inner table's column no index serves, and the first ORDER BY
/// column of a SELECT with LIMIT. Each positive has its squiggle ([|marked|] in the SQL) and message; the near misses
/// (composite leading column, rowid, partial index, the planner's choice of loop order, no LIMIT) stay silent.
/// </summary>
public sealed class QueryIndexAdviceTests
{
    private const string Schema = """
        using System;
        using System.Collections.Generic;
        using SqliteGen;

        namespace App;

        [Table("members")]
        public partial record Member([PrimaryKey] long MemberId, [Unique] string Email, string Name, long Score);

        [Table("posts"), Index(nameof(Title), nameof(CreatedAt)), Index(nameof(Slug), Where = "slug IS NOT NULL")]
        public partial record Post(
            [PrimaryKey] long PostId,
            [References(typeof(Member))] long MemberId,
            [References(typeof(Member)), Indexed] long EditorId,
            string Title,
            string? Slug,
            string Body,
            long CreatedAt,
            double Score);

        [Table("post_tags")]
        public partial record PostTag([PrimaryKey(Order = 0)] long PostId, [PrimaryKey(Order = 1)] string Tag);

        [SqliteDatabase]
        public partial class AdviceDb
        {
        """;

    private static GeneratorOutput Generate(string sql, string returnType, out string source)
    {
        source = Schema + $$"""
                [Query("{{sql}}")]
                public partial {{returnType}} M(string p);
            }

            """;
        return Harness.Generate(source);
    }

    [Theory]
    // LEFT (and CROSS) joins: the joined table is always the inner loop, so its column needs the index.
    [InlineData("SELECT m.name FROM members m LEFT JOIN posts p ON p.[|member_id|] = m.member_id WHERE m.email = $p", "joins posts on member_id", "each run reads the whole of posts to match the rows of members", "Post.MemberId")]
    [InlineData("SELECT m.name FROM members m CROSS JOIN posts p ON m.member_id = p.[|member_id|] WHERE m.email = $p", "joins posts on member_id", "each run reads the whole of posts to match the rows of members", "Post.MemberId")]
    [InlineData("SELECT p.title FROM posts p LEFT JOIN post_tags t ON t.[|tag|] = p.title WHERE p.post_id = $p", "joins post_tags on tag", "each run reads the whole of post_tags to match the rows of posts", "PostTag.Tag")]
    // Inner joins: neither side has an index.
    [InlineData("SELECT m.name FROM posts p JOIN members m ON m.[|name|] = p.body WHERE p.post_id = 1 OR $p = ''", "joins members on name", "each run reads the whole of members to match the rows of posts", "Member.Name")]
    // Inner joins: the WHERE narrows the other table with an index, so SQLite starts there and looks this one up.
    [InlineData("SELECT p.title FROM members m JOIN posts p ON p.[|member_id|] = m.member_id WHERE m.email = $p", "joins posts on member_id", "each run reads the whole of posts to match the rows of members", "Post.MemberId")]
    [InlineData("SELECT m.name FROM posts p INNER JOIN members m ON m.member_id = p.[|member_id|] WHERE m.email = $p", "joins posts on member_id", "each run reads the whole of posts to match the rows of members", "Post.MemberId")]
    [InlineData("SELECT m.name FROM posts p JOIN members m ON m.name = p.[|body|] WHERE m.email = $p", "joins posts on body", "each run reads the whole of posts to match the rows of members", "Post.Body")]
    // ORDER BY ... LIMIT on one table.
    [InlineData("SELECT name FROM members ORDER BY [|score|] DESC LIMIT 10 OFFSET length($p)", "orders members by score", "each run reads and sorts the whole table to return the first rows", "Member.Score")]
    [InlineData("SELECT p.title FROM posts p ORDER BY p.[|created_at|], p.title LIMIT length($p)", "orders posts by created_at", "each run reads and sorts the whole table to return the first rows", "Post.CreatedAt")]
    [InlineData("SELECT name FROM members WHERE member_id IN (SELECT member_id FROM posts ORDER BY [|score|] DESC LIMIT 5) AND email = $p", "orders posts by score", "each run reads and sorts the whole table to return the first rows", "Post.Score")]
    public void An_unindexed_inner_join_column_or_limited_order_column_is_advice(string markedSql, string what, string cost, string member)
    {
        int start = markedSql.IndexOf("[|", StringComparison.Ordinal);
        string sql = markedSql.Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal);
        string column = markedSql.Substring(start + 2, markedSql.IndexOf("|]", StringComparison.Ordinal) - start - 2);
        GeneratorOutput output = Generate(sql, "IReadOnlyList<string>", out string source);

        Assert.Null(output.Run.Exception);
        Diagnostic diagnostic = Assert.Single(output.Reported);
        Assert.Equal("SQLG101", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(source.IndexOf(sql, StringComparison.Ordinal) + start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(column, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(
            $"Query 'AdviceDb.M' {what} (column {(start + 1).ToString(CultureInfo.InvariantCulture)} of the SQL), which no index serves, so {cost}: add [Indexed] to {member}, or an [Index] whose first column it is",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe()); // advice only: the body is generated
    }

    public static IEnumerable<object[]> Silent => new[]
    {
        // Inner join, the other side has an index and nothing narrows this one: SQLite loops over this table and looks the other up.
        "SELECT p.title FROM members m JOIN posts p ON p.member_id = m.member_id WHERE $p = $p",
        "SELECT p.title FROM posts p JOIN members m ON m.member_id = p.member_id WHERE p.title = $p",
        // ... or both tables are narrowed: the planner weighs them; no advice.
        "SELECT p.title FROM members m JOIN posts p ON p.member_id = m.member_id WHERE m.email = $p AND p.title = 'x'",
        // The joined column leads an index: [Indexed], a composite index, a partial index, a composite key, the rowid, the key.
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.editor_id = m.member_id WHERE m.email = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.title = m.name WHERE m.email = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.slug = m.name WHERE m.email = $p",
        "SELECT p.title FROM posts p LEFT JOIN post_tags t ON t.post_id = p.post_id WHERE p.title = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.rowid = m.score WHERE m.email = $p",
        "SELECT p.title FROM posts p LEFT JOIN members m ON m.member_id = p.member_id WHERE p.title = $p",
        // Not judged: OR in ON, an expression on either side, RIGHT/FULL, USING, NATURAL, comma joins, a term of two earlier tables.
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.member_id = m.member_id OR p.body = m.name WHERE m.email = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.member_id + 0 = m.member_id WHERE m.email = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON p.member_id = m.member_id + 1 WHERE m.email = $p",
        "SELECT m.name FROM members m LEFT JOIN posts p ON lower(p.body) = m.name WHERE m.email = $p",
        "SELECT m.name FROM posts p RIGHT JOIN members m ON m.name = p.body WHERE m.email = $p",
        "SELECT m.name FROM posts p FULL JOIN members m ON m.name = p.body WHERE m.email = $p",
        "SELECT title FROM posts JOIN members USING (member_id) WHERE email = $p",
        "SELECT title FROM posts NATURAL JOIN post_tags WHERE title = $p",
        "SELECT m.name FROM members m, posts p WHERE p.member_id = m.member_id AND m.email = $p",
        "SELECT m.name FROM members m JOIN post_tags t ON t.post_id = m.member_id LEFT JOIN posts p ON m.name = t.tag WHERE m.email = $p",
        // A subquery or function is not a table.
        "SELECT m.name FROM members m LEFT JOIN (SELECT member_id FROM posts) s ON s.member_id = m.member_id WHERE m.email = $p",
        // ORDER BY without LIMIT: every row is read anyway, and sorting them costs little more than reading them in index order.
        "SELECT name FROM members ORDER BY score WHERE_NONE",
        // ORDER BY ... LIMIT on an index's first column, the key, the rowid, a composite index's first column.
        "SELECT name FROM members ORDER BY email LIMIT length($p)",
        "SELECT name FROM members ORDER BY member_id DESC LIMIT length($p)",
        "SELECT name FROM members ORDER BY rowid LIMIT length($p)",
        "SELECT title FROM posts ORDER BY title, created_at LIMIT length($p)",
        "SELECT title FROM posts ORDER BY title DESC, score LIMIT length($p)",
        // Not judged: a WHERE (its index may be what SQLite uses), a join, GROUP BY, DISTINCT, a compound, an expression, COLLATE, an alias, a subquery.
        "SELECT name FROM members WHERE email = $p ORDER BY score LIMIT 1",
        "SELECT m.name FROM members m JOIN posts p ON p.editor_id = m.member_id ORDER BY m.score LIMIT length($p)",
        "SELECT name FROM members GROUP BY name ORDER BY score LIMIT length($p)",
        "SELECT DISTINCT name FROM members ORDER BY name LIMIT length($p)",
        "SELECT name FROM members UNION SELECT title FROM posts ORDER BY name LIMIT length($p)",
        "SELECT name FROM members ORDER BY lower(name) LIMIT length($p)",
        "SELECT name FROM members ORDER BY name COLLATE NOCASE LIMIT length($p)",
        "SELECT name AS who FROM members ORDER BY who LIMIT length($p)",
        "SELECT t.name FROM (SELECT name FROM members) t ORDER BY t.name LIMIT length($p)",
    }.Select(sql => new object[] { sql });

    [Theory]
    [MemberData(nameof(Silent))]
    public void Joins_and_orders_an_index_serves_or_that_are_not_judged_get_no_advice(string sql)
    {
        if (sql.EndsWith(" WHERE_NONE", StringComparison.Ordinal))
            sql = sql.Replace(" WHERE_NONE", " , length($p)", StringComparison.Ordinal); // ORDER BY a, b without LIMIT, using the parameter
        GeneratorOutput output = Generate(sql, "IReadOnlyList<string>", out _);
        Assert.Null(output.Run.Exception);
        Assert.True(output.Reported.IsEmpty, output.Reported.Describe());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }
}

using SqliteGen.Generator.Queries.Lexing;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>SQLG302's check on SQL text: an UPDATE or DELETE without a WHERE of its own, read as tokens.</summary>
public sealed class UnfilteredWritesTests
{
    [Theory]
    [InlineData("DELETE FROM notes", "DELETE", "notes", 0)]
    [InlineData("UPDATE OR IGNORE users SET age = 1", "UPDATE", "users", 0)]
    [InlineData("update users set age = 1 returning id", "UPDATE", "users", 0)]
    [InlineData("UPDATE users SET age = (SELECT max(age) FROM users WHERE id = 1)", "UPDATE", "users", 0)] // a subquery's WHERE filters the subquery
    [InlineData("-- where\nDELETE FROM notes", "DELETE", "notes", 9)] // a comment is not SQL
    [InlineData("UPDATE users SET name = 'where'", "UPDATE", "users", 0)] // nor is a string
    [InlineData("UPDATE \"where\" SET a = 1", "UPDATE", "where", 0)]
    [InlineData("WITH old AS (SELECT id FROM notes WHERE id < 5) DELETE FROM notes", "DELETE", "notes", 48)]
    [InlineData("SELECT 1; DELETE FROM notes", "DELETE", "notes", 10)]
    public void Finds_the_write_that_changes_every_row(string sql, string verb, string table, int offset)
    {
        Assert.Equal((verb, table, offset), UnfilteredWrites.Find(sql));
    }

    [Theory]
    [InlineData("DELETE FROM notes WHERE id = $id")]
    [InlineData("UPDATE users SET age = 1 WHERE true")]
    [InlineData("WITH old AS (SELECT id FROM notes) DELETE FROM notes WHERE id IN (SELECT id FROM old)")]
    [InlineData("INSERT INTO notes (id, body) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET body = excluded.body")] // an upsert changes one row
    [InlineData("SELECT * FROM users")]
    [InlineData("DELETE FROM 'unterminated")] // not SQL that can be read
    [InlineData("")]
    public void Leaves_alone_what_does_not(string sql)
    {
        Assert.Null(UnfilteredWrites.Find(sql));
    }
}

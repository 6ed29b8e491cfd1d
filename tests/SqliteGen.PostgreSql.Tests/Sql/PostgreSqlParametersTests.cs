using Xunit;

namespace SqliteGen.PostgreSql.Tests.Sql;

/// <summary>
/// The runtime rewriter of ad-hoc SQL's named parameters, by hand: each of PostgreSQL's lexical forms that may hold text
/// looking like a parameter, and the problems it reports. <see cref="PostgreSqlParametersPropertyTests"/> draws random
/// SQL from the same forms and runs it on the server.
/// </summary>
public sealed class PostgreSqlParametersTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE a = $a AND b = :b OR c = @c", "SELECT * FROM t WHERE a = $1 AND b = $2 OR c = $3", "a,b,c")]
    [InlineData("SELECT $a + :a + @a, $b", "SELECT $1 + $1 + $1, $2", "a,b")] // one name, one number, whatever its prefix
    [InlineData("SELECT $id_2,:_x", "SELECT $1,$2", "id_2,_x")]
    [InlineData("SELECT '$a :b @c', $d", "SELECT '$a :b @c', $1", "d")]
    [InlineData("SELECT 'it''s $a', $b", "SELECT 'it''s $a', $1", "b")]
    [InlineData("SELECT '\\', $a", "SELECT '\\', $1", "a")] // standard strings: a backslash is a character
    [InlineData("SELECT E'\\' $a', $b", "SELECT E'\\' $a', $1", "b")] // E strings: a backslash escapes the quote
    [InlineData("SELECT e'\\\\', $b", "SELECT e'\\\\', $1", "b")]
    [InlineData("SELECT e'it''s :a' || :b", "SELECT e'it''s :a' || $1", "b")]
    [InlineData("SELECT name'x' FROM t WHERE a = $a", "SELECT name'x' FROM t WHERE a = $1", "a")]
    [InlineData("SELECT U&'d\\0061t$a', :b", "SELECT U&'d\\0061t$a', $1", "b")]
    [InlineData("SELECT \"$a\" FROM \"x\"\":b\" WHERE c = @c", "SELECT \"$a\" FROM \"x\"\":b\" WHERE c = $1", "c")]
    [InlineData("SELECT 1 -- $a :b\n + $c", "SELECT 1 -- $a :b\n + $1", "c")]
    [InlineData("SELECT 1 -- $a", "SELECT 1 -- $a", "")]
    [InlineData("SELECT /* $a /* :b */ @c */ $d", "SELECT /* $a /* :b */ @c */ $1", "d")] // comments nest
    [InlineData("SELECT $$ $a :b $$, $c", "SELECT $$ $a :b $$, $1", "c")]
    [InlineData("SELECT $tag$ $a $x$ :b $tag$ || $c", "SELECT $tag$ $a $x$ :b $tag$ || $1", "c")]
    [InlineData("SELECT $_t1$ it's $_t1$, :c", "SELECT $_t1$ it's $_t1$, $1", "c")]
    [InlineData("SELECT x::text, '1'::int + :a, y::timestamptz", "SELECT x::text, '1'::int + $1, y::timestamptz", "a")]
    [InlineData("SELECT a[1:2], a[:n]", "SELECT a[1:2], a[$1]", "n")]
    [InlineData("SELECT a$b, c$ FROM t$1 WHERE d = $d", "SELECT a$b, c$ FROM t$1 WHERE d = $1", "d")] // $ inside names
    [InlineData("SELECT tags @> $t, @ -5, @x", "SELECT tags @> $1, @ -5, $2", "t,x")]
    [InlineData("SELECT 'é', $été, :ü", "SELECT 'é', $1, $2", "été,ü")]
    [InlineData("SELECT 1;", "SELECT 1;", "")]
    [InlineData("SELECT 1; -- done\n /* really */ ;", "SELECT 1; -- done\n /* really */ ;", "")]
    [InlineData("SELECT 'unterminated $a", "SELECT 'unterminated $a", "")] // the server reports the syntax error
    [InlineData("SELECT /* unterminated $a", "SELECT /* unterminated $a", "")]
    [InlineData("SELECT $q$ unterminated $a", "SELECT $q$ unterminated $a", "")]
    public void Rewrites_the_named_parameters_outside_strings_names_and_comments(string sql, string expected, string names)
    {
        PostgreSqlParameters.Rewritten rewritten = PostgreSqlParameters.Rewrite(sql);
        Assert.Null(rewritten.Problem);
        Assert.Equal(expected, rewritten.Sql);
        Assert.Equal(names, string.Join(",", rewritten.Names));
    }

    [Fact]
    public void Keeps_the_text_as_first_written_and_the_first_word()
    {
        PostgreSqlParameters.Rewritten rewritten = PostgreSqlParameters.Rewrite("  /* c */ -- x\n (WITH a AS (SELECT :x) SELECT * FROM a WHERE $x = @y)");
        Assert.Equal(["x", "y"], rewritten.Names);
        Assert.Equal([":x", "@y"], rewritten.Written);
        Assert.Equal("WITH", rewritten.FirstWord);
        Assert.Equal("", PostgreSqlParameters.Rewrite(" -- nothing\n").FirstWord);
        string plain = "SELECT 1";
        Assert.Same(plain, PostgreSqlParameters.Rewrite(plain).Sql); // nothing to rewrite: the text itself
    }

    [Theory]
    [InlineData("SELECT $1", "the parameter $1 is positional")]
    [InlineData("SELECT :a, $12", "the parameter $12 is positional")]
    [InlineData("SELECT 1; SELECT 2", "more than one statement")]
    [InlineData("DELETE FROM a; /* then */ DELETE FROM b", "more than one statement")]
    public void Reports_what_it_cannot_rewrite(string sql, string problem)
    {
        Assert.Contains(problem, PostgreSqlParameters.Rewrite(sql).Problem);
    }
}

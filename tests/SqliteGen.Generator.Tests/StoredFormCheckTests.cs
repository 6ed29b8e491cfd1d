using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG311: a [Query] comparison or ordering whose result is wrong for the column's stored form (docs/rules/SQLG311.md).
/// Each positive has its squiggle ([|marked|] in the SQL) and the reason; the near misses stay silent. What the rule
/// claims is wrong is checked against SQLite itself in <see cref="The_reported_shapes_really_give_wrong_answers_in_SQLite"/>.
/// </summary>
public sealed class StoredFormCheckTests
{
    private const string Schema = """
        using System;
        using System.Collections.Generic;
        using SqliteGen;

        namespace App;

        [Table("checks")]
        public partial record HealthCheck([PrimaryKey] long Id, DateTimeOffset StartedTs, DateTime? FinishedAt, decimal Cost, ulong Sequence, double Score);

        [SqliteDatabase]
        public partial class FormsDb
        {
        """;

    private static GeneratorOutput Generate(string sql, out string source)
    {
        source = Schema + $$"""
                [Query("{{sql}}")]
                public partial IReadOnlyList<long> M(DateTimeOffset p);
            }

            """;
        return Harness.Generate(source);
    }

    [Theory]
    [InlineData("SELECT id FROM checks WHERE [|cost|] > 10 AND started_ts > $p", "checks.cost is a decimal stored as text (exact), so it compares as text ('10.5' < '9'): '>' on it does not compare numbers")]
    [InlineData("SELECT id FROM checks WHERE 10 <= [|cost|] AND started_ts > $p", "checks.cost is a decimal stored as text (exact), so it compares as text ('10.5' < '9'): '<=' on it does not compare numbers")]
    [InlineData("SELECT id FROM checks WHERE started_ts > $p ORDER BY [|cost|] DESC", "checks.cost is a decimal stored as text (exact), so it compares as text ('10.5' < '9'): ORDER BY it is not numeric order")]
    [InlineData("SELECT max([|cost|]) FROM checks WHERE started_ts > $p", "checks.cost is a decimal stored as text (exact), so it compares as text ('10.5' < '9'): max() of it is not the numeric maximum")]
    [InlineData("SELECT id FROM checks WHERE [|sequence|] BETWEEN 1 AND 5 AND started_ts > $p", "checks.sequence is a ulong stored as the same 64 bits signed, so values from 2^63 up are negative to SQL: 'BETWEEN' on it does not compare numbers")]
    [InlineData("SELECT id FROM checks c WHERE started_ts > $p ORDER BY c.id, c.[|sequence|]", "checks.sequence is a ulong stored as the same 64 bits signed, so values from 2^63 up are negative to SQL: ORDER BY it is not numeric order")]
    [InlineData("SELECT id FROM checks WHERE [|started_ts|] < julianday('now') - 1 OR id = length($p)", "julianday(...), a number")]
    [InlineData("SELECT id FROM checks WHERE unixepoch('now') > [|started_ts|] OR id = length($p)", "unixepoch(...), a number")]
    [InlineData("SELECT id FROM checks WHERE [|finished_at|] > '2026-12-06T04:50:23Z' OR id = length($p)", "'2026-12-06T04:50:23Z', text of another shape")]
    [InlineData("SELECT id FROM checks WHERE [|started_ts|] >= strftime('%s', 'now') OR id = length($p)", "strftime('%s', ...), text of another shape")]
    [InlineData("SELECT id FROM checks WHERE [|started_ts|] BETWEEN datetime('now', '-1 day') AND 20261206 OR id = length($p)", "a number")]
    [InlineData("SELECT id FROM checks WHERE [|started_ts|] > time('now') OR id = length($p)", "time(...), a time of day without its date")]
    public void A_comparison_the_stored_form_gets_wrong_is_reported_on_the_column(string markedSql, string reason)
    {
        (string sql, Microsoft.CodeAnalysis.Text.TextSpan marked) = RuleTests.Unmark(markedSql);
        int start = marked.Start;
        GeneratorOutput output = Generate(sql, out string source);

        Assert.Null(output.Run.Exception);
        Diagnostic diagnostic = Assert.Single(output.Reported, d => d.Id != "SQLG101");
        Assert.Equal("SQLG311", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(source.IndexOf(sql, StringComparison.Ordinal) + start, marked.Length), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("Query 'FormsDb.M': ", message);
        Assert.Contains(reason, message);
        Assert.EndsWith($"(column {(start + 1).ToString(CultureInfo.InvariantCulture)} of the SQL)", message);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe()); // a warning: the body is generated
    }

    public static IEnumerable<object[]> Silent => new[]
    {
        // Dates against SQLite's own shape, a parameter, another column, text in the stored shape.
        "SELECT id FROM checks WHERE started_ts < datetime('now', '-1 hour') AND finished_at >= $p",
        "SELECT id FROM checks WHERE started_ts >= CURRENT_TIMESTAMP OR started_ts < date('now') OR id = length($p)",
        "SELECT id FROM checks WHERE started_ts < finished_at AND started_ts > '2026-12-06 04:50:23.5' AND finished_at > $p",
        "SELECT id FROM checks WHERE strftime('%Y-%m-%d %H:%M:%S', 'now') > started_ts OR id = length($p)",
        "SELECT id FROM checks WHERE started_ts > $p ORDER BY started_ts, finished_at DESC",
        // Decimal and ulong: equality, a cast, a column beside them, a double.
        "SELECT id FROM checks WHERE cost = '12.50' AND sequence = 3 AND started_ts > $p",
        "SELECT id FROM checks WHERE CAST(cost AS REAL) > 10 AND started_ts > $p ORDER BY CAST(sequence AS REAL)",
        "SELECT id FROM checks WHERE score > 1.5 AND started_ts > $p ORDER BY score, id",
        "SELECT id FROM checks WHERE started_ts > $p AND cost IS NOT NULL AND sequence <> 0",
    }.Select(sql => new object[] { sql });

    [Theory]
    [MemberData(nameof(Silent))]
    public void Comparisons_the_stored_form_gets_right_are_not_reported(string sql)
    {
        GeneratorOutput output = Generate(sql, out _);
        Assert.Null(output.Run.Exception);
        Assert.DoesNotContain(output.Reported, d => d.Id == "SQLG311");
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void The_reported_shapes_really_give_wrong_answers_in_SQLite()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
        // Decimal text: 10.5 < 9 as text. ulong 2^63 stored as a signed integer sorts below 1.
        Assert.Equal(1L, Scalar("SELECT '10.5' < '9'"));
        Assert.Equal(1L, Scalar("SELECT -9223372036854775808 < 1"));
        // A timestamp against julianday() (a number): text is always greater, whatever the time.
        Assert.Equal(1L, Scalar("SELECT '0001-01-01 00:00:00' > julianday('now')"));
        // ISO text with 'T': a later time on the same day sorts before an earlier one written in SQLite's shape.
        Assert.Equal(1L, Scalar("SELECT '2026-12-06 23:00:00' < '2026-12-06T01:00:00'"));
        // And the accepted ones are right: datetime() compares as time.
        Assert.Equal(1L, Scalar("SELECT '2026-12-06 04:50:22.9999999' < datetime('2026-12-06 04:50:23')"));
    }
}

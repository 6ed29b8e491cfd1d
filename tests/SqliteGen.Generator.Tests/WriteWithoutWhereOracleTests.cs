extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Linq;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SqliteGen.Generator.Queries.Lexing;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG302's decision against SQLite itself: each statement runs on real tables of three rows (and a statement that
/// fires a trigger after it, where there is one), and SQLite's answer (did every row of some table change or go?)
/// must be what <see cref="UnfilteredWrites"/> says, and what <see cref="SqlTextAnalyzer"/> reports on the same text
/// given to a command. The "regex:" notes record where a regular expression over the text (an unanchored
/// <c>\bWHERE\b</c> after blanking literals, comments and "quoted" names, the statement anchored on UPDATE or DELETE
/// FROM) answered otherwise.
/// </summary>
public sealed class WriteWithoutWhereOracleTests
{
    private const string Schema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, "where" INTEGER, n INTEGER);
        INSERT INTO users VALUES (1, 'ann', 5, 10), (2, 'bob', 6, 20), (3, 'cy', 7, 30);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);
        INSERT INTO posts VALUES (1, 1), (2, 2), (3, 3);
        CREATE TABLE counts (n INTEGER);
        INSERT INTO counts VALUES (1), (2), (3);
        CREATE TABLE log (x INTEGER);
        INSERT INTO log VALUES (1), (2), (3);
        """;

    private static readonly string[] s_tables = { "users", "posts", "counts", "log" };

    [Theory]
    // Where a regex over the text and the tokens disagree.
    [InlineData("UPDATE users SET [where] = 1", null)]                                                    // regex: silent ([where] read as WHERE)
    [InlineData("UPDATE users SET `where` = 1", null)]                                                    // regex: silent
    [InlineData("UPDATE users SET n = (SELECT count(*) FROM posts WHERE posts.user_id = users.id)", null)] // regex: silent (a subquery's WHERE)
    [InlineData("WITH gone AS (SELECT id FROM posts WHERE id > 1) DELETE FROM posts", null)]               // regex: silent (starts with WITH)
    [InlineData("CREATE TRIGGER bump AFTER INSERT ON log BEGIN UPDATE counts SET n = n + 1; END", "INSERT INTO log VALUES (4)")] // regex: silent (a trigger's body)
    [InlineData("CREATE TRIGGER tidy AFTER INSERT ON log BEGIN SELECT 1; DELETE FROM posts; END", "INSERT INTO log VALUES (4)")] // regex: reported, by luck of the split
    // Where both agree, the cases the rule is known for.
    [InlineData("UPDATE users SET name = 'where'", null)]                  // WHERE inside a string literal
    [InlineData("UPDATE users SET \"where\" = 1", null)]                   // a quoted name
    [InlineData("DELETE FROM users -- WHERE id = 1", null)]                // a comment
    [InlineData("DELETE FROM users /* WHERE id = 1 */", null)]
    [InlineData("DELETE FROM users RETURNING id", null)]                   // RETURNING is not a filter
    [InlineData("UPDATE OR REPLACE users SET name = 'z'", null)]
    [InlineData("DELETE FROM main.users", null)]
    [InlineData("SELECT 1; DELETE FROM log", null)]
    public void Every_row_changed_is_reported(string sql, string? fire)
    {
        Assert.True(ChangesEveryRow(sql, fire), "SQLite changed only some rows: the case is wrong");
        Assert.NotNull(UnfilteredWrites.Find(sql));
        Assert.Equal(new[] { "SQLG302" }, Analyze(sql));
    }

    [Theory]
    [InlineData("CREATE TRIGGER keep AFTER DELETE ON log BEGIN INSERT INTO counts VALUES (9); END", "DELETE FROM log WHERE x = 1")] // the event is no write (tokens read 'DELETE ON' as one)
    [InlineData("CREATE TEMP TRIGGER mark AFTER UPDATE OF n ON users BEGIN DELETE FROM log WHERE x = new.n; END", "UPDATE users SET n = 2 WHERE id = 1")]
    [InlineData("EXPLAIN DELETE FROM users", null)]                                               // describes, runs nothing (tokens reported it)
    [InlineData("EXPLAIN QUERY PLAN UPDATE users SET n = 0", null)]
    [InlineData("DELETE FROM users WHERE id = 1", null)]
    [InlineData("UPDATE users SET name = 'a' WHERE id IN (SELECT user_id FROM posts WHERE id = 2)", null)]
    [InlineData("INSERT INTO users (id, name) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET name = excluded.name", null)] // an upsert's DO UPDATE
    [InlineData("REPLACE INTO users (id, name) VALUES (2, 'z')", null)]
    [InlineData("SELECT 'DELETE FROM users'", null)]
    [InlineData("WITH one AS (SELECT 1) DELETE FROM posts WHERE id IN (SELECT * FROM one)", null)]
    public void Some_or_no_rows_changed_is_not_reported(string sql, string? fire)
    {
        Assert.False(ChangesEveryRow(sql, fire), "SQLite changed every row of a table: the case is wrong");
        Assert.Null(UnfilteredWrites.Find(sql));
        Assert.Empty(Analyze(sql));
    }

    [Theory]
    [InlineData("DELETE FROM main.users", "DELETE FROM", "main.users")]
    [InlineData("UPDATE OR REPLACE \"users\" SET name = 'z'", "UPDATE", "users")]
    [InlineData("WITH gone AS (SELECT 1) DELETE FROM posts", "DELETE FROM", "posts")]
    public void The_message_names_the_verb_and_the_table(string sql, string verb, string table)
    {
        Diagnostic diagnostic = Assert.Single(AnalyzeDiagnostics(sql));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"'{verb}' changes every row of '{table}'", message, StringComparison.Ordinal);
    }

    /// <summary>SQLite's answer: after <paramref name="sql"/> (and <paramref name="fire"/>), is some table left with none of its rows as they were?</summary>
    private static bool ChangesEveryRow(string sql, string? fire)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, Schema);
        Dictionary<string, HashSet<string>> before = s_tables.ToDictionary(t => t, t => Rows(connection, t), StringComparer.Ordinal);
        Execute(connection, sql);
        if (fire is not null)
            Execute(connection, fire);
        return s_tables.Any(table =>
        {
            HashSet<string> after = Rows(connection, table);
            return before[table].Count > 0 && !before[table].Overlaps(after);
        });
    }

    private static void Execute(SqliteConnection connection, string text)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = text;
        using SqliteDataReader reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
            }
        }
        while (reader.NextResult());
    }

    /// <summary>Each row of <paramref name="table"/> as its rowid and quoted values.</summary>
    private static HashSet<string> Rows(SqliteConnection connection, string table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = table switch
        {
            "users" => "SELECT rowid, quote(id), quote(name), quote(\"where\"), quote(n) FROM users",
            "posts" => "SELECT rowid, quote(id), quote(user_id) FROM posts",
            "counts" => "SELECT rowid, quote(n) FROM counts",
            _ => "SELECT rowid, quote(x) FROM log",
        };
        var rows = new HashSet<string>(StringComparer.Ordinal);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static string[] Analyze(string sql) => AnalyzeDiagnostics(sql).Select(d => d.Id).ToArray();

    /// <summary>The analyzer on <c>command.CommandText = @"sql";</c> in a method that takes an id (so one row is meant).</summary>
    private static Diagnostic[] AnalyzeDiagnostics(string sql)
    {
        Compilation compilation = Harness.Compile(SqlTextAnalyzerTests.Source($"command.CommandText = @\"{sql.Replace("\"", "\"\"", StringComparison.Ordinal)}\";"));
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new SqlTextAnalyzer());
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.ToArray();
    }
}

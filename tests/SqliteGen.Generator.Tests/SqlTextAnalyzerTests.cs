extern alias analyzers;

using System;
using System.Linq;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>SQLG301 (SQL built from values) and SQLG302 (UPDATE/DELETE without WHERE) on user code that uses Microsoft.Data.Sqlite.</summary>
public sealed class SqlTextAnalyzerTests
{
    /// <summary><paramref name="body"/> as statements of a method with a command in scope (the Microsoft.CodeAnalysis.Testing suite uses it too).</summary>
    internal static string Source(string body) => $$"""
        using System.Data.Common;
        using Microsoft.Data.Sqlite;

        public static class UserCode
        {
            public const string Table = "users";

            public static void Run(SqliteConnection connection, DbCommand other, string email, int id)
            {
                using var command = connection.CreateCommand();
                {{body}}
            }
        }
        """;

    private static Diagnostic[] Analyze(string body)
    {
        string source = Source(body);
        Compilation compilation = Harness.Compile(source);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new SqlTextAnalyzer());
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.ToArray();
    }

    [Theory]
    [InlineData("command.CommandText = $\"SELECT * FROM users WHERE email = '{email}'\";", "an interpolated value", "email")]
    [InlineData("command.CommandText = \"SELECT * FROM users WHERE id = \" + id;", "a concatenated value", "id")]
    [InlineData("command.CommandText = string.Format(\"DELETE FROM users WHERE id = {0}\", id);", "string.Format", "id")]
    [InlineData("other.CommandText = \"SELECT * FROM users WHERE email = '\" + email + \"'\";", "a concatenated value", "email")]
    [InlineData("using var made = new SqliteCommand($\"SELECT * FROM users WHERE email = '{email}'\", connection);", "an interpolated value", "email")]
    [InlineData("using var made = new SqliteCommand { CommandText = \"SELECT * FROM users WHERE email = '\" + email + \"'\" };", "a concatenated value", "email")]
    public void SQL_built_from_a_value_is_reported_naming_the_value(string body, string how, string value) =>
        AssertReported(body, "SQLG301", how, $"'{value}'");

    /// <summary>Exactly one warning, <paramref name="id"/>, whose message contains every one of <paramref name="names"/>.</summary>
    private static void AssertReported(string body, string id, params string[] names)
    {
        Diagnostic diagnostic = Assert.Single(Analyze(body));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(names, name => Assert.Contains(name, message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("command.CommandText = \"SELECT * FROM users WHERE email = $email\"; command.Parameters.AddWithValue(\"$email\", email);")]
    [InlineData("command.CommandText = $\"SELECT * FROM {Table} WHERE id = $id\";")] // constant holes only
    [InlineData("command.CommandText = \"SELECT * FROM \" + Table;")]
    [InlineData("command.CommandText = \"UPDATE users SET name = 'x' WHERE id = $id\";")]
    [InlineData("command.CommandText = \"DELETE FROM users WHERE true\";")]
    [InlineData("var text = $\"not SQL {email}\"; System.Console.WriteLine(text);")]
    public void Parameterized_or_constant_SQL_is_not_reported(string body) => Assert.Empty(Analyze(body));

    [Theory]
    [InlineData("command.CommandText = \"DELETE FROM users\";", "DELETE FROM", "users")]
    [InlineData("command.CommandText = \"UPDATE users SET name = 'where'\";", "UPDATE", "users")]
    [InlineData("command.CommandText = \"SELECT 1; delete from sessions -- where id = 1\";", "DELETE FROM", "sessions")]
    [InlineData("using var made = new SqliteCommand(\"UPDATE OR IGNORE users SET name = ''\", connection);", "UPDATE", "users")]
    public void A_constant_UPDATE_or_DELETE_without_WHERE_is_reported(string body, string verb, string table) =>
        AssertReported(body, "SQLG302", $"'{verb}'", $"'{table}'");

    /// <summary>Analyzes a whole <paramref name="source"/> (which must compile cleanly) with SQLG301/302.</summary>
    private static Diagnostic[] AnalyzeSource(string source)
    {
        Compilation compilation = Harness.Compile(source);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new SqlTextAnalyzer());
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.ToArray();
    }

    /// <summary>SqliteGen's own ad-hoc SQL (db.Sql, tx.Sql) is a sink like a command: a spliced value is reported, parameters are not.</summary>
    [Fact]
    public void A_value_spliced_into_db_Sql_is_reported_and_SqlParameters_are_not()
    {
        Diagnostic[] diagnostics = AnalyzeSource("""
            using System.Threading.Tasks;
            using SqliteGen;

            public static class Posts
            {
                public static int Remove(DatabaseSql sql, long memberId) =>
                    sql.Execute($"DELETE FROM posts WHERE member_id = {memberId}");

                public static Task<int> RemoveAsync(DatabaseSql sql, long memberId) =>
                    sql.ExecuteAsync("DELETE FROM posts WHERE member_id = $id", new SqlParameters { { "id", memberId } }).AsTask();

                public static long Count(DatabaseSql sql, string title) =>
                    sql.QuerySingle<long>("SELECT count(*) FROM posts WHERE title = '" + title + "'");

                // Through the interface both engines implement (IShopDb.Sql).
                public static int Archive(IDatabaseSql sql, long memberId) =>
                    sql.Execute("UPDATE posts SET archived = 1 WHERE member_id = " + memberId);

                public static int ArchiveSafely(IDatabaseSql sql, long memberId) =>
                    sql.Execute("UPDATE posts SET archived = 1 WHERE member_id = $id", new SqlParameters { { "id", memberId } });
            }
            """);
        Assert.Equal(3, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("SQLG301", d.Id));
        string[] messages = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, messages.Count(m => m.Contains("$memberId", StringComparison.Ordinal)));
        Assert.Contains("$title", string.Concat(messages), StringComparison.Ordinal);
    }

    /// <summary>A repository called through its interface or a base class's abstract method: the implementation's body says the argument is SQL.</summary>
    [Theory]
    [InlineData("IRepository repository = new Repository(connection); repository.Run(\"DELETE FROM users WHERE id = \" + id);")]
    [InlineData("RepositoryBase repository = new Repository(connection); repository.Scalar($\"SELECT name FROM users WHERE email = '{email}'\");")]
    public void A_value_passed_to_a_helper_through_an_interface_or_override_is_reported(string call)
    {
        Diagnostic diagnostic = Assert.Single(AnalyzeSource(Helpers(call)));
        Assert.Equal("SQLG301", diagnostic.Id);
    }

    [Theory]
    [InlineData("IRepository repository = new Repository(connection); repository.Run(\"DELETE FROM users WHERE id = $id\");")]
    [InlineData("IRepository repository = new Repository(connection); repository.Log(\"deleted \" + id);")] // not SQL: Log never reaches a command
    // not SQL: Lookup hands its argument to Query as a value (sqlite-net's Query(query, params object[] args)), not as the query
    [InlineData("IRepository repository = new Repository(connection); repository.Lookup(Names.Customer(id));")]
    [InlineData("new Repository(connection).Lookup(\"customer-\" + id);")]
    public void A_helper_argument_that_is_constant_or_not_SQL_is_not_reported(string call) => Assert.Empty(AnalyzeSource(Helpers(call)));

    private static string Helpers(string call) => $$"""
        using Microsoft.Data.Sqlite;

        public interface IRepository
        {
            int Run(string sql);
            void Log(string message);
            object? Lookup(string customer);
        }

        public static class Names
        {
            public static string Customer(int n) => "customer-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public static class SqliteNetShape
        {
            public static object? Query(this SqliteConnection connection, string query, params object[] args) => null;
        }

        public abstract class RepositoryBase
        {
            public abstract object? Scalar(string query);
        }

        public sealed class Repository : RepositoryBase, IRepository
        {
            private readonly SqliteConnection _connection;

            public Repository(SqliteConnection connection) => _connection = connection;

            public int Run(string text)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = text;
                return command.ExecuteNonQuery();
            }

            public void Log(string message) => System.Console.WriteLine(message);

            public object? Lookup(string customer) => _connection.Query("SELECT * FROM orders WHERE customer = ?", customer);

            public override object? Scalar(string query) => new SqliteCommand(query, _connection).ExecuteScalar();
        }

        public static class Caller
        {
            public static void Go(SqliteConnection connection, int id, string email)
            {
                {{call}}
            }
        }
        """;
}

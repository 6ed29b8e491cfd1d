extern alias analyzers;

using System;
using System.Linq;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SqliteGen.CodeFixes;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The code fixes, applied through <see cref="CodeFixHarness"/>: the fixed text is exactly what the user would
/// get, it compiles, and the diagnostic is gone. Where a fix is not mechanical it must not be offered.
/// </summary>
public sealed class CodeFixTests
{
    /// <summary>A method body (8-space indented lines) in a class with the usual locals as parameters.</summary>
    internal static string Source(string body) => $$"""
        using System;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        public static class UserCode
        {
            public const string Table = "users";

            public static async Task<object?> Run(SqliteConnection given, DbCommand other, string email, string? nick, int id, int[] ids, User user, bool ok, CancellationToken cancellationToken)
            {
                await Task.Yield();
        {{body}}
            }
        }

        public sealed record User(string Name, string Email);

        {{ConnectionAnalyzerTests.HostMarker}}
        """;

    private static void AssertFixed(DiagnosticAnalyzer analyzer, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix, string id, string body, string expectedBody)
    {
        string? fixedSource = CodeFixHarness.Fix(Source(body), analyzer, fix, id);
        Assert.NotNull(fixedSource);
        Assert.Equal(Source(expectedBody).ReplaceLineEndings("\n"), fixedSource.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(CodeFixHarness.Reanalyze(fixedSource, analyzer), d => d.Id == id);
    }

    private static void AssertNotOffered(DiagnosticAnalyzer analyzer, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix, string id, string body) =>
        Assert.Null(CodeFixHarness.Fix(Source(body), analyzer, fix, id));

    // SQLG201: insert the WAL pragma after Open.

    [Fact]
    public void The_WAL_pragma_is_executed_right_after_Open()
    {
        const string before = """
                    using var connection = new SqliteConnection("Data Source=app.db");
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM users";
                    return command.ExecuteScalar();
            """;
        const string after = """
                    using var connection = new SqliteConnection("Data Source=app.db");
                    connection.Open();
                    using (var walPragma = connection.CreateCommand())
                    {
                        walPragma.CommandText = "PRAGMA journal_mode = WAL";
                        walPragma.ExecuteNonQuery();
                    }
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM users";
                    return command.ExecuteScalar();
            """;
        AssertFixed(new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", before, after);
    }

    [Fact]
    public void After_OpenAsync_the_pragma_runs_asynchronously_with_the_same_arguments_and_a_free_name()
    {
        const string before = """
                    await using var connection = new SqliteConnection("Data Source=app.db");
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    var walPragma = "taken";
                    using var command = new SqliteCommand("SELECT count(*) FROM users", connection);
                    return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? walPragma;
            """;
        const string after = """
                    await using var connection = new SqliteConnection("Data Source=app.db");
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    using (var walPragma2 = connection.CreateCommand())
                    {
                        walPragma2.CommandText = "PRAGMA journal_mode = WAL";
                        await walPragma2.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    var walPragma = "taken";
                    using var command = new SqliteCommand("SELECT count(*) FROM users", connection);
                    return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? walPragma;
            """;
        AssertFixed(new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", before, after);
    }

    [Fact]
    public void The_WAL_fix_is_not_offered_when_Open_is_not_a_statement_of_a_block()
    {
        const string body = """
                    using var connection = new SqliteConnection("Data Source=app.db");
                    if (ok) connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1";
                    return command.ExecuteScalar();
            """;
        AssertNotOffered(new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", body);
    }

    /// <summary>A repository that makes a connection per method from the connection string its constructor keeps.</summary>
    private const string Repository = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        public sealed class MovieRepository
        {
            private readonly string _connectionString;

            public MovieRepository(string connectionString)
            {
                if (connectionString.Length == 0)
                    throw new ArgumentException("empty", nameof(connectionString));
                _connectionString = connectionString;
            }

            public long Count()
            {
                using var connection = new SqliteConnection(_connectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM movies";
                return (long)command.ExecuteScalar()!;
            }

            public async Task Rename(long id, string title)
            {
                await using var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync();
                using var command = new SqliteCommand("UPDATE movies SET title = $title WHERE id = $id", connection);
                command.Parameters.AddWithValue("$title", title);
                command.Parameters.AddWithValue("$id", id);
                await command.ExecuteNonQueryAsync();
            }
        }

        """ + ConnectionAnalyzerTests.HostMarker;

    private const string RepositoryWithWal = """
                _connectionString = connectionString;
                using (var walConnection = new SqliteConnection(_connectionString))
                {
                    walConnection.Open();
                    using (var walPragma = walConnection.CreateCommand())
                    {
                        walPragma.CommandText = "PRAGMA journal_mode = WAL";
                        walPragma.ExecuteNonQuery();
                    }
                }

        """;

    /// <summary>
    /// One connection per method from a connection string the constructor keeps: the fix sets WAL once, in the
    /// constructor, and both methods' diagnostics go (the file keeps WAL); fix-all makes the same single edit.
    /// </summary>
    [Fact]
    public void Connections_made_from_a_member_get_WAL_once_in_the_constructor_that_sets_it()
    {
        Assert.Equal(2, CodeFixHarness.Reanalyze(Repository, new ConnectionAnalyzer()).Count(d => d.Id == "SQLG201"));
        string expected = Repository.Replace("        _connectionString = connectionString;\n", RepositoryWithWal, StringComparison.Ordinal);
        Assert.NotEqual(Repository, expected);

        string? fixedOnce = CodeFixHarness.FixFirst(Repository, new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201");
        Assert.Equal(expected, fixedOnce);
        Assert.DoesNotContain(CodeFixHarness.Reanalyze(fixedOnce!, new ConnectionAnalyzer()), d => d.Id == "SQLG201");

        string fixedAll = CodeFixHarness.FixAll(Repository, new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", nameof(InsertWalPragmaCodeFix));
        Assert.Equal(expected, fixedAll);
    }

    /// <summary>A connection handed to Dapper without Open (the diagnostic is on its creation) gets the same constructor fix.</summary>
    [Fact]
    public void A_connection_only_created_gets_WAL_in_the_constructor_too()
    {
        string dapperLike = Repository.Replace("""
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM movies";
                    return (long)command.ExecuteScalar()!;
            """, """
                    return Scalar(connection, "SELECT count(*) FROM movies");
            """, StringComparison.Ordinal).Replace("""
            public async Task Rename(
            """, """
            private static long Scalar(SqliteConnection connection, string sql)
            {
                connection.Open();
                using var command = new SqliteCommand(sql, connection);
                return (long)command.ExecuteScalar()!;
            }

            public async Task Rename(
            """, StringComparison.Ordinal);
        // Reported on the creation: the connection reaches Scalar unopened.
        Assert.Single(CodeFixHarness.Reanalyze(dapperLike, new ConnectionAnalyzer()),
            d => d.Id == "SQLG201" && dapperLike.Substring(d.Location.SourceSpan.Start).StartsWith("new SqliteConnection", StringComparison.Ordinal));
        string? fixedSource = CodeFixHarness.FixFirst(dapperLike, new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201");
        Assert.Equal(dapperLike.Replace("        _connectionString = connectionString;\n", RepositoryWithWal, StringComparison.Ordinal), fixedSource);
    }

    /// <summary>A connection string the method builds from its own parameter: the pragma goes after Open, as before.</summary>
    [Fact]
    public void A_connection_string_built_in_the_method_gets_WAL_after_Open()
    {
        string local = Repository.Replace("public long Count()", "public long Count(string file)", StringComparison.Ordinal)
            .Replace("using var connection = new SqliteConnection(_connectionString);\n        connection.Open();", "using var connection = new SqliteConnection(\"Data Source=\" + file);\n        connection.Open();", StringComparison.Ordinal);
        Assert.NotEqual(Repository, local);
        string? fixedSource = CodeFixHarness.FixFirst(local, new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201");
        Assert.NotNull(fixedSource);
        Assert.Contains("        connection.Open();\n        using (var walPragma = connection.CreateCommand())", fixedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("walConnection", fixedSource, StringComparison.Ordinal);
    }

    // SQLG301: interpolation to parameters.

    [Theory]
    [InlineData(
        "command.CommandText = $\"SELECT * FROM users WHERE email = '{email}' AND id = {id}\";",
        "command.CommandText = \"SELECT * FROM users WHERE email = $email AND id = $id\";\n        command.Parameters.AddWithValue(\"$email\", email);\n        command.Parameters.AddWithValue(\"$id\", id);")]
    // A constant hole stays; one parameter for a value used twice; the member's name in camelCase.
    [InlineData(
        "command.CommandText = $\"SELECT * FROM {Table} WHERE name = {user.Name} OR alias = {user.Name}\";",
        "command.CommandText = $\"SELECT * FROM {Table} WHERE name = $name OR alias = $name\";\n        command.Parameters.AddWithValue(\"$name\", user.Name);")]
    // A value that may be null is passed as DBNull (Microsoft.Data.Sqlite refuses a null value).
    [InlineData(
        "command.CommandText = $\"UPDATE users SET nick = {nick} WHERE id = {ids[0]}\";",
        "command.CommandText = \"UPDATE users SET nick = $nick WHERE id = $p1\";\n        command.Parameters.AddWithValue(\"$nick\", nick ?? (object)DBNull.Value);\n        command.Parameters.AddWithValue(\"$p1\", ids[0]);")]
    // A name the text already uses is not reused; braces are unescaped once the string is no longer interpolated.
    [InlineData(
        "command.CommandText = $@\"SELECT '{{}}' FROM users WHERE a = $id AND b = {id}\";",
        "command.CommandText = @\"SELECT '{}' FROM users WHERE a = $id AND b = $id2\";\n        command.Parameters.AddWithValue(\"$id2\", id);")]
    // A literal with a hole in it becomes one parameter holding the same text.
    [InlineData(
        "command.CommandText = $\"SELECT * FROM users WHERE name LIKE '%{email}%'\";",
        "command.CommandText = \"SELECT * FROM users WHERE name LIKE $email\";\n        command.Parameters.AddWithValue(\"$email\", $\"%{email}%\");")]
    public void An_interpolated_CommandText_becomes_parameters(string statement, string expected)
    {
        string Body(string line) => "        using var command = given.CreateCommand();\n        " + line + "\n        return command.ExecuteScalar();";
        AssertFixed(new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", Body(statement), Body(expected));
    }

    [Theory]
    [InlineData(
        "using var command = new SqliteCommand($\"DELETE FROM users WHERE id = {id}\", given);",
        "using var command = new SqliteCommand(\"DELETE FROM users WHERE id = $id\", given);\n        command.Parameters.AddWithValue(\"$id\", id);")]
    [InlineData(
        "var command = new SqliteCommand { Connection = given, CommandText = $\"SELECT * FROM users WHERE email = {user.Email}\" };",
        "var command = new SqliteCommand { Connection = given, CommandText = \"SELECT * FROM users WHERE email = $email\" };\n        command.Parameters.AddWithValue(\"$email\", user.Email);")]
    public void An_interpolated_text_given_to_a_new_command_becomes_parameters(string declaration, string expected)
    {
        string Body(string line) => "        " + line + "\n        return command.ExecuteScalar();";
        AssertFixed(new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", Body(declaration), Body(expected));
    }

    [Theory]
    [InlineData("command.CommandText = $\"SELECT * FROM users WHERE id = {id:D4}\";")]               // formatted
    [InlineData("command.CommandText = $\"SELECT * FROM users WHERE id IN ({string.Join(\",\", ids)})\";")] // a list
    [InlineData("command.CommandText = $\"SELECT * FROM users WHERE email = '{email}\\'\";")]          // a quote written as an escape
    [InlineData("other.CommandText = $\"SELECT * FROM users WHERE id = {id}\";")]                     // not a SqliteCommand
    public void The_parameter_fix_is_not_offered_where_it_is_not_mechanical(string statement)
    {
        string body = "        using var command = given.CreateCommand();\n        " + statement + "\n        return command.ExecuteScalar();";
        AssertNotOffered(new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", body);
    }

    [Fact]
    public void Both_fixes_work_on_top_level_statements()
    {
        string program = """
            using Microsoft.Data.Sqlite;

            using var connection = new SqliteConnection("Data Source=" + args[0]);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM users WHERE email = '{args[1]}'";
            command.ExecuteNonQuery();

            """ + ConnectionAnalyzerTests.HostMarker;
        string? withWal = CodeFixHarness.Fix(program, new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", OutputKind.ConsoleApplication);
        string? withParameters = CodeFixHarness.Fix(program, new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", OutputKind.ConsoleApplication);

        Assert.Equal(program.Replace("connection.Open();\n", """
            connection.Open();
            using (var walPragma = connection.CreateCommand())
            {
                walPragma.CommandText = "PRAGMA journal_mode = WAL";
                walPragma.ExecuteNonQuery();
            }

            """, StringComparison.Ordinal), withWal);
        Assert.Equal(program.Replace("command.CommandText = $\"SELECT * FROM users WHERE email = '{args[1]}'\";\n", """
            command.CommandText = "SELECT * FROM users WHERE email = $p0";
            command.Parameters.AddWithValue("$p0", args[1]);

            """, StringComparison.Ordinal), withParameters);
        Assert.DoesNotContain(CodeFixHarness.Reanalyze(withWal!, new ConnectionAnalyzer(), OutputKind.ConsoleApplication), d => d.Id == "SQLG201");
        Assert.DoesNotContain(CodeFixHarness.Reanalyze(withParameters!, new SqlTextAnalyzer(), OutputKind.ConsoleApplication), d => d.Id == "SQLG301");
    }

    [Fact]
    public void Fix_all_in_a_document_fixes_every_occurrence()
    {
        const string before = """
                    using var first = new SqliteConnection("Data Source=a.db");
                    first.Open();
                    using var second = new SqliteConnection("Data Source=b.db");
                    second.Open();
                    using var read = first.CreateCommand();
                    read.CommandText = $"SELECT * FROM users WHERE id = {id}";
                    read.ExecuteScalar();
                    using var write = second.CreateCommand();
                    write.CommandText = $"DELETE FROM users WHERE email = '{email}'";
                    return write.ExecuteNonQuery();
            """;
        string withWal = CodeFixHarness.FixAll(Source(before), new ConnectionAnalyzer(), new InsertWalPragmaCodeFix(), "SQLG201", nameof(InsertWalPragmaCodeFix));
        string both = CodeFixHarness.FixAll(withWal, new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", nameof(InterpolationToParametersCodeFix));

        const string after = """
                    using var first = new SqliteConnection("Data Source=a.db");
                    first.Open();
                    using (var walPragma = first.CreateCommand())
                    {
                        walPragma.CommandText = "PRAGMA journal_mode = WAL";
                        walPragma.ExecuteNonQuery();
                    }
                    using var second = new SqliteConnection("Data Source=b.db");
                    second.Open();
                    using (var walPragma = second.CreateCommand())
                    {
                        walPragma.CommandText = "PRAGMA journal_mode = WAL";
                        walPragma.ExecuteNonQuery();
                    }
                    using var read = first.CreateCommand();
                    read.CommandText = "SELECT * FROM users WHERE id = $id";
                    read.Parameters.AddWithValue("$id", id);
                    read.ExecuteScalar();
                    using var write = second.CreateCommand();
                    write.CommandText = "DELETE FROM users WHERE email = $email";
                    write.Parameters.AddWithValue("$email", email);
                    return write.ExecuteNonQuery();
            """;
        Assert.Equal(Source(after).ReplaceLineEndings("\n"), both.ReplaceLineEndings("\n"));
        Assert.Empty(CodeFixHarness.Reanalyze(both, new ConnectionAnalyzer()));
        Assert.Empty(CodeFixHarness.Reanalyze(both, new SqlTextAnalyzer()));
    }

    [Fact]
    public void A_raw_string_keeps_its_layout()
    {
        const string before = """"
                    using var command = given.CreateCommand();
                    command.CommandText = $"""
                        SELECT * FROM users
                        WHERE id = {id} AND email = '{email}'
                        """;
                    return command.ExecuteScalar();
            """";
        const string after = """"
                    using var command = given.CreateCommand();
                    command.CommandText = """
                        SELECT * FROM users
                        WHERE id = $id AND email = $email
                        """;
                    command.Parameters.AddWithValue("$id", id);
                    command.Parameters.AddWithValue("$email", email);
                    return command.ExecuteScalar();
            """";
        AssertFixed(new SqlTextAnalyzer(), new InterpolationToParametersCodeFix(), "SQLG301", before, after);
    }

    // SQLG203: begin immediate.

    [Theory]
    [InlineData("using var tx = given.BeginTransaction(deferred: true);", "using var tx = given.BeginTransaction();")]
    [InlineData("using var tx = given.BeginTransaction(true);", "using var tx = given.BeginTransaction();")]
    [InlineData("using var tx = given.BeginTransaction(System.Data.IsolationLevel.Serializable, true);", "using var tx = given.BeginTransaction(System.Data.IsolationLevel.Serializable);")]
    [InlineData("using var tx = given.BeginTransaction(deferred: true, isolationLevel: System.Data.IsolationLevel.ReadCommitted);", "using var tx = given.BeginTransaction(isolationLevel: System.Data.IsolationLevel.ReadCommitted);")]
    public void A_deferred_transaction_that_writes_becomes_immediate(string begin, string expected)
    {
        string Body(string line) => "        " + line + "\n        using var command = new SqliteCommand(\"UPDATE users SET name = 'x' WHERE id = 1\", given, tx);\n        return command.ExecuteNonQuery();";
        AssertFixed(new ConnectionAnalyzer(), new BeginImmediateCodeFix(), "SQLG203", Body(begin), Body(expected));
    }

    /// <summary>Microsoft.Data.Sqlite begins a ReadUncommitted transaction deferred whatever the flag says; a level it cannot read might be that.</summary>
    [Theory]
    [InlineData("System.Data.IsolationLevel.ReadUncommitted")]
    [InlineData("ok ? System.Data.IsolationLevel.Serializable : System.Data.IsolationLevel.ReadUncommitted")]
    public void The_immediate_fix_is_not_offered_when_the_level_is_or_may_be_ReadUncommitted(string level)
    {
        string body = $"        using var tx = given.BeginTransaction({level}, true);\n        using var command = new SqliteCommand(\"DELETE FROM users WHERE id = 1\", given, tx);\n        return command.ExecuteNonQuery();";
        AssertNotOffered(new ConnectionAnalyzer(), new BeginImmediateCodeFix(), "SQLG203", body);
    }

    // SQLG102: add [Indexed] to a foreign key.

    /// <summary>Records: a referenced table and <paramref name="declaration"/> (the record with the foreign key).</summary>
    private static string Records(string declaration, string usings = "using SqliteGen;\n") =>
        usings + "\nnamespace App;\n\n[SqliteGen.SqliteDatabase] public partial class NotesDb;\n[SqliteGen.Table] public partial record Topic([SqliteGen.PrimaryKey] long TopicId);\n\n" + declaration + "\n";

    /// <summary>The fix gives exactly <paramref name="expected"/>, which the generator turns into code that compiles, with no SQLG102 left.</summary>
    private static void AssertIndexed(string before, string expected, string usings = "using SqliteGen;\n")
    {
        string? fixedSource = CodeFixHarness.Fix(Records(before, usings), new DeclarationAnalyzer(), new AddIndexedCodeFix(), "SQLG102");
        Assert.NotNull(fixedSource);
        Assert.Equal(Records(expected, usings).ReplaceLineEndings("\n"), fixedSource.ReplaceLineEndings("\n"));
        GeneratorOutput generated = Harness.Generate(fixedSource);
        Assert.True(!generated.CompilationDiagnostics.Any(), generated.CompilationDiagnostics.Describe());
        Assert.Contains(generated.Sources, s => s.Source.Contains("FindByTopicId", StringComparison.Ordinal));
        AnalyzerOutput analysis = Harness.Analyze(generated.Compilation);
        Assert.Empty(analysis.Exceptions);
        Assert.DoesNotContain(analysis.Diagnostics, d => d.Id == "SQLG102");
    }

    [Fact]
    public void Indexed_joins_the_References_list_of_a_record_parameter()
    {
        AssertIndexed(
            "[Table]\npublic partial record Note(\n    [PrimaryKey] long Id,\n    [References(typeof(Topic), OnDelete = ForeignKeyAction.Cascade)] long TopicId, // the topic\n    string Text);",
            "[Table]\npublic partial record Note(\n    [PrimaryKey] long Id,\n    [References(typeof(Topic), OnDelete = ForeignKeyAction.Cascade), Indexed] long TopicId, // the topic\n    string Text);");
    }

    [Fact]
    public void Indexed_joins_the_References_list_of_a_property_with_other_lists()
    {
        AssertIndexed(
            "[Table]\npublic partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n\n    /// <summary>The topic.</summary>\n    [Column(\"topic_id\")]\n    [References(typeof(Topic))]\n    public long TopicId { get; init; }\n}",
            "[Table]\npublic partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n\n    /// <summary>The topic.</summary>\n    [Column(\"topic_id\")]\n    [References(typeof(Topic)), Indexed]\n    public long TopicId { get; init; }\n}");
    }

    [Fact]
    public void Without_a_using_the_attribute_is_qualified()
    {
        AssertIndexed(
            "[SqliteGen.Table] public partial record Note([SqliteGen.PrimaryKey] long Id, [SqliteGen.References(typeof(Topic))] long TopicId);",
            "[SqliteGen.Table] public partial record Note([SqliteGen.PrimaryKey] long Id, [SqliteGen.References(typeof(Topic)), SqliteGen.Indexed] long TopicId);",
            usings: "");
    }

    [Fact]
    public void Fix_all_indexes_every_foreign_key_of_the_document()
    {
        string before = Records("[Table] public partial record Tag([PrimaryKey] long TagId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, [References(typeof(Tag))] long TagId);");
        string after = CodeFixHarness.FixAll(before, new DeclarationAnalyzer(), new AddIndexedCodeFix(), "SQLG102", nameof(AddIndexedCodeFix));
        Assert.Equal(
            Records("[Table] public partial record Tag([PrimaryKey] long TagId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId, [References(typeof(Tag)), Indexed] long TagId);").ReplaceLineEndings("\n"),
            after.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(CodeFixHarness.Reanalyze(after, new DeclarationAnalyzer()), d => d.Id == "SQLG102");
    }

    private static string QueryClass(string declaration) => $$"""
        using System.Collections.Generic;
        using SqliteGen;

        namespace App;

        [Table("users")]
        public partial record User([PrimaryKey] long Id, string Name);

        [SqliteDatabase(Tables = new[] { typeof(User) })]
        public partial class AppDb;

        {{declaration}}
        {
            [Query("SELECT count(*) FROM users")]
            public partial long Count();
        }
        """;

    [Fact]
    public void SQLG309_a_query_class_and_the_class_it_is_nested_in_become_partial_and_the_queries_are_generated()
    {
        string before = QueryClass("public static class Queries\n{\n[SqliteQueries(typeof(AppDb))]\npublic sealed class UserQueries") + "\n}\n";
        string? fixedSource = CodeFixHarness.FixGeneratorDiagnostic(before, new MakePartialCodeFix(), "SQLG309");
        Assert.NotNull(fixedSource);
        Assert.Contains("public static partial class Queries", fixedSource);
        Assert.Contains("public sealed partial class UserQueries", fixedSource);
        GeneratorOutput generated = Harness.Generate(fixedSource);
        Assert.DoesNotContain(generated.Reported, d => d.Id == "SQLG309");
        Assert.True(!generated.CompilationDiagnostics.Any(), generated.CompilationDiagnostics.Describe());
        Assert.Contains(generated.Sources, s => s.HintName.Contains("UserQueries", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[SqliteQueries(typeof(User))]\npublic partial class UserQueries")] // partial already: the database is what is wrong
    [InlineData("[SqliteQueries(typeof(AppDb))]\npublic partial record UserQueries")]
    [InlineData("[SqliteQueries(typeof(AppDb))]\npublic class UserQueries<T>")]
    public void SQLG309_no_fix_where_partial_is_not_what_is_missing(string declaration) =>
        Assert.Null(CodeFixHarness.FixGeneratorDiagnostic(QueryClass(declaration), new MakePartialCodeFix(), "SQLG309"));

    [Fact]
    public void SQLG308_a_class_with_queries_is_linked_to_the_one_database_and_the_queries_are_generated()
    {
        string? fixedSource = CodeFixHarness.FixGeneratorDiagnostic(QueryClass("/// <summary>Queries.</summary>\npublic sealed class UserQueries"), new LinkQueryClassCodeFix(), "SQLG308");
        Assert.NotNull(fixedSource);
        Assert.Contains("/// <summary>Queries.</summary>\n[SqliteQueries(typeof(AppDb))]\npublic sealed partial class UserQueries\n", fixedSource.ReplaceLineEndings("\n"));
        GeneratorOutput generated = Harness.Generate(fixedSource);
        Assert.Empty(generated.Reported);
        Assert.True(!generated.CompilationDiagnostics.Any(), generated.CompilationDiagnostics.Describe());
        Assert.Contains(generated.Sources, s => s.HintName.Contains("UserQueries", StringComparison.Ordinal));
    }

    [Fact]
    public void SQLG308_no_fix_when_the_project_has_two_databases() =>
        Assert.Null(CodeFixHarness.FixGeneratorDiagnostic(
            QueryClass("[SqliteDatabase(Tables = new[] { typeof(User) })]\npublic partial class OtherDb;\n\npublic partial class UserQueries"),
            new LinkQueryClassCodeFix(), "SQLG308"));

    [Fact]
    public void SQLG308_no_fix_when_the_method_itself_is_wrong() =>
        Assert.Null(CodeFixHarness.FixGeneratorDiagnostic(
            QueryClass("[SqliteQueries(typeof(AppDb))]\npublic partial class UserQueries").Replace("public partial long Count();", "public static partial long Count();", StringComparison.Ordinal),
            new LinkQueryClassCodeFix(), "SQLG308"));

    /// <summary>An IDE finds code fixes through their export attribute: each provider has one, and the fixes cover the rules their pages promise.</summary>
    [Fact]
    public void Every_fix_is_exported_for_CSharp_and_its_rule_page_says_so()
    {
        Type[] providers = typeof(SqliteGenCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
            .ToArray();
        Assert.All(providers, t => Assert.Contains(LanguageNames.CSharp,
            Assert.Single(t.GetCustomAttributes(typeof(Microsoft.CodeAnalysis.CodeFixes.ExportCodeFixProviderAttribute), inherit: false)
                .Cast<Microsoft.CodeAnalysis.CodeFixes.ExportCodeFixProviderAttribute>()).Languages));

        string[] fixedIds = providers.SelectMany(t => ((Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "SQLG001", "SQLG008", "SQLG016", "SQLG102", "SQLG201", "SQLG203", "SQLG301", "SQLG302", "SQLG308", "SQLG309" }, fixedIds);
        string rules = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ThisFile())!, "..", "..", "docs", "rules");
        Assert.All(fixedIds, id => Assert.Contains("ode fix", System.IO.File.ReadAllText(System.IO.Path.Combine(rules, id + ".md")), StringComparison.Ordinal));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

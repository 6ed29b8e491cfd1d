extern alias analyzers;

using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SqliteGen.CodeFixes;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// The four code fixes through Microsoft.CodeAnalysis.Testing: the text before (with its diagnostics marked) and
/// after, which must compile without warnings and be free of the diagnostic; fix-all (document, project, solution)
/// checked against the same or a stated text; and the near misses where no fix may be offered.
/// </summary>
public sealed class CodeFixVerifierTests
{
    /// <summary>A method body (8-space indented lines) in a class with the usual values as parameters: the same class as <see cref="CodeFixTests"/>.</summary>
    private static string Source(string body) => CodeFixTests.Source(body);

    private static Task Wal(string before, string after) =>
        CodeFixVerifierTest<ConnectionAnalyzer, InsertWalPragmaCodeFix>.VerifyAsync(Source(before), Source(after));

    private static Task Parameters(string before, string after) =>
        CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>.VerifyAsync(Source(before), Source(after));

    // SQLG201: execute the WAL pragma right after Open.

    [Fact]
    public Task SQLG201_the_pragma_follows_Open() => Wal(
        """
                using var connection = new SqliteConnection("Data Source=app.db");
                {|SQLG201:connection.Open()|};
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM users";
                return command.ExecuteScalar();
        """,
        """
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
        """);

    [Fact]
    public Task SQLG201_after_OpenAsync_the_pragma_is_awaited_with_the_same_arguments_and_a_free_name() => Wal(
        """
                await using var connection = new SqliteConnection("Data Source=app.db");
                await {|SQLG201:connection.OpenAsync(cancellationToken)|}.ConfigureAwait(false);
                var walPragma = "taken";
                using var command = new SqliteCommand("SELECT count(*) FROM users", connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? walPragma;
        """,
        """
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
        """);

    [Fact]
    public Task SQLG201_fix_all_fixes_each_connection()
    {
        string Fixed(string secondName) => Source($$"""
                    using var first = new SqliteConnection("Data Source=a.db");
                    first.Open();
                    using (var walPragma = first.CreateCommand())
                    {
                        walPragma.CommandText = "PRAGMA journal_mode = WAL";
                        walPragma.ExecuteNonQuery();
                    }
                    using var second = new SqliteConnection("Data Source=b.db");
                    second.Open();
                    using (var {{secondName}} = second.CreateCommand())
                    {
                        {{secondName}}.CommandText = "PRAGMA journal_mode = WAL";
                        {{secondName}}.ExecuteNonQuery();
                    }
                    new SqliteCommand("SELECT 1", first).ExecuteScalar();
                    return new SqliteCommand("SELECT 2", second).ExecuteScalar();
            """);
        return new CodeFixVerifierTest<ConnectionAnalyzer, InsertWalPragmaCodeFix>
        {
            TestCode = Source("""
                        using var first = new SqliteConnection("Data Source=a.db");
                        {|SQLG201:first.Open()|};
                        using var second = new SqliteConnection("Data Source=b.db");
                        {|SQLG201:second.Open()|};
                        new SqliteCommand("SELECT 1", first).ExecuteScalar();
                        return new SqliteCommand("SELECT 2", second).ExecuteScalar();
                """),
            // One at a time, the first fix names the journal mode, which the file keeps: the second connection is no longer reported.
            FixedCode = Source("""
                        using var first = new SqliteConnection("Data Source=a.db");
                        first.Open();
                        using (var walPragma = first.CreateCommand())
                        {
                            walPragma.CommandText = "PRAGMA journal_mode = WAL";
                            walPragma.ExecuteNonQuery();
                        }
                        using var second = new SqliteConnection("Data Source=b.db");
                        second.Open();
                        new SqliteCommand("SELECT 1", first).ExecuteScalar();
                        return new SqliteCommand("SELECT 2", second).ExecuteScalar();
                """),
            // Fix-all computes every fix on the original text: both get the same name, each in its own using block.
            BatchFixedCode = Fixed("walPragma"),
        }.RunAsync();
    }

    [Fact]
    public Task SQLG201_no_fix_when_Open_is_not_a_statement_of_a_block() =>
        CodeFixVerifierTest<ConnectionAnalyzer, InsertWalPragmaCodeFix>.VerifyNotOfferedAsync(Source("""
                    using var connection = new SqliteConnection("Data Source=app.db");
                    if (ok) {|SQLG201:connection.Open()|};
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1";
                    return command.ExecuteScalar();
            """));

    [Fact]
    public Task SQLG201_on_top_level_statements()
    {
        var test = new CodeFixVerifierTest<ConnectionAnalyzer, InsertWalPragmaCodeFix>
        {
            TestCode = """
                using Microsoft.Data.Sqlite;

                using var connection = new SqliteConnection("Data Source=" + args[0]);
                {|SQLG201:connection.Open()|};
                new SqliteCommand("SELECT 1", connection).ExecuteScalar();

                """ + ConnectionAnalyzerTests.HostMarker,
            FixedCode = """
                using Microsoft.Data.Sqlite;

                using var connection = new SqliteConnection("Data Source=" + args[0]);
                connection.Open();
                using (var walPragma = connection.CreateCommand())
                {
                    walPragma.CommandText = "PRAGMA journal_mode = WAL";
                    walPragma.ExecuteNonQuery();
                }
                new SqliteCommand("SELECT 1", connection).ExecuteScalar();

                """ + ConnectionAnalyzerTests.HostMarker,
        };
        // Top-level statements need an executable, in every state the test compiles (before, after, fix-all).
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectCompilationOptions(projectId, solution.GetProject(projectId)!.CompilationOptions!.WithOutputKind(OutputKind.ConsoleApplication)));
        return test.RunAsync();
    }

    // SQLG301: interpolated text to parameters.

    private static string CommandBody(string line) => "        using var command = given.CreateCommand();\n        " + line + "\n        return command.ExecuteScalar();";

    [Theory]
    [InlineData(
        "command.CommandText = {|SQLG301:$\"SELECT * FROM users WHERE email = '{email}' AND id = {id}\"|};",
        "command.CommandText = \"SELECT * FROM users WHERE email = $email AND id = $id\";\n        command.Parameters.AddWithValue(\"$email\", email);\n        command.Parameters.AddWithValue(\"$id\", id);")]
    // A constant hole stays; one parameter for a value used twice, named after the member.
    [InlineData(
        "command.CommandText = {|SQLG301:$\"SELECT * FROM {Table} WHERE name = {user.Name} OR alias = {user.Name}\"|};",
        "command.CommandText = $\"SELECT * FROM {Table} WHERE name = $name OR alias = $name\";\n        command.Parameters.AddWithValue(\"$name\", user.Name);")]
    // A value that may be null goes as DBNull.
    [InlineData(
        "command.CommandText = {|SQLG301:$\"UPDATE users SET nick = {nick} WHERE id = {ids[0]}\"|};",
        "command.CommandText = \"UPDATE users SET nick = $nick WHERE id = $p1\";\n        command.Parameters.AddWithValue(\"$nick\", nick ?? (object)DBNull.Value);\n        command.Parameters.AddWithValue(\"$p1\", ids[0]);")]
    // A name the text already uses is not reused; braces are unescaped once the string is no longer interpolated.
    [InlineData(
        "command.CommandText = {|SQLG301:$@\"SELECT '{{}}' FROM users WHERE a = $id AND b = {id}\"|};",
        "command.CommandText = @\"SELECT '{}' FROM users WHERE a = $id AND b = $id2\";\n        command.Parameters.AddWithValue(\"$id2\", id);")]
    public Task SQLG301_an_interpolated_CommandText_becomes_parameters(string before, string after) =>
        Parameters(CommandBody(before), CommandBody(after));

    [Theory]
    [InlineData(
        "using var command = new SqliteCommand({|SQLG301:$\"DELETE FROM users WHERE id = {id}\"|}, given);",
        "using var command = new SqliteCommand(\"DELETE FROM users WHERE id = $id\", given);\n        command.Parameters.AddWithValue(\"$id\", id);")]
    [InlineData(
        "var command = new SqliteCommand { Connection = given, CommandText = {|SQLG301:$\"SELECT * FROM users WHERE email = {user.Email}\"|} };",
        "var command = new SqliteCommand { Connection = given, CommandText = \"SELECT * FROM users WHERE email = $email\" };\n        command.Parameters.AddWithValue(\"$email\", user.Email);")]
    public Task SQLG301_the_text_of_a_new_command_becomes_parameters(string before, string after) =>
        Parameters("        " + before + "\n        return command.ExecuteScalar();", "        " + after + "\n        return command.ExecuteScalar();");

    [Fact]
    public Task SQLG301_a_raw_string_keeps_its_layout() => Parameters(
        """"
                using var command = given.CreateCommand();
                command.CommandText = {|SQLG301:$"""
                    SELECT * FROM users
                    WHERE id = {id} AND email = '{email}'
                    """|};
                return command.ExecuteScalar();
        """",
        """"
                using var command = given.CreateCommand();
                command.CommandText = """
                    SELECT * FROM users
                    WHERE id = $id AND email = $email
                    """;
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$email", email);
                return command.ExecuteScalar();
        """");

    [Fact]
    public Task SQLG301_fix_all_fixes_each_command() => Parameters(
        """
                using var read = given.CreateCommand();
                read.CommandText = {|SQLG301:$"SELECT * FROM users WHERE id = {id}"|};
                read.ExecuteScalar();
                using var write = given.CreateCommand();
                write.CommandText = {|SQLG301:$"DELETE FROM users WHERE email = '{email}'"|};
                return write.ExecuteNonQuery();
        """,
        """
                using var read = given.CreateCommand();
                read.CommandText = "SELECT * FROM users WHERE id = $id";
                read.Parameters.AddWithValue("$id", id);
                read.ExecuteScalar();
                using var write = given.CreateCommand();
                write.CommandText = "DELETE FROM users WHERE email = $email";
                write.Parameters.AddWithValue("$email", email);
                return write.ExecuteNonQuery();
        """);

    [Theory]
    [InlineData("command.CommandText = {|SQLG301:$\"SELECT * FROM users WHERE id = {id:D4}\"|};")]               // formatted, outside quotes
    [InlineData("command.CommandText = {|SQLG301:$\"SELECT * FROM users WHERE id IN ({string.Join(\",\", ids)})\"|};")] // a list
    [InlineData("other.CommandText = {|SQLG301:$\"SELECT * FROM users WHERE id = {id}\"|};")]                     // not a SqliteCommand
    [InlineData("command.CommandText = {|SQLG301:$\"SELECT * FROM users_{id} WHERE id = {id}\"|};")]              // inside a word
    [InlineData("command.CommandText = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id + \" AND \" + email|};")] // a string after AND: maybe a clause
    [InlineData("command.CommandText = {|SQLG301:string.Format(\"SELECT * FROM users WHERE id = {0}\", new object[] { id })|};")] // the values as an array
    public Task SQLG301_no_fix_where_it_is_not_mechanical(string line) =>
        CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>.VerifyNotOfferedAsync(Source(CommandBody(line)));

    // SQLG301 on concatenation, string.Format and a local holding the text.

    [Theory]
    [InlineData(
        "command.CommandText = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|};",
        "command.CommandText = \"SELECT * FROM users WHERE id = $id\";\n        command.Parameters.AddWithValue(\"$id\", id);")]
    // A quoted value loses its quotes; a constant stays, as an interpolation.
    [InlineData(
        "command.CommandText = {|SQLG301:\"DELETE FROM \" + Table + \" WHERE email = '\" + email + \"' AND id > \" + (id + 1)|};",
        "command.CommandText = $\"DELETE FROM {Table} WHERE email = $email AND id > $p1\";\n        command.Parameters.AddWithValue(\"$email\", email);\n        command.Parameters.AddWithValue(\"$p1\", id + 1);")]
    // string.Format: a date formatted inside quotes is bound as the same text.
    [InlineData(
        "command.CommandText = {|SQLG301:string.Format(\"SELECT * FROM users WHERE email = '{0}' AND seen < '{1:yyyy-MM-dd}' AND id > {2}\", email, DateTime.Today, id)|};",
        "command.CommandText = \"SELECT * FROM users WHERE email = $email AND seen < $today AND id > $id\";\n        command.Parameters.AddWithValue(\"$email\", email);\n        command.Parameters.AddWithValue(\"$today\", $\"{DateTime.Today:yyyy-MM-dd}\");\n        command.Parameters.AddWithValue(\"$id\", id);")]
    // A string that may be null was spliced as '' and is bound as "".
    [InlineData(
        "command.CommandText = {|SQLG301:\"SELECT * FROM users WHERE nick = '\" + nick + \"'\"|};",
        "command.CommandText = \"SELECT * FROM users WHERE nick = $nick\";\n        command.Parameters.AddWithValue(\"$nick\", nick ?? \"\");")]
    // A value quoted by hand was the literal's text: the parameter binds the value itself.
    [InlineData(
        "command.CommandText = {|SQLG301:\"UPDATE users SET nick = '\" + email.Replace(\"'\", \"''\") + \"' WHERE id = \" + id|};",
        "command.CommandText = \"UPDATE users SET nick = $email WHERE id = $id\";\n        command.Parameters.AddWithValue(\"$email\", email);\n        command.Parameters.AddWithValue(\"$id\", id);")]
    public Task SQLG301_concatenation_and_Format_become_parameters(string before, string after) =>
        Parameters(CommandBody(before), CommandBody(after));

    /// <summary>A non-constant name stays spliced (a parameter cannot stand for it), which SQLG310, off by default, notes; the value beside it is bound.</summary>
    [Fact]
    public Task SQLG301_a_name_stays_spliced_and_the_value_beside_it_is_bound()
    {
        var test = new CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>
        {
            TestCode = Source(CommandBody("command.CommandText = {|SQLG301:$\"SELECT * FROM {user.Name} WHERE id = {id}\"|};")),
            FixedCode = Source(CommandBody("command.CommandText = $\"SELECT * FROM {{|SQLG310:user.Name|}} WHERE id = $id\";\n        command.Parameters.AddWithValue(\"$id\", id);")),
        };
        return test.RunAsync();
    }

    [Fact]
    public Task SQLG301_a_local_holding_the_text_is_rewritten_and_the_command_that_uses_it_gets_the_values() => Parameters(
        """
                var sql = {|SQLG301:"DELETE FROM users WHERE email = '" + email + "'"|};
                using var command = new SqliteCommand(sql, given);
                return command.ExecuteNonQuery();
        """,
        """
                var sql = "DELETE FROM users WHERE email = $email";
                using var command = new SqliteCommand(sql, given);
                command.Parameters.AddWithValue("$email", email);
                return command.ExecuteNonQuery();
        """);

    [Fact]
    public Task SQLG301_a_command_in_a_using_statement_gets_the_values_at_the_start_of_its_block() => Parameters(
        """
                using (var command = new SqliteCommand({|SQLG301:"SELECT * FROM users WHERE id = " + id|}, given))
                {
                    return command.ExecuteScalar();
                }
        """,
        """
                using (var command = new SqliteCommand("SELECT * FROM users WHERE id = $id", given))
                {
                    command.Parameters.AddWithValue("$id", id);
                    return command.ExecuteScalar();
                }
        """);

    [Theory]
    // Used twice: the text is not one command's.
    [InlineData("var sql = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|};\n        command.CommandText = sql;\n        command.ExecuteScalar();\n        command.CommandText = sql;")]
    // A value changes between the text and its use.
    [InlineData("var sql = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|};\n        id++;\n        command.CommandText = sql;")]
    // Used inside a loop the text is built outside of.
    [InlineData("var sql = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|};\n        for (int i = 0; i < 2; i++)\n            command.CommandText = sql;")]
    public Task SQLG301_no_fix_for_a_local_unless_it_is_the_text_of_one_use(string lines) =>
        CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>.VerifyNotOfferedAsync(Source(
            "        using var command = given.CreateCommand();\n        " + lines + "\n        return command.ExecuteScalar();"));

    // SQLG203: begin immediate.

    private static string TransactionBody(string begin, string sql = "UPDATE users SET name = 'x' WHERE id = 1") =>
        "        using var tx = " + begin + ";\n        using var command = new SqliteCommand(\"" + sql + "\", given, tx);\n        return {|#1:command.ExecuteNonQuery()|};";

    private static DiagnosticResult DeferredThenWrite(string verb = "UPDATE") =>
        new DiagnosticResult("SQLG203", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithArguments("tx", "given", verb);

    [Theory]
    [InlineData("given.BeginTransaction(deferred: true)", "given.BeginTransaction()")]
    [InlineData("given.BeginTransaction(true)", "given.BeginTransaction()")]
    [InlineData("given.BeginTransaction(System.Data.IsolationLevel.Serializable, true)", "given.BeginTransaction(System.Data.IsolationLevel.Serializable)")]
    [InlineData("given.BeginTransaction(deferred: true, isolationLevel: System.Data.IsolationLevel.ReadCommitted)", "given.BeginTransaction(isolationLevel: System.Data.IsolationLevel.ReadCommitted)")]
    public Task SQLG203_a_deferred_transaction_that_writes_becomes_immediate(string begin, string immediate) =>
        CodeFixVerifierTest<ConnectionAnalyzer, BeginImmediateCodeFix>.VerifyAsync(
            Source(TransactionBody("{|#0:" + begin + "|}")),
            Source(TransactionBody(immediate).Replace("{|#1:", "").Replace("|}", "")),
            DeferredThenWrite());

    [Fact]
    public Task SQLG203_fix_all_fixes_each_transaction()
    {
        string Body(string first, string second) => $$"""
                    using var tx = {{first}};
                    new SqliteCommand("DELETE FROM users WHERE id = 1", given, tx).ExecuteNonQuery();
                    tx.Commit();
                    using var tx2 = {{second}};
                    new SqliteCommand("INSERT INTO log VALUES (1)", given, tx2).ExecuteNonQuery();
                    tx2.Commit();
                    return null;
            """;
        string before = Body("{|#0:given.BeginTransaction(deferred: true)|}", "{|#2:given.BeginTransaction(true)|}")
            .Replace("new SqliteCommand(\"DELETE FROM users WHERE id = 1\", given, tx).ExecuteNonQuery()", "{|#1:new SqliteCommand(\"DELETE FROM users WHERE id = 1\", given, tx).ExecuteNonQuery()|}")
            .Replace("new SqliteCommand(\"INSERT INTO log VALUES (1)\", given, tx2).ExecuteNonQuery()", "{|#3:new SqliteCommand(\"INSERT INTO log VALUES (1)\", given, tx2).ExecuteNonQuery()|}");
        return CodeFixVerifierTest<ConnectionAnalyzer, BeginImmediateCodeFix>.VerifyAsync(
            Source(before),
            Source(Body("given.BeginTransaction()", "given.BeginTransaction()")),
            new DiagnosticResult("SQLG203", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithArguments("tx", "given", "DELETE"),
            new DiagnosticResult("SQLG203", DiagnosticSeverity.Warning).WithLocation(2).WithLocation(3).WithArguments("tx2", "given", "INSERT"));
    }

    /// <summary>Microsoft.Data.Sqlite begins a ReadUncommitted transaction deferred whatever the flag says; a level it cannot read might be that.</summary>
    [Theory]
    [InlineData("System.Data.IsolationLevel.ReadUncommitted")]
    [InlineData("ok ? System.Data.IsolationLevel.Serializable : System.Data.IsolationLevel.ReadUncommitted")]
    public Task SQLG203_no_fix_when_the_level_is_or_may_be_ReadUncommitted(string level) =>
        CodeFixVerifierTest<ConnectionAnalyzer, BeginImmediateCodeFix>.VerifyNotOfferedAsync(
            Source(TransactionBody("{|#0:given.BeginTransaction(" + level + ", true)|}", "DELETE FROM users WHERE id = 1")),
            DeferredThenWrite("DELETE"));

    // SQLG301 with System.Data.SQLite and Dapper: '@' parameters, added with AddWithValue or as an anonymous object.

    private static string ProviderSource(string body) => $$"""
        using System.Data.SQLite;
        using Dapper;

        public static class UserCode
        {
            public static object? Run(SQLiteConnection connection, string email, int id)
            {
        {{body}}
            }
        }
        """;

    private static Task ProviderParameters(string before, string after)
    {
        var test = new CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix> { TestCode = ProviderSource(before), FixedCode = ProviderSource(after) };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(System.Data.SQLite.SQLiteConnection).Assembly.Location));
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Dapper.SqlMapper).Assembly.Location));
        return test.RunAsync();
    }

    [Fact]
    public Task SQLG301_for_System_Data_SQLite_adds_at_parameters() => ProviderParameters(
        """
                using var command = new SQLiteCommand({|SQLG301:$"SELECT * FROM users WHERE email = '{email}'"|}, connection);
                return command.ExecuteScalar();
        """,
        """
                using var command = new SQLiteCommand("SELECT * FROM users WHERE email = @email", connection);
                command.Parameters.AddWithValue("@email", email);
                return command.ExecuteScalar();
        """);

    [Fact]
    public Task SQLG301_for_Dapper_passes_an_anonymous_object() => ProviderParameters(
        """
                return connection.ExecuteScalar({|SQLG301:$"SELECT count(*) FROM users WHERE email = '{email}' AND id > {id}"|});
        """,
        """
                return connection.ExecuteScalar("SELECT count(*) FROM users WHERE email = @email AND id > @id", new { email, id });
        """);

    [Fact]
    public Task SQLG301_for_Dapper_names_the_object_before_named_arguments() => ProviderParameters(
        """
                return connection.Execute({|SQLG301:$"DELETE FROM users WHERE id = {id + 1}"|}, commandTimeout: 5);
        """,
        """
                return connection.Execute("DELETE FROM users WHERE id = @p0", param: new { p0 = id + 1 }, commandTimeout: 5);
        """);

    [Fact]
    public Task SQLG301_for_System_Data_SQLite_concatenation_in_a_using_statement() => ProviderParameters(
        """
                using (var command = new SQLiteCommand({|SQLG301:"UPDATE users SET email = '" + email + "' WHERE id = " + id|}, connection))
                {
                    return command.ExecuteNonQuery();
                }
        """,
        """
                using (var command = new SQLiteCommand("UPDATE users SET email = @email WHERE id = @id", connection))
                {
                    command.Parameters.AddWithValue("@email", email);
                    command.Parameters.AddWithValue("@id", id);
                    return command.ExecuteNonQuery();
                }
        """);

    [Fact]
    public Task SQLG301_a_using_statement_without_a_block_gets_one() => ProviderParameters(
        """
                string sql = {|SQLG301:"INSERT INTO users (email, id) VALUES ('" + email + "', " + id + ")"|};
                using (var command = new SQLiteCommand(sql, connection))
                    return command.ExecuteNonQuery();
        """,
        """
                string sql = "INSERT INTO users (email, id) VALUES (@email, @id)";
                using (var command = new SQLiteCommand(sql, connection))
                {
                    command.Parameters.AddWithValue("@email", email);
                    command.Parameters.AddWithValue("@id", id);
                    return command.ExecuteNonQuery();
                }
        """);

    [Fact]
    public Task SQLG301_for_System_Data_SQLite_Format_through_a_local() => ProviderParameters(
        """
                string sql = {|SQLG301:string.Format("SELECT * FROM users WHERE email LIKE '{0}%' AND id = {1}", email, id)|};
                var command = connection.CreateCommand();
                command.CommandText = sql;
                return command.ExecuteScalar();
        """,
        """
                string sql = "SELECT * FROM users WHERE email LIKE @email AND id = @id";
                var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("@email", $"{email}%");
                command.Parameters.AddWithValue("@id", id);
                return command.ExecuteScalar();
        """);

    [Fact]
    public Task SQLG301_for_Dapper_concatenation_passes_an_anonymous_object() => ProviderParameters(
        """
                return connection.ExecuteScalar<long>({|SQLG301:"SELECT count(*) FROM users WHERE email = '" + email + "' AND id > " + id|});
        """,
        """
                return connection.ExecuteScalar<long>("SELECT count(*) FROM users WHERE email = @email AND id > @id", new { email, id });
        """);

    [Fact]
    public Task SQLG301_for_Dapper_a_local_holding_the_text() => ProviderParameters(
        """
                var sql = {|SQLG301:string.Format("DELETE FROM users WHERE id = {0}", id)|};
                return connection.Execute(sql, commandTimeout: 5);
        """,
        """
                var sql = "DELETE FROM users WHERE id = @id";
                return connection.Execute(sql, param: new { id }, commandTimeout: 5);
        """);

    // SQLG301 with db.Sql: '$' parameters passed as SqlParameters in the same call, from interpolation or concatenation.

    /// <param name="receiver">The type of <c>sql</c>: SQLite's class, the interface both engines implement, or PostgreSQL's class.</param>
    private static string DatabaseSqlSource(string body, string receiver = "DatabaseSql") => $$"""
        using System;
        using System.Threading;
        using SqliteGen;

        public static class Posts
        {
            public static object? Run({{receiver}} sql, long memberId, string title, string? nick, Guid id, DayOfWeek day, CancellationToken cancellationToken)
            {
        {{body}}
            }
        }
        """;

    private static Task DatabaseSqlParameters(string before, string after) =>
        CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>.VerifyAsync(DatabaseSqlSource(before), DatabaseSqlSource(after));

    [Theory]
    [InlineData(
        "return sql.Execute({|SQLG301:$\"DELETE FROM posts WHERE member_id = {memberId} AND title = '{title}'\"|});",
        "return sql.Execute(\"DELETE FROM posts WHERE member_id = $memberId AND title = $title\", new SqlParameters { { \"memberId\", memberId }, { \"title\", title } });")]
    // Concatenation too: the values go in the same call, so nothing else moves.
    [InlineData(
        "return sql.QuerySingle<long>({|SQLG301:\"SELECT count(*) FROM posts WHERE title = '\" + title + \"' AND member_id > \" + memberId|});",
        "return sql.QuerySingle<long>(\"SELECT count(*) FROM posts WHERE title = $title AND member_id > $memberId\", new SqlParameters { { \"title\", title }, { \"memberId\", memberId } });")]
    // A value that may be null binds NULL as it is; a Guid quoted as text is bound as that text; named arguments after the text get 'parameters:'.
    [InlineData(
        "return sql.ExecuteAsync({|SQLG301:$\"UPDATE posts SET nick = {nick} WHERE id = '{id}'\"|}, cancellationToken: cancellationToken);",
        "return sql.ExecuteAsync(\"UPDATE posts SET nick = $nick WHERE id = $id\", parameters: new SqlParameters { { \"nick\", nick }, { \"id\", $\"{id}\" } }, cancellationToken: cancellationToken);")]
    // A literal with a hole in it is one parameter holding the same text.
    [InlineData(
        "return sql.Execute({|SQLG301:\"DELETE FROM posts WHERE title LIKE '%\" + title + \"%'\"|});",
        "return sql.Execute(\"DELETE FROM posts WHERE title LIKE $title\", new SqlParameters { { \"title\", $\"%{title}%\" } });")]
    // A constant concatenated stays, as an interpolation.
    [InlineData(
        "const string Table = \"posts\";\n        return sql.Query<long>({|SQLG301:\"SELECT member_id FROM \" + Table + \" WHERE title = '\" + title + \"'\"|});",
        "const string Table = \"posts\";\n        return sql.Query<long>($\"SELECT member_id FROM {Table} WHERE title = $title\", new SqlParameters { { \"title\", title } });")]
    public Task SQLG301_db_Sql_gets_SqlParameters(string before, string after) =>
        DatabaseSqlParameters("        " + before, "        " + after);

    // The same fix through IDatabaseSql (IShopDb.Sql, IWriteTransaction.Sql) and on PostgreSQL's class (ShopDb.PostgreSql's
    // db.Sql and tx.Sql), which take the same SqlParameters.
    [Theory]
    [InlineData("IDatabaseSql")]
    [InlineData("SqliteGen.PostgreSql.PostgreSqlDatabaseSql")]
    public async Task SQLG301_db_Sql_through_the_interface_or_on_PostgreSQL_gets_SqlParameters(string receiver)
    {
        var test = new CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>
        {
            TestCode = DatabaseSqlSource("""
                        var found = sql.Query<long>({|SQLG301:$"SELECT member_id FROM posts WHERE title = '{title}' AND member_id > {memberId}"|});
                        return sql.ExecuteAsync({|SQLG301:"UPDATE posts SET nick = '" + nick + "' WHERE id = '" + id + "'"|}, cancellationToken: cancellationToken);
                """, receiver),
            FixedCode = DatabaseSqlSource("""
                        var found = sql.Query<long>("SELECT member_id FROM posts WHERE title = $title AND member_id > $memberId", new SqlParameters { { "title", title }, { "memberId", memberId } });
                        return sql.ExecuteAsync("UPDATE posts SET nick = $nick WHERE id = $id", parameters: new SqlParameters { { "nick", nick ?? "" }, { "id", $"{id}" } }, cancellationToken: cancellationToken);
                """, receiver),
        };
        // PostgreSQL's class is in SqliteGen.PostgreSql, with Npgsql (the harness references neither).
        test.TestState.AdditionalReferences.AddRange(PostgreSqlTargetTests.PostgreSqlReferences);
        await test.RunAsync();
    }

    [Theory]
    [InlineData("return sql.Execute({|SQLG301:$\"UPDATE posts SET day = {day} WHERE member_id = 1\"|});")]                                     // an enum: SqlParameters has no Add for it
    [InlineData("return sql.Execute({|SQLG301:$\"DELETE FROM posts WHERE member_id = {memberId} AND title = $t\"|}, new SqlParameters { { \"t\", title } });")] // values already passed
    public Task SQLG301_no_db_Sql_fix_where_it_is_not_mechanical(string body) =>
        CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix>.VerifyNotOfferedAsync(DatabaseSqlSource("        " + body));

    /// <summary>Values already passed as an anonymous object: the new ones join it, under names it does not use.</summary>
    [Fact]
    public Task SQLG301_for_Dapper_the_values_join_the_anonymous_object_already_passed() => ProviderParameters(
        """
                return connection.Execute({|SQLG301:"UPDATE users SET email = @email, id = " + (id + 1) + " WHERE id = " + id|}, new { email, p0 = 1 });
        """,
        """
                return connection.Execute("UPDATE users SET email = @email, id = @p1 WHERE id = @id", new { email, p0 = 1, p1 = id + 1, id });
        """);

    /// <summary>Values already passed some other way (a variable, a DynamicParameters): nothing to join.</summary>
    [Fact]
    public Task SQLG301_no_fix_for_Dapper_when_parameters_are_already_passed_as_an_object()
    {
        string source = ProviderSource("""
                object values = new { email };
                return connection.Execute({|SQLG301:$"UPDATE users SET email = @email WHERE id = {id}"|}, values);
        """);
        var test = new CodeFixVerifierTest<SqlTextAnalyzer, InterpolationToParametersCodeFix> { TestCode = source, FixedCode = source };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(System.Data.SQLite.SQLiteConnection).Assembly.Location));
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Dapper.SqlMapper).Assembly.Location));
        return test.RunAsync();
    }

    [Fact]
    public Task SQLG301_a_command_assigned_to_a_variable_gets_the_values_after_the_assignment() => ProviderParameters(
        """
                SQLiteCommand command;
                command = new SQLiteCommand({|SQLG301:string.Format("SELECT * FROM users WHERE seen = '{0:yyyy-MM-dd}'", System.DateTime.Today)|}, connection);
                return command.ExecuteScalar();
        """,
        """
                SQLiteCommand command;
                command = new SQLiteCommand("SELECT * FROM users WHERE seen = @today", connection);
                command.Parameters.AddWithValue("@today", $"{System.DateTime.Today:yyyy-MM-dd}");
                return command.ExecuteScalar();
        """);

    // SQLG302: every row on purpose.

    [Fact]
    public Task SQLG302_fix_all_says_every_row_on_purpose() =>
        CodeFixVerifierTest<SqlTextAnalyzer, WhereTrueCodeFix>.VerifyAsync(Source("""
                    using var first = given.CreateCommand();
                    first.CommandText = {|SQLG302:"DELETE FROM sessions"|};
                    first.ExecuteNonQuery();
                    using var second = given.CreateCommand();
                    second.CommandText = {|SQLG302:@"UPDATE users SET visits = 0;"|};
                    return second.ExecuteNonQuery();
            """), Source("""
                    using var first = given.CreateCommand();
                    first.CommandText = "DELETE FROM sessions WHERE true";
                    first.ExecuteNonQuery();
                    using var second = given.CreateCommand();
                    second.CommandText = @"UPDATE users SET visits = 0 WHERE true;";
                    return second.ExecuteNonQuery();
            """));

    [Theory]
    [InlineData("{|SQLG302:\"UPDATE users SET name = 'x'\"|}")]            // a literal in the statement
    [InlineData("{|SQLG302:\"DELETE FROM sessions RETURNING id\"|}")]      // RETURNING must follow WHERE
    [InlineData("{|SQLG302:\"UPDATE users SET n = s.n FROM s\"|}")]        // UPDATE ... FROM
    public Task SQLG302_no_fix_where_WHERE_does_not_go_at_the_end(string text) =>
        CodeFixVerifierTest<SqlTextAnalyzer, WhereTrueCodeFix>.VerifyNotOfferedAsync(Source($$"""
                    using var command = given.CreateCommand();
                    command.CommandText = {{text}};
                    return command.ExecuteNonQuery();
            """));

    // SQLG102: add [Indexed] to the foreign key.

    private static string Records(string declaration, string usings = "using SqliteGen;\n") =>
        usings + "\nnamespace App;\n\n[SqliteGen.SqliteDatabase] public partial class NotesDb;\n[SqliteGen.Table] public partial record Topic([SqliteGen.PrimaryKey] long TopicId);\n\n" + declaration + "\n";

    private static Task Indexed(string before, string after, string usings = "using SqliteGen;\n") =>
        CodeFixVerifierTest<DeclarationAnalyzer, AddIndexedCodeFix>.VerifyAsync(Records(before, usings), Records(after, usings));

    [Fact]
    public Task SQLG102_Indexed_joins_the_References_list_of_a_record_parameter() => Indexed(
        "[Table]\npublic partial record Note(\n    [PrimaryKey] long Id,\n    [References(typeof(Topic), OnDelete = ForeignKeyAction.Cascade)] long {|SQLG102:TopicId|}, // the topic\n    string Text);",
        "[Table]\npublic partial record Note(\n    [PrimaryKey] long Id,\n    [References(typeof(Topic), OnDelete = ForeignKeyAction.Cascade), Indexed] long TopicId, // the topic\n    string Text);");

    [Fact]
    public Task SQLG102_Indexed_joins_the_References_list_of_a_property() => Indexed(
        "[Table]\npublic partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n\n    /// <summary>The topic.</summary>\n    [Column(\"topic_id\")]\n    [References(typeof(Topic))]\n    public long {|SQLG102:TopicId|} { get; init; }\n}",
        "[Table]\npublic partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n\n    /// <summary>The topic.</summary>\n    [Column(\"topic_id\")]\n    [References(typeof(Topic)), Indexed]\n    public long TopicId { get; init; }\n}");

    [Fact]
    public Task SQLG102_without_a_using_the_attribute_is_qualified() => Indexed(
        "[SqliteGen.Table] public partial record Note([SqliteGen.PrimaryKey] long Id, [SqliteGen.References(typeof(Topic))] long {|SQLG102:TopicId|});",
        "[SqliteGen.Table] public partial record Note([SqliteGen.PrimaryKey] long Id, [SqliteGen.References(typeof(Topic)), SqliteGen.Indexed] long TopicId);",
        usings: "");

    [Fact]
    public Task SQLG102_fix_all_indexes_every_foreign_key() => Indexed(
        "[Table] public partial record Tag([PrimaryKey] long TagId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long {|SQLG102:TopicId|}, [References(typeof(Tag))] long {|SQLG102:TagId|});",
        "[Table] public partial record Tag([PrimaryKey] long TagId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId, [References(typeof(Tag)), Indexed] long TagId);");

    // SQLG001, SQLG008 (and SQLG309, reported by the generator: CodeFixTests): declare the type partial.

    private static string Declarations(string declaration) =>
        "using SqliteGen;\n\nnamespace App;\n\n" + declaration + "\n";

    private static Task Partial(string before, string after) =>
        CodeFixVerifierTest<DeclarationAnalyzer, MakePartialCodeFix>.VerifyAsync(Declarations(before), Declarations(after));

    [Fact]
    public Task SQLG001_partial_goes_before_record() => Partial(
        "[Table]\npublic sealed record {|SQLG001:Note|}([PrimaryKey] long Id, string Text);",
        "[Table]\npublic sealed partial record Note([PrimaryKey] long Id, string Text);");

    [Fact]
    public Task SQLG001_a_record_without_modifiers_keeps_its_layout() => Partial(
        "[Table] record {|SQLG001:Note|}([PrimaryKey] long Id, string Text);",
        "[Table] partial record Note([PrimaryKey] long Id, string Text);");

    [Fact]
    public Task SQLG001_the_type_it_is_nested_in_becomes_partial_too() => Partial(
        "public static class Outer\n{\n    [Table]\n    public partial record {|SQLG001:Note|}([PrimaryKey] long Id, string Text);\n}",
        "public static partial class Outer\n{\n    [Table]\n    public partial record Note([PrimaryKey] long Id, string Text);\n}");

    [Fact]
    public Task SQLG001_no_fix_for_a_class() =>
        CodeFixVerifierTest<DeclarationAnalyzer, MakePartialCodeFix>.VerifyNotOfferedAsync(Declarations(
            "[Table]\npublic class {|SQLG001:Note|}\n{\n    [PrimaryKey] public long Id { get; set; }\n}"));

    [Fact]
    public Task SQLG001_no_fix_for_a_generic_record() =>
        CodeFixVerifierTest<DeclarationAnalyzer, MakePartialCodeFix>.VerifyNotOfferedAsync(Declarations(
            "[Table]\npublic record {|SQLG001:Note|}<T>([PrimaryKey] long Id, string Value);"));

    [Fact]
    public Task SQLG001_no_fix_for_a_private_record() =>
        CodeFixVerifierTest<DeclarationAnalyzer, MakePartialCodeFix>.VerifyNotOfferedAsync(Declarations(
            "public partial class Outer\n{\n    [Table]\n    private record {|SQLG001:Note|}([PrimaryKey] long Id);\n}"));

    [Fact]
    public Task SQLG008_partial_goes_before_class() => Partial(
        "[SqliteDatabase]\ninternal sealed class {|SQLG008:AppDb|};",
        "[SqliteDatabase]\ninternal sealed partial class AppDb;");

    [Fact]
    public Task SQLG008_no_fix_for_a_record() =>
        CodeFixVerifierTest<DeclarationAnalyzer, MakePartialCodeFix>.VerifyNotOfferedAsync(Declarations(
            "[SqliteDatabase]\npublic partial record {|SQLG008:AppDb|};"));

    [Fact]
    public Task SQLG001_fix_all_declares_every_table_partial() => Partial(
        "[Table] public record {|SQLG001:Note|}([PrimaryKey] long Id);\n[Table] public record {|SQLG001:Tag|}([PrimaryKey] long Id);\n[SqliteDatabase] public class {|SQLG008:AppDb|};",
        "[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Tag([PrimaryKey] long Id);\n[SqliteDatabase] public partial class AppDb;");

    // SQLG016: two databases, one (or both) without Tables: list the tables it takes.

    private static Task ListTables(string before, string after) =>
        CodeFixVerifierTest<DeclarationAnalyzer, ListTablesCodeFix>.VerifyAsync(Declarations(before), Declarations(after));

    [Fact]
    public Task SQLG016_the_tables_it_takes_are_listed() => ListTables(
        "[{|SQLG016:SqliteDatabase(Version = 2)|}] public partial class NotesDb;\n[SqliteDatabase(Tables = new[] { typeof(Audit) })] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);",
        "[SqliteDatabase(Version = 2, Tables = new[] { typeof(Audit), typeof(Note) })] public partial class NotesDb;\n[SqliteDatabase(Tables = new[] { typeof(Audit) })] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);");

    [Fact]
    public Task SQLG016_a_table_in_another_namespace_is_qualified_and_one_in_scope_is_not() =>
        CodeFixVerifierTest<DeclarationAnalyzer, ListTablesCodeFix>.VerifyAsync(
            "using SqliteGen;\n\nnamespace App\n{\n    [{|SQLG016:SqliteDatabase|}] public partial class NotesDb;\n    [SqliteDatabase(Tables = new[] { typeof(Other.Audit) })] public partial class AuditDb;\n    [Table] public partial record Note([PrimaryKey] long Id);\n}\n\nnamespace Other\n{\n    [Table] public partial record Audit([PrimaryKey] long Id);\n}\n",
            "using SqliteGen;\n\nnamespace App\n{\n    [SqliteDatabase(Tables = new[] { typeof(Other.Audit), typeof(Note) })] public partial class NotesDb;\n    [SqliteDatabase(Tables = new[] { typeof(Other.Audit) })] public partial class AuditDb;\n    [Table] public partial record Note([PrimaryKey] long Id);\n}\n\nnamespace Other\n{\n    [Table] public partial record Audit([PrimaryKey] long Id);\n}\n");

    [Fact]
    public Task SQLG016_fix_all_lists_the_tables_of_both_databases() => ListTables(
        "[{|SQLG016:SqliteDatabase|}] public partial class NotesDb;\n[{|SQLG016:SqliteDatabase|}] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);",
        "[SqliteDatabase(Tables = new[] { typeof(Note) })] public partial class NotesDb;\n[SqliteDatabase(Tables = new[] { typeof(Note) })] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);");

    [Fact]
    public Task SQLG016_no_fix_when_there_is_no_table_yet() =>
        CodeFixVerifierTest<DeclarationAnalyzer, ListTablesCodeFix>.VerifyNotOfferedAsync(Declarations(
            "[{|SQLG016:SqliteDatabase|}] public partial class NotesDb;\n[{|SQLG016:SqliteDatabase|}] public partial class AuditDb;"));
}

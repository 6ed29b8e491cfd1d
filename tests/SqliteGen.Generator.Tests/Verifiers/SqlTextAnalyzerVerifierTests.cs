extern alias analyzers;

using System.Linq;
using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// <see cref="SqlTextAnalyzer"/> through Microsoft.CodeAnalysis.Testing: SQLG301 (SQL text built from values) and
/// SQLG302 (UPDATE or DELETE without WHERE), each with positives on the exact span, negatives and near misses.
/// </summary>
public sealed class SqlTextAnalyzerVerifierTests
{
    /// <summary><paramref name="body"/> as statements of a method with a command and the usual values in scope: the same class as <see cref="SqlTextAnalyzerTests"/>.</summary>
    private static string Source(string body) => SqlTextAnalyzerTests.Source(body);

    private static Task Verify(string body, params DiagnosticResult[] expected) => AnalyzerVerifierTest<SqlTextAnalyzer>.VerifyAsync(Source(body), expected);

    // SQLG301

    [Theory]
    [InlineData("command.CommandText = {|SQLG301:$\"SELECT * FROM users WHERE email = '{email}'\"|};")]
    [InlineData("command.CommandText = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|};")]
    [InlineData("command.CommandText = {|SQLG301:string.Format(\"DELETE FROM users WHERE id = {0}\", id)|};")]
    [InlineData("command.CommandText = {|SQLG301:string.Concat(\"SELECT * FROM users WHERE email = '\", email, \"'\")|};")]
    [InlineData("other.CommandText = {|SQLG301:\"SELECT * FROM users WHERE email = '\" + email + \"'\"|};")] // any DbCommand
    // Through a local and a StringBuilder: reported on the expression that splices the value in.
    [InlineData("var sql = {|SQLG301:\"SELECT * FROM users WHERE id = \" + id|}; command.CommandText = sql;")]
    [InlineData("var sb = new System.Text.StringBuilder(\"SELECT * FROM users WHERE email = '\"); sb.Append({|SQLG301:email|}).Append('\\''); command.CommandText = sb.ToString();")]
    [InlineData("using var made = new SqliteCommand({|SQLG301:$\"SELECT * FROM users WHERE email = '{email}'\"|}, connection);")]
    [InlineData("using var made = new SqliteCommand { CommandText = {|SQLG301:\"SELECT * FROM users WHERE email = '\" + email + \"'\"|} };")]
    // A constant hole before the value does not hide it.
    [InlineData("command.CommandText = {|SQLG301:$\"SELECT * FROM {Table} WHERE id = {id}\"|};")]
    public Task SQL_built_from_a_value_is_reported_on_the_text(string body) => Verify(body);

    [Fact]
    public Task SQLG301_names_how_and_what() =>
        Verify("command.CommandText = {|#0:\"SELECT * FROM users WHERE id = \" + id|};",
            new DiagnosticResult("SQLG301", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("a concatenated value", "id", "$id"));

    [Theory]
    [InlineData("command.CommandText = \"SELECT * FROM users WHERE email = $email\"; command.Parameters.AddWithValue(\"$email\", email);")]
    [InlineData("command.CommandText = \"SELECT 1\";")]
    public Task Parameterized_SQL_is_silent(string body) => Verify(body);

    [Theory]
    [InlineData("command.CommandText = $\"SELECT * FROM {Table} WHERE id = $id\";")]                   // constant holes only
    [InlineData("command.CommandText = \"SELECT * FROM \" + Table;")]                                   // a constant concatenation
    [InlineData("command.CommandText = string.Format(\"SELECT * FROM {0}\", Table);")]                  // constant arguments
    [InlineData("var text = $\"not SQL {email}\"; System.Console.WriteLine(text);")]                     // not command text
    [InlineData("command.Parameters.AddWithValue(\"$email\", \"x\" + email);")]                          // a built parameter value
    // Part of a name, not a value.
    [InlineData("command.CommandText = $\"SELECT * FROM users_{id}\";")]
    // One of two constants.
    [InlineData("command.CommandText = $\"SELECT * FROM users ORDER BY id {(id > 0 ? \"ASC\" : \"DESC\")}\";")]
    // A placeholder list built from a count.
    [InlineData("command.CommandText = $\"SELECT * FROM users WHERE id IN ({string.Join(\", \", System.Linq.Enumerable.Select(System.Linq.Enumerable.Range(0, id), i => $\"$id{i}\"))})\";")]
    [InlineData("command.CommandText = \"SELECT * FROM users WHERE id IN (\" + string.Join(\",\", System.Linq.Enumerable.Repeat(\"?\", id)) + \")\";")]
    public Task Near_misses_of_SQLG301_are_silent(string body) => Verify(body);

    // SQL a method of the project returns: read where it is built, one level, each return of a block body on its own.

    [Fact]
    public Task SQL_returned_by_a_method_of_the_project_is_reported_where_it_is_built() =>
        AnalyzerVerifierTest<SqlTextAnalyzer>.VerifyAsync("""
            using Microsoft.Data.Sqlite;

            public static class Repository
            {
                private static string ByEmail(string email) => {|SQLG301:$"SELECT * FROM users WHERE email = '{email}'"|};

                private static string Either(bool all, int id)
                {
                    if (all)
                        return "SELECT * FROM users";
                    return {|SQLG301:"SELECT * FROM users WHERE id = " + id|};
                }

                private static string Select(string clause) => $"SELECT * FROM users {clause}";

                private static string Outer(string email) => ByEmail(email);

                public static void Run(SqliteConnection connection, string email, int id)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = ByEmail(email);
                    command.CommandText = Either(true, id);
                    command.CommandText = Select("WHERE id = $id");
                    string local = Local(email);
                    command.CommandText = local;
                    command.CommandText = Outer(email); // one level: ByEmail is already reported, and Outer returns a call
                    string Local(string value) => {|SQLG301:"SELECT * FROM users WHERE name = '" + value + "'"|};
                }
            }
            """);

    /// <summary>The SQL a method builds in one file, run by a command in another file of the project (what a build compiles).</summary>
    private const string SqlFile = """
        public static class SignupSql
        {
            public static string ByEmail(string email) => {|SQLG301:$"SELECT * FROM signups WHERE email = '{email}'"|};

            public static string Stale(int days)
            {
                if (days <= 0)
                    return "SELECT * FROM signups";
                return {|SQLG301:"SELECT * FROM signups WHERE created < datetime('now', '-" + days + " days')"|};
            }
        }
        """;

    private const string RepositoryFile = """
        using Microsoft.Data.Sqlite;

        public static class SignupRepository
        {
            public static object? Find(SqliteConnection connection, string email, int days)
            {
                using var command = connection.CreateCommand();
                command.CommandText = SignupSql.ByEmail(email);
                command.ExecuteScalar();
                command.CommandText = SignupSql.Stale(days);
                return command.ExecuteScalar();
            }
        }
        """;

    [Fact]
    public Task SQL_returned_by_a_method_in_another_file_is_reported_where_it_is_built()
    {
        var test = new AnalyzerVerifierTest<SqlTextAnalyzer>();
        test.TestState.Sources.Add(("SignupSql.cs", SqlFile));
        test.TestState.Sources.Add(("SignupRepository.cs", RepositoryFile));
        return test.RunAsync();
    }

    /// <summary>
    /// What an IDE asks for one open document: the analyzer's diagnostics for that file's semantic model. The diagnostics
    /// are found while the file with the command (the sink) is analyzed, and located in the file that builds the SQL: the
    /// sink's file alone reports none in itself, and the building file alone finds none (no sink in it); analyzing the
    /// whole compilation (a build, or full-solution analysis) reports both.
    /// </summary>
    [Fact]
    public async Task Per_file_analysis_finds_SQL_built_in_another_file_only_from_the_sink_file()
    {
        string sql = SqlFile.Replace("{|SQLG301:", "").Replace("|}", "");
        Compilation compilation = Harness.Compile(sql, RepositoryFile);
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new SqlTextAnalyzer());
        SyntaxTree sqlTree = compilation.SyntaxTrees.First(t => t.ToString().Contains("class SignupSql"));
        SyntaxTree sinkTree = compilation.SyntaxTrees.First(t => t.ToString().Contains("class SignupRepository"));

        // A fresh analysis each time, as an IDE that has analyzed nothing else yet.
        Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzers Fresh() => new(compilation, analyzers, new Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzersOptions(
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        async Task<string[]> ForFile(SyntaxTree tree) =>
            (await Fresh().GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, default))
                .Where(d => d.Id == "SQLG301").Select(d => d.Location.SourceTree == sqlTree ? "SignupSql.cs" : "SignupRepository.cs").ToArray();

        Assert.Empty(await ForFile(sqlTree));
        Assert.Empty(await ForFile(sinkTree));
        Assert.Equal(2, (await Fresh().GetAnalyzerDiagnosticsAsync()).Count(d => d.Id == "SQLG301" && d.Location.SourceTree == sqlTree));
    }

    /// <summary>A type named through a using alias still names a command, however it is spelled.</summary>
    [Fact]
    public Task A_command_created_through_an_alias_is_read() =>
        AnalyzerVerifierTest<SqlTextAnalyzer>.VerifyAsync("""
            using Microsoft.Data.Sqlite;
            using Cmd = Microsoft.Data.Sqlite.SqliteCommand;

            public static class Repository
            {
                public static object? Run(SqliteConnection connection, string email)
                {
                    using var command = new Cmd({|SQLG301:$"SELECT * FROM users WHERE email = '{email}'"|}, connection);
                    return command.ExecuteScalar();
                }
            }
            """);

    /// <summary>
    /// The analyzer binds a call only when its name can take SQL: every method of Dapper and of <c>db.Sql</c> that takes
    /// a <c>sql</c> text must be called Query... or Execute..., or the filter would hide it.
    /// </summary>
    [Fact]
    public void Every_Dapper_and_db_Sql_method_taking_sql_is_named_Query_or_Execute()
    {
        System.Reflection.MethodInfo[] takingSql = typeof(Dapper.SqlMapper).GetMethods()
            .Concat(typeof(SqliteGen.DatabaseSql).GetMethods())
            .Where(m => m.GetParameters().Any(p => p.Name == "sql" && p.ParameterType == typeof(string)))
            .ToArray();
        Assert.NotEmpty(takingSql);
        Assert.All(takingSql, m => Assert.True(m.Name.StartsWith("Query", System.StringComparison.Ordinal) || m.Name.StartsWith("Execute", System.StringComparison.Ordinal), m.DeclaringType + "." + m.Name));
    }

    // SQLG310 (off by default; the verifier runs every rule): a table, a column to order by, a select list, a SET target.

    [Theory]
    [InlineData("command.CommandText = $\"SELECT * FROM users ORDER BY {{|SQLG310:email|}}\";")]
    [InlineData("command.CommandText = $\"SELECT * FROM {{|SQLG310:email|}}\";")]
    [InlineData("command.CommandText = \"SELECT \" + {|SQLG310:email|} + \" FROM users\";")]
    [InlineData("command.CommandText = $\"UPDATE users SET {{|SQLG310:email|}} = $v\";")]
    // A pragma's argument names a table, even as a string.
    [InlineData("command.CommandText = $\"SELECT name FROM pragma_table_info('{{|SQLG310:email|}}')\";")]
    [InlineData("command.CommandText = \"PRAGMA index_list('\" + {|SQLG310:email|} + \"')\";")]
    public Task A_name_spliced_into_SQL_is_SQLG310_not_SQLG301(string body) => Verify(body);

    // SQLG302

    [Theory]
    [InlineData("command.CommandText = {|SQLG302:\"DELETE FROM users\"|};")]
    [InlineData("command.CommandText = {|SQLG302:\"UPDATE users SET name = 'where'\"|};")]             // 'where' in a literal
    [InlineData("command.CommandText = {|SQLG302:\"SELECT 1; delete from sessions -- where id = 1\"|};")] // in a comment
    [InlineData("using var made = new SqliteCommand({|SQLG302:\"UPDATE OR IGNORE users SET name = ''\"|}, connection);")]
    public Task A_constant_UPDATE_or_DELETE_without_WHERE_is_reported_on_the_text(string body) => Verify(body);

    [Fact]
    public Task SQLG302_names_the_verb_and_table() =>
        Verify("command.CommandText = {|#0:\"delete from sessions\"|};",
            new DiagnosticResult("SQLG302", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("DELETE FROM", "sessions"));

    [Theory]
    [InlineData("command.CommandText = \"DELETE FROM users WHERE id = $id\";")]
    [InlineData("command.CommandText = \"UPDATE users SET name = 'x' WHERE id = $id\";")]
    public Task A_write_with_WHERE_is_silent(string body) => Verify(body);

    [Theory]
    [InlineData("command.CommandText = \"DELETE FROM users WHERE true\";")]                             // a WHERE that keeps every row is the user's choice
    [InlineData("command.CommandText = \"SELECT * FROM users; DELETE FROM users WHERE id = 1\";")]      // the second statement has one
    [InlineData("command.CommandText = \"SELECT 'DELETE FROM users'\";")]                               // inside a literal
    [InlineData("command.CommandText = \"INSERT INTO users(name) VALUES ('x')\";")]                     // not an update or delete
    [InlineData("var text = \"DELETE FROM users\"; System.Console.WriteLine(text);")]                   // not command text
    public Task Near_misses_of_SQLG302_are_silent(string body) => Verify(body);
}

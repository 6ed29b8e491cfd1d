extern alias analyzers;

using System;
using System.Globalization;
using System.Linq;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG201 (connection used without WAL), SQLG202 (busy_timeout 0) and SQLG203 (deferred transaction that writes)
/// on user code that uses Microsoft.Data.Sqlite directly. A case is a method body; <c>[|...|]</c> marks where the
/// diagnostic must be.
/// </summary>
public sealed class ConnectionAnalyzerTests
{
    private const string Prefix = """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        public sealed class UserCode
        {
            public SqliteConnection? Kept { get; set; }

            private static void Configure(SqliteConnection connection) { }

            public async Task Run(SqliteConnection given, string path, int id)
            {
                await Task.Yield();

        """;

    /// <summary><paramref name="body"/> as the body of an async method of a class (the Microsoft.CodeAnalysis.Testing suite uses it too).</summary>
    internal static string Source(string body) => Prefix + body + "\n    }\n}\n" + HostMarker;

    /// <summary>SQLG201 is for apps that serve concurrent users: the generic host's hosted-service type marks the test code as one.</summary>
    internal const string HostMarker = "namespace Microsoft.Extensions.Hosting { public interface IHostedService { } }\n";

    /// <summary>The diagnostics on <paramref name="body"/> as the body of an async method (the source must compile cleanly).</summary>
    private static Diagnostic[] Analyze(string body)
    {
        Compilation compilation = Harness.Compile(Source(body));
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new ConnectionAnalyzer());
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.ToArray();
    }

    /// <summary>Exactly one diagnostic <paramref name="id"/>, on the [|marked|] span, whose message names every one of <paramref name="names"/>.</summary>
    private static void AssertReported(string id, string markedBody, params string[] names)
    {
        (string body, TextSpan marked) = RuleTests.Unmark(markedBody);
        Diagnostic diagnostic = Assert.Single(Analyze(body));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(Prefix.Length + marked.Start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(marked.Length, diagnostic.Location.SourceSpan.Length);
        Assert.Equal($"https://github.com/sqlitegen/sqlitegen/blob/main/docs/rules/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.All(names, name => Assert.Contains(name, message, StringComparison.Ordinal));
    }

    private static void AssertSilent(string body) => Assert.Empty(Analyze(body));

    internal const string Select = """
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM users";
        query.ExecuteScalar();
        """;

    [Theory]
    [InlineData("using var connection = new SqliteConnection($\"Data Source={path}\");\n[|connection.Open()|];\n" + Select)]
    [InlineData("await using var connection = new SqliteConnection(\"Data Source=app.db\");\nawait [|connection.OpenAsync()|];\nusing var insert = new SqliteCommand(\"INSERT INTO users VALUES (1)\", connection);\nawait insert.ExecuteNonQueryAsync();")]
    [InlineData("var connection = new SqliteConnection(\"Data Source=app.db\");\n[|connection.Open()|];\nvar command = new SqliteCommand { Connection = connection, CommandText = \"SELECT 1\" };\ncommand.ExecuteReader().Dispose();")]
    [InlineData("using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());\n[|connection.Open()|];\n" + Select)]
    // Handed to a method of the project, or to Dapper, which runs SQL on it: the app sets no journal mode anywhere.
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\n[|connection.Open()|];\nConfigure(connection);\n" + Select)]
    public void A_connection_opened_and_used_without_WAL_is_reported_on_its_Open_call(string body) =>
        AssertReported("SQLG201", body, "'connection'", "PRAGMA journal_mode = WAL");

    [Theory]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nusing (var wal = connection.CreateCommand()) { wal.CommandText = \"PRAGMA journal_mode = WAL\"; wal.ExecuteNonQuery(); }\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nnew SqliteCommand(\"pragma   JOURNAL_MODE=wal;\", connection).ExecuteNonQuery();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nnew SqliteCommand(\"PRAGMA main.journal_mode = 'wal'; PRAGMA synchronous = NORMAL\", connection).ExecuteScalar();\n" + Select)]
    // The journal mode chosen on purpose (another mode; WAL set after the first command: the file is in WAL from then on).
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\n" + Select + "\nnew SqliteCommand(\"PRAGMA journal_mode = WAL\", connection).ExecuteNonQuery();")]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nnew SqliteCommand(\"PRAGMA journal_mode = DELETE\", connection).ExecuteNonQuery();")]
    [InlineData("var connection = new SqliteConnection(\"Data Source=app.db\");\nKept = connection;\nconnection.Open();\n" + Select)]
    // Not created here (a parameter: the caller configures it), in memory, or read-only: WAL does not apply or cannot be set.
    [InlineData("var connection = given;\nconnection.Open();\n" + Select)]
    [InlineData("using var pool = SqliteGen.Runtime.SqliteConnectionPool.Open(path);\nusing var lease = pool.RentReader();\nSqliteConnection connection = lease.Connection.Connection;\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=:memory:\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db;Mode=ReadOnly\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection($\"Data Source={path};Mode=ReadOnly\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=\" + path + \";Mode=Memory;Cache=Shared\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());\nconnection.Open();\n" + Select)]
    // System.Data.SQLite's read-only key.
    [InlineData("using var connection = new SqliteConnection(path + \";Read Only=True\");\nconnection.Open();\n" + Select)]
    // Opened but never used, or used before Open (which would throw anyway).
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();")]
    public void A_connection_with_WAL_set_or_out_of_scope_is_not_reported(string body) => AssertSilent(body);

    /// <summary>
    /// A factory method that opens the connection and returns it is where WAL belongs (its callers run the SQL): it is
    /// reported on its Open call. One that returns the connection unopened leaves opening, and configuring, to the caller.
    /// </summary>
    [Theory]
    [InlineData("var connection = new SqliteConnection(path);\nawait connection.OpenAsync();\nreturn connection;", true)]
    [InlineData("var connection = new SqliteConnection(path);\nconnection.Open();\nreturn connection;", true)]
    [InlineData("var connection = new SqliteConnection(path);\nreturn connection;", false)]
    [InlineData("var connection = new SqliteConnection(path + \";Mode=ReadOnly\");\nconnection.Open();\nreturn connection;", false)]
    public void A_factory_that_opens_and_returns_a_connection_is_reported_on_its_Open_call(string body, bool reported)
    {
        string source = "using System.Threading.Tasks;\nusing Microsoft.Data.Sqlite;\n\npublic sealed class Connections\n{\n    public async Task<SqliteConnection> OpenAsync(string path)\n    {\n        await Task.Yield();\n"
            + body + "\n    }\n}\n" + HostMarker;
        Compilation compilation = Harness.Compile(source);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new ConnectionAnalyzer());
        Assert.Empty(output.Exceptions);
        if (!reported)
        {
            Assert.Empty(output.Diagnostics);
            return;
        }
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("SQLG201", diagnostic.Id);
        Assert.StartsWith("connection.Open", source.Substring(diagnostic.Location.SourceSpan.Start), StringComparison.Ordinal);
    }

    /// <summary>Test code sets up and reads its own file in one process: the same body in a class named ...Tests is not reported.</summary>
    [Theory]
    [InlineData("UserCodeTests")]
    [InlineData("UserCodeFixture")]
    public void A_connection_in_test_code_is_not_reported(string className)
    {
        string body = "using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\n" + Select;
        Assert.Single(Analyze(body));
        Compilation compilation = Harness.Compile(Source(body).Replace("class UserCode", "class " + className, StringComparison.Ordinal));
        AnalyzerOutput output = Harness.Analyze(compilation, new ConnectionAnalyzer());
        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
    }

    [Theory]
    [InlineData("using var command = given.CreateCommand();\ncommand.CommandText = [|\"PRAGMA busy_timeout = 0\"|];\ncommand.ExecuteNonQuery();", "PRAGMA busy_timeout = 0")]
    [InlineData("using var command = new SqliteCommand([|\"PRAGMA journal_mode = WAL; pragma BUSY_TIMEOUT(0);\"|], given);", "pragma BUSY_TIMEOUT(0)")]
    [InlineData("using var command = new SqliteCommand { CommandText = [|\"PRAGMA main.busy_timeout='-1'\"|] };", "PRAGMA main.busy_timeout='-1'")]
    [InlineData("[|SQLitePCL.raw.sqlite3_busy_timeout(given.Handle!, 0)|];", "SQLitePCL.raw.sqlite3_busy_timeout(given.Handle!, 0)")]
    [InlineData("var options = new SqliteGen.SqliteGenOptions { [|BusyTimeout = System.TimeSpan.Zero|] };", "BusyTimeout = System.TimeSpan.Zero")]
    [InlineData("var options = SqliteGen.SqliteGenOptions.Default with { [|BusyTimeout = System.TimeSpan.FromMilliseconds(0)|] };", "BusyTimeout = System.TimeSpan.FromMilliseconds(0)")]
    public void A_busy_timeout_of_zero_or_less_is_reported_on_the_text(string body, string statement) =>
        AssertReported("SQLG202", body, $"'{statement}'", "SQLITE_BUSY");

    [Theory]
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout = 5000\", given).ExecuteNonQuery();")]
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout = 10\", given).ExecuteNonQuery();")]
    [InlineData("SQLitePCL.raw.sqlite3_busy_timeout(given.Handle!, 5000);")]
    [InlineData("var options = new SqliteGen.SqliteGenOptions { BusyTimeout = System.TimeSpan.FromSeconds(2) };")]
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout\", given).ExecuteScalar();")] // reads it
    [InlineData("new SqliteCommand(\"SELECT 'PRAGMA busy_timeout = 0'\", given).ExecuteScalar();")]
    // Microsoft.Data.Sqlite's Default Timeout=0 means "retry without a time limit", not "do not wait".
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db;Default Timeout=0\");")]
    public void A_positive_or_unset_busy_timeout_is_not_reported(string body) => AssertSilent(body);

    [Theory]
    [InlineData("using var transaction = [|given.BeginTransaction(deferred: true)|];\nusing var command = new SqliteCommand(\"SELECT count(*) FROM users\", given, transaction);\ncommand.ExecuteScalar();\ncommand.CommandText = \"UPDATE users SET n = n + 1 WHERE id = $id\";\ncommand.ExecuteNonQuery();\ntransaction.Commit();", "'transaction'", "'given'", "'UPDATE'")]
    [InlineData("var tx = [|given.BeginTransaction(System.Data.IsolationLevel.Serializable, true)|];\nusing var command = given.CreateCommand();\ncommand.Transaction = tx;\ncommand.CommandText = \"insert into log(id) values ($id)\";\nawait command.ExecuteNonQueryAsync();\ntx.Commit();", "'tx'", "'given'", "'INSERT'")]
    [InlineData("using var tx = [|given.BeginTransaction(true)|];\nnew SqliteCommand(\"WITH old AS (SELECT id FROM users) DELETE FROM users WHERE id IN old\", given).ExecuteNonQuery();", "'tx'", "'DELETE'")]
    public void A_deferred_transaction_followed_by_a_write_is_reported_on_BeginTransaction(string body, params string[] names) =>
        AssertReported("SQLG203", body, names);

    [Fact]
    public void The_deferred_transaction_diagnostic_also_points_at_the_write()
    {
        Diagnostic diagnostic = Assert.Single(Analyze("using var tx = given.BeginTransaction(deferred: true);\nnew SqliteCommand(\"REPLACE INTO users VALUES (1)\", given, tx).ExecuteNonQuery();"));
        Location write = Assert.Single(diagnostic.AdditionalLocations);
        Assert.Equal("new SqliteCommand(\"REPLACE INTO users VALUES (1)\", given, tx).ExecuteNonQuery()", write.SourceTree!.ToString().Substring(write.SourceSpan.Start, write.SourceSpan.Length));
    }

    [Theory]
    [InlineData("using var tx = given.BeginTransaction();\nnew SqliteCommand(\"INSERT INTO users VALUES (1)\", given, tx).ExecuteNonQuery();")] // immediate
    [InlineData("using var tx = given.BeginTransaction(deferred: false);\nnew SqliteCommand(\"INSERT INTO users VALUES (1)\", given, tx).ExecuteNonQuery();")]
    [InlineData("using var tx = given.BeginTransaction(deferred: true);\nnew SqliteCommand(\"SELECT * FROM users WHERE name = 'UPDATE'\", given, tx).ExecuteReader().Dispose();")] // reads only
    [InlineData("var tx = given.BeginTransaction(deferred: true);\nnew SqliteCommand(\"SELECT 1\", given, tx).ExecuteScalar();\ntx.Commit();\nnew SqliteCommand(\"DELETE FROM users WHERE id = 1\", given).ExecuteNonQuery();")] // writes after the commit
    [InlineData("new SqliteCommand(\"DELETE FROM users WHERE id = 1\", given).ExecuteNonQuery();\nusing var tx = given.BeginTransaction(deferred: true);")] // writes before it
    public void A_deferred_transaction_that_only_reads_or_an_immediate_one_is_not_reported(string body) => AssertSilent(body);

    /// <summary>
    /// A method is read only when its syntax names what a rule needs; what it names may be declared in another file:
    /// a global alias of the connection, a type deriving from it under another name, a constant holding the pragma
    /// (built from another constant), or a target-typed <c>new(...)</c> assigned to a local declared with <c>var</c>.
    /// </summary>
    [Theory]
    [InlineData("using var connection = new Db(path);\nconnection.Open();\n" + Select, "SQLG201", "connection.Open()")]
    [InlineData("using var connection = new Store(path);\nconnection.Open();\n" + Select, "SQLG201", "connection.Open()")]
    [InlineData("var connection = given;\nconnection = new(path);\nconnection.Open();\n" + Select, "SQLG201", "connection.Open()")]
    [InlineData("using var command = given.CreateCommand();\ncommand.CommandText = Pragmas.NoWait;\ncommand.ExecuteNonQuery();", "SQLG202", "Pragmas.NoWait")]
    [InlineData("new SqliteCommand(Pragmas.Off, given).ExecuteNonQuery();", "SQLG202", "Pragmas.Off")]
    public void A_method_naming_a_connection_or_pragma_declared_in_another_file_is_read(string body, string id, string reportedText)
    {
        const string declarations = """
            global using Db = Microsoft.Data.Sqlite.SqliteConnection;

            public sealed class Store : Db
            {
                public Store(string path) : base(path) { }
            }

            public static class Pragmas
            {
                public const string NoWait = "PRAGMA busy_timeout = 0";
                public const string Off = Name + " = -1";
                private const string Name = "PRAGMA busy_timeout";
            }
            """;
        string source = Source(body);
        Compilation compilation = Harness.Compile(source, declarations);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, new ConnectionAnalyzer());
        Assert.Empty(output.Exceptions);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(reportedText, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    /// <summary>Code being typed is mostly broken: every cut of a body that exercises all three rules, analyzed as is, throws nothing.</summary>
    [Fact]
    public void The_analyzer_does_not_throw_on_code_being_typed()
    {
        const string body = """
            using var connection = new SqliteConnection("Data Source=app.db");
            await connection.OpenAsync();
            using var tx = connection.BeginTransaction(deferred: true);
            var command = new SqliteCommand { Connection = connection, Transaction = tx, CommandText = "PRAGMA busy_timeout = 0" };
            command.ExecuteNonQuery();
            command.CommandText = "UPDATE users SET n = $id";
            await command.ExecuteNonQueryAsync();
            tx.Commit();
            """;
        // Whole, it has all three rules.
        Assert.Equal(new[] { "SQLG201", "SQLG202", "SQLG203" }, Analyze(body).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        for (int cut = 0; cut < body.Length; cut += 5)
        {
            Compilation compilation = Harness.Compile(Prefix + body.Substring(0, cut));
            AnalyzerOutput output = Harness.Analyze(compilation, new ConnectionAnalyzer());
            Assert.True(output.Exceptions.Length == 0, $"cut at {cut}: {string.Join(Environment.NewLine, output.Exceptions.Select(e => e.ToString()))}");
        }
    }
}

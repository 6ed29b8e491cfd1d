extern alias analyzers;

using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// <see cref="ConnectionAnalyzer"/> through Microsoft.CodeAnalysis.Testing: SQLG201 (connection used without WAL),
/// SQLG202 (busy_timeout 0) and SQLG203 (deferred transaction that writes, with the write as an additional location),
/// each with positives on the exact span, negatives and near misses.
/// </summary>
public sealed class ConnectionAnalyzerVerifierTests
{
    /// <summary><paramref name="body"/> as the body of an async method with a connection given by the caller: the same class as <see cref="ConnectionAnalyzerTests"/>.</summary>
    private static string Source(string body) => ConnectionAnalyzerTests.Source(body);

    private static Task Verify(string body, params DiagnosticResult[] expected) => AnalyzerVerifierTest<ConnectionAnalyzer>.VerifyAsync(Source(body), expected);

    /// <summary>A query on the connection: its first use.</summary>
    private const string Select = ConnectionAnalyzerTests.Select;

    // SQLG201

    [Theory]
    [InlineData("using var connection = new SqliteConnection($\"Data Source={path}\");\n{|SQLG201:connection.Open()|};\n" + Select)]
    [InlineData("await using var connection = new SqliteConnection(\"Data Source=app.db\");\nawait {|SQLG201:connection.OpenAsync()|};\nusing var insert = new SqliteCommand(\"INSERT INTO users VALUES (1)\", connection);\nawait insert.ExecuteNonQueryAsync();")]
    [InlineData("var connection = new SqliteConnection(\"Data Source=app.db\");\n{|SQLG201:connection.Open()|};\nvar command = new SqliteCommand { Connection = connection, CommandText = \"SELECT 1\" };\ncommand.ExecuteReader().Dispose();")]
    // Near the negatives but still reported: handed to a method of the project before its first command.
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\n{|SQLG201:connection.Open()|};\nConfigure(connection);\n" + Select)]
    public Task A_connection_used_without_WAL_is_reported_on_its_Open_call(string body) => Verify(body);

    [Fact]
    public Task SQLG201_is_a_warning_and_names_the_connection() =>
        Verify("using var connection = new SqliteConnection(\"Data Source=app.db\");\n{|#0:connection.Open()|};\n" + Select,
            new DiagnosticResult("SQLG201", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("connection"));

    [Theory]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nusing (var wal = connection.CreateCommand()) { wal.CommandText = \"PRAGMA journal_mode = WAL\"; wal.ExecuteNonQuery(); }\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nnew SqliteCommand(\"PRAGMA main.journal_mode = 'wal'; PRAGMA synchronous = NORMAL\", connection).ExecuteScalar();\n" + Select)]
    public Task A_connection_put_in_WAL_first_is_silent(string body) => Verify(body);

    [Theory]
    // Stored before use: used elsewhere, not followed. A journal mode chosen on purpose.
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();\nnew SqliteCommand(\"PRAGMA journal_mode = DELETE\", connection).ExecuteNonQuery();")]
    [InlineData("var connection = new SqliteConnection(\"Data Source=app.db\");\nKept = connection;\nconnection.Open();\n" + Select)]
    // Not created here, in memory, read-only.
    [InlineData("var connection = given;\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(\"Data Source=:memory:\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection($\"Data Source={path};Mode=ReadOnly\");\nconnection.Open();\n" + Select)]
    [InlineData("using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());\nconnection.Open();\n" + Select)]
    // Opened and never used.
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db\");\nconnection.Open();")]
    public Task Near_misses_of_SQLG201_are_silent(string body) => Verify(body);

    // SQLG202

    [Theory]
    [InlineData("using var command = given.CreateCommand();\ncommand.CommandText = {|SQLG202:\"PRAGMA busy_timeout = 0\"|};\ncommand.ExecuteNonQuery();")]
    [InlineData("using var command = new SqliteCommand({|SQLG202:\"PRAGMA journal_mode = WAL; pragma BUSY_TIMEOUT(0);\"|}, given);")]
    [InlineData("using var command = new SqliteCommand { CommandText = {|SQLG202:\"PRAGMA main.busy_timeout='-1'\"|} };")]
    [InlineData("{|SQLG202:SQLitePCL.raw.sqlite3_busy_timeout(given.Handle!, 0)|};")]
    [InlineData("var options = new SqliteGen.SqliteGenOptions { {|SQLG202:BusyTimeout = System.TimeSpan.Zero|} };")]
    [InlineData("var options = SqliteGen.SqliteGenOptions.Default with { {|SQLG202:BusyTimeout = System.TimeSpan.FromMilliseconds(0)|} };")]
    public Task A_busy_timeout_of_zero_or_less_is_reported(string body) => Verify(body);

    [Fact]
    public Task SQLG202_quotes_the_statement() =>
        Verify("using var command = new SqliteCommand({|#0:\"PRAGMA journal_mode = WAL; pragma BUSY_TIMEOUT(0);\"|}, given);",
            new DiagnosticResult("SQLG202", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("pragma BUSY_TIMEOUT(0)"));

    [Theory]
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout = 5000\", given).ExecuteNonQuery();")]
    [InlineData("SQLitePCL.raw.sqlite3_busy_timeout(given.Handle!, 5000);")]
    [InlineData("var options = new SqliteGen.SqliteGenOptions { BusyTimeout = System.TimeSpan.FromSeconds(2) };")]
    public Task A_positive_busy_timeout_is_silent(string body) => Verify(body);

    [Theory]
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout = 1\", given).ExecuteNonQuery();")]                    // the smallest that waits
    [InlineData("new SqliteCommand(\"PRAGMA busy_timeout\", given).ExecuteScalar();")]                         // reads it
    [InlineData("new SqliteCommand(\"SELECT 'PRAGMA busy_timeout = 0'\", given).ExecuteScalar();")]            // inside a literal
    [InlineData("using var connection = new SqliteConnection(\"Data Source=app.db;Default Timeout=0\");")]    // 0 there means no time limit
    public Task Near_misses_of_SQLG202_are_silent(string body) => Verify(body);

    // SQLG203: reported on BeginTransaction, with the write as the additional location.

    [Theory]
    [InlineData("using var transaction = {|#0:given.BeginTransaction(deferred: true)|};\nusing var command = new SqliteCommand(\"SELECT count(*) FROM users\", given, transaction);\ncommand.ExecuteScalar();\ncommand.CommandText = \"UPDATE users SET n = n + 1 WHERE id = $id\";\n{|#1:command.ExecuteNonQuery()|};\ntransaction.Commit();", "transaction", "UPDATE")]
    [InlineData("var tx = {|#0:given.BeginTransaction(System.Data.IsolationLevel.Serializable, true)|};\nusing var command = given.CreateCommand();\ncommand.Transaction = tx;\ncommand.CommandText = \"insert into log(id) values ($id)\";\nawait {|#1:command.ExecuteNonQueryAsync()|};\ntx.Commit();", "tx", "INSERT")]
    [InlineData("using var tx = {|#0:given.BeginTransaction(true)|};\n{|#1:new SqliteCommand(\"WITH old AS (SELECT id FROM users) DELETE FROM users WHERE id IN old\", given).ExecuteNonQuery()|};", "tx", "DELETE")]
    [InlineData("using var tx = {|#0:given.BeginTransaction(deferred: true)|};\n{|#1:new SqliteCommand(\"REPLACE INTO users VALUES (1)\", given, tx).ExecuteNonQuery()|};", "tx", "REPLACE")]
    public Task A_deferred_transaction_that_writes_is_reported_with_the_write(string body, string transaction, string verb) =>
        Verify(body, new DiagnosticResult("SQLG203", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithArguments(transaction, "given", verb));

    [Theory]
    [InlineData("using var tx = given.BeginTransaction();\nnew SqliteCommand(\"INSERT INTO users VALUES (1)\", given, tx).ExecuteNonQuery();")]
    [InlineData("using var tx = given.BeginTransaction(deferred: false);\nnew SqliteCommand(\"INSERT INTO users VALUES (1)\", given, tx).ExecuteNonQuery();")]
    public Task An_immediate_transaction_that_writes_is_silent(string body) => Verify(body);

    [Theory]
    [InlineData("using var tx = given.BeginTransaction(deferred: true);\nnew SqliteCommand(\"SELECT * FROM users WHERE name = 'UPDATE'\", given, tx).ExecuteReader().Dispose();")] // reads only
    [InlineData("var tx = given.BeginTransaction(deferred: true);\nnew SqliteCommand(\"SELECT 1\", given, tx).ExecuteScalar();\ntx.Commit();\nnew SqliteCommand(\"DELETE FROM users WHERE id = 1\", given).ExecuteNonQuery();")] // writes after the commit
    [InlineData("new SqliteCommand(\"DELETE FROM users WHERE id = 1\", given).ExecuteNonQuery();\nusing var tx = given.BeginTransaction(deferred: true);")] // writes before it
    public Task Near_misses_of_SQLG203_are_silent(string body) => Verify(body);
}

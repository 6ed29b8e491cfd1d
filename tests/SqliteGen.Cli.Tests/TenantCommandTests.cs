using System;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <c>sqlitegen tenant</c>'s command line without servers: help, the optional tenant argument, and one clear line for
/// each bad command line or servers file (the runs against real servers are in tests/SqliteGen.PostgreSql.Tests/TenantCliTests.cs).
/// </summary>
public sealed class TenantCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Help_gives_the_usage_of_each_action_the_servers_file_and_the_exit_codes()
    {
        CliResult help = Cli.Run("tenant", "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("usage: sqlitegen tenant list [--servers <file>]", help.Out);
        Assert.Contains("sqlitegen tenant move <id> --to <server>", help.Out);
        Assert.Contains("<name> = <Npgsql connection string>", help.Out);
        Assert.Contains("exit codes:", help.Out);
        Assert.Contains("tenant", Cli.Run("--help").Out);
    }

    [Theory]
    [InlineData(new[] { "tenant" }, "sqlitegen tenant: missing <action> (usage: sqlitegen tenant <action> [<id>] [options]; see 'sqlitegen tenant --help')")]
    [InlineData(new[] { "tenant", "drop", "alice" }, "sqlitegen tenant: unknown action 'drop': use list, where or move")]
    [InlineData(new[] { "tenant", "where" }, "sqlitegen tenant: where needs the tenant's <id>")]
    [InlineData(new[] { "tenant", "list", "alice" }, "sqlitegen tenant: unexpected argument 'alice': list takes no tenant")]
    [InlineData(new[] { "tenant", "move", "alice" }, "sqlitegen tenant: move needs --to <server>")]
    [InlineData(new[] { "tenant", "where", "alice", "--to", "b" }, "sqlitegen tenant: --to is for move")]
    [InlineData(new[] { "tenant", "where", "../etc" }, "sqlitegen tenant: '../etc' is not a valid tenant id")]
    [InlineData(new[] { "tenant", "list", "a", "b" }, "sqlitegen tenant: unexpected argument 'b'")]
    public void A_bad_command_line_is_one_line_with_exit_code_2(string[] args, string message)
    {
        CliResult result = Cli.Run(args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("a = Host=127.0.0.1\nb\n", "line 2: expected '<name> = <connection string>'")]
    [InlineData("Main = Host=127.0.0.1\n", "line 1: server name 'Main' is outside a-z, 0-9, '-' and '_'")]
    [InlineData("a = Host=127.0.0.1\n# b\na = Host=127.0.0.2\n", "line 3: server 'a' is listed twice")]
    [InlineData("a = Hots=127.0.0.1\n", "line 1: the connection string of server 'a' is not valid")]
    [InlineData("# nothing\n\n", "lists no servers")]
    public void A_bad_servers_file_names_the_file_and_line(string text, string message)
    {
        string file = _folder.Write("servers", text);
        CliResult result = Cli.Run("tenant", "list", "--servers", file);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("sqlitegen tenant: " + file + " ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void A_missing_servers_file_is_exit_code_3()
    {
        string file = _folder.File("no-such-file");
        CliResult result = Cli.Run("tenant", "where", "alice", "--servers", file);
        Assert.Equal(ExitCodes.FileProblem, result.ExitCode);
        Assert.StartsWith($"sqlitegen tenant: the servers file '{file}' does not exist", result.Error, StringComparison.Ordinal);
    }
}

using System;
using System.IO;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>Help, exit codes, and one clear line on stderr for every bad command line or missing file.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Tool_help_lists_every_command_and_the_exit_codes()
    {
        CliResult result = Cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "inspect", "health", "vacuum", "checkpoint", "backup", "import", "migrate", "copy" })
            Assert.Contains("  " + command + " ", result.Out, StringComparison.Ordinal);
        Assert.Contains("6  health: corrupt", result.Out, StringComparison.Ordinal);
        Assert.Contains("docs: https://github.com/sqlitegen/sqlitegen/tree/main/docs", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Version_prints_the_informational_version_the_tool_was_built_as()
    {
        CliResult result = Cli.Run("--version");
        Assert.Equal(0, result.ExitCode);
        string built = ((System.Reflection.AssemblyInformationalVersionAttribute)Attribute.GetCustomAttribute(
            typeof(SqliteGenCli).Assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute))!).InformationalVersion;
        Assert.StartsWith("sqlitegen " + built + " (SQLite 3.", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inspect", "usage: sqlitegen inspect <db> [--json]")]
    [InlineData("health", "usage: sqlitegen health <db> [--full] [--json]")]
    [InlineData("vacuum", "usage: sqlitegen vacuum <db> [--incremental]")]
    [InlineData("checkpoint", "usage: sqlitegen checkpoint <db> [--mode passive|full|restart|truncate]")]
    [InlineData("backup", "usage: sqlitegen backup <source> <dest> [--overwrite]")]
    [InlineData("import", "usage: sqlitegen import <db> <table> <file> [options]")]
    [InlineData("migrate", "usage: sqlitegen migrate status|up|down|script <db>")]
    [InlineData("copy", "usage: sqlitegen copy <db> <connection>")]
    public void Each_command_has_help_with_its_usage_and_exit_codes(string command, string usage)
    {
        CliResult result = Cli.Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(usage, result.Out, StringComparison.Ordinal);
        Assert.Contains("exit codes:", result.Out, StringComparison.Ordinal);
        Assert.Equal(result.Out, Cli.Run("help", command).Out);
    }

    [Theory]
    [InlineData(new string[0], "sqlitegen: no command given")]
    [InlineData(new[] { "frobnicate" }, "sqlitegen: unknown command 'frobnicate'")]
    [InlineData(new[] { "help", "frobnicate" }, "sqlitegen: unknown command 'frobnicate'; the commands are inspect, health, vacuum, checkpoint, backup, import")]
    [InlineData(new[] { "health" }, "sqlitegen health: missing <db>")]
    [InlineData(new[] { "health", "a.db", "b.db" }, "sqlitegen health: unexpected argument 'b.db'")]
    [InlineData(new[] { "health", "a.db", "--fast" }, "sqlitegen health: unknown option '--fast'")]
    [InlineData(new[] { "checkpoint", "a.db", "--mode" }, "sqlitegen checkpoint: --mode needs a value")]
    [InlineData(new[] { "checkpoint", "a.db", "--mode", "hard" }, "sqlitegen checkpoint: --mode must be one of passive, full, restart, truncate, not 'hard'")]
    [InlineData(new[] { "import", "a.db", "t", "f.json", "--batch-size", "0" }, "sqlitegen import: --batch-size must be a positive whole number, not '0'")]
    [InlineData(new[] { "import", "a.db", "sqlite_master", "f.json" }, "sqlitegen import: 'sqlite_master' is not a valid table name")]
    [InlineData(new[] { "vacuum", "a.db", "--incremental=yes" }, "sqlitegen vacuum: --incremental takes no value")]
    [InlineData(new[] { "copy", "a.db" }, "sqlitegen copy: missing <connection>")]
    public void Bad_arguments_give_one_line_on_stderr_and_exit_2(string[] args, string message)
    {
        CliResult result = Cli.Run(args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("health")]
    [InlineData("vacuum")]
    [InlineData("checkpoint")]
    public void A_missing_database_file_exits_3_with_its_path_and_creates_nothing(string command)
    {
        string missing = _folder.File("missing.db");
        CliResult result = Cli.Run(command, missing);
        Assert.Equal(ExitCodes.FileProblem, result.ExitCode);
        Assert.Equal($"sqlitegen {command}: ", result.Error[..(command.Length + 12)]);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(missing));
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("health")]
    [InlineData("vacuum")]
    [InlineData("checkpoint")]
    public void A_file_that_is_not_a_database_exits_3_and_is_left_unchanged(string command)
    {
        string path = _folder.Write("notes.txt", new string('x', 5000));
        CliResult result = Cli.Run(command, path);
        Assert.Equal(ExitCodes.FileProblem, result.ExitCode);
        Assert.Contains($"'{path}' is not a SQLite database", result.Error, StringComparison.Ordinal);
        Assert.Equal(new string('x', 5000), File.ReadAllText(path));
    }

    [Fact]
    public void Import_of_a_missing_input_file_exits_3_and_creates_no_database()
    {
        string database = _folder.File("new.db");
        CliResult result = Cli.Run("import", database, "events", _folder.File("events.ndjson"));
        Assert.Equal(ExitCodes.FileProblem, result.ExitCode);
        Assert.Contains("events.ndjson' does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database));
    }

    [Fact]
    public void A_canceled_command_exits_130_and_leaves_nothing_behind()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 10);
        using var cancel = new System.Threading.CancellationTokenSource();
        cancel.Cancel(); // as Ctrl+C does through Console.CancelKeyPress

        CliResult health = Cli.Run(cancel.Token, "health", path);
        Assert.Equal(ExitCodes.Canceled, health.ExitCode);
        Assert.Equal("sqlitegen health: canceled; what the running statement had started was rolled back.\n", health.Error);

        string database = _folder.File("new.db");
        CliResult import = Cli.Run(cancel.Token, "import", database, "rows", _folder.Write("rows.ndjson", "{\"a\": 1}\n"));
        Assert.Equal(ExitCodes.Canceled, import.ExitCode);
        Assert.StartsWith("read 0 records", import.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(database));
    }
}

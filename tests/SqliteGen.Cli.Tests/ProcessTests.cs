using System;
using System.Diagnostics;
using System.IO;
using SqliteGen.Cli.Import;
using Xunit;

namespace SqliteGen.Cli.Tests;

using ImportProgress = SqliteGen.Cli.Import.ImportProgress; // the tool's, not the runtime's SqliteGen.ImportProgress

/// <summary>The built tool as a separate process (exit code and streams as a shell sees them), and its progress lines.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static CliResult RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SqliteGen.Cli.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, output.Result, error);
    }

    [Fact]
    public void As_a_process_health_prints_the_verdict_and_exits_with_its_code()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 100);

        CliResult result = RunProcess("health", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("verdict        ok", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void As_a_process_a_malformed_import_line_exits_4_with_one_line_on_stderr()
    {
        string input = _folder.Write("rows.ndjson", "{\"a\": 1}\n{\"a\": 2\n");

        // --quiet: a real process reads the real clock, and on a busy machine an import can take longer than the
        // second after which progress lines appear (those are tested with a controlled clock in ImportTests).
        CliResult result = RunProcess("import", _folder.File("app.db"), "rows", input, "--quiet");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith($"sqlitegen import: {input} line 2: malformed JSON", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Progress_lines_say_records_read_and_how_far_into_the_file()
    {
        var error = new StringWriter();
        var progress = new ImportProgress(error, enabled: true, interactive: false, TimeProvider.System, interval: TimeSpan.Zero);
        progress.Report(1500, 512 * 1024, 1024 * 1024);
        Assert.StartsWith("import: 1,500 records, 512 of 1,024 KiB (50%), ", error.ToString(), StringComparison.Ordinal);

        var quiet = new StringWriter();
        new ImportProgress(quiet, enabled: false, interactive: false, TimeProvider.System, interval: TimeSpan.Zero).Report(1500, 512, 1024);
        Assert.Equal("", quiet.ToString());
    }
}

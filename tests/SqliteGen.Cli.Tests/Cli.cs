using System.IO;
using SqliteGen.Cli;

namespace SqliteGen.Cli.Tests;

/// <summary>What one run of the tool gave: its exit code and everything it wrote.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>sqlitegen</c> in-process, as the process entry point does, with captured output.</summary>
public static class Cli
{
    public static CliResult Run(params string[] args) => Run(default, args);

    public static CliResult Run(System.Threading.CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SqliteGenCli.Run(args, output, error, cancellation);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

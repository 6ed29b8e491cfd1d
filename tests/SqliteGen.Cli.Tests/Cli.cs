using System;
using System.IO;
using System.Threading;
using SqliteGen.Cli;

namespace SqliteGen.Cli.Tests;

/// <summary>What one run of the tool gave: its exit code and everything it wrote.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>
/// Runs <c>sqlitegen</c> in-process, as the process entry point does, with captured output. The tool reads
/// the time from a <see cref="SteppingClock"/>: a still one unless a test says otherwise, so a run takes no
/// time at all however busy the machine is (no progress lines, durations of 0 ms).
/// </summary>
public static class Cli
{
    public static CliResult Run(params string[] args) => Run(new SteppingClock(TimeSpan.Zero), default, args);

    public static CliResult Run(CancellationToken cancellation, params string[] args) => Run(new SteppingClock(TimeSpan.Zero), cancellation, args);

    public static CliResult Run(TimeProvider time, CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SqliteGenCli.Run(args, output, error, time, cancellation);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>A clock that moves on by <paramref name="step"/> each time it is read, and not otherwise.</summary>
public sealed class SteppingClock(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}

using System;
using System.Globalization;
using System.IO;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Process CPU time per operation of the write benchmarks (every thread of the process, so a side's background
/// checkpoints count). Each benchmark process records its side's total at global cleanup in a file of its own; the
/// report reads them. Measured over the iterations' invocation loops only (between iteration setup and cleanup,
/// outside the timed region's bookkeeping), warm-up iterations included.
/// </summary>
public static class CpuLedger
{
    private static readonly Ledger Files = new("sqlitegen-bench-cpu");

    /// <summary>Forgets earlier runs' figures (called before a suite runs).</summary>
    public static void Reset() => Files.Reset();

    public static void Record(string benchmark, Side side, TimeSpan cpu, long operations) => Files.Write(benchmark, side, cpu.Ticks, operations);

    /// <summary>Nanoseconds of CPU per operation for this benchmark and side, or null when none was recorded.</summary>
    public static double? NanosecondsPerOperation(string benchmark, Side side) =>
        Files.Read(benchmark, side) is ({ } ticks, { } operations) && operations > 0 ? ticks * 100.0 / operations : null;
}

/// <summary>
/// Two counts per benchmark and side, one file each in a folder under the temp directory: a benchmark process writes
/// its side's counts at global cleanup, the parent process reads them for the report.
/// </summary>
public sealed class Ledger(string folderName)
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), folderName);

    public void Reset()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    public void Write(string benchmark, Side side, long value, long operations)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(FileOf(benchmark, side), string.Create(CultureInfo.InvariantCulture, $"{value} {operations}"));
    }

    /// <summary>The counts recorded for this benchmark and side, or nulls when none were.</summary>
    public (long? Value, long? Operations) Read(string benchmark, Side side)
    {
        string file = FileOf(benchmark, side);
        if (!File.Exists(file))
            return (null, null);
        string[] parts = File.ReadAllText(file).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private string FileOf(string benchmark, Side side) => Path.Combine(_folder, $"{benchmark}-{side}.txt");
}

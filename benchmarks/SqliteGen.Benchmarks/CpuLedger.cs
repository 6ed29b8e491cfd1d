using System;
using System.Collections.Generic;
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
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "sqlitegen-bench-cpu");

    /// <summary>Forgets earlier runs' figures (called before a suite runs).</summary>
    public static void Reset()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    public static void Record(string benchmark, Side side, TimeSpan cpu, long operations)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, $"{benchmark}-{side}.txt"),
            string.Create(CultureInfo.InvariantCulture, $"{cpu.Ticks} {operations}"));
    }

    /// <summary>Nanoseconds of CPU per operation for this benchmark and side, or null when none was recorded.</summary>
    public static double? NanosecondsPerOperation(string benchmark, Side side)
    {
        string file = Path.Combine(Folder, $"{benchmark}-{side}.txt");
        if (!File.Exists(file))
            return null;
        string[] parts = File.ReadAllText(file).Split(' ');
        long ticks = long.Parse(parts[0], CultureInfo.InvariantCulture), operations = long.Parse(parts[1], CultureInfo.InvariantCulture);
        return operations == 0 ? null : ticks * 100.0 / operations;
    }
}

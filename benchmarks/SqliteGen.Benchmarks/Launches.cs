using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Several benchmark processes per read benchmark, and what their medians say. A read's time can depend on the
/// process it runs in, not on the side's code: on the benchmarks' virtual machine a 1,000-row read ran at 1.1 ms in
/// some processes and 2.1 ms in others, whichever the side, steady within each process (README.md, "One process is
/// not enough"). One process per row would let a ratio compare two process states. Each read therefore runs in
/// <see cref="Count"/> fresh processes; the row reports each process's median, and when they disagree by more than
/// <see cref="DisagreeRatio"/> the row is flagged and its targets are judged by the processes' extremes
/// (<see cref="Extremes"/>), not by the medians.
/// </summary>
public static class Launches
{
    /// <summary>Processes per read benchmark in out-of-process jobs (the in-process quick job runs once: it has one process).</summary>
    public const int OutOfProcess = 3;

    /// <summary>Set before the suite runs: <see cref="OutOfProcess"/>, or 1 for the in-process quick job.</summary>
    public static int Count { get; set; } = OutOfProcess;

    /// <summary>The slowest process's median over the fastest's above which a row's processes disagree.</summary>
    public const double DisagreeRatio = 1.10;

    /// <summary>Each process's median time per operation (ns) over its measured iterations, in launch order.</summary>
    public static IReadOnlyList<double> Medians(BenchmarkReport report) => report.AllMeasurements
        .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
        .GroupBy(m => m.LaunchIndex)
        .OrderBy(g => g.Key)
        .Select(g => Median(g.Select(m => m.Nanoseconds / m.Operations)))
        .ToList();

    /// <summary>The slowest process's median over the fastest's (1 with one process).</summary>
    public static double Spread(IReadOnlyList<double> medians) =>
        medians.Count < 2 || medians.Min() <= 0 ? 1 : medians.Max() / medians.Min();

    /// <summary>
    /// <paramref name="ours"/> over <paramref name="other"/> at the most favourable pair of processes (our fastest
    /// against their slowest) and the least favourable (our slowest against their fastest). A side measured in one
    /// process contributes its confidence interval's ends instead. A target met even at the least favourable pair
    /// holds whatever state each process settled in; one missed even at the most favourable pair fails.
    /// </summary>
    public static (double Best, double Worst) Extremes(SideResult ours, SideResult other)
    {
        (double oursFast, double oursSlow) = Range(ours);
        (double otherFast, double otherSlow) = Range(other);
        return (oursFast / Math.Max(otherSlow, 1e-9), oursSlow / Math.Max(otherFast, 1e-9));
    }

    private static (double Fast, double Slow) Range(SideResult side) => side.LaunchMedians.Count < 2
        ? (side.Interval.Lower, side.Interval.Upper)
        : (side.LaunchMedians.Min(), side.LaunchMedians.Max());

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Runs the benchmark in <see cref="Launches.Count"/> processes (read at the time BenchmarkDotNet reads the attribute, after the suite set it).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReadLaunchesAttribute() : JobMutatorConfigBaseAttribute(Job.Default.WithLaunchCount(Launches.Count).AsMutator());

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace SqliteGen.Benchmarks;

/// <summary>One side's result for one operation.</summary>
public sealed record SideResult(Side Side, BenchmarkReport Report)
{
    public double Median => Report.ResultStatistics!.Median;
    public double Mean => Report.ResultStatistics!.Mean;
    public double StandardError => Report.ResultStatistics!.StandardError;
    public long Alloc => Report.GcStats.GetBytesAllocatedPerOperation(Report.BenchmarkCase) ?? -1;
    public string Name => BenchConnection.DisplayName(Side);

    /// <summary>The 99.9% confidence interval of the mean (BenchmarkDotNet's), in nanoseconds.</summary>
    public (double Lower, double Upper) Interval => (Report.ResultStatistics!.ConfidenceInterval.Lower, Report.ResultStatistics!.ConfidenceInterval.Upper);

    /// <summary>Process CPU time per operation, every thread: writes over their invocation loops (<see cref="CpuLedger"/>), reads over the actual iterations of their last process (<see cref="PageFaultDiagnoser"/>).</summary>
    public double? CpuPerOperation => CpuLedger.NanosecondsPerOperation(Report.BenchmarkCase.Descriptor.Type.Name, Side)
        ?? PageFaultDiagnoser.Instance.PerOperation(Report)?.CpuNanoseconds;

    /// <summary>Minor page faults per operation: writes over their invocation loops (<see cref="FaultLedger"/>), reads over the actual iterations of their last process (<see cref="PageFaultDiagnoser"/>).</summary>
    public double? FaultsPerOperation => FaultLedger.PerOperation(Report.BenchmarkCase.Descriptor.Type.Name, Side)
        ?? PageFaultDiagnoser.Instance.PerOperation(Report)?.Faults;

    /// <summary>Each benchmark process's median (one for writes; <see cref="Launches.Count"/> for reads).</summary>
    public IReadOnlyList<double> LaunchMedians => Launches.Medians(Report);

    /// <summary>True when the row's processes disagree by more than <see cref="Launches.DisagreeRatio"/>: the row measured process states, not only the code.</summary>
    public bool LaunchesDisagree => Launches.Spread(LaunchMedians) > Launches.DisagreeRatio;

    /// <summary>"1.102 ms / 2.081 ms / 1.110 ms" (with "**...: processes disagree**" when they do), or "-" for one process.</summary>
    public string LaunchesText => LaunchMedians.Count < 2 ? "-"
        : string.Join(" / ", LaunchMedians.Select(Comparison.Time)) + (LaunchesDisagree ? " (**processes disagree**)" : "");

    /// <summary>The share of the median the row's page faults account for at this machine's cost per fault (<see cref="FaultCost"/>).</summary>
    public double? FaultShare => FaultsPerOperation is { } faults && FaultCost is { } cost && Median > 0 ? faults * cost / Median : null;

    /// <summary>True when page faults account for more than <see cref="PageFaults.FlagShare"/> of the median: not a steady measurement of the code.</summary>
    public bool Flagged => FaultShare > PageFaults.FlagShare;

    /// <summary>"12.3 (~15% of the median)" or "0.01", for the reports.</summary>
    public string FaultsText => FaultsPerOperation is not { } faults ? "-"
        : faults.ToString(faults >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture)
          + (Flagged ? $" (**~{FaultShare!.Value * 100:0}% of the median**)" : "");

    /// <summary>Nanoseconds per page fault on this machine (<see cref="PageFaults.CostNanoseconds"/>), set once before the report.</summary>
    public static double? FaultCost { get; set; }
}

/// <summary>One operation: every side that ran, from one run. Ratios are of medians.</summary>
public sealed record Comparison(string Operation, IReadOnlyList<SideResult> Sides)
{
    public SideResult? this[Side side] => Sides.FirstOrDefault(s => s.Side == side);

    /// <summary><paramref name="side"/>'s median over the hand-written baseline's (null when either is missing).</summary>
    public double? ToBaseline(SideResult side) => this[Side.HandWritten] is { } hand ? side.Median / hand.Median : null;

    /// <summary>SqliteGen's median over <paramref name="side"/>'s: 0.5 means SqliteGen takes half the time (2x faster).</summary>
    public double? GenOver(SideResult side) => this[Side.SqliteGen] is { } gen ? gen.Median / side.Median : null;

    public static List<Comparison> From(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToList();
        var result = new List<Comparison>();
        foreach (string op in Ops.All)
        {
            var sides = reports
                .Where(r => r.BenchmarkCase.Descriptor.Categories.Contains(op))
                .Select(r => new SideResult((Side)r.BenchmarkCase.Parameters[nameof(ComparisonBase.Side)]!, r))
                .OrderBy(s => s.Side)
                .ToList();
            if (sides.Count > 0)
                result.Add(new Comparison(op, sides));
        }
        return result;
    }

    /// <summary>One line per side: median, allocation, ratio to the baseline, SqliteGen's ratio to it.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return Operation;
        foreach (SideResult side in Sides)
        {
            yield return string.Format(CultureInfo.InvariantCulture,
                "  {0,-37} median {1,11}  CI99.9 [{6}, {7}]  CPU/op {8,11}  faults/op {9}  alloc {2,14}  vs hand-written {3,6}  SqliteGen/this {4,6}{5}{10}{11}",
                side.Name, Time(side.Median), Bytes(side.Alloc), Ratio(ToBaseline(side)),
                side.Side == Side.SqliteGen ? "" : Ratio(GenOver(side)),
                side.Side == Side.SqliteGen || GenOver(side) is not { } r ? "" : $" ({Faster(r)})",
                Time(side.Interval.Lower), Time(side.Interval.Upper), side.CpuPerOperation is { } cpu ? Time(cpu) : "-",
                side.FaultsPerOperation is { } faults ? faults.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                side.Flagged ? $"  FLAGGED: page faults ~{side.FaultShare!.Value * 100:0}% of the median" : "",
                side.LaunchMedians.Count < 2 ? "" : $"  per process {string.Join(" / ", side.LaunchMedians.Select(Time))}{(side.LaunchesDisagree ? "  FLAGGED: processes disagree" : "")}");
        }
    }

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>"2.50x faster" for a SqliteGen/other time ratio of 0.40, "1.25x slower" for 1.25.</summary>
    public static string Faster(double genOverOther) => genOverOther <= 1
        ? (1 / genOverOther).ToString("0.00", CultureInfo.InvariantCulture) + "x faster"
        : genOverOther.ToString("0.00", CultureInfo.InvariantCulture) + "x slower";

    public static string Time(double ns) => Math.Abs(ns) switch
    {
        >= 1e6 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    /// <summary>Exact bytes per operation, with thousands separators.</summary>
    public static string Bytes(long bytes) => bytes < 0 ? "n/a" : bytes.ToString("#,0", CultureInfo.InvariantCulture) + " B";
}

/// <summary>One target for one operation: met (PASS), not met (MISS) or not measured (n/a).</summary>
public sealed record TargetCheck(string Target, string Operation, bool? Met, string Measured)
{
    public string Verdict => Met switch { true => "PASS", false => "MISS", null => "n/a" };

    /// <summary>
    /// Every target for every operation that ran. Each compares like with like: reads and InsertMany against the floor as
    /// both run (no checkpoint is due in a read, and InsertMany's one commit checkpoints the same way on every side); the
    /// single-row writes with SQLite's inline checkpoints on both sides (<see cref="Side.SqliteGenInlineCheckpoint"/>);
    /// a target is met only when the two 99.9% confidence intervals do not overlap in the wrong direction.
    /// </summary>
    public static List<TargetCheck> Evaluate(IReadOnlyList<Comparison> comparisons)
    {
        var checks = new List<TargetCheck>();
        foreach (Comparison c in comparisons)
        {
            bool singleRowWrite = c.Operation is Ops.InsertOne or Ops.UpdateOne or Ops.DeleteOne;
            Side ours = singleRowWrite ? Side.SqliteGenInlineCheckpoint : Side.SqliteGen;
            checks.Add(Time(c, "SqliteGen <= 1.05x the SQLitePCLRaw floor", ours, Side.RawFloor, max: 1.05));
            if (singleRowWrite)
                checks.Add(Time(c, "single-row writes: SqliteGen <= 0.8x hand-written", ours, Side.HandWritten, max: 0.8));
            if (c.Operation == Ops.GetByKey)
                checks.Add(Time(c, "get by key: SqliteGen >= 2x faster than Dapper.AOT [CacheCommand]", ours, Side.DapperAotCached, max: 1 / 2.0));
            if (Ops.Reads.Contains(c.Operation))
                checks.Add(Time(c, "reads: SqliteGen >= 3x faster than EF Core (compiled queries)", ours, Side.EFCore, max: 1 / 3.0));
        }
        return checks;
    }

    /// <summary>
    /// <paramref name="ours"/>'s median over <paramref name="other"/>'s must be at most <paramref name="max"/>, and the
    /// intervals must agree; for a row whose processes disagree, the processes' extremes decide (<see cref="Launches.Extremes"/>).
    /// </summary>
    private static TargetCheck Time(Comparison c, string target, Side ours, Side other, double max)
    {
        SideResult? gen = c[ours];
        SideResult? o = c[other];
        if (gen is null || o is null)
            return new TargetCheck(target, c.Operation, null, "n/a");
        // A row whose page faults are a visible share of its time measured the machine's memory commits, not the code.
        if (new[] { gen, o }.FirstOrDefault(s => s.Flagged) is { } unsteady)
            return new TargetCheck(target, c.Operation, null,
                $"not judged: page faults are ~{unsteady.FaultShare!.Value * 100:0}% of {unsteady.Name}'s median ({unsteady.FaultsText.Split(' ')[0]} per op); re-run");
        // Against another library, the floor's own ratio says what is possible at all: SqliteGen runs on the floor's calls.
        string floorNote = "";
        if (other != Side.RawFloor && c[Side.RawFloor] is { } floor)
        {
            double floorRatio = floor.Median / o.Median;
            floorNote = $"; {floor.Name}/{o.Name} {Comparison.Ratio(floorRatio)}"
                + (floorRatio > max ? ": the floor itself misses this target, so no code on top of it can meet it" : "");
        }
        // A row whose processes disagree measured which state each process settled in as well as the code (Launches):
        // judge it by the processes' extremes, and not at all when the target lies between them.
        if (new[] { gen, o }.FirstOrDefault(s => s.LaunchesDisagree) is { } split)
        {
            (double favourable, double unfavourable) = Launches.Extremes(gen, o);
            string range = $"{gen.Name}/{o.Name} {Comparison.Ratio(favourable)} to {Comparison.Ratio(unfavourable)} between the processes' extremes ({split.Name}'s processes disagree: {string.Join(" / ", split.LaunchMedians.Select(Comparison.Time))})";
            bool? met = unfavourable <= max ? true : favourable > max ? false : null;
            return new TargetCheck(target, c.Operation, met, (met is null ? $"not judged: {range}; re-run" : range) + floorNote);
        }
        double ratio = gen.Median / o.Median;
        // Met only if even our interval's top against their interval's bottom stays within the target.
        double worst = gen.Interval.Upper / Math.Max(o.Interval.Lower, 1e-9);
        return new TargetCheck(target, c.Operation, ratio <= max && worst <= max,
            $"{gen.Name}/{o.Name} {Comparison.Ratio(ratio)} ({Comparison.Faster(ratio)}; {Comparison.Ratio(worst)} at the intervals' worst){floorNote}");
    }

    /// <summary>The summary: one line per target and operation, then the count of PASS and MISS.</summary>
    public static string Summary(IReadOnlyList<TargetCheck> checks)
    {
        var text = new StringBuilder();
        foreach (var group in checks.GroupBy(c => c.Target))
        {
            text.AppendLine(group.Key);
            foreach (TargetCheck check in group)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {check.Verdict,-4}  {check.Operation,-42} {check.Measured}"));
        }
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"Targets: {checks.Count(c => c.Met == true)} PASS, {checks.Count(c => c.Met == false)} MISS, {checks.Count(c => c.Met is null)} n/a"));
        return text.ToString();
    }
}

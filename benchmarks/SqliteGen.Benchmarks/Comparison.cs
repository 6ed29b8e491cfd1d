using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace SqliteGen.Benchmarks;

/// <summary>One operation: the hand-written baseline and SqliteGen's generated code, from one run.</summary>
public sealed record Comparison(string Operation, BenchmarkReport HandWritten, BenchmarkReport Generated)
{
    public const double TargetRatio = 1.05;

    public double HandMean => HandWritten.ResultStatistics!.Mean;
    public double GenMean => Generated.ResultStatistics!.Mean;
    public double HandMedian => HandWritten.ResultStatistics!.Median;
    public double GenMedian => Generated.ResultStatistics!.Median;
    public double Ratio => GenMean / HandMean;
    public double MedianRatio => GenMedian / HandMedian;
    public long HandAlloc => HandWritten.GcStats.GetBytesAllocatedPerOperation(HandWritten.BenchmarkCase) ?? -1;
    public long GenAlloc => Generated.GcStats.GetBytesAllocatedPerOperation(Generated.BenchmarkCase) ?? -1;
    public bool TimeMet => Ratio <= TargetRatio;
    public bool AllocMet => GenAlloc <= HandAlloc;

    public static List<Comparison> From(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToList();
        var result = new List<Comparison>();
        foreach (string op in Ops.All)
        {
            BenchmarkReport? hand = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Categories.Contains(op) && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "HandWritten");
            BenchmarkReport? gen = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Categories.Contains(op) && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Generated");
            if (hand is not null && gen is not null)
                result.Add(new Comparison(op, hand, gen));
        }
        return result;
    }

    public string ToLine() => string.Format(CultureInfo.InvariantCulture,
        "{0,-42} SqliteGen {1,11}  hand-written {2,11}  ratio {3,5:0.00}{4}  alloc SqliteGen {5,14}  hand-written {6,14}{7}",
        Operation, Time(GenMean), Time(HandMean), Ratio, TimeMet ? "  " : " !", Bytes(GenAlloc), Bytes(HandAlloc), AllocMet ? "" : " !");

    public static string Time(double ns) => ns switch
    {
        >= 1e6 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    /// <summary>Exact bytes per operation, with thousands separators.</summary>
    public static string Bytes(long bytes) => bytes < 0 ? "n/a" : bytes.ToString("#,0", CultureInfo.InvariantCulture) + " B";
}

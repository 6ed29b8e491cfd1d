using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks</c> runs every comparison with the
/// default job and writes benchmarks/RESULTS.md. <c>-- --quick</c> runs a short job and prints one line per
/// comparison. <c>-- --diag</c> adds the overhead micro-benchmarks (pool, statement cache, conversions).
/// Any other arguments go to BenchmarkDotNet's switcher (<c>--filter *GetByKey*</c>, <c>--list flat</c>, ...);
/// RESULTS.md is written only by a full, unfiltered run (or when <c>--results</c> is given).
/// </summary>
public static class Program
{
    public static readonly Type[] ComparisonTypes =
        { typeof(GetByKey), typeof(InsertOne), typeof(InsertMany), typeof(ReadMany), typeof(GetByUnique) };

    public static readonly Type[] DiagnosticTypes = { typeof(Overheads) };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ConcurrentWrites.ChildFlag)
            return ConcurrentWrites.Child(args[1..]);

        var rest = new List<string>(args);
        bool quick = rest.Remove("--quick");
        bool diag = rest.Remove("--diag");
        bool forceResults = rest.Remove("--results"); // write RESULTS.md even for a quick or filtered run
        bool concurrent = rest.Remove("--concurrent");
        bool passThrough = rest.Count > 0;

        if (concurrent)
        {
            // The concurrent-writes workload alone (a custom harness, not BenchmarkDotNet): see ConcurrentWrites.
            ConcurrentWrites.Run(new[] { 8, 32 }, TimeSpan.FromSeconds(quick ? 2 : 5), Console.Out);
            return 0;
        }

        Type[] types = diag ? ComparisonTypes.Concat(DiagnosticTypes).ToArray() : ComparisonTypes;
        IConfig config = DefaultConfig.Instance;
        if (quick)
        {
            // A few iterations in one launch each: minutes instead of tens of minutes, indicative only.
            config = config.AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithId("Quick").AsDefault());
        }

        // Without a filter the switcher would ask interactively: run everything given.
        string[] switcherArgs = rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "--list" || a.StartsWith("--list", StringComparison.Ordinal))
            ? rest.ToArray()
            : rest.Concat(new[] { "--filter", "*" }).ToArray();

        DateTimeOffset started = DateTimeOffset.Now;
        List<Summary> summaries = BenchmarkSwitcher.FromTypes(types)
            .Run(switcherArgs, config).ToList();
        if (summaries.Count == 0)
            return 0;

        List<Comparison> comparisons = Comparison.From(summaries);
        Console.WriteLine();
        Console.WriteLine(quick ? "SqliteGen vs hand-written (quick run: indicative only)" : "SqliteGen vs hand-written");
        foreach (Comparison comparison in comparisons)
            Console.WriteLine(comparison.ToLine());

        bool full = !quick && !passThrough && Ops.All.All(op => comparisons.Any(c => c.Operation == op));
        if (full || forceResults)
        {
            string path = ResultsWriter.Write(summaries, comparisons, started, args, quick);
            Console.WriteLine($"Wrote {path}");
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

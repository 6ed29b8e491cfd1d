using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks</c> runs every comparison (every operation for
/// every side) with the default job and writes benchmarks/RESULTS.md. <c>-- --quick</c> runs a short in-process job
/// and prints one line per side and operation plus the targets. <c>-- --diag</c> adds the overhead micro-benchmarks
/// (pool, statement cache, conversions). Any other arguments go to BenchmarkDotNet's switcher (<c>--filter *GetByKey*</c>,
/// <c>--list flat</c>, ...); RESULTS.md is written only by a full, unfiltered run (or when <c>--results</c> is given).
/// Workloads that are not BenchmarkDotNet suites register in <see cref="CustomModes"/>.
/// </summary>
public static class Program
{
    public static readonly Type[] ComparisonTypes =
    {
        typeof(GetByKey), typeof(GetByUnique), typeof(ReadMany), typeof(JsonQuery),
        typeof(InsertOne), typeof(InsertMany), typeof(UpdateOne), typeof(DeleteOne),
    };

    public static readonly Type[] DiagnosticTypes = { typeof(Overheads) };

    /// <summary>
    /// Custom-harness workloads selected by their own switch instead of the BenchmarkDotNet suite: the switch maps to
    /// a function that receives the remaining arguments and returns the exit code. Add an entry per workload.
    /// </summary>
    public static readonly Dictionary<string, Func<string[], int>> CustomModes = new(StringComparer.Ordinal)
    {
        // The concurrent-writes workload (a custom harness, not BenchmarkDotNet): see ConcurrentWrites.
        ["--concurrent"] = rest =>
        {
            ConcurrentWrites.Run(ConcurrentWrites.WriterCounts, ConcurrentWrites.Duration(quick: rest.Contains("--quick")), Console.Out);
            return 0;
        },
        // The tenancy workload: layered Get against a plain Get, and reads across 1,000 tenant files.
        ["--tenancy"] = AcrossTenants.Run,
        // Vector search: sqlite-vec, re-reading, the exact and the binary-quantized index, 100,000 x 384.
        ["--vectors"] = VectorSearch.Run,
        // Import: the generated ImportJson over 1,000,000 NDJSON rows (--rows N, --batch N).
        ["--import"] = ImportWorkload.Run,
        // Kept read snapshots: get by key, 1,000 rows, layered tenant Get; nothing or a commit between reads.
        ["--read-snapshots"] = SnapshotCommitAlone.Run,
        // What the generator costs the compiler per edit, beside System.Text.Json's generator on the same project.
        ["--generator"] = GeneratorCost.Run,
        // The generated PostgreSQL repositories against hand-written Npgsql, Dapper and EF Core, on a server of its own.
        ["--postgres"] = PgBench.Run,
        // The PostgreSQL tenant router: layered Get through ForTenant against a plain Get, and the placement lookup's cost.
        ["--tenant-router"] = PgRouterBench.Run,
        // `sqlitegen copy` of 100,000 and 1,000,000 seed-shaped rows into PostgreSQL: rows/s and the tool's memory.
        ["--copy"] = CopyThroughput.Run,
        // One read benchmark for one side, timed by CPU per read in this process: compares process states (ProcessState).
        ["--process-state"] = ProcessState.Run,
        // Gets by key with kept read snapshots, nothing else: the driver of the callgrind instructions-per-get count (GetLoop).
        ["--get-loop"] = GetLoop.Run,
        // Plain and layered tenant Gets on PostgreSQL in one loop, nothing else: the driver of a profiler (RouterLoop).
        ["--router-loop"] = RouterLoop.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ConcurrentWrites.ChildFlag)
            return ConcurrentWrites.Child(args[1..]);
        LoadSampler.Start(); // the report's conditions: how busy the machine was while measuring
        foreach ((string mode, Func<string[], int> run) in CustomModes)
        {
            if (args.Contains(mode))
                return run(args.Where(a => a != mode).ToArray());
        }
        return RunSuite(args);
    }

    /// <summary>The single-threaded BenchmarkDotNet suite: every operation for every <see cref="Side"/>.</summary>
    public static int RunSuite(string[] args)
    {
        var rest = new List<string>(args);
        bool quick = rest.Remove("--quick");
        bool diag = rest.Remove("--diag");
        bool forceResults = rest.Remove("--results"); // write RESULTS.md even for a quick or filtered run
        bool passThrough = rest.Count > 0;

        Launches.Count = quick ? 1 : Launches.OutOfProcess; // the quick job runs in process: one process, one launch
        Type[] types = diag ? ComparisonTypes.Concat(DiagnosticTypes).ToArray() : ComparisonTypes;
        IConfig config = DefaultConfig.Instance.AddDiagnoser(PageFaultDiagnoser.Instance).AddColumn(PageFaultDiagnoser.Columns);
        if (quick)
            config = config.AddJob(QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        else
            config = config.AddJob(FullJob); // command-line job options (--iterationCount ...) apply on top of it

        // Without a filter the switcher would ask interactively: run everything given.
        string[] switcherArgs = rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a.StartsWith("--list", StringComparison.Ordinal))
            ? rest.ToArray()
            : rest.Concat(new[] { "--filter", "*" }).ToArray();

        DateTimeOffset started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        CpuLedger.Reset();
        FaultLedger.Reset();
        List<Summary> summaries = BenchmarkSwitcher.FromTypes(types).Run(switcherArgs, config).ToList();
        if (summaries.Count == 0)
            return 0;

        SideResult.FaultCost = PageFaults.CostNanoseconds();
        List<Comparison> comparisons = Comparison.From(summaries);
        List<TargetCheck> checks = TargetCheck.Evaluate(comparisons);
        Console.WriteLine();
        Console.WriteLine(quick
            ? "SqliteGen vs hand-written Microsoft.Data.Sqlite and the competitors (quick run: indicative only; ratios of medians)"
            : "SqliteGen vs hand-written Microsoft.Data.Sqlite and the competitors (ratios of medians)");
        foreach (Comparison comparison in comparisons)
        {
            foreach (string line in comparison.ToLines())
                Console.WriteLine(line);
        }
        Console.WriteLine();
        Console.WriteLine(TargetCheck.Summary(checks));
        Console.WriteLine($"Suite wall time: {clock.Elapsed:m\\:ss}");

        bool full = !quick && !passThrough && Ops.All.All(op => comparisons.Any(c => c.Operation == op));
        if (full || forceResults)
        {
            // The concurrent-writes workload goes into the same file (about 45 s, 20 s in a quick run). Its own threads
            // would read as a busy machine: the conditions describe the suite above.
            LoadSampler.Stop();
            TimeSpan duration = ConcurrentWrites.Duration(quick);
            List<ConcurrentWrites.Result> concurrent = ConcurrentWrites.Run(ConcurrentWrites.WriterCounts, duration, Console.Out);
            string path = ResultsWriter.Write(summaries, comparisons, checks, started, args, quick, ConcurrentWrites.ToMarkdown(concurrent, duration));
            Console.WriteLine($"Wrote {path}");
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>
    /// The default job with a gen0 budget of at least 16 MiB in every benchmark process (<see cref="PageFaults"/>: without it a
    /// process can settle into decommitting and re-committing its heap, and pay a page fault per 4 KiB it allocates).
    /// </summary>
    public static Job FullJob => Job.Default
        .WithEnvironmentVariables(new EnvironmentVariable(PageFaults.Gen0BudgetVariable, PageFaults.Gen0Budget))
        .AsDefault();

    /// <summary>
    /// In process (no per-benchmark build or process start), 4 warmups and 5 iterations of about 100 ms: the whole
    /// suite in a few minutes on two cores, figures indicative only.
    /// </summary>
    public static Job QuickJob => Job.ShortRun
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(4)
        .WithIterationCount(5)
        .WithIterationTime(TimeInterval.FromMilliseconds(100))
        .WithId("Quick")
        .AsDefault();
}

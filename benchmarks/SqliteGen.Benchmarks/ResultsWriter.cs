using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>Writes benchmarks/RESULTS.md after a full run.</summary>
public static class ResultsWriter
{
    private static string JobDescription(IReadOnlyList<Summary> summaries, string[] args, bool quick)
    {
        if (quick)
            return "QUICK job (in process, 4 warmups, 5 iterations of ~100 ms): rough figures only";
        string[] jobArgs = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--results").ToArray();
        string given = jobArgs.Length == 0
            ? "the default job"
            : "`" + string.Join(' ', args.Where(a => a != "--results")) + "`";
        // The measured iterations per benchmark, as BenchmarkDotNet ran them (its pilot decides the default job's count).
        int[] iterations = summaries.SelectMany(s => s.Reports)
            .Select(r => r.AllMeasurements.Count(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual))
            .Where(n => n > 0)
            .ToArray();
        string measured = iterations.Length == 0 ? "" : $", {iterations.Min()}-{iterations.Max()} measured iterations per benchmark";
        return $"{given} (out of process, one process per benchmark{measured})";
    }

    public static string Write(IReadOnlyList<Summary> summaries, IReadOnlyList<Comparison> comparisons, IReadOnlyList<TargetCheck> checks,
        DateTimeOffset started, string[] args, bool quick, string? concurrentWrites)
    {
        string path = Path.Combine(FindBenchmarksFolder(), "RESULTS.md");
        var md = new StringBuilder();

        md.AppendLine("# SqliteGen benchmarks: generated code vs hand-written Microsoft.Data.Sqlite and the alternatives");
        md.AppendLine();
        md.AppendLine("Written by `benchmarks/SqliteGen.Benchmarks` at the end of the run. Regenerate with:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine("dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""));
        md.AppendLine("```");
        md.AppendLine();
        if (quick)
        {
            md.AppendLine("> **QUICK RUN** (`--quick --results`): in process, few iterations, on a shared machine. It shows that every side");
            md.AppendLine("> runs and how the report reads; the figures are rough. A full run (no arguments) replaces this file.");
            md.AppendLine();
        }
        md.AppendLine($"> Conditions: {Conditions()}. Compare figures only within one run, never across runs or machines.");
        md.AppendLine();
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine($"- Date: {started:yyyy-MM-dd HH:mm zzz} (run started), {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} (finished)");
        md.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, CPU `{CpuModel()}`");
        md.AppendLine($"- OS: {OsName()} ({RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.OSArchitecture})");
        md.AppendLine($"- .NET: {RuntimeInformation.FrameworkDescription} (runtime {Environment.Version})");
        md.AppendLine($"- BenchmarkDotNet: {Version(typeof(Summary).Assembly)}, {JobDescription(summaries, args, quick)}, [MemoryDiagnoser]");
        md.AppendLine(quick
            ? $"- GC: the quick job runs in this process with its own GC settings ({PageFaults.Gen0BudgetVariable} {Environment.GetEnvironmentVariable(PageFaults.Gen0BudgetVariable) ?? "not set: adaptive gen0 budget"})"
            : $"- GC: workstation, every benchmark process with a gen0 budget of at least 16 MiB (`{PageFaults.Gen0BudgetVariable}={PageFaults.Gen0Budget}`; see \"How to read these numbers\")");
        md.AppendLine(SideResult.FaultCost is { } faultCost
            ? string.Create(CultureInfo.InvariantCulture, $"- A page fault here: {Comparison.Time(faultCost)} (512 fresh pages touched once, median of five rounds, mmap and munmap included)")
            : "- A page fault here: not measured");
        md.AppendLine("- Packages (assembly informational versions as loaded):");
        foreach ((string name, Assembly assembly) in Packages)
            md.AppendLine($"  - {name}: {Version(assembly)}");
        md.AppendLine("- SQLite each side ran (`select sqlite_version()` through the side's own connection):");
        foreach ((Side side, string version) in SideSqliteVersions())
            md.AppendLine($"  - {BenchConnection.DisplayName(side)}: {version}");
        md.AppendLine();
        md.AppendLine("## What is compared");
        md.AppendLine();
        md.AppendLine("Every side uses the same `orders` and `parcels` tables (DDL generated by SqliteGen from `Entities.cs`), the same");
        md.AppendLine("deterministic data (10,000 orders and 1,000 parcels, seeded identically into a fresh temp file per benchmark), the same");
        md.AppendLine("pragmas (WAL, synchronous=NORMAL, busy_timeout=5000, foreign_keys=1, cache_size=-16384, mmap_size=256 MiB, temp_store=MEMORY)");
        md.AppendLine("and the same stored text (Guid `D`, DateTimeOffset as UTC text in SQLite's shape, JSON through one source-generated `JsonSerializerContext`).");
        md.AppendLine("How each side runs, and why that is its fast path, is in [README.md](README.md).");
        md.AppendLine();
        md.AppendLine("Ratios are of medians. `x hand-written` is the side's median over the baseline's; `SqliteGen / side` is SqliteGen's");
        md.AppendLine("median over the side's (0.50 = SqliteGen takes half the time, 2x faster).");
        md.AppendLine();
        md.AppendLine("## How to read these numbers");
        md.AppendLine();
        md.AppendLine("Policies that still differ between the sides, and the rows that separate them:");
        md.AppendLine();
        md.AppendLine("- **WAL checkpoints.** SqliteGen's pool checkpoints on a thread of its own every 4,000 WAL frames (a second pass holding");
        md.AppendLine("  the writer completes it); every other side checkpoints inside the commit that crosses SQLite's 1,000-frame mark. On a");
        md.AppendLine("  2-core machine the background checkpoint runs on the idle core, outside the timed thread. The write benchmarks");
        md.AppendLine("  therefore also run `SqliteGen, inline checkpoints` (the pool with `BackgroundCheckpoint = false`) and the hand-written");
        md.AppendLine("  and floor sides under the pool's policy (`BackgroundCheckpoint.cs`: the same hook, thresholds and two passes, with a");
        md.AppendLine("  lock around each write standing for the pool's writer gate). Compare SqliteGen with the floor and hand-written code");
        md.AppendLine("  within one policy; compare a side with itself across policies to see what the policy buys (wall time on the");
        md.AppendLine("  caller's thread) and costs (the `CPU per op` column counts every thread of the process, the checkpoint's included).");
        md.AppendLine("- **Prepared statements.** SqliteGen, hand-written, the floor, EF Core's compiled queries and Dapper.AOT with");
        md.AppendLine("  `[CacheCommand]` keep their statements prepared; Dapper, Dapper.AOT without `[CacheCommand]` and sqlite-net (except");
        md.AppendLine("  its insert) prepare per call: that is how those libraries run by default, and is part of what their rows measure.");
        md.AppendLine("- **Row types.** Each side materializes its own row type (README.md, \"The sides\"); conversions are the same work.");
        md.AppendLine("- **Intervals.** `mean, 99.9% CI` is BenchmarkDotNet's confidence interval; a target counts as met only when the");
        md.AppendLine("  ratio holds even between the intervals' unfavourable ends.");
        md.AppendLine("- **Targets against other libraries** also give the SQLitePCLRaw floor's own ratio to that library: SqliteGen makes");
        md.AppendLine("  the floor's calls, so where the floor itself misses a target, no code on top of SQLite can meet it.");
        md.AppendLine("- **GC and page faults.** Every benchmark process runs with a gen0 budget of at least 16 MiB (`DOTNET_GCgen0size`),");
        md.AppendLine("  and allocates and drops 32 MiB before it is measured. With the adaptive default the GC returns free regions to the");
        md.AppendLine("  OS a step every 100 ms and commits them again at the next allocations, and a process can settle into doing so");
        md.AppendLine("  every few collections; each page committed again costs a page fault, which on this virtual machine costs the");
        md.AppendLine("  figure under Environment. A 1,000-row read allocating 336 KB then paid about 80 faults, 2x its time, in whichever");
        md.AppendLine("  process happened to settle there, whatever the side. The larger budget applies to every side alike; it makes fewer");
        md.AppendLine("  collections, which helps the sides that allocate more. `page faults per op` shows it held: reads count over the");
        md.AppendLine("  measured iterations (the host reads the process's /proc/<pid>/stat), writes over their invocation loops. A row whose faults account");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  for more than {PageFaults.FlagShare * 100:0}% of its median (at the measured cost per fault) is flagged in bold and its targets are not judged."));
        md.AppendLine("- **CPU per op** is measured over the write benchmarks' iterations (warm-up included) with `Environment.CpuUsage`,");
        md.AppendLine("  and over the reads' measured iterations of their last process from its /proc/<pid>/stat (every thread).");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- **Several processes per read.** A read's time can depend on the process it runs in, whatever the side (README.md,"));
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  \"One process is not enough\"). Every read runs in {Launches.OutOfProcess} fresh processes; `median per process` lists each one's median,"));
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  and a row whose slowest process is more than {Launches.DisagreeRatio:0.00}x its fastest is marked. Its targets are judged by the"));
        md.AppendLine("  processes' extremes: a target holds when even SqliteGen's slowest process against the other side's fastest meets it,");
        md.AppendLine("  fails when even SqliteGen's fastest against the other's slowest misses it, and is not judged in between.");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{checks.Count(c => c.Met == true)} PASS, {checks.Count(c => c.Met == false)} MISS, {checks.Count(c => c.Met is null)} not measured or not judged."));
        md.AppendLine();
        md.AppendLine("| target | operation | result | measured |");
        md.AppendLine("| --- | --- | --- | --- |");
        foreach (TargetCheck check in checks)
            md.AppendLine($"| {check.Target} | {check.Operation} | {(check.Met == false ? "**MISS**" : check.Verdict)} | {check.Measured} |");
        md.AppendLine();
        if (concurrentWrites is not null)
        {
            md.AppendLine("## Concurrent writes (`--concurrent`)");
            md.AppendLine();
            md.AppendLine(concurrentWrites.TrimEnd());
            md.AppendLine();
        }
        md.AppendLine("## Results per operation");
        foreach (Comparison c in comparisons)
        {
            md.AppendLine();
            md.AppendLine($"### {c.Operation}");
            md.AppendLine();
            md.AppendLine("| side | median | mean, 99.9% CI | median per process | CPU per op (all threads) | page faults per op | allocated | x hand-written | SqliteGen / side |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (SideResult side in c.Sides)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {side.Name} | {Comparison.Time(side.Median)} | {Comparison.Time(side.Mean)} [{Comparison.Time(side.Interval.Lower)}, {Comparison.Time(side.Interval.Upper)}] | {side.LaunchesText} | {(side.CpuPerOperation is { } cpu ? Comparison.Time(cpu) : "-")} | {side.FaultsText} | {Comparison.Bytes(side.Alloc)} | {Comparison.Ratio(c.ToBaseline(side))} | {(side.Side == Side.SqliteGen ? "" : Comparison.Ratio(c.GenOver(side)))} |"));
            }
        }
        md.AppendLine();

        BenchmarkReport[] overheads = summaries.SelectMany(x => x.Reports)
            .Where(r => r.Success && r.ResultStatistics is not null && r.BenchmarkCase.Descriptor.Type == typeof(Overheads)).ToArray();
        if (overheads.Length > 0)
        {
            md.AppendLine("## Overheads SqliteGen adds around Microsoft.Data.Sqlite (micro-benchmarks, `--diag`)");
            md.AppendLine();
            md.AppendLine("| piece | mean | allocated |");
            md.AppendLine("| --- | ---: | ---: |");
            foreach (BenchmarkReport r in overheads)
                md.AppendLine($"| {r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {Comparison.Time(r.ResultStatistics!.Mean)} | {Comparison.Bytes(r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1)} |");
            md.AppendLine();
        }
        md.AppendLine("## BenchmarkDotNet summaries");
        foreach (Summary summary in summaries)
        {
            var logger = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, logger);
            md.AppendLine();
            md.AppendLine(logger.GetLog().Trim());
        }
        // Sections other modes wrote (`--vectors --results`) are kept: a full run does not re-measure them.
        string previous = File.Exists(path) ? File.ReadAllText(path) : "";
        foreach (System.Text.RegularExpressions.Match kept in System.Text.RegularExpressions.Regex.Matches(previous, @"<!-- section: (?<name>[a-z]+) -->.*?<!-- end: \k<name> -->\n", System.Text.RegularExpressions.RegexOptions.Singleline))
            md.AppendLine().Append(kept.Value);
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>
    /// Writes (or replaces) one marked section of RESULTS.md for a custom mode (<c>--vectors --results</c>), leaving the
    /// rest of the file as it is; a later full run keeps the section.
    /// </summary>
    public static string WriteSection(string name, string markdown)
    {
        string path = Path.Combine(FindBenchmarksFolder(), "RESULTS.md");
        string begin = $"<!-- section: {name} -->", end = $"<!-- end: {name} -->";
        string section = begin + "\n" + markdown.TrimEnd() + "\n" + end + "\n";
        string text = File.Exists(path) ? File.ReadAllText(path) : "";
        int at = text.IndexOf(begin, StringComparison.Ordinal);
        int stop = at < 0 ? -1 : text.IndexOf(end, at, StringComparison.Ordinal);
        text = at >= 0 && stop > at
            ? text.Substring(0, at) + section + text.Substring(text.IndexOf('\n', stop) + 1)
            : text.TrimEnd() + "\n\n" + section;
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The libraries whose versions RESULTS.md records.</summary>
    private static (string Name, Assembly Assembly)[] Packages =>
    [
        ("Microsoft.Data.Sqlite", typeof(SqliteConnection).Assembly),
        ("SQLitePCLRaw.core", typeof(SQLitePCL.raw).Assembly),
        ("SQLitePCLRaw.provider.e_sqlite3", typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly),
        ("Dapper", typeof(Dapper.SqlMapper).Assembly),
        ("Dapper.AOT", typeof(Dapper.DapperAotAttribute).Assembly),
        ("Microsoft.EntityFrameworkCore", typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly),
        ("Microsoft.EntityFrameworkCore.Sqlite", typeof(Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions).Assembly),
        ("sqlite-net-pcl", typeof(SQLite.SQLiteConnection).Assembly),
        ("System.Text.Json", typeof(System.Text.Json.JsonSerializer).Assembly),
    ];

    /// <summary>Opens every side on one seeded temp file and asks it for <c>sqlite_version()</c>.</summary>
    public static List<(Side Side, string Version)> SideSqliteVersions()
    {
        string path = TempDatabase.NewPath("versions");
        var versions = new List<(Side, string)>();
        try
        {
            TempDatabase.CreateSeeded(path, 0);
            foreach (Side side in Enum.GetValues<Side>())
            {
                try
                {
                    using IBenchStore store = BenchConnection.OpenStore(side, path);
                    versions.Add((side, store.SqliteVersion()));
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    versions.Add((side, "failed: " + error.Message));
                }
            }
        }
        finally
        {
            TempDatabase.Delete(path);
        }
        return versions;
    }

    internal static string FindBenchmarksFolder()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SqliteGen.sln")))
                    return Path.Combine(dir.FullName, "benchmarks");
            }
        }
        return Environment.CurrentDirectory;
    }

    /// <summary>The machine's load when the report was written (the 1, 5 and 15 minute load averages), stated as measured.</summary>
    public static string Conditions()
    {
        LoadSampler.Stop();
        try
        {
            string[] load = File.ReadAllText("/proc/loadavg").Split(' ');
            (string Text, bool Busy)? during = LoadSampler.Describe();
            bool busy = during?.Busy
                ?? (double.TryParse(load[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double load1) && load1 > Environment.ProcessorCount);
            return (during is null ? "" : during.Value.Text + "; ")
                + $"load average {load[0]} / {load[1]} / {load[2]} (1 / 5 / 15 min) on {Environment.ProcessorCount} cores when the report was written"
                + NiceValue() switch
                {
                    null => "",
                    0 => "; the run had the default scheduling priority (nice 0)",
                    int nice => $"; the run had scheduling priority nice {nice} (its benchmark processes inherit it): the scheduler favoured it, but other work still ran beside it",
                }
                + (busy
                    ? ". **The machine was busy** (processes other than the run's took more than half a core while measuring): the figures show that every side runs and how the report reads, not what each side costs; a run on a quiet machine replaces this file"
                    : "");
        }
        catch (IOException) { return "machine load unknown"; }
    }

    /// <summary>
    /// The process's nice value (field 19 of /proc/self/stat), or null where there is none. A run started under
    /// <c>nice -n -15</c> (or reniced) shares the machine with other work that yields to it; the report says so.
    /// </summary>
    private static int? NiceValue()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[16], out int nice) ? nice : null;
        }
        catch (IOException) { return null; }
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return "unknown"; }
    }

    private static string OsName()
    {
        try
        {
            string? line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.OSDescription : line["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException) { return RuntimeInformation.OSDescription; }
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}

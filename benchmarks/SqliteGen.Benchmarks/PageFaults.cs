using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Page faults: the benchmark processes' GC settings, the per-row counter and what a fault costs on this machine.
/// <para>
/// With its default, adaptive gen0 budget the GC (regions) returns free regions to the OS a step every 100 ms and
/// commits them again at the next allocations; a process can settle into doing that every few collections. Each page
/// committed again is a page fault on first touch. On the virtual machine the benchmarks run on a fault costs 10-20 us, so a benchmark process in that state pays about one fault per 4 KiB it allocates: a
/// 1,000-row read allocating 336 KB ran at 2x its time, at random per process and side. A gen0 budget held at 16 MiB
/// (<see cref="Gen0Budget"/>, every side's process) keeps the committed heap steady; <see cref="Warm"/> commits it
/// before the measurement; the row's faults per operation (<see cref="FaultLedger"/>) show that it held.
/// </para>
/// </summary>
public static class PageFaults
{
    /// <summary>The minimum of the GC's gen0 budget in every benchmark process (<c>DOTNET_GCgen0size</c>, 16 MiB; the adaptive budget stays near 4 MiB here).</summary>
    public const string Gen0Budget = "0x1000000";

    /// <summary>The environment variable that sets <see cref="Gen0Budget"/>.</summary>
    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    /// <summary>A row whose faults cost more than this share of its median is flagged and its targets are not judged.</summary>
    public const double FlagShare = 0.05;

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat), or 0 where there is no /proc.</summary>
    public static long Minor() => Minor("self");

    /// <summary>Minor page faults of process <paramref name="pid"/> so far.</summary>
    public static long Minor(int pid) => Minor(pid.ToString(CultureInfo.InvariantCulture));

    private static long Minor(string process) => StatField(process, 10);

    /// <summary>CPU time of process <paramref name="pid"/> so far, every thread (utime + stime of /proc/&lt;pid&gt;/stat), in clock ticks.</summary>
    public static long CpuTicks(int pid)
    {
        string process = pid.ToString(CultureInfo.InvariantCulture);
        return StatField(process, 14) + StatField(process, 15);
    }

    /// <summary>Nanoseconds per clock tick of /proc/&lt;pid&gt;/stat's CPU times (USER_HZ, 100 on Linux).</summary>
    public const double NanosecondsPerTick = 1e7;

    /// <summary>Field <paramref name="field"/> (numbered as in proc(5)) of /proc/&lt;process&gt;/stat, or 0 where there is no /proc.</summary>
    private static long StatField(string process, int field)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{process}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces, start at field 3.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }

    /// <summary>
    /// Allocates and drops twice the gen0 budget in small objects, so the GC has committed the regions the benchmark
    /// allocates into before it is measured (the side's store and data are already built).
    /// </summary>
    public static void Warm()
    {
        long budget = Convert.ToInt64(Gen0Budget, 16);
        object? keep = null;
        for (long bytes = 0; bytes < 2 * budget; bytes += 1024)
            keep = new byte[1000];
        GC.KeepAlive(keep);
    }

    /// <summary>
    /// What one page fault costs here: 512 fresh anonymous pages touched once (median of five rounds, mmap and munmap
    /// included), in nanoseconds per page; null where it cannot be measured.
    /// </summary>
    public static double? CostNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        const int pages = 512, pageSize = 4096;
        var rounds = new List<double>();
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            IntPtr memory = Mmap(IntPtr.Zero, (UIntPtr)(pages * pageSize), 3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, IntPtr.Zero);
            if (memory == new IntPtr(-1))
                return null;
            for (int i = 0; i < pages; i++)
                Marshal.WriteByte(memory, i * pageSize, 1);
            Munmap(memory, (UIntPtr)(pages * pageSize));
            rounds.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / pages);
        }
        return rounds.OrderBy(r => r).ElementAt(rounds.Count / 2);
    }

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, UIntPtr length, int protection, int flags, int fd, IntPtr offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(IntPtr address, UIntPtr length);
}

/// <summary>
/// Minor page faults per operation of the write benchmarks, counted over their iterations' invocation loops (as
/// <see cref="CpuLedger"/>), so the iteration setup and cleanup (rows built, rows deleted on another connection) do
/// not count. Each benchmark process records its side's count at global cleanup; the report reads them. Reads have
/// no iteration hooks: <see cref="PageFaultDiagnoser"/> counts theirs.
/// </summary>
public static class FaultLedger
{
    private static readonly Ledger Files = new("sqlitegen-bench-faults");

    /// <summary>Forgets earlier runs' figures (called before a suite runs).</summary>
    public static void Reset() => Files.Reset();

    public static void Record(string benchmark, Side side, long faults, long operations) => Files.Write(benchmark, side, faults, operations);

    /// <summary>Faults per operation, or null when none was recorded.</summary>
    public static double? PerOperation(string benchmark, Side side) =>
        Files.Read(benchmark, side) is ({ } faults, { } operations) && operations > 0 ? (double)faults / operations : null;
}

/// <summary>
/// Counts the benchmark process's minor page faults and CPU time (every thread) over BenchmarkDotNet's actual (measured)
/// iterations, read from /proc/&lt;pid&gt;/stat by the host at the engine's signals, so nothing runs in the measured
/// process; the report divides them by the measured operations (<see cref="SideResult.FaultsPerOperation"/>,
/// <see cref="SideResult.CpuPerOperation"/>).
/// </summary>
public sealed class PageFaultDiagnoser : IDiagnoser
{
    public static readonly PageFaultDiagnoser Instance = new();

    private readonly Dictionary<BenchmarkCase, (long Faults, long Ticks)> _atStart = new();
    private readonly Dictionary<BenchmarkCase, (long Faults, long Ticks)> _totals = new();

    public IEnumerable<string> Ids => new[] { "PageFaults" };
    public IEnumerable<IExporter> Exporters => Array.Empty<IExporter>();
    public IEnumerable<IAnalyser> Analysers => Array.Empty<IAnalyser>();
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;
    public bool RequiresBlockingAcknowledgments(BenchmarkCase benchmarkCase) => true;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        // Only these two signals come while the benchmark process runs (others come before it starts or after it ended).
        if (signal == HostSignal.BeforeActualRun)
            _atStart[parameters.BenchmarkCase] = (PageFaults.Minor(parameters.Process.Id), PageFaults.CpuTicks(parameters.Process.Id));
        else if (signal == HostSignal.AfterActualRun && _atStart.Remove(parameters.BenchmarkCase, out var start))
            _totals[parameters.BenchmarkCase] = (PageFaults.Minor(parameters.Process.Id) - start.Faults, PageFaults.CpuTicks(parameters.Process.Id) - start.Ticks);
    }

    // BenchmarkDotNet's operation count here includes the pilot and warm-up stages: the report and Columns divide by the measured ones.
    public IEnumerable<Metric> ProcessResults(DiagnoserResults results) => Array.Empty<Metric>();

    /// <summary>
    /// Faults and CPU nanoseconds per operation over the measured iterations of the process that ran the diagnoser
    /// (BenchmarkDotNet runs diagnosers in a benchmark's last process only), or null when nothing was counted.
    /// </summary>
    public (double Faults, double CpuNanoseconds)? PerOperation(BenchmarkReport report)
    {
        if (!_totals.TryGetValue(report.BenchmarkCase, out var total) || report.AllMeasurements.Count == 0)
            return null;
        int last = report.AllMeasurements.Max(m => m.LaunchIndex);
        long operations = report.AllMeasurements
            .Where(m => m.LaunchIndex == last && m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);
        return operations > 0 ? ((double)total.Faults / operations, total.Ticks * PageFaults.NanosecondsPerTick / operations) : null;
    }

    public void DisplayResults(ILogger logger) { }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => Array.Empty<ValidationError>();

    /// <summary>BenchmarkDotNet's summary-table columns for the counts: <c>Faults/op</c> and <c>CPU/op</c>.</summary>
    public static readonly IColumn[] Columns =
    {
        new PerOperationColumn("Faults/op", "Minor page faults of the benchmark process per operation over the measured iterations",
            report => Instance.PerOperation(report)?.Faults.ToString("0.00", CultureInfo.InvariantCulture)),
        new PerOperationColumn("CPU/op", "CPU time of the benchmark process (every thread) per operation over the measured iterations",
            report => Instance.PerOperation(report) is { } counts ? Comparison.Time(counts.CpuNanoseconds) : null),
    };

    private sealed class PerOperationColumn(string name, string legend, Func<BenchmarkReport, string?> value) : IColumn
    {
        public string Id => nameof(PageFaultDiagnoser) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Metric;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase] is { } report ? value(report) ?? "-" : "-";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}

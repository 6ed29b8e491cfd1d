using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Page faults: the benchmark processes' GC settings, the per-row counter and what a fault costs on this machine.
/// <para>
/// With its default, adaptive gen0 budget the GC (regions) returns free regions to the OS a step every 100 ms and
/// commits them again at the next allocations; a process can settle into doing that every few collections. Each page
/// committed again is a page fault on first touch. On a virtual machine with shadow paging a fault costs 10-20 us (a
/// hundred times bare metal), so a benchmark process in that state pays about one fault per 4 KiB it allocates: a
/// 1,000-row read allocating 336 KB ran at 2x its time, at random per process and side. A fixed gen0 budget
/// (<see cref="Gen0Budget"/>, every side's process) keeps the committed heap steady; <see cref="Warm"/> commits it
/// before the measurement; the row's faults per operation (<see cref="FaultLedger"/>) show that it held.
/// </para>
/// </summary>
public static class PageFaults
{
    /// <summary>The GC's gen0 budget in every benchmark process (<c>DOTNET_GCgen0size</c>, 16 MiB, above the adaptive maximum).</summary>
    public const string Gen0Budget = "0x1000000";

    /// <summary>The environment variable that sets <see cref="Gen0Budget"/>.</summary>
    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    /// <summary>A row whose faults cost more than this share of its median is flagged and its targets are not judged.</summary>
    public const double FlagShare = 0.05;

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat), or 0 where there is no /proc.</summary>
    public static long Minor()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
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
/// Minor page faults per operation of every comparison row. Each benchmark process records its side's count at global
/// cleanup in a file of its own; the report reads them. Writes count over their iterations' invocation loops (as
/// <see cref="CpuLedger"/>); reads from the end of global setup to global cleanup, divided by every workload operation
/// BenchmarkDotNet ran (its pilot and warm-up included), since a read has no iteration hooks to count from.
/// </summary>
public static class FaultLedger
{
    private static readonly Ledger Files = new("sqlitegen-bench-faults");

    /// <summary>Forgets earlier runs' figures (called before a suite runs).</summary>
    public static void Reset() => Files.Reset();

    /// <summary><paramref name="operations"/> 0: the report supplies the count (reads).</summary>
    public static void Record(string benchmark, Side side, long faults, long operations) => Files.Write(benchmark, side, faults, operations);

    /// <summary>Faults per operation, or null when none was recorded.</summary>
    public static double? PerOperation(string benchmark, Side side, long reportOperations)
    {
        if (Files.Read(benchmark, side) is not ({ } faults, { } operations))
            return null;
        if (operations == 0)
            operations = reportOperations;
        return operations == 0 ? null : (double)faults / operations;
    }
}

using System;
using System.Globalization;
using System.Linq;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>--get-loop [--autocommit] [--multithread] [--keep] [--warmup N] [--gets N]</c>: gets by key through the generated <see cref="BenchDb"/> on the
/// seeded orders file (10,000 rows), with <see cref="SqliteGenOptions.ReuseReadSnapshots"/> (nothing committed between
/// reads) unless <c>--autocommit</c>; a warm-up, then the gets, nothing else. A driver for valgrind's callgrind: two runs
/// that differ only in <c>--gets</c>, subtracted, give the instructions of one get by function, whatever the machine's
/// load (benchmarks/README.md, "Instructions per get"; <c>benchmarks/callgrind_per_op.py</c>). <c>--multithread</c>
/// switches SQLite to its multi-thread mode first (<see cref="SqliteThreading.UseMultiThreadMode"/>: no connection
/// mutex). <c>--keep</c> leaves the seeded file in place and prints its path (for a C program's gets on the same file).
/// Prints the bytes allocated per get on this thread.
/// </summary>
public static class GetLoop
{
    public static int Run(string[] args)
    {
        bool keepSnapshots = !args.Contains("--autocommit");
        if (args.Contains("--multithread"))
            SqliteThreading.UseMultiThreadMode(); // before the seeding below opens SQLite's first connection
        int warmup = int.Parse(Option(args, "--warmup") ?? "20000", CultureInfo.InvariantCulture);
        int gets = int.Parse(Option(args, "--gets") ?? "20000", CultureInfo.InvariantCulture);
        const int Mask = 4095;
        string path = TempDatabase.NewPath("get-loop");
        TempDatabase.CreateSeeded(path, Ops.TableRows);
        try
        {
            using BenchDb db = BenchDb.Open(path, new SqliteGenOptions { ReuseReadSnapshots = keepSnapshots });
            Guid[] keys = Array.ConvertAll(OrderData.Sample(Ops.TableRows, Mask + 1, seed: 1), n => OrderData.Create(n).OrderId);
            Expect.SameOrder(db.Orders.Get(keys[0]), OrderData.Create(OrderData.Sample(Ops.TableRows, 1, seed: 1)[0]), "get loop");
            int next = 0;
            for (int i = 0; i < warmup; i++)
                db.Orders.Get(keys[next++ & Mask]);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < gets; i++)
                db.Orders.Get(keys[next++ & Mask]);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"get-loop {(keepSnapshots ? "kept snapshots" : "autocommit")}{(SqliteThreading.MultiThreadMode ? " multi-thread" : "")} warmup={warmup} gets={gets} bytes_per_get={(double)allocated / Math.Max(gets, 1):F1}"));
        }
        finally
        {
            if (args.Contains("--keep"))
                Console.WriteLine("kept " + path);
            else
                TempDatabase.Delete(path);
        }
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

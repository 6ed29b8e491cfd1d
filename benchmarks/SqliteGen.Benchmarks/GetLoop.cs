using System;
using System.Globalization;
using System.Linq;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>--get-loop [--autocommit] [--multithread] [--integer-key] [--keep] [--warmup N] [--gets N]</c>: gets by key through the
/// generated <see cref="BenchDb"/> on the seeded orders file (10,000 rows; <c>--integer-key</c>: <see cref="NumberedBenchDb"/>,
/// the same rows keyed by INTEGER PRIMARY KEY), with <see cref="SqliteGenOptions.ReuseReadSnapshots"/> (nothing committed between
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
        bool integerKey = args.Contains("--integer-key");
        string path = TempDatabase.NewPath("get-loop");
        var options = new SqliteGenOptions { ReuseReadSnapshots = keepSnapshots };
        long[] sample = OrderData.Sample(Ops.TableRows, Mask + 1, seed: 1);
        try
        {
            double bytesPerGet;
            if (integerKey)
            {
                NumberedOrder.CreateSeeded(path, Ops.TableRows);
                using NumberedBenchDb db = NumberedBenchDb.Open(path, options);
                var numbered = new NumberedGets(db, Array.ConvertAll(sample, n => n + 1));
                NumberedOrder.Expect(db.NumberedOrders.Get(numbered.Numbers[0]), sample[0], "get loop");
                bytesPerGet = Loop(numbered, warmup, gets);
            }
            else
            {
                TempDatabase.CreateSeeded(path, Ops.TableRows);
                using BenchDb db = BenchDb.Open(path, options);
                var orders = new OrderGets(db, Array.ConvertAll(sample, n => OrderData.Create(n).OrderId));
                Expect.SameOrder(db.Orders.Get(orders.Keys[0]), OrderData.Create(sample[0]), "get loop");
                bytesPerGet = Loop(orders, warmup, gets);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"get-loop {(integerKey ? "integer key, " : "")}{(keepSnapshots ? "kept snapshots" : "autocommit")}{(SqliteThreading.MultiThreadMode ? " multi-thread" : "")} warmup={warmup} gets={gets} bytes_per_get={bytesPerGet:F1}"));
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

    private const int Mask = 4095;

    /// <summary>The warm-up, then the gets; returns the bytes allocated per get. Generic over a struct: no delegate call per get.</summary>
    private static double Loop<T>(T getter, int warmup, int gets) where T : struct, IGets
    {
        int next = 0;
        for (int i = 0; i < warmup; i++)
            getter.Get(next++ & Mask);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < gets; i++)
            getter.Get(next++ & Mask);
        return (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / Math.Max(gets, 1);
    }

    private interface IGets
    {
        void Get(int i);
    }

    private readonly record struct OrderGets(BenchDb Db, Guid[] Keys) : IGets
    {
        public void Get(int i) => Db.Orders.Get(Keys[i]);
    }

    private readonly record struct NumberedGets(NumberedBenchDb Db, long[] Numbers) : IGets
    {
        public void Get(int i) => Db.NumberedOrders.Get(Numbers[i]);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The concurrent-writes workload (<c>--concurrent</c>): N threads each committing single-row inserts as
/// fast as they can for a fixed time, while two threads read by key (about one read per millisecond each),
/// against one database file. Both sides run the same mix on dedicated threads through their synchronous API.
/// <list type="bullet">
/// <item><b>SqliteGen</b>: the generated <c>db.Orders.Insert</c>/<c>Find</c> on one database: the pool's group-commit writer.</item>
/// <item><b>hand-written</b>: Microsoft.Data.Sqlite with a connection per thread, opened once with the same pragmas,
/// statements prepared once; each insert its own transaction, writers queued by SQLite's busy handler.</item>
/// </list>
/// Each run happens in a child process that exits without closing anything; the parent then opens the
/// file and checks that every write the child acknowledged is there (durable after the process ended).
/// This is a custom harness rather than a BenchmarkDotNet benchmark because what it reports is
/// throughput and latency percentiles under contention, not the time of one operation.
/// </summary>
public static class ConcurrentWrites
{
    public const string ChildFlag = "--concurrent-child";

    /// <summary>The issue's two workloads: 8 and 32 writer tasks.</summary>
    public static readonly int[] WriterCounts = { 8, 32 };

    /// <summary>How long each run writes: 2 s in a quick run, 5 s otherwise.</summary>
    public static TimeSpan Duration(bool quick) => TimeSpan.FromSeconds(quick ? 2 : 5);
    private const int Readers = 2;
    private const int SeedRows = 1_000;

    public enum Approach { SqliteGen, HandWritten }

    public sealed record Result(
        Approach Approach, SynchronousMode Synchronous, int Writers, double Seconds, long Acknowledged, long Reads,
        double P50Micros, double P99Micros, long BusyErrors, long OtherErrors, long RowsFound, long GroupCommits, long GroupedWrites)
    {
        /// <summary>Writes per group commit (SqliteGen only; writes that found the writer idle commit alone and are not counted).</summary>
        public double MeanGroupSize => GroupCommits == 0 ? 0 : (double)GroupedWrites / GroupCommits;

        public double WritesPerSecond => Acknowledged / Seconds;
        public bool Durable => RowsFound == Acknowledged;
    }

    /// <summary>
    /// Runs every (synchronous mode, writers, approach) combination in a child process and prints one line
    /// per run and per comparison. Both approaches use the same <c>PRAGMA synchronous</c> in each pair:
    /// NORMAL (SqliteGen's default: durable across a process crash) and FULL (durable across power loss,
    /// one fsync per commit).
    /// </summary>
    public static List<Result> Run(int[] writerCounts, TimeSpan duration, TextWriter output)
    {
        var results = new List<Result>();
        foreach (SynchronousMode synchronous in new[] { SynchronousMode.Normal, SynchronousMode.Full })
        foreach (int writers in writerCounts)
        {
            foreach (Approach approach in new[] { Approach.HandWritten, Approach.SqliteGen })
            {
                Result result = RunChild(approach, synchronous, writers, duration);
                results.Add(result);
                output.WriteLine(FormattableString.Invariant(
                    $"{approach,-9} synchronous={synchronous,-6} {writers,2} writers: {result.WritesPerSecond,9:N0} writes/s, p50 {result.P50Micros,8:N0} us, p99 {result.P99Micros,9:N0} us, reads {result.Reads,6:N0}, {result.GroupCommits:N0} group commits of {result.MeanGroupSize:0.0} writes on average, busy errors {result.BusyErrors}, other errors {result.OtherErrors}, {(result.Durable ? "all acknowledged writes found after exit" : $"LOST WRITES: {result.RowsFound} of {result.Acknowledged} found")}"));
            }
        }
        foreach (string line in Verdicts(results))
            output.WriteLine(line);
        return results;
    }

    /// <summary>One line per writer count: the throughput ratio, both sides' reads, SqliteGen's errors and durability.</summary>
    public static IEnumerable<string> Verdicts(IReadOnlyList<Result> results)
    {
        foreach (IGrouping<(SynchronousMode, int), Result> group in results.GroupBy(r => (r.Synchronous, r.Writers)))
        {
            Result? ours = group.FirstOrDefault(r => r.Approach == Approach.SqliteGen);
            Result? common = group.FirstOrDefault(r => r.Approach == Approach.HandWritten);
            if (ours is null || common is null)
                continue;
            double ratio = ours.WritesPerSecond / Math.Max(common.WritesPerSecond, 1e-9);
            yield return FormattableString.Invariant(
                $"concurrent writes, synchronous={group.Key.Item1}, {group.Key.Item2} writers: SqliteGen {ratio:0.0}x the hand-written throughput; reads SqliteGen {ours.Reads:N0}, hand-written {common.Reads:N0}; SqliteGen {ours.BusyErrors} busy and {ours.OtherErrors} other errors, {(ours.Durable ? "every acknowledged write durable" : "ACKNOWLEDGED WRITES LOST")}");
        }
    }

    /// <summary>The markdown section for RESULTS.md.</summary>
    public static string ToMarkdown(IReadOnlyList<Result> results, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant($"Each run: the writer threads insert single rows for {duration.TotalSeconds:0.#} s while {Readers} threads read by key (about one read per millisecond each); a child process does the work and exits without closing, the parent then counts the rows. Both sides use the same pragmas and dedicated threads with the synchronous API; the hand-written side keeps a connection per thread with its statements prepared."));
        text.AppendLine();
        text.AppendLine("Acknowledged means: hand-written, the insert's own commit returned (under FULL, after its WAL fsync; visible and durable at once). SqliteGen, the caller's write was committed in a group (under FULL, acknowledged after `WalFileSync` flushed the WAL, so a batched write can be visible to readers up to one fsync before it is durable; docs/RELIABILITY.md).");
        text.AppendLine();
        text.AppendLine("| synchronous | writers | approach | writes/s | p50 latency | p99 latency | reads | group commits (mean size) | SQLITE_BUSY/locked errors | other errors | acknowledged writes found after exit |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (Result r in results)
        {
            text.AppendLine(FormattableString.Invariant(
                $"| {r.Synchronous} | {r.Writers} | {(r.Approach == Approach.SqliteGen ? "SqliteGen (group commit)" : "hand-written: connection per thread + busy_timeout")} | {r.WritesPerSecond:N0} | {r.P50Micros:N0} us | {r.P99Micros:N0} us | {r.Reads:N0} | {(r.GroupCommits == 0 ? "-" : $"{r.GroupCommits:N0} ({r.MeanGroupSize:0.0})")} | {r.BusyErrors} | {r.OtherErrors} | {r.RowsFound:N0} of {r.Acknowledged:N0} |"));
        }
        text.AppendLine();
        foreach (string line in Verdicts(results))
            text.AppendLine("- " + line);
        return text.ToString();
    }

    private static Result RunChild(Approach approach, SynchronousMode synchronous, int writers, TimeSpan duration)
    {
        string path = TempDatabase.NewPath("concurrent");
        try
        {
            using (BenchDb.Open(path)) { } // the schema, then WAL stays set on the file
            using (BenchDb db = BenchDb.Open(path))
                db.Orders.InsertMany(OrderData.Range(0, SeedRows));

            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
                start.ArgumentList.Add(typeof(ConcurrentWrites).Assembly.Location);
            foreach (string argument in new[] { ChildFlag, path, approach.ToString(), synchronous.ToString(), writers.ToString(CultureInfo.InvariantCulture), duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(argument);
            using Process child = Process.Start(start)!;
            string report = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
                throw new InvalidOperationException($"The {approach} child with {writers} writers exited with {child.ExitCode}: {report}");

            // "ack reads p50 p99 busy other seconds" on the last line
            string[] f = report.Trim().Split('\n')[^1].Split(' ');
            if (long.Parse(f[1], CultureInfo.InvariantCulture) == 0)
                throw new InvalidOperationException($"The {approach} child with {writers} writers read nothing: the readers did not run, so the run does not measure the workload it names.");
            long rows = CountRows(path) - SeedRows;
            return new Result(approach, synchronous, writers, double.Parse(f[6], CultureInfo.InvariantCulture), long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture), rows,
                long.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDatabase.Delete(path);
        }
    }

    private static long CountRows(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM orders";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The child: runs the workload, prints its figures, and exits without disposing anything.</summary>
    public static int Child(string[] args)
    {
        string path = args[0];
        var approach = Enum.Parse<Approach>(args[1]);
        var synchronous = Enum.Parse<SynchronousMode>(args[2]);
        int writers = int.Parse(args[3], CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));

        long groupCommits = 0, groupedWrites = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteGenMetrics.MeterName && instrument.Name == "sqlitegen.group_commit.size")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref groupCommits);
            Interlocked.Add(ref groupedWrites, size);
        });
        listener.Start();

        IWorkload workload = approach == Approach.SqliteGen ? new SqliteGenWorkload(path, synchronous) : new HandWrittenWorkload(path, synchronous);
        long nextRow = SeedRows, acknowledged = 0, reads = 0, busy = 0, other = 0;
        var latencies = new List<long>[writers];
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        // Dedicated threads calling the synchronous API on both sides: Microsoft.Data.Sqlite's async methods complete
        // synchronously, so async loops on the thread pool would starve the readers of threads (they then read nothing).
        Thread[] threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var mine = latencies[w] = new List<long>(100_000);
            using IWorker worker = workload.OpenWorker();
            while (!stop.IsCancellationRequested)
            {
                Order order = OrderData.Create(Interlocked.Increment(ref nextRow) - 1);
                long began = Stopwatch.GetTimestamp();
                try
                {
                    worker.Insert(order);
                    mine.Add(Stopwatch.GetTimestamp() - began);
                    Interlocked.Increment(ref acknowledged);
                }
                catch (Exception error) when (IsBusy(error))
                {
                    Interlocked.Increment(ref busy);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref other);
                }
            }
        }) { IsBackground = true, Name = "writer " + w }).Concat(Enumerable.Range(0, Readers).Select(r => new Thread(() =>
        {
            var random = new Random(r);
            using IWorker worker = workload.OpenWorker();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    worker.Find(OrderData.Create(random.Next(SeedRows)).OrderId);
                    Interlocked.Increment(ref reads);
                }
                catch (Exception error) when (IsBusy(error))
                {
                    Interlocked.Increment(ref busy);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref other);
                }
                Thread.Sleep(1); // a steady read load, not two cores' worth of spinning
            }
        }) { IsBackground = true, Name = "reader " + r })).ToArray();
        foreach (Thread thread in threads)
            thread.Start();

        Thread.Sleep(duration);
        stop.Cancel();
        foreach (Thread thread in threads)
            thread.Join();
        double seconds = clock.Elapsed.TotalSeconds;

        long[] all = latencies.Where(l => l is not null).SelectMany(l => l).OrderBy(t => t).ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(FormattableString.Invariant($"{acknowledged} {reads} {Percentile(0.50):0.0} {Percentile(0.99):0.0} {busy} {other} {seconds:0.000} {groupCommits} {groupedWrites}"));
        Console.Out.Flush();
        Environment.Exit(0); // no Dispose: the parent checks what survives the process ending
        return 0;
    }

    private static bool IsBusy(Exception error) =>
        error is SqliteException { SqliteErrorCode: 5 or 6 } || error.InnerException is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <summary>One side of the comparison: each writer and reader thread opens a worker of its own.</summary>
    private interface IWorkload
    {
        IWorker OpenWorker();
    }

    private interface IWorker : IDisposable
    {
        void Insert(Order order);
        void Find(Guid orderId);
    }

    /// <summary>The generated <c>Insert</c>/<c>Find</c> on one shared database: the pool's group commit batches the writers.</summary>
    private sealed class SqliteGenWorkload(string path, SynchronousMode synchronous) : IWorkload, IWorker
    {
        private readonly BenchDb _db = BenchDb.Open(path, new SqliteGenOptions { Synchronous = synchronous });

        public IWorker OpenWorker() => this;
        public void Insert(Order order) => _db.Orders.Insert(order);
        public void Find(Guid orderId) => _db.Orders.Find(orderId);
        public void Dispose() { } // the child exits without closing the database
    }

    /// <summary>
    /// Hand-written Microsoft.Data.Sqlite at its best for this workload: a connection per thread, opened once with the
    /// same pragmas SqliteGen's pool sets (<see cref="BenchConnection.Pragmas"/>, with the run's <c>synchronous</c>),
    /// its insert and select prepared once and kept. Writers compete for SQLite's write lock through busy_timeout,
    /// one transaction per insert.
    /// </summary>
    private sealed class HandWrittenWorkload(string path, SynchronousMode synchronous) : IWorkload
    {
        public IWorker OpenWorker() => new Worker(path, synchronous);

        private sealed class Worker : IWorker
        {
            private readonly SqliteConnection _connection;
            private readonly SqliteCommand _insert;
            private readonly SqliteCommand _find;

            public Worker(string path, SynchronousMode synchronous)
            {
                _connection = BenchConnection.Open(path);
                using (SqliteCommand pragma = _connection.CreateCommand())
                {
                    pragma.CommandText = synchronous == SynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
                    pragma.ExecuteNonQuery();
                }
                _insert = _connection.CreateCommand();
                _insert.CommandText = "INSERT INTO orders (order_id, reference, customer, note, created_at, amount, quantity) VALUES ($order_id, $reference, $customer, $note, $created_at, $amount, $quantity)";
                foreach (string name in new[] { "$order_id", "$reference", "$customer", "$note", "$created_at", "$amount", "$quantity" })
                    _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
                _insert.Prepare();
                _find = _connection.CreateCommand();
                _find.CommandText = "SELECT order_id, reference, customer, note, created_at, amount, quantity FROM orders WHERE order_id = $order_id";
                _find.Parameters.Add(new SqliteParameter { ParameterName = "$order_id" });
                _find.Prepare();
            }

            public void Insert(Order order)
            {
                SqliteParameterCollection p = _insert.Parameters;
                p[0].Value = order.OrderId.ToString();
                p[1].Value = order.Reference;
                p[2].Value = order.Customer;
                p[3].Value = order.Note;
                p[4].Value = StoredText.FromDate(order.CreatedAt);
                p[5].Value = order.Amount;
                p[6].Value = order.Quantity;
                _insert.ExecuteNonQuery();
            }

            public void Find(Guid orderId)
            {
                _find.Parameters[0].Value = orderId.ToString();
                using SqliteDataReader reader = _find.ExecuteReader();
                while (reader.Read()) { }
            }

            public void Dispose() { } // the child exits without closing the connections
        }
    }
}

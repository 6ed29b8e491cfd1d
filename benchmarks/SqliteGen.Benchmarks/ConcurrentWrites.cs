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
/// The concurrent-writes workload (<c>--concurrent</c>): N tasks each committing single-row inserts as
/// fast as they can for a fixed time, while two tasks read by key (about one read per millisecond each),
/// against one database file.
/// <list type="bullet">
/// <item><b>SqliteGen</b>: the generated <c>db.Orders.InsertAsync</c> through the pool's group-commit writer.</item>
/// <item><b>common</b>: what applications usually do with Microsoft.Data.Sqlite: a pooled connection per
/// operation (<c>new SqliteConnection</c>, <c>Open</c>, <c>PRAGMA busy_timeout = 5000</c> and the same
/// <c>synchronous</c> as the SqliteGen run, the insert, dispose), WAL set on the file once.</item>
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

    public enum Approach { SqliteGen, Common }

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
            foreach (Approach approach in new[] { Approach.Common, Approach.SqliteGen })
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

    /// <summary>One line per writer count: the throughput ratio and whether each target of the issue holds.</summary>
    public static IEnumerable<string> Verdicts(IReadOnlyList<Result> results)
    {
        foreach (IGrouping<(SynchronousMode, int), Result> group in results.GroupBy(r => (r.Synchronous, r.Writers)))
        {
            Result? ours = group.FirstOrDefault(r => r.Approach == Approach.SqliteGen);
            Result? common = group.FirstOrDefault(r => r.Approach == Approach.Common);
            if (ours is null || common is null)
                continue;
            double ratio = ours.WritesPerSecond / Math.Max(common.WritesPerSecond, 1e-9);
            bool pass = ratio >= 5 && ours.BusyErrors == 0 && ours.OtherErrors == 0 && ours.Durable;
            yield return FormattableString.Invariant(
                $"concurrent writes, synchronous={group.Key.Item1}, {group.Key.Item2} writers: SqliteGen {ratio:0.0}x the common approach's throughput, {ours.BusyErrors} busy errors, {(ours.Durable ? "durable" : "NOT durable")} -> {(pass ? "PASS" : "MISS")} (target >= 5x, 0 errors, every acknowledged write durable)");
        }
    }

    /// <summary>The markdown section for RESULTS.md.</summary>
    public static string ToMarkdown(IReadOnlyList<Result> results, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant($"Each run: the writers insert single rows for {duration.TotalSeconds:0.#} s while {Readers} tasks read by key; a child process does the work and exits without closing, the parent then counts the rows."));
        text.AppendLine();
        text.AppendLine("| synchronous | writers | approach | writes/s | p50 latency | p99 latency | reads | group commits (mean size) | SQLITE_BUSY/locked errors | other errors | acknowledged writes found after exit |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (Result r in results)
        {
            text.AppendLine(FormattableString.Invariant(
                $"| {r.Synchronous} | {r.Writers} | {(r.Approach == Approach.SqliteGen ? "SqliteGen (group commit)" : "pooled connection per op + busy_timeout")} | {r.WritesPerSecond:N0} | {r.P50Micros:N0} us | {r.P99Micros:N0} us | {r.Reads:N0} | {(r.GroupCommits == 0 ? "-" : $"{r.GroupCommits:N0} ({r.MeanGroupSize:0.0})")} | {r.BusyErrors} | {r.OtherErrors} | {r.RowsFound:N0} of {r.Acknowledged:N0} |"));
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

        IWorkload workload = approach == Approach.SqliteGen ? new SqliteGenWorkload(path, synchronous) : new CommonWorkload(path, synchronous);
        long nextRow = SeedRows, acknowledged = 0, reads = 0, busy = 0, other = 0;
        var latencies = new List<long>[writers];
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        Task[] writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(100_000);
            while (!stop.IsCancellationRequested)
            {
                Order order = OrderData.Create(Interlocked.Increment(ref nextRow) - 1);
                long began = Stopwatch.GetTimestamp();
                try
                {
                    await workload.InsertAsync(order).ConfigureAwait(false);
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
        })).ToArray();
        Task[] reading = Enumerable.Range(0, Readers).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await workload.FindAsync(OrderData.Create(random.Next(SeedRows)).OrderId).ConfigureAwait(false);
                    Interlocked.Increment(ref reads);
                    await Task.Delay(1).ConfigureAwait(false); // a steady read load, not two cores' worth of spinning
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
        })).ToArray();

        Thread.Sleep(duration);
        stop.Cancel();
        Task.WaitAll(writing.Concat(reading).ToArray());
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

    private interface IWorkload
    {
        ValueTask InsertAsync(Order order);
        ValueTask FindAsync(Guid orderId);
    }

    private sealed class SqliteGenWorkload(string path, SynchronousMode synchronous) : IWorkload
    {
        private readonly BenchDb _db = BenchDb.Open(path, new SqliteGenOptions { Synchronous = synchronous });

        public ValueTask InsertAsync(Order order) => _db.Orders.InsertAsync(order);

        public async ValueTask FindAsync(Guid orderId) => await _db.Orders.FindAsync(orderId).ConfigureAwait(false);
    }

    /// <summary>A pooled connection per operation with a busy timeout: the pattern most applications use.</summary>
    private sealed class CommonWorkload(string path, SynchronousMode synchronous) : IWorkload
    {
        private readonly string _pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = " + synchronous.ToString().ToUpperInvariant() + ";";
        private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

        public async ValueTask InsertAsync(Order order)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            command.CommandText = "INSERT INTO orders (order_id, reference, customer, note, created_at, amount, quantity) VALUES ($order_id, $reference, $customer, $note, $created_at, $amount, $quantity)";
            command.Parameters.AddWithValue("$order_id", order.OrderId.ToString());
            command.Parameters.AddWithValue("$reference", order.Reference);
            command.Parameters.AddWithValue("$customer", order.Customer);
            command.Parameters.AddWithValue("$note", order.Note);
            command.Parameters.AddWithValue("$created_at", order.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$amount", order.Amount);
            command.Parameters.AddWithValue("$quantity", order.Quantity);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        public async ValueTask FindAsync(Guid orderId)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5000";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            command.CommandText = "SELECT order_id, reference, customer, note, created_at, amount, quantity FROM orders WHERE order_id = $order_id";
            command.Parameters.AddWithValue("$order_id", orderId.ToString());
            await using SqliteDataReader reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false)) { }
        }
    }
}

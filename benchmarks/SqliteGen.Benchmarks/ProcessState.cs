using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SQLitePCL;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>--process-state Side [--batches N] [--reads N]</c>: one read benchmark (<see cref="ReadMany"/>, or
/// <c>--op GetByKey|JsonQuery</c>) for one side, timed in this process only, by the process's CPU time per read
/// (every thread) and wall time, in batches. It prints one line: the side, the median CPU and wall microseconds per
/// read over the second half of the batches, the minor page faults per read, and the per-batch CPU figures. Run it
/// in many fresh processes per configuration (environment variables, taskset) to see how a process's state changes
/// a read's cost, by CPU time, which a busy machine disturbs far less than wall time.
/// </summary>
public static class ProcessState
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Enum.TryParse(args[0], out Side side))
        {
            Console.Error.WriteLine("usage: --process-state <Side> [--op ReadMany|GetByKey|JsonQuery] [--batches N] [--reads N]");
            return 2;
        }
        string op = Option(args, "--op") ?? nameof(ReadMany);
        int batches = int.Parse(Option(args, "--batches") ?? "20", CultureInfo.InvariantCulture);
        int reads = int.Parse(Option(args, "--reads") ?? (op == nameof(ReadMany) ? "128" : "20000"), CultureInfo.InvariantCulture);

        ComparisonBase bench;
        Func<object?> read;
        switch (op)
        {
            case nameof(ReadMany):
                var many = new ReadMany { Side = side };
                many.Setup();
                (bench, read) = (many, many.Run);
                break;
            case nameof(GetByKey):
                var key = new GetByKey { Side = side };
                key.Setup();
                (bench, read) = (key, key.Run);
                break;
            case nameof(JsonQuery):
                var json = new JsonQuery { Side = side };
                json.Setup();
                (bench, read) = (json, json.Run);
                break;
            default:
                Console.Error.WriteLine($"unknown --op {op}");
                return 2;
        }

        var cpu = new List<double>();
        var wall = new List<double>();
        long faults = 0;
        for (int b = 0; b < batches; b++)
        {
            long faultsBefore = PageFaults.Minor();
            TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
            long ticks = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < reads; i++)
                read();
            double elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(ticks).TotalMicroseconds;
            cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / reads);
            wall.Add(elapsed / reads);
            if (b >= batches / 2)
                faults += PageFaults.Minor() - faultsBefore;
        }
        bench.Cleanup();

        int measured = batches - batches / 2;
        string split = args.Contains("--split") ? " " + Split(batches, reads) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side} {op} cpu_us={Median(cpu.Skip(batches / 2)):F1} wall_us={Median(wall.Skip(batches / 2)):F1} faults_per_read={(double)faults / (measured * reads):F2}{split} batches_cpu=[{string.Join(' ', cpu.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}]"));
        return 0;
    }

    /// <summary>
    /// The 1,000-row read taken apart, in the same process: SQLite alone (step through one customer's rows and touch
    /// every column's bytes, no objects) and .NET alone (the floor's conversions and allocations from the same bytes
    /// held in arrays, no SQLite). Median CPU microseconds per 1,000 rows of each, over the second half of the batches.
    /// </summary>
    private static string Split(int batches, int reads)
    {
        string path = TempDatabase.NewPath("process-state-split");
        TempDatabase.CreateSeeded(path, Ops.TableRows);
        try
        {
            BenchConnection.SqliteVersion();
            var captured = new List<byte[][]>();
            double mapped = SqliteOnly(path, batches, reads, mmap: true, captured);
            double unmapped = SqliteOnly(path, batches, reads, mmap: false, null);
            object Managed()
            {
                var rows = new List<Order>();
                Span<char> date = stackalloc char[64];
                foreach (byte[][] row in captured)
                {
                    Utf8Parser.TryParse(row[0], out Guid id, out _, 'D');
                    int length = Encoding.ASCII.GetChars(row[4], date);
                    rows.Add(new Order(id, Encoding.UTF8.GetString(row[1]), Encoding.UTF8.GetString(row[2]),
                        Encoding.UTF8.GetString(row[3]), StoredText.ToDate(date[..length]), BitConverter.ToDouble(row[5]), (int)BitConverter.ToDouble(row[6])));
                }
                return rows;
            }
            double managed = Timed(batches, reads, Managed);
            return string.Create(CultureInfo.InvariantCulture, $"sqlite_only_us={mapped:F1} sqlite_only_no_mmap_us={unmapped:F1} dotnet_only_us={managed:F1}");
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }

    /// <summary>Steps through one customer's 1,000 rows touching every column's bytes (<paramref name="captured"/>: keeps them once first).</summary>
    private static double SqliteOnly(string path, int batches, int reads, bool mmap, List<byte[][]>? captured)
    {
        raw.sqlite3_open_v2(path, out sqlite3 db, raw.SQLITE_OPEN_READWRITE, null);
        foreach (string pragma in BenchConnection.Pragmas)
            raw.sqlite3_exec(db, pragma.StartsWith("PRAGMA mmap_size", StringComparison.Ordinal) && !mmap ? "PRAGMA mmap_size = 0" : pragma);
        raw.sqlite3_prepare_v2(db, "SELECT order_id, reference, customer, note, created_at, amount, quantity FROM orders WHERE customer = ?1", out sqlite3_stmt statement);
        long Step(List<byte[][]>? capture)
        {
            long touched = 0;
            raw.sqlite3_bind_text(statement, 1, OrderData.Customer(0));
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                byte[][]? row = capture is null ? null : new byte[7][];
                for (int c = 0; c < 5; c++)
                {
                    ReadOnlySpan<byte> bytes = raw.sqlite3_column_blob(statement, c);
                    touched += bytes.Length + (bytes.IsEmpty ? 0 : bytes[0]);
                    if (row is not null)
                        row[c] = bytes.ToArray();
                }
                // amount and quantity as numbers, as every side reads them (a blob of a number would format it as text)
                double amount = raw.sqlite3_column_double(statement, 5);
                long quantity = raw.sqlite3_column_int64(statement, 6);
                touched += quantity + (long)amount;
                if (row is not null)
                {
                    row[5] = BitConverter.GetBytes(amount);
                    row[6] = BitConverter.GetBytes((double)quantity);
                }
                capture?.Add(row!);
            }
            raw.sqlite3_reset(statement);
            return touched;
        }
        if (captured is not null)
            Step(captured);
        double cpu = Timed(batches, reads, () => Step(null));
        statement.Dispose();
        db.Dispose();
        return cpu;
    }

    private static double Timed(int batches, int reads, Func<object?> work)
    {
        var cpu = new List<double>();
        for (int b = 0; b < batches; b++)
        {
            TimeSpan before = Environment.CpuUsage.TotalTime;
            for (int i = 0; i < reads; i++)
                work();
            cpu.Add((Environment.CpuUsage.TotalTime - before).TotalMicroseconds / reads);
        }
        return Median(cpu.Skip(batches / 2));
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}

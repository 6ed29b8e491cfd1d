using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SQLitePCL;

namespace SqliteGen.Benchmarks;

// Reads with kept read snapshots (SqliteGenOptions.ReuseReadSnapshots) against today's autocommit reads, the
// SQLitePCLRaw floor and hand-written ADO.NET, with nothing committed between reads and with a commit before every read.
// Run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --read-snapshots [--quick]`.

/// <summary>Who reads in the read-snapshot benchmarks.</summary>
public enum SnapshotReader
{
    RawFloor,
    HandWritten,
    SqliteGen,
    SqliteGenReuseSnapshots,
}

/// <summary>
/// A connection of its own (raw SQLitePCLRaw, prepared once) that commits a one-row update of <c>bench_ticks</c>:
/// the same cost whichever side reads.
/// </summary>
public sealed class OutsideCommitter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _update;

    public OutsideCommitter(string path)
    {
        Check(raw.sqlite3_open_v2(path, out _db, raw.SQLITE_OPEN_READWRITE, null));
        Check(raw.sqlite3_exec(_db, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; "
            + "CREATE TABLE IF NOT EXISTS bench_ticks (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT OR IGNORE INTO bench_ticks VALUES (1, 0)"));
        Check(raw.sqlite3_prepare_v2(_db, "UPDATE bench_ticks SET n = n + 1 WHERE id = 1", out _update));
    }

    public void Commit()
    {
        int rc = raw.sqlite3_step(_update);
        raw.sqlite3_reset(_update);
        if (rc != raw.SQLITE_DONE)
            Check(rc);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
    }

    public void Dispose()
    {
        _update.Dispose();
        _db.Dispose();
    }
}

/// <summary>
/// The common part: the side, and process CPU time (every thread, so the pool's timer and
/// checkpoints count) over each iteration's invocations, written to a file per case for the report.
/// </summary>
public abstract class SnapshotReadBase
{
    private static readonly string CpuFolder = Path.Combine(Path.GetTempPath(), "sqlitegen-bench-snapshot-cpu");
    private TimeSpan _cpuAtStart;
    private TimeSpan _cpu;
    private long _operations;

    private string _benchmark = "";

    [ParamsSource(nameof(ReaderValues))]
    public SnapshotReader Reader { get; set; }

    public virtual IEnumerable<SnapshotReader> ReaderValues => Enum.GetValues<SnapshotReader>();

    /// <summary>Reads per invocation of the benchmark being run (set by its global setup).</summary>
    protected int OperationsPerInvoke { get; set; }

    /// <summary>Names the benchmark this process runs (its global setup calls it): the CPU figure's file.</summary>
    protected void Running(string benchmark, int operationsPerInvoke)
    {
        _benchmark = benchmark;
        OperationsPerInvoke = operationsPerInvoke;
    }

    [IterationSetup]
    public void StartCpu() => _cpuAtStart = Environment.CpuUsage.TotalTime;

    [IterationCleanup]
    public void StopCpu()
    {
        _cpu += Environment.CpuUsage.TotalTime - _cpuAtStart;
        _operations += OperationsPerInvoke;
    }

    /// <summary>Records the CPU figure (call from the global cleanup).</summary>
    protected void RecordCpu()
    {
        if (_operations == 0)
            return;
        Directory.CreateDirectory(CpuFolder);
        File.WriteAllText(Path.Combine(CpuFolder, $"{_benchmark}-{Reader}.txt"), (_cpu.Ticks * 100.0 / _operations).ToString("R", CultureInfo.InvariantCulture));
        _cpu = TimeSpan.Zero;
        _operations = 0;
    }

    public static void ResetCpu()
    {
        if (Directory.Exists(CpuFolder))
            Directory.Delete(CpuFolder, recursive: true);
    }

    public static double? CpuNanoseconds(string benchmark, SnapshotReader reader)
    {
        string file = Path.Combine(CpuFolder, $"{benchmark}-{reader}.txt");
        return File.Exists(file) ? double.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture) : null;
    }
}

/// <summary>
/// Get by key and read 1,000 rows on the benchmark's orders table (10,000 rows), each side on its fast path; the
/// "after a commit" methods have another connection commit before every read, so every read finds the file changed.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("read-snapshots")]
public class SnapshotOrderReads : SnapshotReadBase
{
    private const int Gets = 10_000;
    private const int GetsAfterCommit = 500;
    private const int Many = 50;
    private const int ManyAfterCommit = 10;
    private const int Mask = 4095;
    private string? _path;
    private IBenchStore _store = null!;
    private OutsideCommitter _committer = null!;
    private Guid[] _keys = Array.Empty<Guid>();
    private int _next;

    [GlobalSetup(Target = nameof(GetByKey))]
    public void SetupGet() => Setup(nameof(GetByKey), Gets);

    [GlobalSetup(Target = nameof(GetByKeyAfterCommit))]
    public void SetupGetAfterCommit() => Setup(nameof(GetByKeyAfterCommit), GetsAfterCommit);

    [GlobalSetup(Target = nameof(Read1000Rows))]
    public void SetupMany() => Setup(nameof(Read1000Rows), Many);

    [GlobalSetup(Target = nameof(Read1000RowsAfterCommit))]
    public void SetupManyAfterCommit() => Setup(nameof(Read1000RowsAfterCommit), ManyAfterCommit);

    private void Setup(string benchmark, int operations)
    {
        Running(benchmark, operations);
        _path = TempDatabase.NewPath("snapshots-" + Reader);
        TempDatabase.CreateSeeded(_path, Ops.TableRows);
        _store = Reader switch
        {
            SnapshotReader.RawFloor => RawStore.Open(_path),
            SnapshotReader.HandWritten => HandWrittenStore.Open(_path),
            SnapshotReader.SqliteGen => new SqliteGenStore(BenchDb.Open(_path)),
            _ => new SqliteGenStore(BenchDb.Open(_path, new SqliteGenOptions { ReuseReadSnapshots = true })),
        };
        _committer = new OutsideCommitter(_path);
        _keys = Array.ConvertAll(OrderData.Sample(Ops.TableRows, Mask + 1, seed: 1), n => OrderData.Create(n).OrderId);
        Expect.SameOrder(_store.Get(_keys[0]), OrderData.Create(OrderData.Sample(Ops.TableRows, 1, seed: 1)[0]), $"{Reader} Get");
        _committer.Commit();
        Expect.SameOrder(_store.Get(_keys[0]), OrderData.Create(OrderData.Sample(Ops.TableRows, 1, seed: 1)[0]), $"{Reader} Get after a commit");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        RecordCpu();
        _committer?.Dispose();
        _store?.Dispose();
        TempDatabase.Delete(_path);
    }

    [Benchmark(OperationsPerInvoke = Gets, Description = "get by key")]
    public object? GetByKey()
    {
        object? last = null;
        for (int i = 0; i < Gets; i++)
            last = _store.Get(_keys[_next++ & Mask]);
        return last;
    }

    [Benchmark(OperationsPerInvoke = GetsAfterCommit, Description = "get by key, commit before each")]
    public object? GetByKeyAfterCommit()
    {
        object? last = null;
        for (int i = 0; i < GetsAfterCommit; i++)
        {
            _committer.Commit();
            last = _store.Get(_keys[_next++ & Mask]);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Many, Description = "read 1,000 rows")]
    public int Read1000Rows()
    {
        int total = 0;
        for (int i = 0; i < Many; i++)
            total += _store.FindByCustomer(OrderData.Customer(_next++ % OrderData.Customers)).Count;
        return total;
    }

    [Benchmark(OperationsPerInvoke = ManyAfterCommit, Description = "read 1,000 rows, commit before each")]
    public int Read1000RowsAfterCommit()
    {
        int total = 0;
        for (int i = 0; i < ManyAfterCommit; i++)
        {
            _committer.Commit();
            total += _store.FindByCustomer(OrderData.Customer(_next++ % OrderData.Customers)).Count;
        }
        return total;
    }
}

/// <summary>The layered tenant <c>Get</c> of the tenancy workload (a row the tenant owns), today's reads against kept snapshots.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("read-snapshots")]
public class SnapshotTenantGet : SnapshotReadBase
{
    private const int Gets = 10_000;
    private const int GetsAfterCommit = 500;
    private const int BaseRows = 1_000;
    private string? _folder;
    private TenantBenchDb? _db;
    private TenantBenchDb.TenantView? _tenant;
    private OutsideCommitter _committer = null!;
    private int _i;

    public override IEnumerable<SnapshotReader> ReaderValues => new[] { SnapshotReader.SqliteGen, SnapshotReader.SqliteGenReuseSnapshots };

    [GlobalSetup(Target = nameof(LayeredGet))]
    public void SetupGet() => Setup(nameof(LayeredGet), Gets);

    [GlobalSetup(Target = nameof(LayeredGetAfterCommit))]
    public void SetupGetAfterCommit() => Setup(nameof(LayeredGetAfterCommit), GetsAfterCommit);

    private void Setup(string benchmark, int operations)
    {
        Running(benchmark, operations);
        _folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-snapshot-tenancy-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _db = TenantBenchDb.Open(Path.Combine(_folder, "base.db"), new SqliteGenOptions { ReuseReadSnapshots = Reader == SnapshotReader.SqliteGenReuseSnapshots });
        _db.Base.Patterns.InsertMany(Enumerable.Range(0, BaseRows).Select(i => new Pattern("p" + i, "base " + i, "intent" + (i % 10), 0.5)));
        _tenant = _db.ForTenant("alice");
        _tenant.Patterns.InsertMany(Enumerable.Range(0, BaseRows / 2).Select(i => new Pattern("p" + (2 * i), "own " + i, "intent" + (i % 10), 0.9)));
        _committer = new OutsideCommitter(_tenant.FilePath); // commits to the tenant's file, the one a tenant row is read from
        if (_tenant.Patterns.Get("p2").ResponseText != "own 1")
            throw new InvalidOperationException("the tenant's own row was not read");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        RecordCpu();
        _committer?.Dispose();
        _tenant?.Dispose();
        _db?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    private string NextOwn() => "p" + 2 * (_i = (_i + 1) % (BaseRows / 2));

    [Benchmark(OperationsPerInvoke = Gets, Description = "layered Get, tenant row")]
    public Pattern LayeredGet()
    {
        Pattern last = null!;
        for (int n = 0; n < Gets; n++)
            last = _tenant!.Patterns.Get(NextOwn());
        return last;
    }

    [Benchmark(OperationsPerInvoke = GetsAfterCommit, Description = "layered Get, tenant row, commit before each")]
    public Pattern LayeredGetAfterCommit()
    {
        Pattern last = null!;
        for (int n = 0; n < GetsAfterCommit; n++)
        {
            _committer.Commit();
            last = _tenant!.Patterns.Get(NextOwn());
        }
        return last;
    }
}

/// <summary>
/// Get by key on the same rows keyed by INTEGER PRIMARY KEY (<see cref="NumberedOrder"/>), SqliteGen keeping snapshots:
/// the schema on which the C floor (<see cref="CFloor"/>) is fastest, to show how close SqliteGen's own part comes to it.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("read-snapshots")]
public class SnapshotIntegerKeyGet : SnapshotReadBase
{
    private const int Gets = 10_000;
    private const int Mask = 4095;
    private string? _path;
    private NumberedBenchDb? _db;
    private OutsideCommitter _committer = null!;
    private long[] _numbers = Array.Empty<long>();
    private int _next;

    public override IEnumerable<SnapshotReader> ReaderValues => new[] { SnapshotReader.SqliteGenReuseSnapshots };

    [GlobalSetup]
    public void Setup()
    {
        Running(nameof(GetByIntegerKey), Gets);
        _path = TempDatabase.NewPath("snapshots-integer");
        NumberedOrder.CreateSeeded(_path, Ops.TableRows);
        _db = NumberedBenchDb.Open(_path, new SqliteGenOptions { ReuseReadSnapshots = true });
        _committer = new OutsideCommitter(_path); // a commit in the WAL, as the orders rows have
        _committer.Commit();
        long[] sample = OrderData.Sample(Ops.TableRows, Mask + 1, seed: 1);
        _numbers = Array.ConvertAll(sample, n => n + 1);
        NumberedOrder.Expect(_db.NumberedOrders.Get(_numbers[0]), sample[0], "SqliteGen get by integer key");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        RecordCpu();
        _committer?.Dispose();
        _db?.Dispose();
        TempDatabase.Delete(_path);
    }

    [Benchmark(OperationsPerInvoke = Gets, Description = "get by integer key")]
    public NumberedOrder GetByIntegerKey()
    {
        NumberedOrder last = null!;
        for (int i = 0; i < Gets; i++)
            last = _db!.NumberedOrders.Get(_numbers[_next++ & Mask]);
        return last;
    }
}

/// <summary>The commit alone (what the "commit" rows add to every read), on the orders file.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("read-snapshots")]
public class SnapshotCommitAlone
{
    private const int Commits = 500;
    private string? _path;
    private OutsideCommitter _committer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = TempDatabase.NewPath("snapshots-commit");
        TempDatabase.CreateSeeded(_path, Ops.TableRows);
        _committer = new OutsideCommitter(_path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _committer?.Dispose();
        TempDatabase.Delete(_path);
    }

    [Benchmark(OperationsPerInvoke = Commits, Description = "commit only")]
    public void Commit()
    {
        for (int i = 0; i < Commits; i++)
            _committer.Commit();
    }

    /// <summary>
    /// The <c>--read-snapshots</c> mode: the four classes and the C floor (<see cref="CFloor"/>; <c>--no-c-floor</c> leaves
    /// it out), then one table of medians and CPU per read with the commit's own cost taken off the "commit" rows; with
    /// <c>--results</c> the table also becomes RESULTS.md's "Read snapshots" section.
    /// </summary>
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        IConfig config = DefaultConfig.Instance.AddDiagnoser(PageFaultDiagnoser.Instance).AddColumn(PageFaultDiagnoser.Columns);
        if (quick)
            config = config.AddJob(Program.QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        else
            config = config.AddJob(Program.FullJob); // the 16 MiB gen0 budget (PageFaults)
        SnapshotReadBase.ResetCpu();
        Type[] types = { typeof(SnapshotOrderReads), typeof(SnapshotIntegerKeyGet), typeof(SnapshotTenantGet), typeof(SnapshotCommitAlone) };
        string[] filter = args.SkipWhile(a => a != "--filter").ToArray(); // e.g. --filter *GetByKey* *CommitAlone*
        Summary[] summaries = filter.Length > 0
            ? BenchmarkSwitcher.FromTypes(types).Run(filter, config).ToArray()
            : BenchmarkRunner.Run(types, config);
        // The C floor, in this process after the benchmarks' own (each in a process of its own by default) have run.
        IReadOnlyList<CFloor.Row> floor = args.Contains("--no-c-floor") ? Array.Empty<CFloor.Row>()
            : CFloor.Measure(gets: quick ? 200_000 : 1_000_000, runs: quick ? 3 : 5, Console.WriteLine);
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToList();
        double? commit = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Type == typeof(SnapshotCommitAlone))?.ResultStatistics!.Median;
        // Everything printed from here on also goes into RESULTS.md with --results.
        var table = new StringWriter();
        void Line(string text)
        {
            Console.WriteLine(text);
            table.WriteLine(text);
        }
        Console.WriteLine();
        Line($"Read snapshots ({(quick ? "quick run: indicative only; " : "")}medians per read; the commit alone {commit / 1e3:0.00} us, taken off the 'commit before each' rows in 'read only'; spread: the standard deviation):");
        Line($"{"operation",-46} {"reader",-24} {"wall",11} {"spread",11} {"read only",11} {"CPU/read",11}");
        foreach (BenchmarkReport report in reports.Where(r => r.BenchmarkCase.Descriptor.Type != typeof(SnapshotCommitAlone)))
        {
            var reader = (SnapshotReader)report.BenchmarkCase.Parameters["Reader"];
            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            double wall = report.ResultStatistics!.Median;
            double readOnly = method.EndsWith("AfterCommit", StringComparison.Ordinal) && commit is double c ? wall - c : wall;
            double? cpu = SnapshotReadBase.CpuNanoseconds(method, reader);
            Line($"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-46} {reader,-24} {Micro(wall),11} {Micro(report.ResultStatistics.StandardDeviation),11} {Micro(readOnly),11} {(cpu is double n ? Micro(n) : "-"),11}");
        }
        foreach (CFloor.Row row in floor)
        {
            Line(row.Missing is { } missing
                ? $"{row.Operation,-46} {row.Reader,-24} {missing}"
                : $"{row.Operation,-46} {row.Reader,-24} {Micro(row.WallNs),11} {Micro(row.SpreadNs),11} {Micro(row.WallNs),11} {Micro(row.CpuNs),11}");
        }
        if (floor.Count > 0)
            Line("(C rows: benchmarks/getloop.c on files seeded the same way, SQLite's serialized mode like the rows above; spread: over the runs.)");
        if (args.Contains("--results") && filter.Length == 0)
        {
            string markdown = $"## Read snapshots (`--read-snapshots`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- --read-snapshots {string.Join(' ', args)}`, "
                + "each row in a process of its own; this section is replaced by the next `--read-snapshots --results` run and kept by full runs. "
                + "`SqliteGenReuseSnapshots` is SqliteGen with `SqliteGenOptions.ReuseReadSnapshots` (docs/design.md \"Read snapshots\").\n\n> Conditions: "
                + ResultsWriter.Conditions() + ".\n\n```\n" + table.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the read-snapshot section of {ResultsWriter.WriteSection("snapshots", markdown)}");
        }
        return summaries.Any(s => s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static string Micro(double nanoseconds) => (nanoseconds / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " us";
}

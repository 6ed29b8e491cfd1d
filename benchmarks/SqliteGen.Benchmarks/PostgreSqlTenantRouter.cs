using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.PostgreSql.Tests;

namespace SqliteGen.Benchmarks;

// The tenant router on PostgreSQL: the generated TenantBenchDb.PostgreSql's layered Get through ForTenant against a plain
// Get of the base's table, all on one server the mode starts for itself, and what finding the tenant costs (cached, a
// directory read, the first call after a move). Run with
// `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --tenant-router [--quick] [--results]`.

/// <summary>
/// One server's databases for the router benchmarks: the base (<c>TenantBenchDb.PostgreSql</c>, 1,000 base patterns) and
/// two tenant servers a and b (each a database of the same server, so every side pays the same network and server),
/// the directory on a, tenant alice placed on a with the even keys of her own.
/// </summary>
public sealed class PgTenantBench : IDisposable
{
    public const int BaseRows = 1_000;
    public const string Tenant = "alice";

    private readonly string _server;
    private readonly string[] _databases;
    private readonly NpgsqlDataSource _base;

    private PgTenantBench(string server, string[] databases, NpgsqlDataSource @base, TenantBenchDb.PostgreSql db, TenantServers servers,
        TenantBenchDb.PostgreSql.TenantRouter router)
    {
        _server = server;
        _databases = databases;
        _base = @base;
        Db = db;
        Servers = servers;
        Router = router;
        View = router.ForTenant(Tenant);
    }

    public TenantBenchDb.PostgreSql Db { get; }

    public TenantServers Servers { get; }

    public TenantBenchDb.PostgreSql.TenantRouter Router { get; }

    public TenantBenchDb.PostgreSql.TenantView View { get; }

    /// <summary>What every data source is opened with: pooling, and Npgsql's automatic preparation (as the <c>--postgres</c> mode).</summary>
    private static string ConnectionString(string server, string database) => new NpgsqlConnectionStringBuilder(server)
    {
        Database = database,
        Pooling = true,
        MaxAutoPrepare = 20,
        AutoPrepareMinUsages = 2,
    }.ConnectionString;

    public static PgTenantBench Create()
    {
        string server = Environment.GetEnvironmentVariable(PgOps.ServerVariable)
            ?? throw new InvalidOperationException($"{PgOps.ServerVariable} is not set: run the router benchmarks with --tenant-router, which starts their server.");
        string suffix = Guid.NewGuid().ToString("N")[..8];
        string[] databases = ["router_base_" + suffix, "router_a_" + suffix, "router_b_" + suffix]; // made here, of [a-z0-9_]
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            foreach (string database in databases)
            {
                using var create = new NpgsqlCommand("CREATE DATABASE " + database, connection);
                create.ExecuteNonQuery();
            }
        }
        NpgsqlDataSource @base = NpgsqlDataSource.Create(ConnectionString(server, databases[0]));
        TenantBenchDb.PostgreSql db = TenantBenchDb.OpenPostgreSql(@base);
        db.Base.Patterns.InsertMany(Enumerable.Range(0, BaseRows).Select(i => new Pattern("p" + i, "base " + i, "intent" + (i % 10), 0.5)));
        var servers = new TenantServers();
        servers.Add("a", NpgsqlDataSource.Create(ConnectionString(server, databases[1])));
        servers.Add("b", NpgsqlDataSource.Create(ConnectionString(server, databases[2])));
        TenantBenchDb.PostgreSql.TenantRouter router = db.OpenTenantsAsync(servers, "a").AsTask().GetAwaiter().GetResult();
        router.Directory.PlaceAsync(Tenant, "a").GetAwaiter().GetResult();
        var bench = new PgTenantBench(server, databases, @base, db, servers, router);
        // The tenant overrides the even keys.
        bench.View.Patterns.InsertMany(Enumerable.Range(0, BaseRows / 2).Select(i => new Pattern("p" + (2 * i), "own " + i, "intent" + (i % 10), 0.9)));
        return bench;
    }

    /// <summary>
    /// Moves the tenant to the other server through a directory of its own (another process, as far as <see cref="Router"/>
    /// knows): the router's cached place is stale afterwards, and its next call finds the old copy gone.
    /// </summary>
    public void MoveElsewhere()
    {
        TenantDirectory other = TenantDirectory.OpenAsync(Servers, "a", "TenantBenchDb", TenantBenchDb.PostgreSql.Migrations).GetAwaiter().GetResult();
        string from = other.LocateAsync(Tenant).AsTask().GetAwaiter().GetResult().Server;
        other.MoveAsync(Tenant, from == "a" ? "b" : "a").GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Db.Dispose();
        Servers.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _base.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        foreach (string database in _databases)
        {
            using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }
}

/// <summary>
/// Get by key on PostgreSQL: the base's table read directly (one round trip: the baseline), through the router where the
/// tenant has the row (the read alone, its table qualified with the tenant's schema: one round trip), where only the base has it (that round trip
/// finds nothing, then the base's), and with the tenant's place dropped from the cache first (a directory read before it).
/// Target from the issue: layered Get (tenant row) at most 1.2x the plain Get. Each row runs in three processes
/// (<see cref="Launches"/>): one process per row let two runs of the same tree give 1.24x and 1.13x.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("tenant-router")]
[ReadLaunches]
public class PgRouterGet
{
    private PgTenantBench? _bench;
    private int _i;

    [GlobalSetup]
    public void Setup() => _bench = PgTenantBench.Create();

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();

    private string NextEven() => "p" + 2 * (_i = (_i + 1) % (PgTenantBench.BaseRows / 2));

    private string NextOdd() => "p" + (2 * (_i = (_i + 1) % (PgTenantBench.BaseRows / 2)) + 1);

    [Benchmark(Baseline = true, Description = "plain Get (db.Base)")]
    public Pattern Plain() => _bench!.Db.Base.Patterns.Get(NextEven());

    [Benchmark(Description = "layered Get, tenant row")]
    public Pattern LayeredOwn() => _bench!.View.Patterns.Get(NextEven());

    [Benchmark(Description = "layered Get, key only the base has")]
    public Pattern LayeredBaseOnly() => _bench!.View.Patterns.Get(NextOdd());

    [Benchmark(Description = "layered Get, tenant row, place not cached")]
    public Pattern LayeredCacheMiss()
    {
        _bench!.Router.Directory.Invalidate(PgTenantBench.Tenant);
        return _bench.View.Patterns.Get(NextEven());
    }
}

/// <summary>
/// The first layered Get after another process moved the tenant: the router's cached place is stale, so the round trip
/// to the old server finds the old copy retired (no such table), the directory is read, and the Get runs at the new place. One call per
/// iteration, each after a move (not timed).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("tenant-router")]
public class PgRouterAfterMove
{
    private PgTenantBench? _bench;

    [GlobalSetup]
    public void Setup() => _bench = PgTenantBench.Create();

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();

    [IterationSetup]
    public void Move() => _bench!.MoveElsewhere();

    [Benchmark(Description = "layered Get, first call after a move"), InvocationCount(1)]
    public Pattern FirstAfterMove() => _bench!.View.Patterns.Get("p2");
}

/// <summary>
/// The <c>--tenant-router</c> mode: starts a PostgreSQL 15 server of its own (<see cref="PostgresServer"/>, as
/// <c>--postgres</c> does), runs <see cref="PgRouterGet"/> and <see cref="PgRouterAfterMove"/> on it, prints each median
/// against the plain Get and the 1.2x target; with <c>--results</c> the report becomes RESULTS.md's "Tenant router" section.
/// </summary>
public static class PgRouterBench
{
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        Launches.Count = quick ? 1 : Launches.OutOfProcess; // the quick job runs in process: one process, one launch
        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Program.QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        Summary[] summaries;
        string version;
        using (var server = new PostgresServer())
        {
            string address = server.ConnectionString("postgres");
            Environment.SetEnvironmentVariable(PgOps.ServerVariable, address);
            using (var connection = new NpgsqlConnection(address))
            {
                connection.Open();
                version = "PostgreSQL " + connection.PostgreSqlVersion;
            }
            try
            {
                summaries = BenchmarkRunner.Run(new[] { typeof(PgRouterGet), typeof(PgRouterAfterMove) }, config);
            }
            finally
            {
                Environment.SetEnvironmentVariable(PgOps.ServerVariable, null);
                NpgsqlConnection.ClearAllPools();
            }
        }
        BenchmarkReport? Report(string method) => summaries.SelectMany(s => s.Reports)
            .FirstOrDefault(r => r.Success && r.ResultStatistics is not null && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

        var report = new StringWriter();
        void Line(string text)
        {
            Console.WriteLine(text);
            report.WriteLine(text);
        }
        Console.WriteLine();
        BenchmarkReport? plain = Report(nameof(PgRouterGet.Plain));
        if (plain is null)
        {
            Console.WriteLine("The plain Get did not run: no figures.");
            return 1;
        }
        double baseline = plain.ResultStatistics!.Median;
        Line($"Tenant router on {version}, one server, client on the same machine ({(quick ? "quick run: indicative only; " : "")}medians)");
        Line($"  {"plain Get (db.Base)",-44} {Comparison.Time(baseline),11}  alloc {Comparison.Bytes(plain.GcStats.GetBytesAllocatedPerOperation(plain.BenchmarkCase) ?? -1)}");
        string verdict = "n/a";
        foreach ((string method, string name) in new[]
        {
            (nameof(PgRouterGet.LayeredOwn), "layered Get, tenant row"),
            (nameof(PgRouterGet.LayeredBaseOnly), "layered Get, key only the base has"),
            (nameof(PgRouterGet.LayeredCacheMiss), "layered Get, place not cached"),
            (nameof(PgRouterAfterMove.FirstAfterMove), "layered Get, first call after a move"),
        })
        {
            if (Report(method) is not { } run)
            {
                Line($"  {name,-44} did not run");
                continue;
            }
            double median = run.ResultStatistics!.Median, ratio = median / baseline;
            Line($"  {name,-44} {Comparison.Time(median),11}  alloc {Comparison.Bytes(run.GcStats.GetBytesAllocatedPerOperation(run.BenchmarkCase) ?? -1)}  {Comparison.Ratio(ratio)}x plain Get");
            if (method == nameof(PgRouterGet.LayeredOwn))
                verdict = Judge(plain, run, ratio, Line) switch { true => "PASS", false => "MISS", null => "undecided (the processes disagree across 1.2x)" };
        }
        Line($"Target: layered Get (tenant row) at most 1.2x a plain Get: {verdict}");
        if (args.Contains("--results"))
        {
            string markdown = $"## Tenant router (`--tenant-router`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- --tenant-router {string.Join(' ', args)}`, "
                + "against a PostgreSQL server the run started for itself on 127.0.0.1; this section is replaced by the next `--tenant-router --results` run. "
                + "How it runs: [README.md](README.md), \"Tenant router\".\n\n> Conditions: " + ResultsWriter.Conditions() + ".\n\n```\n" + report.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the tenant router section of {ResultsWriter.WriteSection("tenant-router", markdown)}");
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>
    /// The 1.2x target for the layered Get of a tenant row: each side's process medians printed; when either side's
    /// processes agree (within <see cref="Launches.DisagreeRatio"/>) the ratio of the medians decides, else the
    /// processes' extremes must agree (our slowest against their fastest met: PASS; our fastest against their slowest
    /// missed: MISS; between: undecided, null), as the comparison rows judge a read whose processes disagree.
    /// </summary>
    private static bool? Judge(BenchmarkReport plain, BenchmarkReport layered, double ratio, Action<string> line)
    {
        const double Target = 1.2;
        IReadOnlyList<double> plainMedians = Launches.Medians(plain), layeredMedians = Launches.Medians(layered);
        if (plainMedians.Count < 2 || layeredMedians.Count < 2)
            return ratio <= Target;
        string Medians(IReadOnlyList<double> medians) => string.Join(" / ", medians.Select(Comparison.Time));
        line($"    process medians: plain Get {Medians(plainMedians)}; layered Get {Medians(layeredMedians)}");
        if (Launches.Spread(plainMedians) <= Launches.DisagreeRatio && Launches.Spread(layeredMedians) <= Launches.DisagreeRatio)
            return ratio <= Target;
        double best = layeredMedians.Min() / plainMedians.Max(), worst = layeredMedians.Max() / plainMedians.Min();
        line($"    the processes disagree: {Comparison.Ratio(best)}x to {Comparison.Ratio(worst)}x at the extremes");
        return worst <= Target ? true : best > Target ? false : null;
    }
}

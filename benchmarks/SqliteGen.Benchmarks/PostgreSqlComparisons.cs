using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Npgsql;
using SqliteGen.PostgreSql.Tests;

namespace SqliteGen.Benchmarks;

// The PostgreSQL mode: the generated BenchDb.PostgreSql against hand-written Npgsql, Dapper and EF Core on one server the
// mode starts for itself. Run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --postgres [--quick]`.

/// <summary>Names shared by the PostgreSQL benchmark classes and their report.</summary>
public static class PgOps
{
    public const string GetByKey = "postgres: get by primary key";
    public const string ReadMany = "postgres: read 1,000 rows (FindBy on an index)";
    public const string InsertOne = "postgres: insert one row (autocommit)";
    public const string InsertMany = "postgres: InsertMany 10,000 rows (one transaction)";

    public static readonly string[] All = { GetByKey, ReadMany, InsertOne, InsertMany };

    /// <summary>The environment variable the mode passes the server's address in (benchmark processes inherit it).</summary>
    public const string ServerVariable = "SQLITEGEN_BENCH_POSTGRES";

    /// <summary>The rows of the PostgreSQL tables: <see cref="OrderData"/>'s, at UTC and to the microsecond, as PostgreSQL keeps them.</summary>
    public static Order Create(long n)
    {
        Order order = OrderData.Create(n);
        long ticks = order.CreatedAt.UtcTicks;
        return order with { CreatedAt = new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero) };
    }
}

/// <summary>
/// A fresh database on the mode's server per benchmark: the schema BenchDb.PostgreSql creates on open, 10,000 orders
/// written by binary COPY, then <c>VACUUM ANALYZE</c>; dropped afterwards.
/// </summary>
public sealed class PgBenchDatabase : IDisposable
{
    private readonly string _server;

    private PgBenchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>
    /// What every side's data source is built from: pooling on, and Npgsql's automatic preparation (<c>Max Auto
    /// Prepare</c>) so the sides that do not prepare explicitly (Dapper, EF Core) run prepared statements after their
    /// first uses; the hand-written side and the generated code prepare their own.
    /// </summary>
    public string ConnectionString { get; }

    public static PgBenchDatabase CreateSeeded(string benchmark, int rows)
    {
        string server = Environment.GetEnvironmentVariable(PgOps.ServerVariable)
            ?? throw new InvalidOperationException($"{PgOps.ServerVariable} is not set: run the PostgreSQL benchmarks with --postgres, which starts their server.");
        string name = "bench_" + benchmark + "_" + Guid.NewGuid().ToString("N")[..8]; // made here, of [a-z0-9_]
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand("CREATE DATABASE " + name, connection);
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(server)
        {
            Database = name,
            Pooling = true,
            MaxAutoPrepare = 20,
            AutoPrepareMinUsages = 2,
        };
        var database = new PgBenchDatabase(server, name, builder.ConnectionString);
        using (NpgsqlDataSource dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            using (BenchDb.PostgreSql db = BenchDb.OpenPostgreSql(dataSource))
            {
                // the schema and its migration history, exactly as an application's first open creates them
            }
            using NpgsqlConnection connection = dataSource.OpenConnection();
            PgSql.Copy(connection, Enumerable.Range(0, rows).Select(n => PgOps.Create(n)).ToList());
        }
        database.Execute("VACUUM ANALYZE orders");
        return database;
    }

    /// <summary>Opens <paramref name="side"/> with a data source of its own.</summary>
    public IOrderStore OpenStore(PgSide side)
    {
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(ConnectionString);
        return side switch
        {
            PgSide.HandWritten => new HandWrittenPgStore(dataSource),
            PgSide.SqliteGen => new SqliteGenPgStore(BenchDb.OpenPostgreSql(dataSource), dataSource),
            PgSide.Dapper => new DapperPgStore(dataSource),
            PgSide.EFCore => new EfCorePgStore(dataSource),
            PgSide.HandWrittenCopy => new CopyPgStore(dataSource),
            _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
        };
    }

    /// <summary>The rows an iteration inserted (row numbers from <see cref="Ops.TableRows"/> up) deleted, then the table vacuumed: never timed.</summary>
    public void DeleteInsertedRows()
    {
        using var connection = new NpgsqlConnection(Unpooled());
        connection.Open();
        using (var delete = new NpgsqlCommand("DELETE FROM orders WHERE reference >= $1", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = OrderData.Reference(Ops.TableRows) });
            delete.ExecuteNonQuery();
        }
        using var vacuum = new NpgsqlCommand("VACUUM orders", connection);
        vacuum.ExecuteNonQuery();
    }

    /// <summary>The order with this key, read on a connection of its own (what a write benchmark checks it stored).</summary>
    public Order? Find(Guid orderId)
    {
        using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(Unpooled());
        using var store = new HandWrittenPgStore(dataSource);
        return (Order?)store.Get(orderId);
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Unpooled());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private string Unpooled() => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS " + Name + " WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>Opens the side under test on a fresh seeded database; closes it and drops the database afterwards.</summary>
public abstract class PgComparisonBase : OrderComparison<PgSide, IOrderStore>
{
    protected PgBenchDatabase Database = null!;

    /// <summary>The sides this operation runs (binary COPY only where it fits: InsertMany).</summary>
    public override IEnumerable<PgSide> SideValues => new[] { PgSide.HandWritten, PgSide.SqliteGen, PgSide.Dapper, PgSide.EFCore };

    protected override void Open(string name)
    {
        Database = PgBenchDatabase.CreateSeeded(name, Ops.TableRows);
        Store = Database.OpenStore(Side);
    }

    protected override Order Create(long n) => PgOps.Create(n);

    protected override void ExpectStored(Order expected) => Expect.SameOrder(Database.Find(expected.OrderId), expected, $"{Side} stored");

    protected override void DeleteInsertedRows() => Database.DeleteInsertedRows();

    [GlobalCleanup]
    public void Cleanup()
    {
        Store?.Dispose();
        Store = null!;
        Database?.Dispose();
    }
}

[MemoryDiagnoser]
[BenchmarkCategory(PgOps.GetByKey)]
public class PgGetByKey : PgComparisonBase
{
    [GlobalSetup]
    public void Setup() => SetUpGetByKey();

    [Benchmark]
    public object? Run() => GetNextKey();
}

/// <summary>Every order of one customer (1,000 of the 10,000 rows) through the customer index, materialized into a list.</summary>
[MemoryDiagnoser]
[BenchmarkCategory(PgOps.ReadMany)]
public class PgReadMany : PgComparisonBase
{
    [GlobalSetup]
    public void Setup() => SetUpReadMany();

    [Benchmark]
    public ICollection Run() => ReadNextCustomer();
}

/// <summary>One row per call, autocommit: each call is its own transaction. The rows an iteration added are deleted after it (not timed).</summary>
[MemoryDiagnoser]
[BenchmarkCategory(PgOps.InsertOne)]
[InvocationCount(Invocations)]
public class PgInsertOne : PgComparisonBase
{
    private const int Invocations = 1024;

    [GlobalSetup]
    public void Setup() => SetUpInsertOne();

    [IterationSetup]
    public void MakeRows() => MakeInsertRows(Invocations);

    [IterationCleanup]
    public void ResetTable() => DeleteInsertedRows();

    [Benchmark]
    public void Run() => InsertNext();
}

/// <summary>10,000 new rows in one transaction into the 10,000-row table; deleted after each iteration (not timed).</summary>
[MemoryDiagnoser]
[BenchmarkCategory(PgOps.InsertMany)]
[InvocationCount(1)]
public class PgInsertMany : PgComparisonBase
{
    public override IEnumerable<PgSide> SideValues => base.SideValues.Append(PgSide.HandWrittenCopy);

    [GlobalSetup]
    public void Setup() => SetUpInsertMany();

    [IterationSetup]
    public void MakeRows() => MakeInsertManyRows(Ops.InsertManyRows);

    [IterationCleanup]
    public void ResetTable() => DeleteInsertedRows();

    [Benchmark]
    public int Run() => InsertBatch();
}

/// <summary>
/// The <c>--postgres</c> mode: starts a PostgreSQL 15 server of its own (<see cref="PostgresServer"/>: initdb into /tmp,
/// 127.0.0.1 on a free port, stopped and deleted at the end), runs the four classes on it, prints one line per side and
/// operation and the targets; with <c>--results</c> (and no <c>--filter</c>) the report becomes RESULTS.md's "PostgreSQL"
/// section.
/// </summary>
public static class PgBench
{
    private const string HandWritten = "hand-written Npgsql";

    /// <summary>What differs between the sides, printed with the figures.</summary>
    public static readonly string[] Differences =
    {
        "Every side takes a pooled connection from an NpgsqlDataSource of its own per operation (same connection string: Max Auto Prepare 20, Auto Prepare Min Usages 2).",
        "hand-written Npgsql: positional parameters, typed NpgsqlParameter<T>, Prepare() on every command; InsertMany: one transaction, prepared NpgsqlBatch of 500 inserts per round trip.",
        "SqliteGen: the generated BenchDb.PostgreSql; Get, FindBy and Insert prepare their statement on the connection (Prepare(): a lookup once prepared there), InsertMany sends the list as one binary COPY (one transaction; a refused COPY is undone and sent again row by row).",
        "Dapper: the same statements with @named parameters (Npgsql rewrites them to $n per call); InsertMany is Execute(sql, rows, transaction): one round trip per row.",
        "EF Core: compiled AsNoTracking queries; Insert is Add + SaveChanges (no transaction of its own for one statement); InsertMany is AddRange + SaveChanges (the provider's batches, one transaction).",
        "hand-written binary COPY (InsertMany only): PostgreSQL's bulk path, for scale; what SqliteGen's InsertMany sends, without its transaction discipline.",
        "None of the inserts uses RETURNING: the orders key is a Guid the caller supplies.",
        "The server is a throwaway (fsync, synchronous_commit and full_page_writes off, as in the tests): a commit costs a round trip and the server's CPU, not a disk flush.",
    };

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Program.QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        Type[] types = { typeof(PgGetByKey), typeof(PgReadMany), typeof(PgInsertOne), typeof(PgInsertMany) };
        string[] filter = args.SkipWhile(a => a != "--filter").ToArray();

        Summary[] summaries;
        string serverVersion;
        using (var server = new PostgresServer())
        {
            LoadSampler.Exclude(server.ProcessId); // its CPU is the run's, as the benchmark processes' is
            string address = server.ConnectionString("postgres");
            Environment.SetEnvironmentVariable(PgOps.ServerVariable, address);
            serverVersion = ServerVersion(address);
            try
            {
                summaries = filter.Length > 0
                    ? BenchmarkSwitcher.FromTypes(types).Run(filter, config).ToArray()
                    : BenchmarkRunner.Run(types, config);
            }
            finally
            {
                Environment.SetEnvironmentVariable(PgOps.ServerVariable, null);
                NpgsqlConnection.ClearAllPools();
            }
        }

        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToList();
        var table = new StringWriter();
        void Line(string text)
        {
            Console.WriteLine(text);
            table.WriteLine(text);
        }
        Console.WriteLine();
        Line($"SqliteGen on PostgreSQL ({serverVersion}) vs {HandWritten}, Dapper and EF Core ({(quick ? "quick run: indicative only; " : "")}ratios of medians)");
        var checks = new List<TargetCheck>();
        foreach (string op in PgOps.All)
        {
            var sides = reports.Where(r => r.BenchmarkCase.Descriptor.Categories.Contains(op))
                .ToDictionary(r => (PgSide)r.BenchmarkCase.Parameters[nameof(PgComparisonBase.Side)]!);
            if (sides.Count == 0)
                continue;
            Line(op);
            sides.TryGetValue(PgSide.HandWritten, out BenchmarkReport? hand);
            foreach ((PgSide side, BenchmarkReport report) in sides.OrderBy(s => s.Key))
            {
                double median = report.ResultStatistics!.Median;
                var interval = report.ResultStatistics.ConfidenceInterval;
                long alloc = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
                string ratio = hand is null ? "n/a" : Comparison.Ratio(median / hand.ResultStatistics!.Median);
                Line(string.Format(CultureInfo.InvariantCulture, "  {0,-28} median {1,11}  CI99.9 [{2}, {3}]  alloc {4,14}  vs hand-written {5,6}",
                    Name(side), Comparison.Time(median), Comparison.Time(interval.Lower), Comparison.Time(interval.Upper), Comparison.Bytes(alloc), ratio));
            }
            checks.Add(Target("SqliteGen <= 1.1x hand-written Npgsql", op, sides, PgSide.HandWritten, 1.1));
            if (op == PgOps.InsertMany)
                checks.Add(Target("InsertMany: SqliteGen >= 5x faster than EF Core's batched SaveChanges", op, sides, PgSide.EFCore, 1 / 5.0));
        }
        Line("");
        Line("What differs between the sides:");
        foreach (string difference in Differences)
            Line("- " + difference);
        Line("");
        Line(TargetCheck.Summary(checks));

        if (args.Contains("--results") && filter.Length == 0)
        {
            string markdown = $"## PostgreSQL (`--postgres`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- --postgres {string.Join(' ', args)}`, "
                + "against a PostgreSQL server the run started for itself on 127.0.0.1 (client and server share the machine); this section is replaced by the next "
                + "`--postgres --results` run and kept by full runs. How each side runs: [README.md](README.md), \"PostgreSQL\".\n\n> Conditions: "
                + ResultsWriter.Conditions() + ".\n\n```\n" + table.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the PostgreSQL section of {ResultsWriter.WriteSection("postgres", markdown)}");
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static string Name(PgSide side) => side switch
    {
        PgSide.HandWritten => HandWritten,
        PgSide.HandWrittenCopy => "hand-written binary COPY",
        PgSide.EFCore => "EF Core",
        _ => side.ToString(),
    };

    /// <summary>SqliteGen's median over <paramref name="other"/>'s at most <paramref name="max"/>, also between the intervals' unfavourable ends.</summary>
    private static TargetCheck Target(string target, string op, Dictionary<PgSide, BenchmarkReport> sides, PgSide other, double max)
    {
        if (!sides.TryGetValue(PgSide.SqliteGen, out BenchmarkReport? gen) || !sides.TryGetValue(other, out BenchmarkReport? them))
            return new TargetCheck(target, op, null, "n/a");
        double ratio = gen.ResultStatistics!.Median / them.ResultStatistics!.Median;
        double lower = them.ResultStatistics.ConfidenceInterval.Lower;
        double? worst = lower > 0 ? gen.ResultStatistics.ConfidenceInterval.Upper / lower : null; // an interval down to 0 bounds nothing
        return new TargetCheck(target, op, ratio <= max && worst <= max,
            $"SqliteGen/{Name(other)} {Comparison.Ratio(ratio)} ({Comparison.Faster(ratio)}; {(worst is { } w ? Comparison.Ratio(w) : "unbounded")} at the intervals' worst)");
    }

    private static string ServerVersion(string address)
    {
        using var connection = new NpgsqlConnection(address);
        connection.Open();
        return "PostgreSQL " + connection.PostgreSqlVersion.ToString();
    }
}

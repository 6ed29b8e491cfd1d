using System;
using System.Collections;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace SqliteGen.Benchmarks;

// One class per operation; [ParamsSource] runs it once per Side (hand-written baseline, SqliteGen and every
// competitor). Each run opens its side on its own temporary file, created and seeded identically in GlobalSetup and
// deleted in GlobalCleanup. The timed call is one IBenchStore method (an interface call, the same for every side).

/// <summary>Names shared by the comparison classes and the report.</summary>
public static class Ops
{
    public const string GetByKey = "get by primary key";
    public const string GetByUnique = "get by unique index";
    public const string ReadMany = "read 1,000 rows (FindBy on an index)";
    public const string JsonQuery = "read 100 rows with a JSON column";
    public const string InsertOne = "insert one row (autocommit)";
    public const string InsertMany = "InsertMany 10,000 rows (one transaction)";
    public const string UpdateOne = "update one row by key (autocommit)";
    public const string DeleteOne = "delete one row by key (autocommit)";

    public static readonly string[] All = { GetByKey, GetByUnique, ReadMany, JsonQuery, InsertOne, InsertMany, UpdateOne, DeleteOne };

    /// <summary>The read operations (the Dapper and EF Core targets apply to these).</summary>
    public static readonly string[] Reads = { GetByKey, GetByUnique, ReadMany, JsonQuery };

    /// <summary>Table size of the read benchmarks and the starting size of the write benchmarks.</summary>
    public const int TableRows = 10_000;

    /// <summary>Rows of one InsertMany call.</summary>
    public const int InsertManyRows = 10_000;
}

/// <summary>Opens the side under test on a fresh seeded file; closes and deletes it afterwards.</summary>
public abstract class ComparisonBase : OrderComparison<Side, IBenchStore>
{
    protected string? Path;

    /// <summary>The sides this operation runs (the checkpoint-policy variants only where the operation writes).</summary>
    public override IEnumerable<Side> SideValues => Sides.Reads;

    private TimeSpan _cpuAtIterationStart;
    private TimeSpan _cpu;
    private long _cpuOperations;
    private long _faultsAtIterationStart;
    private long _iterationFaults;

    /// <summary>Process CPU time (every thread) and page faults from here to <see cref="StopCpu"/>: called by write benchmarks' iteration setup.</summary>
    protected void StartCpu()
    {
        _faultsAtIterationStart = PageFaults.Minor();
        _cpuAtIterationStart = Environment.CpuUsage.TotalTime;
    }

    /// <summary>Adds the iteration's CPU time, page faults and its <paramref name="operations"/> to the side's total (iteration cleanup).</summary>
    protected void StopCpu(int operations)
    {
        _cpu += Environment.CpuUsage.TotalTime - _cpuAtIterationStart;
        _iterationFaults += PageFaults.Minor() - _faultsAtIterationStart;
        _cpuOperations += operations;
    }

    protected override void Open(string name)
    {
        Path = TempDatabase.NewPath(name + "-" + Side);
        TempDatabase.CreateSeeded(Path, Ops.TableRows);
        Store = BenchConnection.OpenStore(Side, Path);
        TempDatabase.LeaveWalFrames(Path);
        PageFaults.Warm();
    }

    protected override Order Create(long n) => OrderData.Create(n);

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_cpuOperations > 0)
        {
            CpuLedger.Record(BenchmarkType().Name, Side, _cpu, _cpuOperations);
            FaultLedger.Record(BenchmarkType().Name, Side, _iterationFaults, _cpuOperations);
        }
        Store?.Dispose();
        Store = null!;
        TempDatabase.Delete(Path);
    }

    /// <summary>This benchmark's class (in process, BenchmarkDotNet runs a type it emits that derives from it).</summary>
    private Type BenchmarkType()
    {
        Type type = GetType();
        while (type.Assembly != typeof(ComparisonBase).Assembly)
            type = type.BaseType!;
        return type;
    }

    /// <summary>Reads <paramref name="expected"/> back through the baseline: the side stored exactly the same text.</summary>
    protected override void ExpectStored(Order expected)
    {
        using HandWrittenStore hand = HandWrittenStore.Open(Path!);
        Expect.SameOrder(hand.Find(expected.OrderId), expected, $"{Side} stored");
    }

    /// <summary>Back to the seeded rows (rowids 1 .. TableRows; inserts append after them).</summary>
    protected override void DeleteInsertedRows() =>
        TempDatabase.Execute(Path!, "DELETE FROM orders WHERE rowid > " + Ops.TableRows);
}

[MemoryDiagnoser]
[ReadLaunches]
[BenchmarkCategory(Ops.GetByKey)]
public class GetByKey : ComparisonBase
{
    [GlobalSetup]
    public void Setup() => SetUpGetByKey();

    [Benchmark]
    public object? Run() => GetNextKey();
}

[MemoryDiagnoser]
[ReadLaunches]
[BenchmarkCategory(Ops.GetByUnique)]
public class GetByUnique : ComparisonBase
{
    private string[] _references = Array.Empty<string>();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Open("getunique");
        _references = Array.ConvertAll(OrderData.Sample(Ops.TableRows, KeyMask + 1, seed: 2), OrderData.Reference);
        Expect.SameOrder(Store.FindByReference(_references[0]), OrderData.Create(OrderData.Sample(Ops.TableRows, 1, seed: 2)[0]), $"{Side} FindByReference");
    }

    [Benchmark]
    public object? Run() => Store.FindByReference(_references[_next++ & KeyMask]);
}

/// <summary>
/// 1,000 rows through a non-unique index: <c>SELECT ... WHERE customer = $customer</c> on the 10,000-row
/// table (10 customers, 1,000 rows each), materialized into a list on every side.
/// </summary>
[MemoryDiagnoser]
[ReadLaunches]
[BenchmarkCategory(Ops.ReadMany)]
public class ReadMany : ComparisonBase
{
    [GlobalSetup]
    public void Setup() => SetUpReadMany();

    [Benchmark]
    public ICollection Run() => ReadNextCustomer();
}

/// <summary>
/// 100 rows with a JSON column (about 300 bytes each) through a non-unique index, each document deserialized
/// with the same source-generated System.Text.Json context on every side.
/// </summary>
[MemoryDiagnoser]
[ReadLaunches]
[BenchmarkCategory(Ops.JsonQuery)]
public class JsonQuery : ComparisonBase
{
    private string[] _carriers = Array.Empty<string>();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Open("json");
        _carriers = new string[OrderData.Carriers];
        for (int i = 0; i < _carriers.Length; i++)
            _carriers[i] = OrderData.Carrier(i);
        ICollection rows = Store.FindParcels(_carriers[0]);
        Expect.Count(rows.Count, TempDatabase.ParcelRows / OrderData.Carriers, "parcels per carrier");
        Expect.SameParcel(First(rows), OrderData.CreateParcel(0), $"{Side} FindParcels");
    }

    [Benchmark]
    public ICollection Run() => Store.FindParcels(_carriers[_next++ % OrderData.Carriers]);
}

/// <summary>
/// Base for the write benchmarks: every row inserted is new, and after each iteration the rows it added are deleted on
/// a separate connection (not timed), so every iteration starts from the same 10,000-row table.
/// </summary>
public abstract class WriteComparisonBase : ComparisonBase
{
    public override IEnumerable<Side> SideValues => Sides.Writes;
}

/// <summary>One row per call, autocommit: each call is its own transaction (WAL append, no fsync at NORMAL).</summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.InsertOne)]
[InvocationCount(Invocations)]
public class InsertOne : WriteComparisonBase
{
    // Fixed so the table grows by at most this many rows before the cleanup resets it.
    private const int Invocations = 2048;

    [GlobalSetup]
    public void Setup() => SetUpInsertOne();

    [IterationSetup]
    public void MakeRows()
    {
        MakeInsertRows(Invocations);
        StartCpu();
    }

    [IterationCleanup]
    public void ResetTable()
    {
        StopCpu(Invocations);
        DeleteInsertedRows();
    }

    [Benchmark]
    public void Run() => InsertNext();
}

/// <summary>10,000 new rows in one transaction into the 10,000-row table.</summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.InsertMany)]
[InvocationCount(1)]
public class InsertMany : WriteComparisonBase
{
    [GlobalSetup]
    public void Setup() => SetUpInsertMany();

    [IterationSetup]
    public void MakeRows()
    {
        MakeInsertManyRows(Ops.InsertManyRows);
        StartCpu();
    }

    [IterationCleanup]
    public void ResetTable()
    {
        StopCpu(1);
        DeleteInsertedRows();
    }

    [Benchmark]
    public int Run() => InsertBatch();
}

/// <summary>
/// Every non-key column of one existing row, by key, autocommit. The 4,096 sampled rows alternate between two
/// versions (different note, amount and quantity) so every update really changes the row.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.UpdateOne)]
[InvocationCount(Invocations)]
public class UpdateOne : ComparisonBase
{
    // Fixed so that each iteration's CPU time covers a known number of updates.
    private const int Invocations = 4096;
    private const int Mask = 8191;
    private object[] _rows = Array.Empty<object>();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Open("update");
        long[] sample = OrderData.Sample(Ops.TableRows, (Mask + 1) / 2, seed: 3);
        _rows = new object[Mask + 1];
        Order? changed = null;
        for (int i = 0; i < sample.Length; i++)
        {
            Order order = OrderData.Create(sample[i]);
            Order next = order with { Note = order.Note + " (changed)", Amount = order.Amount + 1, Quantity = order.Quantity + 1 };
            changed ??= next;
            _rows[i] = Store.Row(next);
            _rows[i + sample.Length] = Store.Row(order);
        }
        Expect.Count(Store.Update(_rows[0]) ? 1 : 0, 1, "updated row");
        ExpectStored(changed!);
    }

    public override IEnumerable<Side> SideValues => Sides.Writes;

    [IterationSetup]
    public void BeginIteration() => StartCpu();

    [IterationCleanup]
    public void EndIteration() => StopCpu(Invocations);

    [Benchmark]
    public bool Run() => Store.Update(_rows[_next++ & Mask]);
}

/// <summary>
/// One row by key, autocommit. Before each iteration (not timed) <c>Invocations</c> fresh rows are inserted on a
/// separate connection; each call deletes one of them, so the table is back to its seeded rows after the iteration.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.DeleteOne)]
[InvocationCount(Invocations)]
public class DeleteOne : WriteComparisonBase
{
    private const int Invocations = 2048;
    private Guid[] _keys = Array.Empty<Guid>();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Open("delete");
        Order probe = NextRows(1)[0];
        TempDatabase.Insert(Path!, new List<Order> { probe });
        Expect.Count(Store.Delete(probe.OrderId) ? 1 : 0, 1, "deleted row");
        Expect.Count(Store.Delete(probe.OrderId) ? 1 : 0, 0, "rows deleted twice");
    }

    [IterationSetup]
    public void InsertRows()
    {
        List<Order> rows = NextRows(Invocations);
        TempDatabase.Insert(Path!, rows);
        _keys = rows.ConvertAll(r => r.OrderId).ToArray();
        _next = 0;
        StartCpu();
    }

    [IterationCleanup]
    public void ResetTable()
    {
        StopCpu(Invocations);
        DeleteInsertedRows();
    }

    [Benchmark]
    public bool Run() => Store.Delete(_keys[_next++]);
}

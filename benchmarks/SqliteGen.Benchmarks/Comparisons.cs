using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace SqliteGen.Benchmarks;

// One class per operation. In each, HandWritten (the baseline) and Generated run on their own temporary
// file, created and seeded identically in GlobalSetup and deleted in GlobalCleanup. BenchmarkDotNet runs
// every benchmark in its own process, so each one also has its own connections and JIT state.

/// <summary>Names shared by the comparison classes and the report.</summary>
public static class Ops
{
    public const string GetByKey = "get by primary key";
    public const string InsertOne = "insert one row (autocommit)";
    public const string InsertMany = "InsertMany 10,000 rows (one transaction)";
    public const string ReadMany = "read 1,000 rows (FindBy on an index)";
    public const string GetByUnique = "get by unique index";

    public static readonly string[] All = { GetByKey, InsertOne, InsertMany, ReadMany, GetByUnique };

    /// <summary>Table size of the read benchmarks and the starting size of the write benchmarks.</summary>
    public const int TableRows = 10_000;
}

/// <summary>Open either side on a fresh seeded file; close and delete it afterwards.</summary>
public abstract class ComparisonBase
{
    protected string? Path;
    protected BenchDb? Db;
    protected HandWrittenStore? Hand;

    protected void OpenHandWritten(string name, int rows)
    {
        Path = TempDatabase.NewPath(name + "-hand");
        TempDatabase.CreateSeeded(Path, rows);
        Hand = HandWrittenStore.Open(Path);
    }

    protected void OpenGenerated(string name, int rows)
    {
        Path = TempDatabase.NewPath(name + "-gen");
        TempDatabase.CreateSeeded(Path, rows);
        Db = BenchDb.Open(Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Db?.Dispose();
        Hand?.Dispose();
        Db = null;
        Hand = null;
        TempDatabase.Delete(Path);
    }
}

[MemoryDiagnoser]
[BenchmarkCategory(Ops.GetByKey)]
public class GetByKey : ComparisonBase
{
    private const int Mask = 4095;
    private Guid[] _keys = Array.Empty<Guid>();
    private int _next;

    private void LoadKeys()
    {
        long[] sample = OrderData.Sample(Ops.TableRows, Mask + 1, seed: 1);
        _keys = Array.ConvertAll(sample, n => OrderData.Create(n).OrderId);
    }

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() { OpenHandWritten("getkey", Ops.TableRows); LoadKeys(); }

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated() { OpenGenerated("getkey", Ops.TableRows); LoadKeys(); }

    [Benchmark(Baseline = true, Description = "hand-written")]
    public Order HandWritten() => Hand!.Get(_keys[_next++ & Mask]);

    [Benchmark(Description = "SqliteGen")]
    public Order Generated() => Db!.Orders.Get(_keys[_next++ & Mask]);
}

[MemoryDiagnoser]
[BenchmarkCategory(Ops.GetByUnique)]
public class GetByUnique : ComparisonBase
{
    private const int Mask = 4095;
    private string[] _references = Array.Empty<string>();
    private int _next;

    private void LoadKeys() => _references = Array.ConvertAll(OrderData.Sample(Ops.TableRows, Mask + 1, seed: 2), OrderData.Reference);

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() { OpenHandWritten("getunique", Ops.TableRows); LoadKeys(); }

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated() { OpenGenerated("getunique", Ops.TableRows); LoadKeys(); }

    [Benchmark(Baseline = true, Description = "hand-written")]
    public Order? HandWritten() => Hand!.FindByReference(_references[_next++ & Mask]);

    [Benchmark(Description = "SqliteGen")]
    public Order? Generated() => Db!.Orders.FindByReference(_references[_next++ & Mask]);
}

/// <summary>
/// 1,000 rows through a non-unique index: <c>SELECT ... WHERE customer = $customer</c> on the 10,000-row
/// table (10 customers, 1,000 rows each), materialized into a list on both sides.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.ReadMany)]
public class ReadMany : ComparisonBase
{
    private string[] _customers = Array.Empty<string>();
    private int _next;

    private void LoadKeys()
    {
        _customers = new string[OrderData.Customers];
        for (int i = 0; i < _customers.Length; i++)
            _customers[i] = OrderData.Customer(i);
    }

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() { OpenHandWritten("readmany", Ops.TableRows); LoadKeys(); Check(Hand!.FindByCustomer(_customers[0]).Count); }

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated() { OpenGenerated("readmany", Ops.TableRows); LoadKeys(); Check(Db!.Orders.FindByCustomer(_customers[0]).Count); }

    private static void Check(int count)
    {
        if (count != Ops.TableRows / OrderData.Customers)
            throw new InvalidOperationException($"Expected {Ops.TableRows / OrderData.Customers} rows per customer, found {count}.");
    }

    [Benchmark(Baseline = true, Description = "hand-written")]
    public IReadOnlyList<Order> HandWritten() => Hand!.FindByCustomer(_customers[_next++ % OrderData.Customers]);

    [Benchmark(Description = "SqliteGen")]
    public IReadOnlyList<Order> Generated() => Db!.Orders.FindByCustomer(_customers[_next++ % OrderData.Customers]);
}

/// <summary>
/// Base for the write benchmarks: every row inserted is new (row numbers continue across iterations, so
/// keys and unique values never repeat), and after each iteration the rows it added are deleted on a
/// separate connection (not timed), so every iteration starts from the same 10,000-row table.
/// </summary>
public abstract class WriteComparisonBase : ComparisonBase
{
    private long _nextRow = Ops.TableRows;

    protected List<Order> NextRows(int count)
    {
        List<Order> rows = OrderData.Range(_nextRow, count);
        _nextRow += count;
        return rows;
    }

    protected Order NextRow() => OrderData.Create(_nextRow++);

    /// <summary>Back to the seeded rows (rowids 1 .. TableRows; inserts append after them).</summary>
    protected void DeleteInsertedRows() =>
        TempDatabase.Execute(Path!, "DELETE FROM orders WHERE rowid > " + Ops.TableRows);
}

/// <summary>One row per call, autocommit: each call is its own transaction (WAL append, no fsync at NORMAL).</summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.InsertOne)]
[InvocationCount(Invocations)]
public class InsertOne : WriteComparisonBase
{
    // Fixed so the table grows by at most this many rows before the cleanup resets it.
    private const int Invocations = 2048;
    private Order[] _rows = Array.Empty<Order>();
    private int _next;

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() => OpenHandWritten("insertone", Ops.TableRows);

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated() => OpenGenerated("insertone", Ops.TableRows);

    // The rows are made before the iteration so that building them is neither timed nor counted as allocation.
    [IterationSetup]
    public void MakeRows()
    {
        _rows = NextRows(Invocations).ToArray();
        _next = 0;
    }

    [IterationCleanup]
    public void ResetTable() => DeleteInsertedRows();

    private Order Take() => _next < _rows.Length ? _rows[_next++] : NextRow();

    [Benchmark(Baseline = true, Description = "hand-written")]
    public void HandWritten() => Hand!.Insert(Take());

    [Benchmark(Description = "SqliteGen")]
    public void Generated() => Db!.Orders.Insert(Take());
}

/// <summary>10,000 new rows in one transaction, one prepared insert, into the 10,000-row table.</summary>
[MemoryDiagnoser]
[BenchmarkCategory(Ops.InsertMany)]
[InvocationCount(1)]
public class InsertMany : WriteComparisonBase
{
    private const int Batch = 10_000;
    private List<Order> _batch = new();

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() => OpenHandWritten("insertmany", Ops.TableRows);

    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated() => OpenGenerated("insertmany", Ops.TableRows);

    [IterationSetup]
    public void MakeRows() => _batch = NextRows(Batch);

    [IterationCleanup]
    public void ResetTable() => DeleteInsertedRows();

    [Benchmark(Baseline = true, Description = "hand-written")]
    public int HandWritten() => Hand!.InsertMany(_batch);

    [Benchmark(Description = "SqliteGen")]
    public int Generated() => Db!.Orders.InsertMany(_batch);
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The operations both modes time (get by key, read 1,000 rows, insert one, InsertMany 10,000), written once over the
/// store each mode opens. A mode's base (SQLite's <see cref="ComparisonBase"/>, PostgreSQL's <see cref="PgComparisonBase"/>)
/// says how a side is opened on a seeded database, what its rows hold, how a stored row is read back and how the table
/// goes back to its seeded rows; each mode's benchmark classes carry their own attributes and call these.
/// </summary>
public abstract class OrderComparison<TSide, TStore>
    where TSide : struct, Enum
    where TStore : class, IOrderStore
{
    /// <summary>Keys sampled for the reads by key: a power of two, so the next one is a mask away.</summary>
    protected const int KeyMask = 4095;

    protected TStore Store = null!;
    private Guid[] _keys = [];
    private int _nextKey;
    private int _nextCustomer;
    private object[] _rows = [];
    private int _nextInsert;
    private object _batch = new();
    private long _nextRow = Ops.TableRows;

    [ParamsSource(nameof(SideValues))]
    public TSide Side { get; set; }

    /// <summary>The sides this operation runs.</summary>
    public abstract IEnumerable<TSide> SideValues { get; }

    /// <summary>Opens <see cref="Side"/> on a fresh database seeded with <see cref="Ops.TableRows"/> rows.</summary>
    protected abstract void Open(string name);

    /// <summary>Row <paramref name="n"/> as this mode's database holds it.</summary>
    protected abstract Order Create(long n);

    /// <summary>Reads <paramref name="expected"/> back past the side under test: it stored exactly this row.</summary>
    protected abstract void ExpectStored(Order expected);

    /// <summary>Deletes the rows iterations inserted (never timed): the table is back to its seeded rows.</summary>
    protected abstract void DeleteInsertedRows();

    protected static object? First(ICollection rows)
    {
        foreach (object? row in rows)
            return row;
        return null;
    }

    /// <summary>New rows: row numbers go on across iterations, so keys and unique values never repeat.</summary>
    protected List<Order> NextRows(int count)
    {
        var rows = new List<Order>(count);
        for (int i = 0; i < count; i++)
            rows.Add(Create(_nextRow + i));
        _nextRow += count;
        return rows;
    }

    /// <summary>Get by key: opens the side, samples the keys and checks the first read.</summary>
    protected void SetUpGetByKey()
    {
        Open("getkey");
        _keys = Array.ConvertAll(OrderData.Sample(Ops.TableRows, KeyMask + 1, seed: 1), n => OrderData.Create(n).OrderId);
        Expect.SameOrder(Store.Get(_keys[0]), Create(OrderData.Sample(Ops.TableRows, 1, seed: 1)[0]), $"{Side} Get");
    }

    protected object? GetNextKey() => Store.Get(_keys[_nextKey++ & KeyMask]);

    /// <summary>Read 1,000 rows: opens the side and checks one customer's rows.</summary>
    protected void SetUpReadMany()
    {
        Open("readmany");
        ICollection rows = Store.FindByCustomer(OrderData.Customer(0));
        Expect.Count(rows.Count, Ops.TableRows / OrderData.Customers, "rows per customer");
        // The first row by reference: a server may return the customer's rows in any order.
        Order? first = rows.Cast<object>().Select(Expect.AsOrder).MinBy(o => o!.Reference, StringComparer.Ordinal);
        Expect.SameOrder(first, Create(0), $"{Side} FindByCustomer");
    }

    protected ICollection ReadNextCustomer() => Store.FindByCustomer(OrderData.Customer(_nextCustomer++ % OrderData.Customers));

    /// <summary>Insert one: opens the side, inserts a probe row and reads it back.</summary>
    protected void SetUpInsertOne()
    {
        Open("insertone");
        Order probe = NextRows(1)[0];
        Store.Insert(Store.Row(probe));
        ExpectStored(probe);
        DeleteInsertedRows();
    }

    /// <summary>The rows of an iteration of <paramref name="invocations"/> inserts, made before it (neither timed nor counted as allocation).</summary>
    protected void MakeInsertRows(int invocations)
    {
        _rows = NextRows(invocations).ConvertAll(Store.Row).ToArray();
        _nextInsert = 0;
    }

    protected void InsertNext() => Store.Insert(_rows[_nextInsert++]);

    /// <summary>InsertMany: opens the side, inserts two probe rows and reads the second back.</summary>
    protected void SetUpInsertMany()
    {
        Open("insertmany");
        List<Order> probe = NextRows(2);
        Expect.Count(Store.InsertMany(Store.Rows(probe)), 2, "rows inserted");
        ExpectStored(probe[1]);
        DeleteInsertedRows();
    }

    /// <summary>The <paramref name="count"/> rows of an InsertMany iteration, made before it.</summary>
    protected void MakeInsertManyRows(int count) => _batch = Store.Rows(NextRows(count));

    protected int InsertBatch() => Store.InsertMany(_batch);
}

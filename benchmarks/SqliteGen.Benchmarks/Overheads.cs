using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using SqliteGen.Runtime;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Micro-benchmarks of the pieces SqliteGen's generated code adds around Microsoft.Data.Sqlite (run with --diag):
/// renting and returning a pooled connection, the per-connection statement cache lookup, and the value conversions.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("overheads")]
public class Overheads
{
    private static readonly Statement s_statement = new("SELECT 1");
    private string? _path;
    private SqliteConnectionPool? _pool;
    private PooledConnection? _reader;
    private readonly Guid _guid = OrderData.Create(42).OrderId;
    private readonly string _guidText = OrderData.Create(42).OrderId.ToString("D");
    private readonly DateTimeOffset _date = OrderData.Create(42).CreatedAt;
    private readonly string _dateText = StoredText.FromDate(OrderData.Create(42).CreatedAt);

    [GlobalSetup]
    public void Setup()
    {
        _path = TempDatabase.NewPath("overheads");
        _pool = SqliteConnectionPool.Open(_path);
        using (ConnectionLease lease = _pool.RentReader())
        {
            _reader = lease.Connection;
            _reader.Prepare(s_statement);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        TempDatabase.Delete(_path);
    }

    [Benchmark(Description = "pool: RentReader + Dispose")]
    public PooledConnection RentReader()
    {
        using ConnectionLease lease = _pool!.RentReader();
        return lease.Connection;
    }

    [Benchmark(Description = "pool: RentWriter + Dispose")]
    public PooledConnection RentWriter()
    {
        using ConnectionLease lease = _pool!.RentWriter();
        return lease.Connection;
    }

    [Benchmark(Description = "PooledConnection.Prepare (cached)")]
    public object Prepare() => _reader!.Prepare(s_statement);

    [Benchmark(Description = "SqliteValues.FromGuid")]
    public string FromGuid() => SqliteValues.FromGuid(_guid);

    [Benchmark(Description = "SqliteValues.ToGuid")]
    public Guid ToGuid() => SqliteValues.ToGuid(_guidText);

    [Benchmark(Description = "SqliteValues.FromDateTimeOffset")]
    public string FromDateTimeOffset() => SqliteValues.FromDateTimeOffset(_date);

    [Benchmark(Description = "SqliteValues.ToDateTimeOffset")]
    public DateTimeOffset ToDateTimeOffset() => SqliteValues.ToDateTimeOffset(_dateText);
}

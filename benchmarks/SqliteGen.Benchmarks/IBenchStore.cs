using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The libraries compared. <see cref="HandWritten"/> is the baseline of every ratio. The last three differ from a side
/// above only in the WAL checkpoint policy and run in the write benchmarks only (<see cref="Sides"/>): SqliteGen's pool
/// checkpoints on a thread of its own every 4,000 frames, every other side inside the commit that crosses SQLite's
/// 1,000-frame mark; these rows put each side under the other policy, so code and policy can be compared apart.
/// </summary>
public enum Side
{
    HandWritten,
    SqliteGen,
    Dapper,
    DapperAot,
    DapperAotCached,
    EFCore,
    SqliteNet,
    RawFloor,
    SqliteGenInlineCheckpoint,
    HandWrittenBackgroundCheckpoint,
    RawFloorBackgroundCheckpoint,
}

/// <summary>Which sides run in which benchmarks.</summary>
public static class Sides
{
    /// <summary>The checkpoint-policy variants: meaningful for writes only.</summary>
    public static bool IsPolicyVariant(Side side) => side >= Side.SqliteGenInlineCheckpoint;

    public static IEnumerable<Side> Reads => Enum.GetValues<Side>().Where(s => !IsPolicyVariant(s));

    public static IEnumerable<Side> Writes => Enum.GetValues<Side>();
}

/// <summary>
/// One side of a comparison, opened on a seeded database: the operations both modes time (SQLite's
/// <see cref="IBenchStore"/>, PostgreSQL's <c>--postgres</c> stores). Every benchmark calls one of these methods once per
/// invocation (an interface call costs about a nanosecond, the same for every side). Writes take the side's own row
/// objects, made by <see cref="Row"/>/<see cref="Rows"/> outside the timed region, so no side pays for another side's
/// entity type.
/// </summary>
public interface IOrderStore : IDisposable
{
    /// <summary>The order with this key (the side's own row type).</summary>
    object? Get(Guid orderId);

    /// <summary>Every order of this customer, materialized into a list.</summary>
    ICollection FindByCustomer(string customer);

    /// <summary>The side's row object for <paramref name="order"/> (not timed).</summary>
    object Row(Order order);

    /// <summary>The side's rows for <paramref name="orders"/> (not timed).</summary>
    object Rows(List<Order> orders);

    /// <summary>One insert, autocommit.</summary>
    void Insert(object row);

    /// <summary>Every row of <paramref name="rows"/> (from <see cref="Rows"/>) in one transaction.</summary>
    int InsertMany(object rows);
}

/// <summary>One side of the SQLite comparison, opened on an existing seeded file: the shared operations and SQLite's own.</summary>
public interface IBenchStore : IOrderStore
{
    /// <summary>The order with this unique reference.</summary>
    object? FindByReference(string reference);

    /// <summary>Every parcel of this carrier with its JSON column deserialized, materialized into a list.</summary>
    ICollection FindParcels(string carrier);

    /// <summary>Every non-key column of the row with <paramref name="row"/>'s key, autocommit.</summary>
    bool Update(object row);

    /// <summary>The row with this key, autocommit.</summary>
    bool Delete(Guid orderId);

    /// <summary><c>select sqlite_version()</c> through this side's own connection.</summary>
    string SqliteVersion();
}

/// <summary>The connection settings every side uses: the pragmas SqliteGen's pool sets by default.</summary>
public static class BenchConnection
{
    public static readonly string[] Pragmas =
    {
        "PRAGMA busy_timeout = 5000",
        "PRAGMA journal_mode = WAL",
        "PRAGMA journal_size_limit = 67108864",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA foreign_keys = 1",
        "PRAGMA cache_size = -16384",
        "PRAGMA mmap_size = 268435456",
        "PRAGMA temp_store = 2",
    };

    /// <summary>One open, unpooled Microsoft.Data.Sqlite connection with <see cref="Pragmas"/> applied.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        foreach (string pragma in Pragmas)
        {
            command.CommandText = pragma;
            command.ExecuteNonQuery();
        }
        return connection;
    }

    /// <summary>The SQLite library Microsoft.Data.Sqlite (and so SqliteGen) runs on in this process.</summary>
    public static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return SqliteVersion(connection);
    }

    public static string SqliteVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "unknown";
    }

    /// <summary>Opens <paramref name="side"/> on the seeded file at <paramref name="path"/>.</summary>
    public static IBenchStore OpenStore(Side side, string path) => side switch
    {
        Side.HandWritten => HandWrittenStore.Open(path),
        Side.SqliteGen => new SqliteGenStore(BenchDb.Open(path)),
        Side.Dapper => new DapperStore(Open(path)),
        Side.DapperAot => new DapperAotStore(Open(path)),
        Side.DapperAotCached => new DapperAotCachedStore(Open(path)),
        Side.EFCore => new EfCoreStore(Open(path)),
        Side.SqliteNet => SqliteNetStore.Open(path),
        Side.RawFloor => RawStore.Open(path),
        Side.SqliteGenInlineCheckpoint => new SqliteGenStore(BenchDb.Open(path, new SqliteGenOptions { BackgroundCheckpoint = false })),
        Side.HandWrittenBackgroundCheckpoint => WithBackgroundCheckpoint(HandWrittenStore.Open(path), s => s.Handle, path),
        Side.RawFloorBackgroundCheckpoint => WithBackgroundCheckpoint(RawStore.Open(path), s => s.Handle, path),
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };

    private static BackgroundCheckpointStore WithBackgroundCheckpoint<T>(T store, Func<T, SQLitePCL.sqlite3> writer, string path) where T : IBenchStore =>
        new(store, new BackgroundCheckpoint(writer(store), path));

    /// <summary>The name printed in reports.</summary>
    public static string DisplayName(Side side) => side switch
    {
        Side.HandWritten => "hand-written",
        Side.DapperAot => "Dapper.AOT",
        Side.DapperAotCached => "Dapper.AOT [CacheCommand]",
        Side.EFCore => "EF Core",
        Side.SqliteNet => "sqlite-net",
        Side.RawFloor => "SQLitePCLRaw floor",
        Side.SqliteGenInlineCheckpoint => "SqliteGen, inline checkpoints",
        Side.HandWrittenBackgroundCheckpoint => "hand-written, background checkpoints",
        Side.RawFloorBackgroundCheckpoint => "floor, background checkpoints",
        _ => side.ToString(),
    };
}

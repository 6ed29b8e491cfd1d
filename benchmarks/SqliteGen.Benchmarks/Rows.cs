using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SqliteGen.Runtime;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The conversions every side does to store what SqliteGen stores: Guid as "D" text, DateTimeOffset as its UTC
/// instant in SQLite's own shape (<see cref="SqliteValues.UtcText"/>: <c>2024-01-01 06:30:00.001</c>, fraction trimmed; docs/type-mapping.md),
/// JSON through the source-generated <see cref="BenchJson"/>.
/// </summary>
public static class StoredText
{
    public static string FromGuid(Guid value) => value.ToString();
    public static Guid ToGuid(string text) => Guid.ParseExact(text, "D");
    public static string FromDate(DateTimeOffset value) => value.UtcDateTime.ToString(SqliteValues.UtcText, CultureInfo.InvariantCulture);
    public static DateTimeOffset ToDate(string text) => ToDate(text.AsSpan());
    public static DateTimeOffset ToDate(ReadOnlySpan<char> text) =>
        new(DateTime.ParseExact(text, SqliteValues.UtcText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    public static string FromContents(ParcelContents? value) => JsonSerializer.Serialize(value!, BenchJson.Default.ParcelContents);
    public static ParcelContents? ToContents(string json) => JsonSerializer.Deserialize(json, BenchJson.Default.ParcelContents);
}

/// <summary>
/// The mutable row class Dapper and Dapper.AOT materialize (Dapper cannot bind a positional record whose <c>int</c>
/// parameter meets SQLite's <c>long</c> column, and neither stores a Guid or DateTimeOffset as SqliteGen's text without
/// a handler). The typed properties are what the application uses; the <c>*Text</c> properties carry the stored text
/// and convert exactly as SqliteGen and the baseline do, so every side does the same conversion work per row.
/// Columns are mapped by alias (<c>order_id AS OrderIdText</c>), see <see cref="DapperSql"/>.
/// </summary>
public sealed class OrderRow
{
    public Guid OrderId { get; set; }
    public string OrderIdText { get => StoredText.FromGuid(OrderId); set => OrderId = StoredText.ToGuid(value); }
    public string Reference { get; set; } = "";
    public string Customer { get; set; } = "";
    public string Note { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedAtText { get => StoredText.FromDate(CreatedAt); set => CreatedAt = StoredText.ToDate(value); }
    public double Amount { get; set; }
    public int Quantity { get; set; }

    public static OrderRow From(Order o) => new() { OrderId = o.OrderId, Reference = o.Reference, Customer = o.Customer, Note = o.Note, CreatedAt = o.CreatedAt, Amount = o.Amount, Quantity = o.Quantity };

    public Order ToOrder() => new(OrderId, Reference, Customer, Note, CreatedAt, Amount, Quantity);
}

/// <summary>The parcel row of Dapper and Dapper.AOT (<c>contents AS ContentsJson</c>).</summary>
public sealed class ParcelRow
{
    public long ParcelId { get; set; }
    public string Carrier { get; set; } = "";
    public ParcelContents? Contents { get; set; }
    public string ContentsJson { get => StoredText.FromContents(Contents); set => Contents = StoredText.ToContents(value); }

    public Parcel ToParcel() => new(ParcelId, Carrier, Contents!);
}

/// <summary>sqlite-net's row for <c>orders</c>: the same shape as <see cref="OrderRow"/>, mapped with sqlite-net's attributes.</summary>
[SQLite.Table("orders")]
public sealed class SqliteNetOrder
{
    [SQLite.Ignore] public Guid OrderId { get; set; }
    [SQLite.PrimaryKey, SQLite.Column("order_id")] public string OrderIdText { get => StoredText.FromGuid(OrderId); set => OrderId = StoredText.ToGuid(value); }
    [SQLite.Column("reference")] public string Reference { get; set; } = "";
    [SQLite.Column("customer")] public string Customer { get; set; } = "";
    [SQLite.Column("note")] public string Note { get; set; } = "";
    [SQLite.Ignore] public DateTimeOffset CreatedAt { get; set; }
    [SQLite.Column("created_at")] public string CreatedAtText { get => StoredText.FromDate(CreatedAt); set => CreatedAt = StoredText.ToDate(value); }
    [SQLite.Column("amount")] public double Amount { get; set; }
    [SQLite.Column("quantity")] public int Quantity { get; set; }

    public static SqliteNetOrder From(Order o) => new() { OrderId = o.OrderId, Reference = o.Reference, Customer = o.Customer, Note = o.Note, CreatedAt = o.CreatedAt, Amount = o.Amount, Quantity = o.Quantity };

    public Order ToOrder() => new(OrderId, Reference, Customer, Note, CreatedAt, Amount, Quantity);
}

/// <summary>sqlite-net's row for <c>parcels</c>.</summary>
[SQLite.Table("parcels")]
public sealed class SqliteNetParcel
{
    [SQLite.PrimaryKey, SQLite.Column("parcel_id")] public long ParcelId { get; set; }
    [SQLite.Column("carrier")] public string Carrier { get; set; } = "";
    [SQLite.Ignore] public ParcelContents? Contents { get; set; }
    [SQLite.Column("contents")] public string ContentsJson { get => StoredText.FromContents(Contents); set => Contents = StoredText.ToContents(value); }

    public Parcel ToParcel() => new(ParcelId, Carrier, Contents!);
}

/// <summary>Checks, outside the timed region, that a side returned or stored exactly the expected data.</summary>
public static class Expect
{
    /// <summary>Any side's order row as an <see cref="Order"/>.</summary>
    public static Order? AsOrder(object? row) => row switch
    {
        null => null,
        Order o => o,
        OrderRow r => r.ToOrder(),
        SqliteNetOrder r => r.ToOrder(),
        PgOrderRow r => r.ToOrder(),
        _ => throw new InvalidOperationException("Unknown order row type " + row.GetType()),
    };

    /// <summary>Any side's parcel row as a <see cref="Parcel"/>.</summary>
    public static Parcel AsParcel(object? row) => row switch
    {
        Parcel p => p,
        ParcelRow r => r.ToParcel(),
        SqliteNetParcel r => r.ToParcel(),
        _ => throw new InvalidOperationException("Unknown parcel row type " + row?.GetType()),
    };

    public static void SameOrder(object? actual, Order expected, string what)
    {
        Order? order = AsOrder(actual);
        if (order != expected)
            throw new InvalidOperationException($"{what}: expected {expected}, got {order?.ToString() ?? "nothing"}.");
    }

    public static void SameParcel(object? actual, Parcel expected, string what)
    {
        Parcel parcel = AsParcel(actual);
        string got = parcel.ParcelId + " " + parcel.Carrier + " " + StoredText.FromContents(parcel.Contents);
        string want = expected.ParcelId + " " + expected.Carrier + " " + StoredText.FromContents(expected.Contents);
        if (got != want)
            throw new InvalidOperationException($"{what}: expected {want}, got {got}.");
    }

    public static void Count(int count, int expected, string what)
    {
        if (count != expected)
            throw new InvalidOperationException($"Expected {expected} {what}, found {count}.");
    }
}

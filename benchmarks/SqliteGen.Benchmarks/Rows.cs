using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

// DAP043 (Dapper.AOT): "attach [UseColumn] to make Dapper consider [Column]". These [Column]s are sqlite-net's;
// the Dapper sides map by column alias on purpose, so the suggestion does not apply.
#pragma warning disable DAP043

namespace SqliteGen.Benchmarks;

/// <summary>
/// The mutable row class Dapper, Dapper.AOT and sqlite-net materialize (none of them binds a positional record with a
/// <c>long</c> column to an <c>int</c> parameter, and none stores a Guid or DateTimeOffset as the same text SqliteGen
/// does without a converter). The typed properties are what the application uses; the <c>*Text</c> properties carry
/// the stored text and convert exactly as SqliteGen and the baseline do (Guid "D", DateTimeOffset "O"), so every
/// side does the same conversion work per row. Dapper maps columns by alias (<c>order_id AS OrderIdText</c>),
/// sqlite-net by the <c>[Column]</c> attributes.
/// </summary>
[SQLite.Table("orders")]
public sealed class OrderRow
{
    [SQLite.Ignore]
    public Guid OrderId { get; set; }

    [SQLite.PrimaryKey, SQLite.Column("order_id")]
    public string OrderIdText
    {
        get => OrderId.ToString();
        set => OrderId = Guid.ParseExact(value, "D");
    }

    [SQLite.Column("reference")]
    public string Reference { get; set; } = "";

    [SQLite.Column("customer")]
    public string Customer { get; set; } = "";

    [SQLite.Column("note")]
    public string Note { get; set; } = "";

    [SQLite.Ignore]
    public DateTimeOffset CreatedAt { get; set; }

    [SQLite.Column("created_at")]
    public string CreatedAtText
    {
        get => CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        set => CreatedAt = DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture);
    }

    [SQLite.Column("amount")]
    public double Amount { get; set; }

    [SQLite.Column("quantity")]
    public int Quantity { get; set; }

    public static OrderRow From(Order order) => new()
    {
        OrderId = order.OrderId,
        Reference = order.Reference,
        Customer = order.Customer,
        Note = order.Note,
        CreatedAt = order.CreatedAt,
        Amount = order.Amount,
        Quantity = order.Quantity,
    };

    public static List<OrderRow> From(List<Order> orders) => orders.ConvertAll(From);
}

/// <summary>The parcel row of Dapper, Dapper.AOT and sqlite-net: the JSON text is (de)serialized through <see cref="BenchJson"/>.</summary>
[SQLite.Table("parcels")]
public sealed class ParcelRow
{
    [SQLite.PrimaryKey, SQLite.Column("parcel_id")]
    public long ParcelId { get; set; }

    [SQLite.Column("carrier")]
    public string Carrier { get; set; } = "";

    [SQLite.Ignore]
    public ParcelContents? Contents { get; set; }

    [SQLite.Column("contents")]
    public string ContentsJson
    {
        get => JsonSerializer.Serialize(Contents!, BenchJson.Default.ParcelContents);
        set => Contents = JsonSerializer.Deserialize(value, BenchJson.Default.ParcelContents);
    }
}

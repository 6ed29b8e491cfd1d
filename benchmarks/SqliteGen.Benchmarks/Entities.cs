using System;
using System.Collections.Generic;

namespace SqliteGen.Benchmarks;

/// <summary>The database the benchmarks open through SqliteGen's generated code.</summary>
[SqliteDatabase(Version = 1, Tables = new[] { typeof(Order), typeof(Parcel) }, JsonContext = typeof(BenchJson))]
public partial class BenchDb;

/// <summary>
/// A realistic row: a Guid key (stored as TEXT), a unique string, an indexed string, free text,
/// a DateTimeOffset (ISO 8601 text), a double and an int.
/// </summary>
[Table("orders")]
public partial record Order(
    [PrimaryKey] Guid OrderId,
    [Unique] string Reference,
    [Indexed] string Customer,
    string Note,
    DateTimeOffset CreatedAt,
    double Amount,
    int Quantity);

/// <summary>A row with a JSON column: the contents are stored as JSON text through <see cref="BenchJson"/>.</summary>
[Table("parcels")]
public partial record Parcel(
    [PrimaryKey] long ParcelId,
    [Indexed] string Carrier,
    [JsonColumn] ParcelContents Contents);

/// <summary>The JSON document of a parcel (a few hundred bytes of JSON).</summary>
public sealed record ParcelContents(string Recipient, string Address, IReadOnlyList<ParcelLine> Lines);

/// <summary>One line of <see cref="ParcelContents"/>.</summary>
public sealed record ParcelLine(string Sku, int Quantity, double Price);

using System;

namespace SqliteGen.Benchmarks;

/// <summary>The database the benchmarks open through SqliteGen's generated code.</summary>
[SqliteDatabase(Version = 1, Tables = new[] { typeof(Order) })]
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

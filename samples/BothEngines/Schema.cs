using System;
using SqliteGen;

namespace BothEngines;

/// <summary>The records: nothing in them names an engine.</summary>
[SqliteDatabase(Tables = new[] { typeof(Customer), typeof(Order) })]
public partial class ShopDb;

[Table("customers")]
public partial record Customer(
    [PrimaryKey] Guid CustomerId,
    [Unique] string Email,
    string Name,
    DateTimeOffset JoinedAt);

public enum OrderStatus { Open = 1, Paid = 2, Shipped = 3 }

[Table("orders")]
public partial record Order(
    [PrimaryKey(AutoIncrement = true)] long OrderId,
    [References(typeof(Customer), OnDelete = ForeignKeyAction.Cascade), Indexed] Guid CustomerId,
    decimal Total,
    [Indexed] OrderStatus Status,
    DateOnly? ShippedOn = null);

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen;

namespace BothEngines;

/// <summary>The application: written against <see cref="IShopDb"/>, so it runs unchanged on SQLite and on PostgreSQL.</summary>
public static class Shop
{
    public static async Task RunAsync(IShopDb db, TextWriter output)
    {
        // Start from nothing, so every run prints the same (deleting a customer deletes their orders).
        foreach (Customer old in db.Customers.All().ToList())
            db.Customers.Delete(old.CustomerId);

        var ada = new Customer(Guid.NewGuid(), "ada@example.com", "Ada", new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        db.Customers.Insert(ada);
        Order first = db.Orders.Insert(new Order(0, ada.CustomerId, 12.50m, OrderStatus.Open));
        output.WriteLine($"order {first.OrderId}: {first.Total} for {db.Customers.Get(ada.CustomerId).Name}");

        // One transaction: both orders or neither.
        db.Write(tx =>
        {
            tx.Orders.Insert(new Order(0, ada.CustomerId, 99.90m, OrderStatus.Paid));
            tx.Orders.Update(first with { Status = OrderStatus.Paid });
        });
        await db.Orders.InsertManyAsync([new Order(0, ada.CustomerId, 5m, OrderStatus.Open), new Order(0, ada.CustomerId, 7.25m, OrderStatus.Open)]);
        output.WriteLine($"paid: {db.Orders.FindByStatus(OrderStatus.Paid).Count}, open: {db.Orders.FindByStatus(OrderStatus.Open).Count}, total {db.Orders.FindByCustomerId(ada.CustomerId).Sum(o => o.Total)}");

        try
        {
            db.Customers.Insert(ada with { CustomerId = Guid.NewGuid() });
        }
        catch (ConstraintViolationException error) when (error.Kind == ConstraintKind.Unique)
        {
            output.WriteLine($"refused: the same {error.Columns} already exists");
        }
        // Ad-hoc SQL: the same text and named parameters on either engine.
        long paid = db.Sql.QuerySingle<long>("SELECT count(*) FROM orders WHERE status = $status AND customer_id = $customer",
            new SqlParameters { { "status", (long)OrderStatus.Paid }, { "customer", ada.CustomerId } });
        output.WriteLine($"paid orders of {ada.Email}: {paid}");
        output.WriteLine($"customers: {await db.Customers.CountAsync()}, orders: {await db.Orders.CountAsync()}");
    }
}

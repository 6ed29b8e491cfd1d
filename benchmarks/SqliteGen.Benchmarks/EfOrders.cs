using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SqliteGen.Benchmarks;

/// <summary>
/// EF Core's side of the operations both modes time, the same on either provider (<see cref="EfCoreStore"/> on SQLite,
/// <see cref="EfCorePgStore"/> on PostgreSQL): one long-lived context; reads are <c>AsNoTracking</c> compiled queries
/// (<c>EF.CompileQuery</c>, the documented fast path); writes are <c>Add</c>/<c>AddRange</c> + <c>SaveChanges</c> (the
/// provider batches the inserts, in one transaction) followed by <c>ChangeTracker.Clear()</c>, so the tracker never grows.
/// </summary>
public abstract class EfOrderStore<TContext>(TContext context) where TContext : DbContext
{
    private static readonly Func<TContext, Guid, Order?> s_get =
        EF.CompileQuery((TContext c, Guid id) => c.Set<Order>().AsNoTracking().FirstOrDefault(o => o.OrderId == id));
    private static readonly Func<TContext, string, IEnumerable<Order>> s_findByCustomer =
        EF.CompileQuery((TContext c, string customer) => c.Set<Order>().AsNoTracking().Where(o => o.Customer == customer));

    protected TContext Context { get; } = context;

    public object? Get(Guid orderId) => s_get(Context, orderId);
    public ICollection FindByCustomer(string customer) => s_findByCustomer(Context, customer).ToList();
    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;

    public void Insert(object row)
    {
        Context.Set<Order>().Add((Order)row);
        Context.SaveChanges();
        Context.ChangeTracker.Clear();
    }

    public int InsertMany(object rows)
    {
        var orders = (List<Order>)rows;
        Context.Set<Order>().AddRange(orders); // SaveChanges wraps the batched inserts in one transaction
        Context.SaveChanges();
        Context.ChangeTracker.Clear();
        return orders.Count;
    }
}

/// <summary>The orders table as SqliteGen's DDL makes it on either engine, for EF Core: its name, key and column names.</summary>
public static class EfOrderModel
{
    /// <summary>Maps <see cref="Order"/> (constructor binding) onto the orders table; the engine's converters go on top.</summary>
    public static EntityTypeBuilder<Order> Map(ModelBuilder modelBuilder)
    {
        EntityTypeBuilder<Order> order = modelBuilder.Entity<Order>();
        order.ToTable("orders");
        order.HasKey(o => o.OrderId);
        order.Property(o => o.OrderId).HasColumnName("order_id").ValueGeneratedNever();
        order.Property(o => o.Reference).HasColumnName("reference");
        order.Property(o => o.Customer).HasColumnName("customer");
        order.Property(o => o.Note).HasColumnName("note");
        order.Property(o => o.CreatedAt).HasColumnName("created_at");
        order.Property(o => o.Amount).HasColumnName("amount");
        order.Property(o => o.Quantity).HasColumnName("quantity");
        return order;
    }
}

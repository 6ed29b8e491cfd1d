using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SqliteGen.Benchmarks;

/// <summary>
/// EF Core 10 (Microsoft.EntityFrameworkCore.Sqlite.Core on the same Microsoft.Data.Sqlite 11 and SQLitePCLRaw 3.0.5)
/// mapping the same <see cref="Order"/> and <see cref="Parcel"/> records (constructor binding) with value converters
/// that store exactly what SqliteGen stores (Guid "D" text, DateTimeOffset as UTC text in SQLite's shape, JSON through <see cref="BenchJson"/>).
/// One long-lived context over one kept-open connection: the benchmark is single-threaded, so a context pool or
/// factory would only add a rent/reset per call; reads are <c>AsNoTracking</c> compiled queries (<c>EF.CompileQuery</c>,
/// the documented fast path), writes are <c>Add</c>/<c>AddRange</c>/<c>Update</c> + <c>SaveChanges</c> followed by
/// <c>ChangeTracker.Clear()</c> (so the tracker never grows), and delete by key is <c>ExecuteDelete</c> (no load).
/// </summary>
public sealed class EfCoreStore : IBenchStore
{
    private static readonly Func<EfBenchContext, Guid, Order?> s_get =
        EF.CompileQuery((EfBenchContext c, Guid id) => c.Orders.AsNoTracking().FirstOrDefault(o => o.OrderId == id));
    private static readonly Func<EfBenchContext, string, Order?> s_findByReference =
        EF.CompileQuery((EfBenchContext c, string reference) => c.Orders.AsNoTracking().FirstOrDefault(o => o.Reference == reference));
    private static readonly Func<EfBenchContext, string, IEnumerable<Order>> s_findByCustomer =
        EF.CompileQuery((EfBenchContext c, string customer) => c.Orders.AsNoTracking().Where(o => o.Customer == customer));
    private static readonly Func<EfBenchContext, string, IEnumerable<Parcel>> s_findParcels =
        EF.CompileQuery((EfBenchContext c, string carrier) => c.Parcels.AsNoTracking().Where(p => p.Carrier == carrier));

    private readonly SqliteConnection _connection;
    private readonly EfBenchContext _context;

    public EfCoreStore(SqliteConnection connection)
    {
        _connection = connection;
        _context = new EfBenchContext(connection);
    }

    public object? Get(Guid orderId) => s_get(_context, orderId);
    public object? FindByReference(string reference) => s_findByReference(_context, reference);
    public ICollection FindByCustomer(string customer) => s_findByCustomer(_context, customer).ToList();
    public ICollection FindParcels(string carrier) => s_findParcels(_context, carrier).ToList();
    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;

    public void Insert(object row)
    {
        _context.Orders.Add((Order)row);
        _context.SaveChanges();
        _context.ChangeTracker.Clear();
    }

    public int InsertMany(object rows)
    {
        var orders = (List<Order>)rows;
        _context.Orders.AddRange(orders); // SaveChanges wraps the batched inserts in one transaction
        _context.SaveChanges();
        _context.ChangeTracker.Clear();
        return orders.Count;
    }

    public bool Update(object row)
    {
        _context.Orders.Update((Order)row);
        int changed = _context.SaveChanges();
        _context.ChangeTracker.Clear();
        return changed > 0;
    }

    public bool Delete(Guid orderId) => _context.Orders.Where(o => o.OrderId == orderId).ExecuteDelete() > 0;

    public string SqliteVersion() => BenchConnection.SqliteVersion(_connection);

    public void Dispose()
    {
        _context.Dispose();
        _connection.Dispose();
    }
}

/// <summary>The EF Core model of the benchmark schema (the tables exist already: SqliteGen's DDL).</summary>
public sealed class EfBenchContext(SqliteConnection connection) : DbContext
{
    private static readonly ValueConverter<Guid, string> s_guidText = new(
        v => v.ToString("D"), v => Guid.ParseExact(v, "D"));
    private static readonly ValueConverter<DateTimeOffset, string> s_dateText = new(
        v => StoredText.FromDate(v), v => StoredText.ToDate(v));
    private static readonly ValueConverter<ParcelContents, string> s_contentsJson = new(
        v => JsonSerializer.Serialize(v, BenchJson.Default.ParcelContents), v => JsonSerializer.Deserialize(v, BenchJson.Default.ParcelContents)!);

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Parcel> Parcels => Set<Parcel>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite(connection);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).HasColumnName("order_id").HasConversion(s_guidText).ValueGeneratedNever();
            order.Property(o => o.Reference).HasColumnName("reference");
            order.Property(o => o.Customer).HasColumnName("customer");
            order.Property(o => o.Note).HasColumnName("note");
            order.Property(o => o.CreatedAt).HasColumnName("created_at").HasConversion(s_dateText);
            order.Property(o => o.Amount).HasColumnName("amount");
            order.Property(o => o.Quantity).HasColumnName("quantity");
        });
        modelBuilder.Entity<Parcel>(parcel =>
        {
            parcel.ToTable("parcels");
            parcel.HasKey(p => p.ParcelId);
            parcel.Property(p => p.ParcelId).HasColumnName("parcel_id").ValueGeneratedNever();
            parcel.Property(p => p.Carrier).HasColumnName("carrier");
            parcel.Property(p => p.Contents).HasColumnName("contents").HasConversion(s_contentsJson);
        });
    }
}

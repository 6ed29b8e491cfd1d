using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SqliteGen.Benchmarks;

/// <summary>
/// EF Core 10 (Microsoft.EntityFrameworkCore.Sqlite.Core on the same Microsoft.Data.Sqlite 11 and SQLitePCLRaw 3.0.5)
/// mapping the same <see cref="Order"/> and <see cref="Parcel"/> records (constructor binding) with value converters
/// that store exactly what SqliteGen stores (Guid "D" text, DateTimeOffset as UTC text in SQLite's shape, JSON through <see cref="BenchJson"/>).
/// One long-lived context over one kept-open connection: the benchmark is single-threaded, so a context pool or
/// factory would only add a rent/reset per call. The operations both modes time are <see cref="EfOrderStore{TContext}"/>'s;
/// here, the SQLite mode's own: the other reads are compiled queries too, update is <c>Update</c> + <c>SaveChanges</c>,
/// and delete by key is <c>ExecuteDelete</c> (no load).
/// </summary>
public sealed class EfCoreStore : EfOrderStore<EfBenchContext>, IBenchStore
{
    private static readonly Func<EfBenchContext, string, Order?> s_findByReference =
        EF.CompileQuery((EfBenchContext c, string reference) => c.Orders.AsNoTracking().FirstOrDefault(o => o.Reference == reference));
    private static readonly Func<EfBenchContext, string, IEnumerable<Parcel>> s_findParcels =
        EF.CompileQuery((EfBenchContext c, string carrier) => c.Parcels.AsNoTracking().Where(p => p.Carrier == carrier));

    private readonly SqliteConnection _connection;

    public EfCoreStore(SqliteConnection connection)
        : base(new EfBenchContext(connection)) => _connection = connection;

    public object? FindByReference(string reference) => s_findByReference(Context, reference);
    public ICollection FindParcels(string carrier) => s_findParcels(Context, carrier).ToList();

    public bool Update(object row)
    {
        Context.Orders.Update((Order)row);
        int changed = Context.SaveChanges();
        Context.ChangeTracker.Clear();
        return changed > 0;
    }

    public bool Delete(Guid orderId) => Context.Orders.Where(o => o.OrderId == orderId).ExecuteDelete() > 0;

    public string SqliteVersion() => BenchConnection.SqliteVersion(_connection);

    public void Dispose()
    {
        Context.Dispose();
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
        EntityTypeBuilder<Order> order = EfOrderModel.Map(modelBuilder);
        order.Property(o => o.OrderId).HasConversion(s_guidText);
        order.Property(o => o.CreatedAt).HasConversion(s_dateText);
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

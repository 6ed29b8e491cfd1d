using System;
using System.Collections;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace SqliteGen.Benchmarks;

// The sides of the PostgreSQL mode (`--postgres`, PostgreSqlComparisons.cs): each one runs the same four operations on
// the orders table BenchDb.PostgreSql creates, through an NpgsqlDataSource of its own built from the same connection
// string, and takes a pooled connection per operation (what the generated code does), so every side pays the same pool
// rent and return.

/// <summary>Who runs in the PostgreSQL benchmarks. <see cref="HandWritten"/> is the baseline of every ratio.</summary>
public enum PgSide
{
    HandWritten,
    SqliteGen,
    Dapper,
    EFCore,

    /// <summary>Hand-written binary COPY: InsertMany only, for scale (a different statement, no target).</summary>
    HandWrittenCopy,
}

/// <summary>The SQL of the hand-written and Dapper sides: the statements the generated code sends, column for column.</summary>
public static class PgSql
{
    public const string Columns = "order_id, reference, customer, note, created_at, amount, quantity";

    public const string Get = "SELECT " + Columns + " FROM orders WHERE order_id = $1";
    public const string FindByCustomer = "SELECT " + Columns + " FROM orders WHERE customer = $1";
    public const string Insert = "INSERT INTO orders (" + Columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7)";

    // Dapper binds parameters by name only (Npgsql rewrites @name to $n before sending): the same statements with names,
    // and the columns aliased to PgOrderRow's properties.
    private const string Aliased = "order_id AS OrderId, reference AS Reference, customer AS Customer, note AS Note, created_at AS CreatedAt, amount AS Amount, quantity AS Quantity";
    public const string DapperGet = "SELECT " + Aliased + " FROM orders WHERE order_id = @OrderId";
    public const string DapperFindByCustomer = "SELECT " + Aliased + " FROM orders WHERE customer = @Customer";
    public const string DapperInsert = "INSERT INTO orders (" + Columns + ") VALUES (@OrderId, @Reference, @Customer, @Note, @CreatedAt, @Amount, @Quantity)";

    /// <summary>Rows the generated InsertMany (and so the hand-written batch) sends per round trip.</summary>
    public const int InsertBatch = 500;

    /// <summary>Binary COPY of the orders table (the seeding and the <see cref="PgSide.HandWrittenCopy"/> side).</summary>
    public const string CopyIn = "COPY orders (" + Columns + ") FROM STDIN (FORMAT BINARY)";

    /// <summary>Writes <paramref name="orders"/> with binary COPY on <paramref name="connection"/>.</summary>
    public static void Copy(NpgsqlConnection connection, List<Order> orders)
    {
        using NpgsqlBinaryImporter importer = connection.BeginBinaryImport(CopyIn);
        foreach (Order order in orders)
        {
            importer.StartRow();
            importer.Write(order.OrderId, NpgsqlDbType.Uuid);
            importer.Write(order.Reference, NpgsqlDbType.Text);
            importer.Write(order.Customer, NpgsqlDbType.Text);
            importer.Write(order.Note, NpgsqlDbType.Text);
            importer.Write(order.CreatedAt, NpgsqlDbType.TimestampTz);
            importer.Write(order.Amount, NpgsqlDbType.Double);
            importer.Write(order.Quantity, NpgsqlDbType.Integer);
        }
        importer.Complete();
    }

    /// <summary>The order on the reader's current row (the columns of <see cref="Columns"/>, in order).</summary>
    public static Order ReadOrder(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetDouble(5),
        reader.GetInt32(6));
}

/// <summary>The generated <see cref="BenchDb.PostgreSql"/>, called exactly as an application would.</summary>
public sealed class SqliteGenPgStore(BenchDb.PostgreSql db, NpgsqlDataSource dataSource) : IOrderStore
{
    public object? Get(Guid orderId) => db.Orders.Get(orderId);
    public ICollection FindByCustomer(string customer) => (ICollection)db.Orders.FindByCustomer(customer);
    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;
    public void Insert(object row) => db.Orders.Insert((Order)row);
    public int InsertMany(object rows) => db.Orders.InsertMany((List<Order>)rows);

    public void Dispose()
    {
        db.Dispose();
        dataSource.Dispose();
    }
}

/// <summary>
/// Hand-written Npgsql at its documented best: a connection per operation from the <see cref="NpgsqlDataSource"/>,
/// positional parameters created typed (<see cref="NpgsqlParameter{T}"/>, no boxing), every command <c>Prepare()</c>d (a
/// persistent prepared statement: prepared once per physical connection, found again by its SQL on later rents without a
/// round trip), ordinal typed getters. InsertMany: one transaction, the insert sent <see cref="PgSql.InsertBatch"/> rows
/// per round trip as one prepared <see cref="NpgsqlBatch"/> (what the generated code does).
/// </summary>
public sealed class HandWrittenPgStore(NpgsqlDataSource dataSource) : IOrderStore
{
    public object? Get(Guid orderId)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(PgSql.Get, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = orderId });
        command.Prepare();
        using NpgsqlDataReader reader = command.ExecuteReader(CommandBehavior.SingleRow);
        return reader.Read() ? PgSql.ReadOrder(reader) : null;
    }

    public ICollection FindByCustomer(string customer)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(PgSql.FindByCustomer, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = customer });
        command.Prepare();
        using NpgsqlDataReader reader = command.ExecuteReader();
        var rows = new List<Order>();
        while (reader.Read())
            rows.Add(PgSql.ReadOrder(reader));
        return rows;
    }

    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;

    public void Insert(object row)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(PgSql.Insert, connection);
        AddParameters(command.Parameters, (Order)row);
        command.Prepare();
        command.ExecuteNonQuery();
    }

    public int InsertMany(object rows)
    {
        var orders = (List<Order>)rows;
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        NpgsqlBatch? batch = null;
        try
        {
            int done = 0;
            while (done < orders.Count)
            {
                int count = Math.Min(PgSql.InsertBatch, orders.Count - done);
                if (batch is null || batch.BatchCommands.Count != count)
                {
                    // The batch and its parameters are made once per size (one for every full batch) and prepared once.
                    batch?.Dispose();
                    batch = new NpgsqlBatch(connection, transaction);
                    for (int i = 0; i < count; i++)
                    {
                        var statement = new NpgsqlBatchCommand(PgSql.Insert);
                        AddParameters(statement.Parameters, orders[done + i]);
                        batch.BatchCommands.Add(statement);
                    }
                    batch.Prepare();
                }
                else
                {
                    for (int i = 0; i < count; i++)
                        SetParameters(batch.BatchCommands[i].Parameters, orders[done + i]);
                }
                batch.ExecuteNonQuery();
                done += count;
            }
            transaction.Commit();
            return done;
        }
        finally
        {
            batch?.Dispose();
        }
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, Order order)
    {
        parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double });
        parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer });
        SetParameters(parameters, order);
    }

    private static void SetParameters(NpgsqlParameterCollection parameters, Order order)
    {
        ((NpgsqlParameter<Guid>)parameters[0]).TypedValue = order.OrderId;
        ((NpgsqlParameter<string>)parameters[1]).TypedValue = order.Reference;
        ((NpgsqlParameter<string>)parameters[2]).TypedValue = order.Customer;
        ((NpgsqlParameter<string>)parameters[3]).TypedValue = order.Note;
        ((NpgsqlParameter<DateTimeOffset>)parameters[4]).TypedValue = order.CreatedAt.ToUniversalTime();
        ((NpgsqlParameter<double>)parameters[5]).TypedValue = order.Amount;
        ((NpgsqlParameter<int>)parameters[6]).TypedValue = order.Quantity;
    }

    public void Dispose() => dataSource.Dispose();
}

/// <summary>
/// Hand-written binary COPY for InsertMany (<see cref="PgSide.HandWrittenCopy"/>): PostgreSQL's fastest way in, shown for
/// scale: what the generated InsertMany sends for a list of 20 rows or more, without its transaction discipline (a
/// savepoint inside a caller's transaction, a refused COPY undone and sent again row by row to name the refused item).
/// </summary>
public sealed class CopyPgStore(NpgsqlDataSource dataSource) : IOrderStore
{
    public object? Get(Guid orderId) => throw new NotSupportedException("InsertMany only");
    public ICollection FindByCustomer(string customer) => throw new NotSupportedException("InsertMany only");
    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;
    public void Insert(object row) => throw new NotSupportedException("InsertMany only");

    public int InsertMany(object rows)
    {
        var orders = (List<Order>)rows;
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        PgSql.Copy(connection, orders);
        transaction.Commit();
        return orders.Count;
    }

    public void Dispose() => dataSource.Dispose();
}

/// <summary>
/// Dapper 2.1 over Npgsql: <c>QueryFirstOrDefault</c>/<c>Query</c>/<c>Execute</c> on a connection per operation from the
/// data source, rows as <see cref="PgOrderRow"/>. Dapper builds a new command per call; the data source's automatic
/// preparation (<c>Max Auto Prepare</c>, set for every side) prepares its statements after their first uses. InsertMany is
/// <c>Execute(sql, rows, transaction)</c>: Dapper's documented form, one round trip per row.
/// </summary>
public sealed class DapperPgStore(NpgsqlDataSource dataSource) : IOrderStore
{
    public object? Get(Guid orderId)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        return connection.QueryFirstOrDefault<PgOrderRow>(PgSql.DapperGet, new { OrderId = orderId });
    }

    public ICollection FindByCustomer(string customer)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        return (ICollection)connection.Query<PgOrderRow>(PgSql.DapperFindByCustomer, new { Customer = customer }); // buffered: a List
    }

    public object Row(Order order) => PgOrderRow.From(order);
    public object Rows(List<Order> orders) => orders.ConvertAll(PgOrderRow.From);

    public void Insert(object row)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        connection.Execute(PgSql.DapperInsert, (PgOrderRow)row);
    }

    public int InsertMany(object rows)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        int count = connection.Execute(PgSql.DapperInsert, (List<PgOrderRow>)rows, transaction);
        transaction.Commit();
        return count;
    }

    public void Dispose() => dataSource.Dispose();
}

/// <summary>
/// Dapper's row: Npgsql gives a <c>timestamptz</c> as a UTC <see cref="DateTime"/> by default, which Dapper cannot bind to
/// a <see cref="DateTimeOffset"/> parameter, so the row holds the <see cref="DateTime"/> and converts as the others do.
/// </summary>
public sealed class PgOrderRow
{
    public Guid OrderId { get; set; }
    public string Reference { get; set; } = "";
    public string Customer { get; set; } = "";
    public string Note { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public double Amount { get; set; }
    public int Quantity { get; set; }

    public static PgOrderRow From(Order order) => new()
    {
        OrderId = order.OrderId,
        Reference = order.Reference,
        Customer = order.Customer,
        Note = order.Note,
        CreatedAt = order.CreatedAt.UtcDateTime,
        Amount = order.Amount,
        Quantity = order.Quantity,
    };

    public Order ToOrder() => new(OrderId, Reference, Customer, Note, new DateTimeOffset(CreatedAt, TimeSpan.Zero), Amount, Quantity);
}

/// <summary>
/// EF Core 10 with Npgsql's provider (Npgsql.EntityFrameworkCore.PostgreSQL 10.0.3) mapping the same <see cref="Order"/>
/// record (<see cref="EfOrderModel"/>; PostgreSQL's uuid and timestamptz need no converter), run as on SQLite
/// (<see cref="EfOrderStore{TContext}"/>). One long-lived context over the data source: EF opens a connection from it per
/// query or SaveChanges, as every side here does.
/// </summary>
public sealed class EfCorePgStore : EfOrderStore<EfPgContext>, IOrderStore
{
    private readonly NpgsqlDataSource _dataSource;

    public EfCorePgStore(NpgsqlDataSource dataSource)
        : base(new EfPgContext(dataSource)) => _dataSource = dataSource;

    public void Dispose()
    {
        Context.Dispose();
        _dataSource.Dispose();
    }
}

/// <summary>The EF Core model of the orders table BenchDb.PostgreSql created.</summary>
public sealed class EfPgContext(NpgsqlDataSource dataSource) : DbContext
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseNpgsql(dataSource);

    protected override void OnModelCreating(ModelBuilder modelBuilder) => EfOrderModel.Map(modelBuilder);
}

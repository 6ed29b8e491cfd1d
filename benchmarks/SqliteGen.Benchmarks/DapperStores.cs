using System;
using System.Collections;
using System.Collections.Generic;
using Dapper;
using Microsoft.Data.Sqlite;

[module: DapperAot(false)] // Dapper.AOT is opted into by DapperAotStore only; DapperStore stays plain Dapper.

namespace SqliteGen.Benchmarks;

/// <summary>The SQL both Dapper sides run: columns aliased to <see cref="OrderRow"/>'s property names.</summary>
public static class DapperSql
{
    public const string Columns = "order_id AS OrderIdText, reference AS Reference, customer AS Customer, note AS Note, created_at AS CreatedAtText, amount AS Amount, quantity AS Quantity";
    public const string Get = "SELECT " + Columns + " FROM orders WHERE order_id = @id";
    public const string FindByReference = "SELECT " + Columns + " FROM orders WHERE reference = @reference";
    public const string FindByCustomer = "SELECT " + Columns + " FROM orders WHERE customer = @customer";
    public const string FindParcels = "SELECT parcel_id AS ParcelId, carrier AS Carrier, contents AS ContentsJson FROM parcels WHERE carrier = @carrier";
    public const string Insert = "INSERT INTO orders (order_id, reference, customer, note, created_at, amount, quantity) VALUES (@OrderIdText, @Reference, @Customer, @Note, @CreatedAtText, @Amount, @Quantity)";
    public const string Update = "UPDATE orders SET reference = @Reference, customer = @Customer, note = @Note, created_at = @CreatedAtText, amount = @Amount, quantity = @Quantity WHERE order_id = @OrderIdText";
    public const string Delete = "DELETE FROM orders WHERE order_id = @id";
}

/// <summary>
/// Plain Dapper on one kept-open Microsoft.Data.Sqlite connection (the usual Dapper setup; Dapper builds a new
/// command per call, so SQLite prepares the statement on every call).
/// </summary>
public sealed class DapperStore(SqliteConnection connection) : IBenchStore
{
    public object? Get(Guid orderId) => connection.QueryFirstOrDefault<OrderRow>(DapperSql.Get, new { id = orderId.ToString() });
    public object? FindByReference(string reference) => connection.QueryFirstOrDefault<OrderRow>(DapperSql.FindByReference, new { reference });
    public ICollection FindByCustomer(string customer) => connection.Query<OrderRow>(DapperSql.FindByCustomer, new { customer }).AsList();
    public ICollection FindParcels(string carrier) => connection.Query<ParcelRow>(DapperSql.FindParcels, new { carrier }).AsList();
    public object Row(Order order) => OrderRow.From(order);
    public object Rows(List<Order> orders) => orders.ConvertAll(OrderRow.From);
    public void Insert(object row) => connection.Execute(DapperSql.Insert, (OrderRow)row);

    public int InsertMany(object rows)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        int count = connection.Execute(DapperSql.Insert, (List<OrderRow>)rows, transaction);
        transaction.Commit();
        return count;
    }

    public bool Update(object row) => connection.Execute(DapperSql.Update, (OrderRow)row) > 0;
    public bool Delete(Guid orderId) => connection.Execute(DapperSql.Delete, new { id = orderId.ToString() }) > 0;
    public string SqliteVersion() => BenchConnection.SqliteVersion(connection);
    public void Dispose() => connection.Dispose();
}

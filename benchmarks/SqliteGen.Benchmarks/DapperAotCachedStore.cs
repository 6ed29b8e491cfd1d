using System;
using System.Collections;
using System.Collections.Generic;
using Dapper;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Dapper.AOT on its best settings: <see cref="DapperAotStore"/>'s calls with <c>[CacheCommand]</c> added, Dapper.AOT's
/// opt-in reuse of the command (and so of SQLite's prepared statement) between calls on the same connection. The
/// call sites are repeated rather than shared because Dapper.AOT's interceptors are chosen per call site by the
/// attributes in scope there.
/// </summary>
[DapperAot, CacheCommand]
public sealed class DapperAotCachedStore(SqliteConnection connection) : IBenchStore
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

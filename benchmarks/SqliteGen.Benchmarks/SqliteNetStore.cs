using System;
using System.Collections;
using System.Collections.Generic;
using SQLite;

namespace SqliteGen.Benchmarks;

/// <summary>
/// sqlite-net (sqlite-net-pcl, on the same SQLitePCLRaw 3.0.5 and e_sqlite3 as Microsoft.Data.Sqlite): one kept
/// <c>SQLiteConnection</c> with the same pragmas, its documented calls (<c>Find</c>, <c>Query</c>, <c>Insert</c>,
/// <c>InsertAll</c>, <c>Update</c>, <c>Delete</c>) on <see cref="SqliteNetOrder"/>/<see cref="SqliteNetParcel"/>. sqlite-net keeps the prepared insert
/// per type; queries, updates and deletes are prepared on every call (it has no API to keep them).
/// </summary>
public sealed class SqliteNetStore : IBenchStore
{
    private readonly SQLiteConnection _connection;

    private SqliteNetStore(SQLiteConnection connection) => _connection = connection;

    public static SqliteNetStore Open(string path)
    {
        var connection = new SQLiteConnection(new SQLiteConnectionString(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex, storeDateTimeAsTicks: true));
        foreach (string pragma in BenchConnection.Pragmas)
            connection.ExecuteScalar<string>(pragma); // some pragmas return a row, which Execute rejects
        return new SqliteNetStore(connection);
    }

    public object? Get(Guid orderId) => _connection.Find<SqliteNetOrder>(orderId.ToString());
    public object? FindByReference(string reference) => _connection.FindWithQuery<SqliteNetOrder>("SELECT * FROM orders WHERE reference = ?", reference);
    public ICollection FindByCustomer(string customer) => _connection.Query<SqliteNetOrder>("SELECT * FROM orders WHERE customer = ?", customer);
    public ICollection FindParcels(string carrier) => _connection.Query<SqliteNetParcel>("SELECT * FROM parcels WHERE carrier = ?", carrier);
    public object Row(Order order) => SqliteNetOrder.From(order);
    public object Rows(List<Order> orders) => orders.ConvertAll(SqliteNetOrder.From);
    public void Insert(object row) => _connection.Insert(row);
    public int InsertMany(object rows) => _connection.InsertAll((List<SqliteNetOrder>)rows); // one transaction
    public bool Update(object row) => _connection.Update(row) > 0;
    public bool Delete(Guid orderId) => _connection.Delete<SqliteNetOrder>(orderId.ToString()) > 0;
    public string SqliteVersion() => _connection.ExecuteScalar<string>("select sqlite_version()");
    public void Dispose() => _connection.Dispose();
}

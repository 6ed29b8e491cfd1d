using System;
using System.Collections;
using System.Collections.Generic;

namespace SqliteGen.Benchmarks;

/// <summary>SqliteGen's generated repositories (<see cref="BenchDb"/>), called exactly as an application would.</summary>
public sealed class SqliteGenStore(BenchDb db) : IBenchStore
{
    public object? Get(Guid orderId) => db.Orders.Get(orderId);
    public object? FindByReference(string reference) => db.Orders.FindByReference(reference);
    public ICollection FindByCustomer(string customer) => (ICollection)db.Orders.FindByCustomer(customer);
    public ICollection FindParcels(string carrier) => (ICollection)db.Parcels.FindByCarrier(carrier);
    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;
    public void Insert(object row) => db.Orders.Insert((Order)row);
    public int InsertMany(object rows) => db.Orders.InsertMany((List<Order>)rows);
    public bool Update(object row) => db.Orders.Update((Order)row);
    public bool Delete(Guid orderId) => db.Orders.Delete(orderId);
    public string SqliteVersion() => BenchConnection.SqliteVersion();
    public void Dispose() => db.Dispose();
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The baseline: Microsoft.Data.Sqlite used the way a careful person would without SqliteGen. One open
/// connection configured once (the same pragmas SqliteGen's pool sets by default, <see cref="BenchConnection.Pragmas"/>);
/// every command created and prepared once and kept; parameters created once and only their values set; columns read
/// by ordinal with typed getters. Values are stored exactly as SqliteGen stores them (Guid as "D" text,
/// DateTimeOffset as UTC text in SQLite's shape, JSON through the source-generated <see cref="BenchJson"/>), so both sides
/// read and write identical files.
/// </summary>
public sealed class HandWrittenStore : IBenchStore
{
    private const string Columns = "order_id, reference, customer, note, created_at, amount, quantity";

    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = new();

    private readonly SqliteCommand _get;
    private readonly SqliteParameter _getId;
    private readonly SqliteCommand _getByReference;
    private readonly SqliteParameter _getByReferenceValue;
    private readonly SqliteCommand _findByCustomer;
    private readonly SqliteParameter _findByCustomerValue;
    private readonly SqliteCommand _findParcels;
    private readonly SqliteParameter _findParcelsCarrier;
    private readonly SqliteCommand _insert;
    private readonly OrderParameters _insertValues;
    private readonly SqliteCommand _update;
    private readonly OrderParameters _updateValues;
    private readonly SqliteCommand _delete;
    private readonly SqliteParameter _deleteId;

    /// <summary>The native handle of the store's one connection (for <see cref="BackgroundCheckpoint"/>).</summary>
    public SQLitePCL.sqlite3 Handle => _connection.Handle!;

    private HandWrittenStore(SqliteConnection connection)
    {
        _connection = connection;

        (_get, _getId) = Prepare($"SELECT {Columns} FROM orders WHERE order_id = $order_id", "$order_id");
        (_getByReference, _getByReferenceValue) = Prepare($"SELECT {Columns} FROM orders WHERE reference = $reference", "$reference");
        (_findByCustomer, _findByCustomerValue) = Prepare($"SELECT {Columns} FROM orders WHERE customer = $customer", "$customer");
        (_findParcels, _findParcelsCarrier) = Prepare("SELECT parcel_id, carrier, contents FROM parcels WHERE carrier = $carrier", "$carrier");
        (_delete, _deleteId) = Prepare("DELETE FROM orders WHERE order_id = $order_id", "$order_id");

        _insert = Command($"INSERT INTO orders ({Columns}) VALUES ($order_id, $reference, $customer, $note, $created_at, $amount, $quantity)");
        _insertValues = new OrderParameters(_insert);
        _update = Command("UPDATE orders SET reference = $reference, customer = $customer, note = $note, created_at = $created_at, amount = $amount, quantity = $quantity WHERE order_id = $order_id");
        _updateValues = new OrderParameters(_update);

        foreach (SqliteCommand command in _commands)
            command.Prepare();
    }

    /// <summary>Opens (creating if needed, with the same DDL SqliteGen generates) the file at <paramref name="path"/>.</summary>
    public static HandWrittenStore Open(string path)
    {
        SqliteConnection connection = BenchConnection.Open(path);
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version";
            if (Convert.ToInt64(version.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                using var transaction = connection.BeginTransaction();
                using var ddl = connection.CreateCommand();
                ddl.Transaction = transaction;
#pragma warning disable SQLG301 // the generated schema DDL and version number, no outside values
                ddl.CommandText = BenchDb.CreateSchemaSql + "\nPRAGMA user_version = " + BenchDb.SchemaVersion.ToString(CultureInfo.InvariantCulture) + ";";
#pragma warning restore SQLG301
                ddl.ExecuteNonQuery();
                transaction.Commit();
            }
        }
        return new HandWrittenStore(connection);
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(command);
        return command;
    }

    private (SqliteCommand, SqliteParameter) Prepare(string sql, string parameter)
    {
        SqliteCommand command = Command(sql);
        return (command, command.Parameters.Add(parameter, SqliteType.Text));
    }

    public Order Get(Guid orderId) => Find(orderId) ?? throw new KeyNotFoundException(orderId.ToString());

    object? IOrderStore.Get(Guid orderId) => Get(orderId);

    public Order? Find(Guid orderId)
    {
        _getId.Value = orderId.ToString();
        using var reader = _get.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    public Order? FindByReference(string reference)
    {
        _getByReferenceValue.Value = reference;
        using var reader = _getByReference.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    object? IBenchStore.FindByReference(string reference) => FindByReference(reference);

    public List<Order> FindByCustomer(string customer)
    {
        _findByCustomerValue.Value = customer;
        var rows = new List<Order>();
        using var reader = _findByCustomer.ExecuteReader();
        while (reader.Read())
            rows.Add(ReadRow(reader));
        return rows;
    }

    ICollection IOrderStore.FindByCustomer(string customer) => FindByCustomer(customer);

    public List<Parcel> FindParcels(string carrier)
    {
        _findParcelsCarrier.Value = carrier;
        var rows = new List<Parcel>();
        using var reader = _findParcels.ExecuteReader();
        while (reader.Read())
            rows.Add(new Parcel(reader.GetInt64(0), reader.GetString(1), JsonSerializer.Deserialize(reader.GetString(2), BenchJson.Default.ParcelContents)!));
        return rows;
    }

    ICollection IBenchStore.FindParcels(string carrier) => FindParcels(carrier);

    public object Row(Order order) => order;

    public object Rows(List<Order> orders) => orders;

    /// <summary>One row, autocommit.</summary>
    public void Insert(Order order)
    {
        _insertValues.Bind(order);
        _insert.ExecuteNonQuery();
    }

    void IOrderStore.Insert(object row) => Insert((Order)row);

    /// <summary>Every row in one transaction (BEGIN IMMEDIATE) with the one prepared insert.</summary>
    public int InsertMany(List<Order> orders)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        try
        {
            foreach (Order order in orders)
            {
                _insertValues.Bind(order);
                _insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        finally
        {
            _insert.Transaction = null;
        }
        return orders.Count;
    }

    int IOrderStore.InsertMany(object rows) => InsertMany((List<Order>)rows);

    public bool Update(Order order)
    {
        _updateValues.Bind(order);
        return _update.ExecuteNonQuery() > 0;
    }

    bool IBenchStore.Update(object row) => Update((Order)row);

    public bool Delete(Guid orderId)
    {
        _deleteId.Value = orderId.ToString();
        return _delete.ExecuteNonQuery() > 0;
    }

    /// <summary>Seeding only (not benchmarked): every parcel in one transaction.</summary>
    public void InsertParcels(List<Parcel> parcels)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO parcels (parcel_id, carrier, contents) VALUES ($id, $carrier, $contents)";
        SqliteParameter id = command.Parameters.Add("$id", SqliteType.Integer);
        SqliteParameter carrier = command.Parameters.Add("$carrier", SqliteType.Text);
        SqliteParameter contents = command.Parameters.Add("$contents", SqliteType.Text);
        foreach (Parcel parcel in parcels)
        {
            id.Value = parcel.ParcelId;
            carrier.Value = parcel.Carrier;
            contents.Value = JsonSerializer.Serialize(parcel.Contents, BenchJson.Default.ParcelContents);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public string SqliteVersion() => BenchConnection.SqliteVersion(_connection);

    private static Order ReadRow(SqliteDataReader reader) => new(
        OrderId: Guid.ParseExact(reader.GetString(0), "D"),
        Reference: reader.GetString(1),
        Customer: reader.GetString(2),
        Note: reader.GetString(3),
        CreatedAt: StoredText.ToDate(reader.GetString(4)),
        Amount: reader.GetDouble(5),
        Quantity: reader.GetInt32(6));

    public void Dispose()
    {
        foreach (SqliteCommand command in _commands)
            command.Dispose();
        _connection.Dispose();
    }

    /// <summary>The seven column parameters of a prepared insert or update, created once; only their values change.</summary>
    private sealed class OrderParameters
    {
        private readonly SqliteParameter _id, _reference, _customer, _note, _createdAt, _amount, _quantity;

        public OrderParameters(SqliteCommand command)
        {
            _id = command.Parameters.Add("$order_id", SqliteType.Text);
            _reference = command.Parameters.Add("$reference", SqliteType.Text);
            _customer = command.Parameters.Add("$customer", SqliteType.Text);
            _note = command.Parameters.Add("$note", SqliteType.Text);
            _createdAt = command.Parameters.Add("$created_at", SqliteType.Text);
            _amount = command.Parameters.Add("$amount", SqliteType.Real);
            _quantity = command.Parameters.Add("$quantity", SqliteType.Integer);
        }

        public void Bind(Order order)
        {
            _id.Value = order.OrderId.ToString();
            _reference.Value = order.Reference;
            _customer.Value = order.Customer;
            _note.Value = order.Note;
            _createdAt.Value = StoredText.FromDate(order.CreatedAt);
            _amount.Value = order.Amount;
            _quantity.Value = order.Quantity;
        }
    }
}

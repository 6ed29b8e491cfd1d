using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The baseline: Microsoft.Data.Sqlite used the way a careful person would without SqliteGen. One open
/// connection configured once (the same pragmas SqliteGen's pool sets by default: WAL, synchronous=NORMAL,
/// busy_timeout, foreign_keys, cache_size, mmap_size, temp_store, journal_size_limit); every command
/// created and prepared once and kept; parameters created once and only their values set; columns read
/// by ordinal with typed getters. Values are stored exactly as SqliteGen stores them (Guid as "D" text,
/// DateTimeOffset as round-trip "O" text), so both sides read and write identical files.
/// </summary>
public sealed class HandWrittenStore : IDisposable
{
    private const string Columns = "order_id, reference, customer, note, created_at, amount, quantity";

    private readonly SqliteConnection _connection;

    private readonly SqliteCommand _get;
    private readonly SqliteParameter _getId;
    private readonly SqliteCommand _getByReference;
    private readonly SqliteParameter _getByReferenceValue;
    private readonly SqliteCommand _findByCustomer;
    private readonly SqliteParameter _findByCustomerValue;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _insId, _insReference, _insCustomer, _insNote, _insCreatedAt, _insAmount, _insQuantity;

    private HandWrittenStore(SqliteConnection connection)
    {
        _connection = connection;

        _get = Prepare($"SELECT {Columns} FROM orders WHERE order_id = $order_id");
        _getId = _get.Parameters.Add("$order_id", SqliteType.Text);

        _getByReference = Prepare($"SELECT {Columns} FROM orders WHERE reference = $reference");
        _getByReferenceValue = _getByReference.Parameters.Add("$reference", SqliteType.Text);

        _findByCustomer = Prepare($"SELECT {Columns} FROM orders WHERE customer = $customer");
        _findByCustomerValue = _findByCustomer.Parameters.Add("$customer", SqliteType.Text);

        _insert = Prepare($"INSERT INTO orders ({Columns}) VALUES ($order_id, $reference, $customer, $note, $created_at, $amount, $quantity)");
        _insId = _insert.Parameters.Add("$order_id", SqliteType.Text);
        _insReference = _insert.Parameters.Add("$reference", SqliteType.Text);
        _insCustomer = _insert.Parameters.Add("$customer", SqliteType.Text);
        _insNote = _insert.Parameters.Add("$note", SqliteType.Text);
        _insCreatedAt = _insert.Parameters.Add("$created_at", SqliteType.Text);
        _insAmount = _insert.Parameters.Add("$amount", SqliteType.Real);
        _insQuantity = _insert.Parameters.Add("$quantity", SqliteType.Integer);

        _get.Prepare();
        _getByReference.Prepare();
        _findByCustomer.Prepare();
        _insert.Prepare();
    }

    /// <summary>Opens (creating if needed, with the same DDL SqliteGen generates) the file at <paramref name="path"/>.</summary>
    public static HandWrittenStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Run(connection, "PRAGMA busy_timeout = 5000");
        Run(connection, "PRAGMA journal_mode = WAL");
        Run(connection, "PRAGMA journal_size_limit = 67108864");
        Run(connection, "PRAGMA synchronous = NORMAL");
        Run(connection, "PRAGMA foreign_keys = 1");
        Run(connection, "PRAGMA cache_size = -16384");
        Run(connection, "PRAGMA mmap_size = 268435456");
        Run(connection, "PRAGMA temp_store = 2");
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version";
            if (Convert.ToInt64(version.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                using var transaction = connection.BeginTransaction();
                using var ddl = connection.CreateCommand();
                ddl.Transaction = transaction;
                ddl.CommandText = BenchDb.CreateSchemaSql + "\nPRAGMA user_version = " + BenchDb.SchemaVersion.ToString(CultureInfo.InvariantCulture) + ";";
                ddl.ExecuteNonQuery();
                transaction.Commit();
            }
        }
        return new HandWrittenStore(connection);
    }

    private SqliteCommand Prepare(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public Order Get(Guid orderId) => Find(orderId) ?? throw new KeyNotFoundException(orderId.ToString());

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

    public List<Order> FindByCustomer(string customer)
    {
        _findByCustomerValue.Value = customer;
        var rows = new List<Order>();
        using var reader = _findByCustomer.ExecuteReader();
        while (reader.Read())
            rows.Add(ReadRow(reader));
        return rows;
    }

    /// <summary>One row, autocommit.</summary>
    public void Insert(Order order)
    {
        Bind(order);
        _insert.ExecuteNonQuery();
    }

    /// <summary>Every row in one transaction (BEGIN IMMEDIATE) with the one prepared insert.</summary>
    public int InsertMany(List<Order> orders)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        try
        {
            foreach (Order order in orders)
            {
                Bind(order);
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

    private void Bind(Order order)
    {
        _insId.Value = order.OrderId.ToString();
        _insReference.Value = order.Reference;
        _insCustomer.Value = order.Customer;
        _insNote.Value = order.Note;
        _insCreatedAt.Value = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        _insAmount.Value = order.Amount;
        _insQuantity.Value = order.Quantity;
    }

    private static Order ReadRow(SqliteDataReader reader) => new(
        OrderId: Guid.ParseExact(reader.GetString(0), "D"),
        Reference: reader.GetString(1),
        Customer: reader.GetString(2),
        Note: reader.GetString(3),
        CreatedAt: DateTimeOffset.ParseExact(reader.GetString(4), "O", CultureInfo.InvariantCulture),
        Amount: reader.GetDouble(5),
        Quantity: reader.GetInt32(6));

    public void Dispose()
    {
        _get.Dispose();
        _getByReference.Dispose();
        _findByCustomer.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }
}

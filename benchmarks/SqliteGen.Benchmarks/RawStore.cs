using System;
using System.Buffers.Text;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SqliteGen.Runtime;
using SQLitePCL;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The floor: direct SQLitePCLRaw calls (the same SQLitePCLRaw 3.0.5 and e_sqlite3 Microsoft.Data.Sqlite loads) on
/// one <c>sqlite3</c> handle with the same pragmas. Every statement is prepared once (<c>sqlite3_prepare_v2</c>); a
/// call binds, steps, reads columns and resets. Values are bound and read as UTF-8 spans (a Guid formatted and parsed with
/// <see cref="Utf8Formatter"/>/<see cref="Utf8Parser"/>, a DateTimeOffset through a stack buffer of chars, JSON
/// deserialized straight from the column bytes), so the only allocations are the objects returned. This is what the SQLite engine itself costs.
/// </summary>
public sealed class RawStore : IBenchStore
{
    private const string Columns = "order_id, reference, customer, note, created_at, amount, quantity";

    private readonly sqlite3 _db;
    private readonly List<sqlite3_stmt> _statements = new();
    private readonly sqlite3_stmt _get, _getByReference, _findByCustomer, _findParcels, _insert, _update, _delete;

    /// <summary>The store's one connection (for <see cref="BackgroundCheckpoint"/>).</summary>
    public sqlite3 Handle => _db;

    private RawStore(sqlite3 db)
    {
        _db = db;
        _get = Prepare($"SELECT {Columns} FROM orders WHERE order_id = ?1");
        _getByReference = Prepare($"SELECT {Columns} FROM orders WHERE reference = ?1");
        _findByCustomer = Prepare($"SELECT {Columns} FROM orders WHERE customer = ?1");
        _findParcels = Prepare("SELECT parcel_id, carrier, contents FROM parcels WHERE carrier = ?1");
        _insert = Prepare($"INSERT INTO orders ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _update = Prepare("UPDATE orders SET reference = ?2, customer = ?3, note = ?4, created_at = ?5, amount = ?6, quantity = ?7 WHERE order_id = ?1");
        _delete = Prepare("DELETE FROM orders WHERE order_id = ?1");
    }

    public static RawStore Open(string path)
    {
        BenchConnection.SqliteVersion(); // lets Microsoft.Data.Sqlite initialize SQLitePCLRaw (the provider) first
        Check(raw.sqlite3_open_v2(path, out sqlite3 db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null), null);
        foreach (string pragma in BenchConnection.Pragmas)
            Check(raw.sqlite3_exec(db, pragma), db);
        return new RawStore(db);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt statement), _db);
        _statements.Add(statement);
        return statement;
    }

    private static void Check(int rc, sqlite3? db)
    {
        if (rc != raw.SQLITE_OK)
            throw new InvalidOperationException($"SQLite error {rc}: {(db is null ? "" : raw.sqlite3_errmsg(db).utf8_to_string())}");
    }

    public object? Get(Guid orderId)
    {
        BindGuid(_get, 1, orderId);
        return ReadOne(_get);
    }

    public object? FindByReference(string reference)
    {
        BindText(_getByReference, 1, reference);
        return ReadOne(_getByReference);
    }

    public ICollection FindByCustomer(string customer)
    {
        BindText(_findByCustomer, 1, customer);
        var rows = new List<Order>();
        try
        {
            while (Step(_findByCustomer))
                rows.Add(ReadOrder(_findByCustomer));
        }
        finally
        {
            raw.sqlite3_reset(_findByCustomer);
        }
        return rows;
    }

    public ICollection FindParcels(string carrier)
    {
        sqlite3_stmt s = _findParcels;
        BindText(s, 1, carrier);
        var rows = new List<Parcel>();
        try
        {
            while (Step(s))
            {
                rows.Add(new Parcel(
                    raw.sqlite3_column_int64(s, 0),
                    raw.sqlite3_column_text(s, 1).utf8_to_string(),
                    JsonSerializer.Deserialize(raw.sqlite3_column_blob(s, 2), BenchJson.Default.ParcelContents)!));
            }
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
        return rows;
    }

    public object Row(Order order) => order;
    public object Rows(List<Order> orders) => orders;

    public void Insert(object row) => Write(_insert, (Order)row);

    public int InsertMany(object rows)
    {
        var orders = (List<Order>)rows;
        Check(raw.sqlite3_exec(_db, "BEGIN IMMEDIATE"), _db);
        try
        {
            foreach (Order order in orders)
                Write(_insert, order);
            Check(raw.sqlite3_exec(_db, "COMMIT"), _db);
        }
        catch
        {
            raw.sqlite3_exec(_db, "ROLLBACK");
            throw;
        }
        return orders.Count;
    }

    public bool Update(object row)
    {
        Write(_update, (Order)row);
        return raw.sqlite3_changes(_db) > 0;
    }

    public bool Delete(Guid orderId)
    {
        BindGuid(_delete, 1, orderId);
        Done(_delete);
        return raw.sqlite3_changes(_db) > 0;
    }

    public string SqliteVersion() => raw.sqlite3_libversion().utf8_to_string();

    private void Write(sqlite3_stmt s, Order order)
    {
        BindGuid(s, 1, order.OrderId);
        BindText(s, 2, order.Reference);
        BindText(s, 3, order.Customer);
        BindText(s, 4, order.Note);
        // No UTF-8 formatter writes SQLite's date shape: format the chars, then transcode (ASCII, one byte each).
        Span<char> chars = stackalloc char[40];
        order.CreatedAt.UtcDateTime.TryFormat(chars, out int written, SqliteValues.UtcText, CultureInfo.InvariantCulture);
        Span<byte> date = stackalloc byte[40];
        int length = Encoding.ASCII.GetBytes(chars[..written], date);
        raw.sqlite3_bind_text(s, 5, date[..length]);
        raw.sqlite3_bind_double(s, 6, order.Amount);
        raw.sqlite3_bind_int64(s, 7, order.Quantity);
        Done(s);
    }

    private void Done(sqlite3_stmt s)
    {
        int rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc != raw.SQLITE_DONE)
            throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
    }

    private bool Step(sqlite3_stmt s)
    {
        int rc = raw.sqlite3_step(s);
        if (rc == raw.SQLITE_ROW)
            return true;
        if (rc == raw.SQLITE_DONE)
            return false;
        throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
    }

    private Order? ReadOne(sqlite3_stmt s)
    {
        try
        {
            return Step(s) ? ReadOrder(s) : null;
        }
        finally
        {
            raw.sqlite3_reset(s); // ends the read transaction now, as the ADO.NET sides do when the reader closes
        }
    }

    private static void BindGuid(sqlite3_stmt s, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        Utf8Formatter.TryFormat(value, text, out int length, 'D');
        raw.sqlite3_bind_text(s, index, text[..length]);
    }

    private static void BindText(sqlite3_stmt s, int index, string value)
    {
        if (value.Length > 128)
        {
            raw.sqlite3_bind_text(s, index, value);
            return;
        }
        Span<byte> text = stackalloc byte[128 * 3];
        int length = Encoding.UTF8.GetBytes(value, text);
        raw.sqlite3_bind_text(s, index, text[..length]);
    }

    private static Order ReadOrder(sqlite3_stmt s)
    {
        if (!Utf8Parser.TryParse(raw.sqlite3_column_blob(s, 0), out Guid id, out _, 'D'))
            throw new FormatException("Unexpected order_id text.");
        ReadOnlySpan<byte> dateBytes = raw.sqlite3_column_blob(s, 4);
        Span<char> dateChars = stackalloc char[dateBytes.Length];
        DateTimeOffset createdAt = StoredText.ToDate(dateChars[..Encoding.ASCII.GetChars(dateBytes, dateChars)]);
        return new Order(
            OrderId: id,
            Reference: raw.sqlite3_column_text(s, 1).utf8_to_string(),
            Customer: raw.sqlite3_column_text(s, 2).utf8_to_string(),
            Note: raw.sqlite3_column_text(s, 3).utf8_to_string(),
            CreatedAt: createdAt,
            Amount: raw.sqlite3_column_double(s, 5),
            Quantity: checked((int)raw.sqlite3_column_int64(s, 6)));
    }

    public void Dispose()
    {
        foreach (sqlite3_stmt statement in _statements)
            statement.Dispose();
        _db.Dispose();
    }
}

using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// One run of a prepared statement on a pooled connection, straight through <c>SQLitePCL.raw</c>: bind the
/// parameters, <see cref="Step"/> through the rows reading their columns, then <see cref="Dispose"/>, which
/// resets the statement and clears its bindings for the next caller. Rent it with
/// <see cref="PooledConnection.Rent"/> in a <c>using</c>. Errors surface as the same
/// <see cref="SqliteException"/>s (same message and codes) Microsoft.Data.Sqlite throws. This file binds and reads
/// SQLite's storage classes; the .NET types with a stored form of their own (Guid, decimal, dates, JSON) are in
/// Mapping/StatementRunner.Values.cs, beside <see cref="SqliteValues"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly partial struct StatementRunner : IDisposable
{
    private const int StackTextBytes = 512;

    private readonly RawStatement _statement;

    internal StatementRunner(RawStatement statement) => _statement = statement;

    private sqlite3_stmt Handle => _statement.Handle;

    private IntPtr Pointer => _statement.Pointer;

    /// <summary>Binds an integer to parameter <paramref name="parameter"/> (its position in the statement's parameter list).</summary>
    public void BindInt64(int parameter, long value)
    {
        if (Index(parameter) is int index and > 0)
            Check(SqliteNative.sqlite3_bind_int64(Pointer, index, value));
    }

    /// <summary>Binds a real to parameter <paramref name="parameter"/>.</summary>
    public void BindDouble(int parameter, double value)
    {
        if (Index(parameter) is int index and > 0)
            Check(SqliteNative.sqlite3_bind_double(Pointer, index, value));
    }

    /// <summary>Binds text (as UTF-8) to parameter <paramref name="parameter"/>; null binds NULL.</summary>
    public void BindText(int parameter, string? value)
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        if (value is null)
        {
            Check(SqliteNative.sqlite3_bind_null(Pointer, index));
            return;
        }
        if (value.Length == 0)
        {
            // An empty span has a null pointer, which SQLite would bind as NULL: bind a terminated empty string.
            Check(raw.sqlite3_bind_text(Handle, index, ""));
            return;
        }
        try
        {
            if (value.Length <= StackTextBytes / 3)
            {
                Span<byte> buffer = stackalloc byte[StackTextBytes];
                int length = StrictUtf8.GetBytes(value, buffer);
                Check(SqliteNative.BindText(Pointer, index, buffer.Slice(0, length)));
                return;
            }
            byte[] rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetByteCount(value));
            try
            {
                int length = StrictUtf8.GetBytes(value, 0, value.Length, rented, 0);
                // SQLitePCLRaw binds with SQLITE_TRANSIENT: SQLite copies the bytes before this returns.
                Check(SqliteNative.BindText(Pointer, index, rented.AsSpan(0, length)));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (EncoderFallbackException error)
        {
            // A lone surrogate has no UTF-8 form: Encoding.UTF8 would store U+FFFD instead, a silent change of
            // the value (and a lookup by it would find a U+FFFD row). Refuse it (docs/type-mapping.md).
            string name = raw.sqlite3_bind_parameter_name(Handle, index).utf8_to_string();
            throw new SqliteGenException($"The text for {name} has an unpaired surrogate (U+{(int)error.CharUnknown:X4} at index {error.Index}), which UTF-8 cannot store: SQLite would keep U+FFFD instead. Nothing was written or looked up; pass well-formed UTF-16 text.", error);
        }
    }

    /// <summary>UTF-8 that throws on an unpaired surrogate instead of replacing it with U+FFFD.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Binds a blob to parameter <paramref name="parameter"/>; null binds NULL, an empty array an empty blob.</summary>
    public void BindBlob(int parameter, byte[]? value)
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        if (value is null)
            Check(SqliteNative.sqlite3_bind_null(Pointer, index));
        else if (value.Length == 0)
            Check(raw.sqlite3_bind_zeroblob(Handle, index, 0));
        else
            Check(SqliteNative.BindBlob(Pointer, index, value));
    }

    /// <summary>Binds NULL to parameter <paramref name="parameter"/>.</summary>
    public void BindNull(int parameter)
    {
        if (Index(parameter) is int index and > 0)
            Check(SqliteNative.sqlite3_bind_null(Pointer, index));
    }

    /// <summary>Runs the statement to its next row: true when a row is there to read, false when it is done.</summary>
    /// <exception cref="SqliteException">SQLite reported an error (constraint, I/O, ...).</exception>
    public bool Step()
    {
        int rc = SqliteNative.sqlite3_step(Pointer);
        if (rc == raw.SQLITE_ROW)
            return true;
        if (rc != raw.SQLITE_DONE)
            Throw(rc, _statement.Database);
        return false;
    }

    /// <summary>
    /// Runs the statement to the end and returns how many rows it inserted, updated or deleted. The statement
    /// is reset afterwards (its bindings stay), so it can be bound and run again before <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="SqliteException">SQLite reported an error (constraint, I/O, ...).</exception>
    public int Execute()
    {
        try
        {
            while (Step())
            {
            }
            return raw.sqlite3_changes(_statement.Database);
        }
        finally
        {
            SqliteNative.sqlite3_reset(Pointer);
        }
    }

    /// <summary>
    /// Runs the statement to the end and returns the integer in the first column of its first row
    /// (<c>count(*)</c>, <c>RETURNING</c> a key). The statement is reset afterwards.
    /// </summary>
    /// <exception cref="SqliteException">SQLite reported an error, or the statement returned no row.</exception>
    public long ExecuteInt64()
    {
        try
        {
            if (!Step())
                throw new SqliteException("The statement returned no row.", raw.SQLITE_DONE);
            long value = GetInt64(0);
            while (Step())
            {
            }
            return value;
        }
        finally
        {
            SqliteNative.sqlite3_reset(Pointer);
        }
    }

    /// <summary>True when column <paramref name="column"/> of the current row is NULL.</summary>
    public bool IsNull(int column) => SqliteNative.sqlite3_column_type(Pointer, column) == raw.SQLITE_NULL;

    /// <summary>Column <paramref name="column"/> as an integer.</summary>
    public long GetInt64(int column) => SqliteNative.sqlite3_column_int64(Pointer, column);

    /// <summary>Column <paramref name="column"/> as a real.</summary>
    public double GetDouble(int column) => SqliteNative.sqlite3_column_double(Pointer, column);

    /// <summary>Column <paramref name="column"/> as text, decoded from UTF-8.</summary>
    // column_blob returns the text's bytes with their length (which column_text would leave to strlen).
    public string GetString(int column) => Encoding.UTF8.GetString(SqliteNative.ColumnBlob(Pointer, column));

    /// <summary>
    /// Column <paramref name="column"/>'s text as its UTF-8 bytes, without decoding them (what a JSON reader wants). The
    /// span points into SQLite's memory: valid only until the next <see cref="Step"/> or <see cref="Dispose"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetUtf8(int column) => SqliteNative.ColumnBlob(Pointer, column);

    /// <summary>Column <paramref name="column"/> as a new byte array.</summary>
    public byte[] GetBlob(int column) => SqliteNative.ColumnBlob(Pointer, column).ToArray();

    /// <summary>Resets the statement and clears its bindings, ready for the next run on this connection.</summary>
    public void Dispose()
    {
        if (_statement is null)
            return;
        // reset returns the last step's error again: that error has been thrown already.
        SqliteNative.sqlite3_reset(Pointer);
        SqliteNative.sqlite3_clear_bindings(Pointer);
        _statement.InUse = false;
        if (_statement.Started != 0)
            SqliteGenMetrics.RecordStatement(_statement.FilePath, _statement.Sql, _statement.Started);
    }

    private int Index(int parameter) => _statement.Indexes[parameter];

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            Throw(rc, _statement.Database);
    }

    [DoesNotReturn]
    internal static void Throw(int rc, sqlite3 database)
    {
        // Microsoft.Data.Sqlite's own translation: the same message, error code and extended code as a SqliteCommand.
        try
        {
            SqliteException.ThrowExceptionForRC(rc, database);
        }
        catch (SqliteException error)
        {
            // The generated catch knows the table but not the file; SqliteErrors.WriteFailed names the file from
            // here, so a full disk or a read-only file says which database it is about.
            error.Data[SqliteErrors.FilePathKey] = raw.sqlite3_db_filename(database, "main").utf8_to_string();
            throw;
        }
        throw new SqliteException($"SQLite returned result code {rc}.", rc);
    }
}

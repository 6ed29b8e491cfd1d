using System;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SQLitePCL;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// One SELECT on the copied file, stepped through SQLite's own statement API (the connection's handle): each value is
/// read where SQLite keeps it, as its storage class says, with no per-value object (a text or blob is a span over
/// SQLite's row buffer, valid until the next <see cref="Read"/>). Microsoft.Data.Sqlite's reader would box, allocate a
/// <c>byte[]</c> per blob and ask the type of each value again for each getter; the copy reads millions of values. The
/// calls go to the statement's pointer through the runtime's own bindings (<see cref="SqliteNative"/>, as the generated
/// reads do), not through SQLitePCLRaw's handle, which counts a reference around every call.
/// </summary>
internal sealed class SourceRows : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _pointer;

    public SourceRows(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        SqliteNative.RequireProviderLibrary(connection.DataSource);
        int code = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        if (code != raw.SQLITE_OK)
            throw new SqliteException($"SQLite error {code}: {raw.sqlite3_errmsg(_database).utf8_to_string()} in: {sql}", code);
        // Held until Dispose finalizes the statement, so the pointer stays valid for every call.
        bool added = false;
        _statement.DangerousAddRef(ref added);
        _pointer = _statement.DangerousGetHandle();
    }

    /// <summary>Steps to the next row; false after the last.</summary>
    public bool Read()
    {
        int code = SqliteNative.sqlite3_step(_pointer);
        if (code == raw.SQLITE_ROW)
            return true;
        if (code == raw.SQLITE_DONE)
            return false;
        throw new SqliteException($"SQLite error {code}: {raw.sqlite3_errmsg(_database).utf8_to_string()}", code);
    }

    /// <summary>The value's storage class: <c>SQLITE_INTEGER</c>, <c>_FLOAT</c>, <c>_TEXT</c>, <c>_BLOB</c> or <c>_NULL</c>.</summary>
    public int Type(int ordinal) => SqliteNative.sqlite3_column_type(_pointer, ordinal);

    public bool IsNull(int ordinal) => Type(ordinal) == raw.SQLITE_NULL;

    public long Int64(int ordinal) => SqliteNative.sqlite3_column_int64(_pointer, ordinal);

    public double Double(int ordinal) => SqliteNative.sqlite3_column_double(_pointer, ordinal);

    /// <summary>The value's bytes: a blob as it is, text as its UTF-8 (a number as SQLite's text of it, as <c>CAST(x AS BLOB)</c>).</summary>
    public ReadOnlySpan<byte> Bytes(int ordinal) => SqliteNative.ColumnBlob(_pointer, ordinal);

    /// <summary>The storage class's name, for messages.</summary>
    public string TypeName(int ordinal) => Type(ordinal) switch
    {
        raw.SQLITE_INTEGER => "INTEGER",
        raw.SQLITE_FLOAT => "REAL",
        raw.SQLITE_TEXT => "TEXT",
        raw.SQLITE_BLOB => "BLOB",
        _ => "NULL",
    };

    /// <summary>The value as a message shows it: a number, <c>'text'</c> (invalid UTF-8 replaced), <c>X'hex'</c>, <c>NULL</c>.</summary>
    public string Display(int ordinal) => Type(ordinal) switch
    {
        raw.SQLITE_INTEGER => Int64(ordinal).ToString(CultureInfo.InvariantCulture),
        raw.SQLITE_FLOAT => Double(ordinal).ToString("R", CultureInfo.InvariantCulture),
        raw.SQLITE_TEXT => "'" + Encoding.UTF8.GetString(Bytes(ordinal)) + "'",
        raw.SQLITE_BLOB => "X'" + Convert.ToHexString(Bytes(ordinal)) + "'",
        _ => "NULL",
    };

    public void Dispose()
    {
        _statement.DangerousRelease();
        raw.sqlite3_finalize(_statement);
    }
}

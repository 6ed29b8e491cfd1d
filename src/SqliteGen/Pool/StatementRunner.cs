using System;
using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// One run of a prepared statement on a pooled connection, straight through <c>SQLitePCL.raw</c>: bind the
/// parameters, <see cref="Step"/> through the rows reading their columns, then <see cref="Dispose"/>, which
/// resets the statement and clears its bindings for the next caller. Rent it with
/// <see cref="PooledConnection.Rent"/> in a <c>using</c>. Errors surface as the same
/// <see cref="SqliteException"/>s (same message and codes) Microsoft.Data.Sqlite throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct StatementRunner : IDisposable
{
    private const int StackTextBytes = 512;
    private const int StackChars = 64;
    private const int GuidLength = 36;       // "D": 8-4-4-4-12 hex digits

    private readonly RawStatement _statement;

    internal StatementRunner(RawStatement statement) => _statement = statement;

    private sqlite3_stmt Handle => _statement.Handle;

    /// <summary>Binds an integer to parameter <paramref name="parameter"/> (its position in the statement's parameter list).</summary>
    public void BindInt64(int parameter, long value)
    {
        if (Index(parameter) is int index and > 0)
            Check(raw.sqlite3_bind_int64(Handle, index, value));
    }

    /// <summary>
    /// Binds <paramref name="value"/> serialized as JSON text to parameter <paramref name="parameter"/>: written as UTF-8
    /// straight into a reused buffer and bound from there, with no string in between (a <c>[JsonColumn]</c> column).
    /// </summary>
    public void BindJson<T>(int parameter, T value, JsonTypeInfo<T> typeInfo)
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        // Taken, not shared: a converter that itself wrote to a database on this thread gets a buffer of its own.
        JsonBuffer buffer = t_jsonBuffer ?? new JsonBuffer();
        t_jsonBuffer = null;
        try
        {
            Utf8JsonWriter writer = buffer.WriterFor(typeInfo.Options);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            // SQLitePCLRaw binds with SQLITE_TRANSIENT: SQLite copies the bytes before this returns.
            Check(raw.sqlite3_bind_text(Handle, index, buffer.Bytes.WrittenSpan));
        }
        finally
        {
            buffer.Release();
            t_jsonBuffer = buffer;
        }
    }

    [ThreadStatic]
    private static JsonBuffer? t_jsonBuffer;

    /// <summary>A thread's buffer and writer for <see cref="BindJson"/>, kept between calls.</summary>
    private sealed class JsonBuffer
    {
        private const int KeepBytes = 64 * 1024; // a buffer grown past this by one large document is not kept

        private Utf8JsonWriter? _writer;
        private JsonSerializerOptions? _writerOptions;

        public ArrayBufferWriter<byte> Bytes { get; private set; } = new(1024);

        /// <summary>
        /// The writer, over <see cref="Bytes"/>, for the context's options: the text must be what
        /// <c>JsonSerializer.Serialize(value, typeInfo)</c> writes (its encoder, indentation, depth), as before this
        /// buffer existed. One writer per options instance, which is one per <c>JsonSerializerContext</c>.
        /// </summary>
        public Utf8JsonWriter WriterFor(JsonSerializerOptions options)
        {
            if (_writer is null || !ReferenceEquals(options, _writerOptions))
            {
                _writer = new Utf8JsonWriter(Bytes, WriterOptions(options));
                _writerOptions = options;
            }
            else
            {
                _writer.Reset(Bytes);
            }
            return _writer;
        }

        public void Release()
        {
            if (Bytes.Capacity > KeepBytes)
                Bytes = new ArrayBufferWriter<byte>(1024);
            else
                Bytes.ResetWrittenCount();
            _writer?.Reset(Stream.Null); // holds no buffer between calls
        }

        /// <summary>What System.Text.Json's own serializer writes with for these options.</summary>
        private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            MaxDepth = options.MaxDepth,
#if NET9_0_OR_GREATER
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
#endif
            SkipValidation = true, // the serializer writes valid JSON; checking it again costs time
        };
    }

    /// <summary>Binds a real to parameter <paramref name="parameter"/>.</summary>
    public void BindDouble(int parameter, double value)
    {
        if (Index(parameter) is int index and > 0)
            Check(raw.sqlite3_bind_double(Handle, index, value));
    }

    /// <summary>Binds text (as UTF-8) to parameter <paramref name="parameter"/>; null binds NULL.</summary>
    public void BindText(int parameter, string? value)
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(Handle, index));
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
                Check(raw.sqlite3_bind_text(Handle, index, buffer.Slice(0, length)));
                return;
            }
            byte[] rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetByteCount(value));
            try
            {
                int length = StrictUtf8.GetBytes(value, 0, value.Length, rented, 0);
                // SQLitePCLRaw binds with SQLITE_TRANSIENT: SQLite copies the bytes before this returns.
                Check(raw.sqlite3_bind_text(Handle, index, rented.AsSpan(0, length)));
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

    /// <summary>Binds a Guid as <see cref="SqliteValues.FromGuid"/> text, without allocating the string.</summary>
    public void BindGuid(int parameter, Guid value) => BindFormatted(parameter, value, SqliteValues.GuidFormat);

    /// <summary>Binds a decimal as <see cref="SqliteValues.FromDecimal"/> text.</summary>
    public void BindDecimal(int parameter, decimal value) => BindFormatted(parameter, value, null);

    /// <summary>Binds a DateTime as <see cref="SqliteValues.FromDateTime"/> text.</summary>
    public void BindDateTime(int parameter, DateTime value) => BindFormatted(parameter, SqliteValues.Utc(value), SqliteValues.UtcText);

    /// <summary>Binds a DateTimeOffset as <see cref="SqliteValues.FromDateTimeOffset"/> text.</summary>
    public void BindDateTimeOffset(int parameter, DateTimeOffset value) => BindFormatted(parameter, value.UtcDateTime, SqliteValues.UtcText);

    /// <summary>Binds a DateOnly as <see cref="SqliteValues.FromDateOnly"/> text.</summary>
    public void BindDateOnly(int parameter, DateOnly value) => BindFormatted(parameter, value, SqliteValues.DateOnlyFormat);

    /// <summary>Binds a TimeOnly as <see cref="SqliteValues.FromTimeOnly"/> text.</summary>
    public void BindTimeOnly(int parameter, TimeOnly value) => BindFormatted(parameter, value, SqliteValues.TimeOnlyFormat);

    /// <summary>Binds a blob to parameter <paramref name="parameter"/>; null binds NULL, an empty array an empty blob.</summary>
    public void BindBlob(int parameter, byte[]? value)
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        if (value is null)
            Check(raw.sqlite3_bind_null(Handle, index));
        else if (value.Length == 0)
            Check(raw.sqlite3_bind_zeroblob(Handle, index, 0));
        else
            Check(raw.sqlite3_bind_blob(Handle, index, value));
    }

    /// <summary>Binds NULL to parameter <paramref name="parameter"/>.</summary>
    public void BindNull(int parameter)
    {
        if (Index(parameter) is int index and > 0)
            Check(raw.sqlite3_bind_null(Handle, index));
    }

    /// <summary>Runs the statement to its next row: true when a row is there to read, false when it is done.</summary>
    /// <exception cref="SqliteException">SQLite reported an error (constraint, I/O, ...).</exception>
    public bool Step()
    {
        int rc = raw.sqlite3_step(Handle);
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
            raw.sqlite3_reset(Handle);
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
            raw.sqlite3_reset(Handle);
        }
    }

    /// <summary>True when column <paramref name="column"/> of the current row is NULL.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(Handle, column) == raw.SQLITE_NULL;

    /// <summary>Column <paramref name="column"/> as an integer.</summary>
    public long GetInt64(int column) => raw.sqlite3_column_int64(Handle, column);

    /// <summary>Column <paramref name="column"/> as a boolean (non-zero is true).</summary>
    public bool GetBoolean(int column) => raw.sqlite3_column_int64(Handle, column) != 0;

    /// <summary>Column <paramref name="column"/> as a real.</summary>
    public double GetDouble(int column) => raw.sqlite3_column_double(Handle, column);

    /// <summary>Column <paramref name="column"/> as text, decoded from UTF-8.</summary>
    // column_blob returns the text's bytes with their length (which column_text would leave to strlen).
    public string GetString(int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(Handle, column));

    /// <summary>
    /// Column <paramref name="column"/>'s text as its UTF-8 bytes, without decoding them (what a JSON reader wants). The
    /// span points into SQLite's memory: valid only until the next <see cref="Step"/> or <see cref="Dispose"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetUtf8(int column) => raw.sqlite3_column_blob(Handle, column);

    /// <summary>Column <paramref name="column"/> as a Guid stored by <see cref="SqliteValues.FromGuid"/>.</summary>
    public Guid GetGuid(int column)
    {
        // The stored form parsed straight from SQLite's UTF-8 bytes; anything else (which the parser below rejects
        // with its own message) goes the long way.
        ReadOnlySpan<byte> utf8 = raw.sqlite3_column_blob(Handle, column);
        if (utf8.Length == GuidLength && Utf8Parser.TryParse(utf8, out Guid value, out int consumed, 'D') && consumed == GuidLength)
            return value;
        return SqliteValues.ToGuid(GetChars(column, stackalloc char[StackChars]));
    }

    /// <summary>Column <paramref name="column"/> as a decimal stored by <see cref="SqliteValues.FromDecimal"/>.</summary>
    public decimal GetDecimal(int column) => SqliteValues.ToDecimal(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateTime stored by <see cref="SqliteValues.FromDateTime"/>.</summary>
    public DateTime GetDateTime(int column) => SqliteValues.ToDateTime(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateTimeOffset stored by <see cref="SqliteValues.FromDateTimeOffset"/>.</summary>
    public DateTimeOffset GetDateTimeOffset(int column) => SqliteValues.ToDateTimeOffset(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateOnly stored by <see cref="SqliteValues.FromDateOnly"/>.</summary>
    public DateOnly GetDateOnly(int column) => SqliteValues.ToDateOnly(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a TimeOnly stored by <see cref="SqliteValues.FromTimeOnly"/>.</summary>
    public TimeOnly GetTimeOnly(int column) => SqliteValues.ToTimeOnly(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a new byte array.</summary>
    public byte[] GetBlob(int column) => raw.sqlite3_column_blob(Handle, column).ToArray();

    /// <summary>Resets the statement and clears its bindings, ready for the next run on this connection.</summary>
    public void Dispose()
    {
        if (_statement is null)
            return;
        // reset returns the last step's error again: that error has been thrown already.
        raw.sqlite3_reset(Handle);
        raw.sqlite3_clear_bindings(Handle);
        _statement.InUse = false;
        if (_statement.Started != 0)
            SqliteGenMetrics.RecordStatement(_statement.FilePath, _statement.Sql, _statement.Started);
    }

    private int Index(int parameter) => _statement.Indexes[parameter];

    /// <summary>Formats <paramref name="value"/> as invariant UTF-8 text straight into a stack buffer and binds it.</summary>
    private void BindFormatted<T>(int parameter, T value, string? format) where T : IUtf8SpanFormattable
    {
        int index = Index(parameter);
        if (index == 0)
            return;
        // The longest of these texts is 36 bytes (a Guid); a date and time is at most 27.
        Span<byte> buffer = stackalloc byte[64];
        if (!value.TryFormat(buffer, out int length, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"{typeof(T).Name} value '{value}' does not fit a 64-byte text.");
        Check(raw.sqlite3_bind_text(Handle, index, buffer.Slice(0, length)));
    }

    /// <summary>
    /// The column's text decoded into <paramref name="buffer"/> (UTF-8 has at least as many bytes as UTF-16
    /// has chars, so a text of up to buffer.Length bytes fits); a longer text, which no parser here accepts,
    /// is decoded into a string so that the parser can say what is wrong with it.
    /// </summary>
    private ReadOnlySpan<char> GetChars(int column, Span<char> buffer)
    {
        ReadOnlySpan<byte> utf8 = raw.sqlite3_column_blob(Handle, column);
        if (utf8.Length > buffer.Length)
            return Encoding.UTF8.GetString(utf8).AsSpan();
        return buffer.Slice(0, Encoding.UTF8.GetChars(utf8, buffer));
    }

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

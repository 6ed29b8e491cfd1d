using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SQLitePCL;

namespace SqliteGen.Runtime;

// The .NET types StatementRunner binds and reads in a stored form of their own (docs/type-mapping.md): bool, Guid,
// decimal, the date and time types, JSON. The storage classes themselves (integer, real, text, blob, NULL) and the
// statement's run are in Pool/StatementRunner.cs; the forms are SqliteValues'.
public readonly partial struct StatementRunner
{
    private const int StackChars = 64;

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

    /// <summary>Column <paramref name="column"/> as a boolean (non-zero is true).</summary>
    public bool GetBoolean(int column) => SqliteNative.sqlite3_column_int64(Pointer, column) != 0;

    /// <summary>Column <paramref name="column"/> as a Guid stored by <see cref="SqliteValues.FromGuid"/>.</summary>
    public Guid GetGuid(int column)
    {
        // The stored form parsed straight from SQLite's UTF-8 bytes; anything else (which the parser below rejects
        // with its own message) goes the long way.
        if (GuidText.TryParse(SqliteNative.ColumnBlob(Pointer, column), out Guid value))
            return value;
        return SqliteValues.ToGuid(GetChars(column, stackalloc char[StackChars]));
    }

    /// <summary>Column <paramref name="column"/> as a decimal stored by <see cref="SqliteValues.FromDecimal"/>.</summary>
    public decimal GetDecimal(int column) => SqliteValues.ToDecimal(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateTime stored by <see cref="SqliteValues.FromDateTime"/>.</summary>
    public DateTime GetDateTime(int column) =>
        // The stored form read straight from SQLite's UTF-8 bytes; another tool's text goes the long way.
        SqliteValues.TryParseUtcText(SqliteNative.ColumnBlob(Pointer, column), out DateTime utc)
            ? utc
            : SqliteValues.ToDateTime(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateTimeOffset stored by <see cref="SqliteValues.FromDateTimeOffset"/>.</summary>
    public DateTimeOffset GetDateTimeOffset(int column) =>
        SqliteValues.TryParseUtcText(SqliteNative.ColumnBlob(Pointer, column), out DateTime utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : SqliteValues.ToDateTimeOffset(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a DateOnly stored by <see cref="SqliteValues.FromDateOnly"/>.</summary>
    public DateOnly GetDateOnly(int column) => SqliteValues.ToDateOnly(GetChars(column, stackalloc char[StackChars]));

    /// <summary>Column <paramref name="column"/> as a TimeOnly stored by <see cref="SqliteValues.FromTimeOnly"/>.</summary>
    public TimeOnly GetTimeOnly(int column) => SqliteValues.ToTimeOnly(GetChars(column, stackalloc char[StackChars]));

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
            Check(SqliteNative.BindText(Pointer, index, buffer.Bytes.WrittenSpan));
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
        Check(SqliteNative.BindText(Pointer, index, buffer.Slice(0, length)));
    }

    /// <summary>
    /// The column's text decoded into <paramref name="buffer"/> (UTF-8 has at least as many bytes as UTF-16
    /// has chars, so a text of up to buffer.Length bytes fits); a longer text, which no parser here accepts,
    /// is decoded into a string so that the parser can say what is wrong with it.
    /// </summary>
    private ReadOnlySpan<char> GetChars(int column, Span<char> buffer)
    {
        ReadOnlySpan<byte> utf8 = SqliteNative.ColumnBlob(Pointer, column);
        if (utf8.Length > buffer.Length)
            return Encoding.UTF8.GetString(utf8).AsSpan();
        return buffer.Slice(0, Encoding.UTF8.GetChars(utf8, buffer));
    }
}

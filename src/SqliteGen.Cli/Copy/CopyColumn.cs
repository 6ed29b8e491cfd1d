using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;
using SQLitePCL;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// One column of a copied table: how its SQLite stored value becomes the .NET value written to its PostgreSQL type
/// (<see cref="Copy"/>), how that type is read back (<see cref="ReadBack"/>), and the value's canonical form in the table's
/// <see cref="ContentChecksum"/> on both sides. The conversions are the runtime's own (<see cref="SqliteValues"/>): what the
/// application reads from the file is what PostgreSQL gets. PostgreSQL keeps times to the microsecond: the 7th fractional
/// digit SQLite's text holds is dropped.
/// </summary>
/// <remarks>
/// What the column is comes from the generator's per-type table (<see cref="TypeMapping"/>, the row of the snapshot's
/// column kind): its <see cref="ValueKind"/>, its SQLite storage class (which decides how the file's value is read) and its
/// PostgreSQL type (the one the schema was created with). The table's conversions are C# templates for generated code,
/// which a program cannot run; so the copy keeps one map from each <see cref="ValueKind"/> to a typed field
/// (<see cref="FieldOf"/>): the SQLite getter and the runtime's conversion, the binary form of the schema's type
/// (<see cref="BinaryCopyWriter"/>), and the checksum form, chosen once per column. Each value goes from the SQLite getter
/// to the COPY and the checksum as its own type (no boxing). A kind added to the table without a field here fails
/// <c>CopyColumnTests</c>.
/// </remarks>
internal sealed class CopyColumn
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Field _field;

    public CopyColumn(ColumnSchema schema)
    {
        Schema = schema;
        PostgresType = PostgreSqlDialect.Instance.ColumnType(schema);
        // A snapshot frozen before kinds were recorded names none: the column is then the plain kind its storage class
        // holds, the one whose PostgreSQL type the dialect chose for it (bigint, double precision, bytea or text).
        Mapped = TypeMapping.FromSnapshotName(schema.Kind)
            ?? TypeMapping.All.Single(t => t.Kind is ValueKind.Int64 or ValueKind.Double or ValueKind.Bytes or ValueKind.String && t.PostgreSqlType == PostgresType);
        // Text comes out of SQLite as its bytes, so invalid UTF-8 is found here rather than silently replaced.
        ReadsText = Mapped.Storage == SqlStorage.Text;
        _field = FieldOf(Mapped.Kind);
    }

    public ColumnSchema Schema { get; }

    /// <summary>The column's row of the per-type table.</summary>
    public MappedType Mapped { get; }

    /// <summary>The column's PostgreSQL type, as the copy's schema declares it (the table's, through the dialect).</summary>
    public string PostgresType { get; }

    /// <summary>Whether the column holds JSON (compared as canonical JSON: jsonb keeps neither key order nor spacing).</summary>
    public bool IsJson => Mapped.Kind == ValueKind.Json;

    /// <summary>Whether the file's value is read as text: its UTF-8 bytes, checked strict (whatever its storage class, as <c>CAST(x AS BLOB)</c> gives them).</summary>
    public bool ReadsText { get; }

    /// <summary>Writes the file row's column <paramref name="ordinal"/> to the COPY and adds it to the row's checksum.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public void Copy(SourceRows row, int ordinal, BinaryCopyWriter writer, ContentChecksum checksum)
    {
        if (row.IsNull(ordinal))
        {
            writer.Null();
            checksum.Null();
        }
        else
        {
            _field.Copy(row, ordinal, writer, checksum);
        }
    }

    /// <summary>Adds the file row's column <paramref name="ordinal"/> to the row's checksum as <see cref="Copy"/> does, writing nothing (a copy made before is checked).</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type.</exception>
    public void Render(SourceRows row, int ordinal, ContentChecksum checksum)
    {
        if (row.IsNull(ordinal))
            checksum.Null();
        else
            _field.Render(row, ordinal, checksum);
    }

    /// <summary>Adds PostgreSQL's value of the row's column <paramref name="ordinal"/> to the row's checksum, read as the type <see cref="Copy"/> wrote.</summary>
    public void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum)
    {
        if (row.IsDBNull(ordinal))
            checksum.Null();
        else
            _field.ReadBack(row, ordinal, checksum);
    }

    /// <summary>The value <see cref="Copy"/> writes for the file row's column <paramref name="ordinal"/>, boxed; null for NULL.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public object? FromSqlite(SourceRows row, int ordinal) => row.IsNull(ordinal) ? null : _field.Boxed(row, ordinal);

    /// <summary>A column's way from SQLite to PostgreSQL and into the checksum, for one .NET type.</summary>
    private abstract class Field
    {
        public abstract void Copy(SourceRows row, int ordinal, BinaryCopyWriter writer, ContentChecksum checksum);

        public abstract void Render(SourceRows row, int ordinal, ContentChecksum checksum);

        public abstract void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum);

        public abstract object Boxed(SourceRows row, int ordinal);
    }

    /// <summary>The value is a <typeparamref name="T"/> on both sides: read from SQLite by <c>read</c>, from PostgreSQL by <c>GetFieldValue&lt;T&gt;</c>.</summary>
    private sealed class Field<T>(Func<SourceRows, int, T> read, Action<BinaryCopyWriter, T> write, Action<ContentChecksum, T> render) : Field
        where T : notnull
    {
        public override void Copy(SourceRows row, int ordinal, BinaryCopyWriter writer, ContentChecksum checksum)
        {
            T value = read(row, ordinal);
            write(writer, value);
            render(checksum, value);
        }

        public override void Render(SourceRows row, int ordinal, ContentChecksum checksum) => render(checksum, read(row, ordinal));

        public override void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum) => render(checksum, row.GetFieldValue<T>(ordinal));

        public override object Boxed(SourceRows row, int ordinal) => read(row, ordinal);
    }

    /// <summary>
    /// Bytes that go over as they are: a blob to bytea, or text (checked strict UTF-8 without NUL; a char's, one UTF-16 unit) to text, never decoded:
    /// the bytes go from SQLite's row into the COPY, and the checksum renders them.
    /// </summary>
    private sealed class BytesField(bool text, bool oneChar = false) : Field
    {
        private byte[] _buffer = new byte[256]; // PostgreSQL's value, read back

        public override void Copy(SourceRows row, int ordinal, BinaryCopyWriter writer, ContentChecksum checksum)
        {
            ReadOnlySpan<byte> bytes = Read(row, ordinal);
            writer.Bytes(bytes);
            Render(bytes, checksum);
        }

        public override void Render(SourceRows row, int ordinal, ContentChecksum checksum) => Render(Read(row, ordinal), checksum);

        /// <summary>
        /// PostgreSQL's value as the bytes it sent (text's are its UTF-8, the client encoding), read into the reused buffer
        /// and rendered as the file's bytes are: no string is decoded to be encoded again.
        /// </summary>
        public override void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum)
        {
            int length = checked((int)row.GetBytes(ordinal, 0, null, 0, 0));
            if (_buffer.Length < length)
                _buffer = new byte[Math.Max(length, 2 * _buffer.Length)];
            int read = checked((int)row.GetBytes(ordinal, 0, _buffer, 0, length));
            Render(_buffer.AsSpan(0, read), checksum);
        }

        public override object Boxed(SourceRows row, int ordinal) => text ? Encoding.UTF8.GetString(Read(row, ordinal)) : (object)Read(row, ordinal).ToArray();

        private ReadOnlySpan<byte> Read(SourceRows row, int ordinal)
        {
            if (!text)
                return Blob(row, ordinal);
            ReadOnlySpan<byte> utf8 = Utf8(row, ordinal);
            if (oneChar && Encoding.UTF8.GetCharCount(utf8) is var length && length != 1)
                throw new FormatException($"holds {length.ToString(CultureInfo.InvariantCulture)} characters, not the one a char column holds");
            return utf8;
        }

        private void Render(ReadOnlySpan<byte> bytes, ContentChecksum checksum)
        {
            if (text)
                checksum.Utf8Text('s', bytes);
            else
                checksum.Bytes(bytes);
        }
    }

    /// <summary>A conversion of stored text, given as characters (the runtime's span overloads).</summary>
    private delegate T FromChars<T>(ReadOnlySpan<char> text);

    /// <summary>A value parsed from the stored text by the runtime's conversion; the text is decoded into a buffer the column reuses, not a string.</summary>
    private static Field<T> Parsed<T>(FromChars<T> convert, Action<BinaryCopyWriter, T> write, Action<ContentChecksum, T> render) where T : notnull
    {
        var chars = new CharBuffer();
        return new((row, ordinal) => convert(chars.Decode(Utf8(row, ordinal))), write, render);
    }

    /// <summary>
    /// A DateTime or DateTimeOffset as its UTC instant to the microsecond: the runtime's stored shape read from its UTF-8
    /// bytes as the generated reads do (<see cref="SqliteValues.TryParseUtcText"/>), any other text by <paramref name="convert"/>.
    /// </summary>
    private static Field<DateTime> UtcTime(FromChars<DateTime> convert)
    {
        var chars = new CharBuffer();
        return new((row, ordinal) =>
        {
            ReadOnlySpan<byte> bytes = Utf8(row, ordinal);
            return Microseconds(SqliteValues.TryParseUtcText(bytes, out DateTime utc) ? utc : convert(chars.Decode(bytes)));
        }, (w, v) => w.Timestamp(v), (c, v) => c.Ticks('t', v.Ticks));
    }

    /// <summary>Decodes UTF-8 into a buffer it reuses.</summary>
    private sealed class CharBuffer
    {
        private char[] _buffer = new char[64];

        public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
        {
            if (_buffer.Length < utf8.Length)
                _buffer = new char[utf8.Length]; // UTF-8 never has fewer bytes than UTF-16 has units
            return _buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, _buffer));
        }
    }

    /// <summary>A value made from the stored text as a string (JSON, which is parsed to be checked).</summary>
    private static Field<T> FromText<T>(Func<string, T> convert, Action<BinaryCopyWriter, T> write, Action<ContentChecksum, T> render) where T : notnull =>
        new((row, ordinal) => convert(Encoding.UTF8.GetString(Utf8(row, ordinal))), write, render);

    private static Field<T> FromInteger<T>(Func<long, T> convert, Action<BinaryCopyWriter, T> write, Action<ContentChecksum, T> render) where T : notnull =>
        new((row, ordinal) => convert(Integer(row, ordinal)), write, render);

    /// <summary>The kind's field: its SQLite getter and conversion (to the .NET type of its PostgreSQL type), that type, and its checksum form.</summary>
    private static Field FieldOf(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => FromInteger(number => number switch { 0 => false, 1 => true, _ => throw new FormatException($"holds {number}, which is not a bool (0 or 1)") },
            (w, v) => w.Bool(v), (c, v) => c.Bool(v)),
        ValueKind.SByte => FromInteger(number => (short)checked((sbyte)number), (w, v) => w.Int16(v), (c, v) => c.Integer(v)),
        ValueKind.Byte => FromInteger(number => (short)checked((byte)number), (w, v) => w.Int16(v), (c, v) => c.Integer(v)),
        ValueKind.Int16 => FromInteger(number => checked((short)number), (w, v) => w.Int16(v), (c, v) => c.Integer(v)),
        ValueKind.UInt16 => FromInteger(number => (int)checked((ushort)number), (w, v) => w.Int32(v), (c, v) => c.Integer(v)),
        ValueKind.Int32 => FromInteger(number => checked((int)number), (w, v) => w.Int32(v), (c, v) => c.Integer(v)),
        ValueKind.UInt32 => FromInteger(number => (long)checked((uint)number), (w, v) => w.Int64(v), (c, v) => c.Integer(v)),
        // The same 64 bits in both engines (a ulong from 2^63 up is negative to SQL), and an enum's number.
        ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => FromInteger(number => number, (w, v) => w.Int64(v), (c, v) => c.Integer(v)),
        ValueKind.TimeSpan => FromInteger(number => TimeSpan.FromTicks(Truncate(number)), (w, v) => w.Interval(v), (c, v) => c.Ticks('I', v.Ticks)),
        ValueKind.Single => new Field<float>((row, i) => (float)Real(row, i), (w, v) => w.Float(v), (c, v) => c.Float(v)),
        ValueKind.Double => new Field<double>(Real, (w, v) => w.Double(v), (c, v) => c.Double(v)),
        ValueKind.Bytes or ValueKind.Vector => new BytesField(text: false),
        ValueKind.Decimal => Parsed<decimal>(SqliteValues.ToDecimal, (w, v) => w.Numeric(v), (c, v) => c.Decimal(v)),
        ValueKind.Guid => Parsed<Guid>(SqliteValues.ToGuid, (w, v) => w.Uuid(v), (c, v) => c.Guid(v)),
        ValueKind.DateTime => UtcTime(text => SqliteValues.ToDateTime(text)),
        ValueKind.DateTimeOffset => UtcTime(text => SqliteValues.ToDateTimeOffset(text).UtcDateTime),
        ValueKind.DateOnly => Parsed<DateOnly>(SqliteValues.ToDateOnly, (w, v) => w.Date(v), (c, v) => c.Ticks('D', v.DayNumber)),
        ValueKind.TimeOnly => Parsed<TimeOnly>(text => new TimeOnly(Truncate(SqliteValues.ToTimeOnly(text).Ticks)), (w, v) => w.Time(v), (c, v) => c.Ticks('T', v.Ticks)),
        ValueKind.Json => FromText(Json, (w, v) => w.Jsonb(v), (c, v) => c.Text('j', ContentChecksum.CanonicalJson(v))),
        ValueKind.Char => new BytesField(text: true, oneChar: true),
        ValueKind.String or ValueKind.EnumText => new BytesField(text: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no conversion to PostgreSQL"),
    };

    private static ReadOnlySpan<byte> Blob(SourceRows row, int ordinal) =>
        row.Type(ordinal) == raw.SQLITE_BLOB ? row.Bytes(ordinal) : throw NotStored(row, ordinal, "a BLOB");

    private static double Real(SourceRows row, int ordinal) =>
        row.Type(ordinal) is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER ? row.Double(ordinal) : throw NotStored(row, ordinal, "a number");

    private static long Integer(SourceRows row, int ordinal) =>
        row.Type(ordinal) == raw.SQLITE_INTEGER ? row.Int64(ordinal) : throw NotStored(row, ordinal, "an integer");

    /// <summary>The stored text's UTF-8, checked strict and without NUL: what PostgreSQL's text and jsonb accept.</summary>
    private static ReadOnlySpan<byte> Utf8(SourceRows row, int ordinal)
    {
        ReadOnlySpan<byte> bytes = row.Bytes(ordinal);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw InvalidUtf8(bytes);
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            throw new FormatException($"holds a NUL character at position {Encoding.UTF8.GetCharCount(bytes[..nul]).ToString(CultureInfo.InvariantCulture)}, which PostgreSQL's text cannot store");
        return bytes;
    }

    /// <summary>The error for text that is not UTF-8: where, and the bytes (the strict decoder says).</summary>
    private static FormatException InvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            string at = error.Index >= 0 ? $" at byte {error.Index.ToString(CultureInfo.InvariantCulture)}" : "";
            return new FormatException($"holds text that is not valid UTF-8{at} ({Convert.ToHexString(error.BytesUnknown ?? [])}), which PostgreSQL refuses");
        }
        return new FormatException("holds text that is not valid UTF-8, which PostgreSQL refuses");
    }

    /// <summary>JSON text as it is (jsonb parses it again); text that is not JSON is refused here, naming the row.</summary>
    private static string Json(string text)
    {
        try
        {
            using (System.Text.Json.JsonDocument.Parse(text))
                return text;
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new FormatException($"holds text that is not JSON ({error.Message})");
        }
    }

    private static FormatException NotStored(SourceRows row, int ordinal, string expected) =>
        new($"holds {row.TypeName(ordinal)} {row.Display(ordinal)}, not {expected}");

    private static long Truncate(long ticks) => ticks - ticks % 10;

    private static DateTime Microseconds(DateTime utc) => new(Truncate(utc.Ticks), DateTimeKind.Utc);
}

using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;

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
/// (<see cref="FieldOf"/>): the SQLite getter and the runtime's conversion, the <see cref="NpgsqlDbType"/> of the schema's
/// type, and the checksum form, chosen once per column. Each value goes from the SQLite getter to
/// <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/> and the checksum as its own type (no boxing; the importer
/// resolves each column's writer once). A kind added to the table without a field here fails <c>CopyColumnTests</c>.
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

    /// <summary>Whether the SQLite side selects the column's bytes (<c>CAST(column AS BLOB)</c>) to read it as strict UTF-8.</summary>
    public bool ReadsText { get; }

    /// <summary>Writes the SQLite row's column <paramref name="ordinal"/> to the COPY and adds it to the row's checksum.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public void Copy(SqliteDataReader row, int ordinal, NpgsqlBinaryImporter importer, ContentChecksum checksum)
    {
        if (row.IsDBNull(ordinal))
        {
            importer.WriteNull();
            checksum.Null();
        }
        else
        {
            _field.Copy(row, ordinal, importer, checksum);
        }
    }

    /// <summary>Adds PostgreSQL's value of the row's column <paramref name="ordinal"/> to the row's checksum, read as the type <see cref="Copy"/> wrote.</summary>
    public void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum)
    {
        if (row.IsDBNull(ordinal))
            checksum.Null();
        else
            _field.ReadBack(row, ordinal, checksum);
    }

    /// <summary>The value <see cref="Copy"/> writes for the SQLite row's column <paramref name="ordinal"/>, boxed; null for NULL.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public object? FromSqlite(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : _field.Boxed(row, ordinal);

    /// <summary>A column's way from SQLite to PostgreSQL and into the checksum, for one .NET type.</summary>
    private abstract class Field
    {
        public abstract void Copy(SqliteDataReader row, int ordinal, NpgsqlBinaryImporter importer, ContentChecksum checksum);

        public abstract void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum);

        public abstract object Boxed(SqliteDataReader row, int ordinal);
    }

    /// <summary>The value is a <typeparamref name="T"/> on both sides: read from SQLite by <c>read</c>, from PostgreSQL by <c>GetFieldValue&lt;T&gt;</c>.</summary>
    private sealed class Field<T>(Func<SqliteDataReader, int, T> read, NpgsqlDbType type, Action<ContentChecksum, T> render) : Field
        where T : notnull
    {
        public override void Copy(SqliteDataReader row, int ordinal, NpgsqlBinaryImporter importer, ContentChecksum checksum)
        {
            T value = read(row, ordinal);
            importer.Write(value, type);
            render(checksum, value);
        }

        public override void ReadBack(NpgsqlDataReader row, int ordinal, ContentChecksum checksum) => render(checksum, row.GetFieldValue<T>(ordinal));

        public override object Boxed(SqliteDataReader row, int ordinal) => read(row, ordinal);
    }

    private static Field<T> FromText<T>(Func<string, T> convert, NpgsqlDbType type, Action<ContentChecksum, T> render) where T : notnull =>
        new((row, ordinal) => convert(Text(row.GetFieldValue<byte[]>(ordinal))), type, render);

    private static Field<T> FromInteger<T>(Func<long, T> convert, NpgsqlDbType type, Action<ContentChecksum, T> render) where T : notnull =>
        new((row, ordinal) => convert(Integer(row, ordinal)), type, render);

    /// <summary>The kind's field: its SQLite getter and conversion (to the .NET type of its PostgreSQL type), that type, and its checksum form.</summary>
    private static Field FieldOf(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => FromInteger(number => number switch { 0 => false, 1 => true, _ => throw new FormatException($"holds {number}, which is not a bool (0 or 1)") },
            NpgsqlDbType.Boolean, (c, v) => c.Bool(v)),
        ValueKind.SByte => FromInteger(number => (short)checked((sbyte)number), NpgsqlDbType.Smallint, (c, v) => c.Integer(v)),
        ValueKind.Byte => FromInteger(number => (short)checked((byte)number), NpgsqlDbType.Smallint, (c, v) => c.Integer(v)),
        ValueKind.Int16 => FromInteger(number => checked((short)number), NpgsqlDbType.Smallint, (c, v) => c.Integer(v)),
        ValueKind.UInt16 => FromInteger(number => (int)checked((ushort)number), NpgsqlDbType.Integer, (c, v) => c.Integer(v)),
        ValueKind.Int32 => FromInteger(number => checked((int)number), NpgsqlDbType.Integer, (c, v) => c.Integer(v)),
        ValueKind.UInt32 => FromInteger(number => (long)checked((uint)number), NpgsqlDbType.Bigint, (c, v) => c.Integer(v)),
        // The same 64 bits in both engines (a ulong from 2^63 up is negative to SQL), and an enum's number.
        ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => FromInteger(number => number, NpgsqlDbType.Bigint, (c, v) => c.Integer(v)),
        ValueKind.TimeSpan => FromInteger(number => TimeSpan.FromTicks(Truncate(number)), NpgsqlDbType.Interval, (c, v) => c.Ticks('I', v.Ticks)),
        ValueKind.Single => new Field<float>((row, i) => (float)Real(row, i), NpgsqlDbType.Real, (c, v) => c.Float(v)),
        ValueKind.Double => new Field<double>(Real, NpgsqlDbType.Double, (c, v) => c.Double(v)),
        ValueKind.Bytes or ValueKind.Vector => new Field<byte[]>(Blob, NpgsqlDbType.Bytea, (c, v) => c.Bytes(v)),
        ValueKind.Decimal => FromText(SqliteValues.ToDecimal, NpgsqlDbType.Numeric, (c, v) => c.Decimal(v)),
        ValueKind.Guid => FromText(SqliteValues.ToGuid, NpgsqlDbType.Uuid, (c, v) => c.Guid(v)),
        ValueKind.DateTime => FromText(text => Microseconds(SqliteValues.ToDateTime(text)), NpgsqlDbType.TimestampTz, (c, v) => c.Ticks('t', v.Ticks)),
        ValueKind.DateTimeOffset => FromText(text => Microseconds(SqliteValues.ToDateTimeOffset(text).UtcDateTime), NpgsqlDbType.TimestampTz, (c, v) => c.Ticks('t', v.Ticks)),
        ValueKind.DateOnly => FromText(SqliteValues.ToDateOnly, NpgsqlDbType.Date, (c, v) => c.Ticks('D', v.DayNumber)),
        ValueKind.TimeOnly => FromText(text => new TimeOnly(Truncate(SqliteValues.ToTimeOnly(text).Ticks)), NpgsqlDbType.Time, (c, v) => c.Ticks('T', v.Ticks)),
        ValueKind.Json => FromText(Json, NpgsqlDbType.Jsonb, (c, v) => c.Text('j', ContentChecksum.CanonicalJson(v))),
        ValueKind.Char => FromText(text => text.Length == 1 ? text : throw new FormatException($"holds {text.Length} characters, not the one a char column holds"),
            NpgsqlDbType.Text, (c, v) => c.Text('s', v)),
        ValueKind.String or ValueKind.EnumText => FromText(text => text, NpgsqlDbType.Text, (c, v) => c.Text('s', v)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no conversion to PostgreSQL"),
    };

    private static byte[] Blob(SqliteDataReader row, int ordinal) =>
        row.GetFieldType(ordinal) == typeof(byte[]) ? row.GetFieldValue<byte[]>(ordinal) : throw NotStored(row, ordinal, "a BLOB");

    private static double Real(SqliteDataReader row, int ordinal)
    {
        Type stored = row.GetFieldType(ordinal);
        return stored == typeof(double) || stored == typeof(long) ? row.GetDouble(ordinal) : throw NotStored(row, ordinal, "a number");
    }

    private static long Integer(SqliteDataReader row, int ordinal) =>
        row.GetFieldType(ordinal) == typeof(long) ? row.GetInt64(ordinal) : throw NotStored(row, ordinal, "an integer");

    /// <summary>Strict UTF-8 without NUL: what PostgreSQL's text and jsonb accept.</summary>
    private static string Text(byte[] bytes)
    {
        string text;
        try
        {
            text = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            string at = error.Index >= 0 ? $" at byte {error.Index.ToString(CultureInfo.InvariantCulture)}" : "";
            throw new FormatException($"holds text that is not valid UTF-8{at} ({Convert.ToHexString(error.BytesUnknown ?? [])}), which PostgreSQL refuses");
        }
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
            throw new FormatException($"holds a NUL character at position {nul.ToString(CultureInfo.InvariantCulture)}, which PostgreSQL's text cannot store");
        return text;
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

    private static FormatException NotStored(SqliteDataReader row, int ordinal, string expected) =>
        new($"holds {row.GetDataTypeName(ordinal)} '{row.GetValue(ordinal)}', not {expected}");

    private static long Truncate(long ticks) => ticks - ticks % 10;

    private static DateTime Microseconds(DateTime utc) => new(Truncate(utc.Ticks), DateTimeKind.Utc);
}

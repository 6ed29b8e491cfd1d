using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// One column of a copied table: how its SQLite stored value becomes the .NET value written to its PostgreSQL type
/// (<see cref="FromSqlite"/>), and how that type is read back (<see cref="FromPostgres"/>). The conversions are the
/// runtime's own (<see cref="SqliteValues"/>): what the application reads from the file is what PostgreSQL gets.
/// PostgreSQL keeps times to the microsecond: the 7th fractional digit SQLite's text holds is dropped.
/// </summary>
/// <remarks>
/// What the column is comes from the generator's per-type table (<see cref="TypeMapping"/>, the row of the snapshot's
/// column kind): its <see cref="ValueKind"/>, its SQLite storage class (which decides how the file's value is read) and its
/// PostgreSQL type (the one the schema was created with, written by name into the COPY). The table's conversions are C#
/// templates for generated code, which a program cannot run; so the copy keeps one map from each <see cref="ValueKind"/> to
/// the runtime's conversion (<see cref="FromStoredText"/>, <see cref="FromStoredInteger"/>, <see cref="ReaderOf"/>), chosen
/// once per column. A kind added to the table without a conversion here fails <c>CopyColumnTests</c>.
/// </remarks>
internal sealed class CopyColumn
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Func<SqliteDataReader, int, object> _fromSqlite;
    private readonly Func<NpgsqlDataReader, int, object> _fromPostgres;

    public CopyColumn(ColumnSchema schema)
    {
        Schema = schema;
        PostgresType = PostgreSqlDialect.Instance.ColumnType(schema);
        // A snapshot frozen before kinds were recorded names none: the column is then the plain kind its storage class
        // holds, the one whose PostgreSQL type the dialect chose for it (bigint, double precision, bytea or text).
        Mapped = TypeMapping.FromSnapshotName(schema.Kind)
            ?? TypeMapping.All.Single(t => t.Kind is ValueKind.Int64 or ValueKind.Double or ValueKind.Bytes or ValueKind.String && t.PostgreSqlType == PostgresType);
        ValueKind kind = Mapped.Kind;
        // Text comes out of SQLite as its bytes, so invalid UTF-8 is found here rather than silently replaced.
        ReadsText = Mapped.Storage == SqlStorage.Text;
        _fromSqlite = Mapped.Storage switch
        {
            SqlStorage.Text => StoredText(FromStoredText(kind)),
            SqlStorage.Blob => Blob,
            SqlStorage.Real when kind == ValueKind.Single => (row, i) => (float)Real(row, i), // boxed as float, not widened back
            SqlStorage.Real => (row, i) => Real(row, i),
            _ => StoredInteger(FromStoredInteger(kind)),
        };
        _fromPostgres = ReaderOf(kind);
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

    /// <summary>The value to write for the SQLite row's column <paramref name="ordinal"/>; null for NULL.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public object? FromSqlite(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : _fromSqlite(row, ordinal);

    /// <summary>The value PostgreSQL holds for the row's column <paramref name="ordinal"/>, as the same .NET type <see cref="FromSqlite"/> gives.</summary>
    public object? FromPostgres(NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : _fromPostgres(row, ordinal);

    /// <summary>The value a kind stored as SQLite text (already checked as PostgreSQL text) is written to PostgreSQL as.</summary>
    internal static Func<string, object> FromStoredText(ValueKind kind) => kind switch
    {
        ValueKind.Decimal => text => SqliteValues.ToDecimal(text),
        ValueKind.Guid => text => SqliteValues.ToGuid(text),
        ValueKind.DateTime => text => Microseconds(SqliteValues.ToDateTime(text)),
        ValueKind.DateTimeOffset => text => Microseconds(SqliteValues.ToDateTimeOffset(text).UtcDateTime),
        ValueKind.DateOnly => text => SqliteValues.ToDateOnly(text),
        ValueKind.TimeOnly => text => new TimeOnly(Truncate(SqliteValues.ToTimeOnly(text).Ticks)),
        ValueKind.Json => Json,
        ValueKind.Char => text => text.Length == 1 ? text : throw new FormatException($"holds {text.Length} characters, not the one a char column holds"),
        ValueKind.String or ValueKind.EnumText => text => text,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind SQLite stores as text"),
    };

    /// <summary>The value a kind stored as a SQLite integer is written to PostgreSQL as (the table's PostgreSQL type's .NET type).</summary>
    internal static Func<long, object> FromStoredInteger(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => number => number switch { 0 => false, 1 => true, _ => throw new FormatException($"holds {number}, which is not a bool (0 or 1)") },
        ValueKind.SByte => number => (short)checked((sbyte)number),
        ValueKind.Byte => number => (short)checked((byte)number),
        ValueKind.Int16 => number => checked((short)number),
        ValueKind.UInt16 => number => (int)checked((ushort)number),
        ValueKind.Int32 => number => checked((int)number),
        ValueKind.UInt32 => number => (long)checked((uint)number),
        ValueKind.TimeSpan => number => TimeSpan.FromTicks(Truncate(number)),
        // The same 64 bits in both engines (a ulong from 2^63 up is negative to SQL), and an enum's number.
        ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => number => number,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind SQLite stores as an integer"),
    };

    /// <summary>How PostgreSQL's value of a kind is read back: the .NET type <see cref="FromSqlite"/> gives for it.</summary>
    internal static Func<NpgsqlDataReader, int, object> ReaderOf(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => (row, i) => row.GetFieldValue<bool>(i),
        ValueKind.SByte or ValueKind.Byte or ValueKind.Int16 => (row, i) => row.GetFieldValue<short>(i),
        ValueKind.UInt16 or ValueKind.Int32 => (row, i) => row.GetFieldValue<int>(i),
        ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => (row, i) => row.GetFieldValue<long>(i),
        ValueKind.Single => (row, i) => row.GetFieldValue<float>(i),
        ValueKind.Double => (row, i) => row.GetFieldValue<double>(i),
        ValueKind.Decimal => (row, i) => row.GetFieldValue<decimal>(i),
        ValueKind.Bytes or ValueKind.Vector => (row, i) => row.GetFieldValue<byte[]>(i),
        ValueKind.Guid => (row, i) => row.GetFieldValue<Guid>(i),
        ValueKind.DateTime or ValueKind.DateTimeOffset => (row, i) => row.GetFieldValue<DateTime>(i),
        ValueKind.DateOnly => (row, i) => row.GetFieldValue<DateOnly>(i),
        ValueKind.TimeOnly => (row, i) => row.GetFieldValue<TimeOnly>(i),
        ValueKind.TimeSpan => (row, i) => row.GetFieldValue<TimeSpan>(i),
        ValueKind.String or ValueKind.Char or ValueKind.EnumText or ValueKind.Json => (row, i) => row.GetFieldValue<string>(i),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no PostgreSQL reader"),
    };

    private static Func<SqliteDataReader, int, object> StoredText(Func<string, object> convert) =>
        (row, ordinal) => convert(Text(row.GetFieldValue<byte[]>(ordinal)));

    private static Func<SqliteDataReader, int, object> StoredInteger(Func<long, object> convert) =>
        (row, ordinal) => convert(Integer(row, ordinal));

    private static object Blob(SqliteDataReader row, int ordinal) =>
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
    private static object Json(string text)
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

using System;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// One column of a copied table: how its SQLite stored value becomes the .NET value written to its PostgreSQL type
/// (<see cref="FromSqlite"/>), and how that type is read back (<see cref="FromPostgres"/>). The conversions are the
/// runtime's own (<see cref="SqliteValues"/>): what the application reads from the file is what PostgreSQL gets.
/// PostgreSQL keeps times to the microsecond: the 7th fractional digit SQLite's text holds is dropped.
/// </summary>
internal sealed class CopyColumn
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public CopyColumn(ColumnSchema schema)
    {
        Schema = schema;
        PostgresType = PostgreSqlDialect.Instance.ColumnType(schema);
        DbType = PostgresType switch
        {
            "boolean" => NpgsqlDbType.Boolean,
            "smallint" => NpgsqlDbType.Smallint,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "real" => NpgsqlDbType.Real,
            "double precision" => NpgsqlDbType.Double,
            "numeric" => NpgsqlDbType.Numeric,
            "bytea" => NpgsqlDbType.Bytea,
            "uuid" => NpgsqlDbType.Uuid,
            "timestamptz" => NpgsqlDbType.TimestampTz,
            "date" => NpgsqlDbType.Date,
            "time" => NpgsqlDbType.Time,
            "interval" => NpgsqlDbType.Interval,
            "jsonb" => NpgsqlDbType.Jsonb,
            _ => NpgsqlDbType.Text,
        };
        // Text comes out of SQLite as its bytes, so invalid UTF-8 is found here rather than silently replaced.
        ReadsText = PostgresType is "text" or "jsonb" or "numeric" or "uuid" or "timestamptz" or "date" or "time";
    }

    public ColumnSchema Schema { get; }

    public string PostgresType { get; }

    public NpgsqlDbType DbType { get; }

    /// <summary>Whether the SQLite side selects the column's bytes (<c>CAST(column AS BLOB)</c>) to read it as strict UTF-8.</summary>
    public bool ReadsText { get; }

    /// <summary>The value to write for the SQLite row's column <paramref name="ordinal"/>; null for NULL.</summary>
    /// <exception cref="FormatException">The stored value has no form in the column's PostgreSQL type (the message says why).</exception>
    public object? FromSqlite(SqliteDataReader row, int ordinal)
    {
        if (row.IsDBNull(ordinal))
            return null;
        if (ReadsText)
        {
            string text = Text(row.GetFieldValue<byte[]>(ordinal));
            return PostgresType switch
            {
                "numeric" => SqliteValues.ToDecimal(text),
                "uuid" => SqliteValues.ToGuid(text),
                "timestamptz" => Microseconds(Schema.Kind == ColumnKinds.DateTimeOffset ? SqliteValues.ToDateTimeOffset(text).UtcDateTime : SqliteValues.ToDateTime(text)),
                "date" => SqliteValues.ToDateOnly(text),
                "time" => new TimeOnly(Truncate(SqliteValues.ToTimeOnly(text).Ticks)),
                "jsonb" => Json(text),
                _ when Schema.Kind == ColumnKinds.Char && text.Length != 1 => throw new FormatException($"holds {text.Length} characters, not the one a char column holds"),
                _ => text,
            };
        }
        Type stored = row.GetFieldType(ordinal);
        if (PostgresType == "bytea")
        {
            return stored == typeof(byte[]) ? row.GetFieldValue<byte[]>(ordinal) : throw NotStored(row, ordinal, "a BLOB");
        }
        if (PostgresType is "real" or "double precision")
        {
            if (stored != typeof(double) && stored != typeof(long))
                throw NotStored(row, ordinal, "a number");
            double value = row.GetDouble(ordinal);
            if (PostgresType == "real")
                return (float)value; // boxed as float: a conditional with the double would widen it back
            return value;
        }
        if (stored != typeof(long))
            throw NotStored(row, ordinal, "an integer");
        long number = row.GetInt64(ordinal);
        return Schema.Kind switch
        {
            ColumnKinds.Boolean => number switch { 0 => false, 1 => true, _ => throw new FormatException($"holds {number}, which is not a bool (0 or 1)") },
            ColumnKinds.SByte => (short)checked((sbyte)number),
            ColumnKinds.Byte => (short)checked((byte)number),
            ColumnKinds.Int16 => checked((short)number),
            ColumnKinds.UInt16 => (int)checked((ushort)number),
            ColumnKinds.Int32 => checked((int)number),
            ColumnKinds.UInt32 => (long)checked((uint)number),
            ColumnKinds.TimeSpan => TimeSpan.FromTicks(Truncate(number)),
            _ => number,
        };
    }

    /// <summary>The value PostgreSQL holds for the row's column <paramref name="ordinal"/>, as the same .NET type <see cref="FromSqlite"/> gives.</summary>
    public object? FromPostgres(NpgsqlDataReader row, int ordinal)
    {
        if (row.IsDBNull(ordinal))
            return null;
        return PostgresType switch
        {
            "boolean" => row.GetFieldValue<bool>(ordinal),
            "smallint" => row.GetFieldValue<short>(ordinal),
            "integer" => row.GetFieldValue<int>(ordinal),
            "bigint" => row.GetFieldValue<long>(ordinal),
            "real" => row.GetFieldValue<float>(ordinal),
            "double precision" => row.GetFieldValue<double>(ordinal),
            "numeric" => row.GetFieldValue<decimal>(ordinal),
            "bytea" => row.GetFieldValue<byte[]>(ordinal),
            "uuid" => row.GetFieldValue<Guid>(ordinal),
            "timestamptz" => row.GetFieldValue<DateTime>(ordinal),
            "date" => row.GetFieldValue<DateOnly>(ordinal),
            "time" => row.GetFieldValue<TimeOnly>(ordinal),
            "interval" => row.GetFieldValue<TimeSpan>(ordinal),
            _ => row.GetFieldValue<string>(ordinal), // text, jsonb
        };
    }

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

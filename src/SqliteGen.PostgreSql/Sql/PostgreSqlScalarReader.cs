using System;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// How <see cref="PostgreSqlDatabaseSql"/> reads a single-column result as <typeparamref name="T"/>, the types SQLite's
/// <c>db.Sql</c> reads (its <c>ScalarReader</c>), chosen once per type by comparing <c>typeof(T)</c>: no reflection.
/// A number reads from any PostgreSQL number type whose value fits (<c>count(*)</c> is a <c>bigint</c>, <c>1</c> an
/// <c>integer</c>, <c>sum</c> of integers a <c>numeric</c>: each reads as a <c>long</c> or an <c>int</c>, as on SQLite);
/// the other types read from their own PostgreSQL type or from their stored text, as SQLite holds them. Null for a
/// type that is not a stored type.
/// </summary>
internal static class PostgreSqlScalarReader<T>
{
    public static readonly Func<NpgsqlDataReader, int, T>? Read = Choose();

    /// <summary>True for <c>Nullable&lt;&gt;</c> forms and reference types, which take NULL.</summary>
    public static readonly bool TakesNull = default(T) is null;

    private static Func<NpgsqlDataReader, int, T>? Choose()
    {
        object? read = null;
        if (typeof(T) == typeof(long) || typeof(T) == typeof(long?)) read = Make(static (r, c) => Scalars.Integer(r, c));
        else if (typeof(T) == typeof(int) || typeof(T) == typeof(int?)) read = Make(static (r, c) => checked((int)Scalars.Integer(r, c)));
        else if (typeof(T) == typeof(short) || typeof(T) == typeof(short?)) read = Make(static (r, c) => checked((short)Scalars.Integer(r, c)));
        else if (typeof(T) == typeof(byte) || typeof(T) == typeof(byte?)) read = Make(static (r, c) => checked((byte)Scalars.Integer(r, c)));
        else if (typeof(T) == typeof(ulong) || typeof(T) == typeof(ulong?)) read = Make(static (r, c) => unchecked((ulong)Scalars.Integer(r, c)));
        else if (typeof(T) == typeof(uint) || typeof(T) == typeof(uint?)) read = Make(static (r, c) => checked((uint)Scalars.Integer(r, c)));
        else if (typeof(T) == typeof(bool) || typeof(T) == typeof(bool?)) read = Make(static (r, c) => r.GetFieldType(c) == typeof(bool) ? r.GetBoolean(c) : Scalars.Integer(r, c) != 0);
        else if (typeof(T) == typeof(double) || typeof(T) == typeof(double?)) read = Make(static (r, c) => Scalars.Real(r, c));
        else if (typeof(T) == typeof(float) || typeof(T) == typeof(float?)) read = Make(static (r, c) => (float)Scalars.Real(r, c));
        else if (typeof(T) == typeof(string)) read = new Func<NpgsqlDataReader, int, string>(static (r, c) => r.GetString(c));
        else if (typeof(T) == typeof(byte[])) read = new Func<NpgsqlDataReader, int, byte[]>(static (r, c) => r.GetFieldValue<byte[]>(c));
        else if (typeof(T) == typeof(Guid) || typeof(T) == typeof(Guid?)) read = Make(static (r, c) => Scalars.IsText(r, c) ? SqliteValues.ToGuid(r.GetString(c)) : r.GetGuid(c));
        else if (typeof(T) == typeof(decimal) || typeof(T) == typeof(decimal?)) read = Make(static (r, c) => Scalars.Decimal(r, c));
        else if (typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTime?)) read = Make(static (r, c) => Scalars.IsText(r, c) ? SqliteValues.ToDateTime(r.GetString(c)) : r.GetFieldValue<DateTime>(c));
        else if (typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTimeOffset?)) read = Make(static (r, c) => Scalars.IsText(r, c) ? SqliteValues.ToDateTimeOffset(r.GetString(c)) : r.GetFieldValue<DateTimeOffset>(c));
        else if (typeof(T) == typeof(DateOnly) || typeof(T) == typeof(DateOnly?)) read = Make(static (r, c) => Scalars.IsText(r, c) ? SqliteValues.ToDateOnly(r.GetString(c)) : r.GetFieldValue<DateOnly>(c));
        else if (typeof(T) == typeof(TimeOnly) || typeof(T) == typeof(TimeOnly?)) read = Make(static (r, c) => Scalars.IsText(r, c) ? SqliteValues.ToTimeOnly(r.GetString(c)) : r.GetFieldValue<TimeOnly>(c));
        else if (typeof(T) == typeof(TimeSpan) || typeof(T) == typeof(TimeSpan?)) read = Make(static (r, c) => r.GetFieldType(c) == typeof(TimeSpan) ? r.GetFieldValue<TimeSpan>(c) : new TimeSpan(Scalars.Integer(r, c)));
        return (Func<NpgsqlDataReader, int, T>?)read;
    }

    /// <summary>The reader for a value type <typeparamref name="TValue"/>, as a reader of <typeparamref name="T"/> (the type itself or its nullable form).</summary>
    private static object Make<TValue>(Func<NpgsqlDataReader, int, TValue> read) where TValue : struct =>
        typeof(T) == typeof(TValue) ? read : new Func<NpgsqlDataReader, int, TValue?>((r, c) => read(r, c));
}

/// <summary>The conversions between PostgreSQL's number types that <see cref="PostgreSqlScalarReader{T}"/> shares.</summary>
internal static class Scalars
{
    /// <summary>A whole number from <c>smallint</c>, <c>integer</c>, <c>bigint</c> or a whole <c>numeric</c>.</summary>
    public static long Integer(NpgsqlDataReader row, int column)
    {
        Type type = row.GetFieldType(column);
        if (type == typeof(short))
            return row.GetInt16(column);
        if (type == typeof(int))
            return row.GetInt32(column);
        if (type == typeof(decimal))
        {
            decimal value = row.GetDecimal(column);
            return decimal.Truncate(value) == value ? checked((long)value) : throw new FormatException($"{value} is not a whole number.");
        }
        return row.GetInt64(column);
    }

    /// <summary>A real from <c>double precision</c>, <c>real</c>, <c>numeric</c> (<c>avg</c>) or an integer type.</summary>
    public static double Real(NpgsqlDataReader row, int column)
    {
        Type type = row.GetFieldType(column);
        if (type == typeof(double))
            return row.GetDouble(column);
        if (type == typeof(float))
            return row.GetFloat(column);
        if (type == typeof(decimal))
            return (double)row.GetDecimal(column);
        return Integer(row, column);
    }

    /// <summary>A decimal from <c>numeric</c>, an integer or real type, or the stored text.</summary>
    public static decimal Decimal(NpgsqlDataReader row, int column)
    {
        Type type = row.GetFieldType(column);
        if (type == typeof(decimal))
            return row.GetDecimal(column);
        if (type == typeof(double) || type == typeof(float))
            return (decimal)Real(row, column);
        if (type == typeof(string))
            return SqliteValues.ToDecimal(row.GetString(column));
        return Integer(row, column);
    }

    public static bool IsText(NpgsqlDataReader row, int column) => row.GetFieldType(column) == typeof(string);
}

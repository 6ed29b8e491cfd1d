using System;

namespace SqliteGen.Runtime;

/// <summary>
/// How <see cref="DatabaseSql"/> reads a single-column result as <typeparamref name="T"/>: chosen once per type by
/// comparing <c>typeof(T)</c> with the stored types (docs/type-mapping.md), so no reflection and nothing for the
/// trimmer to keep. Null for a type that is not a stored type.
/// </summary>
internal static class ScalarReader<T>
{
    public static readonly Func<StatementRunner, int, T>? Read = Choose();

    /// <summary>True for <c>Nullable&lt;&gt;</c> forms and reference types, which take NULL.</summary>
    public static readonly bool TakesNull = default(T) is null;

    private static Func<StatementRunner, int, T>? Choose()
    {
        object? read = null;
        if (typeof(T) == typeof(long) || typeof(T) == typeof(long?)) read = Make(static (r, c) => r.GetInt64(c));
        else if (typeof(T) == typeof(int) || typeof(T) == typeof(int?)) read = Make(static (r, c) => checked((int)r.GetInt64(c)));
        else if (typeof(T) == typeof(short) || typeof(T) == typeof(short?)) read = Make(static (r, c) => checked((short)r.GetInt64(c)));
        else if (typeof(T) == typeof(byte) || typeof(T) == typeof(byte?)) read = Make(static (r, c) => checked((byte)r.GetInt64(c)));
        else if (typeof(T) == typeof(ulong) || typeof(T) == typeof(ulong?)) read = Make(static (r, c) => unchecked((ulong)r.GetInt64(c)));
        else if (typeof(T) == typeof(uint) || typeof(T) == typeof(uint?)) read = Make(static (r, c) => checked((uint)r.GetInt64(c)));
        else if (typeof(T) == typeof(bool) || typeof(T) == typeof(bool?)) read = Make(static (r, c) => r.GetBoolean(c));
        else if (typeof(T) == typeof(double) || typeof(T) == typeof(double?)) read = Make(static (r, c) => r.GetDouble(c));
        else if (typeof(T) == typeof(float) || typeof(T) == typeof(float?)) read = Make(static (r, c) => (float)r.GetDouble(c));
        else if (typeof(T) == typeof(string)) read = new Func<StatementRunner, int, string>(static (r, c) => r.GetString(c));
        else if (typeof(T) == typeof(byte[])) read = new Func<StatementRunner, int, byte[]>(static (r, c) => r.GetBlob(c));
        else if (typeof(T) == typeof(Guid) || typeof(T) == typeof(Guid?)) read = Make(static (r, c) => r.GetGuid(c));
        else if (typeof(T) == typeof(decimal) || typeof(T) == typeof(decimal?)) read = Make(static (r, c) => r.GetDecimal(c));
        else if (typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTime?)) read = Make(static (r, c) => r.GetDateTime(c));
        else if (typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTimeOffset?)) read = Make(static (r, c) => r.GetDateTimeOffset(c));
        else if (typeof(T) == typeof(DateOnly) || typeof(T) == typeof(DateOnly?)) read = Make(static (r, c) => r.GetDateOnly(c));
        else if (typeof(T) == typeof(TimeOnly) || typeof(T) == typeof(TimeOnly?)) read = Make(static (r, c) => r.GetTimeOnly(c));
        else if (typeof(T) == typeof(TimeSpan) || typeof(T) == typeof(TimeSpan?)) read = Make(static (r, c) => new TimeSpan(r.GetInt64(c)));
        return (Func<StatementRunner, int, T>?)read;
    }

    /// <summary>The reader for a value type <typeparamref name="TValue"/>, as a reader of <typeparamref name="T"/> (the type itself or its nullable form).</summary>
    private static object Make<TValue>(Func<StatementRunner, int, TValue> read) where TValue : struct =>
        typeof(T) == typeof(TValue) ? read : new Func<StatementRunner, int, TValue?>((r, c) => read(r, c));
}

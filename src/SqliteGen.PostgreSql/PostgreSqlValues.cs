using System;
using System.ComponentModel;
using Npgsql;
using NpgsqlTypes;

namespace SqliteGen.PostgreSql;

/// <summary>
/// What generated PostgreSQL code binds values with: typed parameters (no boxing for value types), each with its
/// PostgreSQL type set, so a NULL is typed too and a statement keeps one set of parameter types. The conversions a .NET
/// value needs on its way to its PostgreSQL type are here; the generator (Emitting/PostgreSql/PgValueCode.cs) says
/// which one each column kind takes (docs/type-mapping.md, the PostgreSQL column).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PostgreSqlValues
{
    /// <summary>Adds <paramref name="value"/> as the next positional parameter (<c>$1</c>, <c>$2</c>, ...), typed <paramref name="type"/>.</summary>
    public static void Add<T>(NpgsqlParameterCollection parameters, T value, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value, NpgsqlDbType = type });

    /// <summary>Adds a NULL of <paramref name="type"/> as the next positional parameter.</summary>
    public static void AddNull(NpgsqlParameterCollection parameters, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = type });

    /// <summary>
    /// A DateTime for a <c>timestamptz</c> column: a Local time converted to UTC, an Unspecified one taken to be UTC, as
    /// SQLite's side stores them (<c>SqliteValues.FromDateTime</c>). It reads back as <see cref="DateTimeKind.Utc"/>.
    /// </summary>
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}

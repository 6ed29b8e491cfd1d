using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
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

    /// <summary>
    /// Gives positional parameter <paramref name="index"/> (0 is <c>$1</c>) the value <paramref name="value"/>: the first
    /// bind of a statement adds it (typed <paramref name="type"/>), a later bind of the same statement (the next row of an
    /// InsertMany or an import) sets the <see cref="NpgsqlParameter{T}.TypedValue"/> of the parameter already there, so a
    /// statement reused row after row allocates no parameter. A null (a null reference, or a nullable value type without a
    /// value) is a NULL of <paramref name="type"/>.
    /// </summary>
    /// <remarks>A binder gives the parameters of a statement in order, each always of the same <typeparamref name="T"/>.</remarks>
    public static void Set<T>(NpgsqlParameterCollection parameters, int index, T value, NpgsqlDbType type)
    {
        if (index < parameters.Count)
            ((NpgsqlParameter<T>)parameters[index]).TypedValue = value;
        else
            Add(parameters, value, type);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as the next field of the current row of a binary COPY, typed
    /// <paramref name="type"/> as <see cref="Set{T}"/> types the same column's parameter (a null is a NULL): what a generated
    /// <see cref="PostgreSqlRowWriter{T}"/> writes each column with. Synchronously unless <paramref name="async"/>.
    /// </summary>
    public static Task Write<T>(NpgsqlBinaryImporter row, T value, NpgsqlDbType type, bool async, CancellationToken cancellationToken)
    {
        if (async)
            return row.WriteAsync(value, type, cancellationToken);
        row.Write(value, type);
        return Task.CompletedTask;
    }

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

using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The C# code that moves one column between a .NET value and a PostgreSQL parameter or row, per <see cref="ValueKind"/>:
/// the PostgreSQL type each kind is bound as (the column type <c>PostgreSqlDialect.ColumnType</c> creates, so a NULL is
/// typed too), the conversion on the way in, and the read on the way out. The PostgreSQL counterpart of
/// <see cref="ValueCode"/>; the forms both engines store alike (an <c>[EnumAsText]</c> name, a char's one-character text, a
/// vector's little-endian floats) are <see cref="ValueCode"/>'s own. docs/type-mapping.md has the table.
/// </summary>
internal static class PgValueCode
{
    private const string Values = "global::SqliteGen.PostgreSql.PostgreSqlValues";
    private const string DbType = "global::NpgsqlTypes.NpgsqlDbType.";

    /// <summary>The <c>NpgsqlDbType</c> member a column of this kind is bound as.</summary>
    public static string ParameterType(ColumnModel column) => DbType + Parameter(column).Type;

    /// <summary>
    /// Per kind, the <c>NpgsqlDbType</c> member its parameter is typed (<see cref="ParameterType"/>) and the .NET type of
    /// the value <see cref="ToParameter"/> gives (the <c>T</c> of its <c>NpgsqlParameter&lt;T&gt;</c>).
    /// </summary>
    private static (string Type, string Value) Parameter(ColumnModel column) => column.Kind switch
    {
        ValueKind.Boolean => ("Boolean", "bool"),
        ValueKind.SByte or ValueKind.Byte or ValueKind.Int16 => ("Smallint", "short"),
        ValueKind.UInt16 or ValueKind.Int32 => ("Integer", "int"),
        ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => ("Bigint", "long"),
        ValueKind.Single => ("Real", "float"),
        ValueKind.Double => ("Double", "double"),
        ValueKind.Decimal => ("Numeric", "decimal"),
        ValueKind.Bytes or ValueKind.Vector => ("Bytea", "byte[]"),
        ValueKind.Guid => ("Uuid", "global::System.Guid"),
        ValueKind.DateTime => ("TimestampTz", "global::System.DateTime"),
        ValueKind.DateTimeOffset => ("TimestampTz", "global::System.DateTimeOffset"),
        ValueKind.DateOnly => ("Date", "global::System.DateOnly"),
        ValueKind.TimeOnly => ("Time", "global::System.TimeOnly"),
        ValueKind.TimeSpan => ("Interval", "global::System.TimeSpan"),
        ValueKind.Json => ("Jsonb", "string"),
        _ => ("Text", "string"), // String, Char, EnumText
    };

    /// <summary>An expression converting the non-null value <paramref name="value"/> to what its PostgreSQL parameter takes.</summary>
    public static string ToParameter(ColumnModel column, string value, string qualifiedColumn) => column.Kind switch
    {
        ValueKind.SByte or ValueKind.Byte => $"(short){value}",
        ValueKind.UInt16 => $"(int){value}",
        ValueKind.UInt32 => $"(long){value}",
        ValueKind.UInt64 => $"unchecked((long){value})",
        ValueKind.Enum => column.EnumUnderlyingType == "ulong" ? $"unchecked((long)(ulong){value})" : $"(long){value}",
        ValueKind.DateTime => $"{Values}.Utc({value})",
        ValueKind.DateTimeOffset => $"{value}.ToUniversalTime()", // Npgsql writes timestamptz from offset 0 only
        ValueKind.Char or ValueKind.EnumText or ValueKind.Json or ValueKind.Vector => ValueCode.ToStorage(column, value, qualifiedColumn),
        _ => value,
    };

    /// <summary>
    /// The statement giving positional parameter <paramref name="index"/> (0 is <c>$1</c>) of <paramref name="parameters"/>
    /// (an <c>NpgsqlParameterCollection</c>) the value <paramref name="value"/> (a member or argument of the column's type):
    /// <c>PostgreSqlValues.Set</c> adds the parameter at a statement's first bind and sets its typed value at the next, so
    /// a statement reused for row after row keeps its parameters. A null is a typed NULL: a column that can hold one has an
    /// <c>NpgsqlParameter&lt;T?&gt;</c>. With <paramref name="at"/> (a variable's name) the position is counted from it:
    /// the row of a multi-row INSERT that begins there.
    /// </summary>
    public static string Bind(ColumnModel column, string value, string parameters, int index, string qualifiedColumn, string? at = null)
    {
        string number = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string position = at is null ? number : index == 0 ? at : at + " + " + number;
        (string typeArgument, string argument) = Typed(column, value, qualifiedColumn);
        return $"{Values}.Set{typeArgument}({parameters}, {position}, {argument}, {ParameterType(column)});";
    }

    /// <summary>
    /// The statement writing <paramref name="value"/> as the next field of <paramref name="row"/> (an
    /// <c>NpgsqlBinaryImporter</c>'s current row) in a method with <c>async</c> and <c>cancellationToken</c> parameters:
    /// <c>PostgreSqlValues.Write</c>, with the value converted and typed as <see cref="Bind"/> binds it.
    /// </summary>
    public static string Write(ColumnModel column, string value, string row, string qualifiedColumn)
    {
        (string typeArgument, string argument) = Typed(column, value, qualifiedColumn);
        return $"await {Values}.Write{typeArgument}({row}, {argument}, {ParameterType(column)}, async, cancellationToken).ConfigureAwait(false);";
    }

    /// <summary>
    /// The type argument (empty when inferred) and the argument a column's value is bound or written with: as it is when
    /// it needs no conversion (a null reference or an empty Nullable is the NULL) or is never null, else converted when
    /// not null.
    /// </summary>
    private static (string TypeArgument, string Argument) Typed(ColumnModel column, string value, string qualifiedColumn)
    {
        string converted = ToParameter(column, value, qualifiedColumn);
        if (converted == value || (!column.IsNullable && !column.IsReferenceType))
            return ("", converted);
        string local = ValueCode.LocalName(column);
        return ($"<{Parameter(column).Value}?>", $"{value} is {{ }} {local} ? {ToParameter(column, local, qualifiedColumn)} : null");
    }

    /// <summary>
    /// An expression reading the non-null value of column <paramref name="ordinal"/> of <paramref name="row"/> (an
    /// <c>NpgsqlDataReader</c>). <paramref name="source"/> (<c>table.column</c>) and <paramref name="key"/> name the value in an error.
    /// </summary>
    public static string FromRow(ColumnModel column, string row, int ordinal, string? source, string? key) => column.Kind switch
    {
        ValueKind.Boolean => $"{row}.GetBoolean({ordinal})",
        ValueKind.SByte => $"checked((sbyte){row}.GetInt16({ordinal}))",
        ValueKind.Byte => $"checked((byte){row}.GetInt16({ordinal}))",
        ValueKind.Int16 => $"{row}.GetInt16({ordinal})",
        ValueKind.UInt16 => $"checked((ushort){row}.GetInt32({ordinal}))",
        ValueKind.Int32 => $"{row}.GetInt32({ordinal})",
        ValueKind.UInt32 => $"checked((uint){row}.GetInt64({ordinal}))",
        ValueKind.Int64 => $"{row}.GetInt64({ordinal})",
        ValueKind.UInt64 => $"unchecked((ulong){row}.GetInt64({ordinal}))",
        ValueKind.Single => $"{row}.GetFloat({ordinal})",
        ValueKind.Double => $"{row}.GetDouble({ordinal})",
        ValueKind.Decimal => $"{row}.GetDecimal({ordinal})",
        ValueKind.Bytes => $"{row}.GetFieldValue<byte[]>({ordinal})",
        ValueKind.Guid => $"{row}.GetGuid({ordinal})",
        ValueKind.DateTime => $"{row}.GetFieldValue<global::System.DateTime>({ordinal})",
        ValueKind.DateTimeOffset => $"{row}.GetFieldValue<global::System.DateTimeOffset>({ordinal})",
        ValueKind.DateOnly => $"{row}.GetFieldValue<global::System.DateOnly>({ordinal})",
        ValueKind.TimeOnly => $"{row}.GetFieldValue<global::System.TimeOnly>({ordinal})",
        ValueKind.TimeSpan => $"{row}.GetFieldValue<global::System.TimeSpan>({ordinal})",
        ValueKind.Enum => column.EnumUnderlyingType == "ulong"
            ? $"({column.NonNullableTypeName})unchecked((ulong){row}.GetInt64({ordinal}))"
            : $"({column.NonNullableTypeName}){row}.GetInt64({ordinal})",
        ValueKind.Json => $"global::System.Text.Json.JsonSerializer.Deserialize({row}.GetString({ordinal}), {ValueCode.JsonField(column)})!",
        ValueKind.Vector => $"global::SqliteGen.Runtime.VectorColumn.{(column.IsVectorMemory ? "ReadMemory" : "ReadArray")}({row}.GetFieldValue<byte[]>({ordinal}))",
        // String as it is; Char and EnumText read their text as SQLite's side does.
        _ => ValueCode.FromStorage(column, row, ordinal, source, key),
    };

    /// <summary>Reads column <paramref name="ordinal"/> of the current row, NULL-aware.</summary>
    public static string Read(ColumnModel column, string row, int ordinal, string? source, string? key) =>
        column.IsNullable
            ? $"{row}.IsDBNull({ordinal}) ? default({column.NonNullableTypeName}?) : {FromRow(column, row, ordinal, source, key)}"
            : FromRow(column, row, ordinal, source, key);
}

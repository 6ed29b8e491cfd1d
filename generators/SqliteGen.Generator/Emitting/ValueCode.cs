using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The C# expressions that move one column between a .NET value and Microsoft.Data.Sqlite, per
/// <see cref="ValueKind"/>. The rules are documented in docs/type-mapping.md; keep the two in step.
/// </summary>
internal static class ValueCode
{
    private const string Values = "global::SqliteGen.Runtime.SqliteValues";

    /// <summary>An expression converting the non-null value <paramref name="value"/> to what SQLite stores.</summary>
    public static string ToStorage(ColumnModel column, string value, string qualifiedColumn) => column.Kind switch
    {
        ValueKind.UInt64 => $"unchecked((long){value})",
        ValueKind.Single or ValueKind.Double => $"{Values}.FromDouble({value}, {SourceWriter.Literal(qualifiedColumn)})",
        ValueKind.Decimal => $"{Values}.FromDecimal({value})",
        ValueKind.Char => $"{Values}.FromChar({value})",
        ValueKind.Guid => $"{Values}.FromGuid({value})",
        ValueKind.DateTime => $"{Values}.FromDateTime({value})",
        ValueKind.DateTimeOffset => $"{Values}.FromDateTimeOffset({value})",
        ValueKind.DateOnly => $"{Values}.FromDateOnly({value})",
        ValueKind.TimeOnly => $"{Values}.FromTimeOnly({value})",
        ValueKind.TimeSpan => $"{value}.Ticks",
        ValueKind.Enum => column.EnumUnderlyingType == "ulong" ? $"unchecked((long)(ulong){value})" : $"(long){value}",
        ValueKind.Json => $"global::System.Text.Json.JsonSerializer.Serialize({value}, {JsonField(column)})",
        _ => value,
    };

    /// <summary>The statement assigning parameter <paramref name="index"/> from <c>entity.Member</c>.</summary>
    public static string Bind(ColumnModel column, string source, string target, string qualifiedColumn)
    {
        string member = source + "." + column.MemberName;
        bool mayBeNull = column.IsNullable || column.IsReferenceType;
        if (!mayBeNull)
            return $"{target} = {ToStorage(column, member, qualifiedColumn)};";
        if (column.Kind is ValueKind.String or ValueKind.Bytes)
            return $"{target} = (object?){member} ?? global::System.DBNull.Value;";
        string local = LocalName(column);
        return $"{target} = {member} is {{ }} {local} ? {ToStorage(column, local, qualifiedColumn)} : global::System.DBNull.Value;";
    }

    /// <summary>An expression reading the non-null value at <paramref name="ordinal"/>.</summary>
    public static string FromStorage(ColumnModel column, string reader, int ordinal) => column.Kind switch
    {
        ValueKind.Boolean => $"{reader}.GetBoolean({ordinal})",
        ValueKind.SByte => $"checked((sbyte){reader}.GetInt64({ordinal}))",
        ValueKind.Byte => $"checked((byte){reader}.GetInt64({ordinal}))",
        ValueKind.Int16 => $"checked((short){reader}.GetInt64({ordinal}))",
        ValueKind.UInt16 => $"checked((ushort){reader}.GetInt64({ordinal}))",
        ValueKind.Int32 => $"checked((int){reader}.GetInt64({ordinal}))",
        ValueKind.UInt32 => $"checked((uint){reader}.GetInt64({ordinal}))",
        ValueKind.Int64 => $"{reader}.GetInt64({ordinal})",
        ValueKind.UInt64 => $"unchecked((ulong){reader}.GetInt64({ordinal}))",
        ValueKind.Single => $"(float){reader}.GetDouble({ordinal})",
        ValueKind.Double => $"{reader}.GetDouble({ordinal})",
        ValueKind.Decimal => $"{Values}.ToDecimal({reader}.GetString({ordinal}))",
        ValueKind.String => $"{reader}.GetString({ordinal})",
        ValueKind.Char => $"{Values}.ToChar({reader}.GetString({ordinal}))",
        ValueKind.Bytes => $"{reader}.GetFieldValue<byte[]>({ordinal})",
        ValueKind.Guid => $"{Values}.ToGuid({reader}.GetString({ordinal}))",
        ValueKind.DateTime => $"{Values}.ToDateTime({reader}.GetString({ordinal}))",
        ValueKind.DateTimeOffset => $"{Values}.ToDateTimeOffset({reader}.GetString({ordinal}))",
        ValueKind.DateOnly => $"{Values}.ToDateOnly({reader}.GetString({ordinal}))",
        ValueKind.TimeOnly => $"{Values}.ToTimeOnly({reader}.GetString({ordinal}))",
        ValueKind.TimeSpan => $"new global::System.TimeSpan({reader}.GetInt64({ordinal}))",
        ValueKind.Enum => column.EnumUnderlyingType == "ulong"
            ? $"({column.NonNullableTypeName})unchecked((ulong){reader}.GetInt64({ordinal}))"
            : $"({column.NonNullableTypeName}){reader}.GetInt64({ordinal})",
        ValueKind.Json => $"global::System.Text.Json.JsonSerializer.Deserialize({reader}.GetString({ordinal}), {JsonField(column)})!",
        _ => $"{reader}.GetValue({ordinal})",
    };

    /// <summary>Reads the column at <paramref name="ordinal"/>, NULL-aware.</summary>
    public static string Read(ColumnModel column, string reader, int ordinal) =>
        column.IsNullable
            ? $"{reader}.IsDBNull({ordinal}) ? default({column.NonNullableTypeName}?) : {FromStorage(column, reader, ordinal)}"
            : FromStorage(column, reader, ordinal);

    /// <summary>A key or index argument (a method parameter) converted for binding.</summary>
    public static string BindArgument(ColumnModel column, string argument, string qualifiedColumn)
    {
        if (!column.IsNullable && !column.IsReferenceType)
            return ToStorage(column, argument, qualifiedColumn);
        if (column.Kind is ValueKind.String or ValueKind.Bytes)
            return $"(object?){argument} ?? global::System.DBNull.Value";
        string local = LocalName(column);
        return $"{argument} is {{ }} {local} ? {ToStorage(column, local, qualifiedColumn)} : global::System.DBNull.Value";
    }

    public static string JsonField(ColumnModel column) => "s_" + char.ToLowerInvariant(column.MemberName[0]) + column.MemberName.Substring(1) + "Json";

    private static string LocalName(ColumnModel column) => char.ToLowerInvariant(column.MemberName[0]) + column.MemberName.Substring(1) + "Value";
}

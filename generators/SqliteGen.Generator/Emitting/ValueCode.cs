using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The C# code that moves one column between a .NET value and a SQLite statement (through
/// <c>SqliteGen.Runtime.StatementRunner</c>): the code of each <see cref="ValueKind"/> is its <see cref="TypeMapping"/>
/// row, filled in here; the kinds whose code depends on the column (enums, <c>[JsonColumn]</c>, <c>[Vector]</c>) are
/// written here. The rules are documented in docs/type-mapping.md.
/// </summary>
internal static class ValueCode
{
    private const string Values = "global::SqliteGen.Runtime.SqliteValues";

    /// <summary>
    /// An expression converting the non-null value <paramref name="value"/> to what SQLite stores. Guid,
    /// decimal and the date and time types are bound as they are: the runner formats them into UTF-8 text.
    /// </summary>
    public static string ToStorage(ColumnModel column, string value, string qualifiedColumn) => column.Kind switch
    {
        ValueKind.Enum => column.EnumUnderlyingType == "ulong" ? $"unchecked((long)(ulong){value})" : $"(long){value}",
        ValueKind.EnumText => EnumToName(column, value, qualifiedColumn),
        ValueKind.Json => $"global::System.Text.Json.JsonSerializer.Serialize({value}, {JsonField(column)})",
        ValueKind.Vector => $"{VectorField(column)}.ToBlob({value}{(column.IsVectorMemory ? ".Span" : "")})",
        _ => Fill(TypeMapping.Of(column.Kind).ToStored!, value: value, column: SourceWriter.Literal(qualifiedColumn)),
    };

    /// <summary>
    /// The statement binding <paramref name="value"/> (a member or argument of the column's type) to parameter
    /// <paramref name="parameter"/> of <paramref name="statement"/>; NULL when the value is null.
    /// </summary>
    public static string Bind(ColumnModel column, string value, string statement, int parameter, string qualifiedColumn)
    {
        MappedType type = TypeMapping.Of(column.Kind);
        if (type.BindTakesNull)
            return $"{statement}.{type.Bind}({parameter}, {value});";
        // JSON is serialized as UTF-8 into the runner's buffer and bound from there: no string in between.
        if (column.Kind is ValueKind.Json)
        {
            string json = LocalName(column);
            return $"if ({value} is {{ }} {json}) {statement}.{type.Bind}({parameter}, {json}, {JsonField(column)}); else {statement}.BindNull({parameter});";
        }
        if (!column.IsNullable && !column.IsReferenceType)
            return $"{statement}.{type.Bind}({parameter}, {ToStorage(column, value, qualifiedColumn)});";
        string local = LocalName(column);
        return $"if ({value} is {{ }} {local}) {statement}.{type.Bind}({parameter}, {ToStorage(column, local, qualifiedColumn)}); else {statement}.BindNull({parameter});";
    }

    /// <summary><c>value switch { Health.Healthy => "healthy", ... }</c>: an <c>[EnumAsText]</c> value's stored name.</summary>
    private static string EnumToName(ColumnModel column, string value, string qualifiedColumn)
    {
        var arms = column.EnumNames.Select(n => $"{column.NonNullableTypeName}.{Naming.Escape(n.Member)} => {SourceWriter.Literal(n.Text)}")
            .Concat(new[] { $"_ => throw {Values}.UnnamedEnumValue({SourceWriter.Literal(qualifiedColumn)}, {value}.ToString(), {SourceWriter.Literal(EnumTypeName(column))})" });
        return $"{value} switch {{ {string.Join(", ", arms)} }}";
    }

    /// <summary>
    /// <c>row.GetString(i) switch { "healthy" => Health.Healthy, ... }</c>: an <c>[EnumAsText]</c> column read strictly, an
    /// unknown name an error naming <paramref name="source"/> (<c>table.column</c>), the row's key (<paramref name="key"/>, an
    /// expression, when the read has it) and the value.
    /// </summary>
    private static string NameToEnum(ColumnModel column, string row, int ordinal, string? source, string? key)
    {
        string names = string.Join(", ", column.EnumNames.Select(n => n.Text));
        var arms = column.EnumNames.Select(n => $"{SourceWriter.Literal(n.Text)} => {column.NonNullableTypeName}.{Naming.Escape(n.Member)}")
            .Concat(new[] { $"var other => throw {Values}.UnknownEnumName({SourceWriter.Literal(source ?? column.ColumnName)}, {key ?? "null"}, other, {SourceWriter.Literal(EnumTypeName(column))}, {SourceWriter.Literal(names)})" });
        return $"{row}.GetString({ordinal}) switch {{ {string.Join(", ", arms)} }}";
    }

    private static string EnumTypeName(ColumnModel column) => column.NonNullableTypeName.Replace("global::", "");

    /// <summary>
    /// An expression reading the non-null value of column <paramref name="ordinal"/> of the current row. <paramref name="source"/>
    /// (<c>table.column</c>) and <paramref name="key"/> (an expression giving the row's key as text) name the value in an error.
    /// </summary>
    public static string FromStorage(ColumnModel column, string row, int ordinal, string? source = null, string? key = null) => column.Kind switch
    {
        ValueKind.EnumText => NameToEnum(column, row, ordinal, source, key),
        ValueKind.Enum => column.EnumUnderlyingType == "ulong"
            ? $"({column.NonNullableTypeName})unchecked((ulong){row}.GetInt64({ordinal}))"
            : $"({column.NonNullableTypeName}){row}.GetInt64({ordinal})",
        ValueKind.Json => $"global::System.Text.Json.JsonSerializer.Deserialize({row}.GetUtf8({ordinal}), {JsonField(column)})!",
        ValueKind.Vector => $"global::SqliteGen.Runtime.VectorColumn.{(column.IsVectorMemory ? "ReadMemory" : "ReadArray")}({row}.GetBlob({ordinal}))",
        _ => Fill(TypeMapping.Of(column.Kind).Read!, row: row, ordinal: ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>
    /// <paramref name="template"/> (a <see cref="TypeMapping"/> row's code) with each placeholder replaced, in one pass, so
    /// that a value holding a placeholder's text (a column named <c>{value}</c>) is not read as one.
    /// </summary>
    private static string Fill(string template, string? value = null, string? column = null, string? row = null, string? ordinal = null)
    {
        var text = new System.Text.StringBuilder(template.Length + 32);
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf('{', at);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
                break;
            string? filled = template.Substring(open + 1, close - open - 1) switch
            {
                "value" => value,
                "column" => column,
                "row" => row,
                "ordinal" => ordinal,
                _ => null,
            };
            text.Append(template, at, open - at).Append(filled ?? template.Substring(open, close - open + 1));
            at = close + 1;
        }
        return text.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>Reads column <paramref name="ordinal"/> of the current row, NULL-aware.</summary>
    public static string Read(ColumnModel column, string row, int ordinal, string? source = null, string? key = null) =>
        column.IsNullable
            ? $"{row}.IsNull({ordinal}) ? default({column.NonNullableTypeName}?) : {FromStorage(column, row, ordinal, source, key)}"
            : FromStorage(column, row, ordinal, source, key);

    /// <summary>The field holding a JSON column's <c>JsonTypeInfo</c> (see <see cref="JsonFields"/>).</summary>
    public static string JsonField(ColumnModel column) => "s_" + char.ToLowerInvariant(column.MemberName[0]) + column.MemberName.Substring(1) + "Json";

    /// <summary>
    /// Declares the <see cref="JsonField"/> of each JSON column of <paramref name="entity"/>, taken from the database's
    /// source-generated <paramref name="jsonContext"/> (no reflection), each followed by a blank line; <paramref name="explain"/>
    /// puts a comment saying so before each.
    /// </summary>
    public static void JsonFields(SourceWriter w, EntityModel entity, string? jsonContext, bool explain)
    {
        foreach (ColumnModel column in entity.Columns.Where(c => c.Kind == ValueKind.Json))
        {
            string info = $"global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{column.NonNullableTypeName}>";
            if (explain)
                w.Line($"// {column.MemberName} is stored as JSON through {jsonContext}: source-generated, no reflection.");
            w.Line($"private static readonly {info} {JsonField(column)} =");
            w.Line($"    ({info}){jsonContext}.Default.GetTypeInfo(typeof({column.NonNullableTypeName}))!;");
            w.Line();
        }
    }

    /// <summary>The accessor's <c>VectorColumn</c> field of a <c>[Vector]</c> column.</summary>
    public static string VectorField(ColumnModel column) => "s_" + char.ToLowerInvariant(column.MemberName[0]) + column.MemberName.Substring(1) + "Vector";

    /// <summary>
    /// A local variable for the member's value: <c>UserId</c> -> <c>userIdValue</c>. A member whose name does not start
    /// with an upper-case letter gets <c>value_</c> before it instead (<c>id</c> -> <c>value_id</c>), so <c>Id</c> and
    /// <c>id</c> in one record never share a local (the long fuzz run found that clash).
    /// </summary>
    public static string LocalName(ColumnModel column) =>
        char.IsUpper(column.MemberName[0])
            ? char.ToLowerInvariant(column.MemberName[0]) + column.MemberName.Substring(1) + "Value"
            : "value_" + column.MemberName;
}

using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Model;

/// <summary>
/// What the generator knows about each <see cref="ValueKind"/>, in one row per kind: the .NET type a member has for it,
/// how SQLite stores it, how a snapshot names it, its PostgreSQL type, and the code generated to bind, read and import a
/// value of it. The parser (<c>EntityParser.Classify</c>), the dialects (storage class, PostgreSQL type), the schema
/// (snapshot name, stored form) and the emitter (<c>ValueCode</c>, <c>ImportEmitter</c>) read it; docs/type-mapping.md
/// describes it for users, and CONTRIBUTING.md, "Adding a column type", lists what else a new kind needs.
/// </summary>
internal static class TypeMapping
{
    private const string Values = "global::SqliteGen.Runtime.SqliteValues";

    /// <summary>Every row, in <see cref="ValueKind"/> order.</summary>
    public static IReadOnlyList<MappedType> All { get; } = new MappedType[]
    {
        new(ValueKind.Boolean, "bool", SqlStorage.Integer, ColumnKinds.Boolean, PostgreSqlType: "boolean",
            Bind: "BindInt64", ToStored: "({value} ? 1L : 0L)",
            Read: "{row}.GetBoolean({ordinal})", Import: "record.GetBoolean()",
            KeysCompareAsInSql: true),
        new(ValueKind.SByte, "sbyte", SqlStorage.Integer, ColumnKinds.SByte, PostgreSqlType: "smallint",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((sbyte){row}.GetInt64({ordinal}))", Import: Integer("sbyte"),
            KeysCompareAsInSql: true),
        new(ValueKind.Byte, "byte", SqlStorage.Integer, ColumnKinds.Byte, PostgreSqlType: "smallint",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((byte){row}.GetInt64({ordinal}))", Import: Integer("byte"),
            KeysCompareAsInSql: true),
        new(ValueKind.Int16, "short", SqlStorage.Integer, ColumnKinds.Int16, PostgreSqlType: "smallint",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((short){row}.GetInt64({ordinal}))", Import: Integer("short"),
            KeysCompareAsInSql: true),
        new(ValueKind.UInt16, "ushort", SqlStorage.Integer, ColumnKinds.UInt16, PostgreSqlType: "integer",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((ushort){row}.GetInt64({ordinal}))", Import: Integer("ushort"),
            KeysCompareAsInSql: true),
        new(ValueKind.Int32, "int", SqlStorage.Integer, ColumnKinds.Int32, PostgreSqlType: "integer",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((int){row}.GetInt64({ordinal}))", Import: Integer("int"),
            KeysCompareAsInSql: true),
        new(ValueKind.UInt32, "uint", SqlStorage.Integer, ColumnKinds.UInt32, PostgreSqlType: "bigint",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "checked((uint){row}.GetInt64({ordinal}))", Import: Integer("uint"),
            KeysCompareAsInSql: true),
        new(ValueKind.Int64, "long", SqlStorage.Integer, ColumnKinds.Int64, PostgreSqlType: "bigint",
            Bind: "BindInt64", ToStored: "{value}",
            Read: "{row}.GetInt64({ordinal})", Import: "record.GetInt64(long.MinValue, long.MaxValue)",
            KeysCompareAsInSql: true),
        // The same 64 bits as a signed integer, in SQLite and in PostgreSQL (a ulong from 2^63 up is negative to SQL); so
        // is an enum over ulong.
        new(ValueKind.UInt64, "ulong", SqlStorage.Integer, ColumnKinds.UInt64, PostgreSqlType: "bigint",
            Bind: "BindInt64", ToStored: "unchecked((long){value})",
            Read: "unchecked((ulong){row}.GetInt64({ordinal}))", Import: "record.GetUInt64()",
            KeysCompareAsInSql: true),
        new(ValueKind.Single, "float", SqlStorage.Real, ColumnKinds.Single, PostgreSqlType: "real",
            Bind: "BindDouble", ToStored: Values + ".FromDouble({value}, {column})",
            Read: "(float){row}.GetDouble({ordinal})", Import: "record.GetSingle()"),
        new(ValueKind.Double, "double", SqlStorage.Real, ColumnKinds.Double, PostgreSqlType: "double precision",
            Bind: "BindDouble", ToStored: Values + ".FromDouble({value}, {column})",
            Read: "{row}.GetDouble({ordinal})", Import: "record.GetDouble()"),
        new(ValueKind.Decimal, "decimal", SqlStorage.Text, ColumnKinds.Decimal, PostgreSqlType: "numeric",
            Bind: "BindDecimal", ToStored: "{value}",
            Read: "{row}.GetDecimal({ordinal})", Import: "record.GetDecimal()"),
        new(ValueKind.String, "string", SqlStorage.Text, ColumnKinds.String, PostgreSqlType: "text",
            Bind: "BindText", ToStored: "{value}",
            Read: "{row}.GetString({ordinal})", Import: "record.GetString()",
            BindTakesNull: true, KeysCompareAsInSql: true),
        new(ValueKind.Char, "char", SqlStorage.Text, ColumnKinds.Char, PostgreSqlType: "text",
            Bind: "BindText", ToStored: Values + ".FromChar({value})",
            Read: Values + ".ToChar({row}.GetString({ordinal}))", Import: "record.GetChar()",
            KeysCompareAsInSql: true),
        new(ValueKind.Bytes, "byte[]", SqlStorage.Blob, ColumnKinds.Bytes, PostgreSqlType: "bytea",
            Bind: "BindBlob", ToStored: "{value}",
            Read: "{row}.GetBlob({ordinal})", Import: "record.GetBytes()",
            BindTakesNull: true),
        new(ValueKind.Guid, "global::System.Guid", SqlStorage.Text, ColumnKinds.Guid, PostgreSqlType: "uuid",
            Bind: "BindGuid", ToStored: "{value}",
            Read: "{row}.GetGuid({ordinal})", Import: "record.GetGuid()",
            KeysCompareAsInSql: true),
        new(ValueKind.DateTime, "global::System.DateTime", SqlStorage.Text, ColumnKinds.DateTime, PostgreSqlType: "timestamptz",
            Bind: "BindDateTime", ToStored: "{value}",
            Read: "{row}.GetDateTime({ordinal})", Import: "record.GetDateTime()",
            StoredForm: Schema.StoredForm.DateTimeUtc, KeysCompareAsInSql: true),
        new(ValueKind.DateTimeOffset, "global::System.DateTimeOffset", SqlStorage.Text, ColumnKinds.DateTimeOffset, PostgreSqlType: "timestamptz",
            Bind: "BindDateTimeOffset", ToStored: "{value}",
            Read: "{row}.GetDateTimeOffset({ordinal})", Import: "record.GetDateTimeOffset()",
            StoredForm: Schema.StoredForm.DateTimeOffsetUtc, KeysCompareAsInSql: true),
        new(ValueKind.DateOnly, "global::System.DateOnly", SqlStorage.Text, ColumnKinds.DateOnly, PostgreSqlType: "date",
            Bind: "BindDateOnly", ToStored: "{value}",
            Read: "{row}.GetDateOnly({ordinal})", Import: "record.GetDateOnly()",
            KeysCompareAsInSql: true),
        new(ValueKind.TimeOnly, "global::System.TimeOnly", SqlStorage.Text, ColumnKinds.TimeOnly, PostgreSqlType: "time",
            Bind: "BindTimeOnly", ToStored: "{value}",
            Read: "{row}.GetTimeOnly({ordinal})", Import: "record.GetTimeOnly()",
            KeysCompareAsInSql: true),
        new(ValueKind.TimeSpan, "global::System.TimeSpan", SqlStorage.Integer, ColumnKinds.TimeSpan, PostgreSqlType: "interval",
            Bind: "BindInt64", ToStored: "{value}.Ticks",
            Read: "new global::System.TimeSpan({row}.GetInt64({ordinal}))", Import: "record.GetTimeSpan()",
            KeysCompareAsInSql: true),

        // Kinds chosen by an attribute or by the member type's shape rather than by its name; what their code does depends
        // on the column (the enum's underlying type or names, the JSON contract, the vector's form), so ValueCode and
        // ImportEmitter write it.
        new(ValueKind.Enum, null, SqlStorage.Integer, ColumnKinds.Enum, PostgreSqlType: "bigint", Bind: "BindInt64", KeysCompareAsInSql: true),
        new(ValueKind.EnumText, null, SqlStorage.Text, ColumnKinds.EnumText, PostgreSqlType: "text", Bind: "BindText", KeysCompareAsInSql: true),
        new(ValueKind.Json, null, SqlStorage.Text, ColumnKinds.Json, PostgreSqlType: "jsonb", Bind: "BindJson"),
        new(ValueKind.Vector, null, SqlStorage.Blob, ColumnKinds.Vector, PostgreSqlType: "bytea", Bind: "BindBlob"),
    };

    private static readonly Dictionary<string, MappedType> s_byCSharpType =
        All.Where(t => t.CSharpType is not null).ToDictionary(t => t.CSharpType!, StringComparer.Ordinal);

    private static readonly Dictionary<string, MappedType> s_bySnapshotName = All.ToDictionary(t => t.SnapshotName, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="kind"/>.</summary>
    public static MappedType Of(ValueKind kind) => All[(int)kind];

    /// <summary>
    /// The row whose .NET type is <paramref name="fullyQualifiedName"/> (as Roslyn's fully qualified format writes it:
    /// <c>int</c>, <c>byte[]</c>, <c>global::System.Guid</c>), or null.
    /// </summary>
    public static MappedType? ForCSharpType(string fullyQualifiedName) =>
        s_byCSharpType.TryGetValue(fullyQualifiedName, out MappedType? type) ? type : null;

    /// <summary>The row a snapshot's column kind names (<see cref="ColumnSchema.Kind"/>), or null (no kind, or one this version does not know).</summary>
    public static MappedType? FromSnapshotName(string? name) =>
        name is not null && s_bySnapshotName.TryGetValue(name, out MappedType? type) ? type : null;

    /// <summary>A whole number of <paramref name="type"/>'s range from an import record.</summary>
    private static string Integer(string type) => $"({type})record.GetInt64({type}.MinValue, {type}.MaxValue)";
}

/// <summary>
/// One row of <see cref="TypeMapping"/>. The code templates are C# with placeholders that <c>ValueCode</c> fills:
/// <c>{value}</c> (the non-null value), <c>{column}</c> (a string literal naming the column, for errors), <c>{row}</c> (the
/// <c>StatementRunner</c> on the current row) and <c>{ordinal}</c> (the column's position in it).
/// </summary>
/// <param name="Kind">The kind this row describes.</param>
/// <param name="CSharpType">
/// The member type that maps to the kind, as Roslyn's fully qualified format writes it (<c>int</c>, <c>byte[]</c>,
/// <c>global::System.Guid</c>); null for the kinds chosen by an attribute or the type's shape (enums, <c>[JsonColumn]</c>,
/// <c>[Vector]</c>), whose code templates are null too.
/// </param>
/// <param name="Storage">The storage class of the STRICT column (its declared type).</param>
/// <param name="SnapshotName">How a snapshot records the kind (<see cref="ColumnKinds"/>): fixed text that never changes.</param>
/// <param name="PostgreSqlType">The PostgreSQL column type (docs/type-mapping.md, "PostgreSQL").</param>
/// <param name="Bind">The <c>StatementRunner</c> method that binds the stored value.</param>
/// <param name="ToStored">The argument <see cref="Bind"/> takes, from <c>{value}</c>.</param>
/// <param name="Read">The value read from <c>{row}</c>'s column <c>{ordinal}</c> (not NULL).</param>
/// <param name="Import">The value of the current field of a generated <c>ReadImportRow</c>'s <c>record</c> (<c>ImportRecord</c>).</param>
/// <param name="BindTakesNull">The <see cref="Bind"/> method binds a null value as NULL itself, so the value is passed as it is.</param>
/// <param name="StoredForm">The <see cref="Schema.StoredForm"/> a snapshot records for a kind whose stored text changed over time; else null.</param>
/// <param name="KeysCompareAsInSql">
/// C# equality never calls two values different that SQLite calls equal, so a set of keys held in memory answers "is this
/// key there" as SQLite would (a layered table's tenant key filter). Not so for byte arrays (compared by reference),
/// decimal and floating point (SQLite may compare them as REAL), JSON and vectors.
/// </param>
internal sealed record MappedType(
    ValueKind Kind,
    string? CSharpType,
    SqlStorage Storage,
    string SnapshotName,
    string PostgreSqlType,
    string Bind,
    string? ToStored = null,
    string? Read = null,
    string? Import = null,
    bool BindTakesNull = false,
    string? StoredForm = null,
    bool KeysCompareAsInSql = false);

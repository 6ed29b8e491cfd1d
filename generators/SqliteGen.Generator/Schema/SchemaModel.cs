using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Schema;

/// <summary>
/// A database schema as SQLite sees it: the tables with SQL names and storage types, no C#. The current
/// records reduce to one (<see cref="SchemaBuilder"/>), every frozen version is one (read from
/// its snapshot file), and a migration step is the difference of two. Equatable, so it caches.
/// </summary>
internal sealed record DatabaseSchema(int Version, EquatableArray<TableSchema> Tables);

/// <summary>
/// A table. <see cref="RenamedFrom"/> holds the names it may have had in the previous version;
/// <see cref="Companions"/> are the objects that live and die with it (its full-text index and the
/// triggers that keep that in sync), created after it in this order.
/// </summary>
internal sealed record TableSchema(
    string Name,
    EquatableArray<string> RenamedFrom,
    EquatableArray<ColumnSchema> Columns,
    EquatableArray<IndexSchema> Indexes,
    EquatableArray<ForeignKeySchema> ForeignKeys,
    EquatableArray<CompanionSchema> Companions);

/// <summary>
/// An object a table owns besides its indexes: <see cref="Kind"/> is <c>fts5</c> (an external-content
/// full-text table, filled with its <c>'rebuild'</c> command when recreated) or <c>trigger</c>.
/// </summary>
internal sealed record CompanionSchema(string Name, string Kind, string Sql);

/// <summary>
/// A column. <see cref="Type"/> is the STRICT storage type (INTEGER, REAL, TEXT, BLOB);
/// <see cref="PrimaryKey"/> is the column's 1-based position in the primary key, 0 when not a key column.
/// <see cref="EnumNames"/>: for a column holding an <c>[EnumAsText]</c> enum, its names and numbers (empty otherwise), so a
/// step to or from the INTEGER form, or to a set of names without one the rows hold, can convert or refuse the rows.
/// <see cref="Form"/>: how the values are written where a type's stored text changed over time (a
/// <see cref="StoredForm"/> constant; null is the earlier form, which snapshots written before it record by saying nothing).
/// <see cref="Kind"/>: the member's .NET kind (a <see cref="ColumnKinds"/> name), which another engine's type is chosen from
/// (a Guid is TEXT to SQLite but uuid to PostgreSQL); null in snapshots written before it was recorded. SQLite's DDL, the
/// migration steps and their checksums do not read it, so recording it changes no step.
/// </summary>
internal sealed record ColumnSchema(
    string Name,
    EquatableArray<string> RenamedFrom,
    string Type,
    bool NotNull,
    int PrimaryKey,
    bool AutoIncrement,
    string? Default,
    string? Check,
    string? Collate,
    EquatableArray<EnumName> EnumNames = default,
    string? Form = null,
    string? Kind = null);

/// <summary>An index over column names, optionally unique and partial.</summary>
internal sealed record IndexSchema(string Name, EquatableArray<string> Columns, bool Unique, string? Where);

/// <summary>A foreign key from <see cref="Column"/> to <see cref="Table"/>(<see cref="TargetColumn"/>).</summary>
internal sealed record ForeignKeySchema(string Column, string Table, string TargetColumn, string OnDelete, string OnUpdate);

/// <summary>
/// The storage forms a snapshot records (docs/type-mapping.md): how a step converts a column's rows from the form before.
/// A kind's current form is in its <see cref="TypeMapping"/> row.
/// </summary>
internal static class StoredForm
{
    /// <summary>
    /// A DateTime as its UTC time in SQLite's shape, <c>2026-12-06 04:50:23.1234567</c> (fraction trimmed); before: ISO 8601
    /// round-trip text (<c>2026-12-06T04:50:23.1234567Z</c>, an offset for a Local time, nothing for an Unspecified one).
    /// </summary>
    public const string DateTimeUtc = "datetime-utc";

    /// <summary>A DateTimeOffset as its UTC instant in the same shape; before: <c>2026-12-06T05:50:23.1234567+01:00</c>.</summary>
    public const string DateTimeOffsetUtc = "datetimeoffset-utc";
}

/// <summary>
/// The names a snapshot records a column's .NET kind by (<see cref="ColumnSchema.Kind"/>): fixed text, not
/// <see cref="ValueKind"/>'s member names, so renaming a member never changes a committed snapshot's meaning. Each kind's
/// is in its <see cref="TypeMapping"/> row.
/// </summary>
internal static class ColumnKinds
{
    public const string Boolean = "bool";
    public const string SByte = "sbyte";
    public const string Byte = "byte";
    public const string Int16 = "short";
    public const string UInt16 = "ushort";
    public const string Int32 = "int";
    public const string UInt32 = "uint";
    public const string Int64 = "long";
    public const string UInt64 = "ulong";
    public const string Single = "float";
    public const string Double = "double";
    public const string Decimal = "decimal";
    public const string String = "string";
    public const string Char = "char";
    public const string Bytes = "bytes";
    public const string Guid = "guid";
    public const string DateTime = "datetime";
    public const string DateTimeOffset = "datetimeoffset";
    public const string DateOnly = "dateonly";
    public const string TimeOnly = "timeonly";
    public const string TimeSpan = "timespan";
    /// <summary>An enum stored as its number.</summary>
    public const string Enum = "enum";
    /// <summary>An <c>[EnumAsText]</c> enum, stored as its name.</summary>
    public const string EnumText = "enum-text";
    public const string Json = "json";
    public const string Vector = "vector";
}

using System.Collections.Generic;
using System.Linq;

namespace SqliteGen.Generator.Model;

/// <summary>
/// One <c>[Table]</c> record, reduced to strings and values: no Roslyn symbols, so it compares by value
/// and caches across compilations. Types are fully qualified names (<c>global::App.User</c>).
/// <see cref="IsPublic"/>: the type and every type it is nested in are public, so its table accessor may be public.
/// </summary>
internal sealed record EntityModel(
    string Namespace,
    string TypeName,
    string FullyQualifiedName,
    string DeclarationKeyword,
    bool IsValueType,
    EquatableArray<ContainingType> ContainingTypes,
    string TableName,
    string AccessorName,
    EquatableArray<ColumnModel> Columns,
    EquatableArray<IndexModel> Indexes,
    EquatableArray<ForeignKeyModel> ForeignKeys,
    bool UsesPrimaryConstructor,
    EquatableArray<ConstructorArgument> ConstructorArguments,
    bool IsPublic,
    EquatableArray<string> RenamedFrom,
    TenantScope Tenancy)
{
    /// <summary>
    /// The primary-key columns in key order (<c>[PrimaryKey(Order)]</c>, ties in declaration order): the one order of every
    /// key list, in the schema, in SQL and in generated C#.
    /// </summary>
    public List<ColumnModel> KeyColumns() => Columns.Where(c => c.IsPrimaryKey).OrderBy(c => c.PrimaryKeyOrder).ToList();
}

/// <summary>Where an entity's rows live: the shared base file only, each tenant's file, or both layered.</summary>
internal enum TenantScope
{
    None,
    Isolated,
    Layered,
}

/// <summary>A type the entity is nested in (emitted as a partial declaration around the generated code).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// One argument of the constructor the generated reader calls: a column (by member name) or, for a
/// primary-constructor parameter that is not stored, <c>default</c>.
/// </summary>
internal sealed record ConstructorArgument(string ParameterName, string? MemberName, string TypeName);

/// <summary>
/// A stored member. <see cref="RenamedFrom"/>: its <c>[RenamedFrom]</c> names (previous column names).
/// <see cref="VectorDimensions"/> and <see cref="VectorMetric"/> (a <c>SqliteGen.VectorMetric</c>
/// member name) are set for a <c>[Vector]</c> member, <see cref="IsFullText"/> for a <c>[FullText]</c> one.
/// <see cref="AutoIncrement"/>: the key is written <c>AUTOINCREMENT</c>; <see cref="GeneratedKey"/>: SQLite assigns the key
/// (set for <c>AutoIncrement</c> and for <c>[PrimaryKey(Generated = true)]</c>). <see cref="EnumNames"/>: the members of an
/// <see cref="ValueKind.EnumText"/> column's enum.
/// </summary>
internal sealed record ColumnModel(
    string MemberName,
    string ColumnName,
    string TypeName,
    string NonNullableTypeName,
    ValueKind Kind,
    bool IsNullable,
    bool IsReferenceType,
    bool IsPrimaryKey,
    int PrimaryKeyOrder,
    bool AutoIncrement,
    bool SetThroughConstructor,
    string? Default,
    string? Check,
    string? Collate,
    string? EnumUnderlyingType,
    EquatableArray<string> RenamedFrom,
    int VectorDimensions = 0,
    string? VectorMetric = null,
    bool IsFullText = false,
    bool GeneratedKey = false,
    EquatableArray<EnumName> EnumNames = default)
{
    /// <summary>A <c>[Vector]</c> member stored as <c>ReadOnlyMemory&lt;float&gt;</c> (rather than <c>float[]</c>).</summary>
    public bool IsVectorMemory => Kind == ValueKind.Vector && NonNullableTypeName == "global::System.ReadOnlyMemory<float>";
}

/// <summary>An index. <see cref="Members"/> are member names in index order.</summary>
internal sealed record IndexModel(
    string Name,
    EquatableArray<string> Members,
    bool IsUnique,
    string? Where);

/// <summary>A foreign key from one column to the single-column primary key of another table.</summary>
internal sealed record ForeignKeyModel(
    string MemberName,
    string TargetTypeName,
    string TargetTable,
    string TargetColumn,
    string OnDelete,
    string OnUpdate);

/// <summary>One <c>[SqliteDatabase]</c> class.</summary>
internal sealed record DatabaseModel(
    string Namespace,
    string TypeName,
    string FullyQualifiedName,
    string Accessibility,
    EquatableArray<ContainingType> ContainingTypes,
    int Version,
    EquatableArray<string> ListedTables,
    bool ListsTables,
    string? JsonContextTypeName,
    EquatableArray<string> JsonContextTypes,
    EquatableArray<DataStepModel> DataSteps,
    LocationInfo? Location,
    EquatableArray<QueryMethodModel> Queries = default,
    EquatableArray<SeedDataModel> SeedData = default);

/// <summary>A <c>[DataStep(version)]</c> method of the database class.</summary>
internal sealed record DataStepModel(int Version, string MethodName, string? Problem);

/// <summary>A <c>[SeedData(version)]</c> method of the database class; a method with the wrong shape carries the reason as its problem.</summary>
internal sealed record SeedDataModel(int Version, string MethodName, string? Problem);

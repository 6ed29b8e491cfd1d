namespace SqliteGen.Generator.Model;

/// <summary>
/// One <c>[Query]</c> method of a database class, as declared: its signature (to emit the implementing part),
/// its SQL text, and where the SQL is (for diagnostics). <see cref="Problem"/> is set when the declaration
/// itself cannot be implemented (SQLG308); the SQL is checked against the tables only at emit time, where
/// the tables are known. <see cref="ResultTypeName"/> is what the rows become (the return type, or for an async
/// method the <c>ValueTask</c>'s result); <see cref="IsAsync"/>: <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c> or
/// <c>IAsyncEnumerable&lt;T&gt;</c>.
/// </summary>
internal sealed record QueryMethodModel(
    string Name,
    string Accessibility,
    string ReturnTypeName,
    string ResultTypeName,
    bool IsAsync,
    QueryReturnShape Shape,
    QueryValueModel? Element,
    EquatableArray<QueryParameterModel> Parameters,
    string Sql,
    string? Problem,
    LocationInfo? Location,
    LocationInfo? SqlLocation,
    int SqlLiteralStart)
{
    /// <summary>
    /// Whether a body can be written for the declaration as it stands, even when it is wrong (<see cref="Problem"/>, a
    /// parameter's problem): a partial method without a body (static and generic ones too), not async, virtual or extern,
    /// not returning by reference. Such a method gets a body that throws, so C# adds no CS8795 beside the SQLG error.
    /// </summary>
    public bool SignatureRepeatable { get; init; } = true;

    /// <summary>Declared <c>static</c> (SQLG308): its throwing body repeats that.</summary>
    public bool IsStatic { get; init; }

    /// <summary>A generic declaration's type parameters as declared, <c>&lt;T, U&gt;</c>, or empty (SQLG308): its throwing body repeats them.</summary>
    public string TypeParameters { get; init; } = "";

    /// <summary>A generic declaration's constraints, <c> where T : class, new()</c>, or empty: a partial method's parts must have the same.</summary>
    public string ConstraintClauses { get; init; } = "";

    /// <summary>The <c>[PostgreSqlQuery]</c> SQL the PostgreSQL target runs instead of <see cref="Sql"/>, or null.</summary>
    public string? PostgreSqlSql { get; init; }

    /// <summary>Where the <c>[PostgreSqlQuery]</c> SQL is, and the offset of its first character as in <see cref="SqlLiteralStart"/>.</summary>
    public LocationInfo? PostgreSqlSqlLocation { get; init; }

    /// <inheritdoc cref="PostgreSqlSqlLocation"/>
    public int PostgreSqlSqlLiteralStart { get; init; } = -1;
}

/// <summary>
/// A <c>[SqliteQueries(typeof(Db))]</c> class: where it is declared (to emit its other part), the database its
/// queries run on, and its <c>[Query]</c> methods. <see cref="ConstructorAccessibility"/> is <c>public</c> only when the
/// class and the database both are (a public constructor cannot take an internal type).
/// </summary>
internal sealed record QueryClassModel(
    string Namespace,
    string TypeName,
    string FullyQualifiedName,
    EquatableArray<ContainingType> ContainingTypes,
    string ConstructorAccessibility,
    string DatabaseFullyQualifiedName,
    EquatableArray<QueryMethodModel> Queries,
    LocationInfo? Location);

/// <summary>A <c>[SqliteQueries]</c> class as parsed: its model, or why it cannot be implemented (SQLG309) and where.</summary>
internal sealed record QueryClassOutcome(QueryClassModel? Model, string? Problem, LocationInfo? ProblemLocation);

/// <summary>How a query's rows become its return value.</summary>
internal enum QueryReturnShape
{
    /// <summary><c>T</c>: exactly one row.</summary>
    One,
    /// <summary><c>T?</c>: zero or one row.</summary>
    OneOrNone,
    /// <summary><c>IReadOnlyList&lt;T&gt;</c>: every row, read before returning.</summary>
    List,
    /// <summary><c>IEnumerable&lt;T&gt;</c>: rows streamed while the caller enumerates.</summary>
    Stream,
    /// <summary><c>int</c> or <c>void</c> for a statement that returns no rows: rows changed.</summary>
    RowsChanged,
    /// <summary><c>void</c>.</summary>
    Void,
}

/// <summary>
/// A .NET type a query binds or reads: <see cref="Kind"/> is its storage kind when it is a supported scalar
/// (null otherwise: an entity, decided against the database's tables, or a record of selected columns).
/// </summary>
internal sealed record QueryValueModel(
    string TypeName,
    string NonNullableTypeName,
    ValueKind? Kind,
    bool IsNullable,
    bool IsReferenceType,
    string? EnumUnderlyingType)
{
    /// <summary>For a row type that is not a scalar: the parameters of its one public constructor (a record of selected columns).</summary>
    public EquatableArray<QueryParameterModel> RowMembers { get; init; } = EquatableArray<QueryParameterModel>.Empty;

    /// <summary>For an <c>[EnumAsText]</c> enum: its members and their stored names.</summary>
    public EquatableArray<EnumName> EnumNames { get; init; } = EquatableArray<EnumName>.Empty;
}

/// <summary>
/// A method parameter: its name (what <c>$name</c> in the SQL refers to), the identifier that names it in C#
/// (<c>@class</c> for <c>class</c>), its type, and what makes it unusable, if anything.
/// </summary>
internal sealed record QueryParameterModel(string Name, string Identifier, QueryValueModel Type, string? Problem, bool IsCancellationToken = false)
{
    /// <summary>What comes before the type in the declaration: <c>params </c>, <c>ref </c>, <c>out </c>, <c>in </c>, <c>ref readonly </c> or nothing.</summary>
    public string Modifiers { get; init; } = "";
}

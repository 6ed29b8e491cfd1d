using Microsoft.CodeAnalysis;

namespace SqliteGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic SqliteGen reports, whichever component reports it (docs/design.md, "Diagnostics"). IDs by family:
/// SQLG0xx attribute usage, SQLG1xx schema, SQLG2xx connections, SQLG3xx SQL, SQLG999 an internal error. Each has
/// docs/rules/ID.md, a help link to it and a line in AnalyzerReleases. The default severity says who reports it: an
/// error stops a database or a <c>[Query]</c> from being generated and is reported where that is decided (the generator
/// for what needs the snapshots or the SQL against every table, <c>DeclarationAnalyzer</c> for declarations); anything
/// less is advice, and only analyzers report advice, so <c>.editorconfig</c> severities and <c>#pragma warning
/// disable</c> reach it.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Usage = "SqliteGen.Usage";
    private const string HelpRoot = "https://github.com/sqlitegen/sqlitegen/blob/main/docs/rules/";

    private static DiagnosticDescriptor Error(string id, string title, string message, string category = Usage) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message, string category) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    public static readonly DiagnosticDescriptor TableMustBePartialRecord = Error(
        "SQLG001", "A [Table] type must be a partial record",
        "'{0}' has [Table] but is not a partial record: declare it 'public partial record {0}(...)' so SqliteGen can add its table metadata{1}");

    public static readonly DiagnosticDescriptor MissingPrimaryKey = Error(
        "SQLG002", "A [Table] record needs a primary key",
        "Entity '{0}' (table '{1}') has no [PrimaryKey] member: mark the member (or members, with Order) that identify a row");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "SQLG003", "Member type cannot be stored",
        "Member '{0}.{1}' has type '{2}', which SqliteGen cannot store losslessly: use a supported type (see docs/type-mapping.md), mark it [JsonColumn], or [Ignore] it");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Error(
        "SQLG004", "Conflicting attributes",
        "Member '{0}.{1}': {2}");

    public static readonly DiagnosticDescriptor UnknownIndexMember = Error(
        "SQLG005", "Index names a member that is not a column",
        "[Index] on '{0}' names '{1}', which is not a stored member of '{0}': use nameof(...) of a stored member");

    public static readonly DiagnosticDescriptor InvalidReference = Error(
        "SQLG006", "Invalid [References] target",
        "Member '{0}.{1}' references '{2}': {3}");

    public static readonly DiagnosticDescriptor JsonContextMissing = Error(
        "SQLG007", "[JsonColumn] needs a JsonSerializerContext that declares the type",
        "Database '{0}' stores '{1}.{2}' as JSON, but {3}");

    public static readonly DiagnosticDescriptor DatabaseMustBePartialClass = Error(
        "SQLG008", "A [SqliteDatabase] type must be a partial class",
        "'{0}' has [SqliteDatabase] but is not a non-generic partial class: declare it 'public partial class {0}'");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "SQLG009", "Duplicate table, column or accessor name",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "SQLG010", "Invalid table, column or index name",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidVersion = Error(
        "SQLG011", "Invalid schema version",
        "Database '{0}' has Version = {1}: schema versions start at 1");

    public static readonly DiagnosticDescriptor NoConstructor = Error(
        "SQLG012", "No constructor the generated reader can call",
        "Entity '{0}' needs a primary constructor or a parameterless constructor, and every stored member must be settable through it or through an init/set accessor ('{1}' is not)");

    public static readonly DiagnosticDescriptor InvalidVector = Error(
        "SQLG013", "Invalid [Vector] dimensions or metric",
        "Member '{0}.{1}' has [Vector({2})]: {3}");

    public static readonly DiagnosticDescriptor VectorOnWrongType = Error(
        "SQLG014", "[Vector] on a member that is not float[] or ReadOnlyMemory<float>",
        "Member '{0}.{1}' has [Vector] but its type is '{2}': a vector member must be a float[] or a ReadOnlyMemory<float> (nullable allowed)");

    public static readonly DiagnosticDescriptor FullTextOnNonString = Error(
        "SQLG015", "[FullText] on a member that is not a string",
        "Member '{0}.{1}' has [FullText] but its type is '{2}': only string members can be full-text indexed");

    public static readonly DiagnosticDescriptor DatabasesShareEveryTable = new(
        "SQLG016", "Several databases, and this one takes every table",
        "'{0}' lists no Tables, so it takes every [Table] of the assembly ({1}), and so does any other database that lists none; this assembly also declares {2}: list the tables that belong to '{0}' with Tables = new[] {{ typeof(...) }}",
        Usage, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG016.md");

    // SQLG05x: the version history (reported by the generator, which alone reads the snapshot files).
    private const string Migrations = "SqliteGen.Migrations";

    private static DiagnosticDescriptor Migration(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Migrations, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    public static readonly DiagnosticDescriptor ModelChangedWithoutVersion = Migration(
        "SQLG050", "The tables changed but the schema version did not",
        "{0}'s tables differ from version {1} as frozen in {2}: {3}. Raise Version to {4} to make this change a migration step, or undo it.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StepDropsData = Migration(
        "SQLG051", "A migration step drops data",
        "Migrating {0} up to version {1} drops {2}; opening an older file applies it only with MigrationOptions.AllowDataLoss",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DownStepDropsData = Migration(
        "SQLG052", "A down-migration drops data",
        "Migrating {0} down from version {1} to {2} drops {3}; it runs only with MigrationOptions.AllowDataLoss",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SnapshotMissing = Migration(
        "SQLG053", "An earlier version's snapshot is missing",
        "{0} is version {1}, but the snapshot of version {2} ({3}) is missing, so the step to version {4} cannot be generated. Restore the file from source control, or check out the commit that shipped version {2} and run 'dotnet build -t:SqliteGenFreeze'.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SnapshotInvalid = Migration(
        "SQLG054", "A snapshot file cannot be used",
        "{0}: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RenameNotFound = Migration(
        "SQLG055", "[RenamedFrom] names nothing in the previous version",
        "Version {0} of {1}: {2}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DataStepInvalid = Migration(
        "SQLG056", "Invalid [DataStep]",
        "{0}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotNullColumnWithoutDefault = Migration(
        "SQLG057", "A NOT NULL column is added without a default",
        "Version {0} of {1} adds column {2} as NOT NULL without a Default: the step fails on a file whose table {3} has rows. Give it [Column(Default = ...)] or make it nullable.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SeedDataInvalid = Migration(
        "SQLG058", "Invalid [SeedData]",
        "{0}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SeedDataOnFrozenVersion = Migration(
        "SQLG059", "Seed data changed on a frozen version",
        "{0}",
        DiagnosticSeverity.Error);

    // SQLG1xx: schema and index advice. SQLG101 comes from DatabaseAdviceAnalyzer (the [Query] SQL against every table),
    // SQLG102 and SQLG103 from DeclarationAnalyzer (one record).
    private const string Schema = "SqliteGen.Schema";

    /// <summary>
    /// A warning, so that <c>dotnet build</c> and CI show it: it states a fact about the schema (no index leads the
    /// column the query filters, joins or orders on), every call of the query pays for it, and the fix is one attribute.
    /// A query meant to scan a small table keeps it quiet with <c>#pragma warning disable SQLG101</c> or <c>.editorconfig</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor QueryFilterWithoutIndex = new(
        "SQLG101", "[Query] filters, joins or orders on a column no index serves",
        "Query '{0}' {1} {2} ({3} of the SQL), which no index serves, so {4}: add [Indexed] to {5}, or an [Index] whose first column it is",
        Schema, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG101.md");

    /// <summary>
    /// A warning, like SQLG101: a fact about the schema whose fix is one attribute, and a scan of the child table per
    /// parent delete that grows with the data; a parent table whose rows are never deleted or re-keyed never pays it,
    /// which is what <c>#pragma</c> or <c>.editorconfig</c> is for. Not raised for ON DELETE/ON UPDATE actions: with foreign_keys = ON (the pool sets it)
    /// SQLite looks for child rows on every parent delete, NO ACTION included, so the action does not change the cost.
    /// </summary>
    public static readonly DiagnosticDescriptor ForeignKeyWithoutIndex = new(
        "SQLG102", "Foreign-key column without an index",
        "Foreign key '{0}.{1}' (column {2}.{3}, referencing {4}) is not the first column of any index: each delete or key change of a row of {4} makes SQLite read all of {2} for the rows that point at it, and a join from {4} to {2} reads it whole too; add [Indexed] to {1}, or an [Index] whose first column it is",
        Schema, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG102.md");

    /// <summary>
    /// Info (shown in the IDE, not on the console): the member's name is the only evidence that it holds money
    /// (docs/rules/SQLG103.md), so it stays a suggestion; a team that wants it in CI raises it in <c>.editorconfig</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor LossyTypeChoice = new(
        "SQLG103", "Lossy type choice",
        "Member '{0}.{1}' looks like money ('{2}') but is a {3}: binary floating point has no exact value for most decimal fractions (0.1 + 0.2 is 0.30000000000000004), so amounts drift as they are added up; use decimal (stored exactly, as text) or a long count of the smallest unit (cents)",
        Schema, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG103.md");


    // SQLG2xx: how user code that uses Microsoft.Data.Sqlite directly configures and uses its connections (ConnectionAnalyzer).
    private const string Connections = "SqliteGen.Connections";

    public const string NotWalId = "SQLG201";
    public const string BusyTimeoutZeroId = "SQLG202";
    public const string DeferredThenWriteId = "SQLG203";

    /// <summary>
    /// A warning: it is reported only in an app that serves concurrent users (ASP.NET Core, a hosted service) whose
    /// code names no journal mode anywhere, where a connection it creates runs SQL; there the rollback journal's
    /// writer-blocks-readers shows as stalls and SQLITE_BUSY.
    /// </summary>
    public static readonly DiagnosticDescriptor NotWal = Warning(
        NotWalId, "Connection used without WAL",
        "Connection '{0}' is opened here and used, and this app sets no journal mode anywhere: in the default rollback-journal mode a writer and its concurrent readers block each other; execute 'PRAGMA journal_mode = WAL' once where the app creates its connections (it is stored in the file), or take connections from the SqliteGen pool",
        Connections);

    public static readonly DiagnosticDescriptor BusyTimeoutZero = Warning(
        BusyTimeoutZeroId, "busy_timeout set to 0",
        "'{0}' turns SQLite's busy handler off: a statement that meets another connection's lock fails with SQLITE_BUSY at once instead of waiting; set a timeout such as 'PRAGMA busy_timeout = 5000'",
        Connections);

    public static readonly DiagnosticDescriptor DeferredThenWrite = Warning(
        DeferredThenWriteId, "Deferred transaction that writes",
        "Transaction '{0}' on '{1}' is begun deferred and then writes ('{2}'): when another connection has written since the transaction first read, the write fails with SQLITE_BUSY without waiting for the busy timeout; begin a transaction that writes with BeginTransaction() (BEGIN IMMEDIATE)",
        Connections);

    // SQLG301, SQLG302 and SQLG310: SQL text user code hands to ADO.NET or Dapper (SqlTextAnalyzer); SQLG302 also on
    // [Query] SQL (DatabaseAdviceAnalyzer).
    private const string Sql = "SqliteGen.Sql";

    public const string ValueSplicedId = "SQLG301";
    public const string NameSplicedId = "SQLG310";

    /// <summary>{0} how (an interpolated value, ...), {1} the value's expression, {2} a parameter name for it.</summary>
    public static readonly DiagnosticDescriptor ValueSpliced = Warning(
        ValueSplicedId, "SQL text built from values",
        "The SQL text splices in {0} ('{1}'): a value spliced into SQL can be read as SQL; pass it as a parameter ('{2}') instead",
        Sql);

    /// <summary>
    /// Off by default: most names spliced into SQL come from the program itself (a table name held in a field, a
    /// column list built from a type); the risk is a name that comes from a user, which the analyzer cannot tell.
    /// </summary>
    public static readonly DiagnosticDescriptor NameSpliced = new(
        NameSplicedId, "SQL text built from a non-constant name",
        "The SQL text splices in '{0}' where a table or column name goes: a parameter cannot stand for a name; make sure it is one of the program's own names (check it against a fixed list) before it reaches SQL",
        Sql, DiagnosticSeverity.Info, isEnabledByDefault: false, helpLinkUri: HelpRoot + NameSplicedId + ".md");

    public static readonly DiagnosticDescriptor WriteWithoutWhere = Warning(
        "SQLG302", "UPDATE or DELETE without WHERE",
        "'{0}' changes every row of '{1}': add a WHERE clause, or write 'WHERE true' when every row is meant",
        Sql);

    // SQLG303-SQLG309: [Query] methods and [SqliteQueries] classes (reported by the generator, which alone has the method, its SQL and every table).
    private static DiagnosticDescriptor Query(string id, string title, string message) =>
        new(id, title, message, Sql, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    public static readonly DiagnosticDescriptor QueryUnknownTable = Query(
        "SQLG303", "[Query] names a table that does not exist",
        "Query '{0}': {1} ({2} of the SQL)");

    public static readonly DiagnosticDescriptor QueryUnknownColumn = Query(
        "SQLG304", "[Query] names a column that does not exist or is ambiguous",
        "Query '{0}': {1} ({2} of the SQL)");

    public static readonly DiagnosticDescriptor QueryParameterMismatch = Query(
        "SQLG305", "[Query] parameters do not match the method's parameters",
        "Query '{0}': {1}");

    public static readonly DiagnosticDescriptor QueryResultMismatch = Query(
        "SQLG306", "[Query] result does not fit the return type",
        "Query '{0}' returns '{1}', but {2}");

    public static readonly DiagnosticDescriptor QuerySyntax = Query(
        "SQLG307", "[Query] SQL cannot be read",
        "Query '{0}': the SQL cannot be read at {1}: {2}");

    /// <summary>{0} the whole sentence: <see cref="QueryMethodProblem"/> composes it (the parser's reasons vary in shape).</summary>
    public static readonly DiagnosticDescriptor QueryMethodInvalid = Query(
        "SQLG308", "Invalid [Query] method",
        "{0}");

    /// <summary>SQLG308's message: the method (<c>Type.Method</c>) and what is wrong with it, as a clause.</summary>
    public static string QueryMethodProblem(string method, string problem) => $"[Query] method '{method}' {problem}";

    /// <summary>SQLG308 for a <c>[Query]</c> method outside a <c>[SqliteDatabase]</c> or <c>[SqliteQueries]</c> class.</summary>
    public static string QueryMethodMisplaced(string method) =>
        QueryMethodProblem(method, "is not in a [SqliteDatabase] class: declare it in the database class, or mark its class [SqliteQueries(typeof(YourDb))] to run it on that database");

    /// <summary>SQLG308 for a second <c>[Query]</c> method of one name.</summary>
    public static string QueryMethodOverloaded(string method) =>
        QueryMethodProblem(method, "is overloaded: give each [Query] method its own name");

    /// <summary>A comparison or ordering whose result is wrong for how the column is stored (Queries/StoredFormCheck.cs).</summary>
    public static readonly DiagnosticDescriptor QueryStoredForm = new(
        "SQLG311", "[Query] compares or orders a column in a way its stored form gets wrong",
        "Query '{0}': {1} ({2} of the SQL)",
        Sql, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG311.md");

    /// <summary>
    /// A <c>[Query]</c> whose SQL PostgreSQL refuses, in a project with the PostgreSQL target and no <c>[PostgreSqlQuery]</c>
    /// on the method (Queries/PostgreSqlPortability.cs). {0} the query, {1} the construct, {2} where, {3} PostgreSQL's form.
    /// </summary>
    public static readonly DiagnosticDescriptor QuerySqliteOnly = Query(
        "SQLG312", "[Query] SQL runs on SQLite only",
        "Query '{0}': {1} ({2} of the SQL) is SQLite's only, and the method runs on PostgreSQL too, which refuses it: {3}, or give the method [PostgreSqlQuery(\"...\")] with PostgreSQL's SQL");

    /// <summary>A <c>[SqliteQueries]</c> class SqliteGen cannot implement: its shape, or the database it names.</summary>
    public static readonly DiagnosticDescriptor QueryClassInvalid = Query(
        "SQLG309", "Invalid [SqliteQueries] class",
        "{0}");

    /// <summary>
    /// An exception inside the generator (a bug): reported by the generator's guard instead of letting it escape, which
    /// would become CS8785 and delete every generated file. {0} the exception's type, {1} its message.
    /// </summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "SQLG999", "SqliteGen failed to generate code",
        "SqliteGen hit an internal error and generated nothing for this declaration: {0}: {1}. Please report it with the declaration that caused it.",
        Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + "SQLG999.md");
}

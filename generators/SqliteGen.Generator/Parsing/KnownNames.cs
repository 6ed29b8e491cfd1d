namespace SqliteGen.Generator.Parsing;

/// <summary>Metadata names of the attributes the parser reads, and of the types whose presence turns a target on.</summary>
internal static class KnownNames
{
    public const string Database = "SqliteGen.SqliteDatabaseAttribute";
    public const string Table = "SqliteGen.TableAttribute";
    public const string PrimaryKey = "SqliteGen.PrimaryKeyAttribute";
    public const string Column = "SqliteGen.ColumnAttribute";
    public const string Indexed = "SqliteGen.IndexedAttribute";
    public const string Unique = "SqliteGen.UniqueAttribute";
    public const string Index = "SqliteGen.IndexAttribute";
    public const string References = "SqliteGen.ReferencesAttribute";
    public const string Ignore = "SqliteGen.IgnoreAttribute";
    public const string JsonColumn = "SqliteGen.JsonColumnAttribute";
    public const string RenamedFrom = "SqliteGen.RenamedFromAttribute";
    public const string Query = "SqliteGen.QueryAttribute";
    public const string PostgreSqlQuery = "SqliteGen.PostgreSqlQueryAttribute";
    public const string Queries = "SqliteGen.SqliteQueriesAttribute";
    public const string DataStep = "SqliteGen.DataStepAttribute";
    public const string SeedData = "SqliteGen.SeedDataAttribute";
    public const string TenantScoped = "SqliteGen.TenantScopedAttribute";
    public const string Vector = "SqliteGen.VectorAttribute";
    public const string FullText = "SqliteGen.FullTextAttribute";
    public const string EnumAsText = "SqliteGen.EnumAsTextAttribute";
    public const string EnumMember = "System.Runtime.Serialization.EnumMemberAttribute";
    public const string Flags = "System.FlagsAttribute";
    public const string JsonSerializable = "System.Text.Json.Serialization.JsonSerializableAttribute";

    /// <summary>Npgsql's data source: with <see cref="PostgreSqlDatabase"/>, it turns the PostgreSQL target on.</summary>
    public const string NpgsqlDataSource = "Npgsql.NpgsqlDataSource";

    /// <summary>SqliteGen.PostgreSql's runtime, which the generated PostgreSQL classes call.</summary>
    public const string PostgreSqlDatabase = "SqliteGen.PostgreSql.PostgreSqlDatabase";

    /// <summary>The assemblies of <see cref="NpgsqlDataSource"/> and <see cref="PostgreSqlDatabase"/>: referenced both, they turn the PostgreSQL target on.</summary>
    public static readonly string[] PostgreSqlAssemblies = { "Npgsql", "SqliteGen.PostgreSql" };
}

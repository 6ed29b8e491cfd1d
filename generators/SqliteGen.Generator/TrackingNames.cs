namespace SqliteGen.Generator;

/// <summary>Names of the pipeline stages, so tests can assert which ones were cached.</summary>
internal static class TrackingNames
{
    public const string Entities = nameof(Entities);
    public const string ValidEntities = nameof(ValidEntities);
    public const string Databases = nameof(Databases);
    public const string DatabasesWithTables = nameof(DatabasesWithTables);
    public const string Snapshots = nameof(Snapshots);
    public const string MisplacedQueries = nameof(MisplacedQueries);
    public const string QueryClasses = nameof(QueryClasses);
    public const string PostgreSqlTarget = nameof(PostgreSqlTarget);
}

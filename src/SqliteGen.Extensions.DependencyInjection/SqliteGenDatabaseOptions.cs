namespace SqliteGen;

/// <summary>
/// What <c>services.AddSqliteGen&lt;TDatabase&gt;(...)</c> opens: the file and its <see cref="SqliteGenOptions"/>.
/// Mutable, for the options pattern; <see cref="SqliteGenOptions"/> itself stays an immutable record (change it with
/// <c>with</c>: <c>o.Options = o.Options with { BusyTimeout = TimeSpan.FromSeconds(10) }</c>).
/// </summary>
public sealed class SqliteGenDatabaseOptions
{
    /// <summary>The database file (created when missing). Required.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// The connection, pool, maintenance and logging settings. When its <see cref="SqliteGenOptions.LoggerFactory"/> is
    /// null, the container's <c>ILoggerFactory</c> (if any) is used.
    /// </summary>
    public SqliteGenOptions Options { get; set; } = SqliteGenOptions.Default;
}

using System;
using System.Globalization;

namespace SqliteGen.Runtime;

/// <summary>
/// What a file says about its schema: the version SqliteGen stamped and whether it holds anything else.
/// Bringing a file to the compiled schema is <see cref="Migrator.MigrateToLatest"/>'s job (called by the generated <c>Open</c>).
/// </summary>
internal static class SchemaInitializer
{
    /// <summary>Tables, indexes, views and triggers that are not SQLite's own.</summary>
    internal static long CountUserObjects(PooledConnection connection) =>
        Convert.ToInt64(connection.ExecuteScalar("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"), CultureInfo.InvariantCulture);

    /// <summary>The file's <c>PRAGMA user_version</c>: the schema version SqliteGen stamped (0 for a new file).</summary>
    internal static int ReadVersion(PooledConnection connection) =>
        Convert.ToInt32(connection.ExecuteScalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
}

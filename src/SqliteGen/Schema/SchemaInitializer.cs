using System;
using System.ComponentModel;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>Brings a freshly opened file to the compiled schema. Called by the generated <c>Open</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SchemaInitializer
{
    /// <summary>
    /// Creates the schema in an empty file (one transaction, stamped with <paramref name="version"/> in
    /// <c>PRAGMA user_version</c>), accepts a file already at <paramref name="version"/>, and refuses
    /// anything else with an error that names the file and both versions, changing nothing.
    /// </summary>
    public static void EnsureSchema(SqliteConnectionPool pool, string databaseName, int version, string createSchemaSql)
    {
        using ConnectionLease lease = pool.RentWriter();
        PooledConnection connection = lease.Connection;
        if (ReadVersion(connection) == version)
            return; // the common case: no write lock needed

        using WriteScope scope = WriteScope.Begin(connection);
        // Re-read under the write lock: another process may have created the schema meanwhile.
        long found = ReadVersion(connection);
        if (found == version)
            return;
        if (found > version)
            throw new DatabaseOpenException(pool.FilePath, $"'{pool.FilePath}' is at schema version {found}, newer than {databaseName}'s version {version}. It was written by a newer build of the application; nothing was changed.");
        if (found > 0)
            throw new DatabaseOpenException(pool.FilePath, $"'{pool.FilePath}' is at schema version {found} but {databaseName} is version {version}, and no migration from {found} to {version} is compiled in. Nothing was changed.");

        long objects = CountUserObjects(connection);
        if (objects > 0)
            throw new DatabaseOpenException(pool.FilePath, $"'{pool.FilePath}' already holds {objects} tables, indexes or views but no SqliteGen schema version (PRAGMA user_version = 0), so {databaseName} will not write into it. Nothing was changed.");

        try
        {
            connection.ExecuteNonQuery(createSchemaSql);
            connection.ExecuteNonQuery("PRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture));
        }
        catch (SqliteException error)
        {
            throw new DatabaseOpenException(pool.FilePath, $"Creating the {databaseName} schema in '{pool.FilePath}' failed: {error.Message}. Nothing was changed.", error);
        }
        scope.Commit();
    }

    /// <summary>Tables, indexes, views and triggers that are not SQLite's own.</summary>
    internal static long CountUserObjects(PooledConnection connection) =>
        Convert.ToInt64(connection.ExecuteScalar("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"), CultureInfo.InvariantCulture);

    /// <summary>The file's <c>PRAGMA user_version</c>: the schema version SqliteGen stamped (0 for a new file).</summary>
    internal static int ReadVersion(PooledConnection connection) =>
        Convert.ToInt32(connection.ExecuteScalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
}

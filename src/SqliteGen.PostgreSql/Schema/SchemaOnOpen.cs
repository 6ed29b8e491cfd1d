using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// What opening a generated database on PostgreSQL does to the schema, in one transaction under an advisory lock (a
/// second process opening the same database at once waits, then finds the work done): an empty database (no table in
/// the connection's current schema) gets the schema and the migration history; a database whose history is at the
/// latest version opens; anything else is refused with the database and both versions named. Migrating an older
/// database is <c>sqlitegen migrate</c>'s and the PostgreSQL migrator's, not this.
/// </summary>
/// <remarks>
/// The history table has the shape of SQLite's <see cref="Migrator.HistoryTable"/> (version, checksum, applied_at,
/// how), as <c>sqlitegen copy</c> writes it on PostgreSQL (<c>PostgreSqlDialect.HistoryTable</c>; a test keeps
/// <see cref="CreateHistorySql"/> equal to the dialect's statement). A created database records each version's checksum,
/// <c>how = created</c>, as a SQLite file created by <c>Open</c> does.
/// </remarks>
internal static class SchemaOnOpen
{
    internal const string CreateHistorySql = "CREATE TABLE " + Migrator.HistoryTable + " (\n"
        + "    version integer NOT NULL,\n"
        + "    checksum text NOT NULL COLLATE \"C\",\n"
        + "    applied_at text NOT NULL COLLATE \"C\",\n"
        + "    how text NOT NULL COLLATE \"C\",\n"
        + "    PRIMARY KEY (version)\n"
        + ");";

    private const string CountTables =
        "SELECT count(*), count(*) FILTER (WHERE c.relname = $1) FROM pg_catalog.pg_class c "
        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')";

    private const string InsertHistory =
        "INSERT INTO " + Migrator.HistoryTable + " (version, checksum, applied_at, how) "
        + "VALUES ($1, $2, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'created')";

    public static async ValueTask Ensure(bool async, NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, CancellationToken cancellationToken)
    {
        int latest = migrations.Count;
        string where = Describe(dataSource);
        NpgsqlConnection connection = async ? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : dataSource.OpenConnection();
        try
        {
            NpgsqlTransaction transaction = async ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : connection.BeginTransaction();
            try
            {
                using (NpgsqlCommand lockCommand = new("SELECT pg_advisory_xact_lock($1)", connection, transaction))
                {
                    // The migrator's lock: an open and a migration of the same database never run at once.
                    PostgreSqlValues.Add(lockCommand.Parameters, PostgreSqlMigrator.LockKey(databaseName), NpgsqlDbType.Bigint);
                    await ExecuteNonQuery(async, lockCommand, cancellationToken).ConfigureAwait(false);
                }
                (long tables, long history) = await CountTablesAsync(async, connection, transaction, cancellationToken).ConfigureAwait(false);
                if (history > 0)
                {
                    using var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Migrator.HistoryTable}", connection, transaction);
                    int found = Convert.ToInt32(async ? await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : versionCommand.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    if (found == latest)
                        return; // nothing written: the transaction ends with the lock
                    throw new MigrationException(where, found, null, found < latest
                        ? $"The PostgreSQL database {where} holds {databaseName} at schema version {found}, older than this build's version {latest}: migrate it to version {latest} first. Nothing was changed."
                        : $"The PostgreSQL database {where} holds {databaseName} at schema version {found}, newer than this build's latest version {latest}: it was written by a newer build of the application. Nothing was changed.");
                }
                if (tables > 0)
                    throw new MigrationException(where, 0, null,
                        $"The PostgreSQL database {where} already holds {tables} tables but no {Migrator.HistoryTable} table, so {databaseName} will not use it (another application's database?). Open an empty database, or move a SQLite file into one with 'sqlitegen copy'. Nothing was changed.");
                try
                {
                    using (var create = new NpgsqlCommand(createSchemaSql + "\n" + CreateHistorySql, connection, transaction))
                        await ExecuteNonQuery(async, create, cancellationToken).ConfigureAwait(false);
                    using var batch = new NpgsqlBatch(connection, transaction);
                    foreach (Migration step in migrations)
                    {
                        var insert = new NpgsqlBatchCommand(InsertHistory);
                        PostgreSqlValues.Add(insert.Parameters, step.Version, NpgsqlDbType.Integer);
                        PostgreSqlValues.Add(insert.Parameters, step.Checksum, NpgsqlDbType.Text);
                        batch.BatchCommands.Add(insert);
                    }
                    if (batch.BatchCommands.Count > 0)
                    {
                        if (async)
                            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        else
                            batch.ExecuteNonQuery();
                    }
                }
                catch (PostgresException error)
                {
                    throw new MigrationException(where, 0, latest,
                        $"Creating the {databaseName} schema (version {latest}) in the PostgreSQL database {where} failed: {error.MessageText}{(error.Where is { Length: > 0 } at ? " (" + at + ")" : "")}. Nothing was changed.", error);
                }
                if (async)
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                else
                    transaction.Commit();
            }
            finally
            {
                if (async)
                    await transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
                else
                    transaction.Dispose();
            }
        }
        finally
        {
            if (async)
                await connection.DisposeAsync().ConfigureAwait(false);
            else
                connection.Dispose();
        }
    }

    private static async ValueTask<(long Tables, long History)> CountTablesAsync(bool async, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(CountTables, connection, transaction);
        PostgreSqlValues.Add(command.Parameters, Migrator.HistoryTable, NpgsqlDbType.Text);
        NpgsqlDataReader reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        try
        {
            _ = async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        finally
        {
            if (async)
                await reader.DisposeAsync().ConfigureAwait(false);
            else
                reader.Dispose();
        }
    }

    private static async ValueTask ExecuteNonQuery(bool async, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }

    /// <summary>The database a data source points at, for messages: <c>host:port/database</c>, never the password.</summary>
    internal static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"'{builder.Host}:{builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{builder.Database}'";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// What opening a generated database on PostgreSQL does to the schema, with the rules of SQLite's <c>Open</c>
/// (<see cref="Migrator.MigrateToLatest(SqliteConnectionPool, string, IReadOnlyList{Migration}, string)"/>): a database at
/// the latest version is checked for drift and opens, without the lock; an empty database (no table in the connection's
/// current schema) gets the schema and a history saying every version was created at once; an older one is migrated up
/// by the PostgreSQL migrator's steps; a newer one, one with drift, or one with tables but no history is refused, naming
/// the database and the versions. The work runs in one transaction under the migrator's advisory lock, so an open and a
/// migration of the same database never run at once, and a second process opening at once waits, then finds it done.
/// </summary>
/// <remarks>
/// The history table has the shape of SQLite's <see cref="Migrator.HistoryTable"/> (version, checksum, applied_at, how),
/// as <c>sqlitegen copy</c> writes it on PostgreSQL (<c>PostgreSqlDialect.HistoryTable</c>; a test keeps
/// <see cref="CreateHistorySql"/> equal to the dialect's statement). The migrations are the PostgreSQL
/// steps (the generated <c>ShopDb.PostgreSql.Migrations</c>), so a database opened here, migrated by
/// <see cref="PostgreSqlMigrator"/> or copied by <c>sqlitegen copy</c> records the same checksums.
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

    /// <summary>Brings the database to the latest of <paramref name="migrations"/>, or refuses it; <paramref name="options"/> says whether steps that drop data may run, as <c>SqliteGenOptions.Migrations</c> does on SQLite.</summary>
    public static async ValueTask Ensure(bool async, NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, MigrationOptions options, CancellationToken cancellationToken)
    {
        Migrator.Validate(databaseName, migrations);
        int latest = migrations.Count;
        string where = PostgreSqlMigrator.Describe(dataSource);
        NpgsqlConnection connection = async ? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : dataSource.OpenConnection();
        try
        {
            // The common case, a database at the latest version: its history checked for drift, without the lock.
            if (await PostgreSqlMigrator.ReadHistory(async, connection, null, cancellationToken).ConfigureAwait(false) is { } seen && seen.Count == latest && latest > 0)
            {
                PostgreSqlMigrator.VerifyHistory(where, databaseName, migrations, seen);
                return;
            }
            NpgsqlTransaction transaction = async ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : connection.BeginTransaction();
            try
            {
                await PostgreSqlMigrator.Lock(async, connection, transaction, PostgreSqlMigrator.LockKey(databaseName), cancellationToken).ConfigureAwait(false);
                // Read again under the lock: another process may have created or migrated the database meanwhile.
                if (await PostgreSqlMigrator.ReadHistory(async, connection, transaction, cancellationToken).ConfigureAwait(false) is { } recorded)
                {
                    int found = recorded.Count;
                    if (found > latest)
                        throw new MigrationException(where, found, null,
                            $"The {where} holds {databaseName} at schema version {found}, newer than this build's latest version {latest}: it was written by a newer build of the application. Nothing was changed.");
                    PostgreSqlMigrator.VerifyHistory(where, databaseName, migrations, recorded);
                    if (found < latest)
                    {
                        if (found > 0) // a history table without rows is an empty database's
                            PostgreSqlMigrator.RefuseDataLoss(where, migrations, found, latest, options);
                        PostgreSqlMigrator.RefuseCSharpSteps(where, databaseName, migrations, found, latest);
                        for (int current = found; current < latest; current++)
                            await PostgreSqlMigrator.ApplyStep(async, connection, transaction, where, databaseName, migrations, found, latest, current, cancellationToken).ConfigureAwait(false);
                        await Commit(async, transaction, cancellationToken).ConfigureAwait(false);
                    }
                    return; // at the latest version: nothing written, the transaction ends with the lock
                }
                (long tables, _) = await CountTablesAsync(async, connection, transaction, cancellationToken).ConfigureAwait(false);
                if (tables > 0)
                    throw new MigrationException(where, 0, null,
                        $"The {where} already holds {tables} tables but no {Migrator.HistoryTable} table, so {databaseName} will not use it (another application's database?). Open an empty database, or move a SQLite file into one with 'sqlitegen copy'. Nothing was changed.");
                // Seed data is C# against SQLite's connection: a database created without it would lack rows a migrated one has.
                if (migrations.FirstOrDefault(m => m.SeedDataName is not null) is { } seeded)
                    throw new MigrationException(where, 0, seeded.Version,
                        $"Version {seeded.Version} of {databaseName} has the C# seed data '{seeded.SeedDataName}', which runs against SQLite (its MigrationContext holds a SQLite connection), so {databaseName} is not created on PostgreSQL without it. Nothing was changed: the {where} is still empty.");
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
                        $"Creating the {databaseName} schema (version {latest}) in the {where} failed: {error.MessageText}{(error.Where is { Length: > 0 } at ? " (" + at + ")" : "")}. Nothing was changed.", error);
                }
                await Commit(async, transaction, cancellationToken).ConfigureAwait(false);
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

    private static async ValueTask Commit(bool async, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (async)
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        else
            transaction.Commit();
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
}

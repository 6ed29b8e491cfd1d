using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// A tenant schema made by a database's PostgreSQL <see cref="Migration"/>s: the history table lives in the tenant's
/// schema, each tenant migrates in its own transaction under its own advisory lock (so the tenants of one server migrate
/// side by side), and the schema of any version can be rebuilt empty for a move.
/// </summary>
internal sealed class TenantSchemaMigrations
{
    public TenantSchemaMigrations(string databaseName, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(databaseName);
        ArgumentNullException.ThrowIfNull(migrations);
        Migrator.Validate(databaseName, migrations);
        DatabaseName = databaseName;
        Migrations = migrations;
    }

    public string DatabaseName { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// The advisory lock key of one tenant's migrations: the first 8 bytes (big-endian) of the SHA-256 of
    /// <c>sqlitegen_migrations:</c>, the database name, <c>:</c> and the tenant's schema.
    /// </summary>
    public static long LockKey(string databaseName, string schema) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(
            SHA256.HashData(Encoding.UTF8.GetBytes(PostgreSqlMigrator.HistoryTable + ":" + databaseName + ":" + schema)));

    /// <summary>How errors name a tenant's database: <c>NotesDb of tenant 'alice' (schema "t_alice") on server 'pg2'</c>.</summary>
    public string Describe(string tenantId, string server) =>
        $"{DatabaseName} of tenant '{tenantId}' (schema {TenantSchemaNames.Quote(TenantSchemaNames.Live(tenantId))}) on server '{server}'";

    /// <summary>
    /// Migrates the tenant's schema (the connection's <c>search_path</c>) to <paramref name="target"/> in the caller's
    /// transaction, taking the tenant's migration lock first unless <paramref name="locked"/> (the caller ran
    /// <see cref="LockCommand"/> in it); returns the version it started at.
    /// </summary>
    public int Migrate(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string server, int target, MigrationOptions options,
        bool locked = false) =>
        PostgreSqlMigrator.MigrateInTransaction(connection, transaction, Describe(tenantId, server), DatabaseName, Migrations, target, options,
            locked ? null : LockKey(DatabaseName, TenantSchemaNames.Live(tenantId)));

    /// <summary>The command that takes the tenant's migration lock for the rest of the transaction it runs in.</summary>
    public NpgsqlCommand LockCommand(string tenantId) => PostgreSqlMigrator.LockCommand(LockKey(DatabaseName, TenantSchemaNames.Live(tenantId)));

    /// <summary>A new tenant's schema, migrated from nothing to the latest version (every step, history rows <c>created</c>).</summary>
    public void MigrateToLatest(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string server) =>
        Migrate(connection, transaction, tenantId, server, Migrations.Count, MigrationOptions.Default);

    /// <summary>
    /// The statements that make an empty schema at <paramref name="version"/>: the history table, then each step's SQL up
    /// to it (no history rows: a move copies the source's).
    /// </summary>
    public IReadOnlyList<string> SchemaDdl(string tenantId, string server, int version)
    {
        if (version > Migrations.Count)
            throw new TenantPlacementException(tenantId,
                $"Tenant '{tenantId}' on server '{server}' is at version {version.ToString(CultureInfo.InvariantCulture)} of {DatabaseName}, newer than this build's latest version {Migrations.Count.ToString(CultureInfo.InvariantCulture)}: move it with the build that migrated it. Nothing was changed.");
        var ddl = new List<string> { PostgreSqlMigrator.CreateHistorySql };
        for (int i = 0; i < version; i++)
            ddl.AddRange(PostgreSqlMigrator.Statements(Migrations[i].Up));
        return ddl;
    }

    /// <summary>The version the schema's history lists (0 without a history table).</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2)", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = schema });
            exists.Parameters.Add(new NpgsqlParameter { Value = PostgreSqlMigrator.HistoryTable });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                return 0;
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM " + TenantSchemaNames.Quote(schema) + "." + PostgreSqlMigrator.HistoryTable, connection);
        return (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}

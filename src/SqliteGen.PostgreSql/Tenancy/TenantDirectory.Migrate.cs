using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

public sealed partial class TenantDirectory
{
    /// <summary>How many tenants of one server <see cref="ForEachTenantAsync"/> and <see cref="MigrateAllTenantsAsync"/> work on at once by default.</summary>
    public const int DefaultTenantsPerServer = 2;

    /// <summary>
    /// Runs <paramref name="body"/> for every placed tenant, each in its own write transaction
    /// (<see cref="BeginWriteAsync"/>: the body's first statement carries the start, which takes the tenant's write lock
    /// shared, checks the epoch and sets <c>search_path</c> to the tenant's schema), committed when the body returns. Every server works on at most
    /// <paramref name="tenantsPerServer"/> tenants at a time, all servers at once. A tenant whose body throws, whose
    /// server cannot be reached, or that a move holds past <see cref="TenantDirectoryOptions.WriteLockTimeout"/> is
    /// rolled back and reported; the others go on. A tenant still being placed is not a tenant yet and is left out.
    /// </summary>
    /// <returns>One result per tenant, in id order.</returns>
    /// <exception cref="TenantServerUnavailableException">The directory's server cannot be reached (nothing was run).</exception>
    public async Task<IReadOnlyList<TenantRunResult>> ForEachTenantAsync(Func<TenantTransaction, CancellationToken, Task> body,
        int tenantsPerServer = DefaultTenantsPerServer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(tenantsPerServer, 1);
        List<(string Id, string Server)> tenants = await ListPlacedAsync(cancellationToken).ConfigureAwait(false);
        var results = new TenantRunResult[tenants.Count];
        var gates = tenants.Select(t => t.Server).Distinct(StringComparer.Ordinal)
            .ToDictionary(server => server, _ => new SemaphoreSlim(tenantsPerServer), StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(tenants.Select(async (tenant, i) =>
            {
                SemaphoreSlim gate = gates[tenant.Server];
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    results[i] = await RunOneAsync(tenant.Id, tenant.Server, body, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }
        finally
        {
            foreach (SemaphoreSlim gate in gates.Values)
                gate.Dispose();
        }
        return results;
    }

    private async Task<TenantRunResult> RunOneAsync(string tenantId, string listedServer, Func<TenantTransaction, CancellationToken, Task> body,
        CancellationToken cancellationToken)
    {
        TenantTransaction? begun = null;
        try
        {
            await using TenantTransaction transaction = await BeginWriteAsync(tenantId, cancellationToken).ConfigureAwait(false);
            begun = transaction;
            await body(transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new TenantRunResult(tenantId, transaction.Location.Server, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The transaction rolled back with its disposal; the server is the one the error names when it names one,
            // else where the transaction found the tenant (its first statement corrects a stale place).
            return new TenantRunResult(tenantId, e switch
            {
                TenantServerUnavailableException u => u.Server,
                TenantBusyException b => b.Server,
                TenantSchemaMissingException m => m.Server,
                _ => begun?.Location.Server ?? listedServer,
            }, e);
        }
    }

    /// <summary>
    /// Migrates every placed tenant's schema, on every server, to the last of <paramref name="migrations"/> (the
    /// database's PostgreSQL steps): each tenant in its own transaction (<see cref="ForEachTenantAsync"/>) with its own
    /// history table in its schema and its own advisory lock, with PostgreSqlMigrator's rules (drift and data loss
    /// refused, the whole path in one transaction). A tenant whose step fails stays whole at its old version; a tenant
    /// being moved (its write lock held past <see cref="TenantDirectoryOptions.WriteLockTimeout"/>) and the tenants of
    /// a server that cannot be reached are reported as retryable; run it again to finish them (tenants already at the
    /// version are checked and left alone).
    /// </summary>
    public async Task<TenantServerMigrationReport> MigrateAllTenantsAsync(string databaseName, IReadOnlyList<Migration> migrations,
        int tenantsPerServer = DefaultTenantsPerServer, MigrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var schema = new TenantSchemaMigrations(databaseName, migrations);
        options ??= MigrationOptions.Default;
        var started = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<TenantRunResult> runs = await ForEachTenantAsync(async (transaction, token) =>
        {
            // The migration's first statement, its lock, carries the tenant's start: one round trip. The migration's DDL
            // waits for its table locks as any migration does: the start bounds the wait for the write lock only.
            string tenantId = transaction.Location.TenantId;
            await using (NpgsqlCommand migrationLock = schema.LockCommand(tenantId))
                await transaction.ExecuteNonQueryAsync(migrationLock, token).ConfigureAwait(false);
            // PostgreSqlMigrator is synchronous: off the caller's thread, as many at once as the servers' gates allow.
            started[tenantId] = await Task.Run(() => schema.Migrate(transaction.Connection, transaction.Transaction,
                tenantId, transaction.Location.Server, migrations.Count, options, locked: true), token).ConfigureAwait(false);
        }, tenantsPerServer, cancellationToken).ConfigureAwait(false);

        return new TenantServerMigrationReport(runs.Select(run => run.Succeeded
            ? new TenantServerMigrationResult(run.TenantId, run.Server, started[run.TenantId], migrations.Count, null, false)
            : new TenantServerMigrationResult(run.TenantId, run.Server, (run.Error as MigrationException)?.CurrentVersion, null,
                run.Error!.Message, run.IsRetryable)).ToList());
    }

    /// <summary>
    /// Every row of the directory, in id order (ordinal): where each tenant is, its epoch and state, as the directory
    /// says now (an unfinished placement or move is listed as it stands, not recovered).
    /// </summary>
    /// <exception cref="TenantServerUnavailableException">The directory's server cannot be reached.</exception>
    public async Task<IReadOnlyList<TenantDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenants = new List<TenantDirectoryEntry>();
        await using NpgsqlConnection directory = await OpenDirectoryAsync("", cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT tenant_id, server_name, schema_name, epoch, state, move_to FROM sqlitegen_tenants ORDER BY tenant_id COLLATE \"C\"", directory);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                tenants.Add(new TenantDirectoryEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw DirectoryUnavailable("", e);
        }
        return tenants;
    }

    /// <summary>The placed tenants (active or being moved) and the server the directory lists each on, in id order.</summary>
    private async Task<List<(string Id, string Server)>> ListPlacedAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.State != Placing).Select(t => (t.TenantId, t.Server)).ToList();
}

/// <summary>How <see cref="TenantDirectory.ForEachTenantAsync"/> went for one tenant: committed, or the error (rolled back).</summary>
public sealed record TenantRunResult(string TenantId, string Server, Exception? Error)
{
    /// <summary>True when the tenant's transaction committed.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when running again later can succeed (a move held the tenant, or its server was down).</summary>
    public bool IsRetryable => Error is TenantException { IsRetryable: true };
}

/// <summary>
/// How one tenant's migration went: the server, the version it was at (null when it could not be read: its server was
/// down, or a move held it), the version it is at now (null when it failed: it stays whole at <see cref="FromVersion"/>),
/// and why it failed.
/// </summary>
public sealed record TenantServerMigrationResult(string TenantId, string Server, int? FromVersion, int? Version, string? Error, bool IsRetryable)
{
    /// <summary>True when the tenant's schema is at the latest version.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>The outcome of migrating every tenant on every server: one result per tenant, in id order.</summary>
public sealed record TenantServerMigrationReport(IReadOnlyList<TenantServerMigrationResult> Tenants)
{
    /// <summary>The tenants that failed (the others were migrated).</summary>
    public IReadOnlyList<TenantServerMigrationResult> Failed => Tenants.Where(t => !t.Succeeded).ToList();
}

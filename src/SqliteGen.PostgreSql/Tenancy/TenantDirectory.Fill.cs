using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// Fills a tenant's new schema in the transaction that creates it (<see cref="TenantDirectory.PlaceAsync(string, string, TenantFill, CancellationToken)"/>,
/// <see cref="TenantDirectory.ReplaceAsync"/>): <c>search_path</c> is the tenant's schema, so unqualified names resolve there.
/// Throwing rolls the whole transaction back. Do not commit or roll back <paramref name="transaction"/>.
/// </summary>
public delegate Task TenantFill(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

public sealed partial class TenantDirectory
{
    /// <summary>
    /// Replaces what a placed tenant holds, where it lives: holding its mover lock (no move or placement of it runs) and,
    /// on its server, its write lock exclusive for the transaction (writes wait, then fail retryably), one transaction
    /// drops the schema, creates it again with the same mark and the DDL (or migrations) and runs <paramref name="fill"/>.
    /// Any exception rolls it back: the tenant keeps what it held. The directory row is not changed.
    /// </summary>
    /// <exception cref="TenantNotPlacedException">The tenant is not placed.</exception>
    public async Task<TenantLocation> ReplaceAsync(string tenantId, TenantFill fill, CancellationToken cancellationToken = default)
    {
        TenantFiles.Validate(tenantId);
        ArgumentNullException.ThrowIfNull(fill);
        Invalidate(tenantId);
        await using NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await LockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        try
        {
            DirectoryRow? row = await RecoverLockedAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
            if (row is null || row.State != Active)
                throw new TenantNotPlacedException(tenantId);
            await using (NpgsqlConnection connection = await OpenAsync(row.Server, tenantId, cancellationToken).ConfigureAwait(false))
            await using (NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1, $2)", cancellationToken, WriteLockClass,
                    TenantSchemaNames.LockKey(tenantId)).ConfigureAwait(false);
                await CreateSchemaAsync(connection, transaction, tenantId, TenantSchemaNames.Live(tenantId), row.Server, row.Epoch, _ddl, cancellationToken).ConfigureAwait(false);
                if (_migrations is not null)
                    _migrations.MigrateToLatest(connection, transaction, tenantId, row.Server);
                await fill(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            var location = new TenantLocation(tenantId, row.Server, row.Schema, row.Epoch);
            _cache[tenantId] = location;
            return location;
        }
        finally
        {
            await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
        }
    }
}

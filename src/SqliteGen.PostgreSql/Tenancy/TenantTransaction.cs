using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// A transaction on a tenant's server with <c>search_path</c> set to the tenant's schema (for this transaction only),
/// begun by <see cref="TenantDirectory.BeginWriteAsync"/> or <see cref="TenantDirectory.BeginReadAsync"/> after the
/// schema's mark was checked against the directory's epoch. A write transaction also holds the tenant's shared write
/// lock, so no move can copy the tenant until it commits or rolls back. Disposing without committing rolls back.
/// </summary>
public sealed class TenantTransaction : IAsyncDisposable
{
    internal TenantTransaction(TenantLocation location, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Location = location;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>Where the tenant was found.</summary>
    public TenantLocation Location { get; }

    /// <summary>The open connection (unqualified table names resolve in the tenant's schema).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The transaction every command must join.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>A command on the connection, in the transaction.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    /// <summary>Commits.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}

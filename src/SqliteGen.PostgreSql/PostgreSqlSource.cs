using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Where a generated PostgreSQL table gets its connection for one operation: the database (a pooled connection from its
/// <see cref="Npgsql.NpgsqlDataSource"/> per call), one tenant (<see cref="Tenancy.PostgreSqlTenantSource"/>: a
/// transaction on the tenant's server and schema per call) or a <see cref="PostgreSqlTransaction"/> (its one connection
/// for every call, inside its transaction). The PostgreSQL counterpart of SQLite's <c>ConnectionSource</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class PostgreSqlSource
{
    private protected PostgreSqlSource(string databaseName) => DatabaseName = databaseName;

    /// <summary>The generated database class's name (<c>ShopDb</c>), for messages.</summary>
    public string DatabaseName { get; }

    /// <summary>A connection for one read.</summary>
    public abstract PostgreSqlReadLease RentReader();

    /// <inheritdoc cref="RentReader"/>
    public abstract ValueTask<PostgreSqlReadLease> RentReaderAsync(CancellationToken cancellationToken);

    /// <summary>A connection for one write.</summary>
    public abstract PostgreSqlLease RentWriter();

    /// <inheritdoc cref="RentWriter"/>
    public abstract ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken);

    /// <summary>The database the source belongs to (itself, or a transaction's database): what its tables share, such as their resident vector indexes.</summary>
    internal abstract PostgreSqlDatabase Database { get; }

    /// <summary>
    /// The tenant whose schema this source reads and writes (the tenant's source itself, or the owner of a tenant's write
    /// transaction), or null for a database's: a tenant's tables keep their resident vector indexes in the directory's
    /// <see cref="Tenancy.TenantVectorIndexes"/>, one per place the tenant is found, rather than in a database.
    /// </summary>
    internal virtual Tenancy.PostgreSqlTenantSource? Tenant => null;

    /// <summary>
    /// Whether the generated tables' own statements are prepared explicitly on their connection (Npgsql's persistent
    /// prepared statements: a bounded set per physical connection, each prepared at its first use there). Only the
    /// database's data source and its transactions do, and not when the data source multiplexes, where Npgsql has no
    /// explicit preparation; a tenant's source runs them as it sends them, with the operation's start.
    /// </summary>
    internal virtual bool Prepares => false;

    /// <summary>A statement of the source's transaction failed and could not be undone alone: the transaction cannot commit.</summary>
    internal virtual void Broke(System.Exception error)
    {
    }

    /// <summary>
    /// The write transaction begun from this source on the current flow and not ended, if any (a source that begins
    /// transactions keeps it in an <see cref="AsyncLocal{T}"/>; a transaction itself begins none).
    /// </summary>
    internal virtual PostgreSqlTransaction? Current
    {
        get => null;
        set { }
    }

    /// <summary>Whether <paramref name="transaction"/>, open on this flow, writes where this source writes (the database's: always).</summary>
    private protected virtual bool IsOwnTransaction(PostgreSqlTransaction transaction) => true;

    /// <summary>
    /// A write through this source inside one of its write transactions on the same flow would run on another
    /// connection: it would not see the transaction's rows, and would wait forever for a row the transaction holds.
    /// As on SQLite, it is an error that says what to do.
    /// </summary>
    private protected void ThrowIfInsideWrite(string what)
    {
        if (Current is { IsActive: true } current && IsOwnTransaction(current))
            throw new System.InvalidOperationException($"This code runs inside a write transaction on {DatabaseName} (PostgreSQL) and {what}. Use the transaction's tables (tx.Users, not db.Users) inside Write/BeginWrite.");
    }
}

using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Where a generated PostgreSQL table gets its connection for one operation: the database (a pooled connection from its
/// <see cref="Npgsql.NpgsqlDataSource"/> per call) or a <see cref="PostgreSqlTransaction"/> (its one connection for
/// every call, inside its transaction). The PostgreSQL counterpart of SQLite's <c>ConnectionSource</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class PostgreSqlSource
{
    private protected PostgreSqlSource(string databaseName) => DatabaseName = databaseName;

    /// <summary>The generated database class's name (<c>ShopDb</c>), for messages.</summary>
    public string DatabaseName { get; }

    /// <summary>A connection for one read.</summary>
    public abstract PostgreSqlLease RentReader();

    /// <inheritdoc cref="RentReader"/>
    public abstract ValueTask<PostgreSqlLease> RentReaderAsync(CancellationToken cancellationToken);

    /// <summary>A connection for one write.</summary>
    public abstract PostgreSqlLease RentWriter();

    /// <inheritdoc cref="RentWriter"/>
    public abstract ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken);

    /// <summary>The database the source belongs to (itself, or a transaction's database): what its tables share, such as their resident vector indexes.</summary>
    internal abstract PostgreSqlDatabase Database { get; }

    /// <summary>A statement of the source's transaction failed and could not be undone alone: the transaction cannot commit.</summary>
    internal virtual void Broke(System.Exception error)
    {
    }
}

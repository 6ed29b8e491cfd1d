using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A generated database on PostgreSQL: the <see cref="NpgsqlDataSource"/> it reads and writes through (Npgsql pools the
/// physical connections; each operation rents one for its own duration) and its write transactions. The generated
/// <c>ShopDb.PostgreSql</c> holds one; <see cref="Open"/> is what its <c>ShopDb.OpenPostgreSql</c> calls.
/// </summary>
/// <remarks>
/// The data source is the caller's: disposing the database does not dispose it. Build it with Npgsql's
/// <c>NpgsqlSlimDataSourceBuilder</c> for a trimmed or NativeAOT application: the generated code needs none of the
/// features the slim builder leaves out.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlDatabase : PostgreSqlSource
{
    private readonly AsyncLocal<PostgreSqlTransaction?> _current = new();

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, string databaseName)
        : base(databaseName) => DataSource = dataSource;

    /// <summary>The data source every operation takes its connection from.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Opens <paramref name="databaseName"/> on the data source's database: an empty one gets
    /// <paramref name="createSchemaSql"/> and the migration history, one at the latest version of
    /// <paramref name="migrations"/> opens as it is, anything else is refused (<see cref="SchemaOnOpen"/>).
    /// </summary>
    /// <exception cref="MigrationException">The database is at another version, or holds tables but no SqliteGen history.</exception>
    public static PostgreSqlDatabase Open(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaOnOpen.Ensure(async: false, dataSource, databaseName, migrations, createSchemaSql, CancellationToken.None).GetAwaiter().GetResult();
        return new PostgreSqlDatabase(dataSource, databaseName);
    }

    /// <inheritdoc cref="Open"/>
    public static async ValueTask<PostgreSqlDatabase> OpenAsync(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await SchemaOnOpen.Ensure(async: true, dataSource, databaseName, migrations, createSchemaSql, cancellationToken).ConfigureAwait(false);
        return new PostgreSqlDatabase(dataSource, databaseName);
    }

    /// <summary>Begins a write transaction on a connection of its own (READ COMMITTED, PostgreSQL's default).</summary>
    public PostgreSqlTransaction BeginWrite()
    {
        ThrowIfInsideWrite("asked for a second one");
        NpgsqlConnection connection = DataSource.OpenConnection();
        try
        {
            return new PostgreSqlTransaction(this, connection, connection.BeginTransaction());
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="BeginWrite"/>
    public async ValueTask<PostgreSqlTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfInsideWrite("asked for a second one");
        NpgsqlConnection connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new PostgreSqlTransaction(this, connection, await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The write transaction begun on the current flow and not ended, if any.</summary>
    internal PostgreSqlTransaction? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    /// <inheritdoc/>
    public override PostgreSqlLease RentReader() => new(this, DataSource.OpenConnection(), null, ownsConnection: true);

    /// <inheritdoc/>
    public override async ValueTask<PostgreSqlLease> RentReaderAsync(CancellationToken cancellationToken) =>
        new(this, await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null, ownsConnection: true);

    /// <inheritdoc/>
    public override PostgreSqlLease RentWriter()
    {
        ThrowIfInsideWrite("wrote outside it");
        return RentReader();
    }

    /// <inheritdoc/>
    public override ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfInsideWrite("wrote outside it");
        return RentReaderAsync(cancellationToken);
    }

    /// <summary>
    /// A write through the database inside one of its write transactions on the same flow would run on another
    /// connection: it would not see the transaction's rows, and would wait forever for a row the transaction holds.
    /// As on SQLite, it is an error that says what to do.
    /// </summary>
    private void ThrowIfInsideWrite(string what)
    {
        if (_current.Value is { IsActive: true })
            throw new InvalidOperationException($"This code runs inside a write transaction on {DatabaseName} (PostgreSQL) and {what}. Use the transaction's tables (tx.Users, not db.Users) inside Write/BeginWrite.");
    }
}

using System;
using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, object> _attachments = new(StringComparer.Ordinal);

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, string databaseName, SqliteGenOptions? options)
        : base(databaseName)
    {
        DataSource = dataSource;
        Options = options ?? SqliteGenOptions.Default;
        Prepares = !new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Multiplexing;
    }

    /// <summary>The data source every operation takes its connection from.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// The options given at open. On PostgreSQL only the search settings apply: <see cref="SqliteGenOptions.VectorBackend"/>
    /// (<see cref="VectorBackend.Quantized"/> keeps binary-quantized resident indexes; every other value the exact one),
    /// <see cref="SqliteGenOptions.QuantizedOversample"/> and <see cref="SqliteGenOptions.HybridSearch"/>.
    /// </summary>
    public SqliteGenOptions Options { get; }

    internal override PostgreSqlDatabase Database => this;

    /// <inheritdoc/>
    internal override bool Prepares { get; }

    /// <summary>The object kept under <paramref name="key"/> for this database, made by <paramref name="create"/> on first use.</summary>
    internal T Attachment<T>(string key, Func<T> create)
        where T : class =>
        (T)_attachments.GetOrAdd(key, static (_, make) => make(), create);

    /// <summary>
    /// Opens <paramref name="databaseName"/> on the data source's database, with the rules of SQLite's <c>Open</c>
    /// (<see cref="SchemaOnOpen"/>): an empty one gets <paramref name="createSchemaSql"/> and the migration history, an older
    /// one is migrated up by the PostgreSQL steps <paramref name="migrations"/>, one at the latest version opens after a
    /// drift check, and a newer one, drift, or tables without a history are refused.
    /// </summary>
    /// <remarks>
    /// Whether steps that drop data may run is <paramref name="options"/>'s; null is <see cref="MigrationOptions.Default"/> (they may not).
    /// <paramref name="searchOptions"/>: the vector search settings (<see cref="Options"/>); null is <see cref="SqliteGenOptions.Default"/>.
    /// </remarks>
    /// <exception cref="MigrationException">A newer database, drift, a refused or failed step, or tables but no SqliteGen history.</exception>
    public static PostgreSqlDatabase Open(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, MigrationOptions? options = null, SqliteGenOptions? searchOptions = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaOnOpen.Ensure(async: false, dataSource, databaseName, migrations, createSchemaSql, options ?? MigrationOptions.Default, CancellationToken.None).GetAwaiter().GetResult();
        return new PostgreSqlDatabase(dataSource, databaseName, searchOptions);
    }

    /// <inheritdoc cref="Open"/>
    public static async ValueTask<PostgreSqlDatabase> OpenAsync(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, MigrationOptions? options, CancellationToken cancellationToken) =>
        await OpenAsync(dataSource, databaseName, migrations, createSchemaSql, options, null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="Open"/>
    public static async ValueTask<PostgreSqlDatabase> OpenAsync(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql, MigrationOptions? options, SqliteGenOptions? searchOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await SchemaOnOpen.Ensure(async: true, dataSource, databaseName, migrations, createSchemaSql, options ?? MigrationOptions.Default, cancellationToken).ConfigureAwait(false);
        return new PostgreSqlDatabase(dataSource, databaseName, searchOptions);
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

    /// <inheritdoc/>
    internal override PostgreSqlTransaction? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    /// <inheritdoc/>
    public override PostgreSqlReadLease RentReader() => new(this, DataSource.OpenConnection(), null, ownsConnection: true);

    /// <inheritdoc/>
    public override async ValueTask<PostgreSqlReadLease> RentReaderAsync(CancellationToken cancellationToken) =>
        new(this, await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null, ownsConnection: true);

    /// <inheritdoc/>
    public override PostgreSqlLease RentWriter()
    {
        ThrowIfInsideWrite("wrote outside it");
        return new(this, DataSource.OpenConnection(), null, ownsConnection: true);
    }

    /// <inheritdoc/>
    public override async ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfInsideWrite("wrote outside it");
        return new(this, await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null, ownsConnection: true);
    }
}

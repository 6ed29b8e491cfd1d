using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// One tenant's connections for the generated tenant view (<c>ShopDb.PostgreSql.TenantView</c>): every operation is an
/// operation on the tenant's server (<see cref="TenantDirectory.Operation"/>) whose start (the schema's mark checked
/// against the directory's epoch, <c>search_path</c> set to the tenant's schema for the transaction, and for a write the
/// tenant's write lock held shared, so a move never copies the tenant under it) goes in one round trip with the
/// operation's statement, as one implicit transaction; a write transaction (<see cref="BeginWrite"/>) begins it first.
/// A tenant the directory has not placed yet is placed by its policy on first use, as SQLite creates a tenant's file the
/// first time <c>ForTenant</c> asks for it.
/// </summary>
/// <remarks>
/// The directory's methods are asynchronous; the synchronous accessor methods wait for them (every await inside is
/// <c>ConfigureAwait(false)</c>, so no synchronization context is needed to finish them).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlTenantSource : PostgreSqlSource
{
    /// <summary>
    /// The innermost tenant write transaction open on the current flow, whichever view began it: two views of one tenant
    /// are two sources, and a write through one inside the other's transaction must be refused all the same.
    /// </summary>
    private static readonly AsyncLocal<PostgreSqlTransaction?> s_current = new();

    /// <summary>
    /// The tenant <paramref name="tenantId"/> of <paramref name="databaseName"/>, found through <paramref name="directory"/>,
    /// its searches with the default options (<see cref="SqliteGenOptions.Default"/>).
    /// </summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set; nothing was touched.</exception>
    public PostgreSqlTenantSource(TenantDirectory directory, string tenantId, string databaseName)
        : this(directory, tenantId, databaseName, SqliteGenOptions.Default)
    {
    }

    /// <summary>
    /// The tenant <paramref name="tenantId"/> of the base database <paramref name="base"/> (its name, and its search options:
    /// the vector backend and the hybrid search settings), found through <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set; nothing was touched.</exception>
    public PostgreSqlTenantSource(TenantDirectory directory, string tenantId, PostgreSqlDatabase @base)
        : this(directory, tenantId, (@base ?? throw new ArgumentNullException(nameof(@base))).DatabaseName, @base.Options)
    {
    }

    private PostgreSqlTenantSource(TenantDirectory directory, string tenantId, string databaseName, SqliteGenOptions options)
        : base(databaseName)
    {
        ArgumentNullException.ThrowIfNull(directory);
        TenantFiles.Validate(tenantId);
        Directory = directory;
        TenantId = tenantId;
        Options = options;
    }

    /// <summary>Where the tenant is found.</summary>
    public TenantDirectory Directory { get; }

    /// <summary>The tenant.</summary>
    public string TenantId { get; }

    /// <summary>The search settings of the tenant's tables: the base database's (<see cref="PostgreSqlDatabase.Options"/>).</summary>
    public SqliteGenOptions Options { get; }

    /// <inheritdoc/>
    internal override PostgreSqlTransaction? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>A transaction of the same tenant of the same directory (another tenant's is another schema, maybe another server).</summary>
    private protected override bool IsOwnTransaction(PostgreSqlTransaction transaction) =>
        transaction.Owner is PostgreSqlTenantSource owner && ReferenceEquals(owner.Directory, Directory)
        && string.Equals(owner.TenantId, TenantId, StringComparison.Ordinal);

    /// <summary>
    /// A tenant is not a database: what a database's tables share (their resident vector indexes) a tenant's tables keep
    /// in the directory, per place the tenant is found (<see cref="Tenant"/>, <see cref="TenantVectorIndexes"/>).
    /// </summary>
    internal override PostgreSqlDatabase Database =>
        throw new InvalidOperationException($"Tenant '{TenantId}' of {DatabaseName} has no PostgreSqlDatabase of its own: its tables' shared state is kept by its directory.");

    /// <inheritdoc/>
    internal override PostgreSqlTenantSource Tenant => this;

    /// <inheritdoc/>
    public override PostgreSqlReadLease RentReader() => new(this, Open(write: false));

    /// <inheritdoc/>
    public override async ValueTask<PostgreSqlReadLease> RentReaderAsync(CancellationToken cancellationToken) =>
        new(this, await OpenAsync(write: false, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override PostgreSqlLease RentWriter()
    {
        ThrowIfInsideWrite("wrote outside it");
        return new(this, Open(write: true));
    }

    /// <inheritdoc/>
    public override async ValueTask<PostgreSqlLease> RentWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfInsideWrite("wrote outside it");
        return new(this, await OpenAsync(write: true, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// A write transaction on the tenant's schema (its write lock held shared until it ends): the generated
    /// <c>TenantWriteTransaction</c>'s tables read and write through it. Nothing is sent yet: its first statement goes
    /// with <c>BEGIN</c> and the tenant's start in one round trip (<see cref="TenantDirectory.Operation.BeginsOnFirst"/>),
    /// so a move holding the tenant fails that statement with <see cref="TenantBusyException"/>, nothing written.
    /// </summary>
    /// <exception cref="TenantServerUnavailableException">The tenant's server (or the directory's) cannot be reached.</exception>
    public PostgreSqlTransaction BeginWrite()
    {
        ThrowIfInsideWrite("asked for a second one");
        return new(this, Open(write: true, transaction: true));
    }

    /// <inheritdoc cref="BeginWrite"/>
    public async ValueTask<PostgreSqlTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfInsideWrite("asked for a second one");
        return new(this, await OpenAsync(write: true, cancellationToken, transaction: true).ConfigureAwait(false));
    }

    /// <summary>
    /// The connection of one operation on the tenant's server, its start to be sent with the operation's first statement
    /// (<see cref="TenantDirectory.Operation"/>); a tenant not placed yet is placed first (by the policy).
    /// </summary>
    private async ValueTask<TenantDirectory.Operation> OpenAsync(bool write, CancellationToken cancellationToken, bool transaction = false)
    {
        try
        {
            return await Directory.OpenOperationAsync(TenantId, write, cancellationToken, transaction).ConfigureAwait(false);
        }
        catch (TenantNotPlacedException)
        {
            await PlaceAsync(cancellationToken).ConfigureAwait(false);
            return await Directory.OpenOperationAsync(TenantId, write, cancellationToken, transaction).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="OpenAsync"/> for the synchronous accessors: a tenant whose place is cached costs no async state machine
    /// (a read's start still goes with its statement, <see cref="TenantDirectory.Operation"/>).
    /// </summary>
    private TenantDirectory.Operation Open(bool write, bool transaction = false)
    {
        try
        {
            return Directory.OpenOperation(TenantId, write, transaction);
        }
        catch (TenantNotPlacedException)
        {
            PlaceAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return Directory.OpenOperation(TenantId, write, transaction);
        }
    }

    /// <summary>Places the tenant by the directory's policy; another caller placing it meanwhile is as good.</summary>
    private async ValueTask PlaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Directory.PlaceAsync(TenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (TenantAlreadyPlacedException)
        {
            // another caller placed it meanwhile
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// Where each tenant lives among several PostgreSQL servers: the <c>sqlitegen_tenants</c> table on a server the caller
/// names, placement of new tenants (a schema per tenant, made by the caller's DDL), a process-wide cache of locations,
/// moves between servers, and recovery of a placement or move a crash interrupted. docs/tenancy.md ("PostgreSQL")
/// describes the table, the placement policies and the move protocol step by step.
/// </summary>
/// <remarks>
/// Three advisory locks, all under the class <c>"SQGT"</c> with the tenant's key: on the directory's server, a session
/// lock held by whoever places, moves or recovers the tenant (so only one does, and a live mover is told apart from a
/// dead one); on the tenant's server, a lock every write transaction takes shared and a move takes exclusive; and one
/// directory-wide lock held while a placement counts tenants and inserts its row.
/// </remarks>
public sealed partial class TenantDirectory
{
    private const int MoverLockClass = TenantSchemaNames.LockClass;
    private const int WriteLockClass = TenantSchemaNames.LockClass + 1;
    private const int DirectoryLockClass = TenantSchemaNames.LockClass + 2;
    private const string Placing = "placing";
    private const string Active = "active";
    private const string Moving = "moving";

    private readonly TenantServers _servers;
    private readonly string _directoryServer;
    private readonly IReadOnlyList<string> _ddl;
    private readonly TenantSchemaMigrations? _migrations;
    private readonly TenantDirectoryOptions _options;
    private readonly ConcurrentDictionary<string, TenantLocation> _cache = new(StringComparer.Ordinal);

    private TenantDirectory(TenantServers servers, string directoryServer, IReadOnlyList<string> ddl, TenantSchemaMigrations? migrations,
        TenantDirectoryOptions options)
    {
        _servers = servers;
        _directoryServer = directoryServer;
        _ddl = ddl;
        _migrations = migrations;
        _options = options;
        VectorIndexes = new TenantVectorIndexes(options.MaxVectorIndexes, IsCached);
    }

    /// <summary>Whether <paramref name="location"/> is the place this process holds for its tenant now.</summary>
    private bool IsCached(TenantLocation location) => _cache.TryGetValue(location.TenantId, out TenantLocation cached) && cached == location;

    /// <summary>The resident vector indexes of the tenants' tables searched through this directory, at most <see cref="TenantDirectoryOptions.MaxVectorIndexes"/>.</summary>
    internal TenantVectorIndexes VectorIndexes { get; }

    /// <summary>The servers tenants are placed on.</summary>
    public TenantServers Servers => _servers;

    /// <summary>
    /// Opens the directory kept on <paramref name="directoryServer"/> (one of <paramref name="servers"/>), creating its
    /// table when missing. <paramref name="tenantDdl"/> is the tenant schema's DDL, one statement per item, with
    /// unqualified names: placement and moves run it with <c>search_path</c> set to the tenant's schema.
    /// </summary>
    public static Task<TenantDirectory> OpenAsync(TenantServers servers, string directoryServer, IReadOnlyList<string> tenantDdl,
        TenantDirectoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(tenantDdl);
        _ = servers[directoryServer];
        return OpenCoreAsync(new TenantDirectory(servers, directoryServer, new List<string>(tenantDdl), null, options ?? new TenantDirectoryOptions()),
            cancellationToken);
    }

    /// <summary>
    /// Opens the directory kept on <paramref name="directoryServer"/> for tenants whose schema is made by
    /// <paramref name="migrations"/> (the database's PostgreSQL steps): placement creates the schema and migrates it to
    /// the latest version (the history table <c>sqlitegen_migrations</c> in the tenant's schema), and a move builds the
    /// target's schema from the steps up to the version the tenant is at, then copies every table, its history too.
    /// </summary>
    public static Task<TenantDirectory> OpenAsync(TenantServers servers, string directoryServer, string databaseName, IReadOnlyList<Migration> migrations,
        TenantDirectoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _ = servers[directoryServer];
        var schemaMigrations = new TenantSchemaMigrations(databaseName, migrations);
        return OpenCoreAsync(new TenantDirectory(servers, directoryServer, Array.Empty<string>(), schemaMigrations, options ?? new TenantDirectoryOptions()),
            cancellationToken);
    }

    private static async Task<TenantDirectory> OpenCoreAsync(TenantDirectory directory, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await directory.OpenDirectoryAsync("", cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Serialized: two processes creating the table at once would collide in the catalog.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1, 0)", cancellationToken, DirectoryLockClass).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS sqlitegen_tenants (
                tenant_id text PRIMARY KEY,
                server_name text NOT NULL,
                schema_name text NOT NULL,
                epoch bigint NOT NULL,
                state text NOT NULL CHECK (state IN ('placing', 'active', 'moving')),
                move_to text,
                retired_server text,
                retired_schema text,
                placed_at timestamptz NOT NULL DEFAULT now(),
                moved_at timestamptz)
            """, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return directory;
    }

    /// <summary>
    /// Where <paramref name="tenantId"/> lives. Cached in this process once the directory says the tenant is active; a
    /// placement or move the directory shows as unfinished, and no live process is working on, is finished or undone
    /// first. While a move is running, the source is returned (readable; writes wait and then fail retryably).
    /// </summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set.</exception>
    /// <exception cref="TenantNotPlacedException">The directory has no placement for the id.</exception>
    public async ValueTask<TenantLocation> LocateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        TenantFiles.Validate(tenantId);
        if (_cache.TryGetValue(tenantId, out TenantLocation cached))
            return cached;
        await using NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false);
        DirectoryRow? row = await ReadRowAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        if (row is not null && (row.State != Active || row.RetiredServer is not null)
            && await TryLockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                row = await RecoverLockedAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
            }
        }
        if (row is null || row.State == Placing)
            throw new TenantNotPlacedException(tenantId);
        var location = new TenantLocation(tenantId, row.Server, row.Schema, row.Epoch);
        if (row.State == Active)
            _cache[tenantId] = location;
        return location;
    }

    /// <summary>
    /// Forgets the cached location of <paramref name="tenantId"/> (the next use reads the directory), and the resident
    /// vector indexes of its tables (the next search loads them where the tenant is then).
    /// </summary>
    public void Invalidate(string tenantId)
    {
        _cache.TryRemove(tenantId, out _);
        VectorIndexes.Drop(tenantId);
    }

    /// <summary>Places a new tenant on a server chosen by <see cref="TenantDirectoryOptions.Placement"/>.</summary>
    /// <inheritdoc cref="PlaceAsync(string, string, CancellationToken)"/>
    public Task<TenantLocation> PlaceAsync(string tenantId, CancellationToken cancellationToken = default) =>
        PlaceCoreAsync(tenantId, null, null, cancellationToken);

    /// <summary>
    /// Places a new tenant on <paramref name="server"/>: a directory row (<c>placing</c>), then in one transaction on
    /// the server the schema, its mark and the DDL, then the row made <c>active</c>. A failing statement leaves neither
    /// a schema nor a row; a crash leaves at worst a <c>placing</c> row (and perhaps its schema), which the next
    /// placement or lookup of the id removes.
    /// </summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set; nothing was touched.</exception>
    /// <exception cref="TenantAlreadyPlacedException">The tenant is placed already.</exception>
    /// <exception cref="TenantPlacementException">A DDL statement failed; the message names it.</exception>
    public Task<TenantLocation> PlaceAsync(string tenantId, string server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        return PlaceCoreAsync(tenantId, server, null, cancellationToken);
    }

    /// <summary>
    /// Places a new tenant on <paramref name="server"/> (null: by <see cref="TenantDirectoryOptions.Placement"/>) and fills
    /// it in the placement's own transaction: after the schema's DDL (or migrations), <paramref name="fill"/> runs on the
    /// tenant's server with <c>search_path</c> set to the new schema. The tenant becomes <c>active</c> only after the fill
    /// returned and the transaction committed; an exception from the fill rolls the schema back and removes the row, so
    /// the tenant is not placed at all (<c>sqlitegen copy</c> of a tenant folder places each tenant this way).
    /// </summary>
    /// <inheritdoc cref="PlaceAsync(string, string, CancellationToken)"/>
    public Task<TenantLocation> PlaceAsync(string tenantId, string? server, TenantFill fill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return PlaceCoreAsync(tenantId, server, fill, cancellationToken);
    }

    private async Task<TenantLocation> PlaceCoreAsync(string tenantId, string? pinned, TenantFill? fill, CancellationToken cancellationToken)
    {
        TenantFiles.Validate(tenantId);
        if (pinned is not null)
            _ = _servers[pinned];
        string schema = TenantSchemaNames.Live(tenantId);
        await using NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await LockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        try
        {
            DirectoryRow? row = await RecoverLockedAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
            if (row is not null)
                throw new TenantAlreadyPlacedException(tenantId, row.Server);
            string server;
            await using (NpgsqlTransaction transaction = await directory.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                server = pinned ?? await ChooseServerAsync(directory, transaction, tenantId, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(directory, transaction, """
                    INSERT INTO sqlitegen_tenants (tenant_id, server_name, schema_name, epoch, state) VALUES ($1, $2, $3, 1, 'placing')
                    """, cancellationToken, tenantId, server, schema).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            try
            {
                await using NpgsqlConnection connection = await OpenAsync(server, tenantId, cancellationToken).ConfigureAwait(false);
                await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await CreateSchemaAsync(connection, transaction, tenantId, schema, server, 1, _ddl, cancellationToken).ConfigureAwait(false);
                if (_migrations is not null)
                    _migrations.MigrateToLatest(connection, transaction, tenantId, server);
                if (fill is not null)
                    await fill(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The schema's transaction rolled back: the row goes too. Should this fail, the row stays 'placing'
                // and the next placement or lookup of the id removes it.
                await ExecuteAsync(directory, null, "DELETE FROM sqlitegen_tenants WHERE tenant_id = $1 AND state = 'placing'",
                    CancellationToken.None, tenantId).ConfigureAwait(false);
                throw;
            }
            await ExecuteAsync(directory, null, "UPDATE sqlitegen_tenants SET state = 'active' WHERE tenant_id = $1 AND state = 'placing'",
                cancellationToken, tenantId).ConfigureAwait(false);
            var location = new TenantLocation(tenantId, server, schema, 1);
            _cache[tenantId] = location;
            return location;
        }
        finally
        {
            await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A write transaction for <paramref name="tenantId"/> on its server (<see cref="TenantTransaction"/>). Nothing is sent
    /// yet: its first statement goes in one round trip with <c>BEGIN</c> and the tenant's start, which takes the tenant's
    /// write lock shared (waiting at most <see cref="TenantDirectoryOptions.WriteLockTimeout"/> for a move), checks that
    /// the schema still carries the directory's epoch (a cached location from before a move finds the old copy retired:
    /// the cache is dropped and the statement sent once more where the directory says the tenant is), and sets
    /// <c>search_path</c> to the tenant's schema.
    /// </summary>
    /// <exception cref="TenantNotPlacedException">The directory has no placement for the id.</exception>
    /// <exception cref="TenantServerUnavailableException">The tenant's server (or the directory's) cannot be reached.</exception>
    public ValueTask<TenantTransaction> BeginWriteAsync(string tenantId, CancellationToken cancellationToken = default) =>
        BeginAsync(tenantId, write: true, cancellationToken);

    /// <summary>
    /// A read transaction for <paramref name="tenantId"/>: as <see cref="BeginWriteAsync"/> without the write lock (reads
    /// never wait for a move; between a move's retire and switch they fail with <see cref="TenantBusyException"/>).
    /// </summary>
    /// <inheritdoc cref="BeginWriteAsync" path="/exception"/>
    public ValueTask<TenantTransaction> BeginReadAsync(string tenantId, CancellationToken cancellationToken = default) =>
        BeginAsync(tenantId, write: false, cancellationToken);

    private async ValueTask<TenantTransaction> BeginAsync(string tenantId, bool write, CancellationToken cancellationToken) =>
        new(await OpenOperationAsync(tenantId, write, cancellationToken, transaction: true).ConfigureAwait(false));

    /// <summary>
    /// Why a tenant's start found no schema with the directory's mark at <paramref name="tried"/> a second time, after the
    /// directory was read again: asked of the directory, not guessed from timing. With the tenant's mover lock taken (so no
    /// move or recovery of it runs meanwhile), an entry that is <c>active</c> at that place and epoch with no retired copy
    /// recorded means no move explains it: the schema is gone, or is not the tenant's
    /// (<see cref="TenantSchemaMissingException"/>, its mark read from the tenant's server). A mover holding the lock, an
    /// entry <c>moving</c> or elsewhere: a move under way (<see cref="TenantBusyException"/>).
    /// </summary>
    internal async ValueTask<TenantException> RefusedAgainAsync(TenantLocation tried, Exception error, CancellationToken cancellationToken)
    {
        string tenantId = tried.TenantId;
        await using (NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false))
        {
            if (await TryLockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    DirectoryRow? row = await ReadRowAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
                    if (row is { State: Active, RetiredServer: null } && row.Server == tried.Server && row.Schema == tried.Schema && row.Epoch == tried.Epoch)
                    {
                        string? mark = await ReadMarkAsync(tried.Server, tenantId, tried.Schema, cancellationToken).ConfigureAwait(false);
                        if (mark != TenantSchemaNames.LiveMark(tenantId, tried.Epoch))
                            return new TenantSchemaMissingException(tenantId, tried.Server, tried.Schema, tried.Epoch, mark, error);
                    }
                }
                finally
                {
                    await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
                }
            }
        }
        return new TenantBusyException(tenantId, tried.Server,
            $"Tenant '{tenantId}' is being moved from server '{tried.Server}' (its copy there is retired and the directory not yet switched): try again.", error);
    }

    /// <summary>
    /// Finishes or undoes an unfinished placement or move of <paramref name="tenantId"/> (waiting for a live mover to
    /// end first) and removes a retired copy left behind; returns the location, or null when the tenant is not placed.
    /// </summary>
    public async Task<TenantLocation?> RecoverAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        TenantFiles.Validate(tenantId);
        Invalidate(tenantId);
        await using NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await LockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        try
        {
            DirectoryRow? row = await RecoverLockedAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
            return row is null ? null : new TenantLocation(tenantId, row.Server, row.Schema, row.Epoch);
        }
        finally
        {
            await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
        }
    }

    /// <summary>The recovery itself; the caller holds the tenant's mover lock, so no placement or move of it is running.</summary>
    private async Task<DirectoryRow?> RecoverLockedAsync(NpgsqlConnection directory, string tenantId, CancellationToken cancellationToken)
    {
        DirectoryRow? row = await ReadRowAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        if (row is null)
            return null;
        if (row.State == Placing)
        {
            // An interrupted placement: its schema, complete or not, is no one's yet.
            await DropSchemaAsync(row.Server, tenantId, row.Schema, _ => true, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(directory, null, "DELETE FROM sqlitegen_tenants WHERE tenant_id = $1 AND state = 'placing'",
                cancellationToken, tenantId).ConfigureAwait(false);
            return null;
        }
        if (row.State == Moving)
        {
            string target = row.MoveTo ?? throw new TenantPlacementException(tenantId, $"Tenant '{tenantId}' is marked moving with no target server in the directory.");
            string? sourceMark = await ReadMarkAsync(row.Server, tenantId, row.Schema, cancellationToken).ConfigureAwait(false);
            if (sourceMark == TenantSchemaNames.LiveMark(tenantId, row.Epoch))
            {
                // The source was never retired: it is whole and current. Undo: drop the target's copy (when reachable;
                // else a later move to that server replaces it) and make the row active again. The copy is under its
                // staging name; a move by an older build made it under the live name.
                try
                {
                    foreach (string copy in new[] { TenantSchemaNames.Staging(tenantId, row.Epoch + 1), TenantSchemaNames.Live(tenantId) })
                        await DropSchemaAsync(target, tenantId, copy, mark => mark == TenantSchemaNames.LiveMark(tenantId, row.Epoch + 1), cancellationToken)
                            .ConfigureAwait(false);
                }
                catch (TenantServerUnavailableException)
                {
                }
                await ExecuteAsync(directory, null, """
                    UPDATE sqlitegen_tenants SET state = 'active', move_to = NULL WHERE tenant_id = $1 AND epoch = $2 AND state = 'moving'
                    """, cancellationToken, tenantId, row.Epoch).ConfigureAwait(false);
            }
            else
            {
                // The source was retired, which happens only after the target's copy was committed and verified: finish
                // (the copy renamed to the live name unless it is already, then the directory switched).
                await SwitchAsync(directory, tenantId, row.Server, target, row.Epoch, sourceMark, cancellationToken).ConfigureAwait(false);
            }
            row = await ReadRowAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        }
        if (row is { RetiredServer: not null, RetiredSchema: not null })
        {
            try
            {
                await RemoveRetiredAsync(directory, tenantId, row.RetiredServer, row.RetiredSchema, cancellationToken).ConfigureAwait(false);
                row = row with { RetiredServer = null, RetiredSchema = null };
            }
            catch (TenantServerUnavailableException)
            {
                // The old server is down: its retired copy stays (recorded in the row) until a later lookup removes it.
            }
        }
        return row;
    }

    private async Task<string> ChooseServerAsync(NpgsqlConnection directory, NpgsqlTransaction transaction, string tenantId, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = _servers.Names;
        if (_options.Placement == TenantPlacementPolicy.StableHash)
            return names[JumpHash(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)), 0), names.Count)];
        // Held to the commit of the new row, so concurrent placements each count the ones before.
        await ExecuteAsync(directory, transaction, "SELECT pg_advisory_xact_lock($1, 0)", cancellationToken, DirectoryLockClass).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT server_name, count(*) FROM sqlitegen_tenants GROUP BY server_name", directory, transaction))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        string best = names[0];
        foreach (string name in names)
        {
            if (counts.GetValueOrDefault(name) < counts.GetValueOrDefault(best))
                best = name;
        }
        return best;
    }

    /// <summary>Lamping and Veach's jump consistent hash: a bucket in [0, buckets).</summary>
    private static int JumpHash(ulong key, int buckets)
    {
        long bucket = -1, next = 0;
        while (next < buckets)
        {
            bucket = next;
            key = unchecked(key * 2862933555777941757UL + 1);
            next = (long)((bucket + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }
        return (int)bucket;
    }

    /// <summary>
    /// Drops, creates and marks <paramref name="schemaName"/> (the tenant's live schema, or a move's staging copy) with the
    /// tenant's live mark at <paramref name="epoch"/>, and runs the DDL in it, in the caller's transaction.
    /// </summary>
    private static async Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string schemaName, string server,
        long epoch, IReadOnlyList<string> ddl, CancellationToken cancellationToken)
    {
        string schema = TenantSchemaNames.Quote(schemaName);
        await ExecuteAsync(connection, transaction, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE SCHEMA " + schema, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "COMMENT ON SCHEMA " + schema + " IS " + TenantSchemaNames.Literal(TenantSchemaNames.LiveMark(tenantId, epoch)),
            cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT set_config('search_path', $1, true)", cancellationToken, schema).ConfigureAwait(false);
        for (int i = 0; i < ddl.Count; i++)
        {
            try
            {
                await ExecuteAsync(connection, transaction, ddl[i], cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new TenantPlacementException(tenantId,
                    $"Creating tenant '{tenantId}' on server '{server}' failed at DDL statement {i + 1} of {ddl.Count} ({e.MessageText}); nothing was created. Statement: {ddl[i]}", e);
            }
        }
    }

    /// <summary>The mark (comment) of <paramref name="schema"/> on <paramref name="server"/>; null when the schema is missing, '' when it has none.</summary>
    private async Task<string?> ReadMarkAsync(string server, string tenantId, string schema, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await OpenAsync(server, tenantId, cancellationToken).ConfigureAwait(false);
        return await ReadMarkAsync(connection, schema, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="ReadMarkAsync(string, string, string, CancellationToken)"/>
    private static async Task<string?> ReadMarkAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TenantSchemaNames.SelectMarkOfQuotedSchemaParameter1, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Quote(schema) });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Drops <paramref name="schema"/> on <paramref name="server"/> when it exists and its mark passes <paramref name="owned"/>.</summary>
    private async Task DropSchemaAsync(string server, string tenantId, string schema, Func<string?, bool> owned, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await OpenAsync(server, tenantId, cancellationToken).ConfigureAwait(false);
        string? mark = await ReadMarkAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        if (mark is not null && owned(mark))
            await ExecuteAsync(connection, null, "DROP SCHEMA IF EXISTS " + TenantSchemaNames.Quote(schema) + " CASCADE", cancellationToken).ConfigureAwait(false);
    }

    private async Task<DirectoryRow?> ReadRowAsync(NpgsqlConnection directory, string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT server_name, schema_name, epoch, state, move_to, retired_server, retired_schema FROM sqlitegen_tenants WHERE tenant_id = $1
                """, directory);
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            return new DirectoryRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw DirectoryUnavailable(tenantId, e);
        }
    }

    private async Task<NpgsqlConnection> OpenDirectoryAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await _servers[_directoryServer].OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw DirectoryUnavailable(tenantId, e);
        }
    }

    private TenantServerUnavailableException DirectoryUnavailable(string tenantId, Exception e) =>
        new(tenantId, _directoryServer,
            tenantId.Length == 0
                ? $"The tenant directory on server '{_directoryServer}' cannot be reached: {e.Message}"
                : $"The tenant directory on server '{_directoryServer}' cannot be reached, so tenant '{tenantId}' cannot be located: {e.Message}", e);

    /// <summary>A connection to <paramref name="server"/>; an unreachable server becomes <see cref="TenantServerUnavailableException"/>.</summary>
    private async Task<NpgsqlConnection> OpenAsync(string server, string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await _servers[server].OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new TenantServerUnavailableException(tenantId, server, e);
        }
    }

    /// <summary>A connection to <paramref name="server"/>, opened synchronously; an unreachable server becomes <see cref="TenantServerUnavailableException"/>.</summary>
    private NpgsqlConnection Open(string server, string tenantId)
    {
        try
        {
            return _servers[server].OpenConnection();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new TenantServerUnavailableException(tenantId, server, e);
        }
    }

    private static async Task LockMoverAsync(NpgsqlConnection directory, string tenantId, CancellationToken cancellationToken) =>
        await ExecuteAsync(directory, null, "SELECT pg_advisory_lock($1, $2)", cancellationToken, MoverLockClass, TenantSchemaNames.LockKey(tenantId)).ConfigureAwait(false);

    private static async Task<bool> TryLockMoverAsync(NpgsqlConnection directory, string tenantId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", directory);
        command.Parameters.Add(new NpgsqlParameter { Value = MoverLockClass });
        command.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.LockKey(tenantId) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static Task UnlockMoverAsync(NpgsqlConnection directory, string tenantId) =>
        UnlockAsync(directory, MoverLockClass, TenantSchemaNames.LockKey(tenantId));

    /// <summary>Releases a session advisory lock; a broken session holds none.</summary>
    private static async Task UnlockAsync(NpgsqlConnection connection, int lockClass, int key)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
            return;
        try
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock($1, $2)", CancellationToken.None, lockClass, key).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // the session is gone, and its locks with it
        }
    }

    /// <summary>True for failures that mean the server cannot be reached (as opposed to an error the server reported).</summary>
    internal static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException or TimeoutException or System.IO.IOException => true,
        _ => false,
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private sealed record DirectoryRow(string Server, string Schema, long Epoch, string State, string? MoveTo, string? RetiredServer, string? RetiredSchema);
}

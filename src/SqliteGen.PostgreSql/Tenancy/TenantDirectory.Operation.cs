using System;
using System.Data;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

public sealed partial class TenantDirectory
{
    /// <summary>
    /// The setting the mark check reads when the schema's mark is not the directory's: PostgreSQL has no such setting, so
    /// the check fails with this name in its message, and the statements sent after it in the same round trip do not run.
    /// </summary>
    private const string MovedSetting = "sqlitegen.tenant_schema_moved";

    /// <summary>Where a write's start keeps the <c>lock_timeout</c> in force while it bounds the wait for the move's lock.</summary>
    private const string SavedLockTimeoutSetting = "sqlitegen.saved_lock_timeout";

    /// <summary>
    /// Checks the schema's mark against the directory's epoch (<c>$1</c>) and, when it matches, sets <c>search_path</c> to
    /// the schema (<c>$2</c>, quoted) for the transaction; otherwise fails (<see cref="MovedSetting"/>). One statement, so
    /// nothing runs unrouted; two index lookups in the catalog, whatever the number of schemas on the server.
    /// </summary>
    internal const string CheckMarkSql =
        "SELECT CASE WHEN " + TenantSchemaNames.MarkOfQuotedSchemaParameter2 + " IS NOT DISTINCT FROM $1 "
        + "THEN pg_catalog.set_config('search_path', $2, true) ELSE pg_catalog.current_setting('" + MovedSetting + "') END";

    /// <summary>
    /// Opens the connection of one operation of <paramref name="tenantId"/>; nothing is sent to its server yet. With
    /// <paramref name="transaction"/>, the operation is a transaction of several statements (a write transaction of the
    /// generated view) that its first statement begins (<see cref="Operation.BeginsOnFirst"/>).
    /// </summary>
    /// <exception cref="TenantNotPlacedException">The directory has no placement for the id.</exception>
    /// <exception cref="TenantServerUnavailableException">The tenant's server (or the directory's) cannot be reached.</exception>
    internal async ValueTask<Operation> OpenOperationAsync(string tenantId, bool write, CancellationToken cancellationToken, bool transaction = false)
    {
        TenantLocation location = await LocateAsync(tenantId, cancellationToken).ConfigureAwait(false);
        NpgsqlConnection connection = await OpenAsync(location.Server, tenantId, cancellationToken).ConfigureAwait(false);
        return new Operation(this, location, connection, write, transaction);
    }

    /// <summary>
    /// <see cref="OpenOperationAsync"/> for the synchronous accessors: a cached place and a pooled connection are taken
    /// without an async state machine (Npgsql's synchronous open); only reading the directory waits for its async path.
    /// </summary>
    internal Operation OpenOperation(string tenantId, bool write, bool transaction = false)
    {
        if (!_cache.TryGetValue(tenantId, out TenantLocation location))
            location = LocateAsync(tenantId).AsTask().GetAwaiter().GetResult();
        return new Operation(this, location, Open(location.Server, tenantId), write, transaction);
    }

    /// <summary>
    /// One operation of a tenant on its server, its start (the mark check, <c>search_path</c>, and for a write the shared
    /// write lock) sent in the same round trip as its statements: <see cref="Execute"/> puts the start before them in one
    /// batch, which PostgreSQL runs as one implicit transaction (one Sync: the first error skips the rest and rolls back
    /// what ran), so a read or a single write costs one round trip and nothing to end. A caller that needs a transaction
    /// across several round trips (<c>InsertMany</c>, an import, a command it runs itself) asks <see cref="Begin"/> first.
    /// </summary>
    /// <remarks>
    /// A schema whose mark is not the directory's (the tenant was moved since this process cached its place) fails the
    /// check before any statement runs: the cache entry is dropped and the batch sent once more where the directory says
    /// the tenant is now; failing again, the directory is asked why (<see cref="RefusedAgainAsync"/>): a move under way
    /// (<see cref="TenantBusyException"/>), or a schema gone with none (<see cref="TenantSchemaMissingException"/>). A
    /// statement that finds the tenant's table gone is sent once more the same way (a read holds no lock a move waits for,
    /// so a move can retire the schema between the check and the statement); failing again, the table is missing from the
    /// tenant's schema (<see cref="TenantTableMissingException"/>).
    /// </remarks>
    internal sealed class Operation : IAsyncDisposable
    {
        private readonly TenantDirectory _directory;
        private readonly bool _write;
        private readonly bool _beginsOnFirst;
        private readonly NpgsqlBatchCommand? _lock;
        private NpgsqlBatchCommand? _check;
        private NpgsqlCommand? _qualified;

        internal Operation(TenantDirectory directory, TenantLocation location, NpgsqlConnection connection, bool write, bool transaction)
        {
            _directory = directory;
            _write = write;
            _beginsOnFirst = transaction;
            Connection = connection;
            if (write)
                _lock = Command("SELECT pg_advisory_xact_lock_shared($1, $2)", WriteLockClass, TenantSchemaNames.LockKey(location.TenantId));
            Route(location);
        }

        /// <summary>Where the tenant was found (changed when a stale place was corrected).</summary>
        public TenantLocation Location { get; private set; }

        /// <summary>The open connection to the tenant's server.</summary>
        public NpgsqlConnection Connection { get; private set; }

        /// <summary>The transaction <see cref="Begin"/> began; null while the start is still to be sent with the statements.</summary>
        public NpgsqlTransaction? Transaction { get; private set; }

        /// <summary>Whether the start was sent already (<see cref="Begin"/>): later statements run in <see cref="Transaction"/>.</summary>
        public bool IsBegun => Transaction is not null;

        /// <summary>
        /// Whether the operation is a transaction whose first statement begins it: <see cref="Execute"/> sends <c>BEGIN</c>
        /// (which Npgsql puts in front of the batch), the start and the statement in one round trip, and the transaction
        /// stays open for the statements after it (<see cref="Transaction"/>). Should that first round trip fail, the
        /// transaction is rolled back and not begun: nothing ran in it but the start, and the next statement sends the
        /// start again (a move may have come in between; the check then finds where the tenant is).
        /// </summary>
        public bool BeginsOnFirst => _beginsOnFirst;

        /// <summary>The statements of the start, which <see cref="Execute"/> steps over: the mark check, and for a write the lock's three.</summary>
        public int StartCount => _write ? 4 : 1;

        private string TenantId => Location.TenantId;

        private void Route(TenantLocation location)
        {
            Location = location;
            if (_check is not null)
                SetCheck(_check, location);
        }

        private static void SetCheck(NpgsqlBatchCommand check, TenantLocation location)
        {
            check.Parameters[0].Value = TenantSchemaNames.LiveMark(location.TenantId, location.Epoch);
            check.Parameters[1].Value = TenantSchemaNames.Quote(location.Schema);
        }

        /// <summary>
        /// Whether a read of one generated statement may go alone, its table qualified with the tenant's schema
        /// (<see cref="QualifiedCommand"/>): a read operation, not a transaction's. A write keeps its start (the shared
        /// write lock a move waits for, and the mark: a write must never land in a copy that is not the tenant's).
        /// </summary>
        public bool ReadsAlone => !_write && !_beginsOnFirst && !IsBegun;

        /// <summary>
        /// The command of a generated table's read whose SQL names the table at <paramref name="tableAt"/>: the tenant's
        /// schema put in front of the name, so the statement needs no <c>search_path</c> and goes alone, with no start and
        /// no mark check (<see cref="ExecuteReader"/>). Safe because a schema of the tenant's live name exists only where
        /// the directory places the tenant (a move copies under a staging name and renames it only after the source is
        /// retired), so a stale place finds no table (42P01: PostgreSQL says so for a missing schema too) and is looked up
        /// again, as a statement after the start does.
        /// </summary>
        public NpgsqlCommand QualifiedCommand(string sql, int tableAt)
        {
            string schema = TenantSchemaNames.Quote(Location.Schema);
            _qualified = new NpgsqlCommand(string.Concat(sql.AsSpan(0, tableAt), schema, ".", sql.AsSpan(tableAt)));
            return _qualified;
        }

        /// <summary>Puts the start in front of <paramref name="batch"/>'s statements.</summary>
        public void AddStart(NpgsqlBatch batch)
        {
            if (_check is null)
            {
                _check = Command(CheckMarkSql, "", "");
                SetCheck(_check, Location);
            }
            NpgsqlBatchCommandCollection commands = batch.BatchCommands;
            int at = 0;
            if (_write)
            {
                // Separate statements: each takes its snapshot after the one before, so the mark is read after the lock.
                // The value in force is kept in a setting of the transaction's own, to be put back after the lock (reading
                // pg_settings' reset_val instead scans every setting: several times the cost of the operation itself).
                commands.Insert(at++, Command("SELECT set_config('lock_timeout', $1, true) FROM (SELECT set_config('" + SavedLockTimeoutSetting
                    + "', current_setting('lock_timeout'), true)) AS saved",
                    ((long)_directory._options.WriteLockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"));
                commands.Insert(at++, _lock!);
                // The bound is for the move's lock only: the operation's own statements wait for row and table locks as any do.
                commands.Insert(at++, Command("SELECT set_config('lock_timeout', current_setting('" + SavedLockTimeoutSetting + "'), true)"));
            }
            commands.Insert(at, _check);
        }

        /// <summary>
        /// Runs <paramref name="command"/> (a read's: its text and parameters, moved into a batch) after the start, in one
        /// round trip; the reader stands at the command's first result.
        /// </summary>
        public async ValueTask<NpgsqlDataReader> ExecuteReader(bool async, NpgsqlCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
        {
            if (ReferenceEquals(command, _qualified))
                return await ReadAlone(async, command, behavior, cancellationToken).ConfigureAwait(false);
            var statement = new NpgsqlBatchCommand(command.CommandText);
            NpgsqlParameterCollection parameters = command.Parameters;
            while (parameters.Count > 0)
            {
                NpgsqlParameter parameter = parameters[0];
                parameters.RemoveAt(0);
                statement.Parameters.Add(parameter);
            }
            var batch = new NpgsqlBatch(Connection) { BatchCommands = { statement } };
            AddStart(batch);
            return await Execute(async, batch, behavior & CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs a read of <see cref="QualifiedCommand"/>: one statement, one round trip. A statement that finds no schema or
        /// table of the tenant's (a move retired the schema; this process's place is stale) is sent once more where the
        /// directory places the tenant now; failing again, the directory says why (<see cref="RefusedAgainAsync"/>: a move
        /// under way, or a schema gone or not the tenant's copy), or the table is missing from the tenant's schema.
        /// </summary>
        private async ValueTask<NpgsqlDataReader> ReadAlone(bool async, NpgsqlCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                command.Connection = Connection;
                try
                {
                    return async ? await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false) : command.ExecuteReader(behavior);
                }
                catch (Exception e) when (e is (NpgsqlException or System.IO.IOException or TimeoutException) && (IsUnavailable(e) || IsSchemaGone(e)))
                {
                    if (attempt > 0 && e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } missing
                        && await IsTenantsCopy(async, cancellationToken).ConfigureAwait(false))
                        throw TableMissing(missing, command.CommandText);
                    if (!await Failed(async, e, attempt, cancellationToken).ConfigureAwait(false))
                        throw;
                }
            }
        }

        /// <summary>Whether the schema at <see cref="Location"/> carries the directory's mark (read only after a statement failed).</summary>
        private async ValueTask<bool> IsTenantsCopy(bool async, CancellationToken cancellationToken)
        {
            ValueTask<string?> mark = new(_directory.ReadMarkAsync(Location.Server, TenantId, Location.Schema, cancellationToken));
            string? found = async ? await mark.ConfigureAwait(false) : mark.AsTask().GetAwaiter().GetResult();
            return found == TenantSchemaNames.LiveMark(TenantId, Location.Epoch);
        }

        /// <summary>
        /// Runs <paramref name="batch"/> (its first <see cref="StartCount"/> statements the start, from <see cref="AddStart"/>)
        /// and steps over the start's results: the reader stands at the first result of the caller's statements. A failed
        /// start is the tenant's error (moved: tried once more at its new place; busy; server unavailable), never the statements'.
        /// </summary>
        public ValueTask<NpgsqlDataReader> Execute(bool async, NpgsqlBatch batch, CommandBehavior behavior, CancellationToken cancellationToken) =>
            Run(async, begin: _beginsOnFirst && !IsBegun, batch, behavior, cancellationToken);

        /// <summary>
        /// <see cref="Execute"/>; with <paramref name="begin"/>, each attempt begins <see cref="Transaction"/> on its
        /// connection first (<see cref="Begin"/>), and a failure rolls it back (the operation is then not begun).
        /// </summary>
        private async ValueTask<NpgsqlDataReader> Run(bool async, bool begin, NpgsqlBatch batch, CommandBehavior behavior, CancellationToken cancellationToken)
        {
            try
            {
                return await Attempts(async, begin, batch, behavior, cancellationToken).ConfigureAwait(false);
            }
            catch when (begin)
            {
                await DropTransaction(async).ConfigureAwait(false);
                throw;
            }
        }

        private async ValueTask<NpgsqlDataReader> Attempts(bool async, bool begin, NpgsqlBatch batch, CommandBehavior behavior, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (begin)
                    Transaction = async ? await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : Connection.BeginTransaction();
                batch.Connection = Connection;
                batch.Transaction = Transaction;
                NpgsqlDataReader? reader = null;
                int step = 0;
                try
                {
                    reader = async ? await batch.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false) : batch.ExecuteReader(behavior);
                    for (step = 1; step <= StartCount; step++)
                    {
                        if (!(async ? await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) : reader.NextResult()))
                            break;
                    }
                    return reader;
                }
                catch (Exception e)
                {
                    // Closed whatever failed: a transaction's connection stays in use after a statement of the caller's failed.
                    if (reader is not null)
                        await Close(async, reader).ConfigureAwait(false);
                    if (e is not (NpgsqlException or System.IO.IOException or TimeoutException) || !(step < StartCount || IsUnavailable(e) || IsSchemaGone(e)))
                        throw;
                    if (attempt > 0 && step >= StartCount && IsSchemaGone(e))
                        throw TableMissing((PostgresException)e, batch.BatchCommands[step].CommandText);
                    if (!await Failed(async, e, attempt, cancellationToken).ConfigureAwait(false))
                        throw;
                }
            }
        }

        /// <summary>
        /// The first statement of a transaction that begins on it (<see cref="BeginsOnFirst"/>; a <see cref="TenantTransaction"/>):
        /// <paramref name="command"/>'s text with copies of its parameters (the command stays the caller's, to run again once
        /// begun), after <c>BEGIN</c> and the start, in one round trip; the reader stands at the statement's first result.
        /// </summary>
        public async ValueTask<NpgsqlDataReader> ExecuteFirst(NpgsqlCommand command, CancellationToken cancellationToken)
        {
            var statement = new NpgsqlBatchCommand(command.CommandText);
            foreach (NpgsqlParameter parameter in command.Parameters)
                statement.Parameters.Add(parameter.Clone());
            var batch = new NpgsqlBatch(Connection) { BatchCommands = { statement }, Timeout = command.CommandTimeout };
            AddStart(batch);
            return await Execute(async: true, batch, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Sends the start alone, in a transaction that later statements join (<see cref="Transaction"/>, committed or rolled
        /// back by the caller): for work that takes several round trips. Nothing when begun already.
        /// </summary>
        public async ValueTask<NpgsqlTransaction> Begin(bool async, CancellationToken cancellationToken)
        {
            if (Transaction is { } begun)
                return begun;
            var batch = new NpgsqlBatch(Connection);
            AddStart(batch);
            try
            {
                NpgsqlDataReader reader = await Run(async, begin: true, batch, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
                await Close(async, reader).ConfigureAwait(false);
                return Transaction!;
            }
            catch
            {
                await DropTransaction(async).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// After the start failed with <paramref name="error"/>: true when the batch may be sent again (the tenant was
        /// moved and is now found elsewhere; <see cref="Connection"/> is a connection there); else throws the tenant's
        /// error, or returns false for an error that is not the start's.
        /// </summary>
        private async ValueTask<bool> Failed(bool async, Exception error, int attempt, CancellationToken cancellationToken)
        {
            string server = Location.Server;
            if (IsUnavailable(error))
                throw new TenantServerUnavailableException(TenantId, server, error);
            if (error is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
                throw new TenantBusyException(TenantId, server,
                    $"Tenant '{TenantId}' is being moved off server '{server}': its writes are blocked until the move ends. Nothing was written; try again.", error);
            // A statement that found no schema or table of the tenant's: a move retired the schema between the start's
            // check and the statement (a read holds no lock a move waits for). Tried once more, at the tenant's place now.
            bool schemaGone = IsSchemaGone(error);
            if (!schemaGone && (error is not PostgresException { SqlState: PostgresErrorCodes.UndefinedObject } moved
                || !moved.MessageText.Contains(MovedSetting, StringComparison.Ordinal)))
                return false;
            _directory.Invalidate(TenantId);
            if (attempt > 0)
            {
                // Refused again where the directory, read anew, places the tenant: a move under way (busy), or a schema
                // gone with no move to explain it, as the directory itself says (its entry and its move lock).
                throw async
                    ? await _directory.RefusedAgainAsync(Location, error, cancellationToken).ConfigureAwait(false)
                    : _directory.RefusedAgainAsync(Location, error, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
            await DropTransaction(async).ConfigureAwait(false);
            TenantLocation location = async
                ? await _directory.LocateAsync(TenantId, cancellationToken).ConfigureAwait(false)
                : _directory.LocateAsync(TenantId, cancellationToken).AsTask().GetAwaiter().GetResult();
            if (schemaGone && location == Location)
                return true; // retired but not yet switched: the next attempt's check says so (busy), or a missing table fails again, as itself
            NpgsqlConnection connection = async
                ? await _directory.OpenAsync(location.Server, TenantId, cancellationToken).ConfigureAwait(false)
                : _directory.OpenAsync(location.Server, TenantId, cancellationToken).GetAwaiter().GetResult();
            NpgsqlConnection stale = Connection;
            Connection = connection;
            Route(location);
            if (async)
                await stale.DisposeAsync().ConfigureAwait(false);
            else
                stale.Dispose();
            return true;
        }

        /// <summary>
        /// A statement of the caller's found no table (or schema) of the name it used in the tenant's schema, where the
        /// directory places the tenant now: the table is missing there (dropped by hand, or a migration the tenant lacks).
        /// </summary>
        private TenantTableMissingException TableMissing(PostgresException error, string statement) =>
            new(TenantId, Location.Server, Location.Schema, MissingName(error, statement), error);

        /// <summary>
        /// The name <paramref name="error"/> says is missing: the identifier at its position in <paramref name="statement"/>
        /// (PostgreSQL reports where in the statement the name is, in any language it speaks), its last part when
        /// qualified; else the first quoted name in its message.
        /// </summary>
        private static string MissingName(PostgresException error, string statement)
        {
            int at = error.Position - 1;
            if (at >= 0 && at < statement.Length)
            {
                string name = "";
                int i = at;
                while (i < statement.Length)
                {
                    if (statement[i] == '"')
                    {
                        var quoted = new System.Text.StringBuilder();
                        for (i++; i < statement.Length; i++)
                        {
                            if (statement[i] == '"')
                            {
                                if (i + 1 < statement.Length && statement[i + 1] == '"')
                                    i++;
                                else
                                    break;
                            }
                            quoted.Append(statement[i]);
                        }
                        i++;
                        name = quoted.ToString();
                    }
                    else
                    {
                        int start = i;
                        while (i < statement.Length && (char.IsLetterOrDigit(statement[i]) || statement[i] is '_' or '$'))
                            i++;
                        name = statement[start..i].ToLowerInvariant();
                    }
                    if (i < statement.Length && statement[i] == '.')
                        i++;
                    else
                        break;
                }
                if (name.Length > 0)
                    return name;
            }
            int open = error.MessageText.IndexOf('"', StringComparison.Ordinal);
            int close = open < 0 ? -1 : error.MessageText.IndexOf('"', open + 1);
            return close > open ? error.MessageText[(open + 1)..close] : error.MessageText;
        }

        private static bool IsSchemaGone(Exception error) =>
            error is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName };

        private async ValueTask DropTransaction(bool async)
        {
            NpgsqlTransaction? transaction = Transaction;
            Transaction = null;
            try
            {
                await PostgreSqlLease.DisposeOwn(async, transaction).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // a broken connection holds no transaction
            }
        }

        private static async ValueTask Close(bool async, NpgsqlDataReader reader)
        {
            if (async)
                await reader.DisposeAsync().ConfigureAwait(false);
            else
                reader.Dispose();
        }

        /// <summary>Ends the operation: its transaction, if begun and not committed, is rolled back; the connection goes back.</summary>
        public void Dispose()
        {
            try
            {
                Transaction?.Dispose();
            }
            finally
            {
                Connection.Dispose();
            }
        }

        /// <inheritdoc cref="Dispose()"/>
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (Transaction is not null)
                    await Transaction.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await Connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

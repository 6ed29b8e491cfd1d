using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A connection for one generated write: a pooled connection of the data source (given back when the lease is
/// disposed), the connection of a <see cref="PostgreSqlTransaction"/> (kept), or a tenant's operation (its start sent
/// with the write's statements); reads take a <see cref="PostgreSqlReadLease"/>, and the write lease keeps one as a field
/// for its connection, transaction, commands and reads. A write that returns rows runs the commands it makes (<see cref="Command"/>); a
/// write adds its statements (<see cref="Statement"/>) and runs them with
/// <see cref="Execute"/>, which turns a <see cref="PostgresException"/> into SqliteGen's own exception for the table.
/// </summary>
/// <remarks>
/// Inside a transaction a write runs between <c>SAVEPOINT</c> and <c>RELEASE</c>, sent with it in one round trip, and a
/// failed write is rolled back to the savepoint: the transaction goes on without it, as a failed statement leaves a
/// SQLite transaction (PostgreSQL would otherwise refuse every later statement of the transaction). Outside one, a
/// write's statements are prepared on the connection before they run (<see cref="PostgreSqlSource.Prepares"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class PostgreSqlLease : IDisposable, IAsyncDisposable
{
    private const string Savepoint = "sqlitegen_write";

    /// <summary>Rows <see cref="InsertMany{T}"/> sends in one round trip.</summary>
    internal const int InsertBatchSize = 500;

    private readonly PostgreSqlReadLease _lease;
    private readonly bool _commitOnDispose;
    private NpgsqlBatch? _write;
    private bool _failed;

    /// <param name="source">The source it was rented from (told when a statement breaks its transaction).</param>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The transaction its statements join, or null.</param>
    /// <param name="ownsConnection">
    /// Whether the lease gives the connection back when disposed, or leaves it and <paramref name="transaction"/> to a
    /// <see cref="PostgreSqlTransaction"/>.
    /// </param>
    internal PostgreSqlLease(PostgreSqlSource source, NpgsqlConnection connection, NpgsqlTransaction? transaction, bool ownsConnection) =>
        _lease = new PostgreSqlReadLease(source, connection, transaction, ownsConnection);

    /// <summary>
    /// A tenant's write (<see cref="TenantDirectory.Operation"/>): a statement is sent with the operation's start and runs in
    /// the same implicit transaction, committed when the round trip succeeds; work that needs a transaction of several
    /// round trips begins it (<see cref="Begun"/>), and it is committed when the lease is disposed unless a statement failed.
    /// Without <paramref name="ownsOperation"/>, the operation is a tenant's <see cref="PostgreSqlTransaction"/>, which commits and ends it.
    /// </summary>
    internal PostgreSqlLease(PostgreSqlSource source, TenantDirectory.Operation tenant, bool ownsOperation = true)
    {
        _lease = new PostgreSqlReadLease(source, tenant, ownsOperation);
        _commitOnDispose = ownsOperation;
    }

    /// <summary>The connection, open.</summary>
    public NpgsqlConnection Connection => _lease.Connection;

    /// <summary>The source's transaction, or null outside one.</summary>
    internal NpgsqlTransaction? Transaction => _lease.Transaction;

    /// <summary>
    /// The transaction the lease's statements join: a tenant's operation whose start is still to be sent sends it now,
    /// alone, in a transaction of its own (for work of several round trips); null for a pooled connection outside one.
    /// </summary>
    internal async ValueTask<NpgsqlTransaction?> Begun(bool async, CancellationToken cancellationToken) =>
        _lease.Pending is { } tenant ? await tenant.Begin(async, cancellationToken).ConfigureAwait(false) : _lease.Transaction;

    /// <inheritdoc cref="PostgreSqlReadLease.Command(string)"/>
    public NpgsqlCommand Command(string sql) => _lease.Command(sql);

    /// <summary>Runs a read's command; a failure inside a transaction leaves the transaction unable to commit.</summary>
    public NpgsqlDataReader ExecuteReader(NpgsqlCommand command, CommandBehavior behavior = CommandBehavior.Default)
    {
        try
        {
            return _lease.ExecuteReader(command, behavior);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _failed = true;
            throw;
        }
    }

    /// <inheritdoc cref="ExecuteReader"/>
    public async ValueTask<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default)
    {
        try
        {
            return await _lease.ExecuteReaderAsync(command, cancellationToken, behavior).ConfigureAwait(false);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Adds a statement to this write; its parameters are the caller's to add. The last one added is the write's own.</summary>
    public NpgsqlBatchCommand Statement(string sql)
    {
        if (_write is null)
        {
            _write = new NpgsqlBatch(Connection, Transaction);
            if (Transaction is not null)
                _write.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint));
            else
                _lease.Pending?.AddStart(_write); // a tenant's: its start goes in the same round trip
        }
        var statement = new NpgsqlBatchCommand(sql);
        _write.BatchCommands.Add(statement);
        return statement;
    }

    /// <summary>Runs the write; returns the rows its statement changed.</summary>
    /// <exception cref="ConstraintViolationException">A key, unique, foreign-key, NOT NULL or CHECK constraint refused it.</exception>
    /// <exception cref="SqliteGenException">PostgreSQL refused it for another reason.</exception>
    public int Execute(PostgreSqlTable table, string operation) =>
        (int)RunWrite(async: false, returning: false, table, operation, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Execute"/>
    public async ValueTask<int> ExecuteAsync(PostgreSqlTable table, string operation, CancellationToken cancellationToken) =>
        (int)await RunWrite(async: true, returning: false, table, operation, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the write and returns the first column of the row its statement returned (<c>RETURNING key</c>).</summary>
    /// <inheritdoc cref="Execute" path="/exception"/>
    public long ExecuteReturningInt64(PostgreSqlTable table, string operation) =>
        RunWrite(async: false, returning: true, table, operation, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteReturningInt64"/>
    public ValueTask<long> ExecuteReturningInt64Async(PostgreSqlTable table, string operation, CancellationToken cancellationToken) =>
        RunWrite(async: true, returning: true, table, operation, cancellationToken);

    /// <summary>
    /// The sync and async forms in one body: with <paramref name="async"/> false every call is synchronous, so the
    /// returned ValueTask is already complete.
    /// </summary>
    private async ValueTask<long> RunWrite(bool async, bool returning, PostgreSqlTable table, string operation, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = _write ?? throw new InvalidOperationException("The write has no statement: call Statement first.");
        NpgsqlBatchCommand statement = batch.BatchCommands[batch.BatchCommands.Count - 1];
        if (Transaction is not null)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint));
        TenantDirectory.Operation? tenant = _lease.Pending;
        try
        {
            if (tenant is null && Transaction is null && _lease.Source.Prepares)
            {
                // A write in a transaction of its own: its statements are prepared on the connection (after the first
                // write there, a lookup by their SQL), so each write sends Bind and Execute, not Parse and Describe.
                // Inside a transaction they are not: a statement refused while being prepared would abort the
                // transaction before its savepoint, which then could not undo it alone.
                if (async)
                    await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                else
                    batch.Prepare();
            }
            if (!returning && tenant is null)
            {
                if (async)
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                else
                    batch.ExecuteNonQuery();
                return statement.RecordsAffected;
            }
            // A tenant's start comes first in the batch: the reader stands past its results, at the write's own.
            NpgsqlDataReader reader = tenant is not null
                ? await tenant.Execute(async, batch, CommandBehavior.Default, cancellationToken).ConfigureAwait(false)
                : async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
            try
            {
                if (!returning)
                {
                    while (async ? await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) : reader.NextResult())
                    {
                    }
                    return statement.RecordsAffected;
                }
                // The statement's RETURNING is the last result with a value (a lock taken first returns a void one).
                long? returned = null;
                do
                {
                    if (reader.FieldCount > 0 && reader.GetDataTypeName(0) != "void" && (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read()))
                        returned = reader.GetInt64(0);
                }
                while (async ? await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) : reader.NextResult());
                return returned ?? throw new SqliteGenException($"{operation} on '{table.Name}' returned no row.");
            }
            finally
            {
                if (async)
                    await reader.DisposeAsync().ConfigureAwait(false);
                else
                    reader.Dispose();
            }
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException or NpgsqlException)
        {
            _failed = true;
            await Undo(async, error).ConfigureAwait(false);
            if (error is PostgresException refused)
                throw PostgreSqlErrors.WriteFailed(refused, table, operation);
            throw;
        }
    }

    /// <summary>
    /// Inserts every entity in one transaction (the caller's, inside a savepoint, or one of its own). All rows or, on
    /// any error, none.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A list (or array) goes in bulk when <paramref name="rows"/> is given: of at least
    /// <see cref="PostgreSqlInsertRows{T}.CopyFrom"/> entities, as one binary COPY; else, of at least
    /// <see cref="PostgreSqlInsertRows{T}.Rows"/>, as multi-row INSERTs, one statement per
    /// <see cref="PostgreSqlInsertRows{T}.Rows"/> entities, and the entities left over after the last whole statement row
    /// by row. A COPY or a multi-row statement refused as a whole cannot say which row it refused, so the attempt is undone
    /// (the transaction rolled back, or back to the savepoint) and the whole list is inserted again row by row (below),
    /// which names the first refused item exactly as a row-by-row insert does. Any other sequence goes row by row: it may
    /// be enumerable only once, and a second pass would need it kept.
    /// </para>
    /// <para>
    /// A COPY runs what an INSERT of the same rows runs: the columns it leaves out (an identity key) take their defaults,
    /// every CHECK, UNIQUE, NOT NULL and foreign-key constraint is checked, and the table's row and statement triggers fire
    /// (the vector change log's among them). It follows the transaction's <c>search_path</c>, so a tenant's rows go to the
    /// tenant's schema.
    /// </para>
    /// <para>
    /// Row by row, statements go <see cref="InsertBatchSize"/> to a round trip, prepared once per connection, in one
    /// batch of statements for every round trip: <paramref name="bind"/> adds a statement's parameters the first time and
    /// sets their values for each later row (<see cref="PostgreSqlValues.Set{T}"/>), so a row costs no statement and no
    /// parameter of its own. The batch opens with <see cref="Mark"/>, a one-row SELECT, so the reader is in hand before
    /// the INSERTs run: when one is refused, the rows the reader counts as inserted
    /// (<see cref="NpgsqlDataReader.RecordsAffected"/>, one for each INSERT that ran) are the refused row's place in the
    /// round trip. The statements cannot say it: a reused one keeps what Npgsql recorded of its previous run.
    /// </para>
    /// </remarks>
    /// <param name="entities">The rows; a null item is an <see cref="ArgumentException"/> and nothing is inserted.</param>
    /// <param name="sql">The INSERT of one row.</param>
    /// <param name="lockSql">A statement to run first (the lock a key computed from the table's rows takes), or null.</param>
    /// <param name="bind">Binds one entity's parameters, in the INSERT's order.</param>
    /// <param name="table">The table, for the error translation.</param>
    /// <param name="rows">The table's bulk forms (COPY and multi-row INSERT), or null when it has none.</param>
    public int InsertMany<T>(IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind, PostgreSqlTable table,
        PostgreSqlInsertRows<T>? rows) =>
        InsertManyCore(async: false, entities, sql, lockSql, bind, table, rows, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="InsertMany{T}"/>
    public ValueTask<int> InsertManyAsync<T>(IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind, PostgreSqlTable table,
        PostgreSqlInsertRows<T>? rows, CancellationToken cancellationToken) =>
        InsertManyCore(async: true, entities, sql, lockSql, bind, table, rows, cancellationToken);

    /// <summary>The first statement of an InsertMany round trip: a result the reader stops at before the INSERTs run.</summary>
    private const string Mark = "SELECT 1";

    private async ValueTask<int> InsertManyCore<T>(bool async, IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind,
        PostgreSqlTable table, PostgreSqlInsertRows<T>? rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        if (rows is not null && entities is IReadOnlyList<T> list && (list.Count >= PostgreSqlInsertRows<T>.CopyFrom || list.Count >= rows.Rows))
        {
            try
            {
                return await InsertManyOnce(async, list, sql, lockSql, bind, table, rows, cancellationToken).ConfigureAwait(false);
            }
            catch (BulkRefused)
            {
                // Undone (rolled back, or back to the savepoint): row by row, the refused item is named.
            }
        }
        return await InsertManyOnce(async, entities, sql, lockSql, bind, table, rows: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt of <see cref="InsertMany{T}"/>: in bulk first when <paramref name="rows"/> is given (then
    /// <paramref name="entities"/> is a list), then row by row what is left.
    /// </summary>
    private async ValueTask<int> InsertManyOnce<T>(bool async, IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind,
        PostgreSqlTable table, PostgreSqlInsertRows<T>? rows, CancellationToken cancellationToken)
    {
        NpgsqlTransaction? own = null;
        NpgsqlTransaction? leased = await Begun(async, cancellationToken).ConfigureAwait(false);
        if (leased is null)
            own = async ? await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : Connection.BeginTransaction();
        NpgsqlTransaction transaction = own ?? leased!;
        var batch = new NpgsqlBatch(Connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(Mark) } };
        int count = 0;
        try
        {
            if (own is null)
                await Run(async, transaction, "SAVEPOINT " + Savepoint, cancellationToken).ConfigureAwait(false);
            if (lockSql is not null)
                await Run(async, transaction, lockSql, cancellationToken).ConfigureAwait(false);
            int bound = 0; // rows bound for the next round trip
            if (rows is not null)
            {
                // In bulk, then the rest of the list (by index: no enumerator) row by row.
                var list = (IReadOnlyList<T>)entities;
                count = list.Count >= PostgreSqlInsertRows<T>.CopyFrom
                    ? await CopyRows(async, list, rows, table, cancellationToken).ConfigureAwait(false)
                    : await InsertRows(async, list, rows, transaction, table, cancellationToken).ConfigureAwait(false);
                for (int item = count; item < list.Count; item++)
                {
                    if (!Bind(batch, sql, bind, list[item], table, ref count, ref bound))
                        continue;
                    await RunInserts(async, batch, count - bound, table, cancellationToken).ConfigureAwait(false);
                    bound = 0;
                }
            }
            else
            {
                foreach (T entity in entities)
                {
                    if (!Bind(batch, sql, bind, entity, table, ref count, ref bound))
                        continue;
                    await RunInserts(async, batch, count - bound, table, cancellationToken).ConfigureAwait(false);
                    bound = 0;
                }
            }
            if (bound > 0)
            {
                NpgsqlBatchCommandCollection statements = batch.BatchCommands;
                while (statements.Count > bound + 1)
                    statements.RemoveAt(statements.Count - 1);
                await RunInserts(async, batch, count - bound, table, cancellationToken).ConfigureAwait(false);
            }
            if (own is null)
                await Run(async, transaction, "RELEASE SAVEPOINT " + Savepoint, cancellationToken).ConfigureAwait(false);
            else if (async)
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            else
                own.Commit();
            return count;
        }
        catch (Exception error)
        {
            bool undone = own is not null || await Undo(async, error).ConfigureAwait(false);
            if (error is BulkRefused refused)
            {
                if (undone)
                    throw; // tried again row by row
                _failed = true;
                throw PostgreSqlErrors.WriteFailed(refused.Error, table, "InsertMany");
            }
            _failed = true;
            throw;
        }
        finally
        {
            if (async)
                await batch.DisposeAsync().ConfigureAwait(false);
            else
                batch.Dispose();
            await DisposeOwn(async, own).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Binds <paramref name="entity"/> as the next INSERT of <paramref name="batch"/> (adding the statement the first
    /// time, reusing it in later round trips) and counts it; returns true when the round trip is full
    /// (<see cref="InsertBatchSize"/> rows): the caller runs it and starts the next from no row bound.
    /// </summary>
    private static bool Bind<T>(NpgsqlBatch batch, string sql, Action<NpgsqlParameterCollection, T> bind, T entity, PostgreSqlTable table, ref int count, ref int bound)
    {
        if (entity is null)
            throw NullItem(table, count);
        NpgsqlBatchCommandCollection statements = batch.BatchCommands;
        if (bound + 1 == statements.Count)
            statements.Add(new NpgsqlBatchCommand(sql));
        bind(statements[bound + 1].Parameters, entity);
        bound++;
        count++;
        return bound == InsertBatchSize;
    }

    /// <summary>
    /// Inserts the entities of <paramref name="list"/> <see cref="PostgreSqlInsertRows{T}.Rows"/> to a statement, as many
    /// whole statements as the list fills, on one prepared command; returns how many it inserted.
    /// </summary>
    /// <exception cref="BulkRefused">PostgreSQL refused a statement.</exception>
    private async ValueTask<int> InsertRows<T>(bool async, IReadOnlyList<T> list, PostgreSqlInsertRows<T> rows, NpgsqlTransaction transaction, PostgreSqlTable table,
        CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(rows.Sql, Connection, transaction);
        int whole = list.Count / rows.Rows * rows.Rows;
        for (int first = 0; first < whole; first += rows.Rows)
        {
            for (int row = 0; row < rows.Rows; row++)
                rows.Bind(command.Parameters, list[first + row] ?? throw NullItem(table, first + row), row * rows.Columns);
            try
            {
                if (async)
                {
                    await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    command.Prepare();
                    command.ExecuteNonQuery();
                }
            }
            catch (PostgresException error)
            {
                throw new BulkRefused(error);
            }
        }
        return whole;
    }

    /// <summary>
    /// Inserts every entity of <paramref name="list"/> with one binary COPY (<see cref="PostgreSqlInsertRows{T}.CopyIn"/>)
    /// on the lease's connection, in its transaction; returns how many it inserted. A null item is found before anything
    /// is sent.
    /// </summary>
    /// <remarks>
    /// PostgreSQL checks the rows as they arrive and answers an error when the COPY ends (<c>Complete</c>); a COPY left
    /// before its end (an error here, a cancellation) is cancelled, and the server keeps none of its rows.
    /// </remarks>
    /// <exception cref="BulkRefused">PostgreSQL refused the COPY.</exception>
    private async ValueTask<int> CopyRows<T>(bool async, IReadOnlyList<T> list, PostgreSqlInsertRows<T> rows, PostgreSqlTable table, CancellationToken cancellationToken)
    {
        for (int item = 0; item < list.Count; item++)
        {
            if (list[item] is null)
                throw NullItem(table, item);
        }
        NpgsqlBinaryImporter? importer = null;
        try
        {
            importer = async
                ? await Connection.BeginBinaryImportAsync(rows.CopyIn, cancellationToken).ConfigureAwait(false)
                : Connection.BeginBinaryImport(rows.CopyIn);
            for (int item = 0; item < list.Count; item++)
            {
                if (async)
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                else
                    importer.StartRow();
                await rows.Write(importer, list[item], async, cancellationToken).ConfigureAwait(false);
            }
            if (async)
                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            else
                importer.Complete();
            return list.Count;
        }
        catch (PostgresException error)
        {
            throw new BulkRefused(error);
        }
        finally
        {
            if (importer is not null)
            {
                try
                {
                    // Ended already unless the COPY was left before its end: then this cancels it.
                    if (async)
                        await importer.DisposeAsync().ConfigureAwait(false);
                    else
                        importer.Dispose();
                }
                catch (Exception cancelFailed) when (cancelFailed is NpgsqlException or InvalidOperationException)
                {
                    // The connection is lost: the error on its way out says what happened, and the undo finds it.
                }
            }
        }
    }

    private static ArgumentException NullItem(PostgreSqlTable table, int item) =>
        new($"InsertMany into '{table.Name}': item {item} is null; nothing was inserted.", "entities");

    /// <summary>A COPY or a multi-row INSERT was refused as a whole: which row, it cannot say.</summary>
    private sealed class BulkRefused(PostgresException error) : Exception(error.Message, error)
    {
        public PostgresException Error { get; } = error;
    }

    /// <summary>Prepares <paramref name="batch"/> (a no-op once Npgsql holds it prepared) and runs it.</summary>
    internal static async ValueTask PrepareAndExecute(bool async, NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (async)
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            batch.Prepare();
            batch.ExecuteNonQuery();
        }
    }

    /// <summary>Disposes the transaction the caller began for itself (null: none), which rolls it back unless committed.</summary>
    internal static async ValueTask DisposeOwn(bool async, NpgsqlTransaction? own)
    {
        if (own is null)
            return;
        if (async)
            await own.DisposeAsync().ConfigureAwait(false);
        else
            own.Dispose();
    }

    /// <summary>
    /// Runs one round trip of InsertMany (<see cref="Mark"/>, then its INSERTs, of the rows from <paramref name="first"/>
    /// on); a refused row is an error naming its item.
    /// </summary>
    private static async ValueTask RunInserts(bool async, NpgsqlBatch batch, int first, PostgreSqlTable table, CancellationToken cancellationToken)
    {
        NpgsqlDataReader? reader = null;
        try
        {
            if (async)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            else
            {
                batch.Prepare();
                reader = batch.ExecuteReader();
                while (reader.NextResult())
                {
                }
            }
        }
        catch (PostgresException error)
        {
            // The statement the error names (when the data source includes it), else the one after those that inserted a row.
            int? failed = error.BatchCommand is { } named && batch.BatchCommands.IndexOf(named) is int at and > 0
                ? at - 1
                : reader is null ? null : Math.Max(reader.RecordsAffected, 0);
            throw PostgreSqlErrors.WriteFailed(error, table, "InsertMany", first + failed);
        }
        finally
        {
            if (reader is not null)
            {
                if (async)
                    await reader.DisposeAsync().ConfigureAwait(false);
                else
                    reader.Dispose();
            }
        }
    }

    private async ValueTask Run(bool async, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, Connection, transaction);
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }

    /// <summary>
    /// After a failed write inside a transaction: back to the savepoint, or, when even that fails, a transaction that
    /// cannot commit (<see cref="PostgreSqlTransaction.RollBackTo"/>). Returns whether the transaction goes on (outside
    /// one: always).
    /// </summary>
    private ValueTask<bool> Undo(bool async, Exception error) =>
        Transaction is { } transaction
            ? PostgreSqlTransaction.RollBackTo(async, _lease.Source, Connection, transaction, Savepoint, error)
            : new(true); // outside a transaction the write was its own (implicit) transaction, rolled back by PostgreSQL

    /// <summary>
    /// Gives a pooled connection back, ending the lease's own transaction first (a tenant's begun for work of several round
    /// trips: committed for a write that succeeded, else rolled back); a <see cref="PostgreSqlTransaction"/>'s connection stays with it.
    /// </summary>
    /// <exception cref="NpgsqlException">The commit of the lease's own transaction failed: the write was not saved.</exception>
    public void Dispose()
    {
        _write?.Dispose();
        try
        {
            if (_commitOnDispose && !_failed)
                Transaction?.Commit();
        }
        finally
        {
            _lease.Dispose(); // rolls back unless committed
        }
    }

    /// <summary>Disposes the lease, asynchronously when <paramref name="async"/> (for the code that has both forms in one body).</summary>
    internal ValueTask Release(bool async)
    {
        if (async)
            return DisposeAsync();
        Dispose();
        return default;
    }

    /// <inheritdoc cref="Dispose()"/>
    public async ValueTask DisposeAsync()
    {
        if (_write is not null)
            await _write.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (_commitOnDispose && !_failed && Transaction is { } transaction)
                await transaction.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            await _lease.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A connection for one generated operation: a pooled connection of the data source (given back when the lease is
/// disposed) or the connection of a <see cref="PostgreSqlTransaction"/> (kept). Reads run the commands it makes
/// (<see cref="Command"/>); a write adds its statements (<see cref="Statement"/>) and runs them with
/// <see cref="Execute"/>, which turns a <see cref="PostgresException"/> into SqliteGen's own exception for the table.
/// </summary>
/// <remarks>
/// Inside a transaction a write runs between <c>SAVEPOINT</c> and <c>RELEASE</c>, sent with it in one round trip, and a
/// failed write is rolled back to the savepoint: the transaction goes on without it, as a failed statement leaves a
/// SQLite transaction (PostgreSQL would otherwise refuse every later statement of the transaction).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlLease : IDisposable, IAsyncDisposable
{
    private const string Savepoint = "sqlitegen_write";

    /// <summary>Rows <see cref="InsertMany{T}"/> sends in one round trip.</summary>
    internal const int InsertBatchSize = 500;

    private readonly PostgreSqlSource _source;
    private readonly NpgsqlTransaction? _transaction;
    private readonly bool _ownsConnection;
    private NpgsqlBatch? _write;

    internal PostgreSqlLease(PostgreSqlSource source, NpgsqlConnection connection, NpgsqlTransaction? transaction, bool ownsConnection)
    {
        _source = source;
        Connection = connection;
        _transaction = transaction;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The connection, open.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The source's transaction, or null outside one.</summary>
    internal NpgsqlTransaction? Transaction => _transaction;

    /// <summary>A command on this connection, inside the transaction if there is one.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, _transaction);

    /// <summary>Runs a read's command; a failure inside a transaction leaves the transaction unable to commit.</summary>
    public NpgsqlDataReader ExecuteReader(NpgsqlCommand command, CommandBehavior behavior = CommandBehavior.Default)
    {
        try
        {
            return command.ExecuteReader(behavior);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _source.Broke(error);
            throw;
        }
    }

    /// <inheritdoc cref="ExecuteReader"/>
    public async ValueTask<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default)
    {
        try
        {
            return await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException)
        {
            _source.Broke(error);
            throw;
        }
    }

    /// <summary>Adds a statement to this write; its parameters are the caller's to add. The last one added is the write's own.</summary>
    public NpgsqlBatchCommand Statement(string sql)
    {
        if (_write is null)
        {
            _write = new NpgsqlBatch(Connection, _transaction);
            if (_transaction is not null)
                _write.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint));
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
        if (_transaction is not null)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint));
        try
        {
            if (!returning)
            {
                if (async)
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                else
                    batch.ExecuteNonQuery();
                return statement.RecordsAffected;
            }
            NpgsqlDataReader reader = async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
            try
            {
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
            await Undo(async, error).ConfigureAwait(false);
            if (error is PostgresException refused)
                throw PostgreSqlErrors.WriteFailed(refused, table, operation);
            throw;
        }
    }

    /// <summary>
    /// Inserts every entity in one transaction (the caller's, inside a savepoint, or one of its own): statements sent
    /// <see cref="InsertBatchSize"/> to a round trip, prepared once per connection. All rows or, on any error, none.
    /// </summary>
    /// <param name="entities">The rows; a null item is an <see cref="ArgumentException"/> and nothing is inserted.</param>
    /// <param name="sql">The INSERT of one row.</param>
    /// <param name="lockSql">A statement to run first (the lock a key computed from the table's rows takes), or null.</param>
    /// <param name="bind">Adds one entity's parameters, in the INSERT's order.</param>
    /// <param name="table">The table, for the error translation.</param>
    public int InsertMany<T>(IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind, PostgreSqlTable table) =>
        InsertManyCore(async: false, entities, sql, lockSql, bind, table, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="InsertMany{T}"/>
    public ValueTask<int> InsertManyAsync<T>(IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind, PostgreSqlTable table, CancellationToken cancellationToken) =>
        InsertManyCore(async: true, entities, sql, lockSql, bind, table, cancellationToken);

    private async ValueTask<int> InsertManyCore<T>(bool async, IEnumerable<T> entities, string sql, string? lockSql, Action<NpgsqlParameterCollection, T> bind, PostgreSqlTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        NpgsqlTransaction? own = null;
        if (_transaction is null)
            own = async ? await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : Connection.BeginTransaction();
        NpgsqlTransaction transaction = own ?? _transaction!;
        int count = 0;
        try
        {
            if (own is null)
                await Run(async, transaction, "SAVEPOINT " + Savepoint, cancellationToken).ConfigureAwait(false);
            if (lockSql is not null)
                await Run(async, transaction, lockSql, cancellationToken).ConfigureAwait(false);
            var batch = new NpgsqlBatch(Connection, transaction);
            int first = 0;
            foreach (T entity in entities)
            {
                if (entity is null)
                    throw new ArgumentException($"InsertMany into '{table.Name}': item {count} is null; nothing was inserted.", nameof(entities));
                var statement = new NpgsqlBatchCommand(sql);
                bind(statement.Parameters, entity);
                batch.BatchCommands.Add(statement);
                count++;
                if (batch.BatchCommands.Count == InsertBatchSize)
                {
                    await RunInserts(async, batch, first, table, cancellationToken).ConfigureAwait(false);
                    batch = new NpgsqlBatch(Connection, transaction);
                    first = count;
                }
            }
            if (batch.BatchCommands.Count > 0)
                await RunInserts(async, batch, first, table, cancellationToken).ConfigureAwait(false);
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
            if (own is null)
                await Undo(async, error).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await DisposeOwn(async, own).ConfigureAwait(false);
        }
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

    private static async ValueTask RunInserts(bool async, NpgsqlBatch batch, int first, PostgreSqlTable table, CancellationToken cancellationToken)
    {
        try
        {
            await PrepareAndExecute(async, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error)
        {
            int index = FailedAt(batch, error);
            throw PostgreSqlErrors.WriteFailed(error, table, "InsertMany", index >= 0 ? first + index : null);
        }
        finally
        {
            if (async)
                await batch.DisposeAsync().ConfigureAwait(false);
            else
                batch.Dispose();
        }
    }

    /// <summary>
    /// The statement of <paramref name="batch"/> that failed: the one the error names, else the first that did not insert its
    /// row (each INSERT of the batch inserts one; PostgreSQL runs them in order and stops at the first error, and Npgsql
    /// leaves the statements it did not complete at -1 rows).
    /// </summary>
    private static int FailedAt(NpgsqlBatch batch, PostgresException error)
    {
        if (error.BatchCommand is { } failed && batch.BatchCommands.IndexOf(failed) is int named and >= 0)
            return named;
        for (int i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected < 1)
                return i;
        }
        return -1;
    }

    private async ValueTask Run(bool async, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, Connection, transaction);
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }

    /// <summary>After a failed write inside a transaction: back to the savepoint, or, when even that fails, a transaction that cannot commit.</summary>
    private async ValueTask Undo(bool async, Exception error)
    {
        if (_transaction is null)
            return; // outside a transaction the write was its own (implicit) transaction, rolled back by PostgreSQL
        try
        {
            await Run(async, _transaction, $"ROLLBACK TO SAVEPOINT {Savepoint}; RELEASE SAVEPOINT {Savepoint}", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception undoFailed) when (undoFailed is NpgsqlException or InvalidOperationException)
        {
            _source.Broke(error);
        }
    }

    /// <summary>Gives a pooled connection back; a transaction's connection stays with the transaction.</summary>
    public void Dispose()
    {
        _write?.Dispose();
        if (_ownsConnection)
            Connection.Dispose();
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
        if (_ownsConnection)
            await Connection.DisposeAsync().ConfigureAwait(false);
    }
}

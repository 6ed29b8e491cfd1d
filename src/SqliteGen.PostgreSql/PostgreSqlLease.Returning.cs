using System;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.PostgreSql;

// A write that returns rows ([Query] INSERT/UPDATE/DELETE ... RETURNING): the statement added with Statement, run and read
// by the caller's reader, as one write of the lease.
public sealed partial class PostgreSqlLease
{
    /// <summary>
    /// Runs the write added with <see cref="Statement"/> (one that returns rows: <c>INSERT … RETURNING</c>) and reads its
    /// rows with <paramref name="read"/>, which gets the reader at the statement's result. Inside a transaction it runs
    /// between <c>SAVEPOINT</c> and <c>RELEASE</c> in one round trip, as every write of the lease does, and a statement
    /// PostgreSQL refuses (when it runs or while its rows are read) is rolled back to the savepoint: the transaction goes
    /// on without it, as a SQLite transaction does after a failed statement.
    /// </summary>
    /// <exception cref="ConstraintViolationException">A key, unique, foreign-key, NOT NULL or CHECK constraint refused it.</exception>
    /// <exception cref="SqliteGenException">PostgreSQL refused it for another reason.</exception>
    public T Returning<T>(PostgreSqlTable table, string operation, Func<NpgsqlDataReader, T> read) =>
        RunReturning(async: false, table, operation, read, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Returning{T}"/>
    public ValueTask<T> ReturningAsync<T>(PostgreSqlTable table, string operation, Func<NpgsqlDataReader, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken) =>
        RunReturning(async: true, table, operation, null, read, cancellationToken);

    /// <summary>The sync and async forms in one body (<paramref name="async"/> false: every call completes synchronously).</summary>
    private async ValueTask<T> RunReturning<T>(bool async, PostgreSqlTable table, string operation, Func<NpgsqlDataReader, T>? read,
        Func<NpgsqlDataReader, CancellationToken, ValueTask<T>>? readAsync, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = _write ?? throw new InvalidOperationException("The write has no statement: call Statement first.");
        if (Transaction is not null)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint));
        TenantDirectory.Operation? tenant = _lease.Pending;
        NpgsqlDataReader? reader = null;
        try
        {
            // The reader stands at the statement's result (SAVEPOINT, or a tenant's start, has none); disposing it runs the RELEASE.
            reader = tenant is not null
                ? await tenant.Execute(async, batch, CommandBehavior.Default, cancellationToken).ConfigureAwait(false)
                : async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
            T result = async ? await readAsync!(reader, cancellationToken).ConfigureAwait(false) : read!(reader);
            NpgsqlDataReader done = reader;
            reader = null;
            await DisposeReader(async, done).ConfigureAwait(false);
            return result;
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException or NpgsqlException)
        {
            // The reader goes first: the connection takes no other command while it is open.
            if (reader is not null)
            {
                await DisposeAfterError(async, reader).ConfigureAwait(false);
                reader = null;
            }
            _failed = true;
            await Undo(async, error).ConfigureAwait(false);
            if (error is PostgresException refused)
                throw PostgreSqlErrors.WriteFailed(refused, table, operation);
            throw;
        }
        finally
        {
            // A reader left open by an exception of the caller's (more rows than its return type holds): its statement
            // succeeded, so the rest of the round trip (RELEASE) runs, and the write stays, as on SQLite.
            if (reader is not null)
                await DisposeReader(async, reader).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes <paramref name="reader"/>, asynchronously when <paramref name="async"/> (for the code that has both forms in one body).</summary>
    internal static ValueTask DisposeReader(bool async, NpgsqlDataReader reader)
    {
        if (async)
            return reader.DisposeAsync();
        reader.Dispose();
        return default;
    }

    /// <summary>Disposes a reader whose statement failed; what it says now is the same failure, already in hand.</summary>
    private static async ValueTask DisposeAfterError(bool async, NpgsqlDataReader reader)
    {
        try
        {
            await DisposeReader(async, reader).ConfigureAwait(false);
        }
        catch (Exception again) when (again is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
        }
    }
}

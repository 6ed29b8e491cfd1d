using System;
using System.ComponentModel;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Runs a generated PostgreSQL <c>ImportJson</c>: the same reading, batches, policies, progress and errors as SQLite's
/// (<see cref="JsonImporter"/>: one loop, one record reader), with PostgreSQL's batch writer. Each batch is one
/// transaction (a savepoint inside a caller's write transaction), and each record runs between a savepoint and its
/// release, so a record PostgreSQL refuses is rolled back alone, named (record, column, PostgreSQL's reason through
/// the same translation as every generated write) and, when invalid records are skipped, left out while the batch goes
/// on, as a failed statement leaves a SQLite transaction. The records of a batch go <see cref="RecordsPerRoundTrip"/>
/// to a round trip, their statements prepared on the connection and their commands reused from one round trip to the next.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PostgreSqlImporter
{
    private const string BatchSavepoint = "sqlitegen_import";
    private const string RecordSavepoint = "sqlitegen_record";

    /// <summary>The last statement of each record's round-trip slot.</summary>
    private const string ReleaseRecord = "RELEASE SAVEPOINT " + RecordSavepoint;

    /// <summary>Records sent in one round trip.</summary>
    internal const int RecordsPerRoundTrip = 100;

    /// <summary>Imports <paramref name="json"/> into <paramref name="table"/> through <paramref name="source"/>.</summary>
    /// <exception cref="ImportException">A malformed or invalid record (unless skipped), or a rejected row; earlier batches are committed.</exception>
    public static ImportSummary Run<TEntity>(PostgreSqlSource source, PostgreSqlImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var run = new ImportRun<TEntity>(table.Reading, json, options, progress);
        return JsonImporter.Run(run, (run, batch) => Task.Run(() =>
            WriteBatch(async: false, source, table, run, batch, CancellationToken.None).GetAwaiter().GetResult()));
    }

    /// <inheritdoc cref="Run"/>
    public static async ValueTask<ImportSummary> RunAsync<TEntity>(PostgreSqlSource source, PostgreSqlImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var run = new ImportRun<TEntity>(table.Reading, json, options, progress);
        return await JsonImporter.RunAsync(run, (run, batch, token) => Task.Run(async () =>
            await WriteBatch(async: true, source, table, run, batch, token).ConfigureAwait(false), token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction; with <paramref name="async"/> false every call is synchronous.</summary>
    private static async ValueTask WriteBatch<TEntity>(bool async, PostgreSqlSource source, PostgreSqlImportTable<TEntity> table,
        ImportRun<TEntity> run, ImportBatch<TEntity> batch, CancellationToken cancellationToken)
    {
        ImportRun<TEntity>.WriteStart start = ImportRun<TEntity>.BeginWrite(batch);
        PostgreSqlLease lease = async ? await source.RentWriterAsync(cancellationToken).ConfigureAwait(false) : source.RentWriter();
        NpgsqlTransaction? own = null;
        try
        {
            NpgsqlTransaction? leased = await lease.Begun(async, cancellationToken).ConfigureAwait(false); // a tenant's: its start sent first
            NpgsqlConnection connection = lease.Connection;
            if (leased is null)
                own = async ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : connection.BeginTransaction();
            NpgsqlTransaction transaction = own ?? leased!;
            try
            {
                if (own is null)
                    await Run(async, connection, transaction, "SAVEPOINT " + BatchSavepoint, cancellationToken).ConfigureAwait(false);
                if (table.LockSql is { } lockSql)
                    await Run(async, connection, transaction, lockSql, cancellationToken).ConfigureAwait(false);
                await WriteRecords(async, connection, transaction, table, run, batch, cancellationToken).ConfigureAwait(false);
                if (own is not null)
                {
                    if (async)
                        await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                    else
                        own.Commit();
                }
                else
                {
                    await Run(async, connection, transaction, "RELEASE SAVEPOINT " + BatchSavepoint, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (own is null)
            {
                // Inside the caller's transaction: undo this batch only, or, when even that fails, the transaction cannot commit.
                try
                {
                    await Run(async, connection, transaction, $"ROLLBACK TO SAVEPOINT {BatchSavepoint}; RELEASE SAVEPOINT {BatchSavepoint}", CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception undoFailed) when (undoFailed is NpgsqlException or InvalidOperationException)
                {
                    source.Broke(error);
                }
                throw;
            }
        }
        catch
        {
            ImportRun<TEntity>.RolledBack(batch, start);
            throw;
        }
        finally
        {
            await PostgreSqlLease.DisposeOwn(async, own).ConfigureAwait(false);
            await lease.Release(async).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the batch's records, <see cref="RecordsPerRoundTrip"/> to a round trip, each as <c>SAVEPOINT</c>, its INSERT
    /// (and the table's after-statement), <c>RELEASE</c>. PostgreSQL runs a round trip's statements in order and stops at
    /// the first error: the records before the refused one are kept, the refused one is rolled back to its savepoint and
    /// handed to <see cref="ImportRun{TEntity}.Refused"/>, and the ones after it go in the next round trip.
    /// </summary>
    private static async ValueTask WriteRecords<TEntity>(bool async, NpgsqlConnection connection, NpgsqlTransaction transaction,
        PostgreSqlImportTable<TEntity> table, ImportRun<TEntity> run, ImportBatch<TEntity> batch, CancellationToken cancellationToken)
    {
        string insert = table.For(run.OnConflict);
        int stride = table.AfterSql is null ? 3 : 4;
        int[] records = new int[RecordsPerRoundTrip]; // the batch index of each record of the round trip
        await using var statements = new NpgsqlBatch(connection, transaction);
        int next = 0;
        int carried = 0; // records at the start of `records` already bound, sent again after a refused one
        int released = 0; // slots whose RELEASE ran in the previous round trip
        while (next < batch.Count || carried > 0)
        {
            int count = 0;
            while (count < RecordsPerRoundTrip && (count < carried || next < batch.Count))
            {
                int index = count < carried ? records[count] : next++;
                NpgsqlBatchCommand command = InsertAt(statements, count, stride, insert, table.AfterSql);
                try
                {
                    table.Bind(command.Parameters, batch.Rows[index]);
                }
                catch (Exception error) when (error is ArgumentException or SqliteGenException)
                {
                    run.Unbindable(batch, index, error);
                    continue;
                }
                records[count++] = index;
            }
            carried = 0;
            if (count == 0)
                break;
            while (statements.BatchCommands.Count > count * stride)
                statements.BatchCommands.RemoveAt(statements.BatchCommands.Count - 1);
            // A statement keeps what Npgsql recorded of its last run: the RELEASEs that ran in the previous round trip are
            // made anew, so RefusedRecord sees only this round trip's.
            for (int slot = 0; slot < Math.Min(released, count); slot++)
                statements.BatchCommands[(slot * stride) + stride - 1] = new NpgsqlBatchCommand(ReleaseRecord);
            PostgresException? refused = null;
            try
            {
                await PostgreSqlLease.PrepareAndExecute(async, statements, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException error)
            {
                refused = error;
            }
            int ran = refused is null ? count : RefusedRecord(statements, refused, stride);
            released = ran;
            if (ran < 0)
                throw PostgreSqlErrors.WriteFailed(refused!, table.Table, "Import");
            for (int k = 0; k < ran; k++)
            {
                if (statements.BatchCommands[(k * stride) + 1].RecordsAffected == 0)
                    batch.Skipped++;
                else
                    batch.Inserted++;
            }
            if (refused is null)
                continue;
            await Run(async, connection, transaction, $"ROLLBACK TO SAVEPOINT {RecordSavepoint}; RELEASE SAVEPOINT {RecordSavepoint}", CancellationToken.None).ConfigureAwait(false);
            SqliteGenException translated = PostgreSqlErrors.WriteFailed(refused, table.Table, "Import");
            run.Refused(batch, records[ran], translated, ofRecord: translated is ConstraintViolationException || IsDataException(refused));
            carried = count - ran - 1;
            Array.Copy(records, ran + 1, records, 0, carried);
        }
    }

    /// <summary>The INSERT command of round-trip slot <paramref name="slot"/>, adding the slot's statements when the batch has fewer.</summary>
    private static NpgsqlBatchCommand InsertAt(NpgsqlBatch statements, int slot, int stride, string insert, string? afterSql)
    {
        if (statements.BatchCommands.Count <= slot * stride)
        {
            statements.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + RecordSavepoint));
            statements.BatchCommands.Add(new NpgsqlBatchCommand(insert));
            if (afterSql is not null)
                statements.BatchCommands.Add(new NpgsqlBatchCommand(afterSql));
            statements.BatchCommands.Add(new NpgsqlBatchCommand(ReleaseRecord));
        }
        return statements.BatchCommands[(slot * stride) + 1];
    }

    /// <summary>
    /// The round-trip slot of the record whose statement PostgreSQL refused: the one the error names, else the first whose
    /// last statement (its <c>RELEASE</c>) did not complete (Npgsql leaves a statement it did not complete of unknown type;
    /// a value refused while binding names no statement). -1 when every record completed.
    /// </summary>
    private static int RefusedRecord(NpgsqlBatch statements, PostgresException error, int stride)
    {
        if (error.BatchCommand is { } failed && statements.BatchCommands.IndexOf(failed) is int at and >= 0)
            return at / stride;
        for (int slot = 0; (slot * stride) < statements.BatchCommands.Count; slot++)
        {
            if (statements.BatchCommands[(slot * stride) + stride - 1].StatementType == StatementType.Unknown)
                return slot;
        }
        return -1;
    }

    /// <summary>SQLSTATE class 22, a value the column cannot hold (text with a NUL, a number out of range): the record's own fault, as a constraint is.</summary>
    private static bool IsDataException(PostgresException error) => error.SqlState.StartsWith("22", StringComparison.Ordinal);

    private static async ValueTask Run(bool async, NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }
}

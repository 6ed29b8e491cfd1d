using System;
using System.ComponentModel;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// Runs a generated <c>ImportJson</c>: reads records from the stream and validates them into a batch of entities
/// (through the generated reader), and writes each full batch in one transaction with one prepared INSERT, through
/// the same <see cref="ConnectionSource.Write{TState, TResult}"/> path as every generated write. A batch is written
/// on a thread-pool thread while the next one is read, so parsing and SQLite use two cores; the next batch is only
/// handed over once the previous one has committed, so the order and the all-earlier-batches-committed rule hold.
/// See docs/operations.md, "Import".
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonImporter
{
    /// <summary>Imports <paramref name="json"/> into <paramref name="table"/>.</summary>
    /// <exception cref="ImportException">A malformed or invalid record (unless skipped), or a rejected row; earlier batches are committed.</exception>
    public static ImportSummary Run<TEntity>(ConnectionSource source, ImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress)
    {
        using var run = new ImportRun<TEntity>(table, json, options, progress);
        return Run(run, (run, batch) => Task.Run(() => source.Write((run, batch), static (connection, state) => state.run.WriteBatch(connection, state.batch))));
    }

    /// <summary>
    /// The import loop of either engine: reads batches and hands each full one to <paramref name="write"/>, which starts
    /// writing it in one transaction on another thread and returns the task; the next is handed over once it has committed.
    /// </summary>
    internal static ImportSummary Run<TEntity>(ImportRun<TEntity> run, Func<ImportRun<TEntity>, ImportBatch<TEntity>, Task> write)
    {
        Task? writing = null;
        ImportBatch<TEntity>? inFlight = null;
        try
        {
            return RunLoop(run, write, ref writing, ref inFlight);
        }
        catch (Exception) when (writing is not null)
        {
            Drain(writing);
            throw;
        }
    }

    private static ImportSummary RunLoop<TEntity>(ImportRun<TEntity> run, Func<ImportRun<TEntity>, ImportBatch<TEntity>, Task> write, ref Task? writing, ref ImportBatch<TEntity>? inFlight)
    {
        while (true)
        {
            RecordStatus status = run.ReadBatch();
            if (status == RecordStatus.NeedData)
            {
                run.Reader.Fill();
                continue;
            }
            if (run.StopIssue is null && run.HasPending)
            {
                Finish(run, ref writing, inFlight);
                ImportBatch<TEntity> batch = inFlight = run.TakeBatch();
                writing = write(run, batch);
            }
            if (status == RecordStatus.End)
            {
                Finish(run, ref writing, inFlight);
                if (run.StopIssue is { } stop)
                    throw run.Stop(stop.Issue, stop.Error);
                return run.Completed();
            }
        }
    }

    /// <summary>Waits for the batch in flight and counts it; its failure ends the run.</summary>
    private static void Finish<TEntity>(ImportRun<TEntity> run, ref Task? writing, ImportBatch<TEntity>? batch)
    {
        if (writing is null)
            return;
        Task task = writing;
        writing = null;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            throw run.BatchFailed(batch!, error);
        }
        run.Committed(batch!);
    }

    /// <summary>After an unexpected error (the stream failed): let the batch in flight end before the error leaves, whatever it does.</summary>
    private static void Drain(Task? writing)
    {
        try
        {
            writing?.Wait();
        }
        catch (AggregateException)
        {
            // The error being thrown is the one the caller must see.
        }
    }

    /// <inheritdoc cref="Run{TEntity}(ConnectionSource, ImportTable{TEntity}, Stream, JsonImportOptions?, IProgress{ImportProgress}?)"/>
    public static async ValueTask<ImportSummary> RunAsync<TEntity>(ConnectionSource source, ImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        using var run = new ImportRun<TEntity>(table, json, options, progress);
        return await RunAsync(run, (run, batch, token) => Task.Run(async () => await source.WriteAsync((run, batch), static (connection, state) => state.run.WriteBatch(connection, state.batch), token).ConfigureAwait(false), token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="Run{TEntity}(ImportRun{TEntity}, Func{ImportRun{TEntity}, ImportBatch{TEntity}, Task})"/>
    internal static async ValueTask<ImportSummary> RunAsync<TEntity>(ImportRun<TEntity> run, Func<ImportRun<TEntity>, ImportBatch<TEntity>, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Task? writing = null;
        ImportBatch<TEntity>? inFlight = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RecordStatus status = run.ReadBatch();
                if (status == RecordStatus.NeedData)
                {
                    await run.Reader.FillAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (run.StopIssue is null && run.HasPending)
                {
                    if (writing is not null)
                    {
                        Task previous = writing;
                        writing = null;
                        await FinishAsync(run, previous, inFlight!).ConfigureAwait(false);
                    }
                    ImportBatch<TEntity> batch = inFlight = run.TakeBatch();
                    writing = write(run, batch, cancellationToken);
                }
                if (status == RecordStatus.End)
                {
                    if (writing is not null)
                    {
                        Task last = writing;
                        writing = null;
                        await FinishAsync(run, last, inFlight!).ConfigureAwait(false);
                    }
                    if (run.StopIssue is { } stop)
                        throw run.Stop(stop.Issue, stop.Error);
                    return run.Completed();
                }
            }
        }
        catch (Exception) when (writing is { IsCompleted: false })
        {
            Drain(writing);
            throw;
        }
    }

    private static async ValueTask FinishAsync<TEntity>(ImportRun<TEntity> run, Task writing, ImportBatch<TEntity> batch)
    {
        try
        {
            await writing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception error)
        {
            throw run.BatchFailed(batch, error);
        }
        run.Committed(batch);
    }
}

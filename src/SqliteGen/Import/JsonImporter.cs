using System;
using System.ComponentModel;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// Runs a generated <c>ImportJson</c>: reads records from the stream, validates them into a batch of entities
/// (through the generated reader), and writes each full batch in one transaction with one prepared INSERT, through
/// the same <see cref="ConnectionSource.Write{TState, TResult}"/> path as every generated write. See docs/operations.md, "Import".
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonImporter
{
    /// <summary>Imports <paramref name="json"/> into <paramref name="table"/>.</summary>
    /// <exception cref="ImportException">A malformed or invalid record (unless skipped), or a rejected row; earlier batches are committed.</exception>
    public static ImportSummary Run<TEntity>(ConnectionSource source, ImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress)
    {
        using var run = new ImportRun<TEntity>(source, table, json, options, progress);
        while (true)
        {
            RecordStatus status = run.ReadBatch();
            if (status == RecordStatus.NeedData)
            {
                run.Reader.Fill();
                continue;
            }
            if (run.Pending > 0)
            {
                try
                {
                    source.Write(run, static (connection, state) => state.WriteBatch(connection));
                }
                catch (Exception error) when (error is not ImportException)
                {
                    throw run.BatchFailed(error);
                }
                run.Committed();
            }
            if (status == RecordStatus.End)
                return run.Summary();
        }
    }

    /// <inheritdoc cref="Run"/>
    public static async ValueTask<ImportSummary> RunAsync<TEntity>(ConnectionSource source, ImportTable<TEntity> table, Stream json,
        JsonImportOptions? options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        using var run = new ImportRun<TEntity>(source, table, json, options, progress);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RecordStatus status = run.ReadBatch();
            if (status == RecordStatus.NeedData)
            {
                await run.Reader.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (run.Pending > 0)
            {
                try
                {
                    await source.WriteAsync(run, static (connection, state) => state.WriteBatch(connection), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not (ImportException or OperationCanceledException))
                {
                    throw run.BatchFailed(error);
                }
                run.Committed();
            }
            if (status == RecordStatus.End)
                return run.Summary();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>
/// The state of one import: the record reader, two batches (one being read while the other is written), and the
/// totals. A batch is counted only once its transaction has committed. Reading stops at a record that ends the run
/// (<see cref="StopIssue"/>) without throwing, so the batch being written can finish first: every batch before the
/// failing one is then committed, as the error says.
/// </summary>
internal sealed class ImportRun<TEntity> : IDisposable
{
    private readonly ImportTable<TEntity> _table;
    private readonly JsonImportOptions _options;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ImportIssue> _issues = new();
    private ImportBatch<TEntity> _reading;
    private ImportBatch<TEntity> _spare;

    private long _read;
    private long _inserted;
    private long _skipped;
    private long _failed;
    private long _bytes;
    private int _batches;

    public ImportRun(ImportTable<TEntity> table, Stream json, JsonImportOptions? options, IProgress<ImportProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(json);
        _options = options ?? JsonImportOptions.Default;
        _options.Validate();
        _table = table;
        _progress = progress;
        _reading = new ImportBatch<TEntity>(_options.BatchSize);
        _spare = new ImportBatch<TEntity>(_options.BatchSize);
        Reader = new JsonRecordReader(json, _options);
    }

    public JsonRecordReader Reader { get; }

    /// <summary>Set when reading met a record that ends the run; throw <see cref="Stop"/> once the batch in flight is done.</summary>
    public (ImportIssue Issue, Exception Error)? StopIssue { get; private set; }

    /// <summary>Reads records into the current batch until it is full (returns Record), the reader needs input, the input ends, or a record stops the run (End, with <see cref="StopIssue"/> set).</summary>
    public RecordStatus ReadBatch()
    {
        ImportBatch<TEntity> batch = _reading;
        while (!batch.IsFull)
        {
            RecordStatus status;
            ReadOnlySpan<byte> record;
            long line;
            string? id;
            try
            {
                status = Reader.Next(out record, out line, out id);
            }
            catch (ImportRecordException error)
            {
                // Broken beyond one record (a truncated array): nothing after it can be read, so the run stops.
                StopIssue = (new ImportIssue(error.Line ?? Reader.Line, null, null, error.Message), error);
                return RecordStatus.End;
            }
            if (status != RecordStatus.Record)
                return status;
            batch.Read++;
            batch.BytesEnd = Reader.BytesConsumed;
            try
            {
                var reader = new ImportRecord(record, _table.Fields, _options.UnknownProperties == UnknownPropertyPolicy.Ignore);
                batch.Add(_table.Read(ref reader), line, id);
            }
            catch (ImportRecordException error)
            {
                long at = line + (error.LineInRecord ?? LinesBefore(record, error.Offset));
                if (!Invalid(batch, new ImportIssue(at, id, error.Field, error.Message), error))
                    return RecordStatus.End;
            }
            catch (JsonException error)
            {
                if (!Invalid(batch, new ImportIssue(line + (error.LineNumber ?? 0), id, null, "malformed JSON: " + error.Message), error))
                    return RecordStatus.End;
            }
        }
        return RecordStatus.Record;
    }

    /// <summary>Records read into the current batch and not yet handed to <see cref="TakeBatch"/>.</summary>
    public bool HasPending => _reading.Read > 0;

    /// <summary>The batch read so far, to be written; reading goes on into the other one (which must have been counted).</summary>
    public ImportBatch<TEntity> TakeBatch()
    {
        ImportBatch<TEntity> full = _reading;
        _reading = _spare;
        _spare = full;
        _reading.Clear();
        return full;
    }

    private static long LinesBefore(ReadOnlySpan<byte> record, long offset) =>
        record.Slice(0, (int)Math.Clamp(offset, 0, record.Length)).Count((byte)'\n');

    private bool SkipInvalid => _options.OnInvalid == ImportInvalidPolicy.Skip;

    /// <summary>An invalid record: skipped and counted (true), or the end of the run (false, <see cref="StopIssue"/> set).</summary>
    private bool Invalid(ImportBatch<TEntity> batch, ImportIssue issue, Exception error)
    {
        if (!SkipInvalid)
        {
            StopIssue = (issue, error);
            return false;
        }
        batch.Failed++;
        batch.Issues.Add(issue);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="batch"/> in one transaction (runs on a thread-pool thread while the next batch is read:
    /// it touches only the batch and read-only state, and its errors are thrown to the importer, never stored).
    /// </summary>
    /// <remarks>One transaction (a savepoint inside a caller's) with one prepared statement.</remarks>
    public bool WriteBatch(PooledConnection connection, ImportBatch<TEntity> batch)
    {
        WriteStart start = BeginWrite(batch);
        try
        {
            using var scope = WriteScope.Begin(connection);
            using var statement = connection.Rent(_table.For(_options.OnConflict));
            for (int i = 0; i < batch.Count; i++)
            {
                try
                {
                    _table.Bind(statement, batch.Rows[i]);
                    if (statement.Execute() == 0)
                        batch.Skipped++;
                    else
                        batch.Inserted++;
                }
                catch (SqliteException error)
                {
                    // Left out when allowed: SQLite undid this statement only, and the transaction goes on.
                    SqliteGenException translated = SqliteErrors.WriteFailed(error, _table.TableName, "Import");
                    Refused(batch, i, translated, ofRecord: translated is ConstraintViolationException);
                }
                catch (Exception error) when (error is ArgumentException or SqliteGenException)
                {
                    Unbindable(batch, i, error);
                }
            }
            scope.Commit();
            return true;
        }
        catch
        {
            RolledBack(batch, start);
            throw;
        }
    }

    /// <summary>What a batch's counts were before writing it, to restore if its transaction rolls back.</summary>
    internal readonly record struct WriteStart(long Failed, int Issues);

    /// <summary>Starts writing <paramref name="batch"/>: its write counts are zeroed; what reading counted is kept.</summary>
    internal static WriteStart BeginWrite(ImportBatch<TEntity> batch)
    {
        batch.Inserted = 0;
        batch.Skipped = 0;
        return new WriteStart(batch.Failed, batch.Issues.Count);
    }

    /// <summary>The batch's transaction rolled back: what its write counted is void.</summary>
    internal static void RolledBack(ImportBatch<TEntity> batch, WriteStart start)
    {
        batch.Failed = start.Failed;
        batch.Issues.RemoveRange(start.Issues, batch.Issues.Count - start.Issues);
    }

    /// <summary>
    /// Record <paramref name="index"/> of the batch was refused by the database (<paramref name="translated"/>, SqliteGen's
    /// exception for it). <paramref name="ofRecord"/>: the refusal is the record's own (a constraint, a value the column
    /// cannot hold), so with <see cref="ImportInvalidPolicy.Skip"/> it is left out, named and counted, and the batch goes on
    /// (the caller has undone its statement alone). Otherwise, and for a duplicate under <see cref="ImportConflictPolicy.Fail"/>,
    /// it ends the run: throws the <see cref="ImportException"/>.
    /// </summary>
    internal void Refused(ImportBatch<TEntity> batch, int index, SqliteGenException translated, bool ofRecord)
    {
        bool conflict = translated is ConstraintViolationException { Kind: ConstraintKind.Unique };
        var issue = new ImportIssue(batch.Lines[index], batch.Ids[index], Field(translated), Reason(translated, conflict));
        if (!ofRecord || (conflict && _options.OnConflict == ImportConflictPolicy.Fail) || !SkipInvalid)
            throw Stop(issue, translated);
        batch.Failed++;
        batch.Issues.Add(issue);
    }

    /// <summary>A value of record <paramref name="index"/> the binder refuses (a vector of the wrong length, text with an unpaired surrogate): left out when skipping invalid records, else the end of the run.</summary>
    internal void Unbindable(ImportBatch<TEntity> batch, int index, Exception error)
    {
        var issue = new ImportIssue(batch.Lines[index], batch.Ids[index], null, error.Message);
        if (!SkipInvalid)
            throw Stop(issue, error);
        batch.Failed++;
        batch.Issues.Add(issue);
    }

    /// <summary>What to do with a duplicate key.</summary>
    internal ImportConflictPolicy OnConflict => _options.OnConflict;

    private static string? Field(SqliteGenException error)
    {
        if (error is not ConstraintViolationException { Columns: { } columns })
            return null;
        // "users.email" -> "email"; "t.a, t.b" -> "a, b"
        string[] parts = columns.Split(", ");
        for (int i = 0; i < parts.Length; i++)
            parts[i] = parts[i].Substring(parts[i].IndexOf('.') + 1);
        return string.Join(", ", parts);
    }

    private static string Reason(SqliteGenException error, bool conflict) =>
        conflict
            ? error.Message + " Set JsonImportOptions.OnConflict to Skip (keep the existing row) or Replace (overwrite it)."
            : error.Message;

    /// <summary>Counts a batch that has committed and reports progress.</summary>
    public void Committed(ImportBatch<TEntity> batch)
    {
        _read += batch.Read;
        _inserted += batch.Inserted;
        _skipped += batch.Skipped;
        _failed += batch.Failed;
        _bytes = batch.BytesEnd;
        _batches++;
        foreach (ImportIssue issue in batch.Issues)
        {
            if (_issues.Count < ImportSummary.MaxIssues)
                _issues.Add(issue);
        }
        batch.Clear();
        _progress?.Report(new ImportProgress(_read, _inserted, _skipped, _failed, _bytes, _batches));
    }

    /// <summary>The transaction of a batch failed as a whole (busy, disk full, a group commit that failed).</summary>
    public ImportException BatchFailed(ImportBatch<TEntity> batch, Exception error)
    {
        if (error is ImportException import)
            return import.Committed.Batches == _batches ? import : new ImportException(import.Table, import.Issue, Summary(), import.InnerException);
        long line = batch.Count > 0 ? batch.Lines[0] : Reader.Line;
        string? id = batch.Count > 0 ? batch.Ids[0] : null;
        return Stop(new ImportIssue(line, id, null, "writing the batch that starts here failed: " + error.Message), error);
    }

    /// <summary>The error that ends the run, with what has been committed.</summary>
    public ImportException Stop(ImportIssue issue, Exception error) =>
        new(_table.TableName, issue, Summary(), error);

    /// <summary>The summary of a run that read its input to the end: every input byte was consumed.</summary>
    public ImportSummary Completed()
    {
        _bytes = Reader.BytesConsumed;
        return Summary();
    }

    /// <summary>What has been committed so far.</summary>
    public ImportSummary Summary() =>
        new(_table.TableName, _read, _inserted, _skipped, _failed, _bytes, _batches, _clock.Elapsed, _issues.ToArray());

    public void Dispose() => Reader.Dispose();
}

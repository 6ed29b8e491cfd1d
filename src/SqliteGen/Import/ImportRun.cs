using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>
/// The state of one import: the record reader, the batch being filled (entities with their lines or document ids),
/// and the totals. A batch is only counted once its transaction has committed.
/// </summary>
internal sealed class ImportRun<TEntity> : IDisposable
{
    private readonly ImportTable<TEntity> _table;
    private readonly JsonImportOptions _options;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TEntity[] _rows;
    private readonly long[] _lines;
    private readonly string?[] _ids;
    private readonly List<ImportIssue> _issues = new();
    private readonly List<ImportIssue> _pendingIssues = new();

    // The batch being filled: records read (valid ones are in _rows), invalid ones left out.
    private int _count;
    private long _pendingRead;
    private long _pendingFailed;
    // Written by WriteBatch, counted by Committed.
    private long _batchInserted;
    private long _batchSkipped;

    private long _read;
    private long _inserted;
    private long _skipped;
    private long _failed;
    private long _bytes;
    private int _batches;

    public ImportRun(ConnectionSource source, ImportTable<TEntity> table, Stream json, JsonImportOptions? options, IProgress<ImportProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(json);
        _options = options ?? JsonImportOptions.Default;
        _options.Validate();
        _table = table;
        _progress = progress;
        int size = _options.BatchSize;
        _rows = new TEntity[size];
        _lines = new long[size];
        _ids = new string?[size];
        Reader = new JsonRecordReader(json, _options);
        _ = source;
    }

    public JsonRecordReader Reader { get; }

    /// <summary>Records read into the batch (valid or not) and not yet written.</summary>
    public long Pending => _pendingRead;

    /// <summary>Reads records into the batch until it is full (returns Record), the reader needs input, or the input ends.</summary>
    public RecordStatus ReadBatch()
    {
        while (_count < _rows.Length)
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
                throw Stop(new ImportIssue(error.Line ?? Reader.Line, null, null, error.Message), error);
            }
            if (status != RecordStatus.Record)
                return status;
            _pendingRead++;
            try
            {
                var reader = new ImportRecord(record, _table.Fields, _options.UnknownProperties == UnknownPropertyPolicy.Ignore);
                _rows[_count] = _table.Read(ref reader);
                _lines[_count] = line;
                _ids[_count] = id;
                _count++;
            }
            catch (ImportRecordException error)
            {
                long at = line + (error.LineInRecord ?? LinesBefore(record, error.Offset));
                Invalid(new ImportIssue(at, id, error.Field, error.Message), error);
            }
            catch (JsonException error)
            {
                Invalid(new ImportIssue(line + (error.LineNumber ?? 0), id, null, "malformed JSON: " + error.Message), error);
            }
        }
        return RecordStatus.Record;
    }

    private static long LinesBefore(ReadOnlySpan<byte> record, long offset) =>
        record.Slice(0, (int)Math.Clamp(offset, 0, record.Length)).Count((byte)'\n');

    /// <summary>An invalid record: skipped and counted, or the end of the run.</summary>
    private void Invalid(ImportIssue issue, Exception error)
    {
        if (_options.OnInvalid != ImportInvalidPolicy.Skip)
            throw Stop(issue, error);
        _pendingFailed++;
        _pendingIssues.Add(issue);
    }

    /// <summary>Writes the batch in one transaction (a savepoint inside a caller's transaction) with one prepared statement.</summary>
    public bool WriteBatch(PooledConnection connection)
    {
        _batchInserted = 0;
        _batchSkipped = 0;
        long failedBefore = _pendingFailed;
        int issuesBefore = _pendingIssues.Count;
        try
        {
            using var scope = WriteScope.Begin(connection);
            using var statement = connection.Rent(_table.For(_options.OnConflict));
            for (int i = 0; i < _count; i++)
            {
                try
                {
                    _table.Bind(statement, _rows[i]);
                    if (statement.Execute() == 0)
                        _batchSkipped++;
                    else
                        _batchInserted++;
                }
                catch (SqliteException error)
                {
                    SqliteGenException translated = SqliteErrors.WriteFailed(error, _table.TableName, "Import");
                    bool conflict = translated is ConstraintViolationException { Kind: ConstraintKind.Unique };
                    bool rowAtFault = translated is ConstraintViolationException;
                    var issue = new ImportIssue(_lines[i], _ids[i], Field(translated), Reason(translated, conflict));
                    if (!rowAtFault || (conflict && _options.OnConflict == ImportConflictPolicy.Fail))
                        throw Stop(issue, translated);
                    Invalid(issue, translated); // SQLite undid this statement only; the transaction goes on
                }
                catch (Exception error) when (error is ArgumentException or SqliteGenException)
                {
                    // A value the binder refuses (a vector of the wrong length, text with an unpaired surrogate).
                    Invalid(new ImportIssue(_lines[i], _ids[i], null, error.Message), error);
                }
            }
            scope.Commit();
            return true;
        }
        catch
        {
            // Rolled back: the batch's write-time failures are not counted.
            _pendingFailed = failedBefore;
            _pendingIssues.RemoveRange(issuesBefore, _pendingIssues.Count - issuesBefore);
            throw;
        }
    }

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

    /// <summary>Counts the batch that has just committed and reports progress.</summary>
    public void Committed()
    {
        _read += _pendingRead;
        _inserted += _batchInserted;
        _skipped += _batchSkipped;
        _failed += _pendingFailed;
        _bytes = Reader.BytesConsumed;
        _batches++;
        foreach (ImportIssue issue in _pendingIssues)
        {
            if (_issues.Count < ImportSummary.MaxIssues)
                _issues.Add(issue);
        }
        ClearBatch();
        _progress?.Report(new ImportProgress(_read, _inserted, _skipped, _failed, _bytes, _batches));
    }

    private void ClearBatch()
    {
        Array.Clear(_rows, 0, _count);
        _count = 0;
        _pendingRead = 0;
        _pendingFailed = 0;
        _pendingIssues.Clear();
    }

    /// <summary>The transaction of the batch failed as a whole (busy, disk full, a group commit that failed).</summary>
    public ImportException BatchFailed(Exception error)
    {
        long line = _count > 0 ? _lines[0] : Reader.Line;
        string? id = _count > 0 ? _ids[0] : null;
        return Stop(new ImportIssue(line, id, null, "writing the batch that starts here failed: " + error.Message), error);
    }

    private ImportException Stop(ImportIssue issue, Exception error) =>
        new(_table.TableName, issue, Summary(), error);

    /// <summary>What has been committed so far.</summary>
    public ImportSummary Summary() =>
        new(_table.TableName, _read, _inserted, _skipped, _failed, _bytes, _batches, _clock.Elapsed, _issues.ToArray());

    public void Dispose() => Reader.Dispose();
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Cli.Import;

/// <summary>What to do when a record's key is already in the table.</summary>
internal enum ConflictPolicy
{
    /// <summary>Stop: the record is rejected like a malformed one.</summary>
    Fail,
    /// <summary>Keep the row in the table and skip the record (<c>INSERT OR IGNORE</c>).</summary>
    Ignore,
    /// <summary>Replace the row with the record (<c>INSERT OR REPLACE</c>).</summary>
    Replace,
}

/// <summary>The import's settings.</summary>
internal sealed record ImportSettings(string File, string Table, int BatchSize, string? PrimaryKey, bool Alter, ConflictPolicy OnConflict);

/// <summary>The counts a run ends with; <see cref="Inserted"/> and <see cref="Skipped"/> count committed batches only.</summary>
internal sealed class ImportSummary
{
    public long Read { get; set; }
    public long Inserted { get; set; }
    public long Skipped { get; set; }
    public int Batches { get; set; }
    public bool CreatedTable { get; set; }
}

/// <summary>
/// Writes records into one table in batches, each batch one <c>BEGIN IMMEDIATE</c> transaction. The
/// first batch is read whole before anything is written: when the table is missing its columns and
/// types are inferred from that batch and the table is created inside the batch's transaction. A
/// malformed or rejected record rolls back its batch, so the table holds exactly the earlier batches.
/// </summary>
internal sealed class TableImporter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly ImportSettings _settings;
    private readonly ImportProgress _progress;
    private readonly Dictionary<string, string> _columns = new(StringComparer.OrdinalIgnoreCase); // name -> declared type
    private readonly Dictionary<string, SqliteCommand> _inserts = new(StringComparer.Ordinal);
    private readonly ImportSummary _summary = new();

    private readonly CancellationToken _cancellation;

    public TableImporter(SqliteConnection connection, ImportSettings settings, ImportProgress progress, CancellationToken cancellation)
    {
        _cancellation = cancellation;
        _connection = connection;
        _settings = settings;
        _progress = progress;
    }

    public ImportSummary Summary => _summary;

    private string Table => CliDatabase.Quote(_settings.Table);

    public void Run(IRecordReader reader)
    {
        bool exists = ReadColumns();
        if (exists && _settings.PrimaryKey is not null)
            throw new UsageException($"--pk applies when the table is created, and '{_settings.Table}' already exists");

        var first = new List<ImportRecord>(Math.Min(_settings.BatchSize, 10_000));
        try
        {
            while (first.Count < _settings.BatchSize && Next(reader) is { } record)
                first.Add(record);
        }
        catch (ImportException error)
        {
            throw new ImportException(error.Message + " (nothing was written)");
        }
        if (first.Count == 0)
            return;

        IEnumerable<ImportRecord> batch = first;
        while (true)
        {
            int batchLine = 0;
            long inserted = 0, skipped = 0, records = 0;
            CliDatabase.Execute(_connection, "BEGIN IMMEDIATE");
            try
            {
                if (!exists)
                {
                    Create(first);
                    exists = true;
                }
                foreach (ImportRecord record in batch)
                {
                    if (records++ == 0)
                        batchLine = record.Line;
                    if (Insert(record))
                        inserted++;
                    else
                        skipped++;
                }
                if (records == 0)
                {
                    Rollback();
                    return;
                }
                CliDatabase.Execute(_connection, "COMMIT");
            }
            catch (ImportException error)
            {
                Rollback();
                string committed = _summary.Batches == 0
                    ? "nothing was written"
                    : $"the {Format.Count(_summary.Inserted + _summary.Skipped)} records of the first {_summary.Batches} batch(es) are committed" +
                      (batchLine == 0 ? "" : $"; nothing of the failing batch (from line {batchLine}) was written");
                throw new ImportException(error.Message + " (" + committed + ")");
            }
            catch
            {
                Rollback();
                throw;
            }
            _summary.Batches++;
            _summary.Inserted += inserted;
            _summary.Skipped += skipped;
            batch = NextBatch(reader);
        }
    }

    /// <summary>Rolls the batch back, unless SQLite already did (it ends the transaction itself after some errors).</summary>
    private void Rollback()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            CliDatabase.Execute(_connection, "ROLLBACK");
    }

    private IEnumerable<ImportRecord> NextBatch(IRecordReader reader)
    {
        for (int i = 0; i < _settings.BatchSize && Next(reader) is { } record; i++)
            yield return record;
    }

    /// <summary>The next record; a cancel (Ctrl+C) stops here, between records, and the open batch is rolled back.</summary>
    private ImportRecord? Next(IRecordReader reader)
    {
        _cancellation.ThrowIfCancellationRequested();
        ImportRecord? record = reader.Read();
        if (record is not null)
        {
            _summary.Read++;
            _progress.Report(_summary.Read, reader.BytesRead, reader.Length);
        }
        return record;
    }

    /// <summary>Reads the table's columns; false when the table does not exist.</summary>
    private bool ReadColumns()
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT name, type FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", _settings.Table);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            _columns[reader.GetString(0)] = reader.GetString(1);
        return _columns.Count > 0;
    }

    /// <summary>Creates the table with the columns of the first batch, in the order first seen, typed by their values.</summary>
    private void Create(List<ImportRecord> records)
    {
        var order = new List<string>();
        var seen = new Dictionary<string, ColumnTypes.Seen>(StringComparer.OrdinalIgnoreCase);
        foreach (ImportRecord record in records)
        {
            for (int i = 0; i < record.Columns.Length; i++)
            {
                string column = record.Columns[i];
                if (!seen.TryGetValue(column, out ColumnTypes.Seen kinds))
                    order.Add(column);
                seen[column] = kinds | ColumnTypes.Classify(record.Values[i], record.FromText);
            }
        }
        if (order.Count == 0)
            throw ImportException.At(_settings.File, records[0].Line, $"the first batch has no keys, so there are no columns to create table '{_settings.Table}' with");
        string? key = _settings.PrimaryKey;
        if (key is not null && !seen.ContainsKey(key))
            throw new UsageException($"--pk '{key}' is not a key of the first batch's records (keys: {string.Join(", ", order)})");

        var definitions = order.Select(column => CliDatabase.Quote(column) + " " + ColumnTypes.SqlType(seen[column])).ToList();
        if (key is not null)
            definitions.Add("PRIMARY KEY (" + CliDatabase.Quote(order.First(c => string.Equals(c, key, StringComparison.OrdinalIgnoreCase))) + ")");
        CliDatabase.Execute(_connection, "CREATE TABLE " + Table + " (" + string.Join(", ", definitions) + ")");
        foreach (string column in order)
            _columns[column] = ColumnTypes.SqlType(seen[column]);
        _summary.CreatedTable = true;
    }

    /// <summary>Inserts one record; false when the conflict policy skipped it.</summary>
    private bool Insert(ImportRecord record)
    {
        for (int i = 0; i < record.Columns.Length; i++)
        {
            if (!_columns.ContainsKey(record.Columns[i]))
                AddColumn(record, i);
        }
        SqliteCommand insert = InsertFor(record.Columns);
        for (int i = 0; i < record.Values.Length; i++)
        {
            object? value = record.Values[i];
            if (record.FromText && value is "" && ColumnTypes.IsNumeric(_columns[record.Columns[i]]))
                value = null; // an empty CSV field in a numeric column is a missing value
            insert.Parameters[i].Value = value ?? DBNull.Value;
        }
        try
        {
            return insert.ExecuteNonQuery() > 0;
        }
        catch (SqliteException error)
        {
            throw ImportException.At(_settings.File, record.Line, $"table '{_settings.Table}' rejected the record: {error.Message}");
        }
    }

    private void AddColumn(ImportRecord record, int index)
    {
        string column = record.Columns[index];
        if (!_settings.Alter)
            throw ImportException.At(_settings.File, record.Line, $"'{column}' is not a column of table '{_settings.Table}' (columns: {string.Join(", ", _columns.Keys)}); use --alter to add it");
        string type = ColumnTypes.SqlType(ColumnTypes.Classify(record.Values[index], record.FromText));
        CliDatabase.Execute(_connection, "ALTER TABLE " + Table + " ADD COLUMN " + CliDatabase.Quote(column) + " " + type);
        _columns[column] = type;
    }

    /// <summary>The prepared INSERT for one set of columns (records usually share one; each set gets its own, so defaults apply to absent columns).</summary>
    private SqliteCommand InsertFor(string[] columns)
    {
        string signature = string.Join('\u0001', columns);
        if (_inserts.TryGetValue(signature, out SqliteCommand? cached))
            return cached;
        string verb = _settings.OnConflict switch
        {
            ConflictPolicy.Ignore => "INSERT OR IGNORE",
            ConflictPolicy.Replace => "INSERT OR REPLACE",
            _ => "INSERT",
        };
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = columns.Length == 0
            ? verb + " INTO " + Table + " DEFAULT VALUES"
            : verb + " INTO " + Table + " (" + string.Join(", ", columns.Select(CliDatabase.Quote)) + ") VALUES (" + string.Join(", ", columns.Select((_, i) => "$p" + i)) + ")";
        for (int i = 0; i < columns.Length; i++)
            command.Parameters.Add(new SqliteParameter("$p" + i, DBNull.Value));
        _inserts[signature] = command;
        return command;
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _inserts.Values)
            command.Dispose();
    }
}

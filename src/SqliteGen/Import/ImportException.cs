using System;

namespace SqliteGen;

/// <summary>
/// An import stopped at a malformed or rejected record. The batches before it are committed
/// (<see cref="Committed"/>); nothing of the batch the record was in was written.
/// </summary>
public sealed class ImportException : SqliteGenException
{
    /// <summary>Creates the exception; the message names the table, the record and the field.</summary>
    public ImportException(string table, ImportIssue issue, ImportSummary committed, Exception? innerException = null)
        : base(FormattableString.Invariant(
            $"Import into '{table}' stopped at {issue.Where}: {issue.Message} {committed.Batches:N0} batch(es) with {committed.Inserted:N0} row(s) were committed before it ({committed.Read:N0} record(s) read); nothing of the failing batch was written."),
            innerException)
    {
        Table = table;
        Issue = issue;
        Committed = committed;
    }

    /// <summary>The table imported into.</summary>
    public string Table { get; }

    /// <summary>The record at fault: line or document id, field, what is wrong.</summary>
    public ImportIssue Issue { get; }

    /// <summary>The line the problem is on (1-based), in NDJSON, a JSON array or a TinyDB file.</summary>
    public long Line => Issue.Line;

    /// <summary>The TinyDB document id of the record, or null for JSON arrays and NDJSON.</summary>
    public string? DocumentId => Issue.DocumentId;

    /// <summary>The JSON field at fault (the column name), or null when the record as a whole is.</summary>
    public string? Field => Issue.Field;

    /// <summary>What was committed before the failing batch (Read counts the records read before it too).</summary>
    public ImportSummary Committed { get; }
}

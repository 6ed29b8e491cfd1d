using System;

namespace SqliteGen;

/// <summary>What a generated <c>ImportJson</c> reads.</summary>
public enum JsonImportFormat
{
    /// <summary>By the first character that is not white space: <c>[</c> a JSON array, anything else newline-delimited JSON. A TinyDB file must be asked for.</summary>
    Auto = 0,
    /// <summary>One JSON array of objects (<c>[{...}, {...}]</c>), read one object at a time.</summary>
    JsonArray,
    /// <summary>Newline-delimited JSON (JSON Lines): one object per line; blank lines are skipped.</summary>
    NdJson,
    /// <summary>
    /// A TinyDB file, <c>{"_default": {"1": {...}}, "users": {"1": {...}}}</c>: the documents of table
    /// <see cref="JsonImportOptions.TinyDbTable"/>; errors name the document id. Read whole into memory, as TinyDB does.
    /// </summary>
    TinyDb,
}

/// <summary>What an import does with a record whose key (or a unique value) is already in the table.</summary>
public enum ImportConflictPolicy
{
    /// <summary>The duplicate is an error: the import stops (earlier batches stay committed, nothing of the failing one).</summary>
    Fail = 0,
    /// <summary>Keep the existing row (<c>ON CONFLICT DO NOTHING</c>, any unique constraint); the record counts as skipped.</summary>
    Skip,
    /// <summary>Overwrite the row with the same primary key (<c>ON CONFLICT (key) DO UPDATE</c>, as <c>Upsert</c>); counts as inserted.</summary>
    Replace,
}

/// <summary>What an import does with a malformed or invalid record.</summary>
public enum ImportInvalidPolicy
{
    /// <summary>Stop with an <see cref="ImportException"/> naming the line (or document id) and the field. The default.</summary>
    Fail = 0,
    /// <summary>Leave the record out, count it as failed, note it in <see cref="ImportSummary.Issues"/>, and go on.</summary>
    Skip,
}

/// <summary>What an import does with a JSON property that matches no member of the entity.</summary>
public enum UnknownPropertyPolicy
{
    /// <summary>The record is invalid (see <see cref="JsonImportOptions.OnInvalid"/>): a misspelt property is caught, not silently dropped. The default.</summary>
    Error = 0,
    /// <summary>Skip the property and its value.</summary>
    Ignore,
}

/// <summary>Options of a generated <c>ImportJson</c>. The defaults are strict: any problem stops the import.</summary>
public sealed record JsonImportOptions
{
    /// <summary>The defaults.</summary>
    public static JsonImportOptions Default { get; } = new();

    /// <summary>The input format; <see cref="JsonImportFormat.Auto"/> tells a JSON array from newline-delimited JSON.</summary>
    public JsonImportFormat Format { get; init; }

    /// <summary>The TinyDB table to read with <see cref="JsonImportFormat.TinyDb"/>; TinyDB's own default table is <c>_default</c>.</summary>
    public string TinyDbTable { get; init; } = "_default";

    /// <summary>Records per transaction (default 1,000). A failing batch is rolled back whole; earlier batches stay committed.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Records whose key is already in the table: fail (default), skip, or replace.</summary>
    public ImportConflictPolicy OnConflict { get; init; }

    /// <summary>Malformed or invalid records: stop (default) or skip and count them.</summary>
    public ImportInvalidPolicy OnInvalid { get; init; }

    /// <summary>JSON properties that match no member: an error (default) or ignored.</summary>
    public UnknownPropertyPolicy UnknownProperties { get; init; }

    /// <summary>Leave the stream open after the import (default false: the import disposes it).</summary>
    public bool LeaveOpen { get; init; }

    internal void Validate()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "JsonImportOptions.BatchSize must be at least 1.");
        if (Format == JsonImportFormat.TinyDb && string.IsNullOrEmpty(TinyDbTable))
            throw new ArgumentException("JsonImportOptions.TinyDbTable must name a TinyDB table (TinyDB's default is \"_default\").", nameof(TinyDbTable));
    }
}

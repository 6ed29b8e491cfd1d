using System;
using System.Collections.Generic;

namespace SqliteGen;

/// <summary>
/// The outcome of an import. <see cref="Read"/> = <see cref="Inserted"/> + <see cref="Skipped"/> + <see cref="Failed"/>
/// for a completed run. Under <see cref="ImportConflictPolicy.Replace"/> a replaced row counts as inserted.
/// </summary>
/// <param name="Table">The table imported into.</param>
/// <param name="Read">Records read from the input.</param>
/// <param name="Inserted">Rows written (committed).</param>
/// <param name="Skipped">Records whose key was already there, under <see cref="ImportConflictPolicy.Skip"/>.</param>
/// <param name="Failed">Invalid records left out under <see cref="ImportInvalidPolicy.Skip"/>.</param>
/// <param name="Bytes">Input bytes consumed: the whole input for a completed run; up to the last committed record otherwise.</param>
/// <param name="Batches">Transactions committed.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Issues">The first <see cref="MaxIssues"/> invalid records that were left out, with their line or document id and field.</param>
public sealed record ImportSummary(
    string Table,
    long Read,
    long Inserted,
    long Skipped,
    long Failed,
    long Bytes,
    int Batches,
    TimeSpan Elapsed,
    IReadOnlyList<ImportIssue> Issues)
{
    /// <summary>How many <see cref="Issues"/> are kept; <see cref="Failed"/> counts all of them.</summary>
    public const int MaxIssues = 1000;

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"read {Read:N0} records; inserted {Inserted:N0}, skipped {Skipped:N0}, failed {Failed:N0} into '{Table}' ({Batches:N0} batch(es), {Bytes:N0} bytes, {Elapsed.TotalMilliseconds:N0} ms)");
}

/// <summary>
/// One invalid record: where it is (<see cref="Line"/> in a JSON array or NDJSON file, the line its problem is on;
/// <see cref="DocumentId"/> in a TinyDB file), the <see cref="Field"/> at fault when there is one, and what is wrong.
/// </summary>
public sealed record ImportIssue(long Line, string? DocumentId, string? Field, string Message)
{
    /// <summary>"line 12, field 'email'" or "document '7', field 'email'".</summary>
    public string Where =>
        (DocumentId is null ? FormattableString.Invariant($"line {Line:N0}") : $"document '{DocumentId}'")
        + (Field is null ? "" : $", field '{Field}'");

    /// <inheritdoc/>
    public override string ToString() => $"{Where}: {Message}";
}

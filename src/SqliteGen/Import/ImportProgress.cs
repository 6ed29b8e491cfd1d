namespace SqliteGen;

/// <summary>
/// Where a running import is, reported after each committed batch: records read so far, rows inserted,
/// records skipped (duplicates under <see cref="ImportConflictPolicy.Skip"/>) and failed (invalid records
/// left out under <see cref="ImportInvalidPolicy.Skip"/>), input bytes consumed, batches committed.
/// </summary>
public readonly record struct ImportProgress(long Read, long Inserted, long Skipped, long Failed, long Bytes, int Batches);

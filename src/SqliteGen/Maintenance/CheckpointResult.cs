using System;

namespace SqliteGen;

/// <summary>How a WAL checkpoint treats readers and writers (<c>PRAGMA wal_checkpoint(mode)</c>).</summary>
public enum CheckpointMode
{
    /// <summary>Copies what it can without waiting for anyone; never blocks readers or writers.</summary>
    Passive,
    /// <summary>Waits (busy_timeout) for writers, then copies everything readers no longer need.</summary>
    Full,
    /// <summary>Like <see cref="Full"/>, then waits for readers so the next writer starts the WAL from the beginning.</summary>
    Restart,
    /// <summary>Like <see cref="Restart"/>, and truncates the WAL file to zero bytes: gives the disk space back.</summary>
    Truncate,
}

/// <summary>What a WAL checkpoint did.</summary>
public sealed record CheckpointResult
{
    /// <summary>The database file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The mode that ran.</summary>
    public required CheckpointMode Mode { get; init; }

    /// <summary>False when the file is not in WAL mode: there was nothing to checkpoint.</summary>
    public required bool IsWal { get; init; }

    /// <summary>
    /// True when the checkpoint could not finish: another checkpoint was running, or (FULL and stronger)
    /// a writer or reader held on past the busy timeout. What was copied stays copied.
    /// </summary>
    public required bool Busy { get; init; }

    /// <summary>Frames in the WAL when the checkpoint ran.</summary>
    public required long LogFrames { get; init; }

    /// <summary>Frames copied into the database file (all of <see cref="LogFrames"/> when no reader held an older snapshot).</summary>
    public required long CheckpointedFrames { get; init; }

    /// <summary>The WAL file's size before, in bytes.</summary>
    public required long WalBytesBefore { get; init; }

    /// <summary>The WAL file's size after, in bytes (only <see cref="CheckpointMode.Truncate"/> shrinks it).</summary>
    public required long WalBytesAfter { get; init; }

    /// <summary>How long it took.</summary>
    public required TimeSpan Duration { get; init; }
}

using System;

namespace SqliteGen;

/// <summary>Which vacuum to run.</summary>
public enum VacuumKind
{
    /// <summary><c>VACUUM</c>: rebuilds the whole file, defragmented, without free pages. Needs free disk space of about twice the file and holds the write lock throughout.</summary>
    Full,
    /// <summary><c>PRAGMA incremental_vacuum</c>: moves free pages to the end and truncates them away; quick, no rebuild. Only for files with <c>auto_vacuum = INCREMENTAL</c>.</summary>
    Incremental,
}

/// <summary>What a vacuum gave back.</summary>
public sealed record VacuumResult
{
    /// <summary>The database file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The vacuum that ran.</summary>
    public required VacuumKind Kind { get; init; }

    /// <summary>Pages before.</summary>
    public required long PagesBefore { get; init; }

    /// <summary>Pages after.</summary>
    public required long PagesAfter { get; init; }

    /// <summary>Free pages before.</summary>
    public required long FreePagesBefore { get; init; }

    /// <summary>Free pages after.</summary>
    public required long FreePagesAfter { get; init; }

    /// <summary>The page size in bytes.</summary>
    public required long PageSize { get; init; }

    /// <summary>The database file's size on disk before, in bytes.</summary>
    public required long FileBytesBefore { get; init; }

    /// <summary>
    /// The database file's size on disk after, in bytes. In WAL mode the vacuum is checkpointed with
    /// TRUNCATE afterwards so the file really shrinks; a reader that holds an old snapshot can delay that.
    /// </summary>
    public required long FileBytesAfter { get; init; }

    /// <summary>How long it took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Bytes given back: pages removed times the page size.</summary>
    public long BytesReclaimed => (PagesBefore - PagesAfter) * PageSize;
}

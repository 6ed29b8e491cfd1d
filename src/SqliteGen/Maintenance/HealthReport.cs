using System;
using System.Collections.Generic;

namespace SqliteGen;

/// <summary>How thoroughly <see cref="DatabaseMaintenance.CheckHealth"/> checks the file's structure.</summary>
public enum IntegrityCheckKind
{
    /// <summary><c>PRAGMA quick_check</c>: every page and b-tree, without checking that indexes match their tables. O(N).</summary>
    Quick,
    /// <summary><c>PRAGMA integrity_check</c>: also checks every index entry against its row. Slower (O(N log N)).</summary>
    Full,
}

/// <summary>The overall result of a health check.</summary>
public enum HealthVerdict
{
    /// <summary>The structure checked out and no figure crossed a threshold.</summary>
    Ok,
    /// <summary>The structure checked out, but a figure crossed a threshold (see <see cref="HealthReport.Findings"/>).</summary>
    Warning,
    /// <summary>SQLite found damage in the file (see <see cref="HealthReport.IntegrityProblems"/>): restore from a backup.</summary>
    Corrupt,
}

/// <summary>When a health figure becomes a warning. The defaults suit an application database.</summary>
public sealed record HealthThresholds
{
    /// <summary>The defaults.</summary>
    public static HealthThresholds Default { get; } = new();

    /// <summary>Warn when free pages make up more than this share of the file (and at least <see cref="MinReclaimableBytes"/>). Default 0.25.</summary>
    public double MaxFreeRatio { get; init; } = 0.25;

    /// <summary>Free space below this is never worth a warning. Default 1 MiB.</summary>
    public long MinReclaimableBytes { get; init; } = 1L << 20;

    /// <summary>Warn when the WAL file is larger than this: checkpoints are not keeping up (often a long-open reader). Default 64 MiB.</summary>
    public long MaxWalBytes { get; init; } = 64L << 20;

    /// <summary>Warn when more than this share of b-tree pages is out of order (and the file has at least <see cref="MinPagesForFragmentation"/> pages). Default 0.5.</summary>
    public double MaxFragmentation { get; init; } = 0.5;

    /// <summary>Fragmentation of a small file does not matter. Default 1,000 pages.</summary>
    public long MinPagesForFragmentation { get; init; } = 1000;
}

/// <summary>
/// What <see cref="DatabaseMaintenance.CheckHealth"/> found: the verdict and the figures behind it.
/// </summary>
public sealed record HealthReport
{
    /// <summary>The database file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The verdict: <see cref="HealthVerdict.Corrupt"/> when the check found damage, <see cref="HealthVerdict.Warning"/> when a figure crossed a threshold.</summary>
    public required HealthVerdict Verdict { get; init; }

    /// <summary>Which check ran.</summary>
    public required IntegrityCheckKind Check { get; init; }

    /// <summary>SQLite's descriptions of the damage it found, one per line (at most about 100); empty when the check said "ok".</summary>
    public required IReadOnlyList<string> IntegrityProblems { get; init; }

    /// <summary>Why the verdict is a warning, one sentence per figure over its threshold; empty otherwise.</summary>
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary><c>PRAGMA journal_mode</c> (<c>wal</c> for files SqliteGen opened).</summary>
    public required string JournalMode { get; init; }

    /// <summary><c>PRAGMA user_version</c>: the schema version SqliteGen stamps.</summary>
    public required long UserVersion { get; init; }

    /// <summary><c>PRAGMA page_size</c> in bytes.</summary>
    public required long PageSize { get; init; }

    /// <summary><c>PRAGMA page_count</c>: pages in the database (the file, plus what the WAL adds).</summary>
    public required long PageCount { get; init; }

    /// <summary><c>PRAGMA freelist_count</c>: unused pages a vacuum would give back.</summary>
    public required long FreePages { get; init; }

    /// <summary><c>PRAGMA auto_vacuum</c>: <c>none</c>, <c>full</c> or <c>incremental</c>.</summary>
    public required string AutoVacuum { get; init; }

    /// <summary>The database file's size on disk in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>The WAL file's size on disk in bytes (0 when there is none).</summary>
    public required long WalBytes { get; init; }

    /// <summary>
    /// The share of leaf pages (tables and indexes) that do not directly follow the previous leaf of
    /// their b-tree on disk, from 0 to 1: an estimate of how scattered a full scan's reads are (see
    /// <see cref="SpaceReport.Fragmentation"/>). Null when not measured (<see cref="FragmentationNotMeasured"/> says why).
    /// </summary>
    public double? Fragmentation { get; init; }

    /// <summary>Why <see cref="Fragmentation"/> is null: pages still in the WAL, or damage.</summary>
    public string? FragmentationNotMeasured { get; init; }

    /// <summary>How long the check took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Bytes a full vacuum would give back: free pages times the page size.</summary>
    public long FreeBytes => FreePages * PageSize;

    /// <summary>Free pages as a share of all pages, from 0 to 1.</summary>
    public double FreeRatio => PageCount == 0 ? 0 : (double)FreePages / PageCount;
}

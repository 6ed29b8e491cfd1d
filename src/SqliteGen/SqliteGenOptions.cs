using System;
using Microsoft.Extensions.Logging;

namespace SqliteGen;

/// <summary>How hard SQLite works to make each commit durable (<c>PRAGMA synchronous</c>).</summary>
public enum SynchronousMode
{
    /// <summary>No fsync at all: fastest, a power loss can corrupt the file. For throwaway data only.</summary>
    Off = 0,
    /// <summary>WAL + NORMAL: never corrupts; the last commits may roll back after a power loss. The default.</summary>
    Normal = 1,
    /// <summary>
    /// WAL + FULL: every acknowledged write survives a power loss; single-row commits are several times slower. With
    /// group commit, a batch is flushed right after its commit rather than inside it (readers may see it up to one
    /// fsync before it is acknowledged); see docs/RELIABILITY.md.
    /// </summary>
    Full = 2,
}

/// <summary>
/// Connection settings for one database file. Each physical connection is configured once, when the
/// pool opens it; the defaults are what the SqliteGen docs recommend for an application database.
/// </summary>
public sealed record SqliteGenOptions
{
    /// <summary>The defaults.</summary>
    public static SqliteGenOptions Default { get; } = new();

    /// <summary>How many reader connections the pool may open (besides the single writer). Default 4.</summary>
    public int MaxReaders { get; init; } = 4;

    /// <summary>How long SQLite's own busy handler waits for a lock held by another process. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a caller waits for the writer connection (held by another write in this process) before
    /// <see cref="SqliteGenException"/> is thrown. Default 30 s.
    /// </summary>
    public TimeSpan WriterWaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>PRAGMA synchronous</c>. Default <see cref="SynchronousMode.Normal"/>.</summary>
    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Normal;

    /// <summary>Page cache per connection in KiB (<c>PRAGMA cache_size = -n</c>). Default 16 MiB.</summary>
    public int CacheSizeKiB { get; init; } = 16 * 1024;

    /// <summary>Memory-mapped I/O size in bytes (<c>PRAGMA mmap_size</c>); 0 turns it off. Default 256 MiB.</summary>
    public long MmapSizeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The size the WAL file is truncated back to after a checkpoint (<c>PRAGMA journal_size_limit</c>). Default 64 MiB.</summary>
    public long JournalSizeLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary><c>PRAGMA foreign_keys</c>. Default on.</summary>
    public bool ForeignKeys { get; init; } = true;

    /// <summary>
    /// Group commit: single-row writes (<c>Insert</c>, <c>Upsert</c>, <c>Update</c>, <c>Delete</c>,
    /// <c>InsertMany</c>) that arrive while another write runs are queued and committed together in one
    /// transaction; one write's failure undoes only that write. A caller returns
    /// only after its write is committed. Default on; off makes every write its own transaction.
    /// </summary>
    public bool GroupCommit { get; init; } = true;

    /// <summary>
    /// WAL checkpoints on a background connection (<c>PRAGMA wal_checkpoint(PASSIVE)</c>, each time the
    /// writer's commits have added 4,000 frames to the WAL) instead of inside whichever commit crosses SQLite's
    /// 1,000-page mark.
    /// Default on; off restores SQLite's <c>wal_autocheckpoint</c>.
    /// </summary>
    public bool BackgroundCheckpoint { get; init; } = true;

    /// <summary>
    /// The WAL's bound: when a background checkpoint finds the WAL larger than this, the pool holds new reads back for a
    /// moment (they wait, they never fail), lets the reads under way finish, and restarts the WAL with a RESTART
    /// checkpoint; writes wait only for that checkpoint. Without it, readers that never pause keep the WAL from ever
    /// starting again from its beginning and it grows until the disk is full. Readers in other processes are out of the
    /// pool's reach: while one is in the WAL the restart is left to a later checkpoint. Checked at each background
    /// checkpoint (every 4,000 frames, 16 MiB), so the WAL stays below this plus about that much. -1: no bound. Needs
    /// <see cref="BackgroundCheckpoint"/>. Default 64 MiB (docs/design.md, "The WAL bound").
    /// </summary>
    public long WalSizeLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Readers keep their read snapshot (an open read transaction) between reads while nobody, in this process or
    /// another, has committed, and begin a new one only when somebody has: a read then skips SQLite's per-read
    /// locking. The pool tells from the wal-index header in shared memory; idle snapshots are let go on a timer and
    /// around background checkpoints, so the WAL still restarts (docs/design.md, "Read snapshots"). Default off.
    /// </summary>
    public bool ReuseReadSnapshots { get; init; }

    /// <summary>The most queued writes one group commit takes. Default 256.</summary>
    public int MaxGroupCommitBatch { get; init; } = 256;

    /// <summary>
    /// How the generated <c>Open</c> migrates an older file: by default a path with a step that drops data is
    /// refused before any change (set <see cref="MigrationOptions.AllowDataLoss"/> to apply it).
    /// </summary>
    public MigrationOptions Migrations { get; init; } = MigrationOptions.Default;

    /// <summary>
    /// The folder of the tenant files (one <c>&lt;tenant id&gt;.db</c> each) of a database with tenant-scoped
    /// tables. Default: a <c>tenants</c> folder beside the base file.
    /// </summary>
    public string? TenantFolder { get; init; }

    /// <summary>How many tenant files stay open at once (least recently used ones close first). Default 64.</summary>
    public int MaxOpenTenants { get; init; } = 64;

    /// <summary>
    /// Which implementation vector search uses (<see cref="VectorBackend.Auto"/>: sqlite-vec when it loads, else the
    /// resident exact index). See docs/vectors.md.
    /// </summary>
    public VectorBackend VectorBackend { get; init; } = VectorBackend.Auto;

    /// <summary>
    /// The sqlite-vec extension file (<c>vec0.so</c>); null looks for <see cref="SqliteVec.FileName"/> beside the
    /// application. Loaded into a connection the first time a vector search runs on it.
    /// </summary>
    public string? SqliteVecPath { get; init; }

    /// <summary>
    /// With <see cref="VectorBackend.Quantized"/>: candidates re-ranked exactly per result asked for (more: better recall,
    /// slower). Default <see cref="BinaryQuantizedIndex.DefaultOversample"/> (20).
    /// </summary>
    public int QuantizedOversample { get; init; } = BinaryQuantizedIndex.DefaultOversample;

    /// <summary>How <c>HybridSearch</c> fuses its two rankings. Default <see cref="HybridSearchOptions.Default"/>.</summary>
    public HybridSearchOptions HybridSearch { get; init; } = HybridSearchOptions.Default;

    /// <summary>
    /// Scheduled maintenance while the database is open: a TRUNCATE checkpoint when the WAL grows past a bound and an
    /// incremental vacuum when free pages pass one, checked on a timer (<see cref="MaintenanceSchedule"/>). Default
    /// null: off. With a schedule that vacuums, a new file is created with <c>auto_vacuum = INCREMENTAL</c>.
    /// </summary>
    public MaintenanceSchedule? Maintenance { get; init; }

    /// <summary>
    /// Where SqliteGen logs what an operator wants to know (file opened or created, migrations, maintenance runs,
    /// busy waits, tenant files, the vector backend), under the categories <c>SqliteGen.Pool</c>,
    /// <c>SqliteGen.Migrations</c>, <c>SqliteGen.Maintenance</c>, <c>SqliteGen.Tenancy</c> and <c>SqliteGen.Vectors</c>.
    /// Nothing is logged per statement. Default null: no logging.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>What plugs into each pool opened with these options (<see cref="Runtime.IPoolFeature"/>): the maintenance schedule, when set.</summary>
    internal Runtime.IPoolFeature[] PoolFeatures() => Maintenance is { } schedule ? [new ScheduledMaintenance(schedule)] : [];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    internal void Validate()
    {
        if (MaxReaders < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxReaders), MaxReaders, "MaxReaders must be at least 1.");
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "BusyTimeout must be between 0 and int.MaxValue milliseconds.");
        if (WriterWaitTimeout < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(WriterWaitTimeout), WriterWaitTimeout, "WriterWaitTimeout cannot be negative.");
        if (MaxGroupCommitBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxGroupCommitBatch), MaxGroupCommitBatch, "MaxGroupCommitBatch must be at least 1.");
        if (MaxOpenTenants < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxOpenTenants), MaxOpenTenants, "MaxOpenTenants must be at least 1.");
        if (CacheSizeKiB < 0)
            throw new ArgumentOutOfRangeException(nameof(CacheSizeKiB), CacheSizeKiB, "CacheSizeKiB cannot be negative.");
        if (MmapSizeBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MmapSizeBytes), MmapSizeBytes, "MmapSizeBytes cannot be negative.");
        if (QuantizedOversample < 1)
            throw new ArgumentOutOfRangeException(nameof(QuantizedOversample), QuantizedOversample, "QuantizedOversample must be at least 1.");
        Maintenance?.Validate();
        ArgumentNullException.ThrowIfNull(HybridSearch);
        HybridSearch.Validate();
        if (WalSizeLimitBytes < -1)
            throw new ArgumentOutOfRangeException(nameof(WalSizeLimitBytes), WalSizeLimitBytes, "WalSizeLimitBytes must be -1 (no bound) or more.");
        if (JournalSizeLimitBytes < -1)
            throw new ArgumentOutOfRangeException(nameof(JournalSizeLimitBytes), JournalSizeLimitBytes, "JournalSizeLimitBytes must be -1 (no limit) or more.");
    }
}

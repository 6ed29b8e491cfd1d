using System;

namespace SqliteGen;

/// <summary>
/// Scheduled maintenance for an open database (<see cref="SqliteGenOptions.Maintenance"/>): every
/// <see cref="Interval"/> the pool looks at the WAL file and the free pages and, through its own writer (so the work
/// queues behind this process's writes instead of meeting <c>SQLITE_BUSY</c>), runs
/// a <c>TRUNCATE</c> checkpoint when the WAL has grown past <see cref="WalCheckpointBytes"/>, and an incremental
/// vacuum when the free pages exceed <see cref="FreelistVacuumBytes"/>. Each run is recorded in
/// <see cref="DatabaseMaintenance.RecentRuns"/>, on the meter and in the log. Checks that find nothing to do cost two
/// pragmas on a reader and a file-size read.
/// </summary>
public sealed record MaintenanceSchedule
{
    /// <summary>The defaults: a check every minute, bounds of 16 MiB.</summary>
    public static MaintenanceSchedule Default { get; } = new();

    /// <summary>How often the pool checks. Default 1 minute; the first check comes one interval after opening.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A WAL file larger than this gets a <c>TRUNCATE</c> checkpoint (copied back into the database and cut to
    /// 0 bytes), giving the disk space back. The pool's background checkpointer keeps copying the WAL with PASSIVE
    /// checkpoints as writes commit, but those never shrink the file; this does. 0 or less turns it off. Default 16 MiB.
    /// </summary>
    public long WalCheckpointBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Free pages taking more than this many bytes get an incremental vacuum (<c>PRAGMA incremental_vacuum</c>),
    /// which truncates them off the file. Needs <c>auto_vacuum = INCREMENTAL</c>: with a schedule that vacuums, a new
    /// database file is created with it; an existing file without it is left alone (one log line says so, and
    /// the check is recorded as <c>skipped</c>) until a full vacuum after <c>PRAGMA auto_vacuum = INCREMENTAL</c>
    /// switches it on. 0 or less turns it off. Default 16 MiB.
    /// </summary>
    public long FreelistVacuumBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>True when the schedule may vacuum (new files are then created with <c>auto_vacuum = INCREMENTAL</c>).</summary>
    internal bool Vacuums => FreelistVacuumBytes > 0;

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero || Interval.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "MaintenanceSchedule.Interval must be positive (and under 24 days).");
    }
}

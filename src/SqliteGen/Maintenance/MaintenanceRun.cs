using System;

namespace SqliteGen;

/// <summary>
/// One maintenance run through a database's pool (<see cref="DatabaseMaintenance.RecentRuns"/>): a scheduled one
/// (<see cref="MaintenanceSchedule"/>) or one an application asked for through <c>db.Maintenance</c>.
/// </summary>
public sealed record MaintenanceRun
{
    /// <summary><c>health</c>, <c>space</c>, <c>checkpoint</c>, <c>vacuum</c>, <c>incremental_vacuum</c> or <c>backup</c>.</summary>
    public required string Kind { get; init; }

    /// <summary><c>ok</c>, <c>warning</c>, <c>corrupt</c>, <c>busy</c>, <c>not_measured</c>, <c>canceled</c>, <c>error</c>, or <c>skipped</c> (a scheduled vacuum on a file without <c>auto_vacuum = INCREMENTAL</c>).</summary>
    public required string Outcome { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Why a scheduled run ran (e.g. <c>WAL 20,971,520 bytes over the 16,777,216-byte bound</c>); null for one the application asked for.</summary>
    public string? ScheduledBecause { get; init; }

    /// <summary>True for runs started by the <see cref="MaintenanceSchedule"/>.</summary>
    public bool Scheduled => ScheduledBecause is not null;

    /// <summary>The checkpoint's figures, for a checkpoint.</summary>
    public CheckpointResult? Checkpoint { get; init; }

    /// <summary>The vacuum's figures, for a vacuum.</summary>
    public VacuumResult? Vacuum { get; init; }

    /// <summary>The error's message when the run failed.</summary>
    public string? Error { get; init; }
}

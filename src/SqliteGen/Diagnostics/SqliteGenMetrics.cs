using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SqliteGen.Runtime;

/// <summary>
/// SqliteGen's instruments, on the <c>System.Diagnostics.Metrics</c> meter named <see cref="MeterName"/>.
/// Recording checks <c>Enabled</c> first, so with no listener the cost is one field read.
/// </summary>
public static class SqliteGenMetrics
{
    /// <summary>The meter's name, for <c>MeterListener</c>s and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "SqliteGen";

    private static readonly Meter s_meter = new(MeterName, typeof(SqliteGenMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// <c>sqlitegen.group_commit.size</c>: how many callers' writes one group commit transaction carried
    /// (recorded only for batches of two or more; a lone write commits on its own). Tag <c>db.file</c>.
    /// </summary>
    internal static readonly Histogram<int> GroupCommitSize =
        s_meter.CreateHistogram<int>("sqlitegen.group_commit.size", "{write}", "Writes committed together in one group commit transaction.");

    internal static void RecordGroupCommit(string filePath, int writes)
    {
        if (GroupCommitSize.Enabled)
            GroupCommitSize.Record(writes, new KeyValuePair<string, object?>("db.file", filePath));
    }

    /// <summary>
    /// <c>sqlitegen.maintenance.runs</c>: health checks, checkpoints, vacuums and backups run through
    /// <see cref="DatabaseMaintenance"/>. Tags <c>db.file</c>, <c>sqlitegen.maintenance.kind</c>
    /// (<c>health</c>, <c>space</c>, <c>checkpoint</c>, <c>vacuum</c>, <c>incremental_vacuum</c>, <c>backup</c>) and
    /// <c>sqlitegen.maintenance.outcome</c> (<c>ok</c>, <c>warning</c>, <c>corrupt</c>, <c>busy</c>, <c>not_measured</c>, <c>canceled</c>, <c>error</c>).
    /// </summary>
    internal static readonly Counter<long> MaintenanceRuns =
        s_meter.CreateCounter<long>("sqlitegen.maintenance.runs", "{run}", "Maintenance runs by kind and outcome.");

    /// <summary><c>sqlitegen.maintenance.duration</c>: how long each maintenance run took, in seconds; same tags as the runs.</summary>
    internal static readonly Histogram<double> MaintenanceDuration =
        s_meter.CreateHistogram<double>("sqlitegen.maintenance.duration", "s", "Duration of maintenance runs.");

    internal static void RecordMaintenance(string filePath, string kind, string outcome, TimeSpan duration)
    {
        if (!MaintenanceRuns.Enabled && !MaintenanceDuration.Enabled)
            return;
        var tags = new TagList
        {
            { "db.file", filePath },
            { "sqlitegen.maintenance.kind", kind },
            { "sqlitegen.maintenance.outcome", outcome },
        };
        MaintenanceRuns.Add(1, tags);
        MaintenanceDuration.Record(duration.TotalSeconds, tags);
    }
}

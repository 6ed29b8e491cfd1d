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

    /// <summary>
    /// <c>sqlitegen.pool.wait</c>: how long a caller waited for a connection, in seconds. Recorded only when the caller
    /// had to wait (every reader busy, or the writer held by another write or transaction); an uncontended rent records
    /// nothing, so the count is the number of waits. A write queued for group commit records its time in the queue
    /// (from queuing to the start of its batch). Tags <c>db.file</c>, <c>sqlitegen.pool.connection</c> (<c>reader</c>, <c>writer</c>).
    /// </summary>
    internal static readonly Histogram<double> PoolWait =
        s_meter.CreateHistogram<double>("sqlitegen.pool.wait", "s", "Time callers waited for a pooled connection.");

    internal static void RecordPoolWait(string filePath, string connection, long startedTimestamp)
    {
        var tags = new TagList
        {
            { "db.file", filePath },
            { "sqlitegen.pool.connection", connection },
        };
        PoolWait.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>
    /// <c>sqlitegen.statement.duration</c>: how long each generated statement ran, in seconds, from renting it on a
    /// connection to its reset (for a query read row by row, such as <c>All()</c>, that includes the caller's time
    /// between rows). Tags <c>db.file</c>, <c>db.query.text</c> (the statement's SQL: the generated statements are a fixed set).
    /// </summary>
    internal static readonly Histogram<double> StatementDuration =
        s_meter.CreateHistogram<double>("sqlitegen.statement.duration", "s", "Duration of generated statements.");

    internal static void RecordStatement(string filePath, string sql, long startedTimestamp)
    {
        var tags = new TagList
        {
            { "db.file", filePath },
            { "db.query.text", sql },
        };
        StatementDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>
    /// <c>sqlitegen.vector.search.duration</c>: how long a <c>Nearest</c> search by the resident exact index took, in
    /// seconds (the scan, a rebuild of the index when the table changed, and reading the k rows). A search through
    /// sqlite-vec is one SQL statement and shows under <c>sqlitegen.statement.duration</c>. Tags <c>db.file</c>,
    /// <c>sqlitegen.vector.column</c> (<c>table.column</c>), <c>sqlitegen.vector.backend</c> (<c>exact</c>).
    /// </summary>
    internal static readonly Histogram<double> VectorSearchDuration =
        s_meter.CreateHistogram<double>("sqlitegen.vector.search.duration", "s", "Duration of vector searches.");

    internal static void RecordVectorSearch(string filePath, string column, string backend, long startedTimestamp)
    {
        var tags = new TagList
        {
            { "db.file", filePath },
            { "sqlitegen.vector.column", column },
            { "sqlitegen.vector.backend", backend },
        };
        VectorSearchDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>
    /// <c>sqlitegen.group_commit.queued</c> (observable up-down counter): writes waiting in each open pool's group-commit
    /// queue when the listener collects. Costs nothing between collections. Tag <c>db.file</c>.
    /// </summary>
    private static readonly List<SqliteConnectionPool> s_openPools = new();

    private static readonly ObservableUpDownCounter<int> QueuedWrites =
        s_meter.CreateObservableUpDownCounter("sqlitegen.group_commit.queued", ObserveQueuedWrites, "{write}", "Writes waiting for the next group commit.");

    internal static void PoolOpened(SqliteConnectionPool pool)
    {
        _ = QueuedWrites; // read here so the field counts as used; it is created with the meter's other instruments
        lock (s_openPools)
            s_openPools.Add(pool);
    }

    internal static void PoolClosed(SqliteConnectionPool pool)
    {
        lock (s_openPools)
            s_openPools.Remove(pool);
    }

    private static IEnumerable<Measurement<int>> ObserveQueuedWrites()
    {
        SqliteConnectionPool[] pools;
        lock (s_openPools)
            pools = s_openPools.ToArray();
        var measurements = new List<Measurement<int>>(pools.Length);
        foreach (SqliteConnectionPool pool in pools)
            measurements.Add(new Measurement<int>(pool.QueuedWrites, new KeyValuePair<string, object?>("db.file", pool.FilePath)));
        return measurements;
    }

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

using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SqliteGen.Runtime;

/// <summary>
/// The loggers of one database file, one category per area so that an operator can turn each up or down
/// (<c>SqliteGen.Pool</c>, <c>SqliteGen.Migrations</c>, <c>SqliteGen.Maintenance</c>, <c>SqliteGen.Tenancy</c>,
/// <c>SqliteGen.Vectors</c>), from <see cref="SqliteGenOptions.LoggerFactory"/>. Without a factory every logger is
/// <see cref="NullLogger"/>, whose <c>IsEnabled</c> is false: a log call is one interface call and no formatting.
/// Nothing is logged per statement; the events are opens, migrations, maintenance runs, busy waits, tenant files
/// and the vector backend.
/// </summary>
internal sealed class SqliteGenLog
{
    /// <summary>No logging (no <see cref="SqliteGenOptions.LoggerFactory"/>).</summary>
    public static SqliteGenLog None { get; } = new(NullLoggerFactory.Instance);

    private SqliteGenLog(ILoggerFactory factory)
    {
        Pool = factory.CreateLogger("SqliteGen.Pool");
        Migrations = factory.CreateLogger("SqliteGen.Migrations");
        Maintenance = factory.CreateLogger("SqliteGen.Maintenance");
        Tenancy = factory.CreateLogger("SqliteGen.Tenancy");
        Vectors = factory.CreateLogger("SqliteGen.Vectors");
    }

    /// <summary>The loggers for <paramref name="factory"/>; <see cref="None"/> when it is null.</summary>
    public static SqliteGenLog For(ILoggerFactory? factory) => factory is null ? None : new SqliteGenLog(factory);

    public ILogger Pool { get; }

    public ILogger Migrations { get; }

    public ILogger Maintenance { get; }

    public ILogger Tenancy { get; }

    public ILogger Vectors { get; }
}

/// <summary>
/// SqliteGen's log events, as <c>[LoggerMessage]</c> methods: the source generator writes each one with an
/// <c>IsEnabled</c> check first and no boxing or reflection (trim- and NativeAOT-safe). Event ids by area:
/// 1xx pool, 2xx migrations, 3xx maintenance, 4xx tenancy, 5xx vectors.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "DatabaseOpened", Level = LogLevel.Information,
        Message = "Opened {File} ({How}; SQLite {SqliteVersion}, journal_mode WAL, synchronous {Synchronous}, busy_timeout {BusyTimeoutMs} ms, up to {MaxReaders} readers)")]
    public static partial void DatabaseOpened(ILogger logger, string file, string how, string sqliteVersion, SynchronousMode synchronous, long busyTimeoutMs, int maxReaders);

    [LoggerMessage(EventId = 102, EventName = "DatabaseClosed", Level = LogLevel.Debug, Message = "Closed {File}")]
    public static partial void DatabaseClosed(ILogger logger, string file);

    [LoggerMessage(EventId = 110, EventName = "WriterWaitTimedOut", Level = LogLevel.Warning,
        Message = "Waited {WaitSeconds} s for the writer of {File} without getting it: a write transaction is being held open")]
    public static partial void WriterWaitTimedOut(ILogger logger, string file, double waitSeconds);

    [LoggerMessage(EventId = 111, EventName = "WriteLockBusy", Level = LogLevel.Warning,
        Message = "Could not begin a write transaction on {File}: another connection or process held the write lock past the busy timeout")]
    public static partial void WriteLockBusy(ILogger logger, string file);

    [LoggerMessage(EventId = 120, EventName = "BackgroundCheckpointFailed", Level = LogLevel.Debug,
        Message = "Background checkpoint of {File} failed; the frames stay in the WAL for the next one")]
    public static partial void BackgroundCheckpointFailed(ILogger logger, string file, Exception error);

    [LoggerMessage(EventId = 201, EventName = "SchemaCreated", Level = LogLevel.Information,
        Message = "Created the {Database} schema at version {Version} in {File}")]
    public static partial void SchemaCreated(ILogger logger, string database, int version, string file);

    [LoggerMessage(EventId = 202, EventName = "SchemaUpToDate", Level = LogLevel.Debug,
        Message = "{File} is at version {Version} of {Database}, the latest; history checked")]
    public static partial void SchemaUpToDate(ILogger logger, string file, int version, string database);

    [LoggerMessage(EventId = 203, EventName = "MigrationStepApplied", Level = LogLevel.Information,
        Message = "Migrated {File} ({Database}) from version {FromVersion} to {ToVersion} in {ElapsedMs} ms")]
    public static partial void MigrationStepApplied(ILogger logger, string file, string database, int fromVersion, int toVersion, long elapsedMs);

    [LoggerMessage(EventId = 301, EventName = "MaintenanceRun", Level = LogLevel.Information,
        Message = "Maintenance {Kind} on {File}: {Outcome} in {ElapsedMs} ms{Details}")]
    public static partial void MaintenanceRun(ILogger logger, string kind, string file, string outcome, long elapsedMs, string details);

    [LoggerMessage(EventId = 302, EventName = "MaintenanceCheck", Level = LogLevel.Debug,
        Message = "Maintenance {Kind} on {File}: {Outcome} in {ElapsedMs} ms")]
    public static partial void MaintenanceCheck(ILogger logger, string kind, string file, string outcome, long elapsedMs);

    [LoggerMessage(EventId = 303, EventName = "MaintenanceProblem", Level = LogLevel.Warning,
        Message = "Maintenance {Kind} on {File}: {Outcome} after {ElapsedMs} ms")]
    public static partial void MaintenanceProblem(ILogger logger, string kind, string file, string outcome, long elapsedMs, Exception? error);

    [LoggerMessage(EventId = 310, EventName = "ScheduledMaintenanceFailed", Level = LogLevel.Warning,
        Message = "Scheduled maintenance of {File} failed; the next check tries again")]
    public static partial void ScheduledMaintenanceFailed(ILogger logger, string file, Exception error);

    [LoggerMessage(EventId = 311, EventName = "ScheduledVacuumSkipped", Level = LogLevel.Information,
        Message = "Scheduled incremental vacuum of {File} skipped ({Because}): its auto_vacuum is not INCREMENTAL. Set PRAGMA auto_vacuum = INCREMENTAL and run a full vacuum once to allow it (said once per open)")]
    public static partial void ScheduledVacuumSkipped(ILogger logger, string file, string because);

    [LoggerMessage(EventId = 401, EventName = "TenantOpened", Level = LogLevel.Information,
        Message = "Opened tenant {TenantId} of {Database}: {File} ({How})")]
    public static partial void TenantOpened(ILogger logger, string tenantId, string database, string file, string how);

    [LoggerMessage(EventId = 402, EventName = "TenantEvicted", Level = LogLevel.Debug,
        Message = "Closed tenant file {File}: least recently used beyond the {Capacity} open tenants allowed")]
    public static partial void TenantEvicted(ILogger logger, string file, int capacity);

    [LoggerMessage(EventId = 501, EventName = "SqliteVecLoaded", Level = LogLevel.Information,
        Message = "Vector search on {File} uses sqlite-vec {Version} from {Path}")]
    public static partial void SqliteVecLoaded(ILogger logger, string file, string version, string path);

    [LoggerMessage(EventId = 502, EventName = "ExactVectorFallback", Level = LogLevel.Information,
        Message = "Vector search on {File} uses the exact in-memory index: {Reason}")]
    public static partial void ExactVectorFallback(ILogger logger, string file, string reason);
}

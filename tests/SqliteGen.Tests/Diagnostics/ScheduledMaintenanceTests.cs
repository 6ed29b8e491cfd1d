using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Diagnostics;

/// <summary>
/// <see cref="SqliteGenOptions.Maintenance"/> on real files with a short interval: the runs happen, are recorded in
/// <c>db.Maintenance.RecentRuns</c> and logged, and do what they say (the WAL file is cut, free pages go back).
/// Every wait polls with a generous timeout; nothing depends on how fast the machine is.
/// </summary>
public sealed class ScheduledMaintenanceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => _folder.Dispose();

    private static Counter[] Rows(int count, int noteLength) =>
        Enumerable.Range(1, count).Select(i => new Counter(1, i, new string('x', noteLength))).ToArray();

    private static MaintenanceRun WaitForRun(TypesDb db, Func<MaintenanceRun, bool> match)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (db.Maintenance.RecentRuns.FirstOrDefault(match) is { } run)
                return run;
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"No matching maintenance run within {Patience.TotalSeconds} s; runs: {string.Join("; ", db.Maintenance.RecentRuns)}");
    }

    [Fact]
    public void A_WAL_past_its_bound_gets_a_truncate_checkpoint_that_is_recorded_and_logged()
    {
        var schedule = new MaintenanceSchedule { Interval = TimeSpan.FromMilliseconds(100), WalCheckpointBytes = 64 * 1024, FreelistVacuumBytes = 0 };
        using TypesDb db = TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { Maintenance = schedule, LoggerFactory = _logs });
        db.Counters.InsertMany(Rows(2_000, 200)); // one transaction: ~500 KB of WAL

        MaintenanceRun run = WaitForRun(db, r => r.Kind == "checkpoint" && r.Scheduled);
        Assert.Equal("ok", run.Outcome);
        Assert.NotNull(run.Checkpoint);
        Assert.Equal(CheckpointMode.Truncate, run.Checkpoint!.Mode);
        Assert.True(run.Checkpoint.WalBytesBefore > 64 * 1024, $"WAL before: {run.Checkpoint.WalBytesBefore}");
        Assert.Equal(0, run.Checkpoint.WalBytesAfter);
        Assert.Contains("over the 65,536-byte bound", run.ScheduledBecause, StringComparison.Ordinal);
        Assert.NotNull(db.Maintenance.LastScheduledCheck);
        Assert.Equal(2_000, db.Counters.Count()); // nothing lost
        // The maintenance thread records the run, then logs it: wait for the entry as for the run.
        var clock = Stopwatch.StartNew();
        while (!_logs.Named("MaintenanceRun").Any(e => e.Message.Contains("scheduled: WAL", StringComparison.Ordinal)) && clock.Elapsed < Patience)
            Thread.Sleep(50);
        Assert.Contains(_logs.Named("MaintenanceRun"), e => e.Message.Contains("scheduled: WAL", StringComparison.Ordinal));
    }

    [Fact]
    public void Free_pages_past_their_bound_get_an_incremental_vacuum_on_a_new_file()
    {
        var schedule = new MaintenanceSchedule { Interval = TimeSpan.FromMilliseconds(100), WalCheckpointBytes = 0, FreelistVacuumBytes = 64 * 1024 };
        using TypesDb db = TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { Maintenance = schedule });
        Assert.Equal("incremental", db.Maintenance.CheckHealth().AutoVacuum); // the schedule vacuums: a new file is made for it
        db.Counters.InsertMany(Rows(2_000, 500));
        using (TypesDb.WriteTransaction transaction = db.BeginWrite())
        {
            for (int i = 1; i <= 2_000; i++)
                transaction.Counters.Delete(1, i);
            transaction.Commit();
        }

        MaintenanceRun run = WaitForRun(db, r => r.Kind == "incremental_vacuum" && r.Scheduled);
        Assert.Equal("ok", run.Outcome);
        Assert.True(run.Vacuum!.BytesReclaimed > 64 * 1024, $"reclaimed {run.Vacuum.BytesReclaimed}");
        Assert.Contains("free pages", run.ScheduledBecause, StringComparison.Ordinal);
        Assert.Equal(0, db.Counters.Count());
    }

    [Fact]
    public void On_a_file_without_incremental_auto_vacuum_the_vacuum_is_skipped_recorded_and_said_once()
    {
        string path = _folder.File();
        using (TypesDb db = TypesDb.Open(path))
        {
            db.Counters.InsertMany(Rows(1_000, 500));
            using TypesDb.WriteTransaction transaction = db.BeginWrite();
            for (int i = 1; i <= 1_000; i++)
                transaction.Counters.Delete(1, i);
            transaction.Commit();
        }

        var schedule = new MaintenanceSchedule { Interval = TimeSpan.FromMilliseconds(50), FreelistVacuumBytes = 64 * 1024 };
        using (TypesDb db = TypesDb.Open(path, SqliteGenOptions.Default with { Maintenance = schedule, LoggerFactory = _logs }))
        {
            MaintenanceRun skipped = WaitForRun(db, r => r.Outcome == "skipped");
            Assert.Equal("incremental_vacuum", skipped.Kind);
            WaitForRun(db, r => r.Outcome == "skipped" && r.StartedAt > skipped.StartedAt); // a later check skips again...
            Assert.Equal("none", db.Maintenance.CheckHealth().AutoVacuum); // ...and the file is left as it was
        }
        Assert.Single(_logs.Named("ScheduledVacuumSkipped")); // ...but says so once
    }

    [Fact]
    public void Runs_the_application_asks_for_are_recorded_too_and_a_bad_interval_is_refused()
    {
        using (TypesDb db = TypesDb.Open(_folder.File()))
        {
            db.Maintenance.Checkpoint();
            MaintenanceRun run = Assert.Single(db.Maintenance.RecentRuns);
            Assert.Equal("checkpoint", run.Kind);
            Assert.False(run.Scheduled);
            Assert.Null(db.Maintenance.LastScheduledCheck);
        }
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TypesDb.Open(_folder.File("other.db"), SqliteGenOptions.Default with { Maintenance = new MaintenanceSchedule { Interval = TimeSpan.Zero } }));
        Assert.Equal("Interval", error.ParamName);
        Assert.False(File.Exists(_folder.File("other.db")));
    }
}

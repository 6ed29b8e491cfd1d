using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// Runs a pool's <see cref="MaintenanceSchedule"/>: a timer tick every <see cref="MaintenanceSchedule.Interval"/>
/// (never two at once) reads the WAL file's size and the free pages, and runs a TRUNCATE checkpoint or an incremental
/// vacuum through <see cref="DatabaseMaintenance"/> on the pool when a bound is passed.
/// </summary>
/// <remarks>
/// It works with the pool's <see cref="BackgroundCheckpointer"/> rather than beside it: that one runs short PASSIVE
/// checkpoints on its own connection while writes commit (keeping commits cheap), which copy the WAL back but never
/// shrink the file; this one runs rarely, on the writer (so it queues behind this process's writes), and cuts the
/// WAL to 0 bytes. A TRUNCATE that finds a PASSIVE holding the checkpoint lock retries for up to 2 s
/// (<see cref="DatabaseMaintenance.Checkpoint"/>), and a busy outcome is recorded like any other.
/// </remarks>
internal sealed class MaintenanceScheduler : IDisposable
{
    private readonly SqliteConnectionPool _pool;
    private readonly MaintenanceSchedule _schedule;
    private readonly Timer _timer;
    private int _running;
    private int _toldNoAutoVacuum;

    public MaintenanceScheduler(SqliteConnectionPool pool, MaintenanceSchedule schedule)
    {
        _pool = pool;
        _schedule = schedule;
        // The timer must not carry the opener's async-locals (a write transaction's state) into its ticks.
        using (ExecutionContext.SuppressFlow())
            _timer = new Timer(static state => ((MaintenanceScheduler)state!).Tick(), this, schedule.Interval, schedule.Interval);
    }

    private void Tick()
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            return; // the previous run is still going (a long vacuum): skip this tick
        try
        {
            RunChecks();
        }
        catch (Exception error)
        {
            // The run itself is already recorded (outcome error) by DatabaseMaintenance; a closed pool ends quietly.
            if (error is not ObjectDisposedException)
                Log.ScheduledMaintenanceFailed(_pool.Log.Maintenance, _pool.FilePath, error);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>One check: the WAL bound, then the free-page bound.</summary>
    internal void RunChecks()
    {
        MaintenanceHistory.Of(_pool).NoteScheduledCheck(DateTimeOffset.UtcNow);
        if (_schedule.WalCheckpointBytes > 0)
        {
            long wal = FileLength(_pool.FilePath + "-wal");
            if (wal > _schedule.WalCheckpointBytes)
            {
                string because = Invariant($"WAL {wal:N0} bytes over the {_schedule.WalCheckpointBytes:N0}-byte bound");
                DatabaseMaintenance.ForSchedule(_pool, because).Checkpoint(CheckpointMode.Truncate);
            }
        }
        if (_schedule.FreelistVacuumBytes > 0)
        {
            long freePages, pageSize, autoVacuum;
            using (ConnectionLease reader = _pool.RentReader())
            {
                freePages = Number(reader.Connection, "PRAGMA freelist_count");
                pageSize = Number(reader.Connection, "PRAGMA page_size");
                autoVacuum = Number(reader.Connection, "PRAGMA auto_vacuum");
            }
            long freeBytes = freePages * pageSize;
            if (freeBytes <= _schedule.FreelistVacuumBytes)
                return;
            string because = Invariant($"{freePages:N0} free pages ({freeBytes:N0} bytes) over the {_schedule.FreelistVacuumBytes:N0}-byte bound");
            if (autoVacuum == 2) // INCREMENTAL
            {
                DatabaseMaintenance.ForSchedule(_pool, because).Vacuum(VacuumKind.Incremental);
                return;
            }
            MaintenanceHistory.Of(_pool).Add(new MaintenanceRun
            {
                Kind = "incremental_vacuum",
                Outcome = "skipped",
                StartedAt = DateTimeOffset.UtcNow,
                Duration = TimeSpan.Zero,
                ScheduledBecause = because,
                Error = "auto_vacuum is not INCREMENTAL",
            });
            if (Interlocked.Exchange(ref _toldNoAutoVacuum, 1) == 0)
                Log.ScheduledVacuumSkipped(_pool.Log.Maintenance, _pool.FilePath, because);
        }
    }

    private static long Number(PooledConnection connection, string sql) =>
        Convert.ToInt64(connection.ExecuteScalar(sql), CultureInfo.InvariantCulture);

    private static long FileLength(string path)
    {
        try
        {
            return new FileInfo(path).Exists ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stops the timer and waits for a run in progress to finish.</summary>
    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        if (_timer.Dispose(stopped))
            stopped.WaitOne();
    }
}

using System;
using System.Globalization;
using SqliteGen.Runtime;

namespace SqliteGen;

/// <summary>
/// How a <see cref="MaintenanceSchedule"/> plugs into each pool opened with it: a new file gets
/// <c>auto_vacuum = INCREMENTAL</c> when the schedule vacuums, and the pool gets a <see cref="MaintenanceScheduler"/>,
/// which closes with it.
/// </summary>
internal sealed class ScheduledMaintenance : IPoolFeature
{
    private readonly MaintenanceSchedule _schedule;

    public ScheduledMaintenance(MaintenanceSchedule schedule) => _schedule = schedule;

    /// <summary>A schedule that vacuums needs <c>auto_vacuum = INCREMENTAL</c>, which only a file with no pages yet can take.</summary>
    public void ConfigureWriter(PooledConnection writer)
    {
        if (_schedule.Vacuums && Convert.ToInt64(writer.ExecuteScalar("PRAGMA page_count"), CultureInfo.InvariantCulture) == 0)
            writer.ExecuteNonQuery("PRAGMA auto_vacuum = 2"); // INCREMENTAL
    }

    public void Attach(SqliteConnectionPool pool)
    {
        MaintenanceSchedule schedule = _schedule;
        pool.Attachment(p => new MaintenanceScheduler(p, schedule));
    }
}

using System;
using System.Collections.Generic;
using SqliteGen.Runtime;

namespace SqliteGen;

/// <summary>The last maintenance runs of one pool (a bounded ring, oldest dropped first), safe to use from any thread.</summary>
internal sealed class MaintenanceHistory
{
    /// <summary>How many runs are kept.</summary>
    public const int Capacity = 64;

    private readonly Queue<MaintenanceRun> _runs = new();

    /// <summary>The history of <paramref name="pool"/>, kept beside it (<see cref="SqliteConnectionPool.Attachment{T}"/>).</summary>
    public static MaintenanceHistory Of(SqliteConnectionPool pool) => pool.Attachment(static _ => new MaintenanceHistory());

    /// <summary>When the schedule last looked at the file (whether or not it ran anything); null before the first check.</summary>
    public DateTimeOffset? LastScheduledCheck { get; private set; }

    public void Add(MaintenanceRun run)
    {
        lock (_runs)
        {
            if (_runs.Count == Capacity)
                _runs.Dequeue();
            _runs.Enqueue(run);
        }
    }

    public void NoteScheduledCheck(DateTimeOffset at)
    {
        lock (_runs)
            LastScheduledCheck = at;
    }

    /// <summary>The runs kept, oldest first.</summary>
    public IReadOnlyList<MaintenanceRun> Snapshot()
    {
        lock (_runs)
            return _runs.ToArray();
    }
}

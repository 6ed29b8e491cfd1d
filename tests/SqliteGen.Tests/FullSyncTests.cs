using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// synchronous=FULL with group commit (WalFileSync): a batch commits without an fsync inside the commit, and its writes
/// are acknowledged only after the WAL has been flushed, while the next batch may already run.
/// </summary>
public sealed class FullSyncTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SqliteConnectionPool _pool;
    private readonly TypesDb.CountersTable _counters;

    public FullSyncTests()
    {
        _pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { Synchronous = SynchronousMode.Full });
        Migrator.MigrateToLatest(_pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        _counters = new TypesDb.CountersTable(_pool);
    }

    public void Dispose()
    {
        _pool.Dispose();
        _folder.Dispose();
    }

    private long WriterSynchronous()
    {
        using ConnectionLease lease = _pool.RentWriter();
        return Convert.ToInt64(lease.Connection.ExecuteScalar("PRAGMA synchronous"), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_batch_is_acknowledged_only_after_the_WAL_is_flushed()
    {
        WalFileSync sync = Assert.IsType<WalFileSync>(_pool.WalSync);
        IDisposable flushes = sync.HoldFlushes();
        try
        {
            // Hold the writer so that the writes queue, then let them run as one batch.
            var writerHeld = new TaskCompletionSource();
            var letGo = new TaskCompletionSource();
            Task holder = Task.Factory.StartNew(() =>
            {
                using WriteTransaction transaction = _pool.BeginWrite();
                writerHeld.SetResult();
                letGo.Task.Wait();
                transaction.Commit();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await writerHeld.Task;
            Task[] writes = Enumerable.Range(0, 10).Select(i => _counters.InsertAsync(new Counter(1, i, "full")).AsTask()).ToArray();
            Assert.True(SpinWait.SpinUntil(() => _pool.QueuedWrites == 10, TimeSpan.FromSeconds(10)));
            letGo.SetResult();
            await holder;

            // Committed (readers see the rows) but not acknowledged: the WAL has not been flushed yet.
            Assert.True(SpinWait.SpinUntil(() => _counters.Count() == 10, TimeSpan.FromSeconds(10)), "the batch did not commit");
            await Task.Delay(100);
            Assert.All(writes, write => Assert.False(write.IsCompleted));

            flushes.Dispose();
            await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(sync.Syncs >= 1);
        }
        finally
        {
            flushes.Dispose();
        }

        // Writes that are not batched keep SQLite's own FULL.
        Assert.Equal(2, WriterSynchronous());
    }

    [Fact]
    public async Task Acknowledged_writes_from_many_tasks_are_in_the_file_after_it_is_reopened()
    {
        const int tasks = 16, writesEach = 40;
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (int s = 0; s < writesEach; s++)
            {
                if (s % 2 == 0) _counters.Insert(new Counter(t, s, "x"));
                else await _counters.InsertAsync(new Counter(t, s, "y"));
            }
        })));
        Assert.Equal(2, WriterSynchronous());

        string path = _pool.FilePath;
        _pool.Dispose();
        using TypesDb reopened = TypesDb.Open(path);
        Assert.Equal(tasks * writesEach, reopened.Counters.Count());
    }

    [Fact]
    public void Under_NORMAL_writes_are_acknowledged_at_commit()
    {
        using SqliteConnectionPool normal = SqliteConnectionPool.Open(_folder.File());
        Assert.Null(normal.WalSync);
        using SqliteConnectionPool unbatched = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { Synchronous = SynchronousMode.Full, GroupCommit = false });
        Assert.Null(unbatched.WalSync);
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// Group commit: writes that queue behind a running write are committed together, each caller still
/// gets its own result or error, and only committed writes are acknowledged.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SqliteConnectionPool _pool;
    private readonly TypesDb.CountersTable _counters;

    public GroupCommitTests()
    {
        _pool = SqliteConnectionPool.Open(_folder.File());
        Migrator.MigrateToLatest(_pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        _counters = new TypesDb.CountersTable(_pool);
    }

    public void Dispose()
    {
        _pool.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// Holds the writer in a transaction on another flow (so this flow may still write) until the
    /// returned function is called; that commits the transaction and waits for it to end.
    /// </summary>
    private async Task<Func<Task>> HoldWriter()
    {
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Task holder = Task.Run(async () =>
        {
            using WriteTransaction transaction = _pool.BeginWrite();
            held.SetResult();
            await release.Task;
            transaction.Commit();
        });
        await held.Task;
        return async () =>
        {
            release.SetResult();
            await holder;
        };
    }

    /// <summary>
    /// Holds the writer, starts the writes, waits until all of them are queued, then lets the writer
    /// go: they all run as one group commit.
    /// </summary>
    private async Task<Task[]> RunAsOneBatch(IReadOnlyList<Func<Task>> writes)
    {
        Func<Task> letGo = await HoldWriter();

        // Each write on a thread of its own: synchronous ones block while queued, and a test must not
        // starve the thread pool that the other test classes (running in parallel) need.
        Task[] started = writes.Select(write => Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        SpinWait.SpinUntil(() => _pool.QueuedWrites == writes.Count, TimeSpan.FromSeconds(10));
        Assert.Equal(writes.Count, _pool.QueuedWrites);

        await letGo();
        try { await Task.WhenAll(started); } catch { /* each task is inspected by the caller */ }
        return started;
    }

    [Fact]
    public async Task Queued_writes_commit_together_and_one_failure_undoes_only_itself()
    {
        _counters.Insert(new Counter(0, 7, "already there"));
        var sizes = new ConcurrentBag<int>();
        using MeterListener listener = ListenToBatchSizes(sizes);

        // Twenty writes, sync and async, one of them a duplicate key.
        var writes = new List<Func<Task>>();
        for (int i = 0; i < 20; i++)
        {
            int sequence = i;
            writes.Add(i % 2 == 0
                ? () => { _counters.Insert(new Counter(0, sequence, "sync")); return Task.CompletedTask; }
                : async () => await _counters.InsertAsync(new Counter(0, sequence, "async")));
        }

        Task[] results = await RunAsOneBatch(writes);

        Assert.Contains(20, sizes);
        var failed = results.Select((task, i) => (task, i)).Where(r => r.task.IsFaulted).ToList();
        var failure = Assert.Single(failed);
        Assert.Equal(7, failure.i);
        var violation = Assert.IsType<ConstraintViolationException>(failure.task.Exception!.InnerException);
        Assert.Equal("counters", violation.Table);
        Assert.Equal(ConstraintKind.Unique, violation.Kind);

        var stored = _counters.All().Select(c => (c.Sequence, c.Note)).OrderBy(c => c.Sequence).ToList();
        Assert.Equal(20, stored.Count);
        Assert.Equal("already there", stored[7].Note);
        Assert.All(stored.Where(c => c.Sequence != 7), c => Assert.Equal(c.Sequence % 2 == 0 ? "sync" : "async", c.Note));
    }

    [Fact]
    public async Task Every_write_kind_returns_its_own_result_from_a_shared_commit()
    {
        _counters.InsertMany(new[] { new Counter(1, 1, "to update"), new Counter(1, 2, "to delete") });

        bool updated = false, deleted = false, missingUpdated = true, missingDeleted = true;
        int insertedMany = 0;
        Task[] results = await RunAsOneBatch(new Func<Task>[]
        {
            async () => updated = await _counters.UpdateAsync(new Counter(1, 1, "updated")),
            () => { deleted = _counters.Delete(1, 2); return Task.CompletedTask; },
            async () => missingUpdated = await _counters.UpdateAsync(new Counter(9, 9, "nobody")),
            async () => missingDeleted = await _counters.DeleteAsync(9, 9),
            async () => await _counters.UpsertAsync(new Counter(1, 3, "upserted")),
            async () => insertedMany = await _counters.InsertManyAsync(new[] { new Counter(2, 1, "many"), new Counter(2, 2, "many") }),
            // A failing InsertMany inside the batch undoes its own rows only.
            async () => await _counters.InsertManyAsync(new[] { new Counter(3, 1, "half"), new Counter(1, 1, "duplicate") }),
        });

        Assert.All(results.Take(6), task => Assert.True(task.IsCompletedSuccessfully));
        Assert.IsType<ConstraintViolationException>(results[6].Exception!.InnerException);
        Assert.True(updated);
        Assert.True(deleted);
        Assert.False(missingUpdated);
        Assert.False(missingDeleted);
        Assert.Equal(2, insertedMany);
        Assert.Equal(
            new[] { (1, 1, "updated"), (1, 3, "upserted"), (2, 1, "many"), (2, 2, "many") },
            _counters.All().Select(c => (c.Writer, c.Sequence, c.Note)).OrderBy(c => c).ToArray());
    }

    [Fact]
    public async Task A_queued_write_canceled_before_it_runs_is_not_written()
    {
        Func<Task> letGo = await HoldWriter();

        // Two writes queue while the writer is held; then the cancelable one.
        Task leader = Task.Factory.StartNew(() => _counters.Insert(new Counter(4, 1, "leader")), TaskCreationOptions.LongRunning);
        Task queued = Task.Factory.StartNew(() => _counters.Insert(new Counter(4, 2, "queued")), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _pool.QueuedWrites == 2, TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource();
        Task canceled = _counters.InsertAsync(new Counter(4, 3, "canceled"), cancel.Token).AsTask();
        Assert.Equal(3, _pool.QueuedWrites);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        await letGo();
        await Task.WhenAll(leader, queued);

        Assert.NotNull(_counters.Find(4, 1));
        Assert.NotNull(_counters.Find(4, 2));
        Assert.Null(_counters.Find(4, 3));
    }

    [Fact]
    public async Task Acknowledged_writes_from_many_tasks_are_in_the_file_after_it_is_reopened()
    {
        const int tasks = 32, writesEach = 50;
        var acknowledged = new ConcurrentBag<(int, int)>();

        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (int s = 0; s < writesEach; s++)
            {
                if (s % 2 == 0) _counters.Insert(new Counter(t, s, "x"));
                else await _counters.InsertAsync(new Counter(t, s, "y"));
                acknowledged.Add((t, s));
            }
        })));

        string path = _pool.FilePath;
        _pool.Dispose();
        using TypesDb reopened = TypesDb.Open(path);
        Assert.Equal(
            acknowledged.OrderBy(a => a),
            reopened.Counters.All().Select(c => (c.Writer, c.Sequence)).OrderBy(a => a));
        Assert.Equal(tasks * writesEach, acknowledged.Count);
    }

    [Fact]
    public async Task With_group_commit_off_every_write_still_lands()
    {
        using TypesDb db = TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { GroupCommit = false });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (int s = 0; s < 25; s++)
                await db.Counters.InsertAsync(new Counter(t, s, "off"));
        })));
        Assert.Equal(200, db.Counters.Count());
    }

    [Fact]
    public void MaxGroupCommitBatch_below_one_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { MaxGroupCommitBatch = 0 }));
        Assert.Equal("MaxGroupCommitBatch", error.ParamName);
    }

    private MeterListener ListenToBatchSizes(ConcurrentBag<int> sizes)
    {
        string path = _pool.FilePath;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteGenMetrics.MeterName && instrument.Name == "sqlitegen.group_commit.size")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "db.file" && (string?)tag.Value == path)
                    sizes.Add(value);
            }
        });
        listener.Start();
        return listener;
    }
}

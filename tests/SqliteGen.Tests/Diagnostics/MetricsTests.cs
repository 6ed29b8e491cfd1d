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

namespace SqliteGen.Tests.Diagnostics;

/// <summary>
/// The pool, statement and vector instruments of the <c>SqliteGen</c> meter, observed with a <see cref="MeterListener"/>
/// on real database files. Each listener keeps only the measurements tagged with this test's file, since other test
/// classes run in parallel on the same meter.
/// </summary>
public sealed class MetricsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>One measurement: the instrument, the value and its tags.</summary>
    private sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Listens to <paramref name="instruments"/>, keeping what is tagged with <paramref name="file"/>.</summary>
    private static MeterListener Listen(string file, ConcurrentQueue<Recorded> into, params string[] instruments)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteGenMetrics.MeterName && instruments.Contains(instrument.Name))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
                map[tag.Key] = tag.Value;
            if (map.TryGetValue("db.file", out object? tagged) && (string?)tagged == file)
                into.Enqueue(new Recorded(instrument.Name, value, map));
        }
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.Start();
        return listener;
    }

    /// <summary>Holds the writer in a transaction on another flow until the returned function commits it.</summary>
    private static async Task<Func<Task>> HoldWriter(TypesDb db)
    {
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Task holder = Task.Run(async () =>
        {
            using TypesDb.WriteTransaction transaction = db.BeginWrite();
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

    [Fact]
    public void Statement_timings_carry_the_sql_and_the_file()
    {
        using TypesDb db = TypesDb.Open(_folder.File());
        var recorded = new ConcurrentQueue<Recorded>();
        using (Listen(db.FilePath, recorded, "sqlitegen.statement.duration"))
        {
            db.Counters.Insert(new Counter(1, 1, "one"));
            Assert.NotNull(db.Counters.Find(1, 1));
        }
        db.Counters.Insert(new Counter(1, 2, "after the listener")); // not recorded

        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.True(r.Value >= 0));
        Assert.Contains(recorded, r => ((string)r.Tags["db.query.text"]!).StartsWith("INSERT INTO counters", StringComparison.Ordinal));
        Assert.Contains(recorded, r => ((string)r.Tags["db.query.text"]!).StartsWith("SELECT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_for_a_busy_reader_is_recorded_and_an_uncontended_rent_is_not()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { MaxReaders = 1 });
        var recorded = new ConcurrentQueue<Recorded>();
        using MeterListener listener = Listen(pool.FilePath, recorded, "sqlitegen.pool.wait");

        using (pool.RentReader()) { } // free: nothing to record
        Assert.Empty(recorded);

        ConnectionLease held = pool.RentReader();
        ConnectionLease second = default;
        var waiting = new Thread(() => second = pool.RentReader());
        waiting.Start();
        // Wait for the event, the second rent blocked on the only reader, however long a busy machine takes to get there.
        Assert.True(SpinWait.SpinUntil(() => (waiting.ThreadState & ThreadState.WaitSleepJoin) != 0, TimeSpan.FromSeconds(60)), "the second rent never blocked");
        await Task.Delay(20); // a lower bound only: the recorded wait is at least this long
        held.Dispose();
        Assert.True(waiting.Join(TimeSpan.FromSeconds(60)), "the second rent never got the reader back");
        second.Dispose();

        Recorded wait = Assert.Single(recorded);
        Assert.Equal("reader", wait.Tags["sqlitegen.pool.connection"]);
        Assert.True(wait.Value > 0.01, $"waited {wait.Value} s");
    }

    [Fact]
    public async Task A_wait_for_the_writer_is_recorded_for_transactions_and_for_queued_writes()
    {
        using TypesDb db = TypesDb.Open(_folder.File());
        var recorded = new ConcurrentQueue<Recorded>();
        using MeterListener listener = Listen(db.FilePath, recorded, "sqlitegen.pool.wait");

        Func<Task> letGo = await HoldWriter(db);
        // A queued single-row write (group commit) and a second transaction, both behind the held one, each on a thread
        // of its own (the thread pool may be slow to start work on a loaded machine).
        var secondRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task queued = Task.Factory.StartNew(() => db.Counters.Insert(new Counter(1, 1, "queued")), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task<TypesDb.WriteTransaction> second = Task.Factory.StartNew(() =>
        {
            secondRunning.SetResult();
            return db.BeginWriteAsync().AsTask();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        // The queued write is visibly queued (the gauge); the transaction's thread is running and has had time to find
        // the writer taken (it checks the gate first thing). Neither can finish while the writer is held.
        using (MeterListener queue = Listen(db.FilePath, recorded, "sqlitegen.group_commit.queued"))
        {
            for (int attempt = 0; attempt < 600 && !recorded.Any(r => r.Value > 0); attempt++)
            {
                queue.RecordObservableInstruments();
                if (!recorded.Any(r => r.Value > 0))
                    await Task.Delay(50);
            }
        }
        Assert.Contains(recorded, r => r.Value > 0);
        recorded.Clear();
        await secondRunning.Task;
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await letGo();
        using (TypesDb.WriteTransaction transaction = await second)
            transaction.Commit();
        await queued; // the drainer may have had to wait for the second transaction too

        Assert.Equal(2, recorded.Count(r => (string?)r.Tags["sqlitegen.pool.connection"] == "writer"));
        Assert.All(recorded, r => Assert.True(r.Value > 0.01, $"waited {r.Value} s"));
    }

    [Fact]
    public async Task Queued_writes_are_observable_while_the_writer_is_held()
    {
        using TypesDb db = TypesDb.Open(_folder.File());
        var recorded = new ConcurrentQueue<Recorded>();
        using MeterListener listener = Listen(db.FilePath, recorded, "sqlitegen.group_commit.queued");

        Func<Task> letGo = await HoldWriter(db);
        Task[] writes = Enumerable.Range(1, 3)
            .Select(i => Task.Factory.StartNew(() => db.Counters.Insert(new Counter(1, i, "queued")), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        int seen = 0;
        for (int attempt = 0; attempt < 200 && seen != 3; attempt++)
        {
            recorded.Clear();
            listener.RecordObservableInstruments();
            seen = recorded.Select(r => (int)r.Value).DefaultIfEmpty(-1).Last();
            if (seen != 3)
                await Task.Delay(50);
        }
        Assert.Equal(3, seen);

        await letGo();
        await Task.WhenAll(writes);
        recorded.Clear();
        listener.RecordObservableInstruments();
        Assert.Equal(0, (int)Assert.Single(recorded).Value);

        db.Dispose();
        recorded.Clear();
        listener.RecordObservableInstruments();
        Assert.Empty(recorded); // a closed pool is no longer observed
    }

    [Fact]
    public void Exact_vector_searches_are_timed_per_column()
    {
        using SearchDb db = SearchDb.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        db.ContextItems.Insert(new ContextItem("a", "alpha", null, "t", 1, [1, 0, 0, 0]));
        db.ContextItems.Insert(new ContextItem("b", "beta", null, "t", 1, [0, 1, 0, 0]));
        var recorded = new ConcurrentQueue<Recorded>();
        using (Listen(db.FilePath, recorded, "sqlitegen.vector.search.duration"))
        {
            Assert.Equal("a", db.ContextItems.Nearest(new float[] { 1, 0.1f, 0, 0 }, 1)[0].Item.ContextId);
            Assert.Equal("b", db.ContextItems.Nearest(new float[] { 0, 1, 0, 0 }, 1)[0].Item.ContextId);
        }

        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r =>
        {
            Assert.Equal("context_registry.embedding", r.Tags["sqlitegen.vector.column"]);
            Assert.Equal("exact", r.Tags["sqlitegen.vector.backend"]);
            Assert.True(r.Value > 0);
        });
    }
}

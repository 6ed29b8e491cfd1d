using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Pool;

/// <summary>
/// The pool's writer gate, observed through its own state (<see cref="WriterGate.Holder"/>, <see cref="WriterGate.IsHeld"/>,
/// its counts), never through timing: every way a write can fail gives it back, and the checkpointer's completing pass
/// never holds it together with a write.
/// </summary>
public sealed class WriterGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TypesDb.CountersTable Counters(SqliteConnectionPool pool)
    {
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        return new TypesDb.CountersTable(pool);
    }

    private static long CountRows(SqliteConnectionPool pool, string sql)
    {
        using ConnectionLease reader = pool.RentReader();
        return Convert.ToInt64(reader.Connection.ExecuteScalar(sql), CultureInfo.InvariantCulture);
    }

    /// <summary>The gate is free by its own account, and a taker that will not wait gets it at once.</summary>
    private static void AssertFree(WriterGate gate, string after)
    {
        Assert.False(gate.IsHeld, $"the gate is still held after {after}");
        Assert.Equal(WriterHolder.None, gate.Holder);
        Assert.True(gate.TryAcquireForWriteNow(), $"the gate could not be taken at once after {after}");
        gate.Release();
        Assert.Equal(0, gate.Overlaps);
    }

    private static Task OnItsOwnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public void A_write_transaction_left_open_past_the_pool_s_close_keeps_the_writer_until_it_ends()
    {
        // The pool's Dispose waits WriterWaitTimeout for the writer, then leaves its close to whoever gives the gate back:
        // closing it under the transaction would be a second thread's call on a connection in use (in SQLite's
        // multi-thread mode, a race on freed memory). The transaction ends as usual; the writer closes as it does.
        string path = _folder.File();
        var pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default with { WriterWaitTimeout = TimeSpan.FromMilliseconds(50) });
        Counters(pool).Insert(new Counter(1, 0, "before"));
        WriteTransaction transaction = pool.BeginWrite();
        var inTransaction = new TypesDb.CountersTable(transaction);
        inTransaction.Update(new Counter(1, 0, "during the close"));
        pool.Dispose();
        PooledConnection writer = pool.Writer;
        Assert.Equal(System.Data.ConnectionState.Open, writer.Connection.State);
        Assert.Equal("during the close", inTransaction.Find(1, 0)!.Note);
        transaction.Commit();
        Assert.Equal(System.Data.ConnectionState.Closed, writer.Connection.State);
        Assert.False(pool.WriterGate.IsHeld);
        string committed = PythonScript.Run("import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT note FROM counters WHERE writer = 1').fetchone()[0])", path).Trim();
        Assert.Equal("during the close", committed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_that_throws_leaves_the_gate_free(bool groupCommit)
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { GroupCommit = groupCommit });
        TypesDb.CountersTable counters = Counters(pool);
        WriterGate gate = pool.WriterGate;

        Assert.Throws<InvalidOperationException>(() => pool.Write<int, int>(0, static (_, _) => throw new InvalidOperationException("the write's own failure")));
        AssertFree(gate, "a write that threw");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pool.WriteAsync<int, int>(0, static (_, _) => throw new InvalidOperationException("the write's own failure"), CancellationToken.None));
        AssertFree(gate, "an async write that threw");

        counters.Insert(new Counter(1, 1, "first"));
        Assert.Throws<ConstraintViolationException>(() => counters.Insert(new Counter(1, 1, "the same key")));
        AssertFree(gate, "a generated insert that broke the primary key");

        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using WriteTransaction transaction = pool.BeginWrite();
            new TypesDb.CountersTable(transaction).Insert(new Counter(1, 2, "rolled back"));
            throw new InvalidOperationException("the transaction's body failed");
        }));
        AssertFree(gate, "a write transaction whose body threw");

        using (WriteTransaction transaction = pool.BeginWrite())
        {
            // Asking for the writer again on the flow that holds it is refused at once, not waited for.
            Assert.Throws<InvalidOperationException>(() => counters.Insert(new Counter(1, 3, "a second writer on the same flow")));
            Assert.Equal(WriterHolder.Write, gate.Holder);
        }
        AssertFree(gate, "a write refused inside a write transaction");

        Assert.Equal(1, CountRows(pool, "SELECT count(*) FROM counters"));
    }

    [Fact]
    public async Task A_queued_write_that_throws_leaves_the_gate_free_after_its_batch()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File());
        TypesDb.CountersTable counters = Counters(pool);
        WriterGate gate = pool.WriterGate;

        Task[] writes;
        using (ConnectionLease held = pool.RentWriter())
        {
            Assert.Equal(WriterHolder.Write, gate.Holder);
            writes =
            [
                OnItsOwnThread(() => counters.Insert(new Counter(2, 1, "saved"))),
                OnItsOwnThread(() => pool.Write<int, int>(0, static (_, _) => throw new InvalidOperationException("queued, and failed"))),
                OnItsOwnThread(() => counters.Insert(new Counter(2, 2, "saved"))),
            ];
            Assert.True(SpinWait.SpinUntil(() => pool.QueuedWrites == 3, Patience), $"{pool.QueuedWrites} writes queued");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        await writes[0];
        await writes[2];
        AssertFree(gate, "a batch in which one write threw");
        Assert.Equal(2, CountRows(pool, "SELECT count(*) FROM counters WHERE writer = 2"));
    }

    [Fact]
    public async Task While_the_checkpointer_holds_the_gate_writes_queue_and_commit_after_it()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File());
        TypesDb.CountersTable counters = Counters(pool);
        WriterGate gate = pool.WriterGate;

        Assert.True(gate.TryAcquireForCheckpoint(Patience));
        Task write;
        try
        {
            Assert.Equal(WriterHolder.Checkpoint, gate.Holder);
            Assert.False(gate.TryAcquireForWriteNow());
            write = OnItsOwnThread(() => counters.Insert(new Counter(3, 1, "after the checkpoint")));
            Assert.True(SpinWait.SpinUntil(() => pool.QueuedWrites == 1, Patience), "the write did not queue behind the checkpointer");
            Assert.Equal(0, CountRows(pool, "SELECT count(*) FROM counters"));
            Assert.Equal(WriterHolder.Checkpoint, gate.Holder);
        }
        finally
        {
            gate.Release();
        }

        await write;
        Assert.Equal(1, CountRows(pool, "SELECT count(*) FROM counters"));
        AssertFree(gate, "the write that waited for the checkpointer");
    }

    [Fact]
    public async Task The_checkpointers_completing_pass_and_a_burst_of_writers_never_hold_the_gate_together()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File());
        WriterGate gate = pool.WriterGate;
        using (ConnectionLease writer = pool.RentWriter())
            writer.Connection.ExecuteNonQuery("CREATE TABLE burst (payload BLOB NOT NULL) STRICT");

        // Rows of about a page each, so that the WAL grows by 4,000 frames, and a checkpoint is scheduled, every few
        // thousand writes; the writers stop after the checkpointer's second completing pass. Every write looks at who
        // holds the gate while it runs.
        int seenOtherHolder = 0;
        int writes = 0;
        const int MaxWritesPerWriter = 6_000;
        Task[] writers = Enumerable.Range(0, 4).Select(_ => OnItsOwnThread(() =>
        {
            for (int i = 0; i < MaxWritesPerWriter && gate.CheckpointHolds < 2; i++)
            {
                pool.Write(0, (connection, _) =>
                {
                    if (gate.Holder is not (WriterHolder.Write or WriterHolder.Batch))
                        Interlocked.Increment(ref seenOtherHolder);
                    connection.ExecuteNonQuery("INSERT INTO burst (payload) VALUES (randomblob(4000))");
                    return 0;
                });
                Interlocked.Increment(ref writes);
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(5)); // a guard against a hang only

        Assert.True(gate.CheckpointHolds >= 1, $"no checkpoint held the gate for its completing pass in {writes} writes ({pool.CheckpointsCompleted} checkpoints)");
        Assert.Equal(0, seenOtherHolder);
        Assert.Equal(0, gate.Overlaps);
        Assert.Equal(writes, CountRows(pool, "SELECT count(*) FROM burst"));
        // The writers stop once the checkpointer has taken the gate a second time, so its completing pass may still hold
        // it here (a busy machine makes that likely): no write may, and the checkpointer must give it back.
        WriterHolder holder = gate.Holder;
        Assert.True(holder is WriterHolder.None or WriterHolder.Checkpoint, $"the gate is held by {holder} after the burst");
        Assert.True(SpinWait.SpinUntil(() => !gate.IsHeld, TimeSpan.FromMinutes(1)), "the checkpointer's completing pass never gave the gate back");
        AssertFree(gate, "the burst");
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Tests.Pool;

/// <summary>
/// The WAL bound (<see cref="SqliteGenOptions.WalSizeLimitBytes"/>): readers that never pause would keep the WAL from
/// ever restarting (WalRestartTests shows it with SQLite alone); past the limit the pool shuts its reader gate, lets the
/// reads under way finish and restarts the WAL. Proved by the <c>-wal</c> file's size (it keeps the largest size the WAL
/// reached), by reads checked against a ledger of acknowledged commits while the gate shuts and opens, and by flows
/// that hold the writer and read through the pool while the gate is shut.
/// </summary>
public sealed class WalBoundTests : IDisposable
{
    private const long FrameBytes = 4096 + 24;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2); // against a hang only

    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public WalBoundTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static TypesDb.CountersTable Counters(SqliteConnectionPool pool)
    {
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        return new TypesDb.CountersTable(pool);
    }

    /// <summary>Runs <paramref name="loop"/> on a thread of its own until <paramref name="stop"/> is set; errors are collected.</summary>
    private static Thread Loop(string name, Func<bool> stop, ConcurrentQueue<string> errors, Action loop)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (!stop())
                    loop();
            }
            catch (Exception error)
            {
                errors.Enqueue(name + ": " + error);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_readers_reading_without_pause_the_WAL_stays_within_the_limit(bool reuseSnapshots)
    {
        // 12,000 single-row commits (about 42,000 frames) while four readers read without pause: without the bound the WAL
        // never restarts and holds every frame (the file ends at about 42,000 frames); with a 4 MiB limit (about 1,000
        // frames) each background checkpoint (every 4,000 frames) restarts it.
        string path = _folder.File();
        var options = SqliteGenOptions.Default with { ReuseReadSnapshots = reuseSnapshots, WalSizeLimitBytes = 4L * 1024 * 1024 };
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, options);
        TypesDb.CountersTable counters = Counters(pool);
        counters.Insert(new Counter(0, 0, "first"));

        const int Commits = 12_000;
        int acknowledged = 0;
        bool stop = false;
        var errors = new ConcurrentQueue<string>();
        var readers = Enumerable.Range(0, 4).Select(r =>
        {
            var random = new Random(10 + r);
            return Loop("reader " + r, () => Volatile.Read(ref stop), errors, () =>
            {
                int written = Volatile.Read(ref acknowledged);
                int sequence = random.Next(written + 1);
                if (counters.Find(0, sequence) is null)
                    errors.Enqueue($"row {sequence} missing after {written} were acknowledged");
            });
        }).ToList();
        for (int i = 1; i <= Commits && errors.IsEmpty; i++)
        {
            counters.Insert(new Counter(0, i, "note " + i));
            Volatile.Write(ref acknowledged, i);
        }
        Volatile.Write(ref stop, true);
        readers.ForEach(reader => reader.Join());
        Assert.Empty(errors);

        long frames = new FileInfo(path + "-wal").Length / FrameBytes;
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        _output.WriteLine($"reuse {reuseSnapshots}: largest WAL {frames:N0} frames over {Commits:N0} commits; {checkpointer.WalRestarts} restarts, {checkpointer.WalRestartsGivenUp} given up (last: {checkpointer.LastWalRestart}), {pool.ReaderGate!.Waits:N0} reads waited at the gate, {pool.CheckpointsCompleted} checkpoints");
        // The limit (1,000 frames) plus one checkpoint's schedule (4,000) plus what commits while a checkpoint runs, which
        // depends on how much CPU the checkpointer gets beside five busy threads: half of all the frames written leaves
        // room for a loaded machine, and a WAL that never restarts holds all of them.
        Assert.True(frames < 21_000, $"the WAL reached {frames:N0} frames over {Commits:N0} commits: it did not restart");
        Assert.True(checkpointer.WalRestarts > 0);
        Assert.Equal(Commits + 1, counters.Count());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task No_read_misses_an_acknowledged_commit_while_the_gate_shuts_and_opens(bool reuseSnapshots, int seed)
    {
        // Three writers through the pool (single inserts, InsertMany, updates), readers sync and async reading each
        // writer's last acknowledged row and a random earlier one, and a thread restarting the WAL again and again (the
        // gate shutting and opening), besides the background checkpointer with a limit of 0 (a restart at every
        // checkpoint). Every read is checked against the ledger: what was acknowledged before the read began is there.
        string path = _folder.File();
        var options = SqliteGenOptions.Default with { ReuseReadSnapshots = reuseSnapshots, WalSizeLimitBytes = 0 };
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, options);
        TypesDb.CountersTable counters = Counters(pool);
        const int Writers = 3, WritesPerWriter = 1_500;
        var acknowledged = new int[Writers]; // the last sequence of each writer whose commit returned
        var notes = new ConcurrentDictionary<(int, int), string>(); // the acknowledged note of each row updated
        for (int w = 0; w < Writers; w++)
            counters.Insert(new Counter(w, 0, "0"));
        bool stop = false;
        var errors = new ConcurrentQueue<string>();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 100 + w);
            int sequence = 0;
            while (sequence < WritesPerWriter && errors.IsEmpty)
            {
                int choice = random.Next(10);
                if (choice == 0)
                {
                    var batch = Enumerable.Range(sequence + 1, 20).Select(s => new Counter(w, s, "batch")).ToList();
                    counters.InsertMany(batch);
                    sequence += 20;
                }
                else if (choice <= 2 && sequence > 0)
                {
                    int key = random.Next(1, sequence + 1);
                    string note = "updated " + random.Next();
                    await counters.UpdateAsync(new Counter(w, key, note));
                    notes[(w, key)] = note;
                    continue;
                }
                else
                {
                    sequence++;
                    await counters.InsertAsync(new Counter(w, sequence, "inserted"));
                }
                Volatile.Write(ref acknowledged[w], sequence);
            }
        })).ToArray();

        void Check(int w, int sequence, Counter? found, string when)
        {
            if (found is null)
                errors.Enqueue($"{when}: row {w}/{sequence} missing though acknowledged");
        }
        var syncReaders = Enumerable.Range(0, 2).Select(r =>
        {
            var random = new Random(seed * 1000 + r);
            return Loop("reader " + r, () => Volatile.Read(ref stop), errors, () =>
            {
                int w = random.Next(Writers);
                int last = Volatile.Read(ref acknowledged[w]);
                Check(w, last, counters.Find(w, last), "sync, last");
                int earlier = random.Next(last + 1);
                Check(w, earlier, counters.Find(w, earlier), "sync, earlier");
            });
        }).ToList();
        var asyncReaders = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + 10 + r);
            while (!Volatile.Read(ref stop))
            {
                int w = random.Next(Writers);
                int last = Volatile.Read(ref acknowledged[w]);
                Check(w, last, await counters.FindAsync(w, last), "async, last");
                int earlier = random.Next(last + 1);
                Check(w, earlier, await counters.FindAsync(w, earlier), "async, earlier");
            }
        })).ToArray();
        int restarts = 0;
        Thread restarter = Loop("restarter", () => Volatile.Read(ref stop), errors, () =>
        {
            if (pool.Checkpointer!.RestartWalNow() == WalRestartOutcome.Restarted)
                Interlocked.Increment(ref restarts);
        });

        Task writing = Task.WhenAll(writers);
        Assert.True(await Task.WhenAny(writing, Task.Delay(Guard)) == writing, "the writers did not finish");
        await writing; // their errors, if any
        Volatile.Write(ref stop, true);
        syncReaders.ForEach(reader => reader.Join());
        restarter.Join();
        await Task.WhenAll(asyncReaders);
        Assert.Empty(errors);

        _output.WriteLine($"reuse {reuseSnapshots}: {restarts} restarts by the test, {pool.Checkpointer!.WalRestarts} in all, {pool.Checkpointer.WalRestartsGivenUp} given up, {pool.ReaderGate!.Waits:N0} reads waited at the gate");
        Assert.True(pool.ReaderGate.Waits > 0, "no read met the gate shut: the test proved nothing");
        Assert.True(restarts > 0);
        Assert.Equal(acknowledged.Sum(last => last + 1), counters.Count());
        foreach (((int writer, int key), string note) in notes)
            Assert.Equal(note, counters.Find(writer, key)?.Note); // one writer per key: its last update is the row's note
    }

    [Fact]
    public async Task A_write_transaction_that_reads_through_the_pool_passes_the_shut_gate()
    {
        // The restart needs the writer after the reads: a flow holding the writer (BeginWrite, db.Write's callback) that
        // reads through the pool rather than its transaction must not wait at the gate for a restart that waits for it.
        // The restart here would wait two minutes for the writer, so only passing the gate lets the read return.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default);
        TypesDb.CountersTable counters = Counters(pool);
        counters.Insert(new Counter(0, 0, "first"));
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        checkpointer.RestartWaits = Guard;

        Task<WalRestartOutcome>? restart = null;
        var flow = Task.Run(() =>
        {
            using WriteTransaction transaction = pool.BeginWrite();
            new TypesDb.CountersTable(transaction).Insert(new Counter(0, 1, "in the transaction"));
            restart = Task.Run(checkpointer.RestartWalNow);
            Assert.True(SpinWait.SpinUntil(() => pool.ReaderGate!.IsShut && pool.WriterGate.CheckpointWaits, Guard), "the restart did not shut the gate");
            Counter? read = counters.Find(0, 0); // through the pool, not the transaction
            Assert.Equal("first", read?.Note);
            Assert.Null(counters.Find(0, 1)); // the pool's readers do not see the open transaction
            Assert.False(restart.IsCompleted, "the restart gave up instead of waiting for the writer");
            transaction.Commit();
        });
        Assert.True(await Task.WhenAny(flow, Task.Delay(Guard)) == flow, "the read waited at the gate for a restart waiting for its own transaction");
        await flow;
        Assert.Equal(WalRestartOutcome.Restarted, await restart!);
        Assert.NotNull(counters.Find(0, 1));
    }

    [Fact]
    public async Task An_async_write_transaction_that_reads_through_the_pool_passes_the_shut_gate()
    {
        // The pool's BeginWriteAsync notes the transaction in the caller's flow (not inside an async method of its own,
        // whose flow the caller never sees), so the gate lets that flow's reads through: none waits at it, and the restart,
        // waiting for the writer as long as the test allows, succeeds once the transaction commits.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default);
        TypesDb.CountersTable counters = Counters(pool);
        await counters.InsertAsync(new Counter(0, 0, "first"));
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        checkpointer.RestartWaits = Guard;

        Task<WalRestartOutcome>? restart = null;
        Task flow = Task.Run(async () =>
        {
            await using WriteTransaction transaction = await pool.BeginWriteAsync(CancellationToken.None);
            await Task.Yield(); // the reads below run in a continuation of this flow, on whichever thread
            restart = Task.Run(checkpointer.RestartWalNow);
            Assert.True(SpinWait.SpinUntil(() => pool.ReaderGate!.IsShut && pool.WriterGate.CheckpointWaits, Guard), "the restart did not shut the gate");
            int waitsBefore = pool.ReaderGate!.Waits;
            Assert.Equal("first", (await counters.FindAsync(0, 0))?.Note);
            Assert.Equal("first", counters.Find(0, 0)?.Note);
            Assert.Equal(waitsBefore, pool.ReaderGate.Waits); // neither read waited at the shut gate
            Assert.False(restart.IsCompleted, "the restart gave up instead of waiting for the writer");
            Assert.Throws<InvalidOperationException>(() => counters.Insert(new Counter(0, 1, "a second write"))); // the flow's transaction is seen
            transaction.Commit();
        });
        Assert.True(await Task.WhenAny(flow, Task.Delay(Guard)) == flow, "the async read waited at the gate for a restart waiting for its own transaction");
        await flow;
        Assert.Equal(WalRestartOutcome.Restarted, await restart!);
        Assert.False(pool.ReaderGate!.IsShut);
    }

    [Theory]
    [InlineData(nameof(TypesDb.BeginWriteAsync))]
    [InlineData(nameof(TypesDb.WriteAsync))]
    public async Task An_async_write_transaction_of_the_generated_database_that_reads_through_it_passes_the_shut_gate(string begin)
    {
        // The generated BeginWriteAsync is not an async method, so the pool's note of the transaction reaches the caller's
        // flow (and WriteAsync's, where its callback runs): reads through the database's tables there pass the shut gate.
        // Were the note hidden, the read would wait at the gate for a restart that waits (here as long as the test allows)
        // for the writer this flow holds.
        await using TypesDb db = TypesDb.Open(_folder.File());
        SqliteConnectionPool pool = db.Pool;
        await db.Counters.InsertAsync(new Counter(0, 0, "first"));
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        checkpointer.RestartWaits = Guard;

        Task<WalRestartOutcome>? restart = null;
        async ValueTask ReadWhileTheGateIsShut(TypesDb.WriteTransaction transaction)
        {
            await Task.Yield(); // the reads below run in a continuation of this flow, on whichever thread
            restart = Task.Run(checkpointer.RestartWalNow);
            Assert.True(SpinWait.SpinUntil(() => pool.ReaderGate!.IsShut && pool.WriterGate.CheckpointWaits, Guard), "the restart did not shut the gate");
            int waitsBefore = pool.ReaderGate!.Waits;
            Assert.Equal("first", (await db.Counters.FindAsync(0, 0))?.Note);
            Assert.Equal("first", db.Counters.Find(0, 0)?.Note);
            Assert.Equal(waitsBefore, pool.ReaderGate.Waits); // neither read waited at the shut gate
            Assert.False(restart.IsCompleted, "the restart gave up instead of waiting for the writer");
            Assert.Throws<InvalidOperationException>(() => db.Counters.Insert(new Counter(0, 2, "a second write"))); // the flow's transaction is seen
            await transaction.Counters.InsertAsync(new Counter(0, 1, "in the transaction"));
        }
        Task flow = Task.Run(async () =>
        {
            if (begin == nameof(TypesDb.BeginWriteAsync))
            {
                await using TypesDb.WriteTransaction transaction = await db.BeginWriteAsync();
                await ReadWhileTheGateIsShut(transaction);
                transaction.Commit();
            }
            else
            {
                await db.WriteAsync((transaction, _) => ReadWhileTheGateIsShut(transaction));
            }
        });
        Assert.True(await Task.WhenAny(flow, Task.Delay(Guard)) == flow, "the read waited at the gate for a restart waiting for its own transaction");
        await flow;
        Assert.Equal(WalRestartOutcome.Restarted, await restart!);
        Assert.Equal("in the transaction", db.Counters.Find(0, 1)?.Note);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_flow_reading_with_two_leases_at_once_makes_the_restart_give_up_and_reads_on(bool reuseSnapshots)
    {
        // docs/design.md, "The WAL bound": a flow that reads with two leases at once (a streamed All, and a Find inside
        // its loop) holds a read the restart waits for while its second read waits at the shut gate. Neither waits for
        // ever: the restart waits for the reads under way as long as RestartWaits, gives up (ReadersBusy), opens the
        // gate, and the Find goes on. Once the enumeration ends, the next restart succeeds.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = reuseSnapshots });
        TypesDb.CountersTable counters = Counters(pool);
        counters.InsertMany(Enumerable.Range(0, 5).Select(i => new Counter(0, i, "row " + i)).ToList());
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        checkpointer.RestartWaits = TimeSpan.FromMilliseconds(300); // the time the flow's Find waits at the gate
        ReaderGate gate = pool.ReaderGate!;

        Task<WalRestartOutcome>? restart = null;
        var read = new List<string>();
        Task flow = Task.Run(() =>
        {
            foreach (Counter row in counters.All()) // holds a reader until the loop ends
            {
                if (restart is null)
                {
                    restart = Task.Run(checkpointer.RestartWalNow);
                    Assert.True(SpinWait.SpinUntil(() => gate.IsShut, Guard), "the restart did not shut the gate");
                }
                read.Add(row.Note + " / " + counters.Find(row.Writer, row.Sequence)?.Note); // a second lease, in the same flow
            }
        });
        Assert.True(await Task.WhenAny(flow, Task.Delay(Guard)) == flow, "the flow's second read waited at the gate for good");
        await flow;
        Assert.Equal(WalRestartOutcome.ReadersBusy, await restart!); // it waited for the enumeration's read, then gave up
        Assert.True(gate.Waits >= 1, "the Find inside the loop did not meet the gate shut");
        Assert.False(gate.IsShut);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"row {i} / row {i}"), read); // every row, each found again
        Assert.Equal(WalRestartOutcome.Restarted, checkpointer.RestartWalNow()); // nothing holds a read now
    }

    [Fact]
    public void A_reader_in_another_process_leaves_the_WAL_to_a_later_restart_with_no_error()
    {
        // Python's sqlite3 holds a read transaction open: no pool can make it let go. The restart reports it and gives the
        // gate and the writer back; reads and writes go on; once the reader ends, the next restart succeeds.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default);
        TypesDb.CountersTable counters = Counters(pool);
        for (int i = 0; i < 50; i++)
            counters.Insert(new Counter(0, i, "row " + i));
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN")
            print(db.execute("SELECT count(*) FROM counters").fetchone()[0], flush=True)
            sys.stdin.readline()
            db.execute("COMMIT")
            """);
        start.ArgumentList.Add(path);
        using Process python = Process.Start(start)!;
        Assert.Equal("50", python.StandardOutput.ReadLine()); // its read transaction is open
        counters.Insert(new Counter(0, 50, "after the outside reader began"));

        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        var clock = Stopwatch.StartNew();
        Assert.Equal(WalRestartOutcome.OtherConnectionBusy, checkpointer.RestartWalNow());
        _output.WriteLine($"the restart gave up after {clock.ElapsedMilliseconds} ms (it waits for no busy handler)");
        Assert.False(pool.ReaderGate!.IsShut);
        counters.Insert(new Counter(0, 51, "the writer is back"));
        Assert.Equal(52, counters.Count());

        python.StandardInput.WriteLine();
        Assert.True(python.WaitForExit(Guard));
        Assert.Equal(0, python.ExitCode);
        Assert.Equal(WalRestartOutcome.Restarted, checkpointer.RestartWalNow());
        counters.Insert(new Counter(0, 52, "from the WAL's beginning"));
        using var outside = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        outside.Open();
        using SqliteCommand checkpoint = outside.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using SqliteDataReader result = checkpoint.ExecuteReader();
        Assert.True(result.Read());
        Assert.True(result.GetInt64(1) < 10, $"the WAL holds {result.GetInt64(1)} frames after a restart and one commit");
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SqliteGen.CrashWorker;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Kept read snapshots (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>) and SIGKILL: the worker writes with two
/// threads reading beside it, both on kept snapshots, and is killed at a random moment (seeded), many times on one file.
/// Meanwhile this process reads through a pool of its own that keeps snapshots too, each read checked against the
/// acknowledgements received before it began; after each kill, every acknowledged write reads back through that pool
/// (no snapshot from before the kill is served), the file passes <see cref="Ledger.Check"/> (integrity_check and every
/// acknowledged write), and a TRUNCATE checkpoint is not kept waiting by the dead process's snapshots.
/// </summary>
public sealed class ReadSnapshotCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public ReadSnapshotCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_process_killed_while_reading_and_writing_on_kept_snapshots_leaves_no_stale_read_and_no_damage()
    {
        string path = _folder.File("snapshots.db");
        var random = new Random(9404);
        var ledger = new Ledger();
        var acknowledged = new ConcurrentDictionary<long, long>();
        var problems = new ConcurrentQueue<string>();
        long readsChecked = 0;
        using CrashDb db = CrashDb.Open(path, new SqliteGenOptions { ReuseReadSnapshots = true });
        int rounds = RunLength.CrashRounds;
        for (int round = 0; round < rounds; round++)
        {
            long keyBase = round * 1_000_000_000L;
            int acks = random.Next(1, 1_500);
            bool stop = false;
            var reader = new Thread(() =>
            {
                var pick = new Random(round);
                while (!Volatile.Read(ref stop))
                {
                    long[] keys = acknowledged.Keys.Where(key => key >= keyBase).Take(64).ToArray();
                    if (keys.Length == 0)
                    {
                        Thread.Yield();
                        continue;
                    }
                    long key = keys[pick.Next(keys.Length)];
                    long floor = acknowledged[key];
                    Item? item = db.Items.Find(key);
                    Interlocked.Increment(ref readsChecked);
                    if (item is null || item.Version < floor)
                        problems.Enqueue($"round {round}: item {key} read as {item?.Version.ToString(CultureInfo.InvariantCulture) ?? "missing"}, version {floor} acknowledged before the read");
                }
            }) { IsBackground = true };
            reader.Start();

            using (WorkerProcess worker = WorkerProcess.Start("single", path, "normal", keyBase.ToString(CultureInfo.InvariantCulture), random.Next().ToString(CultureInfo.InvariantCulture), "snapshots"))
            {
                for (int seen = 0; seen < acks; seen++)
                {
                    string? line = worker.ReadLine();
                    Assert.True(line is not null, $"The worker stopped after {seen} of {acks} acknowledgements: {worker.Stderr}");
                    Assert.False(line!.StartsWith("error ", StringComparison.Ordinal), $"The worker reported a failed write: {line}");
                    Record(line, ledger, acknowledged);
                }
                worker.Kill();
                while (worker.ReadLine() is string line)
                    Record(line, ledger, acknowledged);
            }
            Volatile.Write(ref stop, true);
            reader.Join();

            foreach ((long key, long version) in acknowledged.Where(pair => pair.Key >= keyBase))
            {
                Item? item = db.Items.Find(key);
                if (item is null || item.Version < version)
                    problems.Enqueue($"after kill {round + 1}: item {key} read as {item?.Version.ToString(CultureInfo.InvariantCulture) ?? "missing"}, version {version} acknowledged");
            }
            List<string> damage = ledger.Check(path);
            Assert.True(damage.Count == 0, $"After kill {round + 1}:\n" + string.Join("\n", damage));
            CheckpointResult checkpoint = db.Maintenance.Checkpoint(CheckpointMode.Truncate);
            Assert.False(checkpoint.Busy, $"after kill {round + 1} a TRUNCATE checkpoint was kept waiting");
            Assert.Empty(problems);
        }
        _output.WriteLine($"{rounds} kills, {ledger.Acknowledged:N0} acknowledged writes, {readsChecked:N0} reads checked in this process on kept snapshots");
        Assert.True(readsChecked > 0, "no read was checked");
    }

    [Fact]
    public void A_reading_process_killed_on_kept_snapshots_holds_nothing_afterwards_and_read_nothing_stale()
    {
        // This process writes (updates of 64 items to rising versions) and tells the worker each version after its update
        // returned; the worker (mode read) reads them on kept snapshots with three threads, checking each read against the
        // versions it had been told before the read began, until it is SIGKILLed after a seeded number of updates, that is
        // somewhere in a read, between reads or holding a snapshot. What it held dies with it: after each kill a TRUNCATE
        // checkpoint is not kept waiting (SQLite's read marks are locks the kernel drops with the process), this process
        // reads every item at its last version, and the file passes integrity_check with every update there.
        const int Keys = 64;
        string path = _folder.File("readers.db");
        var random = new Random(5133);
        var ledger = new Ledger();
        var versions = new long[Keys];
        using CrashDb db = CrashDb.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = true });
        for (int key = 0; key < Keys; key++)
        {
            db.Items.Insert(new Item(key, 0, Payloads.For(key, 0)));
            ledger.Record($"I {key} 0");
        }
        long workerReads = 0;
        int rounds = RunLength.CrashRounds;
        for (int round = 0; round < rounds; round++)
        {
            var workerProblems = new ConcurrentQueue<string>();
            long roundReads = 0;
            using var reading = new ManualResetEventSlim();
            using WorkerProcess worker = WorkerProcess.Start("read", path, Keys.ToString(CultureInfo.InvariantCulture), random.Next().ToString(CultureInfo.InvariantCulture));
            var output = new Thread(() =>
            {
                while (worker.ReadLine() is string line)
                {
                    string[] parts = line.Split(' ');
                    if (parts[0] == "R")
                    {
                        Volatile.Write(ref roundReads, long.Parse(parts[1], CultureInfo.InvariantCulture));
                        reading.Set();
                    }
                    else if (parts[0] is "stale" or "error")
                    {
                        workerProblems.Enqueue($"round {round}: the reading process said: {line}");
                    }
                }
            }) { IsBackground = true };
            output.Start();
            Assert.True(reading.Wait(TimeSpan.FromSeconds(60)), $"the reading process did not start reading: {worker.Stderr}");

            int updates = random.Next(1, 1_500);
            for (int i = 0; i < updates; i++)
            {
                int key = random.Next(Keys);
                long version = ++versions[key];
                Assert.True(db.Items.Update(new Item(key, version, Payloads.For(key, version))));
                ledger.Record($"U {key} {version}");
                worker.WriteLine($"U {key} {version}");
                if (i % 8 == 0)
                {
                    int other = random.Next(Keys);
                    long floor = versions[other];
                    Assert.True(db.Items.Find(other)!.Version >= floor, $"round {round}: item {other} read older than version {floor}, written before the read");
                }
            }
            worker.Kill();
            output.Join();
            Assert.Empty(workerProblems);
            workerReads += roundReads;

            for (int key = 0; key < Keys; key++)
                Assert.Equal(versions[key], db.Items.Find(key)!.Version);
            List<string> damage = ledger.Check(path);
            Assert.True(damage.Count == 0, $"After kill {round + 1}:\n" + string.Join("\n", damage));
            CheckpointResult checkpoint = db.Maintenance.Checkpoint(CheckpointMode.Truncate);
            Assert.False(checkpoint.Busy, $"after kill {round + 1} a TRUNCATE checkpoint was kept waiting: the dead reader's snapshot still counted");
            Assert.Equal(0, checkpoint.WalBytesAfter);
        }
        _output.WriteLine($"{rounds} kills of a reading process, {workerReads:N0} reads checked in it (counted in 200s), {ledger.Acknowledged:N0} acknowledged writes");
        Assert.True(workerReads > 0, "the reading process checked no read");
    }

    private static void Record(string line, Ledger ledger, ConcurrentDictionary<long, long> acknowledged)
    {
        ledger.Record(line);
        string[] parts = line.Split(' ');
        if (parts[0] is "I" or "U")
        {
            long key = long.Parse(parts[1], CultureInfo.InvariantCulture), version = long.Parse(parts[2], CultureInfo.InvariantCulture);
            acknowledged.AddOrUpdate(key, version, (_, seen) => Math.Max(seen, version));
        }
    }
}

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

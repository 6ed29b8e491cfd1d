using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // child processes and disk: one test at a time on 2 cores

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Application crashes: the worker writes through SqliteGen and is killed with SIGKILL at a random moment
/// (seeded), many times in a row on the same file. After every kill the file is opened again with the
/// generated <c>Open</c> and checked against everything any run acknowledged (<see cref="Ledger.Check"/>).
/// An application crash leaves the WAL pages with the operating system, so every acknowledged commit must
/// survive at synchronous NORMAL as well as FULL. SQLITEGEN_CRASH_ROUNDS sets the kills per case
/// (default 8; the long run in docs/RELIABILITY.md uses 200).
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public CrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    private static int Rounds => RunLength.CrashRounds;

    [Theory]
    [InlineData("normal", 2000)]
    [InlineData("full", 500)] // an fsync per write: fewer per run
    public void Acknowledged_single_inserts_and_updates_survive_SIGKILL(string sync, int maxAcks) => KillRepeatedly("single", sync, maxAcks, seed: 9101);

    [Theory]
    [InlineData("normal")]
    [InlineData("full")]
    public void InsertMany_batches_survive_SIGKILL_whole_or_not_at_all(string sync) => KillRepeatedly("batch", sync, maxAcks: 60, seed: 9202);

    [Theory]
    [InlineData("normal")]
    [InlineData("full")]
    public void Group_committed_concurrent_writes_and_transactions_survive_SIGKILL(string sync) => KillRepeatedly("concurrent", sync, maxAcks: 2000, seed: 9303);

    /// <summary>
    /// The check itself must be able to fail: after real runs, remove one acknowledged item, one acknowledged
    /// update, one row of an acknowledged batch and the item of an acknowledged transaction behind
    /// SqliteGen's back, and it must report each.
    /// </summary>
    [Fact]
    public void The_check_reports_a_lost_insert_a_lost_update_a_partial_batch_and_a_partial_transaction()
    {
        string path = _folder.File("crash.db");
        var ledger = new Ledger();
        RunUntil("single", "normal", path, keyBase: 0, seed: 1, ledger, acks: 300, extraDelay: 0);
        RunUntil("batch", "normal", path, keyBase: 1_000_000_000, seed: 2, ledger, acks: 5, extraDelay: 0);
        RunUntil("concurrent", "normal", path, keyBase: 2_000_000_000, seed: 3, ledger, acks: 500, extraDelay: 0);
        Assert.Empty(ledger.Check(path));

        Ledger.Query(path, "DELETE FROM items WHERE item_id = 0");
        Ledger.Query(path, "UPDATE items SET version = version - 1, payload = 'x' WHERE item_id = (SELECT item_id FROM items WHERE version > 0 LIMIT 1)");
        Ledger.Query(path, "DELETE FROM batch_rows WHERE batch_id = 1000000000 AND position = 0");
        Ledger.Query(path, "DELETE FROM items WHERE item_id = (SELECT min(item_id) FROM items WHERE payload LIKE 'T%')");

        var problems = ledger.Check(path);
        Assert.Contains(problems, problem => problem.StartsWith("lost insert: item 0 ", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("lost update: ", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("partial batch: batch 1000000000 ", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("lost batch: batch 1000000000 ", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("partial transaction: batch ", StringComparison.Ordinal));
    }

    private void KillRepeatedly(string mode, string sync, int maxAcks, int seed)
    {
        string path = _folder.File($"{mode}-{sync}.db");
        var random = new Random(seed + (sync == "full" ? 1 : 0));
        var ledger = new Ledger();
        var clock = Stopwatch.StartNew();
        int rounds = Rounds;
        int hotWals = 0, inFlight = 0, checks = 0;
        for (int round = 0; round < rounds; round++)
        {
            // Every fourth kill (the first one included, which finds no file yet) comes 0-300 ms after the start,
            // without waiting for an acknowledgement: anywhere from start-up through Open and the schema creation
            // to the first writes. The others come after a random number of acknowledgements, a few ms later.
            bool early = round % 4 == 0;
            int acks = early ? 0 : random.Next(1, maxAcks + 1);
            int extraDelay = early ? random.Next(0, 300) : random.Next(0, 4);
            RunUntil(mode, sync, path, keyBase: round * 1_000_000_000L, seed: random.Next(), ledger, acks, extraDelay);

            // Figures: a WAL left behind means the next Open recovered from it; writes found committed but never
            // acknowledged mean the kill fell between a commit and its report.
            if (File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0)
                hotWals++;
            // The kill before each early one is not checked at once: the next worker then opens the crashed file
            // itself, WAL and all, and is killed early, often inside that Open's recovery. The check after it
            // covers both runs (the ledger holds every acknowledgement so far).
            if (round % 4 == 3 && round != rounds - 1)
                continue;
            checks++;
            var problems = ledger.Check(path);
            inFlight += ledger.CommittedUnacknowledged;
            Assert.True(problems.Count == 0, $"After kill {round + 1} ({mode}, synchronous={sync}, {acks} acks):\n" + string.Join("\n", problems));
        }
        _output.WriteLine($"{mode}, synchronous={sync}: {rounds} kills, {checks} checks, {ledger.Acknowledged} acknowledged writes all verified at each check " +
            $"({ledger.Items} items, {ledger.Batches} batches, {ledger.Transactions} transactions); {hotWals} kills left a WAL to recover, {inFlight} writes were committed but not yet acknowledged; " +
            $"{clock.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1024} KiB file.");
    }

    /// <summary>Starts the worker, reads its acknowledgements until <paramref name="acks"/>, kills it with SIGKILL, and records every acknowledgement it managed to send.</summary>
    private static void RunUntil(string mode, string sync, string path, long keyBase, int seed, Ledger ledger, int acks, int extraDelay)
    {
        using WorkerProcess worker = WorkerProcess.Start(mode, path, sync, keyBase.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture));
        for (int seen = 0; seen < acks; seen++)
        {
            string? line = worker.ReadLine();
            Assert.True(line is not null, $"The worker ({mode}, {sync}) stopped after {seen} of {acks} acknowledgements: {worker.Stderr}");
            Assert.False(line!.StartsWith("error ", StringComparison.Ordinal), $"The worker ({mode}, {sync}) reported a failed write: {line}");
            ledger.Record(line!);
        }
        if (extraDelay > 0)
            System.Threading.Thread.Sleep(extraDelay);
        Assert.False(worker.HasExited, $"The worker ({mode}, {sync}) exited before it was killed: {worker.Stderr}");
        worker.Kill();
        // Lines written before the kill are still in the pipe: each was an acknowledged write.
        while (worker.ReadLine() is string line)
            ledger.Record(line);
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SqliteGen.CrashWorker;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// The <c>sqlitegen</c> tool run as a process of its own, as an operator runs it, on a file this process has open with
/// kept read snapshots (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>). A TRUNCATE checkpoint, and the one that ends a
/// vacuum, need every reader out of the WAL; nothing tells this process's pool that they run, so its readers must let go
/// by themselves: idle ones on the snapshot timer, a busy one at its next rent once its snapshot has aged. Reads go on
/// meanwhile and are checked against the versions this process wrote.
/// </summary>
public sealed class ReadSnapshotMaintenanceTests : IDisposable
{
    /// <summary>A version meaning "being deleted now" (-1 is "deleted").</summary>
    private const long Deleting = -2;

    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public ReadSnapshotMaintenanceTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_tool_s_truncate_checkpoint_and_vacuum_from_another_process_are_not_kept_waiting_by_kept_snapshots()
    {
        const int Keys = 2_000;
        string path = _folder.File("maintained.db");
        using CrashDb db = CrashDb.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = true });
        db.Items.InsertMany(Enumerable.Range(0, Keys).Select(key => new Item(key, 0, Payloads.For(key, 0))).ToList());
        var versions = new long[Keys];
        var problems = new ConcurrentQueue<string>();
        long reads = 0;
        bool stop = false;

        // A busy reader: reads all the time, each read checked against the version written before it began.
        var reader = new Thread(() =>
        {
            var random = new Random(31);
            try
            {
                while (!Volatile.Read(ref stop) && problems.IsEmpty)
                {
                    int key = random.Next(Keys);
                    long floor = Volatile.Read(ref versions[key]);
                    Item? item = db.Items.Find(key);
                    Interlocked.Increment(ref reads);
                    if (floor == Deleting)
                        continue; // a delete under way: either answer is right
                    if (item is null && floor >= 0 && Volatile.Read(ref versions[key]) < 0) // Deleting or deleted
                        continue; // the delete began after the version was read, before the read ended: either answer is right
                    if (floor >= 0 ? item is null || item.Version < floor : item is not null)
                        problems.Enqueue($"item {key} read as {item?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {(floor >= 0 ? "at least version " + floor : "deleted")}");
                }
            }
            catch (Exception error)
            {
                problems.Enqueue("reader: " + error);
            }
        }) { IsBackground = true };
        reader.Start();

        try
        {
            var random = new Random(8);
            Update(db, versions, random, 300);
            KeepIdleSnapshots(db, 3);
            Update(db, versions, random, 10); // the idle readers' snapshots are now older than the last commit: they pin the WAL
            Assert.True(new FileInfo(path + "-wal").Length > 0);

            (int exitCode, string output) = Tool("checkpoint", path, "--mode", "truncate");
            _output.WriteLine(output);
            Assert.True(exitCode == 0, $"sqlitegen checkpoint --mode truncate exited {exitCode} (1: busy, kept waiting by a snapshot):\n{output}");
            Assert.Equal(0, new FileInfo(path + "-wal").Length);

            for (int key = 0; key < Keys; key += 2) // free pages for the vacuum to give back
            {
                Volatile.Write(ref versions[key], Deleting);
                Assert.True(db.Items.Delete(key));
                Volatile.Write(ref versions[key], -1);
            }
            KeepIdleSnapshots(db, 3);
            Update(db, versions, random, 10);
            long fileBefore = new FileInfo(path).Length;

            (exitCode, output) = Tool("vacuum", path);
            _output.WriteLine(output);
            Assert.True(exitCode == 0, $"sqlitegen vacuum exited {exitCode}:\n{output}");
            Assert.Equal(0, new FileInfo(path + "-wal").Length); // the vacuum's own TRUNCATE checkpoint was not kept waiting
            Assert.True(new FileInfo(path).Length < fileBefore, "the vacuum gave nothing back");
        }
        finally
        {
            Volatile.Write(ref stop, true); // before the database closes, whatever failed
            reader.Join();
        }
        Assert.Empty(problems);
        for (int key = 0; key < Keys; key++) // every read after the vacuum: the vacuumed file, every write in it
        {
            Item? item = db.Items.Find(key);
            if (versions[key] < 0)
                Assert.Null(item);
            else
                Assert.Equal(versions[key], item!.Version);
        }
        Assert.Equal(Keys / 2, db.Items.Count());
        Assert.Equal("ok", Ledger.Query(path, "PRAGMA integrity_check")[0][0]);
        _output.WriteLine($"{Interlocked.Read(ref reads):N0} reads checked while the tool ran");
        Assert.True(Interlocked.Read(ref reads) > 0);
    }

    /// <summary>Updates <paramref name="count"/> live items to their next version.</summary>
    private static void Update(CrashDb db, long[] versions, Random random, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int key = random.Next(versions.Length);
            if (versions[key] < 0)
                continue; // deleted
            long version = versions[key] + 1;
            Assert.True(db.Items.Update(new Item(key, version, Payloads.For(key, version))));
            Volatile.Write(ref versions[key], version);
        }
    }

    /// <summary>
    /// Leaves readers idle holding snapshots: <paramref name="threads"/> threads read at once, twice with no commit between
    /// (a reader keeps a snapshot from its second quiet read), so several of the pool's readers are in use together.
    /// </summary>
    private static void KeepIdleSnapshots(CrashDb db, int threads)
    {
        using var together = new Barrier(threads);
        var readers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int twice = 0; twice < 2; twice++)
            {
                together.SignalAndWait();
                db.Items.Count();
            }
        })).ToList();
        readers.ForEach(thread => thread.Start());
        readers.ForEach(thread => thread.Join());
    }

    private static (int ExitCode, string Output) Tool(params string[] arguments)
    {
        using WorkerProcess tool = WorkerProcess.StartTool(arguments);
        (int exitCode, string output) = tool.ReadAll();
        return (exitCode, output + tool.Stderr);
    }
}

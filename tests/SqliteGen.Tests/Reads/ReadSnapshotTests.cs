using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Tests.Reads;

/// <summary>
/// Readers that keep their read snapshot between reads (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>): every read
/// checked against a ledger of acknowledged commits from this process and another one, the WAL's growth, and what must
/// make readers let go (maintenance, a disposed pool, a file restored under them).
/// </summary>
public sealed class ReadSnapshotTests : IDisposable
{
    private static readonly SqliteGenOptions Reuse = new() { ReuseReadSnapshots = true };

    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public ReadSnapshotTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>SQLITEGEN_READ_SNAPSHOT_WRITES: writes per writer in the differential test (default 1,500).</summary>
    private static int WritesPerWriter =>
        int.TryParse(Environment.GetEnvironmentVariable("SQLITEGEN_READ_SNAPSHOT_WRITES"), NumberStyles.None, CultureInfo.InvariantCulture, out int writes) && writes > 0 ? writes : 1_500;

    private static TypesDb.CountersTable Counters(SqliteConnectionPool pool)
    {
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        return new TypesDb.CountersTable(pool);
    }

    /// <summary>One row per key (writer = key, sequence 0), its note the version, 0 to start.</summary>
    private static TypesDb.CountersTable Seeded(SqliteConnectionPool pool, int keys)
    {
        TypesDb.CountersTable counters = Counters(pool);
        counters.InsertMany(Enumerable.Range(0, keys).Select(key => new Counter(key, 0, "0")).ToList());
        return counters;
    }

    private static long Version(TypesDb.CountersTable counters, int key) =>
        long.Parse(counters.Find(key, 0)!.Note, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a key twice: a reader begins keeping a snapshot at the second of two reads with no commit between them (the
    /// first, after a change, reads in autocommit).
    /// </summary>
    private static long ReadTwice(TypesDb.CountersTable counters, int key)
    {
        Version(counters, key);
        return Version(counters, key);
    }

    /// <summary>One statement on a connection outside the pool; <c>$value</c>, when given, is bound.</summary>
    private static void ExecuteOutside(string path, string sql, string? value = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (value is not null)
            command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_read_sees_every_commit_acknowledged_before_it_began_in_this_process_or_another(int seed)
    {
        // Keys 0-7 belong to two writers in this process (the pool's writer, group commit), keys 8-15 to a Python
        // process with its own SQLite. Three readers read single keys (Find) and every key (All), each read checked
        // against the ledger as it stood when the read began.
        const int InProcessKeys = 8, PythonKeys = 8;
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, InProcessKeys + PythonKeys);
        var ledger = new ReadLedger(InProcessKeys + PythonKeys);
        int writes = WritesPerWriter;
        using var python = new PythonWriter(_folder.Path, path, InProcessKeys, PythonKeys, writes, seed, ledger);

        int writersLeft = 2;
        var threads = new List<Thread>();
        for (int w = 0; w < 2; w++)
        {
            int writer = w;
            threads.Add(new Thread(() =>
            {
                var random = new Random(seed * 100 + writer);
                var versions = new long[InProcessKeys / 2];
                try
                {
                    for (int i = 0; i < writes; i++)
                    {
                        int slot = random.Next(versions.Length);
                        int key = writer * versions.Length + slot;
                        long version = ++versions[slot];
                        if (!counters.Update(new Counter(key, 0, version.ToString(CultureInfo.InvariantCulture))))
                            ledger.Problem($"update of key {key} found no row");
                        ledger.Acknowledge(key, version);
                    }
                }
                catch (Exception error)
                {
                    ledger.Problem("writer: " + error);
                }
                finally
                {
                    Interlocked.Decrement(ref writersLeft);
                }
            }));
        }
        for (int r = 0; r < 3; r++)
        {
            int reader = r;
            threads.Add(new Thread(() =>
            {
                var random = new Random(seed * 1000 + reader);
                try
                {
                    while (Volatile.Read(ref writersLeft) > 0 || !python.HasExited)
                    {
                        if (random.Next(20) == 0)
                        {
                            long[] floors = Enumerable.Range(0, ledger.Keys).Select(ledger.Floor).ToArray();
                            foreach (Counter row in counters.All())
                                ledger.Check(row.Writer, floors[row.Writer], long.Parse(row.Note, CultureInfo.InvariantCulture), "All");
                        }
                        else
                        {
                            int key = random.Next(ledger.Keys);
                            long floor = ledger.Floor(key);
                            ledger.Check(key, floor, Version(counters, key), "Find");
                        }
                    }
                }
                catch (Exception error)
                {
                    ledger.Problem("reader: " + error);
                }
            }));
        }
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        string? pythonFailed = python.WaitForExit();

        // After everything: every key reads exactly its last acknowledged version.
        for (int key = 0; key < ledger.Keys; key++)
            Assert.Equal(ledger.Floor(key), Version(counters, key));
        _output.WriteLine($"seed {seed}: {ledger.ReadsChecked:N0} reads checked, {pool.SnapshotReuses:N0} on a kept snapshot, python acknowledged {python.Acknowledged:N0}");
        Assert.Null(pythonFailed);
        Assert.Empty(ledger.Problems);
        Assert.Equal(writes, python.Acknowledged);
        Assert.True(pool.SnapshotReuses > 0, "no read used a kept snapshot: the option did nothing");
    }

    [Fact]
    public void A_read_after_a_commit_sees_it_whoever_made_it_and_reads_with_nothing_in_between_keep_the_snapshot()
    {
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 1);
        Assert.Equal(0, ReadTwice(counters, 0));
        long reusedBefore = pool.SnapshotReuses;
        Assert.Equal(0, Version(counters, 0));
        Assert.Equal(reusedBefore + 1, pool.SnapshotReuses);

        counters.Update(new Counter(0, 0, "1")); // the pool's writer
        Assert.Equal(1, Version(counters, 0));
        ExecuteOutside(path, "UPDATE counters SET note = '2' WHERE writer = 0"); // another connection in this process
        Assert.Equal(2, Version(counters, 0));

        var ledger = new ReadLedger(1);
        using (var python = new PythonWriter(_folder.Path, path, 0, 1, 1, 7, ledger)) // another process
            Assert.Null(python.WaitForExit());
        Assert.Equal(1, ledger.Floor(0)); // Python counts from 1: its note is "1" again
        Assert.Equal(1, Version(counters, 0));
    }

    [Fact]
    public void Reads_inside_a_write_transaction_use_the_writer_and_readers_keep_to_committed_data()
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File(), Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 1);
        Assert.Equal(0, ReadTwice(counters, 0)); // a reader now holds a snapshot
        using (WriteTransaction tx = pool.BeginWrite())
        {
            var inside = new TypesDb.CountersTable(tx);
            inside.Update(new Counter(0, 0, "5"));
            Assert.Equal(5, Version(inside, 0)); // its own uncommitted write, through the writer
            Assert.Equal(0, Version(counters, 0)); // a reader: not committed yet
            tx.Commit();
        }
        Assert.Equal(5, Version(counters, 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Under_steady_writes_and_reads_the_WAL_stays_within_the_bound(bool reuseSnapshots)
    {
        // CheckpointTests' workload (8,000 commits, about 26,000 frames if the WAL never restarted), with readers keeping
        // snapshots: four readers opened at once (three of them then idle with snapshots that pin
        // read marks) and reads between the writes.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, new SqliteGenOptions { ReuseReadSnapshots = reuseSnapshots });
        TypesDb.CountersTable counters = Counters(pool);
        counters.Insert(new Counter(0, 0, "first"));
        for (int twice = 0; twice < 2; twice++) // the second time round, each reader keeps its snapshot (with the option)
        {
            var leases = Enumerable.Range(0, 4).Select(_ => pool.RentReader()).ToList();
            foreach (ConnectionLease lease in leases)
                Assert.Equal(1L, lease.Connection.ExecuteScalar("SELECT count(*) FROM counters"));
            leases.ForEach(lease => lease.Dispose());
        }

        const int Writes = 8_000;
        for (int i = 1; i <= Writes; i++)
        {
            counters.Insert(new Counter(1, i, "note " + i));
            if (i % 4 == 0)
            {
                Assert.NotNull(counters.Find(1, i)); // after a commit: autocommit
                Assert.NotNull(counters.Find(1, i - 1)); // nothing committed since: a snapshot kept from here
                Assert.NotNull(counters.Find(1, i - 2)); // on that snapshot
            }
        }
        long frames = new FileInfo(path + "-wal").Length / (4096 + 24); // the file keeps the largest size the WAL reached
        _output.WriteLine($"reuse {reuseSnapshots}: WAL {frames:N0} frames after {Writes:N0} commits, {pool.CheckpointsCompleted} checkpoints, {pool.SnapshotReuses:N0} reads on a kept snapshot");
        // A WAL that never restarts holds every frame of the 8,000 commits (about 26,000). How far below that it stays
        // depends on how much CPU the checkpointer thread gets beside the writer (under 12,000 on an idle machine,
        // 12,800 seen with both cores saturated), so the bound asserts what kept snapshots could break, the restarts,
        // with room for a loaded machine: at most three quarters of the frames written.
        Assert.True(frames < 19_500, $"the WAL reached {frames:N0} frames over {Writes:N0} commits: kept snapshots stopped it restarting");
        Assert.Equal(Writes + 1, counters.Count());
        Assert.Equal(reuseSnapshots, pool.SnapshotReuses > 0);
    }

    [Fact]
    public void Idle_readers_let_go_of_their_snapshots_on_the_timer()
    {
        // A snapshot pins the WAL (a reader on it keeps SQLite's read mark); after the timer, a checkpoint by another
        // connection that needs every reader out of the WAL (TRUNCATE) succeeds without the pool's help.
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 1);
        counters.Update(new Counter(0, 0, "1"));
        Assert.Equal(1, ReadTwice(counters, 0)); // the reader's snapshot now holds a read mark in a non-empty WAL
        counters.Update(new Counter(0, 0, "2"));
        long tick = pool.SnapshotTicks;
        Assert.True(SpinWait.SpinUntil(() => pool.SnapshotTicks >= tick + 2, TimeSpan.FromSeconds(30)), "the snapshot timer did not tick");

        using var outside = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        outside.Open();
        using SqliteCommand checkpoint = outside.CreateCommand();
        // The busy handler lets the checkpoint wait out a moment of overlap (the pool's own checkpointer, a release a
        // little behind the tick on a loaded machine); a snapshot that is never let go still makes it fail.
        checkpoint.CommandText = "PRAGMA busy_timeout = 10000";
        checkpoint.ExecuteNonQuery();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using SqliteDataReader result = checkpoint.ExecuteReader();
        Assert.True(result.Read());
        Assert.Equal(0L, result.GetInt64(0)); // not busy: no reader was left in the WAL
        Assert.Equal(0, new FileInfo(path + "-wal").Length);
    }

    [Fact]
    public void A_truncate_checkpoint_and_a_vacuum_through_the_pool_make_readers_let_go()
    {
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 50);
        List<ConnectionLease> leases = new();
        for (int twice = 0; twice < 2; twice++) // the second time round, each of the four readers keeps its snapshot
        {
            leases.ForEach(lease => lease.Dispose());
            leases = Enumerable.Range(0, 4).Select(_ => pool.RentReader()).ToList();
            foreach (ConnectionLease lease in leases)
                Assert.Equal(50L, lease.Connection.ExecuteScalar("SELECT count(*) FROM counters"));
        }
        Assert.All(leases, lease => Assert.True(lease.Connection.HoldsSnapshot));
        counters.Update(new Counter(1, 0, "1"));
        leases.ForEach(lease => lease.Dispose()); // four idle readers with snapshots older than the last commit
        DatabaseMaintenance maintenance = DatabaseMaintenance.ForPool(pool);

        CheckpointResult checkpoint = maintenance.Checkpoint(CheckpointMode.Truncate);
        Assert.False(checkpoint.Busy, "a kept snapshot kept the TRUNCATE checkpoint waiting");
        Assert.Equal(0, checkpoint.WalBytesAfter);

        for (int key = 0; key < 50; key += 2)
            counters.Delete(key, 0);
        Assert.Equal(25, counters.Count());
        VacuumResult vacuum = maintenance.Vacuum();
        Assert.Equal(0, new FileInfo(path + "-wal").Length); // the vacuum's own TRUNCATE checkpoint was not kept waiting
        Assert.True(vacuum.FileBytesAfter <= vacuum.FileBytesBefore);
        Assert.Equal(25, counters.Count());
        Assert.Equal(1, Version(counters, 1));
    }

    [Fact]
    public void Nothing_is_held_once_the_pool_is_disposed()
    {
        string path = _folder.File();
        var pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 3);
        ConnectionLease busy = pool.RentReader();
        Assert.Equal(3L, busy.Connection.ExecuteScalar("SELECT count(*) FROM counters"));
        Assert.Equal(0, ReadTwice(counters, 1)); // a second reader, idle with its snapshot
        pool.Dispose();
        busy.Dispose(); // a lease given back after the pool closed: its connection closes then

        Assert.Throws<ObjectDisposedException>(() => counters.Find(1, 0));
        Assert.False(File.Exists(path + "-wal"), "the WAL is still there: a connection of the pool stayed open");
        ExecuteOutside(path, "UPDATE counters SET note = '9' WHERE writer = 1");
        using var reopened = SqliteConnectionPool.Open(path, Reuse);
        Assert.Equal(9, Version(new TypesDb.CountersTable(reopened), 1));
    }

    [Fact]
    public void A_file_restored_under_the_pool_through_the_backup_API_is_read_at_once()
    {
        // VACUUM INTO makes a copy; the live file changes; the copy is restored over it with SQLite's backup API from
        // another connection (the way to replace an open database). Readers that kept snapshots read the restored rows.
        string path = _folder.File();
        string copy = _folder.File("copy.db");
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 5);
        Assert.Equal(0, ReadTwice(counters, 2));
        ExecuteOutside(path, "VACUUM INTO $value", copy);
        counters.Update(new Counter(2, 0, "7"));
        counters.Insert(new Counter(99, 0, "added"));
        Assert.Equal(7, Version(counters, 2));
        Assert.Equal(6, counters.Count());

        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
        }
        Assert.Equal(0, Version(counters, 2));
        Assert.Equal(5, counters.Count());
        Assert.Null(counters.Find(99, 0));
    }

    [Fact]
    public void A_file_renamed_over_the_open_one_gets_no_new_connection_and_is_read_once_the_database_is_reopened()
    {
        // VACUUM INTO a copy, change the copy, rename it over the live file while the pool is open. The pool's connections
        // keep the file they opened (a different inode from now on), with or without kept snapshots; what the pool must not
        // do is open another connection, which would pair the new file with the old one's -wal and -shm.
        string path = _folder.File();
        string copy = _folder.File("copy.db");
        var pool = SqliteConnectionPool.Open(path, Reuse);
        TypesDb.CountersTable counters = Seeded(pool, 3);
        Assert.Equal(0, ReadTwice(counters, 1)); // one reader, keeping a snapshot
        ExecuteOutside(path, "VACUUM INTO $value", copy);
        ExecuteOutside(copy, "UPDATE counters SET note = '5' WHERE writer = 1");
        File.Move(copy, path, overwrite: true);

        ConnectionLease held = pool.RentReader(); // the reader already open
        var error = Assert.Throws<DatabaseOpenException>(() => pool.RentReader()); // a second would be a new connection
        Assert.Equal(path, error.FilePath);
        Assert.Contains("was replaced or removed while it was open", error.Message, StringComparison.Ordinal);
        held.Dispose();
        pool.Dispose();

        using var reopened = SqliteConnectionPool.Open(path, Reuse);
        Assert.Equal(5, Version(new TypesDb.CountersTable(reopened), 1));
        using ConnectionLease check = reopened.RentReader();
        Assert.Equal("ok", check.Connection.ExecuteScalar("PRAGMA integrity_check"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_replaced_while_a_write_runs_on_another_thread_gets_no_new_connection_and_the_write_still_commits(bool delete)
    {
        // Whether the path still names the pool's file is a stat of the path (FileIdentity), not a call on the writer,
        // which a write on another thread is using all along (in SQLite's multi-thread mode a second thread's call on it
        // would race that write). The write goes on and commits into the old file, which the pool's connections keep.
        string path = _folder.File();
        string copy = _folder.File("copy.db");
        var pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default);
        Seeded(pool, 3);
        ExecuteOutside(path, "VACUUM INTO $value", copy);
        Assert.Equal(0, pool.OpenReaders); // the rent below must open a connection
        using var writing = new ManualResetEventSlim();
        using var replaced = new ManualResetEventSlim();
        Exception? writeError = null;
        var write = new Thread(() =>
        {
            try
            {
                using WriteTransaction tx = pool.BeginWrite();
                var inTransaction = new TypesDb.CountersTable(tx);
                inTransaction.Update(new Counter(1, 0, "8"));
                writing.Set();
                replaced.Wait();
                inTransaction.Update(new Counter(2, 0, "9"));
                tx.Commit();
            }
            catch (Exception error)
            {
                writeError = error;
                writing.Set();
            }
        });
        write.Start();
        writing.Wait();
        if (delete)
            File.Delete(path);
        else
            File.Move(copy, path, overwrite: true);
        var refused = Assert.Throws<DatabaseOpenException>(() => pool.RentReader());
        Assert.Contains("was replaced or removed while it was open", refused.Message, StringComparison.Ordinal);
        replaced.Set();
        write.Join();
        Assert.Null(writeError);
        using (WriteTransaction tx = pool.BeginWrite()) // the old file, through the writer that has it open
        {
            var inOld = new TypesDb.CountersTable(tx);
            Assert.Equal(("8", "9"), (inOld.Find(1, 0)!.Note, inOld.Find(2, 0)!.Note));
        }
        pool.Dispose();

        using var reopened = SqliteConnectionPool.Open(path, SqliteGenOptions.Default);
        TypesDb.CountersTable reread = Counters(reopened);
        // Renamed over: the copy, taken before the write. Deleted: a new, empty file (none of the old WAL's frames).
        Assert.Equal(delete ? 0 : 3, reread.Count());
        if (!delete)
            Assert.Equal(("0", "0"), (reread.Find(1, 0)!.Note, reread.Find(2, 0)!.Note));
        using ConnectionLease check = reopened.RentReader();
        Assert.Equal("ok", check.Connection.ExecuteScalar("PRAGMA integrity_check"));
    }

    [Fact]
    public void Maintenance_that_reads_runs_on_a_reader_without_a_kept_snapshot_and_backs_up_the_latest_commit()
    {
        // The health check measures space inside a read transaction of its own (BEGIN on the reader), which a kept
        // snapshot would refuse ("cannot start a transaction within a transaction"); a backup copies the latest commit.
        string path = _folder.File();
        string backup = _folder.File("backup.db");
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, new SqliteGenOptions { ReuseReadSnapshots = true, MaxReaders = 1 });
        TypesDb.CountersTable counters = Seeded(pool, 3);
        Assert.Equal(0, ReadTwice(counters, 1)); // the only reader keeps a snapshot
        DatabaseMaintenance maintenance = DatabaseMaintenance.ForPool(pool);
        Assert.Empty(maintenance.CheckHealth().IntegrityProblems);
        Assert.Equal(0, Version(counters, 1));
        ExecuteOutside(path, "UPDATE counters SET note = '4' WHERE writer = 1");
        maintenance.Backup(backup);
        using var copy = SqliteConnectionPool.Open(backup);
        Assert.Equal(4, Version(new TypesDb.CountersTable(copy), 1));
        Assert.Equal(4, Version(counters, 1));
    }
}

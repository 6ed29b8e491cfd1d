using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Pool;

/// <summary>
/// SQLite's multi-thread mode (<see cref="SqliteThreading.UseMultiThreadMode"/>): what SQLite itself says about the
/// pool's connections, the refusal once SQLite is initialized, and the pool under concurrent use with every background
/// user of a connection at work. The mode belongs to the process: run these with <c>SQLITEGEN_TEST_SQLITE_MULTITHREAD=1</c>
/// for the process to be in it (CONTRIBUTING.md; CI does); without, the same tests run in the serialized mode.
/// </summary>
public sealed class MultiThreadModeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>SQLite's own answer: a connection's mutex, which is null in the multi-thread mode.</summary>
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern IntPtr sqlite3_db_mutex(IntPtr db);

    private static bool HasMutex(ConnectionLease lease) =>
        sqlite3_db_mutex(lease.Connection.Connection.Handle!.DangerousGetHandle()) != IntPtr.Zero;

    [Fact]
    public void The_pool_s_connections_have_SQLite_s_mutex_exactly_when_the_process_is_not_in_the_mode()
    {
        Assert.Equal(TestOptions.MultiThread, SqliteThreading.MultiThreadMode);
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default);
        using (ConnectionLease writer = pool.RentWriter())
            Assert.Equal(!SqliteThreading.MultiThreadMode, HasMutex(writer));
        using (ConnectionLease reader = pool.RentReader())
            Assert.Equal(!SqliteThreading.MultiThreadMode, HasMutex(reader));
    }

    [Fact]
    public void Choosing_the_mode_once_SQLite_has_opened_a_connection_is_refused_and_changes_nothing()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default); // SQLite is initialized now
        if (SqliteThreading.MultiThreadMode)
        {
            SqliteThreading.UseMultiThreadMode(); // chosen at this process's start: asking again is harmless
            return;
        }
        var error = Assert.Throws<InvalidOperationException>(SqliteThreading.UseMultiThreadMode);
        Assert.Contains("before SQLite's first connection", error.Message, StringComparison.Ordinal);
        Assert.False(SqliteThreading.MultiThreadMode);
        using var another = SqliteConnectionPool.Open(_folder.File("another.db"), SqliteGenOptions.Default);
        using ConnectionLease reader = another.RentReader();
        Assert.True(HasMutex(reader));
    }

    [Fact]
    public void The_file_identity_is_the_device_and_inode_python_s_stat_reports()
    {
        string path = _folder.File();
        File.WriteAllText(path, "x");
        FileIdentity identity = Assert.IsType<FileIdentity>(FileIdentity.Of(path));
        string stat = PythonScript.Run("import os, sys; s = os.stat(sys.argv[1]); print(s.st_dev, s.st_ino)", path).Trim();
        Assert.Equal(stat, string.Create(CultureInfo.InvariantCulture, $"{identity.Device} {identity.Inode}"));
        string other = _folder.File("other.db");
        File.WriteAllText(other, "y");
        File.Move(other, path, overwrite: true);
        Assert.NotEqual(identity, FileIdentity.Of(path));
        File.Delete(path);
        Assert.Null(FileIdentity.Of(path));
    }

    [Fact]
    public void Readers_writers_the_snapshot_timer_the_checkpointer_and_maintenance_share_the_pool_and_every_read_keeps_to_the_ledger()
    {
        // Every user of a connection from a thread of its own at once: two writers (group commit), four readers keeping
        // snapshots on three connections, the snapshot timer, WAL restarts (the checkpointer's connection, the reader and
        // writer gates, "let go"), and maintenance on a reader and on the writer, some of it canceled (sqlite3_interrupt
        // from the cancelling thread). In the multi-thread mode two threads on one connection would corrupt SQLite's
        // state; each read is checked against the ledger of acknowledged writes, and the file by SQLite's integrity check.
        const int Keys = 8;
        const int WritesPerWriter = 1_200;
        string path = _folder.File();
        using var pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = true, MaxReaders = 3 });
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        var counters = new TypesDb.CountersTable(pool);
        counters.InsertMany(Enumerable.Range(0, Keys).Select(key => new Counter(key, 0, "0")).ToList());
        long[] acknowledged = new long[Keys];
        var failures = new ConcurrentQueue<string>();
        int writersLeft = 2;
        bool Writing() => Volatile.Read(ref writersLeft) > 0;

        void Guard(string who, Action body)
        {
            try
            {
                body();
            }
            catch (Exception error)
            {
                failures.Enqueue($"{who}: {error}");
            }
        }

        Thread Start(string who, Action body)
        {
            var thread = new Thread(() => Guard(who, body)) { IsBackground = true, Name = who };
            thread.Start();
            return thread;
        }

        Thread[] writers = Enumerable.Range(0, 2).Select(writer => Start($"writer {writer}", () =>
        {
            try
            {
                for (int version = 1; version <= WritesPerWriter; version++)
                {
                    int key = writer + 2 * (version % (Keys / 2)); // each writer owns its keys: versions only grow
                    counters.Update(new Counter(key, 0, version.ToString(CultureInfo.InvariantCulture)));
                    Volatile.Write(ref acknowledged[key], version);
                }
            }
            finally
            {
                Interlocked.Decrement(ref writersLeft);
            }
        })).ToArray();
        Thread[] readers = Enumerable.Range(0, 4).Select(reader => Start($"reader {reader}", () =>
        {
            var random = new Random(reader);
            while (Writing())
            {
                int key = random.Next(Keys);
                long before = Volatile.Read(ref acknowledged[key]);
                long read = long.Parse(counters.Find(key, 0)!.Note, CultureInfo.InvariantCulture);
                if (read < before)
                    failures.Enqueue($"reader {reader}: key {key} read version {read} after version {before} was acknowledged");
            }
        })).ToArray();
        Thread restarts = Start("WAL restarts", () =>
        {
            do
            {
                pool.Checkpointer!.RestartWalNow();
                pool.ReleaseReadSnapshots();
                Thread.Sleep(1);
            }
            while (Writing());
        });
        Thread maintenance = Start("maintenance", () =>
        {
            DatabaseMaintenance runs = DatabaseMaintenance.ForPool(pool);
            var random = new Random(7);
            do
            {
                using var cancel = new CancellationTokenSource();
                cancel.CancelAfter(random.Next(0, 3));
                try
                {
                    if (random.Next(2) == 0)
                        runs.CheckHealth(cancellationToken: cancel.Token);
                    else
                        runs.Checkpoint(CheckpointMode.Passive, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    // canceled before or during the statement: the run says so, nothing else changes
                }
            }
            while (Writing());
        });

        foreach (Thread thread in writers.Concat(readers).Append(restarts).Append(maintenance))
            thread.Join();
        Assert.Empty(failures);
        for (int key = 0; key < Keys; key++)
            Assert.Equal(acknowledged[key], long.Parse(counters.Find(key, 0)!.Note, CultureInfo.InvariantCulture));
        Assert.True(pool.Checkpointer!.WalRestarts + pool.Checkpointer.WalRestartsGivenUp > 0);
        Assert.NotEmpty(MaintenanceHistory.Of(pool).Snapshot());
        pool.Dispose();
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        check.Open();
        using SqliteCommand integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", integrity.ExecuteScalar());
    }
}

using System;
using System.IO;
using System.Threading;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>WAL checkpoints happen in the background, not inside a caller's commit.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static long WriterPragma(SqliteConnectionPool pool, string name)
    {
        using ConnectionLease lease = pool.RentWriter();
        return Convert.ToInt64(lease.Connection.ExecuteScalar("PRAGMA " + name), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static TypesDb.CountersTable Counters(SqliteConnectionPool pool)
    {
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        return new TypesDb.CountersTable(pool);
    }

    [Fact]
    public void Writes_are_checkpointed_into_the_database_file_once_the_WAL_grows_by_4000_frames()
    {
        string path = _folder.File();
        using var pool = SqliteConnectionPool.Open(path);
        TypesDb.CountersTable counters = Counters(pool);
        Assert.Equal(0, WriterPragma(pool, "wal_autocheckpoint"));
        long fileBefore = new FileInfo(path).Length;

        // Each autocommit insert writes at least two frames (a 500-byte row: its table page and its index page).
        for (int i = 0; i < 2_500; i++)
            counters.Insert(new Counter(1, i, new string('x', 500)));

        Assert.True(SpinWait.SpinUntil(() => pool.CheckpointsCompleted > 0, TimeSpan.FromSeconds(20)), "no background checkpoint ran after 2,500 commits");
        long grown = new FileInfo(path).Length - fileBefore;
        Assert.True(grown >= 150_000, $"the main database file grew by {grown} bytes: the WAL was not checkpointed into it");
        Assert.Equal(2_500, counters.FindByNote(new string('x', 500)).Count);
    }

    [Fact]
    public void A_few_writes_do_not_start_a_checkpoint()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File());
        TypesDb.CountersTable counters = Counters(pool);
        for (int i = 0; i < 20; i++)
            counters.Insert(new Counter(1, i, "x"));
        Thread.Sleep(200); // longer than the 50 ms of the time rule, which only applies without the WAL hook
        counters.Insert(new Counter(2, 0, "x"));
        Thread.Sleep(100);
        Assert.Equal(0, pool.CheckpointsCompleted);
    }

    [Fact]
    public void Under_steady_writes_the_WAL_restarts_from_its_beginning_instead_of_growing()
    {
        // A checkpoint that runs beside the writer never finds the WAL complete while writes go on, and only a complete
        // one lets the writer restart the WAL: the checkpointer's second pass, holding the writer, completes it.
        string path = _folder.File();
        using var pool = SqliteConnectionPool.Open(path);
        TypesDb.CountersTable counters = Counters(pool);
        const int Writes = 8_000; // about three frames each: 26,000 frames if the WAL never restarted
        for (int i = 0; i < Writes; i++)
            counters.Insert(new Counter(1, i, "note " + i));

        long walBytes = new FileInfo(path + "-wal").Length; // the file keeps the largest size the WAL reached
        long frames = walBytes / (4096 + 24);
        Assert.True(pool.CheckpointsCompleted >= 2, $"{pool.CheckpointsCompleted} checkpoints ran, WAL {frames} frames");
        // How far below the ~26,000 frames of a never-restarting WAL it stays depends on the checkpointer thread's CPU
        // share beside the writer (under 12,000 on an idle machine, 12,800 seen with both cores saturated): the bound
        // asserts the restarts, with room for a loaded machine.
        Assert.True(frames < 19_500, $"the WAL reached {frames:N0} frames over {Writes:N0} commits: it was not restarted");
        Assert.Equal(Writes, counters.Count());
    }

    [Fact]
    public void With_background_checkpoints_off_SQLite_checkpoints_as_usual()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { BackgroundCheckpoint = false });
        TypesDb.CountersTable counters = Counters(pool);
        // The pool's WAL hook (ExternalCommitWatch) replaces SQLite's automatic checkpoint, so the pragma reads 0; the
        // hook checkpoints at 1,000 frames itself (WalIndexHeaderTests checks the WAL does not grow past that).
        Assert.Equal(0, WriterPragma(pool, "wal_autocheckpoint"));
        counters.Insert(new Counter(1, 1, "x"));
        Assert.Equal(0, pool.CheckpointsCompleted);
    }
}

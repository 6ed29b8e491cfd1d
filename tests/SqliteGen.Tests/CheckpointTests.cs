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
    public void Writes_are_checkpointed_into_the_database_file_by_the_background_checkpointer()
    {
        string path = _folder.File();
        using var pool = SqliteConnectionPool.Open(path);
        TypesDb.CountersTable counters = Counters(pool);
        Assert.Equal(0, WriterPragma(pool, "wal_autocheckpoint"));
        long fileBefore = new FileInfo(path).Length;

        for (int i = 0; i < 400; i++)
            counters.Insert(new Counter(1, i, new string('x', 500)));

        // Every write after the 50 ms interval schedules a checkpoint; keep nudging until one that started
        // after the 400 rows were committed has copied them into the main file (timing-independent).
        long grown = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (int nudge = 0; grown < 150_000 && DateTime.UtcNow < deadline; nudge++)
        {
            Thread.Sleep(60);
            int completed = pool.CheckpointsCompleted;
            counters.Insert(new Counter(2, nudge, "nudge"));
            SpinWait.SpinUntil(() => pool.CheckpointsCompleted > completed, TimeSpan.FromSeconds(1));
            grown = new FileInfo(path).Length - fileBefore;
        }
        Assert.True(grown >= 150_000, $"the main database file grew by {grown} bytes: the WAL was not checkpointed into it");
        Assert.True(pool.CheckpointsCompleted > 0);
        Assert.Equal(400, counters.FindByNote(new string('x', 500)).Count);
    }

    [Fact]
    public void With_background_checkpoints_off_SQLite_checkpoints_as_usual()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), new SqliteGenOptions { BackgroundCheckpoint = false });
        TypesDb.CountersTable counters = Counters(pool);
        // The pool's WAL hook (ExternalCommitWatch) replaces SQLite's automatic checkpoint, so the pragma reads 0; the
        // hook checkpoints at 1,000 frames itself (WalIndexHeaderTests checks the WAL does not grow past that).
        Assert.Equal(0, WriterPragma(pool, "wal_autocheckpoint"));
        counters.Insert(new Counter(1, 1, "x"));
        Assert.Equal(0, pool.CheckpointsCompleted);
    }
}

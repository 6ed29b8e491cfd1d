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
        SchemaInitializer.EnsureSchema(pool, nameof(TypesDb), TypesDb.SchemaVersion, TypesDb.CreateSchemaSql);
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

        // Writes spread over more than one 50 ms interval, so at least one checkpoint is due.
        for (int i = 0; i < 400; i++)
        {
            counters.Insert(new Counter(1, i, new string('x', 500)));
            if (i % 100 == 99)
                Thread.Sleep(60);
        }
        Assert.True(SpinWait.SpinUntil(() => pool.CheckpointsCompleted > 0, TimeSpan.FromSeconds(10)));
        Assert.True(new FileInfo(path).Length > fileBefore + 100_000, "the rows reached the main database file");
        Assert.Equal(400, counters.Count());
    }

    [Fact]
    public void With_background_checkpoints_off_SQLite_checkpoints_as_usual()
    {
        using var pool = SqliteConnectionPool.Open(_folder.File(), new SqliteGenOptions { BackgroundCheckpoint = false });
        TypesDb.CountersTable counters = Counters(pool);
        Assert.Equal(1000, WriterPragma(pool, "wal_autocheckpoint"));
        counters.Insert(new Counter(1, 1, "x"));
        Assert.Equal(0, pool.CheckpointsCompleted);
    }
}

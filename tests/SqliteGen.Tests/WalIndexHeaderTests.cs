using System;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// The pool's change stamp (the wal-index header SQLite shares between connections): it must move on every commit,
/// whoever makes it (this pool, another connection, another process: the same shared memory), and stay put on reads.
/// </summary>
public sealed class WalIndexHeaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static WalStamp Stamp(SqliteConnectionPool pool)
    {
        Assert.True(pool.TryReadChangeStamp(out WalStamp stamp), "the wal-index header of a WAL file should be readable");
        return stamp;
    }

    private static void Execute(ConnectionSource source, string sql)
    {
        using ConnectionLease lease = source.RentWriter();
        lease.Connection.ExecuteNonQuery(sql);
    }

    [Fact]
    public void The_stamp_moves_on_every_commit_and_not_on_reads()
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File());
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        WalStamp before = Stamp(pool);
        Assert.Equal(before, Stamp(pool));

        using (ConnectionLease reader = pool.RentReader())
            Assert.Equal(0L, reader.Connection.ExecuteScalar("SELECT count(*) FROM t"));
        Assert.Equal(before, Stamp(pool));

        Execute(pool, "INSERT INTO t (v) VALUES ('a')");
        WalStamp afterOne = Stamp(pool);
        Assert.NotEqual(before, afterOne);

        Execute(pool, "INSERT INTO t (v) VALUES ('b')");
        Assert.NotEqual(afterOne, Stamp(pool));
    }

    [Fact]
    public void A_commit_by_a_connection_outside_the_pool_moves_the_stamp()
    {
        string file = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(file);
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        WalStamp before = Stamp(pool);

        using (var other = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            other.Open();
            using SqliteCommand insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO t (v) VALUES ('from elsewhere')";
            insert.ExecuteNonQuery();
        }
        Assert.NotEqual(before, Stamp(pool));
    }

    [Fact]
    public void A_rolled_back_transaction_leaves_the_stamp_and_a_checkpoint_may_move_it()
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File(), new SqliteGenOptions { BackgroundCheckpoint = false });
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        WalStamp before = Stamp(pool);
        using (WriteTransaction transaction = pool.BeginWrite())
        {
            using ConnectionLease lease = transaction.RentWriter();
            lease.Connection.ExecuteNonQuery("INSERT INTO t (v) VALUES ('never')");
            transaction.Rollback();
        }
        Assert.Equal(before, Stamp(pool));

        // A truncating checkpoint resets the WAL, which rewrites the header: a change too many is allowed (callers
        // re-read), a missed commit is not, and the next commit must move it again.
        Execute(pool, "PRAGMA wal_checkpoint(TRUNCATE)");
        WalStamp afterCheckpoint = Stamp(pool);
        Execute(pool, "INSERT INTO t (v) VALUES ('after')");
        Assert.NotEqual(afterCheckpoint, Stamp(pool));
    }

    [Fact]
    public void A_closed_pool_has_no_stamp()
    {
        SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File());
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        Stamp(pool);
        pool.Dispose();
        Assert.False(pool.TryReadChangeStamp(out _));
    }
}

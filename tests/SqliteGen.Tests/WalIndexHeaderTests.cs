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
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { BackgroundCheckpoint = false });
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

    private static long Epoch(SqliteConnectionPool pool)
    {
        Assert.True(pool.TryGetExternalCommitEpoch(out long epoch), "with the writer idle the epoch must be known");
        return epoch;
    }

    private static void WriteElsewhere(string file, string sql)
    {
        using var other = new SqliteConnection($"Data Source={file};Pooling=false");
        other.Open();
        using SqliteCommand command = other.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void The_pools_own_commits_of_every_kind_leave_the_outside_epoch_alone()
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(_folder.File());
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        long start = Epoch(pool);
        Execute(pool, "INSERT INTO t (v) VALUES ('autocommit')");
        Execute(pool, "UPDATE t SET v = 'none' WHERE id = 999"); // commits nothing
        Execute(pool, "UPDATE t SET v = 'autocommit' WHERE id = 1"); // the same value again
        using (WriteTransaction transaction = pool.BeginWrite())
        {
            using (ConnectionLease lease = transaction.RentWriter())
                lease.Connection.ExecuteNonQuery("INSERT INTO t (v) VALUES ('in a transaction')");
            transaction.Commit();
        }
        using (WriteTransaction transaction = pool.BeginWrite())
        {
            using (ConnectionLease lease = transaction.RentWriter())
                lease.Connection.ExecuteNonQuery("INSERT INTO t (v) VALUES ('rolled back')");
            transaction.Rollback();
        }
        // Group-committed writes from many tasks.
        System.Threading.Tasks.Parallel.For(0, 64, i => pool.Write(i, static (connection, n) =>
        {
            connection.ExecuteNonQuery("INSERT INTO t (v) VALUES ('group " + n + "')");
            return 0;
        }));
        Execute(pool, "PRAGMA wal_checkpoint(TRUNCATE)");
        Execute(pool, "INSERT INTO t (v) VALUES ('after the WAL restarted')");
        Assert.Equal(start, Epoch(pool));
    }

    [Fact]
    public void A_commit_from_outside_moves_the_epoch_even_between_two_of_the_pools_own()
    {
        string file = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(file);
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        long start = Epoch(pool);

        WriteElsewhere(file, "INSERT INTO t (v) VALUES ('outside')");
        long afterOne = Epoch(pool);
        Assert.NotEqual(start, afterOne);
        Assert.Equal(afterOne, Epoch(pool));

        // Outside, then the pool, with nobody asking in between: the pool's commit hook sees the outside commit.
        WriteElsewhere(file, "INSERT INTO t (v) VALUES ('outside again')");
        Execute(pool, "INSERT INTO t (v) VALUES ('own')");
        long afterTwo = Epoch(pool);
        Assert.NotEqual(afterOne, afterTwo);

        // The pool, then outside: seen when asked.
        Execute(pool, "INSERT INTO t (v) VALUES ('own again')");
        WriteElsewhere(file, "INSERT INTO t (v) VALUES ('outside, last')");
        Assert.NotEqual(afterTwo, Epoch(pool));
    }

    [Fact]
    public void Without_the_background_checkpointer_the_WAL_is_still_checkpointed_automatically()
    {
        // The watch's WAL hook replaces SQLite's automatic checkpoint, so it must do the same job.
        string file = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(file, SqliteGenOptions.Default with { BackgroundCheckpoint = false });
        Execute(pool, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
        for (int i = 0; i < 1_500; i++)
            Execute(pool, "INSERT INTO t (v) VALUES (zeroblob(4000))"); // about two pages a commit: past 1,000 frames
        long walPages = new System.IO.FileInfo(file + "-wal").Length / 4096;
        using ConnectionLease reader = pool.RentReader();
        // A passive checkpoint ran: the WAL was restarted from the start, so it holds far fewer frames than written.
        Assert.True(walPages < 2_500, $"the WAL holds {walPages} pages after 1,500 two-page commits");
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

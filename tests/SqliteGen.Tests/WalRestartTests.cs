using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// Why readers that never pause make the WAL grow, with SQLite alone as the oracle (no pool): the frame counts
/// <c>PRAGMA wal_checkpoint</c> reports (busy, log, checkpointed: <c>sqlite3_wal_checkpoint_v2</c>'s result and
/// <c>pnLog</c>, <c>pnCkpt</c>) and the <c>-wal</c> file's size. A commit starts the WAL again from its first frame only
/// when every frame has been copied back and no reader still reads from the WAL; a reader transaction that is always
/// open somewhere (readers overlapping, none ever the last to leave) stops that for good, however often a checkpoint
/// runs. SqliteConnectionPool's WAL bound (docs/design.md, "The WAL bound") is built on these facts.
/// </summary>
public sealed class WalRestartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 0"); // a checkpoint that would wait says busy at once
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A reader transaction holding a snapshot (a deferred BEGIN and its first read).</summary>
    private static void BeginRead(SqliteConnection reader)
    {
        Execute(reader, "BEGIN");
        using SqliteCommand command = reader.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        command.ExecuteScalar();
    }

    /// <summary>(busy, frames in the WAL, frames copied back) from <c>PRAGMA wal_checkpoint(mode)</c>.</summary>
    private static (long Busy, long Log, long Checkpointed) Checkpoint(SqliteConnection connection, string mode)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = mode switch
        {
            "PASSIVE" => "PRAGMA wal_checkpoint(PASSIVE)",
            "RESTART" => "PRAGMA wal_checkpoint(RESTART)",
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        using SqliteDataReader row = command.ExecuteReader();
        Assert.True(row.Read());
        return (row.GetInt64(0), row.GetInt64(1), row.GetInt64(2));
    }

    private static void Commit(SqliteConnection writer) => Execute(writer, "INSERT INTO t (v) VALUES (zeroblob(100))");

    private (SqliteConnection Writer, SqliteConnection Checkpointer, string Path) Setup()
    {
        string path = _folder.File();
        SqliteConnection writer = Connect(path);
        Execute(writer, "PRAGMA journal_mode = WAL");
        Execute(writer, "PRAGMA wal_autocheckpoint = 0"); // checkpoints only where the test runs them, as the pool's writer
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
        return (writer, Connect(path), path);
    }

    [Fact]
    public void Overlapping_readers_keep_the_WAL_from_restarting_however_often_it_is_checkpointed()
    {
        (SqliteConnection writer, SqliteConnection checkpointer, string path) = Setup();
        using (writer)
        using (checkpointer)
        {
            SqliteConnection[] readers = [Connect(path), Connect(path)];
            foreach (SqliteConnection reader in readers)
                BeginRead(reader);
            long lastLog = 0;
            for (int i = 0; i < 40; i++)
            {
                Commit(writer);
                // One reader ends and begins again on the newest snapshot while the other still reads: at every moment a
                // reader transaction is open, as with readers reading without pause.
                SqliteConnection next = readers[i % 2];
                Execute(next, "COMMIT");
                BeginRead(next);
                (long busy, long log, long checkpointed) = Checkpoint(checkpointer, "PASSIVE");
                Assert.Equal(0, busy); // PASSIVE never says busy for readers: it copies what it may and stops there
                Assert.True(log > lastLog, $"commit {i}: the WAL held {log} frames after {lastLog}: it restarted with a reader in it");
                Assert.True(checkpointed < log, "the older reader's snapshot keeps the newest frames from being copied");
                lastLog = log;
            }
            long walBytes = new FileInfo(path + "-wal").Length;
            Assert.True(walBytes >= lastLog * (4096 + 24), $"every frame is an append: {walBytes} bytes for {lastLog} frames");

            // The moment no reader is in the WAL, a checkpoint copies it all and the next commit starts it from frame 1.
            foreach (SqliteConnection reader in readers)
                Execute(reader, "COMMIT");
            (long _, long before, long copied) = Checkpoint(checkpointer, "PASSIVE");
            Assert.Equal(before, copied);
            Commit(writer);
            Assert.True(Checkpoint(checkpointer, "PASSIVE").Log < 4, "the commit after a complete checkpoint with no reader restarts the WAL");
            Assert.Equal(walBytes, new FileInfo(path + "-wal").Length); // restarted, not truncated: the file is written over
            foreach (SqliteConnection reader in readers)
                reader.Dispose();
        }
    }

    [Fact]
    public void A_RESTART_checkpoint_says_busy_while_a_reader_is_in_the_WAL_and_restarts_it_once_none_is()
    {
        (SqliteConnection writer, SqliteConnection checkpointer, string path) = Setup();
        using (writer)
        using (checkpointer)
        using (SqliteConnection reader = Connect(path))
        {
            for (int i = 0; i < 10; i++)
                Commit(writer);
            BeginRead(reader);
            Commit(writer);
            // With no busy handler (busy_timeout 0), RESTART does what PASSIVE would (copies up to the reader's snapshot)
            // and reports busy instead of waiting: another process's reader is out of anyone's reach, so the pool's bound
            // can only retry later.
            (long busy, long log, long checkpointed) = Checkpoint(checkpointer, "RESTART");
            Assert.Equal(1, busy);
            Assert.True(checkpointed < log);
            Commit(writer);
            Assert.True(Checkpoint(checkpointer, "PASSIVE").Log > log, "the WAL grew on: nothing restarted it");

            Execute(reader, "COMMIT");
            Assert.Equal(0, Checkpoint(checkpointer, "RESTART").Busy);
            Commit(writer);
            Assert.True(Checkpoint(checkpointer, "PASSIVE").Log < 4, "the commit after RESTART writes from the WAL's beginning");
            // A reader that begins after the checkpoint copied everything reads the database file alone (read mark 0) and
            // does not stop the next restart.
            Assert.Equal(0, Checkpoint(checkpointer, "RESTART").Busy);
            BeginRead(reader);
            Assert.Equal(0, Checkpoint(checkpointer, "RESTART").Busy);
            Commit(writer);
            Assert.True(Checkpoint(checkpointer, "PASSIVE").Log < 4, "a reader on the file alone does not hold the WAL");
            Execute(reader, "COMMIT");
        }
    }
}

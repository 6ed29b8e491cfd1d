using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <see cref="DatabaseMaintenance"/> on an open <see cref="SqliteConnectionPool"/> (the pool keeps
/// working around it) and the runs it records on the <c>SqliteGen</c> meter.
/// </summary>
public sealed class MaintenanceApiTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void Write(SqliteConnectionPool pool, string sql)
    {
        using ConnectionLease lease = pool.RentWriter();
        lease.Connection.ExecuteNonQuery(sql);
    }

    private static long Count(SqliteConnectionPool pool, string table)
    {
        using ConnectionLease lease = pool.RentReader();
        return Convert.ToInt64(lease.Connection.ExecuteScalar("SELECT count(*) FROM " + table), CultureInfo.InvariantCulture);
    }

    private static SqliteConnectionPool OpenWithNotes(string path, int rows)
    {
        SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
        Write(pool, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        Write(pool, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO notes (body) SELECT printf('%.400c', 'x') FROM n");
        return pool;
    }

    [Fact]
    public void On_a_pool_a_truncate_checkpoint_empties_the_WAL_and_then_the_space_adds_up_to_the_page_count()
    {
        using SqliteConnectionPool pool = OpenWithNotes(_folder.File("app.db"), rows: 3000);
        DatabaseMaintenance maintenance = DatabaseMaintenance.ForPool(pool);
        Assert.NotNull(maintenance.MeasureSpace().NotMeasuredReason); // the writes are still in the WAL

        CheckpointResult checkpoint = maintenance.Checkpoint(CheckpointMode.Truncate);
        Assert.True(checkpoint.IsWal);
        Assert.False(checkpoint.Busy);
        Assert.True(checkpoint.WalBytesBefore > 0);
        Assert.Equal(0, checkpoint.WalBytesAfter);
        Assert.Equal(0, new FileInfo(pool.FilePath + "-wal").Length);

        SpaceReport space = maintenance.MeasureSpace();
        HealthReport health = maintenance.CheckHealth(IntegrityCheckKind.Full);
        Assert.Null(space.NotMeasuredReason);
        Assert.Equal(health.PageCount - health.FreePages, space.BTrees.Sum(b => b.Pages));
        Assert.Equal("notes", space.BTrees[0].Name); // largest first
        Assert.Equal(HealthVerdict.Ok, health.Verdict);
        Assert.Equal("wal", health.JournalMode);
        Assert.NotNull(health.Fragmentation);

        Write(pool, "INSERT INTO notes (body) VALUES ('after')"); // the pool's writer still works
        Assert.Equal(3001, Count(pool, "notes"));
    }

    [Fact]
    public void On_a_pool_a_vacuum_reclaims_deleted_rows_and_the_pool_keeps_reading_and_writing()
    {
        using SqliteConnectionPool pool = OpenWithNotes(_folder.File("app.db"), rows: 4000);
        Assert.Equal(4000, Count(pool, "notes")); // a reader is open during the vacuum
        Write(pool, "DELETE FROM notes WHERE id > 400");

        VacuumResult result = DatabaseMaintenance.ForPool(pool).Vacuum();

        Assert.True(result.BytesReclaimed > 1_000_000, $"reclaimed {result.BytesReclaimed} bytes");
        Assert.Equal(0, result.FreePagesAfter);
        Assert.Equal(result.PagesAfter * result.PageSize, result.FileBytesAfter);
        Assert.Equal(result.PagesAfter * result.PageSize, new FileInfo(pool.FilePath).Length);
        Write(pool, "INSERT INTO notes (body) VALUES ('after')");
        Assert.Equal(401, Count(pool, "notes"));
    }

    [Fact]
    public void On_a_pool_a_backup_during_writes_is_one_commit_s_state()
    {
        using SqliteConnectionPool pool = OpenWithNotes(_folder.File("app.db"), rows: 1000);
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
                Write(pool, "INSERT INTO notes (body) SELECT body FROM notes WHERE id <= 10"); // ten rows per commit
        });
        writer.Start();
        Thread.Sleep(50);

        BackupResult backup = DatabaseMaintenance.ForPool(pool).Backup(_folder.File("copy.db"));
        stop.Cancel();
        writer.Join();

        Assert.Equal(new FileInfo(backup.DestinationPath).Length, backup.Bytes);
        Assert.Equal("ok", Db.Text(backup.DestinationPath, "PRAGMA integrity_check"));
        long rows = Db.Long(backup.DestinationPath, "SELECT count(*) FROM notes");
        Assert.InRange(rows, 1000, Count(pool, "notes"));
        Assert.Equal(0, rows % 10);
    }

    [Fact]
    public void Space_counts_the_overflow_pages_of_large_values_in_tables_and_indexes()
    {
        string path = _folder.File("blobs.db");
        using (var connection = Db.Open(path))
        {
            Db.Execute(connection, "CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT NOT NULL, content BLOB NOT NULL)");
            Db.Execute(connection, "CREATE INDEX ix_files_name ON files (name)");
            // contents from 1 byte to ~60 KB (0 to 15 overflow pages); names of 3,000 characters overflow the index too
            Db.Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) " +
                "INSERT INTO files (name, content) SELECT printf('%.3000c', char(65 + i % 26)) || i, zeroblob(i * i * 2 / 3 + 1) FROM n");
            Db.Execute(connection, "DELETE FROM files WHERE id % 7 = 0"); // and some free pages
        }

        SpaceReport space = DatabaseMaintenance.ForFile(path).MeasureSpace();
        HealthReport health = DatabaseMaintenance.ForFile(path).CheckHealth();

        Assert.Null(space.NotMeasuredReason);
        Assert.True(health.FreePages > 0);
        Assert.Equal(health.PageCount - health.FreePages, space.BTrees.Sum(b => b.Pages));
        long contentBytes = Db.Long(path, "SELECT sum(length(content) + length(name)) FROM files");
        BTreeUsage files = space.BTrees.Single(b => b.Name == "files");
        Assert.InRange(files.Bytes, contentBytes, contentBytes * 11 / 10 + 100 * 4096);
        Assert.True(space.BTrees.Single(b => b.Name == "ix_files_name").Pages > 250, "each 3,000-character key spills onto an overflow page");
    }

    [Fact]
    public void A_WAL_over_the_threshold_is_a_warning_that_says_what_to_do()
    {
        using SqliteConnectionPool pool = OpenWithNotes(_folder.File("app.db"), rows: 500);

        HealthReport health = DatabaseMaintenance.ForPool(pool).CheckHealth(thresholds: new HealthThresholds { MaxWalBytes = 10_000 });

        Assert.Equal(HealthVerdict.Warning, health.Verdict);
        Assert.True(health.WalBytes > 10_000);
        Assert.Equal($"The WAL is {health.WalBytes:N0} bytes (limit 10,000): checkpoints are not keeping up, often because a reader stays open; run a TRUNCATE checkpoint.", Assert.Single(health.Findings));
        Assert.Null(health.Fragmentation);
        Assert.Equal("the WAL holds pages not yet copied into the file; run a TRUNCATE checkpoint first", health.FragmentationNotMeasured);
    }

    [Fact]
    public void Cancelling_interrupts_a_long_integrity_check_and_leaves_the_file_as_it_was()
    {
        string path = _folder.File("big.db");
        using (var connection = Db.Open(path))
        {
            Db.Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)");
            Db.Execute(connection, "CREATE INDEX ix_t_a ON t (a)");
            Db.Execute(connection, "CREATE INDEX ix_t_b ON t (b)");
            Db.Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) " +
                "INSERT INTO t (a, b) SELECT hex(randomblob(16)), hex(randomblob(24)) FROM n");
        }
        DatabaseMaintenance maintenance = DatabaseMaintenance.ForFile(path);
        using var cancel = new CancellationTokenSource();

        // Cancel while the check runs. How long the check takes depends on the machine, so shorter delays are tried
        // until one lands inside it (a check that finishes first is simply run again with a shorter delay).
        OperationCanceledException? canceled = null;
        foreach (int delay in new[] { 200, 100, 50, 20, 10, 5, 2, 1 })
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
            try
            {
                maintenance.CheckHealth(IntegrityCheckKind.Full, cancellationToken: attempt.Token);
            }
            catch (OperationCanceledException error) when (error.InnerException is Microsoft.Data.Sqlite.SqliteException)
            {
                Assert.Equal(attempt.Token, error.CancellationToken);
                canceled = error;
                break;
            }
            catch (OperationCanceledException)
            {
                // canceled before the check started: try the next delay
            }
        }
        Assert.NotNull(canceled);
        Assert.Equal(9, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(canceled.InnerException).SqliteErrorCode); // SQLITE_INTERRUPT: stopped mid-check
        cancel.Cancel();
        Assert.Empty(maintenance.CheckHealth(IntegrityCheckKind.Full).IntegrityProblems);
        Assert.ThrowsAny<OperationCanceledException>(() => maintenance.Vacuum(cancellationToken: cancel.Token)); // already canceled: not started
        Assert.Equal(100_000, Db.Long(path, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Every_run_is_recorded_on_the_SqliteGen_meter_with_its_kind_outcome_and_duration()
    {
        string path = _folder.File("app.db");
        var runs = new ConcurrentQueue<(string Instrument, double Value, string Kind, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqliteGenMetrics.MeterName && instrument.Name.StartsWith("sqlitegen.maintenance.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var byName = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
                byName[tag.Key] = tag.Value;
            if ((string?)byName["db.file"] == path) // other tests run in parallel
                runs.Enqueue((instrument.Name, value, (string)byName["sqlitegen.maintenance.kind"]!, (string)byName["sqlitegen.maintenance.outcome"]!));
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        Db.CreateNotes(path, rows: 100);
        DatabaseMaintenance maintenance = DatabaseMaintenance.ForFile(path);
        maintenance.CheckHealth();
        maintenance.Checkpoint();
        maintenance.Vacuum();
        maintenance.Backup(_folder.File("copy.db"));
        Assert.Throws<SqliteGenException>(() => maintenance.Vacuum(VacuumKind.Incremental));

        var counted = runs.Where(r => r.Instrument == "sqlitegen.maintenance.runs").Select(r => (r.Kind, r.Outcome, r.Value)).ToList();
        Assert.Equal(new[] { ("health", "ok", 1.0), ("checkpoint", "ok", 1.0), ("vacuum", "ok", 1.0), ("backup", "ok", 1.0), ("incremental_vacuum", "error", 1.0) }, counted);
        var timed = runs.Where(r => r.Instrument == "sqlitegen.maintenance.duration").ToList();
        Assert.Equal(5, timed.Count);
        Assert.All(timed, r => Assert.InRange(r.Value, 0.000_001, 30));
    }
}

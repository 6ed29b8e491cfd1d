using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Benchmarks;

/// <summary>One temporary database file per benchmark: created in GlobalSetup, deleted in GlobalCleanup.</summary>
public static class TempDatabase
{
    /// <summary>A new file path (nothing created yet) in the temp folder.</summary>
    public static string NewPath(string name) =>
        Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.db");

    /// <summary>
    /// Creates the file at <paramref name="path"/> with the schema and rows 0 .. rows-1, written by the
    /// hand-written store (so both sides start from identical files), then closes it: the WAL is
    /// checkpointed into the main file and removed.
    /// </summary>
    public static void CreateSeeded(string path, int rows)
    {
        using var store = HandWrittenStore.Open(path);
        if (rows > 0)
            store.InsertMany(OrderData.Range(0, rows));
        store.InsertParcels(OrderData.Parcels(ParcelRows));
    }

    /// <summary>
    /// Commits one row into a table of its own on a short-lived extra connection, after the side's store is open, so
    /// every side reads with frames in the WAL. With an empty WAL (a fresh file, or one just checkpointed and reset)
    /// SQLite takes the database size from the file, one <c>fstat</c> per read transaction (RESULTS.md
    /// measured it), and from the WAL otherwise; SqliteGen's first open records its migration history and so leaves frames,
    /// which without this would give its reads alone the cheaper path.
    /// </summary>
    public static void LeaveWalFrames(string path) =>
        Execute(path, "CREATE TABLE IF NOT EXISTS bench_wal_marker (id INTEGER PRIMARY KEY); INSERT INTO bench_wal_marker DEFAULT VALUES");

    /// <summary>Parcels seeded into every file (the JSON query reads <c>ParcelRows / Carriers</c> of them).</summary>
    public const int ParcelRows = 1_000;

    /// <summary>Inserts <paramref name="orders"/> in one transaction on a short-lived extra connection (between iterations, never timed).</summary>
    public static void Insert(string path, List<Order> orders)
    {
        using var store = HandWrittenStore.Open(path);
        store.InsertMany(orders);
    }

    /// <summary>Runs one statement on a short-lived extra connection (used between iterations, never timed).</summary>
    public static int Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000";
        command.ExecuteNonQuery();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public static void Delete(string? path)
    {
        if (path is null)
            return;
        foreach (string suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try { File.Delete(path + suffix); }
            catch (IOException) { }
        }
    }
}

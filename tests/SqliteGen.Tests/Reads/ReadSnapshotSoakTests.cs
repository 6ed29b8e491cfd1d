using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
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
/// The long WAL soak (CONTRIBUTING.md, "Long runs"; not in CI): <c>SQLITEGEN_WAL_SOAK_MINUTES=N</c> runs mixed reads and
/// writes for N minutes on one file, once with <see cref="SqliteGenOptions.ReuseReadSnapshots"/> and once without, and
/// prints the largest size the WAL file reached (sampled every 10 ms). Readers that are busy all the time (and kept
/// snapshots, which hold read marks) keep the WAL from restarting by itself; the soak measures the WAL under the WAL bound
/// (<see cref="SqliteGenOptions.WalSizeLimitBytes"/>, the default 64 MiB) with and without the option, with and without
/// another connection committing.
/// </summary>
public sealed class ReadSnapshotSoakTests : IDisposable
{
    private const string Variable = "SQLITEGEN_WAL_SOAK_MINUTES";
    private const int FrameBytes = 4096 + 24;

    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public ReadSnapshotSoakTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>A theory that runs only when <see cref="Variable"/> gives a number of minutes.</summary>
    public sealed class WalSoakTheoryAttribute : TheoryAttribute
    {
        public WalSoakTheoryAttribute()
        {
            if (Minutes is null)
                Skip = $"a long run: set {Variable}=N (minutes per case) to run it";
        }
    }

    private static double? Minutes =>
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out double minutes) && minutes > 0 ? minutes : null;

    [WalSoakTheory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Mixed_reads_and_writes_and_the_largest_WAL(bool reuseSnapshots, bool outsideWriter)
    {
        // Two writers through the pool (single inserts and updates, and one InsertMany of 50 in 20), four readers (Find by
        // key, and now and then the whole table) reading all the time, and a sampler of the WAL file's size; with
        // outsideWriter, also a connection of its own committing a single update every millisecond or so with SQLite's
        // automatic checkpoint, as another process would. Each read is checked (the rows written before it are there).
        TimeSpan length = TimeSpan.FromMinutes(Minutes!.Value);
        string path = _folder.File();
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = reuseSnapshots });
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        var counters = new TypesDb.CountersTable(pool);
        const int OutsideWriter = 99, OutsideKeys = 100;
        counters.InsertMany(Enumerable.Range(0, OutsideKeys).Select(key => new Counter(OutsideWriter, key, "0")).ToList());

        var errors = new ConcurrentQueue<string>();
        long commits = 0, outsideCommits = 0, reads = 0, maxWal = 0;
        var rowsPerWriter = new int[2];
        bool stop = false;
        var threads = new List<Thread>();
        void Run(string name, Action<Random> loop, int seed) => threads.Add(new Thread(() =>
        {
            var random = new Random(seed);
            try
            {
                while (!Volatile.Read(ref stop))
                    loop(random);
            }
            catch (Exception error)
            {
                errors.Enqueue(name + ": " + error);
            }
        }) { IsBackground = true, Name = name });

        for (int w = 0; w < 2; w++)
        {
            int writer = w;
            Run("writer " + writer, random =>
            {
                int rows = Volatile.Read(ref rowsPerWriter[writer]);
                if (random.Next(20) == 0)
                {
                    counters.InsertMany(Enumerable.Range(rows, 50).Select(sequence => new Counter(writer, sequence, "batch")).ToList());
                    Volatile.Write(ref rowsPerWriter[writer], rows + 50);
                }
                else if (rows > 0 && random.Next(2) == 0)
                {
                    counters.Update(new Counter(writer, random.Next(rows), "updated " + random.Next()));
                }
                else
                {
                    counters.Insert(new Counter(writer, rows, "inserted"));
                    Volatile.Write(ref rowsPerWriter[writer], rows + 1);
                }
                Interlocked.Increment(ref commits);
            }, 1 + writer);
        }
        using var outside = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        outside.Open();
        using (SqliteCommand busy = outside.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 30000";
            busy.ExecuteNonQuery();
        }
        using SqliteCommand update = outside.CreateCommand();
        update.CommandText = "UPDATE counters SET note = $note WHERE writer = $writer AND sequence = $sequence";
        update.Parameters.AddWithValue("$writer", OutsideWriter);
        SqliteParameter note = update.Parameters.AddWithValue("$note", "");
        SqliteParameter sequence = update.Parameters.AddWithValue("$sequence", 0);
        if (outsideWriter)
        {
            Run("outside writer", random =>
            {
                note.Value = "outside " + random.Next();
                sequence.Value = random.Next(OutsideKeys);
                update.ExecuteNonQuery();
                Interlocked.Increment(ref outsideCommits);
                Thread.Sleep(1); // another process's pace: a commit now and then, not a loop competing for the lock
            }, 3);
        }
        for (int r = 0; r < 4; r++)
        {
            Run("reader " + r, random =>
            {
                int writer = random.Next(2);
                int rows = Volatile.Read(ref rowsPerWriter[writer]);
                if (random.Next(500) == 0)
                    counters.All().Count();
                else if (rows > 0 && counters.Find(writer, random.Next(rows)) is null)
                    errors.Enqueue($"row {writer}/{rows - 1} or below missing");
                Interlocked.Increment(ref reads);
            }, 10 + r);
        }
        Run("sampler", _ =>
        {
            var wal = new FileInfo(path + "-wal");
            if (wal.Exists && wal.Length > Interlocked.Read(ref maxWal))
                Interlocked.Exchange(ref maxWal, wal.Length);
            Thread.Sleep(10);
        }, 0);

        var clock = Stopwatch.StartNew();
        threads.ForEach(thread => thread.Start());
        while (clock.Elapsed < length && errors.IsEmpty)
            Thread.Sleep(200);
        Volatile.Write(ref stop, true);
        threads.ForEach(thread => thread.Join());

        long maxFrames = maxWal / FrameBytes;
        BackgroundCheckpointer checkpointer = pool.Checkpointer!;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reuse {reuseSnapshots}, outside writer {outsideWriter}, {clock.Elapsed.TotalMinutes:F1} min: {commits:N0} pool commits, {outsideCommits:N0} outside commits, {reads:N0} reads ({pool.SnapshotReuses:N0} on a kept snapshot), {pool.CheckpointsCompleted:N0} background checkpoints, {checkpointer.WalRestarts:N0} WAL restarts ({checkpointer.WalRestartsGivenUp:N0} given up: readers busy {checkpointer.WalRestartsEndedWith(WalRestartOutcome.ReadersBusy)}, writer busy {checkpointer.WalRestartsEndedWith(WalRestartOutcome.WriterBusy)}, another connection busy {checkpointer.WalRestartsEndedWith(WalRestartOutcome.OtherConnectionBusy)}; {pool.ReaderGate!.Waits:N0} reads waited at the gate); largest WAL {maxWal:N0} bytes ({maxFrames:N0} frames)"));
        // The figures are the result (docs/design.md, "The WAL bound"): how far past the limit the WAL gets is what commits
        // while a checkpoint runs, which depends on the CPU the checkpointer gets, so the soak asserts that it restarted;
        // WalBoundTests asserts a size.
        Assert.Empty(errors);
        Assert.True(checkpointer.WalRestarts > 0, "the WAL never restarted");
        Assert.Equal(reuseSnapshots, pool.SnapshotReuses > 0);
    }
}

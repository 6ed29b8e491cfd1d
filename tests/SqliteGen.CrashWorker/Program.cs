using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.CrashWorker;

/// <summary>
/// The crash tests' child process. Usage: <c>SqliteGen.CrashWorker MODE FILE SYNC BASE SEED</c>.
/// MODE is <c>single</c> (Insert and Update one at a time), <c>batch</c> (InsertMany of 1-300 rows) or
/// <c>concurrent</c> (8 writers, half sync and half async, through group commit); SYNC is
/// <c>normal</c> or <c>full</c>; keys start at BASE. It writes until it is killed or a write fails, and reports
/// every acknowledged write on stdout right after the call returns: <c>I key version;</c> (insert),
/// <c>U key version;</c> (update), <c>B batch size;</c> (InsertMany), <c>T key size;</c> (a transaction of
/// item <c>key</c> and batch <c>key</c>). The trailing <c>;</c> marks a
/// complete line. A failed write is reported as <c>error TYPE||MESSAGE;</c> and stops its writer (exit
/// code 3 once all have stopped); the worker also exits when its stdin closes (the test process died).
/// Mode <c>migrate-path FILE</c>: see <see cref="MigratePaths"/>; mode <c>seed FOLDER</c>: see <see cref="SeedFiles"/>. Mode <c>open FILE</c> opens once, inserts one item and prints <c>opened;</c> or
/// <c>error TYPE|FILEPATH|MESSAGE;</c> (the fault tests run it as another user). Mode <c>migrate FILE SEED</c>: see
/// <see cref="MigrateAround"/>; mode <c>tenants BASEFILE ROUND SEED</c>: see <see cref="TenantCrashWorker"/>; mode
/// <c>read FILE KEYS SEED</c>: see <see cref="ReadChecked"/>.
/// </summary>
internal static class Program
{
    private const int ConcurrentWriters = 8;
    private const long KeysPerWriter = 10_000_000;

    private static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "open")
            return OpenOnce(args[1]);
        if (args.Length == 3 && args[0] == "migrate")
            return MigrateAround(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length == 2 && args[0] == "migrate-path")
            return MigratePaths(args[1]);
        if (args.Length == 2 && args[0] == "seed")
            return SeedFiles(args[1]);
        if (args.Length == 4 && args[0] == "read")
            return ReadChecked(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length == 4 && args[0] == "tenants")
            return TenantCrashWorker.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length != 5 && !(args.Length == 6 && args[5] == "snapshots"))
        {
            Console.Error.WriteLine("usage: SqliteGen.CrashWorker single|batch|concurrent FILE normal|full BASE SEED, or open FILE");
            return 2;
        }
        string mode = args[0];
        // A sixth argument "snapshots": readers keep read snapshots, and two threads read while the writers write.
        bool snapshots = args.Length == 6;
        SqliteGenOptions options = SqliteGenOptions.Default with { Synchronous = args[2] == "full" ? SynchronousMode.Full : SynchronousMode.Normal };
        if (snapshots)
            options = options with { ReuseReadSnapshots = true };
        long keyBase = long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        int seed = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        ExitWhenParentGoes();
        try
        {
            using CrashDb db = CrashDb.Open(args[1], options);
            if (snapshots)
                ReadInTheBackground(db, keyBase, seed);
            bool ok = mode switch
            {
                "single" => WriteSingles(db, keyBase, new Random(seed)),
                "batch" => WriteBatches(db, keyBase, new Random(seed), maxSize: 300),
                "concurrent" => WriteConcurrently(db, keyBase, seed),
                _ => throw new ArgumentException($"unknown mode '{mode}'"),
            };
            return ok ? 0 : 3;
        }
        catch (Exception error)
        {
            ReportError(error);
            Console.Error.WriteLine(error);
            return 3;
        }
    }

    /// <summary>
    /// Mode <c>migrate FILE SEED</c>: walks the file between versions 1 and 4 of <see cref="CrashMigrations"/> one step
    /// at a time, in random directions, and prints <c>V version;</c> after each step commits, until killed.
    /// </summary>
    private static int MigrateAround(string path, int seed)
    {
        ExitWhenParentGoes();
        var random = new Random(seed);
        var options = new MigrationOptions { AllowDataLoss = true };
        using var pool = Runtime.SqliteConnectionPool.Open(path);
        int current = Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, CurrentVersion(path), options);
        Console.Out.WriteLine($"V {current};");
        while (true)
        {
            int target = random.Next(1, CrashMigrations.Steps.Count + 1);
            while (current != target)
            {
                current = Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, current < target ? current + 1 : current - 1, options);
                Console.Out.WriteLine($"V {current};");
            }
        }
    }

    /// <summary>
    /// Mode <c>migrate-path FILE</c>: from version 1, the whole path to version 4 with a failing last step (rolled
    /// back: prints <c>F 1;</c>), then the path to 4 that succeeds (<c>V 4;</c>), then down to 1 (<c>V 1;</c>),
    /// again and again until killed.
    /// </summary>
    private static int MigratePaths(string path)
    {
        ExitWhenParentGoes();
        var options = new MigrationOptions { AllowDataLoss = true };
        using var pool = Runtime.SqliteConnectionPool.Open(path);
        Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, 1, options);
        while (true)
        {
            try
            {
                Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.FailingSteps, 4, options);
                Console.Error.WriteLine("the failing path did not fail");
                return 3;
            }
            catch (MigrationException error) when (error.FailedVersion == 4)
            {
                Console.Out.WriteLine($"F {error.CurrentVersion};");
            }
            Console.Out.WriteLine($"V {Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, 4, options)};");
            Console.Out.WriteLine($"V {Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.Steps, 1, options)};");
        }
    }

    /// <summary>
    /// Mode <c>seed FOLDER</c>: again and again until killed, creates <c>new-N.db</c> with the seeded history
    /// (<see cref="CrashMigrations.SeededSteps"/>: every step and seed from the empty file, one transaction) and prints
    /// <c>C N;</c>, then creates <c>old-N.db</c> at version 1 (its seed) and prints <c>O N;</c>, then opens it with the
    /// latest version (the seeds of the versions it passes) and prints <c>M N;</c>.
    /// </summary>
    private static int SeedFiles(string folder)
    {
        ExitWhenParentGoes();
        for (int n = 0; ; n++)
        {
            using (var pool = Runtime.SqliteConnectionPool.Open(Path.Combine(folder, $"new-{n}.db")))
                Runtime.Migrator.MigrateToLatest(pool, CrashMigrations.Name, CrashMigrations.SeededSteps, "not used: a database with seed data is created from its steps");
            Console.Out.WriteLine($"C {n};");
            using (var pool = Runtime.SqliteConnectionPool.Open(Path.Combine(folder, $"old-{n}.db")))
            {
                Runtime.Migrator.Migrate(pool, CrashMigrations.Name, CrashMigrations.SeededSteps, 1);
                Console.Out.WriteLine($"O {n};");
                Runtime.Migrator.MigrateToLatest(pool, CrashMigrations.Name, CrashMigrations.SeededSteps, "not used");
            }
            Console.Out.WriteLine($"M {n};");
        }
    }

    private static int CurrentVersion(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int OpenOnce(string path)
    {
        try
        {
            using CrashDb db = CrashDb.Open(path);
            db.Items.Insert(new Item(1, 0, Payloads.For(1, 0)));
            Console.Out.WriteLine("opened;");
        }
        catch (DatabaseOpenException error)
        {
            Console.Out.WriteLine($"error {error.GetType().Name}|{error.FilePath}|{error.Message.ReplaceLineEndings(" ")};");
        }
        catch (SqliteGenException error)
        {
            Console.Out.WriteLine($"error {error.GetType().Name}||{error.Message.ReplaceLineEndings(" ")};");
        }
        return 0;
    }

    /// <summary>Two threads that read items (one key, then a count) until the process ends.</summary>
    private static void ReadInTheBackground(CrashDb db, long keyBase, int seed)
    {
        for (int t = 0; t < 2; t++)
        {
            var random = new Random(seed + t);
            new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        db.Items.Find(keyBase + random.Next(1_000));
                        if (random.Next(50) == 0)
                            db.Items.Count();
                    }
                }
                catch (ObjectDisposedException)
                {
                    // the database closed: the process is ending
                }
            }) { IsBackground = true }.Start();
        }
    }

    /// <summary>
    /// Mode <c>read FILE KEYS SEED</c>: a process that only reads, on kept read snapshots
    /// (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>), items 0 to KEYS-1 that the test process updates. The test
    /// sends <c>U key version</c> on stdin after each of its updates returned; three threads <c>Find</c> random items
    /// (and now and then count them), and each read must reach the version acknowledged before it began, else the
    /// worker prints <c>stale key version floor;</c>. Every 200 reads a thread prints <c>R reads;</c> (reads checked
    /// so far). It reads until killed, or until stdin closes.
    /// </summary>
    private static int ReadChecked(string path, int keys, int seed)
    {
        var floors = new long[keys];
        long checkedReads = 0;
        using CrashDb db = CrashDb.Open(path, SqliteGenOptions.Default with { ReuseReadSnapshots = true });
        for (int t = 0; t < 3; t++)
        {
            var random = new Random(seed * 10 + t);
            new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        int key = random.Next(keys);
                        long floor = Volatile.Read(ref floors[key]);
                        Item? item = db.Items.Find(key);
                        if (item is null || item.Version < floor)
                            Console.Out.WriteLine($"stale {key} {item?.Version ?? -1} {floor};");
                        if (random.Next(50) == 0)
                            db.Items.Count();
                        long reads = Interlocked.Increment(ref checkedReads);
                        if (reads % 200 == 0)
                            Console.Out.WriteLine($"R {reads};");
                    }
                }
                catch (ObjectDisposedException)
                {
                    // the database closed: the process is ending
                }
                catch (Exception error)
                {
                    ReportError(error);
                }
            }) { IsBackground = true }.Start();
        }
        Console.Out.WriteLine("reading;");
        while (Console.In.ReadLine() is string line)
        {
            string[] parts = line.Split(' ');
            int key = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            long version = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            long seen;
            while ((seen = Volatile.Read(ref floors[key])) < version && Interlocked.CompareExchange(ref floors[key], version, seen) != seen)
            {
            }
        }
        return 0; // stdin closed: the test process is gone
    }

    /// <summary>A killed test run must not leave a writer behind: stdin closes when the test process dies.</summary>
    internal static void ExitWhenParentGoes() =>
        new Thread(() =>
        {
            while (Console.In.Read() >= 0) { }
            Environment.Exit(0);
        }) { IsBackground = true }.Start();

    /// <summary>Inserts new items and updates earlier ones (to a higher version), one call at a time.</summary>
    private static bool WriteSingles(CrashDb db, long keyBase, Random random) =>
        new Writer(keyBase, random, batchShare: 0, maxBatch: 0).RunUntilError(db);

    private static bool WriteBatches(CrashDb db, long keyBase, Random random, int maxSize) =>
        new Writer(keyBase, random, batchShare: 1, maxBatch: maxSize).RunUntilError(db);

    /// <summary>
    /// Eight writers at once, so writes queue and the group committer commits them together: half call the
    /// synchronous methods on their own threads, half the async ones. Each writer owns its key range. One
    /// write in ten is a write transaction (<c>db.Write</c>) holding an item and a batch of the same key.
    /// </summary>
    private static bool WriteConcurrently(CrashDb db, long keyBase, int seed)
    {
        var tasks = new Task<bool>[ConcurrentWriters];
        for (int w = 0; w < ConcurrentWriters; w++)
        {
            var writer = new Writer(keyBase + w * KeysPerWriter, new Random(seed + w), batchShare: 0.25, maxBatch: 50, transactionShare: 0.1);
            tasks[w] = w % 2 == 0
                ? Task.Factory.StartNew(() => writer.RunUntilError(db), TaskCreationOptions.LongRunning)
                : Task.Run(() => writer.RunUntilErrorAsync(db));
        }
        Task.WaitAll(tasks);
        return tasks.All(task => task.Result);
    }

    /// <summary>The side channel's error line: the exception's type and message, on one line.</summary>
    internal static void ReportError(Exception error) =>
        Console.Out.WriteLine($"error {error.GetType().Name}||{error.Message.ReplaceLineEndings(" ")};");

    /// <summary>One write to make: an insert (I) or update (U) of an item, a batch (B), or a transaction (T) of an item and a batch.</summary>
    private readonly record struct Planned(char Kind, long Key, long Value);

    /// <summary>
    /// One writer's sequence of writes over its own keys: new items, updates of its earlier items to the next
    /// version, batches and transactions, in proportions given by a seeded random. Items and batches take
    /// their keys from one counter, so an item and a batch share a key only when one transaction wrote both.
    /// </summary>
    private sealed class Writer(long keyBase, Random random, double batchShare, int maxBatch, double transactionShare = 0)
    {
        private readonly List<(long Key, long Version)> _versions = new();
        private long _nextKey = keyBase;

        public Planned Next()
        {
            double pick = random.NextDouble();
            if (pick < batchShare)
                return new Planned('B', _nextKey++, random.Next(1, maxBatch + 1));
            if (pick < batchShare + transactionShare)
                return new Planned('T', _nextKey++, random.Next(1, maxBatch + 1));
            if (_versions.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(_versions.Count);
                (long key, long version) = _versions[index];
                _versions[index] = (key, version + 1);
                return new Planned('U', key, version + 1);
            }
            long next = _nextKey++;
            _versions.Add((next, 0));
            return new Planned('I', next, 0);
        }

        /// <summary>Writes until a write fails; reports the error on stdout and returns false.</summary>
        public bool RunUntilError(CrashDb db)
        {
            try
            {
                while (true)
                    Run(db, Next());
            }
            catch (Exception error)
            {
                ReportError(error);
                return false;
            }
        }

        /// <inheritdoc cref="RunUntilError"/>
        public async Task<bool> RunUntilErrorAsync(CrashDb db)
        {
            try
            {
                while (true)
                    await RunAsync(db, Next()).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                ReportError(error);
                return false;
            }
        }

        private void Run(CrashDb db, Planned write)
        {
            switch (write.Kind)
            {
                case 'I': db.Items.Insert(ItemOf(write)); break;
                case 'U': CheckUpdated(write, db.Items.Update(ItemOf(write))); break;
                case 'T':
                    db.Write(tx =>
                    {
                        tx.Items.Insert(TransactionItem(write));
                        CheckBatch(write, tx.BatchRows.InsertMany(Batch(write)));
                    });
                    break;
                default: CheckBatch(write, db.BatchRows.InsertMany(Batch(write))); break;
            }
            Ack(write);
        }

        private async Task RunAsync(CrashDb db, Planned write)
        {
            switch (write.Kind)
            {
                case 'I': await db.Items.InsertAsync(ItemOf(write)).ConfigureAwait(false); break;
                case 'U': CheckUpdated(write, await db.Items.UpdateAsync(ItemOf(write)).ConfigureAwait(false)); break;
                case 'T':
                    await db.WriteAsync(async (tx, cancellationToken) =>
                    {
                        await tx.Items.InsertAsync(TransactionItem(write), cancellationToken).ConfigureAwait(false);
                        CheckBatch(write, await tx.BatchRows.InsertManyAsync(Batch(write).ToList(), cancellationToken).ConfigureAwait(false));
                    }).ConfigureAwait(false);
                    break;
                // A list: group commit may enumerate a queued batch on its drainer thread.
                default: CheckBatch(write, await db.BatchRows.InsertManyAsync(Batch(write).ToList()).ConfigureAwait(false)); break;
            }
            Ack(write);
        }

        private static Item ItemOf(Planned write) => new(write.Key, write.Value, Payloads.For(write.Key, write.Value));

        private static Item TransactionItem(Planned write) => new(write.Key, 0, Payloads.InTransaction(write.Key, 0));

        private static IEnumerable<BatchRow> Batch(Planned write) =>
            Enumerable.Range(0, (int)write.Value).Select(position => new BatchRow(write.Key, position, (int)write.Value,
                write.Kind == 'T' ? Payloads.InTransaction(write.Key, position) : Payloads.For(write.Key, position)));

        private static void CheckUpdated(Planned write, bool updated)
        {
            if (!updated)
                throw new InvalidOperationException($"Update of acknowledged item {write.Key} found no row.");
        }

        private static void CheckBatch(Planned write, int inserted)
        {
            if (inserted != write.Value)
                throw new InvalidOperationException($"InsertMany of batch {write.Key} returned {inserted}, not {write.Value}.");
        }

        /// <summary>The side channel: one complete line per acknowledged write, after the call returned.</summary>
        private static void Ack(Planned write) => Console.Out.WriteLine($"{write.Kind} {write.Key} {write.Value};");
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SqliteGen.Runtime;

namespace SqliteGen;

/// <summary>
/// Health checks, WAL checkpoints, vacuums and online backups for one database file, either on a path
/// (each run opens its own connection and closes it) or on an open <see cref="SqliteConnectionPool"/>
/// (reads borrow a reader, checkpoints and vacuums take the writer, so they queue behind this process's
/// writes instead of failing with <c>SQLITE_BUSY</c>). Every run is recorded on the <c>SqliteGen</c>
/// meter (<c>sqlitegen.maintenance.runs</c>, <c>sqlitegen.maintenance.duration</c>).
/// </summary>
public sealed class DatabaseMaintenance
{
    private readonly SqliteConnectionPool? _pool;
    private readonly SqliteGenLog _log;
    private readonly string? _scheduledBecause;

    private DatabaseMaintenance(string filePath, SqliteConnectionPool? pool, SqliteGenLog log, string? scheduledBecause = null)
    {
        FilePath = filePath;
        _pool = pool;
        _log = log;
        _scheduledBecause = scheduledBecause;
    }

    /// <summary>A run the <see cref="MaintenanceSchedule"/> started, recorded with its reason.</summary>
    internal static DatabaseMaintenance ForSchedule(SqliteConnectionPool pool, string because) =>
        new(pool.FilePath, pool, pool.Log, because);

    /// <summary>
    /// The last maintenance runs through this database's pool (up to 64, oldest first): those the
    /// <see cref="SqliteGenOptions.Maintenance"/> schedule started (<see cref="MaintenanceRun.ScheduledBecause"/> says why)
    /// and those the application asked for. Empty for <see cref="ForFile"/>, which keeps no history.
    /// </summary>
    public IReadOnlyList<MaintenanceRun> RecentRuns => _pool is null ? [] : MaintenanceHistory.Of(_pool).Snapshot();

    /// <summary>When the schedule last checked the file, whether or not a run was due; null with no schedule or before the first check.</summary>
    public DateTimeOffset? LastScheduledCheck => _pool is null ? null : MaintenanceHistory.Of(_pool).LastScheduledCheck;

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Maintenance on the database file at <paramref name="path"/>, which must exist. Nothing is opened until a run.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="loggerFactory">Where each run is logged (category <c>SqliteGen.Maintenance</c>); null logs nothing.</param>
    /// <exception cref="DatabaseOpenException">The file does not exist.</exception>
    public static DatabaseMaintenance ForFile(string path, ILoggerFactory? loggerFactory = null)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("A database file path is required.", nameof(path));
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new DatabaseOpenException(fullPath, $"Database file '{fullPath}' does not exist.");
        return new DatabaseMaintenance(fullPath, null, SqliteGenLog.For(loggerFactory));
    }

    /// <summary>Maintenance through an open pool's connections (the pool stays open and keeps working).</summary>
    public static DatabaseMaintenance ForPool(SqliteConnectionPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new DatabaseMaintenance(pool.FilePath, pool, pool.Log);
    }

    private string WalPath => FilePath + "-wal";

    /// <summary>
    /// Checks the file's structure and reads the figures that matter for its upkeep; never writes.
    /// Damage SQLite reports, from the check or from reading the figures, gives <see cref="HealthVerdict.Corrupt"/>.
    /// </summary>
    /// <exception cref="DatabaseOpenException">The file is not a SQLite database.</exception>
    public HealthReport CheckHealth(IntegrityCheckKind check = IntegrityCheckKind.Quick, HealthThresholds? thresholds = null, CancellationToken cancellationToken = default)
    {
        thresholds ??= HealthThresholds.Default;
        return Run("health", write: false, cancellationToken, (connection, started) =>
        {
            var problems = new List<string>();
            DatabaseFigures figures = default;
            double? fragmentation = null;
            string? fragmentationNote = "the integrity check found damage";
            try
            {
                figures = DatabaseFigures.Read(connection);
                ReadIntegrityProblems(connection, check, problems);
                if (problems.Count == 0)
                {
                    SpaceReport space = MeasureSpace(connection, cancellationToken);
                    fragmentation = space.Fragmentation;
                    fragmentationNote = space.NotMeasuredReason;
                }
            }
            catch (SqliteException error) when (error.SqliteErrorCode == 11) // SQLITE_CORRUPT: too broken to finish the check
            {
                problems.Add("SQLite stopped the check: the database disk image is malformed (SQLITE_CORRUPT)");
            }

            var findings = new List<string>();
            long walBytes = FileLength(WalPath);
            if (problems.Count == 0)
                AddFindings(findings, figures, walBytes, fragmentation, thresholds);
            HealthVerdict verdict = problems.Count > 0 ? HealthVerdict.Corrupt : findings.Count > 0 ? HealthVerdict.Warning : HealthVerdict.Ok;
            return new HealthReport
            {
                FilePath = FilePath,
                Verdict = verdict,
                Check = check,
                IntegrityProblems = problems,
                Findings = findings,
                JournalMode = figures.JournalMode ?? "unknown",
                UserVersion = figures.UserVersion,
                PageSize = figures.PageSize,
                PageCount = figures.PageCount,
                FreePages = figures.FreePages,
                AutoVacuum = figures.AutoVacuum ?? "unknown",
                FileBytes = FileLength(FilePath),
                WalBytes = walBytes,
                Fragmentation = fragmentation,
                FragmentationNotMeasured = fragmentation is null ? fragmentationNote : null,
                Duration = Stopwatch.GetElapsedTime(started),
            };
        }, report => report.Verdict switch
        {
            HealthVerdict.Ok => "ok",
            HealthVerdict.Warning => "warning",
            _ => "corrupt",
        });
    }

    private static void AddFindings(List<string> findings, DatabaseFigures figures, long walBytes, double? fragmentation, HealthThresholds thresholds)
    {
        long freeBytes = figures.FreePages * figures.PageSize;
        double freeRatio = figures.PageCount == 0 ? 0 : (double)figures.FreePages / figures.PageCount;
        if (freeRatio > thresholds.MaxFreeRatio && freeBytes >= thresholds.MinReclaimableBytes)
            findings.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Round(freeRatio * 100)}% of the file is free pages ({freeBytes:N0} bytes): a vacuum would give them back."));
        if (walBytes > thresholds.MaxWalBytes)
            findings.Add(string.Create(CultureInfo.InvariantCulture, $"The WAL is {walBytes:N0} bytes (limit {thresholds.MaxWalBytes:N0}): checkpoints are not keeping up, often because a reader stays open; run a TRUNCATE checkpoint."));
        if (fragmentation > thresholds.MaxFragmentation && figures.PageCount >= thresholds.MinPagesForFragmentation)
            findings.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Round(fragmentation.Value * 100)}% of the leaf pages are out of order: a full vacuum would defragment the file."));
    }

    /// <summary>
    /// Measures the space each table and index takes by reading the file's b-trees, inside a read
    /// transaction. Only possible when the WAL is empty (the file then holds the whole snapshot, and no
    /// checkpoint can change it while the transaction lasts); otherwise the report says so, and a
    /// TRUNCATE <see cref="Checkpoint"/> first makes it measurable.
    /// </summary>
    public SpaceReport MeasureSpace(CancellationToken cancellationToken = default) =>
        Run("space", write: false, cancellationToken, (connection, _) => MeasureSpace(connection, cancellationToken), report => report.NotMeasuredReason is null ? "ok" : "not_measured");

    private SpaceReport MeasureSpace(SqliteConnection connection, CancellationToken cancellationToken)
    {
        Execute(connection, "BEGIN");
        try
        {
            var objects = new List<(string Name, string Type, string Table, long Root)> { ("sqlite_schema", "table", "sqlite_schema", 1) };
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, type, tbl_name, rootpage FROM sqlite_schema WHERE rootpage > 0"; // starts the read snapshot
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                    objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }
            bool wal = string.Equals(DatabaseFigures.Text(connection, "journal_mode"), "wal", StringComparison.OrdinalIgnoreCase);
            if (wal && FileLength(WalPath) > 0)
                return NotMeasured("the WAL holds pages not yet copied into the file; run a TRUNCATE checkpoint first");
            long pageSize = DatabaseFigures.Number(connection, "page_size");
            Dictionary<string, BTreeWalker.BTreeSpace>? spaces = BTreeWalker.Walk(FilePath, objects.ConvertAll(o => (o.Name, o.Root)), cancellationToken);
            if (spaces is null)
                return NotMeasured("a page does not read as a valid b-tree page; run the integrity check");
            var usage = new List<BTreeUsage>(objects.Count);
            foreach ((string name, string type, string table, _) in objects)
            {
                BTreeWalker.BTreeSpace space = spaces[name];
                usage.Add(new BTreeUsage(name, type, table, space.Pages, space.Pages * pageSize, space.Leaves, space.LeavesOutOfOrder));
            }
            usage.Sort((a, b) => b.Pages != a.Pages ? b.Pages.CompareTo(a.Pages) : string.CompareOrdinal(a.Name, b.Name));
            long leaves = 0, outOfOrder = 0;
            foreach (BTreeUsage tree in usage)
            {
                leaves += tree.Leaves;
                outOfOrder += tree.LeavesOutOfOrder;
            }
            return new SpaceReport { FilePath = FilePath, BTrees = usage, Fragmentation = leaves == 0 ? 0 : (double)outOfOrder / leaves };
        }
        finally
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0) // SQLite ends a transaction itself after some errors
                Execute(connection, "ROLLBACK");
        }
    }

    private SpaceReport NotMeasured(string reason) => new() { FilePath = FilePath, BTrees = [], NotMeasuredReason = reason };

    /// <summary>
    /// Runs <c>PRAGMA wal_checkpoint(mode)</c>: copies committed WAL frames back into the database file.
    /// On a file that is not in WAL mode it does nothing and says so (<see cref="CheckpointResult.IsWal"/>).
    /// </summary>
    public CheckpointResult Checkpoint(CheckpointMode mode = CheckpointMode.Passive, CancellationToken cancellationToken = default)
    {
        return Run("checkpoint", write: true, cancellationToken, (connection, started) =>
        {
            long walBefore = FileLength(WalPath);
            bool isWal = string.Equals(DatabaseFigures.Text(connection, "journal_mode"), "wal", StringComparison.OrdinalIgnoreCase);
            (long busy, long log, long copied) = isWal ? RunCheckpointCounting(connection, mode) : (0, 0, 0);
            return new CheckpointResult
            {
                FilePath = FilePath,
                Mode = mode,
                IsWal = isWal,
                Busy = busy != 0,
                LogFrames = Math.Max(log, 0),
                CheckpointedFrames = Math.Max(copied, 0),
                WalBytesBefore = walBefore,
                WalBytesAfter = FileLength(WalPath),
                Duration = Stopwatch.GetElapsedTime(started),
            };
        }, result => result.Busy ? "busy" : "ok");
    }

    /// <summary>
    /// A TRUNCATE checkpoint that succeeds resets the WAL and reports 0 frames, so a PASSIVE one runs
    /// first to count them (and copy what it can); the figures are the frames in the WAL when it began.
    /// </summary>
    private static (long Busy, long Log, long Checkpointed) RunCheckpointCounting(SqliteConnection connection, CheckpointMode mode)
    {
        if (mode != CheckpointMode.Truncate)
            return RunCheckpoint(connection, mode);
        (_, long log, long copied) = RunCheckpoint(connection, CheckpointMode.Passive);
        (long busy, _, _) = RunCheckpoint(connection, CheckpointMode.Truncate);
        return (busy, log, busy == 0 ? log : copied);
    }

    /// <summary>
    /// Runs one checkpoint. SQLite answers busy at once, without its busy handler, when another
    /// checkpoint holds the checkpoint lock (the pool's background checkpointer runs short PASSIVE
    /// ones), so a blocking mode that finds it busy tries again for up to 2 s.
    /// </summary>
    private static (long Busy, long Log, long Checkpointed) RunCheckpoint(SqliteConnection connection, CheckpointMode mode)
    {
        long started = Stopwatch.GetTimestamp();
        while (true)
        {
            (long busy, long log, long copied) = RunCheckpointOnce(connection, mode);
            if (busy == 0 || mode == CheckpointMode.Passive || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(2))
                return (busy, log, copied);
            Thread.Sleep(10);
        }
    }

    private static (long Busy, long Log, long Checkpointed) RunCheckpointOnce(SqliteConnection connection, CheckpointMode mode)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(" + mode.ToString().ToUpperInvariant() + ")";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// Gives free pages back to the file system. A full vacuum rebuilds the file (defragmenting it); an
    /// incremental one needs <c>auto_vacuum = INCREMENTAL</c>. In WAL mode a TRUNCATE checkpoint follows,
    /// so the file on disk shrinks now rather than at some later checkpoint.
    /// </summary>
    /// <exception cref="SqliteGenException">Incremental vacuum on a file without <c>auto_vacuum = INCREMENTAL</c>.</exception>
    public VacuumResult Vacuum(VacuumKind kind = VacuumKind.Full, CancellationToken cancellationToken = default)
    {
        return Run(kind == VacuumKind.Full ? "vacuum" : "incremental_vacuum", write: true, cancellationToken, (connection, started) =>
        {
            DatabaseFigures before = DatabaseFigures.Read(connection);
            long fileBefore = FileLength(FilePath);
            if (kind == VacuumKind.Incremental && before.AutoVacuum != "incremental")
                throw new SqliteGenException($"Cannot run an incremental vacuum on '{FilePath}': its auto_vacuum is '{before.AutoVacuum}', not 'incremental'. Run a full vacuum, or set PRAGMA auto_vacuum = INCREMENTAL and then run a full vacuum once to switch it on.");
            if (before.PageCount > 0) // an empty (0-byte) file has nothing to give back; VACUUM would write its first page
                Execute(connection, kind == VacuumKind.Full ? "VACUUM" : "PRAGMA incremental_vacuum");
            if (string.Equals(before.JournalMode, "wal", StringComparison.OrdinalIgnoreCase))
                RunCheckpoint(connection, CheckpointMode.Truncate);
            DatabaseFigures after = DatabaseFigures.Read(connection);
            return new VacuumResult
            {
                FilePath = FilePath,
                Kind = kind,
                PagesBefore = before.PageCount,
                PagesAfter = after.PageCount,
                FreePagesBefore = before.FreePages,
                FreePagesAfter = after.FreePages,
                PageSize = after.PageSize,
                FileBytesBefore = fileBefore,
                FileBytesAfter = FileLength(FilePath),
                Duration = Stopwatch.GetElapsedTime(started),
            };
        }, _ => "ok");
    }

    /// <summary>
    /// Copies the database to <paramref name="destinationPath"/> with SQLite's online backup API, in one
    /// step under one read transaction: the copy is the database as of one commit, while writers go on.
    /// The copy is written to a temporary file beside the destination and renamed into place only when
    /// complete, so a failed backup leaves no partial file.
    /// </summary>
    /// <exception cref="SqliteGenException">The destination exists (and <paramref name="overwrite"/> is false), is the source, or its folder is missing.</exception>
    public BackupResult Backup(string destinationPath, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(destinationPath))
            throw new ArgumentException("A destination file path is required.", nameof(destinationPath));
        string destination = Path.GetFullPath(destinationPath);
        if (string.Equals(destination, FilePath, StringComparison.Ordinal))
            throw new SqliteGenException($"Cannot back up '{FilePath}' onto itself: choose another destination.");
        string? folder = Path.GetDirectoryName(destination);
        if (folder is not null && !Directory.Exists(folder))
            throw new SqliteGenException($"Cannot write the backup '{destination}': the folder '{folder}' does not exist.");
        if (!overwrite && File.Exists(destination))
            throw new SqliteGenException($"The backup destination '{destination}' already exists; choose a new file name or allow overwriting.");

        return Run("backup", write: false, cancellationToken, (source, started) =>
        {
            string temporary = destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                long pages;
                using (var target = new SqliteConnection(ConnectionString(temporary, SqliteOpenMode.ReadWriteCreate)))
                {
                    target.Open();
                    source.BackupDatabase(target);
                    pages = DatabaseFigures.Number(target, "page_count");
                } // closing the copy's only connection checkpoints and removes its WAL, if it has one
                File.Move(temporary, destination, overwrite);
                return new BackupResult
                {
                    SourcePath = FilePath,
                    DestinationPath = destination,
                    Pages = pages,
                    Bytes = FileLength(destination),
                    Duration = Stopwatch.GetElapsedTime(started),
                };
            }
            finally
            {
                foreach (string leftover in new[] { temporary, temporary + "-wal", temporary + "-shm", temporary + "-journal" })
                    File.Delete(leftover);
            }
        }, _ => "ok");
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a connection to the file (the pool's writer or a reader, or one
    /// opened for this run), and records the run's kind, outcome and duration on the meter. Cancelling
    /// <paramref name="cancellationToken"/> interrupts the running statement (<c>sqlite3_interrupt</c>):
    /// SQLite stops and rolls back what the statement did, and the run ends with an <see cref="OperationCanceledException"/>.
    /// </summary>
    private T Run<T>(string kind, bool write, CancellationToken cancellationToken, Func<SqliteConnection, long, T> body, Func<T, string> outcome)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            T result;
            if (_pool is not null)
            {
                using ConnectionLease lease = write ? _pool.RentWriter() : _pool.RentReaderInAutocommit();
                if (write)
                    _pool.ReleaseReadSnapshots(); // a TRUNCATE checkpoint or a vacuum waits for kept read snapshots
                result = Interruptible(lease.Connection.Connection, started, body, cancellationToken);
            }
            else
            {
                using SqliteConnection connection = OpenFile(write);
                result = Interruptible(connection, started, body, cancellationToken);
            }
            Recorded(kind, outcome(result), started, result);
            return result;
        }
        catch (SqliteException error) when (error.SqliteErrorCode == 26) // SQLITE_NOTADB
        {
            Recorded(kind, "error", started, null, error);
            throw new DatabaseOpenException(FilePath, $"'{FilePath}' is not a SQLite database (SQLite: file is not a database). Nothing was changed.", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == 9 && cancellationToken.IsCancellationRequested) // SQLITE_INTERRUPT
        {
            Recorded(kind, "canceled", started, null);
            throw new OperationCanceledException($"The {kind} run on '{FilePath}' was canceled; SQLite rolled back what it had started.", error, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Recorded(kind, "canceled", started, null);
            throw;
        }
        catch (Exception error)
        {
            Recorded(kind, "error", started, null, error);
            throw;
        }
    }

    /// <summary>Records a run on the meter and in the log (checkpoints, vacuums and backups at Information with their figures, checks at Debug, problems at Warning).</summary>
    private void Recorded(string kind, string outcome, long started, object? result, Exception? error = null)
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        SqliteGenMetrics.RecordMaintenance(FilePath, kind, outcome, elapsed);
        if (_pool is not null)
        {
            MaintenanceHistory.Of(_pool).Add(new MaintenanceRun
            {
                Kind = kind,
                Outcome = outcome,
                StartedAt = DateTimeOffset.UtcNow - elapsed,
                Duration = elapsed,
                ScheduledBecause = _scheduledBecause,
                Checkpoint = result as CheckpointResult,
                Vacuum = result as VacuumResult,
                Error = error?.Message,
            });
        }
        long ms = (long)elapsed.TotalMilliseconds;
        if (outcome is not ("ok" or "not_measured" or "canceled"))
            Log.MaintenanceProblem(_log.Maintenance, kind, FilePath, outcome, ms, error);
        else if (kind is "health" or "space")
            Log.MaintenanceCheck(_log.Maintenance, kind, FilePath, outcome, ms);
        else if (_log.Maintenance.IsEnabled(LogLevel.Information))
            Log.MaintenanceRun(_log.Maintenance, kind, FilePath, outcome, ms, Describe(result) + (_scheduledBecause is { } because ? "; scheduled: " + because : ""));
    }

    private static string Describe(object? result) => result switch
    {
        CheckpointResult c => string.Create(CultureInfo.InvariantCulture, $" ({c.CheckpointedFrames} of {c.LogFrames} WAL frames copied, WAL {c.WalBytesBefore} -> {c.WalBytesAfter} bytes)"),
        VacuumResult v => string.Create(CultureInfo.InvariantCulture, $" ({v.BytesReclaimed} bytes reclaimed, free pages {v.FreePagesBefore} -> {v.FreePagesAfter})"),
        BackupResult b => string.Create(CultureInfo.InvariantCulture, $" ({b.Bytes} bytes to {b.DestinationPath})"),
        _ => "",
    };

    private static T Interruptible<T>(SqliteConnection connection, long started, Func<SqliteConnection, long, T> body, CancellationToken cancellationToken)
    {
        // Disposed before the connection goes back to the pool: a late cancel cannot interrupt the next user's statement.
        using CancellationTokenRegistration registration = cancellationToken.Register(
            static handle => SQLitePCL.raw.sqlite3_interrupt((SQLitePCL.sqlite3)handle!), connection.Handle);
        return body(connection, started);
    }

    private SqliteConnection OpenFile(bool write)
    {
        if (!File.Exists(FilePath))
            throw new DatabaseOpenException(FilePath, $"Database file '{FilePath}' does not exist.");
        var connection = new SqliteConnection(ConnectionString(FilePath, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000");
            if (!write)
                Execute(connection, "PRAGMA query_only = 1");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, ForeignKeys = null }.ToString();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Adds each problem the check reports, one line each (SQLite puts several in a row, under a
    /// "*** in database main ***" heading); rows read before SQLite gives up on a page are kept.
    /// </summary>
    private static void ReadIntegrityProblems(SqliteConnection connection, IntegrityCheckKind check, List<string> problems)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = check == IntegrityCheckKind.Full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            foreach (string line in reader.GetString(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line != "ok" && !line.StartsWith("*** in database", StringComparison.Ordinal))
                    problems.Add(line);
            }
        }
    }

    private static long FileLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}

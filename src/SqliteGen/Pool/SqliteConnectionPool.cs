using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace SqliteGen.Runtime;

/// <summary>
/// The connections of one database file: a single writer and up to <see cref="SqliteGenOptions.MaxReaders"/>
/// readers, each opened and configured once (WAL, synchronous, busy_timeout, foreign_keys, cache and
/// mmap sizes) and kept open with its prepared statements. Writes from this process queue for the
/// writer instead of fighting over SQLite's lock, so no <c>SQLITE_BUSY</c> reaches callers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SqliteConnectionPool : ConnectionSource, IDisposable, IAsyncDisposable
{
    private readonly SqliteGenOptions _options;
    private readonly PooledConnection _writer;
    private readonly WriterGate _writerGate;
    private readonly ReaderShelf _readers;
    private readonly string _readerConnectionString;
    private readonly GroupCommitter? _groupCommitter;
    private readonly BackgroundCheckpointer? _checkpointer;
    private readonly WalIndexHeader? _walIndex;
    private readonly ExternalCommitWatch? _externalCommits;
    private readonly WalFileSync? _walSync;
    private readonly PoolAttachments _attachments = new();
    private readonly FileIdentity? _fileIdentity; // the file the writer opened (null: cannot be told here)
    private readonly ReaderGate? _readerGate; // shut for a moment to restart a WAL past WalSizeLimitBytes
    private volatile bool _disposed;
    private readonly bool _reuseSnapshots;      // ReuseReadSnapshots, and the wal-index header could be mapped
    private readonly Timer? _snapshotTimer;
    private int _snapshotTick;     // moves every SnapshotTickInterval: a snapshot begun two ticks ago is let go
    private int _snapshotReleases; // moves on every ReleaseReadSnapshots: every snapshot begun before it is let go

    /// <summary>How often idle readers' snapshots are let go: one not used for one to two of these is.</summary>
    internal static readonly TimeSpan SnapshotTickInterval = TimeSpan.FromMilliseconds(100);

    private SqliteConnectionPool(string filePath, SqliteGenOptions options, PooledConnection writer, FileIdentity? fileIdentity, string readerConnectionString, SqliteGenLog log, IPoolFeature[] features)
    {
        FilePath = filePath;
        _fileIdentity = fileIdentity;
        Log = log;
        _options = options;
        _writer = writer;
        _readerConnectionString = readerConnectionString;
        _readers = new ReaderShelf(options.MaxReaders);
        _writerGate = new WriterGate(this, options.WriterWaitTimeout);
        if (options.GroupCommit)
            _groupCommitter = new GroupCommitter(this, _writerGate, options.MaxGroupCommitBatch);
        // SQLite's shared wal-index: what tells this process about commits made elsewhere (WalIndexHeader,
        // ExternalCommitWatch) and whether a reader's kept snapshot is still current.
        _walIndex = MapWalIndex(writer);
        _reuseSnapshots = options.ReuseReadSnapshots && _walIndex is not null;
        if (options.BackgroundCheckpoint && options.WalSizeLimitBytes >= 0)
            _readerGate = new ReaderGate(this);
        if (options.BackgroundCheckpoint)
        {
            // Kept snapshots hold SQLite's read marks, which stop a checkpoint short of them and the WAL from restarting:
            // readers let go before each of the checkpointer's passes and again just before it gives the writer back
            // (no commit in between, so snapshots begun then read the file alone and stop nothing).
            _checkpointer = new BackgroundCheckpointer(OpenCheckpointConnection, _writerGate, filePath, log, _reuseSnapshots ? ReleaseReadSnapshots : null,
                _readerGate, options.WalSizeLimitBytes, options.BusyTimeout);
        }
        if (_reuseSnapshots)
        {
            var self = new WeakReference<SqliteConnectionPool>(this); // the timer must not keep an undisposed pool alive
            _snapshotTimer = new Timer(static state =>
            {
                if (((WeakReference<SqliteConnectionPool>)state!).TryGetTarget(out SqliteConnectionPool? pool))
                    pool.OnSnapshotTick();
            }, self, SnapshotTickInterval, SnapshotTickInterval);
        }
        if (_walIndex is not null)
            _externalCommits = ExternalCommitWatch.Start(writer, _walIndex, _writerGate, _checkpointer);
        if (_externalCommits is null)
            _writerGate.CheckpointsByTime = _checkpointer; // no WAL hook to schedule checkpoints by the WAL's size: by time instead
        // FULL with group commit: batches are made durable after their commit, overlapping the next (WalFileSync).
        if (options.GroupCommit && options.Synchronous == SynchronousMode.Full)
            _walSync = WalFileSync.TryOpen(filePath);
        SqliteGenMetrics.PoolOpened(this);
        foreach (IPoolFeature feature in features)
            feature.Attach(this);
    }

    /// <summary>
    /// What a feature keeps beside this pool (<see cref="PoolAttachments"/>): the one of type <typeparamref name="T"/>,
    /// created by <paramref name="create"/> on first use, held by the pool and disposed when it closes.
    /// </summary>
    internal T Attachment<T>(Func<SqliteConnectionPool, T> create) where T : class =>
        _attachments.GetOrAdd(this, create);

    /// <inheritdoc/>
    public override string FilePath { get; }

    /// <summary>The loggers from <see cref="SqliteGenOptions.LoggerFactory"/> (or none).</summary>
    internal SqliteGenLog Log { get; }

    /// <summary>The options this pool was opened with.</summary>
    public SqliteGenOptions Options => _options;

    /// <summary>
    /// Opens (creating if needed) the database file at <paramref name="path"/> and its writer connection
    /// in WAL mode. Readers open on first use.
    /// </summary>
    public static SqliteConnectionPool Open(string path, SqliteGenOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("A database file path is required.", nameof(path));
        if (path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{path}' is not a file path: SqliteGen keeps a writer and readers on one file, which an in-memory database cannot share. Use a temporary file instead.", nameof(path));
        options ??= SqliteGenOptions.Default;
        options.Validate();

        string fullPath = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
            throw new DatabaseOpenException(fullPath, $"Cannot open database file '{fullPath}': the folder '{folder}' does not exist.");

        string writerConnectionString = BuildConnectionString(fullPath, SqliteOpenMode.ReadWriteCreate, options);
        string readerConnectionString = BuildConnectionString(fullPath, SqliteOpenMode.ReadWrite, options);
        SqliteGenLog log = SqliteGenLog.For(options.LoggerFactory);
        IPoolFeature[] features = options.PoolFeatures();
        bool existed = File.Exists(fullPath);
        PooledConnection writer = OpenConnection(fullPath, writerConnectionString, options, isWriter: true, log, features);
        FileIdentity? fileIdentity = NoteFileIdentity(fullPath, writer);
        if (log.Pool.IsEnabled(LogLevel.Information))
        {
            Runtime.Log.DatabaseOpened(log.Pool, fullPath, existed ? "existing file" : "new file", SQLitePCL.raw.sqlite3_libversion().utf8_to_string(),
                options.Synchronous, (long)options.BusyTimeout.TotalMilliseconds, options.MaxReaders);
        }
        return new SqliteConnectionPool(fullPath, options, writer, fileIdentity, readerConnectionString, log, features);
    }

    /// <summary>
    /// The identity of the file the writer has just opened, against which <see cref="FileReplaced"/> compares the path
    /// later: read from the path, then confirmed by SQLite to be the writer's file (<c>SQLITE_FCNTL_HAS_MOVED</c> on the
    /// writer, which no other thread can use yet), so a file renamed into place in between is refused here.
    /// </summary>
    private static FileIdentity? NoteFileIdentity(string fullPath, PooledConnection writer)
    {
        FileIdentity? identity = FileIdentity.Of(fullPath);
        if (writer.FileHasMoved())
        {
            writer.Dispose();
            throw FileReplacedError(fullPath);
        }
        return identity;
    }

    private static string BuildConnectionString(string fullPath, SqliteOpenMode mode, SqliteGenOptions options) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = mode,
            // We keep our connections open ourselves; Microsoft.Data.Sqlite's pool would re-run pragmas on every Open.
            Pooling = false,
            ForeignKeys = null,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

    private static PooledConnection OpenConnection(string fullPath, string connectionString, SqliteGenOptions options, bool isWriter, SqliteGenLog log, IPoolFeature[]? features = null)
    {
        var connection = new SqliteConnection(connectionString);
        var pooled = new PooledConnection(connection, isWriter) { Log = log };
        try
        {
            // After SqliteConnection's static constructor chose the provider, before the file is touched.
            if (isWriter)
                SqliteNative.RequireProviderLibrary(fullPath);
            connection.Open();
            // SQLite opens a file it may not write read-only without saying so, and the first write would fail
            // far from Open with a message that names no file: refuse it here, before any read
            // creates the -wal and -shm files beside it.
            if (isWriter && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                throw new DatabaseOpenException(fullPath, $"Database file '{fullPath}' is read-only: SqliteGen needs write access to the file and its folder (for the WAL). Nothing was changed.");
            // busy_timeout first: even the journal_mode switch below may need to wait for another process.
            Pragma(pooled, "busy_timeout", (long)options.BusyTimeout.TotalMilliseconds);
            if (isWriter)
            {
                // Before WAL mode, which writes the file's first page: what only a file with no pages yet can take.
                foreach (IPoolFeature feature in features ?? [])
                    feature.ConfigureWriter(pooled);
                string mode = Convert.ToString(pooled.ExecuteScalar("PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture) ?? "";
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new DatabaseOpenException(fullPath, $"Cannot switch '{fullPath}' to WAL mode (SQLite kept journal_mode '{mode}'). WAL does not work on network file systems; put the file on a local disk.");
                Pragma(pooled, "journal_size_limit", options.JournalSizeLimitBytes);
                if (options.BackgroundCheckpoint)
                    Pragma(pooled, "wal_autocheckpoint", 0); // the BackgroundCheckpointer does it off the write path
            }
            Pragma(pooled, "synchronous", (long)options.Synchronous);
            Pragma(pooled, "foreign_keys", options.ForeignKeys ? 1 : 0);
            Pragma(pooled, "cache_size", -(long)options.CacheSizeKiB);
            Pragma(pooled, "mmap_size", options.MmapSizeBytes);
            Pragma(pooled, "temp_store", 2); // MEMORY
            if (!isWriter)
                Pragma(pooled, "query_only", 1); // a write through a reader is a bug: fail loudly instead of taking the lock
            return pooled;
        }
        catch (SqliteException error)
        {
            pooled.Dispose();
            throw new DatabaseOpenException(fullPath, DescribeOpenError(fullPath, error), error);
        }
        catch
        {
            pooled.Dispose();
            throw;
        }
    }

    private static void Pragma(PooledConnection connection, string name, long value) =>
        connection.ExecuteNonQuery("PRAGMA " + name + " = " + value.ToString(CultureInfo.InvariantCulture));

    private static string DescribeOpenError(string fullPath, SqliteException error) => error.SqliteErrorCode switch
    {
        26 => $"'{fullPath}' is not a SQLite database (SQLite: file is not a database). Nothing was changed.",
        // A new file in a folder SQLite cannot write (the folder's existence was checked before opening).
        14 when !File.Exists(fullPath) => $"Cannot create database file '{fullPath}': the folder '{Path.GetDirectoryName(fullPath)}' is read-only or not writable by this user ({error.Message}). Nothing was created.",
        14 => $"Cannot open database file '{fullPath}' ({error.Message}). Check that the file and its folder are readable and writable.",
        8 => $"Database file '{fullPath}' is read-only: SqliteGen needs write access to the file and its folder (for the WAL). {error.Message}",
        _ => $"Cannot open database file '{fullPath}': {error.Message}",
    };

    /// <inheritdoc/>
    public override ConnectionLease RentReader()
    {
        ThrowIfDisposed();
        _readerGate?.Enter();
        return new ConnectionLease(Ready(TakePlace()), this);
    }

    /// <summary>
    /// A resting reader with its place, or null for a place reserved to open one in; waits while every reader is rented
    /// and no more may be opened.
    /// </summary>
    private PooledConnection? TakePlace()
    {
        if (_readers.TryPlace(out PooledConnection? reader))
            return reader;
        // Every reader is busy: only now is the wait worth timing (nothing is measured on the uncontended path).
        long started = SqliteGenMetrics.PoolWait.Enabled ? Stopwatch.GetTimestamp() : 0;
        reader = _readers.Wait();
        if (started != 0)
            SqliteGenMetrics.RecordPoolWait(FilePath, "reader", started);
        return reader;
    }

    /// <inheritdoc/>
    public override async ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_readerGate is not null)
            await _readerGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (!_readers.TryPlace(out PooledConnection? reader))
        {
            long started = SqliteGenMetrics.PoolWait.Enabled ? Stopwatch.GetTimestamp() : 0;
            try
            {
                reader = await _readers.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _readerGate?.Leave();
                throw;
            }
            if (started != 0)
                SqliteGenMetrics.RecordPoolWait(FilePath, "reader", started);
        }
        return new ConnectionLease(Ready(reader), this);
    }

    /// <summary>
    /// A reader in autocommit, with no kept snapshot (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>): for code that
    /// runs its own transactions or statements that cannot run inside one (health checks, backups).
    /// </summary>
    internal ConnectionLease RentReaderInAutocommit()
    {
        ThrowIfDisposed();
        _readerGate?.Enter();
        return new ConnectionLease(Ready(TakePlace(), keepSnapshot: false), this);
    }

    /// <summary>
    /// The reader to hand out, from <paramref name="reader"/> taken with its place (null: open one in the place the caller
    /// reserved): on a current snapshot, or in autocommit when <paramref name="keepSnapshot"/> is false.
    /// </summary>
    private PooledConnection Ready(PooledConnection? reader, bool keepSnapshot = true)
    {
        try
        {
            reader ??= OpenReader();
            if (!keepSnapshot)
            {
                if (!reader.EndSnapshot())
                {
                    Close(reader);
                    reader = null;
                    reader = OpenReader();
                }
            }
            else if (_reuseSnapshots && !CurrentSnapshot(reader))
            {
                Close(reader); // SQLite would not end its read transaction: a fresh connection instead
                reader = null;
                reader = OpenReader();
                CurrentSnapshot(reader);
            }
            return reader;
        }
        catch
        {
            if (reader is not null)
                Discard(reader);
            else
                _readers.Release();
            _readerGate?.Leave();
            throw;
        }
    }

    /// <summary>Opens a reader in a place the caller holds.</summary>
    private PooledConnection OpenReader()
    {
        ThrowIfFileReplaced();
        PooledConnection reader = OpenConnection(FilePath, _readerConnectionString, _options, isWriter: false, Log);
        _readers.Opened(reader);
        return reader;
    }

    /// <summary>
    /// Makes <paramref name="reader"/>'s snapshot current (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>): the one it
    /// holds when the wal-index header still equals the one read before that snapshot began (no commit since, by
    /// anyone). When it has changed, the old read transaction ends and this read runs in autocommit, as without the
    /// option; a reader begins keeping a snapshot (a deferred <c>BEGIN</c> that the caller's first statement starts) only
    /// when the header equals the one it saw at its previous rent, so a reader that finds a commit before every read
    /// holds nothing between reads (and stops no other connection's checkpoint). The header is read here, before the
    /// caller's statement: a snapshot can only be as new as the header noted for it or newer, never older, so a commit
    /// landing in between shows as a change at the next rent, and a read never misses one that was acknowledged before
    /// it began. A header that cannot be read, or is being written (its two copies differ), counts as a change.
    /// False when the old read transaction would not end.
    /// </summary>
    private bool CurrentSnapshot(PooledConnection reader)
    {
        int tick = Volatile.Read(ref _snapshotTick);
        int releases = Volatile.Read(ref _snapshotReleases);
        bool readable = _walIndex!.TryRead(out WalStamp now);
        if (reader.HoldsSnapshot)
        {
            if (readable && now == reader.SnapshotStamp && reader.SnapshotReleases == releases && tick - reader.SnapshotTick <= 1)
            {
                reader.SnapshotReuses++;
                return true;
            }
            bool changed = !readable || now != reader.SnapshotStamp;
            if (!reader.EndSnapshot())
                return false;
            if (changed)
            {
                reader.Saw(readable ? now : null);
                return true; // this read in autocommit
            }
            // Only aged out or let go: nothing committed, so keep a new one at once.
        }
        if (readable && reader.SawStamp && now == reader.SeenStamp)
            reader.BeginSnapshot(now, tick, releases);
        else
            reader.Saw(readable ? now : null);
        return true;
    }

    /// <summary>
    /// Refuses to open another connection when <see cref="FilePath"/> no longer names the file this pool has open
    /// (another file renamed over it, or it deleted). The pool's connections keep the old file; a connection opened now
    /// would open the new one but share the old one's <c>-wal</c> and <c>-shm</c> (they are found by name), reading the
    /// old file's WAL frames as the new file's pages, and SQLite in this process would take the <c>-shm</c> for unused
    /// and reset it under the connections mapping it. One <c>stat</c> per connection opened, which is rare.
    /// </summary>
    private void ThrowIfFileReplaced()
    {
        if (FileReplaced())
            throw FileReplacedError(FilePath);
    }

    /// <summary>
    /// True when <see cref="FilePath"/> no longer names the file the writer opened (<see cref="FileIdentity"/>: a
    /// <c>stat</c> of the path, no connection touched, so safe from any thread while others use the connections).
    /// </summary>
    private bool FileReplaced() => _fileIdentity is { } opened && FileIdentity.Of(FilePath) != opened;

    private static DatabaseOpenException FileReplacedError(string filePath) =>
        new(filePath, $"The database file '{filePath}' was replaced or removed while it was open (another file renamed over it, or deleted): this database's connections still use the old file, and a new connection would mix the new file with the old one's WAL. Close the database and open it again. To restore a copy into an open database, copy it with SQLite's backup API onto the open file instead of renaming it into place.");

    /// <summary>Closes a reader taken from the shelf (or never on it) and gives up its place.</summary>
    private void Discard(PooledConnection reader)
    {
        Close(reader);
        _readers.Release();
    }

    /// <summary>Closes a reader taken from the shelf, keeping its place for another.</summary>
    private void Close(PooledConnection reader)
    {
        _readers.Forget(reader);
        reader.Dispose();
    }

    /// <summary>Puts a reader back to rest; one put back while the pool closed is closed too.</summary>
    private void Shelve(PooledConnection reader)
    {
        _readers.Put(reader);
        if (_disposed)
            _readers.CloseResting(); // Dispose may have closed the resting readers before this one came back
    }

    /// <summary>
    /// Makes every reader let go of its kept snapshot: idle ones now, busy ones when they come back. For what needs
    /// SQLite's readers out of the way: a checkpoint that must reach the end of the WAL (TRUNCATE, RESTART, the
    /// background checkpointer's last pass) or a vacuum. Does nothing unless <see cref="SqliteGenOptions.ReuseReadSnapshots"/>.
    /// </summary>
    internal void ReleaseReadSnapshots()
    {
        if (!_reuseSnapshots)
            return;
        Interlocked.Increment(ref _snapshotReleases);
        ReleaseIdleSnapshots(static (_, _) => true, 0);
    }

    /// <summary>Every <see cref="SnapshotTickInterval"/>: idle readers let go of snapshots begun before the previous tick.</summary>
    private void OnSnapshotTick()
    {
        int tick = Interlocked.Increment(ref _snapshotTick);
        ReleaseIdleSnapshots(static (reader, tick) => tick - reader.SnapshotTick >= 2, tick);
    }

    private void ReleaseIdleSnapshots(Func<PooledConnection, int, bool> due, int tick)
    {
        // One resting reader at a time, taken from its place only when its snapshot is due: a renter meanwhile finds the
        // others (or opens one, if there is room).
        for (int place = 0; place < _readers.Capacity && !_disposed; place++)
        {
            PooledConnection? reader = _readers.TryTakeAt(place, static (reader, call) => reader.HoldsSnapshot && call.Due(reader, call.Tick), (Due: due, Tick: tick));
            if (reader is null)
                continue;
            bool keep;
            try
            {
                keep = reader.EndSnapshot();
            }
            catch (SqliteException)
            {
                keep = false;
            }
            if (keep)
                Shelve(reader);
            else
                Discard(reader);
        }
    }

    /// <inheritdoc/>
    public override ConnectionLease RentWriter()
    {
        _writerGate.AcquireForWrite();
        return new ConnectionLease(_writer, this);
    }

    /// <inheritdoc/>
    public override async ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken)
    {
        await _writerGate.AcquireForWriteAsync(cancellationToken).ConfigureAwait(false);
        return new ConnectionLease(_writer, this);
    }

    /// <summary>
    /// Runs one write on the writer. With <see cref="SqliteGenOptions.GroupCommit"/> (the default),
    /// writes that arrive while another runs are queued and committed together in one transaction.
    /// </summary>
    public override TResult Write<TState, TResult>(TState state, WriteOperation<TState, TResult> operation)
    {
        if (_groupCommitter is null)
            return base.Write(state, operation);
        ThrowIfDisposed();
        _writerGate.ThrowIfFlowHoldsWriter();
        return _groupCommitter.Write(state, operation);
    }

    /// <inheritdoc cref="Write{TState, TResult}"/>
    public override ValueTask<TResult> WriteAsync<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, CancellationToken cancellationToken)
    {
        if (_groupCommitter is null)
            return base.WriteAsync(state, operation, cancellationToken);
        ThrowIfDisposed();
        _writerGate.ThrowIfFlowHoldsWriter();
        return _groupCommitter.WriteAsync(state, operation, cancellationToken);
    }

    /// <summary>The background checkpointer, or null (for tests: its WAL restarts).</summary>
    internal BackgroundCheckpointer? Checkpointer => _checkpointer;

    /// <summary>The gate reads pass, or null when the WAL has no bound (for tests).</summary>
    internal ReaderGate? ReaderGate => _readerGate;

    /// <summary>Background checkpoints run so far (for tests).</summary>
    internal int CheckpointsCompleted => _checkpointer?.Completed ?? 0;

    /// <summary>Reads so far that found their reader's kept snapshot current (for tests).</summary>
    internal long SnapshotReuses => _readers.Sum(static reader => reader.SnapshotReuses);

    /// <summary>Ticks of the snapshot timer so far (for tests).</summary>
    internal int SnapshotTicks => Volatile.Read(ref _snapshotTick);

    /// <summary>Reader connections open now (for tests).</summary>
    internal int OpenReaders => _readers.OpenCount;

    /// <summary>Writes queued for the next group commit (0 when group commit is off).</summary>
    internal int QueuedWrites => _groupCommitter?.QueuedCount ?? 0;

    /// <summary>
    /// The wal-index header through <paramref name="writer"/>, after a read on it so that its connection has mapped the
    /// memory; null when that fails (then nothing depends on it: see <see cref="TryReadChangeStamp"/>).
    /// </summary>
    private static WalIndexHeader? MapWalIndex(PooledConnection writer)
    {
        try
        {
            writer.ExecuteScalar("SELECT count(*) FROM sqlite_schema");
            return WalIndexHeader.TryOpen(writer);
        }
        catch (SqliteException)
        {
            return null; // the first real use of the file reports what is wrong with it, with its usual message
        }
    }

    /// <summary>
    /// The file's wal-index header right now (see <see cref="WalIndexHeader"/>): equal stamps mean nobody committed
    /// in between. False when it cannot be read (then callers must assume a change).
    /// </summary>
    internal bool TryReadChangeStamp(out WalStamp stamp)
    {
        if (_walIndex is not null)
            return _walIndex.TryRead(out stamp);
        stamp = default;
        return false;
    }

    /// <summary>
    /// How many times a commit not made by this pool's writer (another connection or process) has been seen: a copy
    /// of the file's data kept in step with this pool's own writes is current only while this stays the same. False:
    /// cannot be told right now (the writer is committing), so do not trust or cache such a copy. Where the wal-index
    /// cannot be watched this is always 0, and commits from elsewhere go unseen.
    /// </summary>
    internal bool TryGetExternalCommitEpoch(out long epoch)
    {
        if (_externalCommits is not null)
            return _externalCommits.TryGetEpoch(out epoch);
        epoch = 0;
        return true;
    }

    /// <summary>Under FULL with group commit, what acknowledges batches after flushing the WAL; otherwise null.</summary>
    internal WalFileSync? WalSync => _walSync;

    /// <summary>The writer connection; only for the holder of the writer gate.</summary>
    internal PooledConnection Writer => _writer;

    /// <summary>Who may use the writer, and when.</summary>
    internal WriterGate WriterGate => _writerGate;

    /// <summary>The checkpointer's own connection: read-write (a checkpoint writes the database file), never handed out.</summary>
    private PooledConnection OpenCheckpointConnection()
    {
        ThrowIfFileReplaced();
        PooledConnection connection = OpenConnection(FilePath, _readerConnectionString, _options, isWriter: false, Log);
        Pragma(connection, "query_only", 0);
        return connection;
    }

    internal override void Return(PooledConnection connection)
    {
        if (connection.IsWriter)
        {
            _writerGate.Release();
            return;
        }
        if (_disposed)
            Discard(connection);
        else if (connection.HoldsSnapshot && connection.SnapshotReleases != Volatile.Read(ref _snapshotReleases) && !connection.EndSnapshot())
            Discard(connection);
        else
            Shelve(connection);
        _readerGate?.Leave();
    }

    /// <summary>Starts a write transaction (<c>BEGIN IMMEDIATE</c>) holding the writer until it is disposed.</summary>
    public WriteTransaction BeginWrite()
    {
        ConnectionLease lease = RentWriter();
        return new WriteTransaction(this, lease, WriteTransaction.EnterFlow());
    }

    /// <summary>
    /// Starts a write transaction, waiting asynchronously for the writer. Not an async method: the caller's flow must see
    /// the transaction (<see cref="WriteTransaction.EnterFlow"/>), and a flow's value set inside an async method is not.
    /// </summary>
    public ValueTask<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        WriteTransaction.FlowSlot slot = WriteTransaction.EnterFlow();
        ValueTask<ConnectionLease> rent = RentWriterAsync(cancellationToken);
        return rent.IsCompletedSuccessfully ? new(new WriteTransaction(this, rent.Result, slot)) : BeginWhenRentedAsync(rent, slot);
    }

    private async ValueTask<WriteTransaction> BeginWhenRentedAsync(ValueTask<ConnectionLease> rent, WriteTransaction.FlowSlot slot) =>
        new WriteTransaction(this, await rent.ConfigureAwait(false), slot);

    private void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException(nameof(SqliteConnectionPool), $"The database '{FilePath}' has been closed.");
    }

    /// <summary>Closes every connection. The writer closes last, so SQLite checkpoints and removes the WAL.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _writerGate.Close();
        SqliteGenMetrics.PoolClosed(this);
        _attachments.Close(); // first: an attachment may wait for work of its own that still uses the connections
        if (_snapshotTimer is not null)
        {
            using var ticked = new ManualResetEvent(false);
            if (_snapshotTimer.Dispose(ticked))
                ticked.WaitOne(); // a tick under way finishes before the readers close
        }
        _readers.CloseResting();
        _checkpointer?.Dispose();
        // Wait for an in-flight write to finish rather than closing the connection under it; a write transaction still
        // open after WriterWaitTimeout has the writer closed when it gives it back, not under it.
        if (_writerGate.WaitForLastHolder())
        {
            EmptyWalOfReplacedFile();
            CloseWriter();
            _writerGate.Release();
        }
        else
        {
            _writerGate.CloseWhenReleased(CloseWriter);
        }
        Runtime.Log.DatabaseClosed(Log.Pool, FilePath);
    }

    /// <summary>Closes the writer connection and what lives with it; only while holding the writer gate.</summary>
    private void CloseWriter()
    {
        _walIndex?.Dispose(); // its memory goes away with the writer's connection
        _writer.Dispose();
        _externalCommits?.Dispose(); // its hooks went with the writer
        _walSync?.Dispose();         // the writer's close checkpointed and synced what the WAL held
    }

    /// <summary>
    /// When the file was replaced while open (see <see cref="ThrowIfFileReplaced"/>), SQLite's close neither checkpoints
    /// nor removes the WAL, which keeps its name: the next connection to the file now at the path would read the old
    /// file's frames as its pages. A TRUNCATE checkpoint empties it first (copying the frames into the old file, which
    /// nobody can open any more), so the new file is read as it is.
    /// </summary>
    private void EmptyWalOfReplacedFile()
    {
        try
        {
            if (_writer.FileHasMoved()) // SQLite's own view of the writer's file: this thread holds the writer
                _writer.ExecuteNonQuery("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // the close goes on; the database's next Open reports what is wrong with the file
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}

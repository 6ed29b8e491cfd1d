using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>
/// Moves WAL checkpoints off the write path. SQLite's default (<c>wal_autocheckpoint = 1000</c>) makes
/// whichever commit pushes the WAL past 1,000 pages copy the WAL back into the database file and fsync
/// it before returning: that caller waits for the disk. With the writer's autocheckpoint off, this
/// runs <c>PRAGMA wal_checkpoint(PASSIVE)</c> on a connection of its own, on a thread of its own, when
/// the writer's commits have added <see cref="FramesPerCheckpoint"/> frames to the WAL since the last one
/// was scheduled, as the writer's WAL hook reports
/// (<see cref="NoteWalSize"/>). Where that hook is not available (the wal-index could not be mapped) it
/// falls back to time: at most once per <see cref="Interval"/> while writes commit (<see cref="NoteWrite"/>).
/// PASSIVE never blocks the writer or the readers; it copies what no reader still needs, and the WAL is
/// reused from the start once everything is copied.
/// </summary>
/// <remarks>
/// Checkpointing off the writer moves the copy and the fsync of the database file to another core and out of the
/// callers' latency; the work is the same, and durability is unchanged (WAL frames are as durable before a
/// checkpoint as after). Two passes, because a single pass beside steady writes never completes, so the WAL never
/// restarts and every frame becomes an append (see <see cref="Run"/>). By size is SQLite's own rule: a WAL restart
/// syncs the new WAL header even under synchronous=NORMAL, and a page rewritten by many commits is copied once per
/// checkpoint, so checkpoints need not come oftener than that. The measurements behind these choices are in
/// benchmarks/RESULTS.md, "Pool: group commit and checkpoints".
/// </remarks>
internal sealed class BackgroundCheckpointer : IDisposable
{
    /// <summary>
    /// WAL growth (frames) that schedules a checkpoint: 16 MiB of 4 KiB pages, four times SQLite's inline default. Each
    /// checkpoint ends holding the writer for its second pass and two fsyncs, and the WAL restart after it syncs the WAL
    /// header; fewer, larger checkpoints pay that less often and copy a page rewritten by many commits once (4,000 measured
    /// faster than 1,000 for single writes and under concurrency: benchmarks/RESULTS.md). 4,000 keeps the WAL file near
    /// 16-20 MiB under steady writes.
    /// </summary>
    internal const int FramesPerCheckpoint = 4000;

    /// <summary>Without the WAL hook: at most one checkpoint per 50 ms while writes commit.</summary>
    private static readonly long Interval = Stopwatch.Frequency / 20;

    /// <summary>How long the second pass waits for the writer before leaving the rest to the next checkpoint.</summary>
    private static readonly TimeSpan WriterWait = TimeSpan.FromMilliseconds(200);

    private readonly Func<PooledConnection> _open;
    private readonly WriterGate _writerGate;
    private readonly Action? _letReadersGo;
    private readonly ReaderGate? _readerGate;
    private readonly long _walLimitBytes;
    private readonly TimeSpan _busyTimeout;
    private long _walLimitFrames; // _walLimitBytes in frames of this file's page size; set with the connection
    private readonly object _sync = new();
    private PooledConnection? _connection;
    private long _lastScheduled;
    private int _framesWhenScheduled; // WAL size (frames) when the last checkpoint was scheduled; writer thread only
    private int _scheduled; // 1 while a checkpoint is queued or running
    private bool _disposed;

    private readonly string _filePath;
    private readonly SqliteGenLog _log;

    /// <param name="open">Opens the checkpointer's own read-write connection.</param>
    /// <param name="writerGate">The pool's writer gate, held for the completing pass (no write can commit while it is held).</param>
    /// <param name="filePath">The database file, for messages.</param>
    /// <param name="log">Where a failed checkpoint is logged.</param>
    /// <param name="letReadersGo">
    /// Makes the pool's readers let go of kept snapshots, whose read marks would stop a pass short: run before each pass
    /// and again before the gate is given back; null when readers keep none.
    /// </param>
    /// <param name="readerGate">
    /// The pool's reader gate, shut while the WAL is restarted once it passes <paramref name="walLimitBytes"/>; null when
    /// the WAL has no bound (<see cref="SqliteGenOptions.WalSizeLimitBytes"/> -1).
    /// </param>
    /// <param name="walLimitBytes">The WAL size past which a checkpoint restarts the WAL (<see cref="RestartWal"/>).</param>
    /// <param name="busyTimeout">The pool's busy timeout, which the checkpoint connection keeps outside a restart.</param>
    public BackgroundCheckpointer(Func<PooledConnection> open, WriterGate writerGate, string filePath, SqliteGenLog log, Action? letReadersGo,
        ReaderGate? readerGate, long walLimitBytes, TimeSpan busyTimeout)
    {
        _letReadersGo = letReadersGo;
        _readerGate = readerGate;
        _walLimitBytes = walLimitBytes;
        _busyTimeout = busyTimeout;
        _open = open;
        _writerGate = writerGate;
        _filePath = filePath;
        _log = log;
        // The first checkpoint comes one interval after opening, not with the first write: a database
        // opened for a few writes (a tenant, a tool) never opens the checkpoint connection at all.
        _lastScheduled = Stopwatch.GetTimestamp();
    }

    /// <summary>How many checkpoints ran (for tests and diagnostics).</summary>
    internal int Completed { get; private set; }

    /// <summary>
    /// Called by the writer's WAL hook after each commit that wrote frames, with the WAL's size in frames: schedules a
    /// checkpoint once the WAL grew by <see cref="FramesPerCheckpoint"/> since the last one was scheduled. Runs inside
    /// the writer's commit, so it only compares and queues.
    /// </summary>
    public void NoteWalSize(int frames)
    {
        if (frames < _framesWhenScheduled)
            _framesWhenScheduled = 0; // the WAL restarted from the beginning after a complete checkpoint
        if (frames - _framesWhenScheduled < FramesPerCheckpoint || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            return;
        _framesWhenScheduled = frames;
        Schedule();
    }

    /// <summary>
    /// Without the WAL hook: called whenever the writer is released (a write may have committed); cheap unless a
    /// checkpoint is due by time.
    /// </summary>
    public void NoteWrite()
    {
        long now = Stopwatch.GetTimestamp();
        if (now - Volatile.Read(ref _lastScheduled) < Interval || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            return;
        Volatile.Write(ref _lastScheduled, now);
        Schedule();
    }

    /// <summary>
    /// A thread of its own per checkpoint, not a thread-pool work item: callers blocked in synchronous writes can hold
    /// every pool thread, and a checkpoint queued behind them would wait for the pool to grow (measured: a test writing
    /// 8,000 rows on a 2-core machine finished before the queued checkpoint started). One thread start per 4,000 frames
    /// costs nothing next to the checkpoint.
    /// </summary>
    private void Schedule() =>
        new Thread(static self => ((BackgroundCheckpointer)self!).Run()) { IsBackground = true, Name = "SqliteGen checkpoint" }.UnsafeStart(this);

    private void Run()
    {
        try
        {
            lock (_sync)
            {
                if (_disposed)
                    return;
                OpenConnection();
                _letReadersGo?.Invoke();
                // The bulk of the copy runs beside the writer. Writes that commit meanwhile keep the WAL from being
                // complete (the frame counts this pass reports are those it started with, so it cannot tell), and only
                // a complete checkpoint lets the writer restart the WAL from its beginning: under steady writes it would
                // grow without end, every frame an append (a new block: 3.5 us per 4 KiB pwrite against 1 us to
                // overwrite one, on the CI machine's ext4). So a second pass, holding the writer, copies the few frames
                // added meanwhile; if the writer stays busy, the next checkpoint tries again.
                bool busy = CheckpointPassive(out int frames);
                if (_readerGate is not null && frames >= _walLimitFrames)
                    RestartWal(); // frames this many: readers that never pause keep the WAL from restarting by itself
                else if (!busy)
                    CompletingPass();
                Completed++;
            }
        }
        catch (Exception error)
        {
            Log.BackgroundCheckpointFailed(_log.Pool, _filePath, error);
            // A failed checkpoint loses nothing: the frames stay in the WAL, and the next one (or the
            // writer's final checkpoint on close) copies them.
        }
        finally
        {
            Volatile.Write(ref _scheduled, 0);
        }
    }

    /// <summary>
    /// The second pass, holding the writer gate (<see cref="WriterGate.TryAcquireForCheckpoint"/>). Readers let go of
    /// kept snapshots before it and again before the gate goes back: no commit comes in between, so snapshots begun then
    /// read the file alone and do not stop the next write from restarting the WAL.
    /// </summary>
    private void CompletingPass()
    {
        _letReadersGo?.Invoke();
        if (!_writerGate.TryAcquireForCheckpoint(WriterWait))
            return;
        try
        {
            CheckpointPassive(out _);
        }
        finally
        {
            try
            {
                _letReadersGo?.Invoke();
            }
            finally
            {
                _writerGate.Release();
            }
        }
    }

    /// <summary>
    /// <c>sqlite3_wal_checkpoint_v2(PASSIVE)</c> on the checkpoint connection; true when it could not run
    /// (<c>SQLITE_BUSY</c>: another connection is checkpointing). <paramref name="frames"/>: the frames in the WAL, as
    /// SQLite counts them (<c>pnLog</c>; 0 when busy).
    /// </summary>
    private bool CheckpointPassive(out int frames)
    {
        int rc = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(_connection!.Connection.Handle, "main", SQLitePCL.raw.SQLITE_CHECKPOINT_PASSIVE, out frames, out _);
        if (rc == SQLitePCL.raw.SQLITE_BUSY)
        {
            frames = 0;
            return true;
        }
        SqliteException.ThrowExceptionForRC(rc, _connection.Connection.Handle);
        return false;
    }

    private void OpenConnection()
    {
        if (_connection is not null)
            return;
        _connection = _open();
        long pageSize = Convert.ToInt64(_connection.ExecuteScalar("PRAGMA page_size"), CultureInfo.InvariantCulture);
        _walLimitFrames = _walLimitBytes < 0 ? long.MaxValue : _walLimitBytes / (pageSize + WalFrameHeaderBytes);
    }

    /// <summary>The header SQLite writes before each page in the WAL.</summary>
    private const int WalFrameHeaderBytes = 24;

    /// <summary>
    /// How long a WAL restart waits for the reads under way to finish, and then for the writer (each): long enough for a
    /// scan of a large table on a loaded machine, short enough that a read waiting at the gate for a flow that cannot go
    /// on (see <see cref="ReaderGate"/>) is not held long.
    /// </summary>
    internal TimeSpan RestartWaits { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>WAL restarts that started the WAL again from its beginning (for tests and diagnostics).</summary>
    internal int WalRestarts { get; private set; }

    /// <summary>WAL restarts given up (for tests and diagnostics).</summary>
    internal int WalRestartsGivenUp { get; private set; }

    /// <summary>How the last WAL restart ended (for tests and diagnostics).</summary>
    internal WalRestartOutcome LastWalRestart { get; private set; }

    private readonly int[] _outcomes = new int[5];

    /// <summary>How many WAL restarts ended with <paramref name="outcome"/> (for tests and diagnostics).</summary>
    internal int WalRestartsEndedWith(WalRestartOutcome outcome) => Volatile.Read(ref _outcomes[(int)outcome]);

    /// <summary>
    /// Restarts the WAL now, on the caller's thread, whatever its size, as a checkpoint does once the WAL passes the
    /// limit (for tests).
    /// </summary>
    internal WalRestartOutcome RestartWalNow()
    {
        lock (_sync)
        {
            if (_disposed || _readerGate is null)
                return WalRestartOutcome.Off;
            OpenConnection();
            return RestartWal();
        }
    }

    /// <summary>
    /// The WAL bound (<see cref="SqliteGenOptions.WalSizeLimitBytes"/>). Readers that never pause always leave a read
    /// transaction open somewhere in the WAL, so no commit finds it free to start again from its beginning, however
    /// often it is copied back (WalRestartTests has SQLite show it). So: shut the reader gate (new reads wait there),
    /// let go of kept snapshots, wait for the reads under way to finish, take the writer, and run
    /// <c>sqlite3_wal_checkpoint_v2(RESTART)</c> without a busy handler; then give the writer back and open the gate.
    /// Writes wait only for the checkpoint itself (they go on committing while the reads finish). A reader in another
    /// process is out of reach: RESTART then reports busy, having copied what it could, and a later checkpoint tries
    /// again; nothing fails. Each wait is bounded (<see cref="RestartWaits"/>), so a read that cannot finish while the
    /// gate is shut (a flow reading with two leases at once) only makes this attempt give up.
    /// </summary>
    private WalRestartOutcome RestartWal()
    {
        WalRestartOutcome outcome = RestartWalBehindGate();
        LastWalRestart = outcome;
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        if (outcome == WalRestartOutcome.Restarted)
            WalRestarts++;
        else
            WalRestartsGivenUp++;
        return outcome;
    }

    private WalRestartOutcome RestartWalBehindGate()
    {
        ReaderGate gate = _readerGate!;
        try
        {
            _letReadersGo?.Invoke(); // readers coming back from now on let go of their snapshots as they return
            if (!gate.ShutAndDrain(RestartWaits))
                return WalRestartOutcome.ReadersBusy;
            _letReadersGo?.Invoke(); // and the idle ones, including any that began a snapshot while the gate was shutting
            if (!_writerGate.TryAcquireForCheckpoint(RestartWaits))
                return WalRestartOutcome.WriterBusy;
            try
            {
                _letReadersGo?.Invoke(); // a snapshot begun by a read that passed the gate (its flow held the writer)
                SQLitePCL.sqlite3 db = _connection!.Connection.Handle!;
                SQLitePCL.raw.sqlite3_busy_timeout(db, 0); // another process's reader: say busy now rather than wait for it
                try
                {
                    int rc = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(db, "main", SQLitePCL.raw.SQLITE_CHECKPOINT_RESTART, out _, out _);
                    if (rc == SQLitePCL.raw.SQLITE_BUSY)
                        return WalRestartOutcome.OtherConnectionBusy;
                    SqliteException.ThrowExceptionForRC(rc, db);
                    return WalRestartOutcome.Restarted;
                }
                finally
                {
                    SQLitePCL.raw.sqlite3_busy_timeout(db, (int)_busyTimeout.TotalMilliseconds);
                }
            }
            finally
            {
                _writerGate.Release();
            }
        }
        finally
        {
            gate.Open();
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }
}

/// <summary>How an attempt to restart the WAL ended (<see cref="BackgroundCheckpointer"/>).</summary>
internal enum WalRestartOutcome
{
    /// <summary>No attempt: the WAL has no bound, or the pool is closed.</summary>
    Off,

    /// <summary>The next commit writes the WAL from its beginning.</summary>
    Restarted,

    /// <summary>Reads of this pool did not finish while the gate was shut.</summary>
    ReadersBusy,

    /// <summary>The writer stayed busy (a write transaction held open).</summary>
    WriterBusy,

    /// <summary>Another connection (another process's reader or writer) was in the WAL: SQLite could not restart it.</summary>
    OtherConnectionBusy,
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace SqliteGen.Runtime;

/// <summary>
/// Makes group-committed writes durable after their commit instead of inside it, under
/// <see cref="SynchronousMode.Full"/>: the group committer commits a batch with <c>synchronous = NORMAL</c> (frames
/// written, no fsync), releases the writer to the next batch, and hands the batch here; this thread fsyncs the WAL file
/// and only then acknowledges the batch's writes. One fsync covers every batch committed before it started, so the
/// disk's flush and the next batch's work overlap instead of taking turns.
/// </summary>
/// <remarks>
/// <para>
/// What a caller is promised is unchanged: a write acknowledged under FULL has been fsynced and survives a power loss.
/// What changes is visibility: readers may see a group-committed write up to one fsync before it is durable (SQLite's
/// FULL syncs before the commit becomes visible), as InnoDB's group commit does. A power loss in that window loses the
/// write, which no caller was told had succeeded. Writes that do not go through a batch (a write that finds the writer
/// idle, explicit transactions, migrations) keep SQLite's FULL: durable before visible.
/// </para>
/// <para>
/// The WAL is flushed through a handle of its own on the <c>-wal</c> file (fsync flushes the file, whichever
/// descriptor wrote it). That file is the one SQLite writes for as long as the pool's writer connection is open: SQLite
/// deletes and recreates it only when the last connection closes, and a restart after a checkpoint rewrites it in place.
/// Where the handle cannot be opened the pool does not pipeline (<see cref="TryOpen"/> returns null).
/// </para>
/// </remarks>
internal sealed class WalFileSync : IDisposable
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(1);

    private readonly FileStream _wal;
    private readonly string _filePath;
    private readonly object _gate = new();
    // The flush and Dispose take turns; not _gate, which the drainer takes to hand over batches. A semaphore rather than
    // a lock so that a test can hold flushes back from another thread (HoldFlushes).
    private readonly SemaphoreSlim _flushTurn = new(1, 1);
    private readonly List<List<WriteRequest>> _pending = new(); // guarded by _gate
    private bool _running;   // guarded by _gate: the sync thread exists
    private bool _disposed;  // guarded by _flushTurn

    private WalFileSync(FileStream wal, string filePath)
    {
        _wal = wal;
        _filePath = filePath;
    }

    /// <summary>A sync for the WAL of <paramref name="filePath"/>, or null when its <c>-wal</c> file cannot be opened.</summary>
    public static WalFileSync? TryOpen(string filePath)
    {
        try
        {
            // ReadWrite: FileStream flushes to disk only a handle it may write. Nothing is ever written through it.
            var wal = new FileStream(filePath + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            return new WalFileSync(wal, filePath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>fsyncs of the WAL so far (for tests).</summary>
    internal int Syncs { get; private set; }

    /// <summary>
    /// Takes a committed batch: its writes are acknowledged (signaled) after the next fsync of the WAL, or failed with an
    /// error saying so when that fsync fails.
    /// </summary>
    public void AcknowledgeAfterSync(List<WriteRequest> batch)
    {
        lock (_gate)
        {
            _pending.Add(batch);
            if (_running)
            {
                Monitor.Pulse(_gate);
                return;
            }
            _running = true;
            // A dedicated thread for the same reason as the drainer's: callers blocked in synchronous writes can hold
            // every thread-pool thread while they wait for this very acknowledgement.
            new Thread(Run) { IsBackground = true, Name = "SqliteGen WAL sync" }.UnsafeStart();
        }
    }

    private void Run()
    {
        var batches = new List<List<WriteRequest>>();
        while (true)
        {
            lock (_gate)
            {
                while (_pending.Count == 0)
                {
                    if (!Monitor.Wait(_gate, IdleExit) && _pending.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }
                batches.AddRange(_pending); // every batch committed so far: one fsync covers them all
                _pending.Clear();
            }

            Exception? failed = null;
            try
            {
                _flushTurn.Wait();
                try
                {
                    // Disposed: its final flush came after the writer closed, so it covers this batch.
                    if (!_disposed)
                        _wal.Flush(flushToDisk: true);
                }
                finally
                {
                    _flushTurn.Release();
                }
                Syncs++;
            }
            catch (Exception error)
            {
                failed = error;
            }

            foreach (List<WriteRequest> batch in batches)
            {
                foreach (WriteRequest request in batch)
                {
                    if (failed is not null && !request.Failed)
                        request.Fail(new SqliteGenException($"The write was committed to '{_filePath}' but the WAL could not be flushed to disk ({failed.Message}): it is visible now, and may be lost if the machine loses power before SQLite syncs the file again.", failed));
                    request.Signal();
                }
            }
            batches.Clear();
        }
    }

    /// <summary>
    /// A last flush, then closes the handle; called after the writer connection has closed, so that flush covers every
    /// batch still waiting (the close checkpoints only when no other process has the file open).
    /// </summary>
    public void Dispose()
    {
        _flushTurn.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            try
            {
                _wal.Flush(flushToDisk: true);
            }
            catch (Exception error) when (error is IOException or ObjectDisposedException)
            {
                // SQLite removed the WAL after checkpointing it into the database file: nothing is left to flush.
            }
            _wal.Dispose();
        }
        finally
        {
            _flushTurn.Release();
        }
    }

    /// <summary>For tests: no flush starts until the returned object is disposed (on any thread).</summary>
    internal IDisposable HoldFlushes()
    {
        _flushTurn.Wait();
        return new FlushHold(_flushTurn);
    }

    private sealed class FlushHold(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                turn.Release();
        }
    }
}

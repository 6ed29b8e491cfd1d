using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// Counts the commits to a pool's file that the pool's own writer did not make (another connection, another process),
/// so that in-memory copies kept in step with the pool's own writes (the resident vector index) know when to read the
/// file again. The count is an epoch: it moves whenever such a commit is seen.
/// </summary>
/// <remarks>
/// <para>
/// SQLite adds one to the wal-index header's <c>iChange</c> on every commit, whoever makes it
/// (<see cref="WalIndexHeader"/>). The writer's commits are accounted for with two hooks on its connection: the commit
/// hook runs just before a commit, holding the write lock (nobody else can commit then), so <c>iChange</c> there is
/// the value every commit so far left; the WAL hook runs after a commit that wrote frames, so the header should then
/// show exactly one more. Any other difference, at a hook or when a reader asks (<see cref="TryGetEpoch"/>), is
/// somebody else's commit. A commit that wrote nothing calls no WAL hook and changes nothing, as it should.
/// </para>
/// <para>
/// A reader that asks while the writer is busy and sees a header it cannot account for yet (the writer's commit may
/// just have landed) gets "cannot tell" and must not trust its copy; it never moves the epoch on a guess. Errors go the
/// safe way: a change too many costs a rebuild, never a stale answer.
/// </para>
/// <para>
/// Setting a WAL hook replaces SQLite's automatic checkpoint (which is itself a WAL hook): the hook tells the pool's
/// <see cref="BackgroundCheckpointer"/> the WAL's size after each commit, which schedules checkpoints by it; without a
/// background checkpointer the hook does what SQLite's default does, a passive checkpoint once the WAL holds 1,000
/// frames.
/// </para>
/// </remarks>
internal sealed unsafe class ExternalCommitWatch : IDisposable
{
    private const int AutoCheckpointFrames = 1000; // SQLITE_DEFAULT_WAL_AUTOCHECKPOINT

    private readonly WalIndexHeader _header;
    private readonly WriterGate _writerGate;
    private readonly BackgroundCheckpointer? _checkpointer;
    private readonly object _gate = new();
    private GCHandle _self;
    private uint _expected;   // iChange the header shows if only the writer has committed since we last looked
    private uint _beforeCommit;
    private long _epoch;

    private ExternalCommitWatch(WalIndexHeader header, WriterGate writerGate, BackgroundCheckpointer? checkpointer, uint current)
    {
        _header = header;
        _writerGate = writerGate;
        _checkpointer = checkpointer;
        _expected = current;
    }

    /// <summary>
    /// Hooks the writer (call while holding it). Null when the header cannot be read or the hooks cannot be set; then
    /// nothing outside the pool is detected (the documented limit of earlier versions).
    /// </summary>
    /// <param name="writer">The pool's writer connection.</param>
    /// <param name="header">Its file's wal-index header.</param>
    /// <param name="writerGate">The pool's writer gate: while it is held, the writer's commit may be under way.</param>
    /// <param name="checkpointer">
    /// The pool's background checkpointer, told the WAL's size after each commit; null when the pool relies on SQLite's
    /// automatic checkpoint, which the hook then does itself.
    /// </param>
    public static ExternalCommitWatch? Start(PooledConnection writer, WalIndexHeader header, WriterGate writerGate, BackgroundCheckpointer? checkpointer)
    {
        if (!header.TryRead(out WalStamp stamp))
            return null;
        var watch = new ExternalCommitWatch(header, writerGate, checkpointer, stamp.ChangeCounter);
        try
        {
            IntPtr db = writer.Connection.Handle!.DangerousGetHandle();
            watch._self = GCHandle.Alloc(watch);
            IntPtr self = GCHandle.ToIntPtr(watch._self);
            sqlite3_commit_hook(db, &OnCommit, self);
            sqlite3_wal_hook(db, &OnWalCommit, self);
            return watch;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            watch.Dispose();
            return null;
        }
    }

    /// <summary>
    /// The epoch of commits made outside the pool's writer, as of now; false when it cannot be told right now (the
    /// writer is committing): then a copy must not be trusted or cached.
    /// </summary>
    public bool TryGetEpoch(out long epoch)
    {
        lock (_gate)
        {
            epoch = _epoch;
            if (!_header.TryRead(out WalStamp stamp))
                return false;
            uint now = stamp.ChangeCounter;
            if (now == _expected)
                return true;
            if (_writerGate.IsHeld)
                return false; // perhaps the writer's own commit, not accounted for yet
            // The writer is idle and every commit of its own was accounted for by its hooks: this one is somebody else's.
            _expected = now;
            epoch = ++_epoch;
            return true;
        }
    }

    /// <summary>The writer is about to commit, holding the write lock: anything the header shows beyond what we expect is another's commit.</summary>
    private void BeforeCommit()
    {
        lock (_gate)
        {
            if (!_header.TryRead(out WalStamp stamp))
                return;
            uint now = stamp.ChangeCounter;
            if (now != _expected)
            {
                _expected = now;
                _epoch++;
            }
            _beforeCommit = now;
        }
    }

    /// <summary>The writer's commit wrote frames: the header should show one commit more than before it.</summary>
    private void AfterCommit()
    {
        lock (_gate)
        {
            _expected = unchecked(_beforeCommit + 1);
            if (_header.TryRead(out WalStamp stamp) && stamp.ChangeCounter != _expected)
            {
                _expected = stamp.ChangeCounter; // another commit slipped in after the write lock was released
                _epoch++;
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int OnCommit(IntPtr self)
    {
        try
        {
            ((ExternalCommitWatch)GCHandle.FromIntPtr(self).Target!).BeforeCommit();
        }
        catch
        {
            // Never let an exception cross into SQLite; a missed check only costs a rebuild (the next one sees it).
        }
        return 0; // 0: go on with the commit
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int OnWalCommit(IntPtr self, IntPtr db, byte* databaseName, int frames)
    {
        try
        {
            var watch = (ExternalCommitWatch)GCHandle.FromIntPtr(self).Target!;
            watch.AfterCommit();
            if (watch._checkpointer is { } checkpointer)
                checkpointer.NoteWalSize(frames);
            else if (frames >= AutoCheckpointFrames)
                sqlite3_wal_checkpoint(db, databaseName); // what SQLite's own hook (wal_autocheckpoint) would have done
        }
        catch
        {
            // As above.
        }
        return 0; // SQLITE_OK
    }

    /// <summary>Frees the handle the hooks use; call after the writer connection closed (the hooks go with it).</summary>
    public void Dispose()
    {
        if (_self.IsAllocated)
            _self.Free();
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern IntPtr sqlite3_commit_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, int> callback, IntPtr argument);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern IntPtr sqlite3_wal_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, int, int> callback, IntPtr argument);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_wal_checkpoint(IntPtr db, byte* databaseName);
}

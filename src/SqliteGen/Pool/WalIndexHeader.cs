using System;
using System.Runtime.InteropServices;
using System.Threading;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// Tells, without running a statement, whether a WAL-mode database file has changed: it reads the header of the
/// file's wal-index (the <c>-shm</c> memory every connection to the file shares, in every process), which SQLite
/// rewrites on every commit. Used to keep in-memory facts about a file (a layered table's tenant keys) exactly as
/// long as nobody, in this process or another, has committed to it.
/// </summary>
/// <remarks>
/// <para>
/// The header layout is SQLite's documented, stable file format (https://www.sqlite.org/walformat.html, "the
/// wal-index header"): bytes 0-47 are the first of two copies of <c>WalIndexHdr</c>; every commit increments
/// <c>iChange</c> and moves <c>mxFrame</c>, and a WAL reset changes the salts, so those 40 bytes (8-47) differ after
/// any change to the database's content. A checkpoint that resets the WAL also rewrites them: a change too many
/// (the caller re-reads), never one too few.
/// </para>
/// <para>
/// The memory is SQLite's own mapping, obtained through the VFS of the pool's writer connection
/// (<c>SQLITE_FCNTL_FILE_POINTER</c>, then <c>xShmMap</c> of region 0 without extending it). Opening the
/// <c>-shm</c> file ourselves would be simpler and wrong: closing that descriptor would drop the POSIX locks
/// SQLite's connections in this process hold on it. The mapping lives as long as the writer connection, so reads
/// are counted and <see cref="Dispose"/> (called by the pool before it closes the writer) waits for them.
/// </para>
/// </remarks>
internal sealed unsafe class WalIndexHeader : IDisposable
{
    private const int SQLITE_FCNTL_FILE_POINTER = 7;
    private const int WalIndexPageSize = 32768; // WALINDEX_PGSZ: the unit xShmMap maps in
    private const uint WalIndexVersion = 3007000; // WALINDEX_MAX_VERSION, iVersion of the header
    private const int ShmMapSlot = 13; // sqlite3_io_methods: iVersion, then xClose ... xDeviceCharacteristics (12), xShmMap

    private readonly byte* _header;
    private int _readers; // int.MinValue once disposed

    private WalIndexHeader(byte* header) => _header = header;

    /// <summary>
    /// The wal-index header of <paramref name="writer"/>'s database; null when there is none to read (not WAL, a VFS
    /// without shared memory, the region not mapped yet: run a read on the writer first). Call while holding the
    /// writer (or before the pool hands it out): the VFS call uses its file.
    /// </summary>
    public static WalIndexHeader? TryOpen(PooledConnection writer)
    {
        try
        {
            sqlite3? db = writer.Connection.Handle;
            if (db is null || db.IsInvalid)
                return null;
            void* file = null;
            int rc;
            fixed (byte* main = "main\0"u8)
                rc = sqlite3_file_control(db.DangerousGetHandle(), main, SQLITE_FCNTL_FILE_POINTER, &file);
            if (rc != raw.SQLITE_OK || file == null)
                return null;
            void** methods = *(void***)file; // sqlite3_file.pMethods
            if (methods == null || *(int*)methods < 2) // iVersion 1 has no shared-memory methods
                return null;
            var shmMap = (delegate* unmanaged[Cdecl]<void*, int, int, int, void**, int>)methods[ShmMapSlot];
            void* region = null;
            if (shmMap == null || shmMap(file, 0, WalIndexPageSize, 0, &region) != raw.SQLITE_OK || region == null)
                return null;
            var header = new WalIndexHeader((byte*)region);
            return header.TryRead(out _) ? header : null;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a SQLite build we cannot call directly: callers do without
        }
    }

    /// <summary>
    /// Reads the header; false when it is not (or no longer) readable, or a commit is writing it right now (its two
    /// copies differ).
    /// </summary>
    public bool TryRead(out WalStamp stamp)
    {
        stamp = default;
        if (Interlocked.Increment(ref _readers) <= 0)
        {
            Interlocked.Decrement(ref _readers);
            return false;
        }
        try
        {
            // Two copies of WalIndexHdr, 48 bytes each: iVersion at 0, isInit at 12, iChange through aCksum at 8-47. A
            // commit writes the second copy, then (after a memory barrier) the first; SQLite's readers read the first,
            // then the second, and trust them only when equal (walIndexTryHdr). Read the same way, a header caught in
            // the middle of a commit shows two different copies: "not readable", which every caller takes as a change.
            if (Volatile.Read(ref *(uint*)_header) != WalIndexVersion || Volatile.Read(ref _header[12]) == 0)
                return false;
            ulong* first = (ulong*)(_header + 8);
            var read = new WalStamp(Volatile.Read(ref first[0]), Volatile.Read(ref first[1]), Volatile.Read(ref first[2]),
                Volatile.Read(ref first[3]), Volatile.Read(ref first[4]));
            ulong* second = (ulong*)(_header + 48 + 8);
            if (Volatile.Read(ref second[0]) != read.Change || Volatile.Read(ref second[1]) != read.Frames
                || Volatile.Read(ref second[2]) != read.FrameChecksum || Volatile.Read(ref second[3]) != read.Salt
                || Volatile.Read(ref second[4]) != read.Checksum)
                return false;
            stamp = read;
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _readers);
        }
    }

    /// <summary>Stops reads (waiting for the ones under way); the mapping may then go away with the writer.</summary>
    public void Dispose()
    {
        var wait = new SpinWait();
        while (Interlocked.CompareExchange(ref _readers, int.MinValue, 0) != 0)
        {
            if (Volatile.Read(ref _readers) < 0)
                return; // already disposed
            wait.SpinOnce();
        }
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_file_control(IntPtr db, byte* databaseName, int operation, void* argument);
}

/// <summary>The changing part of a wal-index header: equal stamps mean no commit happened in between.</summary>
internal readonly record struct WalStamp(ulong Change, ulong Frames, ulong FrameChecksum, ulong Salt, ulong Checksum)
{
    /// <summary><c>iChange</c>: one more after every commit (the header is in the machine's byte order).</summary>
    public uint ChangeCounter => BitConverter.IsLittleEndian ? (uint)Change : (uint)(Change >> 32);
}

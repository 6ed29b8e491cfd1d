using System;
using System.Runtime.InteropServices;
using System.Text;

namespace SqliteGen.Runtime;

/// <summary>
/// Which file a path names: the device and inode <c>stat</c> reports for it. The pool notes its database file's when it
/// opens and compares the path's again before it opens another connection: another identity, or a path that names
/// nothing any more, means the file was replaced (another renamed over it) or removed. SQLite's own check
/// (<c>SQLITE_FCNTL_HAS_MOVED</c>, <c>unixFileHasMoved</c>) is the same comparison, a <c>stat</c> of the path against the
/// inode of the file a connection has open, a failed <c>stat</c> counting as moved; made here, it needs no connection, so
/// any thread may ask while other threads use every connection of the pool.
/// </summary>
/// <remarks>
/// Linux: <c>statx</c>, whose buffer has one layout on every architecture (device as major and minor, combined here as
/// glibc's <c>makedev</c> does, so the value equals <c>stat</c>'s <c>st_dev</c>). macOS: <c>stat</c> with 64-bit inodes
/// (<c>stat$INODE64</c> on x64). Elsewhere (Windows, where SQLite opens the file without <c>FILE_SHARE_DELETE</c>), or
/// where the call is missing, there is no identity and nothing is compared.
/// </remarks>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file <paramref name="path"/> names; null when there is none to read (no such file, no permission, a platform or libc without the call).</summary>
    public static FileIdentity? Of(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
                return OfLinux(path);
            if (OperatingSystem.IsMacOS())
                return OfMacOS(path);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // an old libc (statx came with glibc 2.28): no identity, as on a platform without one
        }
        return null;
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD: a relative path is taken from the working directory
    private const uint StatxInode = 0x100;       // STATX_INO
    private const int BufferBytes = 256;         // sizeof(struct statx); struct stat is smaller on macOS (144)

    private static unsafe FileIdentity? OfLinux(string path)
    {
        byte[] name = Terminated(path);
        byte* buffer = stackalloc byte[BufferBytes];
        int rc;
        fixed (byte* file = name)
            rc = statx(AtCurrentDirectory, file, 0, StatxInode, buffer);
        if (rc != 0 || (*(uint*)buffer & StatxInode) == 0)
            return null;
        ulong inode = *(ulong*)(buffer + 32);   // stx_ino
        ulong major = *(uint*)(buffer + 136);   // stx_dev_major
        ulong minor = *(uint*)(buffer + 140);   // stx_dev_minor
        ulong device = ((major & 0xfffff000UL) << 32) | ((major & 0xfffUL) << 8) | ((minor & 0xffffff00UL) << 12) | (minor & 0xffUL);
        return new FileIdentity(device, inode);
    }

    private static unsafe FileIdentity? OfMacOS(string path)
    {
        byte[] name = Terminated(path);
        byte* buffer = stackalloc byte[BufferBytes];
        int rc;
        fixed (byte* file = name)
            rc = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? stat_inode64(file, buffer) : stat(file, buffer);
        if (rc != 0)
            return null;
        return new FileIdentity(*(uint*)buffer, *(ulong*)(buffer + 8)); // st_dev (int32), st_ino (uint64)
    }

    private static byte[] Terminated(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    [DllImport("libc", ExactSpelling = true)]
    private static extern unsafe int statx(int directory, byte* path, int flags, uint mask, byte* buffer);

    [DllImport("libc", ExactSpelling = true)]
    private static extern unsafe int stat(byte* path, byte* buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", ExactSpelling = true)]
    private static extern unsafe int stat_inode64(byte* path, byte* buffer);
}

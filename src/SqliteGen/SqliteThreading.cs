using System;
using Microsoft.Data.Sqlite;

namespace SqliteGen;

/// <summary>
/// SQLite's threading mode for this process. By default (serialized) every call into a SQLite connection enters and
/// leaves that connection's mutex, though SqliteGen's pool never lets two threads use one connection at once: some
/// sixteen mutex round trips per get by key. <see cref="UseMultiThreadMode"/> switches SQLite to its multi-thread mode,
/// in which connections have no mutex and a connection (with its statements) must be used by one thread at a time.
/// </summary>
/// <remarks>
/// The mode belongs to the process, not to a database: it applies to every SQLite connection the process opens
/// afterwards, SqliteGen's and any other library's (Microsoft.Data.Sqlite, EF Core, Dapper over a
/// <see cref="SqliteConnection"/>), and SQLite accepts it only before its first connection. Turn it on only when every
/// connection in the process is used by one thread at a time, as ADO.NET connections are anyway. For SqliteGen that
/// means: use a write transaction (<c>BeginWrite</c>, a <c>Write</c> callback's tables) from one thread at a time, and
/// dispose every command made on a connection the pool hands out (an abandoned command's statements are finalized
/// by the garbage collector's thread, which would then use the connection beside its user). docs/design.md, "SQLite's
/// connection mutex", lists the pool's own uses of a connection from more than one thread and why each is safe.
/// </remarks>
public static class SqliteThreading
{
    private const int SqliteConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD
    private static readonly object s_gate = new();
    private static volatile bool s_multiThread;

    /// <summary>True once <see cref="UseMultiThreadMode"/> has switched SQLite to its multi-thread mode in this process.</summary>
    public static bool MultiThreadMode => s_multiThread;

    /// <summary>
    /// Switches SQLite in this process to its multi-thread mode (<c>sqlite3_config(SQLITE_CONFIG_MULTITHREAD)</c>):
    /// connections opened from now on take no mutex. Call it once at start-up, before anything in the process opens a
    /// SQLite connection; calling it again is harmless.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// SQLite in this process has already been initialized (a connection was opened, by SqliteGen or another library),
    /// or this SQLite build cannot run in the mode. Nothing was changed.
    /// </exception>
    public static void UseMultiThreadMode()
    {
        lock (s_gate)
        {
            if (s_multiThread)
                return;
            // SqliteConnection's static constructor chooses the SQLitePCLRaw provider (the e_sqlite3 bundle), as opening
            // a database would; creating a connection object opens nothing.
            new SqliteConnection().Dispose();
            int rc = SQLitePCL.raw.sqlite3_config(SqliteConfigMultiThread);
            if (rc == SQLitePCL.raw.SQLITE_MISUSE)
            {
                throw new InvalidOperationException("SQLite's multi-thread mode can only be chosen before SQLite's first connection in this process, and SQLite is already initialized here (a database or another library has opened a connection). Call SqliteThreading.UseMultiThreadMode() at start-up, before anything opens a database. SQLite keeps its serialized mode.");
            }
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"SQLite refused its multi-thread mode (sqlite3_config returned {rc}; sqlite3_threadsafe() is {SQLitePCL.raw.sqlite3_threadsafe()}): this SQLite library was built without it. SQLite keeps its mode.");
            }
            s_multiThread = true;
        }
    }
}

using System;
using System.Runtime.InteropServices;

namespace SqliteGen.Runtime;

/// <summary>
/// The SQLite calls of a statement's run (bind, step, read a column, reset), made on the statement's pointer straight
/// into <c>e_sqlite3</c>, the library SQLitePCLRaw loads. SQLitePCLRaw's own calls take the statement's SafeHandle
/// and add and release a reference to it around every call (two interlocked operations each), a tenth of a cached get
/// by key's CPU time. A <see cref="RawStatement"/> is finalized only when its connection closes, which the pool does
/// only to a connection nobody has rented, so its pointer outlives every <see cref="StatementRunner"/> over it.
/// </summary>
/// <remarks>
/// The calls that only read or set a value in the statement's memory (clear the bindings, bind a number or NULL, read a
/// column's type, number or bytes) are <c>[SuppressGCTransition]</c>: they neither block nor call back into .NET, and
/// they run in well under a microsecond, so the runtime's switch out of and back into managed mode (its frame and flag
/// writes) costs more than they do. The connection's mutex they take is never held by another thread for long: a pooled
/// connection is used by one caller at a time. Binding text or a blob (a copy of any length), stepping (I/O, locks, the
/// busy handler's sleeps) and reset (which can end a read transaction) keep the transition.
/// </remarks>
internal static unsafe class SqliteNative
{
    private const string Library = "e_sqlite3";
    private static IntPtr Transient => -1; // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns (a constant: no static field to load)

    /// <summary>
    /// Refuses a process whose SQLitePCLRaw provider loads another SQLite library than <c>e_sqlite3</c> (SQLCipher,
    /// the system's sqlite3, winsqlite3): the pool's connections come from that provider, and a statement pointer of
    /// one library handed to another's functions would corrupt memory instead of failing.
    /// </summary>
    public static void RequireProviderLibrary(string fullPath)
    {
        string name = SQLitePCL.raw.GetNativeLibraryName();
        if (!string.Equals(name, Library, StringComparison.Ordinal))
            throw new DatabaseOpenException(fullPath, $"Cannot open '{fullPath}': SqliteGen runs statements through the '{Library}' library (SQLitePCLRaw.bundle_e_sqlite3), but the SQLitePCLRaw provider in this process loads '{name}'. Remove the other SQLitePCLRaw bundle or provider so that both are the same library.");
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int sqlite3_reset(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_clear_bindings(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_double(IntPtr statement, int index, double value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_bind_null(IntPtr statement, int index);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_bind_text(IntPtr statement, int index, byte* value, int length, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_bind_blob(IntPtr statement, int index, byte* value, int length, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern double sqlite3_column_double(IntPtr statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern byte* sqlite3_column_blob(IntPtr statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int sqlite3_column_bytes(IntPtr statement, int column);

    /// <summary>Binds <paramref name="utf8"/> as text, copied by SQLite; an empty span binds empty text (not NULL).</summary>
    public static int BindText(IntPtr statement, int index, ReadOnlySpan<byte> utf8)
    {
        // MemoryMarshal.GetReference, not fixed on the span: an empty span pins as a null pointer, which SQLite binds as NULL.
        ReadOnlySpan<byte> bytes = utf8.IsEmpty ? "\0"u8 : utf8;
        fixed (byte* pointer = &MemoryMarshal.GetReference(bytes))
            return sqlite3_bind_text(statement, index, pointer, utf8.Length, Transient);
    }

    /// <summary>Binds a non-empty blob, copied by SQLite.</summary>
    public static int BindBlob(IntPtr statement, int index, ReadOnlySpan<byte> value)
    {
        fixed (byte* pointer = value)
            return sqlite3_bind_blob(statement, index, pointer, value.Length, Transient);
    }

    /// <summary>
    /// The column's bytes (text as UTF-8, or a blob) in SQLite's memory, valid until the next step or reset. The blob
    /// pointer is taken before the length, as SQLite asks, so a text column's bytes are the UTF-8 the length counts.
    /// </summary>
    public static ReadOnlySpan<byte> ColumnBlob(IntPtr statement, int column)
    {
        byte* pointer = sqlite3_column_blob(statement, column);
        int length = sqlite3_column_bytes(statement, column);
        return pointer == null ? default : new ReadOnlySpan<byte>(pointer, length);
    }
}

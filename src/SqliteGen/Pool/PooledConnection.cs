using System;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// A physical connection kept open by the pool, configured once, with its prepared statements cached
/// (raw SQLite statements for the generated code, commands for transactions and pragmas).
/// Used by one caller at a time (the pool hands it out through a <see cref="ConnectionLease"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PooledConnection : IDisposable
{
    private SqliteCommand?[] _commands = new SqliteCommand?[64];
    private RawStatement?[] _statements = new RawStatement?[64];

    internal PooledConnection(SqliteConnection connection, bool isWriter)
    {
        Connection = connection;
        IsWriter = isWriter;
    }

    /// <summary>The open Microsoft.Data.Sqlite connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>True for the pool's single writer connection.</summary>
    public bool IsWriter { get; }

    /// <summary>
    /// A per-write slot on this (writer) connection: a feature that follows writes puts its notes here for the duration
    /// of one write, on the writer's holder's thread, and takes them away when the write ends; the generated code reads
    /// them through the feature's own typed accessor. Null between writes. The pool never reads it.
    /// </summary>
    internal object? WriteNotes { get; set; }

    /// <summary>The rowid of the last row an <c>INSERT</c> on this connection added (<c>sqlite3_last_insert_rowid</c>).</summary>
    public long LastInsertRowid => SQLitePCL.raw.sqlite3_last_insert_rowid(Connection.Handle);

    /// <summary>The loggers of the pool this connection belongs to.</summary>
    internal SqliteGenLog Log { get; init; } = SqliteGenLog.None;

    /// <summary>How many <see cref="WriteScope"/>s are open on this connection (0 = autocommit).</summary>
    internal int TransactionDepth { get; set; }

    /// <summary>
    /// A reader's kept read snapshot (<see cref="SqliteGenOptions.ReuseReadSnapshots"/>): true while a read transaction
    /// begun by <see cref="BeginSnapshot"/> is open on this connection.
    /// </summary>
    internal bool HoldsSnapshot { get; private set; }

    /// <summary>The wal-index header read just before the held snapshot began: the snapshot is current while the header still equals it.</summary>
    internal WalStamp SnapshotStamp { get; private set; }

    /// <summary>The pool's snapshot clock (<see cref="SqliteConnectionPool"/>) when the held snapshot began.</summary>
    internal int SnapshotTick { get; private set; }

    /// <summary>The pool's count of "let go of every snapshot" requests when the held snapshot began.</summary>
    internal int SnapshotReleases { get; private set; }

    /// <summary>
    /// The wal-index header this reader last saw (at its last rent, or the one its last snapshot began under), valid
    /// when <see cref="SawStamp"/>: the pool begins keeping a snapshot only when the header still equals it, that is
    /// once no commit came between two of this reader's reads.
    /// </summary>
    internal WalStamp SeenStamp { get; private set; }

    /// <summary>True when <see cref="SeenStamp"/> holds a header read by this reader.</summary>
    internal bool SawStamp { get; private set; }

    /// <summary>Notes the header seen at a rent that reads in autocommit (null: unreadable).</summary>
    internal void Saw(WalStamp? stamp)
    {
        SawStamp = stamp.HasValue;
        SeenStamp = stamp.GetValueOrDefault();
    }

    /// <summary>Reads that found the held snapshot current (for tests; this connection's user only writes it).</summary>
    internal long SnapshotReuses;

    private sqlite3_stmt? _begin;
    private sqlite3_stmt? _commit;

    /// <summary>
    /// Begins a read transaction (<c>BEGIN</c>, deferred) whose snapshot the next statement takes, and notes
    /// <paramref name="stamp"/>, the header read before it: the snapshot can be no older than that header.
    /// </summary>
    internal void BeginSnapshot(WalStamp stamp, int tick, int releases)
    {
        int rc = Run(ref _begin, "BEGIN");
        if (rc != raw.SQLITE_DONE)
            StatementRunner.Throw(rc, Connection.Handle!);
        HoldsSnapshot = true;
        SnapshotStamp = stamp;
        SnapshotTick = tick;
        SnapshotReleases = releases;
    }

    /// <summary>
    /// Ends the held snapshot, if any (<c>COMMIT</c> of the read transaction: SQLite lets go of its read lock). False
    /// when SQLite refused (the connection is then not to be trusted with a snapshot: the pool closes it).
    /// </summary>
    internal bool EndSnapshot()
    {
        if (!HoldsSnapshot)
            return true;
        HoldsSnapshot = false;
        Saw(SnapshotStamp);
        sqlite3 db = Connection.Handle!;
        if (raw.sqlite3_get_autocommit(db) != 0)
            return true; // an error already ended the transaction
        return Run(ref _commit, "COMMIT") == raw.SQLITE_DONE && raw.sqlite3_get_autocommit(db) != 0;
    }

    /// <summary>
    /// True when the path this connection was opened with no longer names the file it has open: another file was renamed
    /// over it, or it was deleted (SQLite's <c>SQLITE_FCNTL_HAS_MOVED</c>: one <c>stat</c> of the path, its inode compared
    /// with the open file's). False when it cannot tell (a closed connection, a VFS that does not answer). A call on the
    /// connection: only its user may make it (the pool asks the writer before handing it out and while closing, holding
    /// it; other threads compare the path's <see cref="FileIdentity"/> instead).
    /// </summary>
    internal unsafe bool FileHasMoved()
    {
        sqlite3? db = Connection.Handle;
        if (db is null || db.IsInvalid)
            return false;
        int moved = 0;
        int rc;
        fixed (byte* main = "main\0"u8)
            rc = sqlite3_file_control(db.DangerousGetHandle(), main, SQLITE_FCNTL_HAS_MOVED, &moved);
        return rc == raw.SQLITE_OK && moved != 0;
    }

    private const int SQLITE_FCNTL_HAS_MOVED = 20;

    [System.Runtime.InteropServices.DllImport("e_sqlite3", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern unsafe int sqlite3_file_control(IntPtr db, byte* databaseName, int operation, void* argument);

    /// <summary>Steps a statement of this connection's own (prepared on first use) and resets it; returns SQLite's result.</summary>
    private int Run(ref sqlite3_stmt? statement, string sql)
    {
        sqlite3 db = Connection.Handle!;
        if (statement is null)
        {
            int prepared = raw.sqlite3_prepare_v3(db, sql, 0x01 /* SQLITE_PREPARE_PERSISTENT */, out sqlite3_stmt handle);
            if (prepared != raw.SQLITE_OK)
            {
                handle?.Dispose();
                StatementRunner.Throw(prepared, db);
            }
            statement = handle;
        }
        int rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        return rc;
    }

    /// <summary>
    /// The prepared command for <paramref name="statement"/> on this connection, created on first use and
    /// reused afterwards. Its parameters exist in the statement's order; callers set their values.
    /// </summary>
    public SqliteCommand Prepare(Statement statement)
    {
        SqliteCommand?[] commands = _commands;
        int id = statement.Id;
        if ((uint)id < (uint)commands.Length && commands[id] is { } cached)
            return cached;
        return CreateCommand(statement);
    }

    private SqliteCommand CreateCommand(Statement statement)
    {
        if (statement.Id >= _commands.Length)
            Array.Resize(ref _commands, Math.Max(statement.Id + 1, _commands.Length * 2));

        SqliteCommand command = Connection.CreateCommand();
        command.CommandText = statement.Sql;
        foreach (string name in statement.ParameterNames)
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        command.Prepare();
        _commands[statement.Id] = command;
        return command;
    }

    /// <summary>
    /// Rents the statement prepared with <c>SQLitePCL.raw</c> for <paramref name="statement"/> on this
    /// connection (prepared on first use, kept until the connection closes). Dispose the runner to reset it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The statement is still running on this connection (an enumeration of it is open).</exception>
    public StatementRunner Rent(Statement statement)
    {
        RawStatement?[] statements = _statements;
        int id = statement.Id;
        RawStatement raw = (uint)id < (uint)statements.Length && statements[id] is { } cached ? cached : PrepareRaw(statement);
        if (raw.InUse)
            throw new InvalidOperationException($"The statement '{statement.Sql}' is still running on this connection: finish (or dispose) the open enumeration before running it again.");
        raw.InUse = true;
        // One static read and a branch when nobody listens; the runner's Dispose records the duration otherwise.
        raw.Started = SqliteGenMetrics.StatementDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        return new StatementRunner(raw);
    }

    private RawStatement PrepareRaw(Statement statement)
    {
        if (statement.Id >= _statements.Length)
            Array.Resize(ref _statements, Math.Max(statement.Id + 1, _statements.Length * 2));
        RawStatement raw = RawStatement.Prepare(Connection.Handle!, statement, Connection.DataSource);
        _statements[statement.Id] = raw;
        return raw;
    }

    /// <summary>Runs <paramref name="sql"/> once, without caching (pragmas, DDL).</summary>
    public void ExecuteNonQuery(string sql)
    {
        using SqliteCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> once and returns the first column of the first row.</summary>
    public object? ExecuteScalar(string sql)
    {
        using SqliteCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Finalizes the cached statements and closes the connection.</summary>
    public void Dispose()
    {
        // Before the connection closes: an unfinalized statement would keep it (and the WAL) open.
        foreach (RawStatement? statement in _statements)
            statement?.Dispose();
        foreach (SqliteCommand? command in _commands)
            command?.Dispose();
        _begin?.Dispose();
        _commit?.Dispose();
        Connection.Dispose();
    }
}

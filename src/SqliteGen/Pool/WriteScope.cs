using System;
using System.ComponentModel;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>
/// A transaction on a writer connection: <c>BEGIN IMMEDIATE</c> at the outermost level (the write
/// lock is taken up front, so a read-then-write never fails with <c>SQLITE_BUSY</c>), a
/// <c>SAVEPOINT</c> when nested, so a failing inner batch undoes only itself. Disposing without
/// <see cref="Commit"/> rolls back.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct WriteScope : IDisposable
{
    private static readonly Statement s_begin = new("BEGIN IMMEDIATE");
    private static readonly Statement s_commit = new("COMMIT");
    private static readonly Statement s_rollback = new("ROLLBACK");

    // Savepoint statements for the usual nesting depths, prepared once per connection like any other
    // statement: every write nested inside a transaction opens one, so they are on the hot path.
    private const int CachedDepths = 8;
    private static readonly Statement[] s_savepoint = SavepointStatements("SAVEPOINT {0}");
    private static readonly Statement[] s_release = SavepointStatements("RELEASE {0}");
    private static readonly Statement[] s_rollbackTo = SavepointStatements("ROLLBACK TO {0}; RELEASE {0}");

    private readonly PooledConnection _connection;
    private readonly int _depth;

    private WriteScope(PooledConnection connection, int depth)
    {
        _connection = connection;
        _depth = depth;
    }

    /// <summary>Starts a transaction (or a savepoint inside one) on the writer connection.</summary>
    public static WriteScope Begin(PooledConnection connection)
    {
        if (!connection.IsWriter)
            throw new InvalidOperationException("Write transactions run on the writer connection only.");
        int depth = connection.TransactionDepth;
        if (depth == 0)
        {
            try
            {
                connection.Prepare(s_begin).ExecuteNonQuery();
            }
            catch (SqliteException error) when (error.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
            {
                string file = connection.Connection.DataSource;
                Runtime.Log.WriteLockBusy(connection.Log.Pool, file);
                throw new DatabaseBusyException(file, $"Could not begin a write transaction on '{file}': another connection or process held its write lock longer than the busy timeout. Nothing was written; try again, or raise SqliteGenOptions.BusyTimeout.", error);
            }
        }
        else
            Run(connection, s_savepoint, "SAVEPOINT {0}", depth);
        connection.TransactionDepth = depth + 1;
        return new WriteScope(connection, depth);
    }

    /// <summary>True until <see cref="Commit"/> or <see cref="Dispose"/> ends this scope.</summary>
    public bool IsActive => _connection is not null && _connection.TransactionDepth > _depth;

    /// <summary>Commits (or releases the savepoint).</summary>
    public void Commit()
    {
        if (!IsActive)
            throw new InvalidOperationException("This write transaction has already been committed or rolled back.");
        if (_connection.TransactionDepth != _depth + 1)
            throw new InvalidOperationException("An inner write transaction is still open; commit or dispose it first.");
        if (_depth == 0)
            CommitTransaction(_connection);
        else
            Run(_connection, s_release, "RELEASE {0}", _depth);
        _connection.TransactionDepth = _depth;
    }

    /// <summary>Rolls back whatever was not committed; a no-op after <see cref="Commit"/>.</summary>
    public void Dispose()
    {
        if (!IsActive)
            return;
        _connection.TransactionDepth = _depth;
        if (_depth == 0)
        {
            // If SQLite already rolled back (e.g. after SQLITE_FULL), ROLLBACK fails: nothing is left to undo.
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Connection.Handle) == 0)
                _connection.Prepare(s_rollback).ExecuteNonQuery();
        }
        else if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Connection.Handle) == 0)
        {
            // (In autocommit mode SQLite has rolled the whole transaction back already: no savepoint is left.)
            Run(_connection, s_rollbackTo, "ROLLBACK TO {0}; RELEASE {0}", _depth);
        }
    }

    /// <summary>
    /// COMMIT. Its errors (a full disk or an I/O error while the WAL is written) would otherwise reach the
    /// caller of a generated InsertMany or Write as a raw SqliteException naming no file (found by the
    /// file-size-limit test). The caller's <see cref="Dispose"/> then rolls back what SQLite kept.
    /// </summary>
    private static void CommitTransaction(PooledConnection connection)
    {
        try
        {
            connection.Prepare(s_commit).ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            throw new SqliteGenException($"Committing the write transaction to '{connection.Connection.DataSource}' failed: {error.Message} None of its writes are visible: treat them as not saved.", error);
        }
    }

    private static void Run(PooledConnection connection, Statement[] cached, string format, int depth)
    {
        if (depth <= CachedDepths)
            connection.Prepare(cached[depth - 1]).ExecuteNonQuery();
        else
            connection.ExecuteNonQuery(string.Format(CultureInfo.InvariantCulture, format, SavepointName(depth)));
    }

    private static Statement[] SavepointStatements(string format)
    {
        var statements = new Statement[CachedDepths];
        for (int depth = 1; depth <= CachedDepths; depth++)
            statements[depth - 1] = new Statement(string.Format(CultureInfo.InvariantCulture, format, SavepointName(depth)));
        return statements;
    }

    private static string SavepointName(int depth) => "sqlitegen_" + depth.ToString(CultureInfo.InvariantCulture);
}

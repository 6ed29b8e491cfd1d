using System;
using SQLitePCL;

namespace SqliteGen.Runtime;

/// <summary>
/// A <see cref="Statement"/> prepared with <c>SQLitePCL.raw</c> on one pooled connection, kept for the
/// connection's lifetime and finalized before it closes. Generated code uses it through
/// <see cref="StatementRunner"/>, one call at a time.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: kept and reused for a long time

    private RawStatement(sqlite3 database, sqlite3_stmt handle, int[] indexes, string sql, string filePath)
    {
        Database = database;
        Handle = handle;
        Pointer = handle.DangerousGetHandle();
        Indexes = indexes;
        Sql = sql;
        FilePath = filePath;
    }

    /// <summary>The SQL text (the <c>db.query.text</c> tag of the statement timings).</summary>
    public string Sql { get; }

    /// <summary>The database file of the connection (the <c>db.file</c> tag).</summary>
    public string FilePath { get; }

    /// <summary>When the current run started (<c>Stopwatch</c> ticks), or 0 when nobody listens to the statement timings.</summary>
    public long Started { get; set; }

    public sqlite3 Database { get; }

    public sqlite3_stmt Handle { get; }

    /// <summary>The statement's pointer, for <see cref="SqliteNative"/>: valid until <see cref="Dispose"/>.</summary>
    public IntPtr Pointer { get; }

    /// <summary>SQLite's 1-based index of each parameter of the <see cref="Statement"/>, by position; 0 when the SQL does not use it.</summary>
    public int[] Indexes { get; set; }

    /// <summary>True while a <see cref="StatementRunner"/> has it (between <c>Rent</c> and <c>Dispose</c>).</summary>
    public bool InUse { get; set; }

    public static RawStatement Prepare(sqlite3 database, Statement statement, string filePath)
    {
        int rc = raw.sqlite3_prepare_v3(database, statement.Sql, PreparePersistent, out sqlite3_stmt handle);
        if (rc != raw.SQLITE_OK)
        {
            handle?.Dispose();
            StatementRunner.Throw(rc, database);
        }
        var indexes = new int[statement.ParameterNames.Length];
        for (int i = 0; i < indexes.Length; i++)
            indexes[i] = raw.sqlite3_bind_parameter_index(handle, statement.ParameterNames[i]);
        return new RawStatement(database, handle, indexes, statement.Sql, filePath);
    }

    /// <summary>
    /// Prepares ad-hoc SQL (<see cref="DatabaseSql"/>) for one run, not kept: without <c>SQLITE_PREPARE_PERSISTENT</c>, and
    /// finalized by the caller, who sets <see cref="Indexes"/> for the values it binds.
    /// Returns null when <paramref name="sql"/> holds no statement (only comments or white space).
    /// </summary>
    internal static RawStatement? PrepareOnce(sqlite3 database, string sql, string filePath, out string tail)
    {
        int rc = raw.sqlite3_prepare_v2(database, sql, out sqlite3_stmt handle, out tail);
        if (rc != raw.SQLITE_OK)
        {
            handle?.Dispose();
            StatementRunner.Throw(rc, database);
        }
        if (handle is null || handle.IsInvalid)
        {
            handle?.Dispose();
            return null;
        }
        return new RawStatement(database, handle, Array.Empty<int>(), sql, filePath);
    }

    /// <summary>Finalizes the statement.</summary>
    public void Dispose() => Handle.Dispose();
}

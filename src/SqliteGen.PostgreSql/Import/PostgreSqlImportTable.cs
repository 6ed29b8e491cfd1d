using System;
using System.ComponentModel;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// What a PostgreSQL import needs to know about one table, built once by its generated table class: the SQLite
/// accessor's <see cref="ImportTable{TEntity}"/> (the names and the generated <c>ReadImportRow</c>: reading JSON is the
/// same on both engines), the error table, the binder, and the three INSERT statements (one per
/// <see cref="ImportConflictPolicy"/>), with what an identity or computed key needs around them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlImportTable<TEntity>
{
    /// <param name="reading">The SQLite accessor's import table, for its fields and row reader.</param>
    /// <param name="table">The table, for the error translation.</param>
    /// <param name="bind">Binds every column's parameter, in the table's order (the INSERTs number them so): adds them to a new statement, sets them in a reused one.</param>
    /// <param name="insert">The INSERT of one record: a duplicate is an error.</param>
    /// <param name="insertOrSkip">The same with <c>ON CONFLICT DO NOTHING</c>.</param>
    /// <param name="insertOrReplace">The same with <c>ON CONFLICT (key) DO UPDATE</c>.</param>
    /// <param name="lockSql">Run once at the start of each batch's transaction (the lock a computed key or an identity's sequence takes), or null.</param>
    /// <param name="afterSql">Run after each record's INSERT (moving an identity's sequence past an explicit key), or null.</param>
    public PostgreSqlImportTable(ImportTable<TEntity> reading, PostgreSqlTable table, Action<NpgsqlParameterCollection, TEntity> bind,
        string insert, string insertOrSkip, string insertOrReplace, string? lockSql, string? afterSql)
    {
        Reading = reading;
        Table = table;
        Bind = bind;
        Insert = insert;
        InsertOrSkip = insertOrSkip;
        InsertOrReplace = insertOrReplace;
        LockSql = lockSql;
        AfterSql = afterSql;
    }

    internal ImportTable<TEntity> Reading { get; }

    internal PostgreSqlTable Table { get; }

    internal Action<NpgsqlParameterCollection, TEntity> Bind { get; }

    internal string Insert { get; }

    internal string InsertOrSkip { get; }

    internal string InsertOrReplace { get; }

    internal string? LockSql { get; }

    internal string? AfterSql { get; }

    internal string For(ImportConflictPolicy policy) => policy switch
    {
        ImportConflictPolicy.Skip => InsertOrSkip,
        ImportConflictPolicy.Replace => InsertOrReplace,
        _ => Insert,
    };
}

using System;
using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>Reads one record into an entity (generated <c>ReadImportRow</c>); throws for an invalid record.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TEntity ImportRowReader<TEntity>(ref ImportRecord record);

/// <summary>Binds an entity's columns to the import statement (the accessor's generated <c>BindRow</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void ImportRowBinder<TEntity>(StatementRunner statement, TEntity entity);

/// <summary>
/// What the importer needs to know about one table, built once by its generated accessor: the names, the generated
/// row reader and binder, and the three INSERT statements (one per <see cref="ImportConflictPolicy"/>), each
/// prepared once per connection like every other generated statement.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImportTable<TEntity>
{
    /// <summary>Describes the table; <paramref name="insert"/>, <paramref name="insertOrSkip"/> and <paramref name="insertOrReplace"/> bind the columns in <paramref name="bind"/>'s order.</summary>
    public ImportTable(string tableName, ImportFields fields, ImportRowReader<TEntity> read, ImportRowBinder<TEntity> bind,
        Statement insert, Statement insertOrSkip, Statement insertOrReplace)
    {
        TableName = tableName;
        Fields = fields;
        Read = read;
        Bind = bind;
        Insert = insert;
        InsertOrSkip = insertOrSkip;
        InsertOrReplace = insertOrReplace;
    }

    /// <summary>The SQLite table.</summary>
    public string TableName { get; }

    internal ImportFields Fields { get; }

    internal ImportRowReader<TEntity> Read { get; }

    internal ImportRowBinder<TEntity> Bind { get; }

    internal Statement Insert { get; }

    internal Statement InsertOrSkip { get; }

    internal Statement InsertOrReplace { get; }

    internal Statement For(ImportConflictPolicy policy) => policy switch
    {
        ImportConflictPolicy.Skip => InsertOrSkip,
        ImportConflictPolicy.Replace => InsertOrReplace,
        _ => Insert,
    };
}

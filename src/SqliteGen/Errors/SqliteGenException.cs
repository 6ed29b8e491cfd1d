using System;

namespace SqliteGen;

/// <summary>The base of every exception SqliteGen throws. The message names the file, table, column or key involved.</summary>
public class SqliteGenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqliteGenException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary><c>Get</c> found no row with the given key.</summary>
public sealed class EntityNotFoundException : SqliteGenException
{
    /// <summary>Creates the exception for <paramref name="table"/> and the key text <paramref name="key"/>.</summary>
    public EntityNotFoundException(string table, string key)
        : base($"No row in table '{table}' has {key}. Use Find to get null instead of an exception.")
    {
        Table = table;
        Key = key;
    }

    /// <summary>The table that was searched.</summary>
    public string Table { get; }

    /// <summary>The key that was looked for, as <c>column = value</c>.</summary>
    public string Key { get; }
}

/// <summary>What kind of constraint a write broke.</summary>
public enum ConstraintKind
{
    /// <summary>A constraint SQLite did not name.</summary>
    Other,
    /// <summary>A primary key or unique index already holds the value.</summary>
    Unique,
    /// <summary>A NOT NULL column got NULL.</summary>
    NotNull,
    /// <summary>A foreign key points at a missing row, or a referenced row is still in use.</summary>
    ForeignKey,
    /// <summary>A CHECK expression was false.</summary>
    Check,
}

/// <summary>A write broke a constraint; nothing of the failing operation was written.</summary>
public sealed class ConstraintViolationException : SqliteGenException
{
    /// <summary>Creates the exception.</summary>
    public ConstraintViolationException(string message, string table, ConstraintKind kind, string? columns, Exception innerException)
        : base(message, innerException)
    {
        Table = table;
        Kind = kind;
        Columns = columns;
    }

    /// <summary>The table written to.</summary>
    public string Table { get; }

    /// <summary>The kind of constraint.</summary>
    public ConstraintKind Kind { get; }

    /// <summary>The columns SQLite named (<c>users.email</c>), or null when it named none.</summary>
    public string? Columns { get; }
}

/// <summary>A database file could not be opened, configured or brought to the compiled schema.</summary>
public sealed class DatabaseOpenException : SqliteGenException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public DatabaseOpenException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException) => FilePath = filePath;

    /// <summary>The file involved.</summary>
    public string FilePath { get; }
}

/// <summary>
/// The file's write lock stayed held by another connection or process for longer than the busy timeout
/// (<see cref="SqliteGenOptions.BusyTimeout"/>), so a write transaction could not begin. Nothing was written.
/// </summary>
public sealed class DatabaseBusyException : SqliteGenException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public DatabaseBusyException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException) => FilePath = filePath;

    /// <summary>The file whose lock was held.</summary>
    public string FilePath { get; }
}

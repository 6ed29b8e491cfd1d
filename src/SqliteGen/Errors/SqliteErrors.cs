using System;
using System.ComponentModel;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Runtime;

/// <summary>Turns <see cref="SqliteException"/>s into SqliteGen's own exceptions. Called by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SqliteErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;

    /// <summary>The key under which <see cref="StatementRunner"/> stores the database file in a <see cref="SqliteException"/>'s Data.</summary>
    internal const string FilePathKey = "SqliteGen.FilePath";

    /// <summary>
    /// Translates a failed write. Returns the exception to throw: a <see cref="ConstraintViolationException"/>
    /// for constraint failures, a <see cref="DatabaseBusyException"/> when another connection kept the lock,
    /// otherwise a <see cref="SqliteGenException"/> naming the table and operation.
    /// </summary>
    public static SqliteGenException WriteFailed(SqliteException error, string table, string operation, int? itemIndex = null)
    {
        // A failure that is the file's fault, not the row's (full disk, read-only file, I/O error), names the file.
        string file = error.SqliteErrorCode != SqliteConstraint && error.Data[FilePathKey] is string path && path.Length > 0 ? $" in '{path}'" : "";
        string where = itemIndex is int i ? $"{operation} into '{table}'{file} failed at item {i} (nothing of the batch was written)" : $"{operation} on '{table}'{file} failed";
        if (error.SqliteErrorCode is 5 or 6 && error.Data[FilePathKey] is string lockedFile) // SQLITE_BUSY, SQLITE_LOCKED
            return new DatabaseBusyException(lockedFile, $"{where}: another connection or process held the write lock longer than the busy timeout. Nothing of this write was saved; try again, or raise SqliteGenOptions.BusyTimeout.", error);
        if (error.SqliteErrorCode != SqliteConstraint)
        {
            string meaning = error.SqliteErrorCode switch
            {
                SqliteFull => " The disk, or the database's size limit (PRAGMA max_page_count), is full: nothing of this write was saved, and the database takes writes again once there is space.",
                SqliteReadOnly => " The database file or its folder is read-only: nothing of this write was saved.",
                _ => "",
            };
            return new SqliteGenException($"{where}: {error.Message}{meaning}", error);
        }

        // SQLite's messages: "UNIQUE constraint failed: users.email", "NOT NULL constraint failed: t.c",
        // "FOREIGN KEY constraint failed", "CHECK constraint failed: score >= 0".
        string message = error.Message;
        (ConstraintKind kind, string? detail) = Classify(message);
        string advice = kind switch
        {
            ConstraintKind.Unique => $"a row with the same {detail} already exists",
            ConstraintKind.NotNull => $"{detail} cannot be NULL",
            ConstraintKind.ForeignKey => "a referenced row does not exist, or the row is still referenced by another table",
            ConstraintKind.Check => $"the check '{detail}' is false for this row",
            _ => message,
        };
        return new ConstraintViolationException($"{where}: {advice} ({Inner(message)}).", table, kind, kind is ConstraintKind.Unique or ConstraintKind.NotNull ? detail : null, error);
    }

    private static string Inner(string message)
    {
        // Microsoft.Data.Sqlite prefixes "SQLite Error 19: '...'."; keep SQLite's own words.
        int start = message.IndexOf('\'');
        int end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message.Substring(start + 1, end - start - 1) : message;
    }

    private static (ConstraintKind Kind, string? Detail) Classify(string message)
    {
        string inner = Inner(message);
        if (TryAfter(inner, "UNIQUE constraint failed: ", out string? columns)) return (ConstraintKind.Unique, columns);
        if (TryAfter(inner, "PRIMARY KEY constraint failed: ", out columns)) return (ConstraintKind.Unique, columns);
        if (TryAfter(inner, "NOT NULL constraint failed: ", out columns)) return (ConstraintKind.NotNull, columns);
        if (inner.StartsWith("FOREIGN KEY constraint failed", StringComparison.Ordinal)) return (ConstraintKind.ForeignKey, null);
        if (TryAfter(inner, "CHECK constraint failed: ", out string? check)) return (ConstraintKind.Check, check);
        return (ConstraintKind.Other, null);
    }

    private static bool TryAfter(string text, string prefix, out string? rest)
    {
        if (text.StartsWith(prefix, StringComparison.Ordinal))
        {
            rest = text.Substring(prefix.Length);
            return true;
        }
        rest = null;
        return false;
    }
}

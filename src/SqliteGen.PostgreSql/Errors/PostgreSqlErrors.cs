using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Turns a <see cref="PostgresException"/> from a generated write into SqliteGen's own exceptions, the same types and
/// the same <see cref="ConstraintViolationException.Kind"/> and <see cref="ConstraintViolationException.Columns"/> that
/// SQLite's translation gives (<c>SqliteErrors</c>), so application code catches one set of errors on either engine.
/// </summary>
internal static class PostgreSqlErrors
{
    public static SqliteGenException WriteFailed(PostgresException error, PostgreSqlTable table, string operation, int? itemIndex = null)
    {
        string where = itemIndex is int i
            ? $"{operation} into '{table.Name}' failed at item {i} (nothing of the batch was written)"
            : $"{operation} on '{table.Name}' failed";
        (ConstraintKind kind, string? detail) = error.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => (ConstraintKind.Unique, table.ColumnsOf(error.ConstraintName)),
            PostgresErrorCodes.NotNullViolation => (ConstraintKind.NotNull, error.ColumnName is { } column ? table.Name + "." + column : null),
            PostgresErrorCodes.ForeignKeyViolation => (ConstraintKind.ForeignKey, null),
            PostgresErrorCodes.CheckViolation => (ConstraintKind.Check, error.ConstraintName),
            _ => (ConstraintKind.Other, null),
        };
        if (kind == ConstraintKind.Other)
        {
            string meaning = error.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                ? " Another transaction wrote the same rows at the same time: nothing of this write was saved; try again."
                : "";
            return new SqliteGenException($"{where}: {error.MessageText} (PostgreSQL {error.SqlState}).{meaning}", error);
        }
        string advice = kind switch
        {
            ConstraintKind.Unique => $"a row with the same {detail} already exists",
            ConstraintKind.NotNull => $"{detail} cannot be NULL",
            ConstraintKind.ForeignKey => "a referenced row does not exist, or the row is still referenced by another table",
            _ => $"the check '{detail}' is false for this row",
        };
        return new ConstraintViolationException($"{where}: {advice} ({error.MessageText}).", table.Name, kind,
            kind is ConstraintKind.Unique or ConstraintKind.NotNull ? detail : null, error);
    }
}

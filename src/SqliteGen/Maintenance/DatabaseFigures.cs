using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SqliteGen;

/// <summary>The header figures of a database, read with pragmas on an open connection.</summary>
internal readonly record struct DatabaseFigures(string? JournalMode, long UserVersion, long PageSize, long PageCount, long FreePages, string? AutoVacuum)
{
    public static DatabaseFigures Read(SqliteConnection connection) => new(
        JournalMode: Text(connection, "journal_mode"),
        UserVersion: Number(connection, "user_version"),
        PageSize: Number(connection, "page_size"),
        PageCount: Number(connection, "page_count"),
        FreePages: Number(connection, "freelist_count"),
        AutoVacuum: Number(connection, "auto_vacuum") switch { 0 => "none", 1 => "full", 2 => "incremental", var other => other.ToString(CultureInfo.InvariantCulture) });

    public static long Number(SqliteConnection connection, string pragma) =>
        Convert.ToInt64(Scalar(connection, pragma), CultureInfo.InvariantCulture);

    public static string? Text(SqliteConnection connection, string pragma) =>
        Convert.ToString(Scalar(connection, pragma), CultureInfo.InvariantCulture);

    private static object? Scalar(SqliteConnection connection, string pragma)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return command.ExecuteScalar();
    }
}

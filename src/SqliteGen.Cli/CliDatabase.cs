using System.IO;
using Microsoft.Data.Sqlite;
using SqliteGen;

namespace SqliteGen.Cli;

/// <summary>Opening database files for the commands that read them directly (inspect, import).</summary>
internal static class CliDatabase
{
    /// <summary>An existing database file, opened for reading only (<c>query_only</c>); checks it is a database at once.</summary>
    public static SqliteConnection OpenExisting(string path, bool readOnly)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new DatabaseOpenException(fullPath, $"Database file '{fullPath}' does not exist.");
        return Open(fullPath, SqliteOpenMode.ReadWrite, readOnly);
    }

    /// <summary>A database file, created (empty) when missing; its folder must exist.</summary>
    public static SqliteConnection OpenOrCreate(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
            throw new FileProblemException($"Cannot create database file '{fullPath}': the folder '{folder}' does not exist.");
        return Open(fullPath, SqliteOpenMode.ReadWriteCreate, readOnly: false);
    }

    private static SqliteConnection Open(string fullPath, SqliteOpenMode mode, bool readOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = mode, Pooling = false, ForeignKeys = null }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000");
            if (readOnly)
                Execute(connection, "PRAGMA query_only = 1");
            Execute(connection, "SELECT count(*) FROM sqlite_schema"); // reads the header: a non-database fails here, not halfway through
            return connection;
        }
        catch (SqliteException error) when (error.SqliteErrorCode == 26)
        {
            connection.Dispose();
            throw new DatabaseOpenException(fullPath, $"'{fullPath}' is not a SQLite database (SQLite: file is not a database). Nothing was changed.");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>An identifier in double quotes, inner quotes doubled: safe for any table or column name.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", System.StringComparison.Ordinal) + "\"";
}

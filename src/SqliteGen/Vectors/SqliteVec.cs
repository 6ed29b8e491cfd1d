using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace SqliteGen;

/// <summary>
/// Finding and loading the sqlite-vec extension (<c>vec0</c>). When it loads, vector search can run
/// inside SQLite; when it does not, <see cref="ExactVectorIndex"/> gives the same results in C#.
/// </summary>
public static class SqliteVec
{
    /// <summary>The extension's file name on Linux.</summary>
    public const string FileName = "vec0.so";

    /// <summary>
    /// The extension's path: <paramref name="configuredPath"/> when given, else <see cref="FileName"/>
    /// beside the application; null when neither exists.
    /// </summary>
    public static string? Find(string? configuredPath = null)
    {
        if (!string.IsNullOrEmpty(configuredPath))
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        string besideApp = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(besideApp) ? besideApp : null;
    }

    /// <summary>
    /// Loads the extension at <paramref name="path"/> into <paramref name="connection"/> and returns
    /// <c>vec_version()</c>; on failure returns null with <paramref name="error"/> saying why (the file,
    /// and SQLite's message), so the caller can fall back to the exact scan and say so.
    /// </summary>
    public static string? TryLoad(SqliteConnection connection, string path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!File.Exists(path))
        {
            error = $"sqlite-vec was not loaded: '{path}' does not exist.";
            return null;
        }
        // A truncated library would crash the process inside dlopen: refuse it with the reason instead.
        if (SharedLibraryFile.Problem(path) is string problem)
        {
            error = "sqlite-vec was not loaded: " + problem;
            return null;
        }
        try
        {
            connection.EnableExtensions(true);
            connection.LoadExtension(path);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT vec_version()";
            error = null;
            return (string?)command.ExecuteScalar();
        }
        catch (SqliteException failure)
        {
            error = $"sqlite-vec was not loaded from '{path}': {failure.Message}";
            return null;
        }
        finally
        {
            connection.EnableExtensions(false);
        }
    }
}

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
    /// The extension's path: <paramref name="configuredPath"/> when given; else <see cref="FileName"/> where .NET puts a
    /// package's native library: the folders the host lists for the application's native assets
    /// (<c>NATIVE_DLL_SEARCH_DIRECTORIES</c>, from its <c>.deps.json</c>: the <c>SqliteGen.SqliteVec</c> package's
    /// <c>runtimes/linux-x64/native/</c>), beside the application (a RID-specific publish copies it there), or under
    /// <c>runtimes/&lt;rid&gt;/native/</c> beside it. Null when none exists.
    /// </summary>
    public static string? Find(string? configuredPath = null)
    {
        if (!string.IsNullOrEmpty(configuredPath))
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        foreach (string folder in SearchFolders())
        {
            string candidate = Path.Combine(folder, FileName);
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>Where <see cref="Find"/> looks when no path is configured, in order.</summary>
    internal static System.Collections.Generic.IEnumerable<string> SearchFolders()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string listed)
        {
            foreach (string folder in listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return folder;
        }
        yield return AppContext.BaseDirectory;
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native");
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
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

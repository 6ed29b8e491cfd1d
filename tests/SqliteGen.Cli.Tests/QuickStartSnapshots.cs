using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// A snapshot folder for the migrate tests: the quick start's committed snapshot of version 1 and a version 2 that
/// adds <c>users.bio</c> (what the quick start's records say).
/// </summary>
internal static class QuickStartSnapshots
{
    /// <summary>Writes <c>NotesDb.v1.json</c> and <c>NotesDb.v2.json</c> into <c>sqlitegen/</c> under <paramref name="folder"/> and returns that folder.</summary>
    public static string WriteTo(string folder)
    {
        string snapshots = Path.Combine(folder, "sqlitegen");
        Directory.CreateDirectory(snapshots);
        string v1 = File.ReadAllText(QuickStartSnapshot());
        File.WriteAllText(Path.Combine(snapshots, "NotesDb.v1.json"), v1);
        string v2 = v1.Replace("\"version\": 1,", "\"version\": 2,")
            .Replace("{ \"name\": \"joined_at\", \"type\": \"TEXT\", \"notNull\": true }", "{ \"name\": \"joined_at\", \"type\": \"TEXT\", \"notNull\": true },\n        { \"name\": \"bio\", \"type\": \"TEXT\" }");
        Assert.NotEqual(v1, v2);
        File.WriteAllText(Path.Combine(snapshots, "NotesDb.v2.json"), v2);
        return snapshots;
    }

    private static string QuickStartSnapshot([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "samples", "QuickStart", "sqlitegen", "NotesDb.v1.json");
}

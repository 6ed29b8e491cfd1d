using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The schemas of the seeds' databases as the real generator describes them: each database's generated snapshot
/// (<c>&lt;Database&gt;.Snapshot.g.cs</c>, copied beside the tests by the project file), read with the snapshot reader.
/// </summary>
internal static class GeneratedSchemas
{
    /// <summary>The databases of tests/SqliteGen.Tests/Entities compiled here.</summary>
    public static readonly string[] Databases = ["LearningDb", "MonitorDb", "OddNamesDb", "PatternsDb", "SearchDb", "TypesDb"];

    private static readonly Regex s_snapshot = new(@"/\* sqlitegen-snapshot-begin\n(?<json>.*)\nsqlitegen-snapshot-end \*/", RegexOptions.Singleline);

    /// <summary>The snapshot JSON of <paramref name="database"/> (what <c>dotnet build -t:SqliteGenFreeze</c> would commit).</summary>
    public static string SnapshotJsonOf(string database)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "generated-snapshots");
        string file = Directory.GetFiles(folder, "*." + database + ".Snapshot.g.cs").Single();
        Match match = s_snapshot.Match(File.ReadAllText(file).Replace("\r\n", "\n"));
        Assert.True(match.Success, file + " holds no snapshot");
        return match.Groups["json"].Value + "\n";
    }

    public static DatabaseSchema Of(string database)
    {
        (DatabaseSchema? schema, _, string? error) = SnapshotJson.Read(SnapshotJsonOf(database));
        Assert.True(schema is not null, error);
        return schema!;
    }

    /// <summary>Writes the database's snapshot as version 1 into <c>sqlitegen/</c> under <paramref name="folder"/>; returns that folder.</summary>
    public static string WriteSnapshots(string folder, string database)
    {
        string snapshots = Path.Combine(folder, "sqlitegen");
        Directory.CreateDirectory(snapshots);
        File.WriteAllText(Path.Combine(snapshots, database + ".v1.json"), SnapshotJsonOf(database));
        return snapshots;
    }
}

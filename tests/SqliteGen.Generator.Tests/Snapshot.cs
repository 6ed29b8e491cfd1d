using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// Baseline files of generated source under Snapshots/{case}/{hint name}, next to this file in the source tree.
/// <c>SQLITEGEN_UPDATE_SNAPSHOTS=1</c> rewrites them (and deletes baselines the generator no longer produces).
/// </summary>
internal static class Snapshot
{
    private static bool Updating => Environment.GetEnvironmentVariable("SQLITEGEN_UPDATE_SNAPSHOTS") == "1";

    private static string Directory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");

    public static void Verify(string caseName, IReadOnlyList<(string HintName, string Source)> generated)
    {
        string folder = Path.Combine(Directory(), caseName);
        if (Updating)
        {
            if (System.IO.Directory.Exists(folder))
                System.IO.Directory.Delete(folder, recursive: true);
            System.IO.Directory.CreateDirectory(folder);
            foreach ((string hint, string source) in generated)
                File.WriteAllText(Path.Combine(folder, hint), Normalize(source));
            return;
        }

        string[] expectedHints = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.GetFiles(folder).Select(path => Path.GetFileName(path)).OrderBy(n => n, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        string[] actualHints = generated.Select(g => g.HintName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (!expectedHints.SequenceEqual(actualHints))
        {
            throw new XunitException(
                $"Snapshot '{caseName}': the generator produced [{string.Join(", ", actualHints)}] but the baselines in {folder} are " +
                $"[{string.Join(", ", expectedHints)}]. If the change is intended, run with SQLITEGEN_UPDATE_SNAPSHOTS=1 and review the diff.");
        }
        foreach ((string hint, string source) in generated)
        {
            string path = Path.Combine(folder, hint);
            if (FirstDifference(Normalize(File.ReadAllText(path)), Normalize(source)) is { } difference)
                throw new XunitException($"Snapshot {path} differs from the generated source.{Environment.NewLine}{difference}{Environment.NewLine}If the change is intended, run with SQLITEGEN_UPDATE_SNAPSHOTS=1 and review the diff.");
        }
    }

    /// <summary>Line endings as \n, so a checkout with autocrlf compares equal.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>The first line that differs, with both versions; null when equal.</summary>
    internal static string? FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string? want = i < expectedLines.Length ? expectedLines[i] : null;
            string? got = i < actualLines.Length ? actualLines[i] : null;
            if (want != got)
                return $"line {i + 1}:{Environment.NewLine}- expected: {want ?? "(end of file)"}{Environment.NewLine}+ actual:   {got ?? "(end of file)"}";
        }
        return null;
    }
}

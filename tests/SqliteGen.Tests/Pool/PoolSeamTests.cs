using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace SqliteGen.Tests.Pool;

/// <summary>
/// The pool's seams, read from the runtime's source tree: features hang off the pool (its attachments and
/// <c>IPoolFeature</c>), so nothing under <c>src/SqliteGen/Pool</c> names a type of the vector or maintenance features.
/// (The writer gate's semaphore is private to <c>WriterGate</c>: the compiler keeps everybody else off it.)
/// </summary>
public sealed class PoolSeamTests
{
    /// <summary>A top-level type declaration (at the start of a line: nested types are not counted).</summary>
    private static readonly Regex s_declaration = new(
        @"^(?:(?:public|internal|sealed|static|abstract|readonly|unsafe|partial)\s+)*(?:(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>[A-Z]\w*)|delegate\s+\S+\s+(?<name>[A-Z]\w*))",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private static readonly Regex s_word = new(@"\b[A-Z]\w*\b", RegexOptions.CultureInvariant);

    [Fact]
    public void The_pool_names_no_type_of_the_vector_or_maintenance_features()
    {
        HashSet<string> featureTypes = FeatureTypes();
        var found = new List<string>();
        foreach (string file in SourceFiles("Pool"))
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (string name in Mentions(lines[i], featureTypes))
                    found.Add($"{Relative(file)}:{i + 1} names {name}");
            }
        }
        Assert.True(found.Count == 0, "The pool reaches into a feature (give the feature an attachment or an IPoolFeature instead):\n" + string.Join("\n", found));
    }

    /// <summary>
    /// A feature reads what it keeps on a connection through an accessor of its own (<c>VectorChanges.Of(connection)</c>),
    /// not a member it adds to the pool's connection as a partial class.
    /// </summary>
    [Fact]
    public void No_feature_adds_a_member_to_the_pools_connection()
    {
        Assert.DoesNotContain("PooledConnection", FeatureTypes());
        Assert.DoesNotContain(typeof(SqliteGen.Runtime.PooledConnection).GetMembers(), m => m.Name == "VectorChanges");
    }

    [Fact]
    public void The_checks_see_what_they_are_meant_to_find()
    {
        // The same reading on known text, so the tests above cannot pass by reading nothing.
        HashSet<string> featureTypes = FeatureTypes();
        Assert.Contains("VectorChanges", featureTypes);
        Assert.Contains("SearchTableSource", featureTypes);
        Assert.Contains("MaintenanceScheduler", featureTypes);
        Assert.Contains("MaintenanceHistory", featureTypes);
        Assert.Contains("DatabaseMaintenance", featureTypes);
        Assert.Contains("RowReader", featureTypes); // a delegate
        Assert.DoesNotContain("Change", featureTypes); // nested in VectorChanges: not a type the pool could name
        Assert.Equal(["MaintenanceScheduler"], Mentions("    private readonly MaintenanceScheduler? _scheduler;", featureTypes));
        Assert.Equal(["VectorChanges"], Mentions("/// (see <see cref=\"Runtime.VectorChanges\"/>)", featureTypes));
        Assert.Empty(Mentions("    private readonly WriterGate _writerGate; // vectors and maintenance are features", featureTypes));
        Assert.True(SourceFiles("Pool").Count() > 10);
    }

    private static IEnumerable<string> Mentions(string line, HashSet<string> names) =>
        s_word.Matches(line).Select(m => m.Value).Where(names.Contains).Distinct();

    /// <summary>Every type declared under src/SqliteGen/Vectors and src/SqliteGen/Maintenance.</summary>
    private static HashSet<string> FeatureTypes() =>
        SourceFiles("Vectors").Concat(SourceFiles("Maintenance"))
            .SelectMany(file => s_declaration.Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RuntimeFolder(), folder), "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(RuntimeFolder(), path);

    private static string RuntimeFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "SqliteGen"));
}

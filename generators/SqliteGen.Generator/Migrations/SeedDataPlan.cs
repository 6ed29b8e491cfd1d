using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Migrations;

/// <summary>
/// Attaches the database's <c>[SeedData]</c> methods to their steps and reports the declarations that can never run
/// as written: SQLG058 (wrong shape, no such version, two on one version) and SQLG059 (seed data added to, removed from
/// or renamed on a version that is frozen: files already at that version never run it and are refused as drift).
/// </summary>
internal static class SeedDataPlan
{
    public static void Attach(DatabaseModel database, List<MigrationStep> steps, IEnumerable<SnapshotFile> files, Action<DiagnosticDescriptor, object[]> report)
    {
        string name = database.TypeName;
        var valid = new Dictionary<int, string>();
        foreach (IGrouping<int, SeedDataModel> group in database.SeedData.GroupBy(s => s.Version))
        {
            foreach (SeedDataModel seed in group)
            {
                if (seed.Problem is { } problem)
                    report(DiagnosticDescriptors.SeedDataInvalid, new object[] { problem });
                else if (seed.Version < 1 || seed.Version > database.Version)
                    report(DiagnosticDescriptors.SeedDataInvalid, new object[] { $"[SeedData({seed.Version})] on '{name}.{seed.MethodName}' names no version of {name} (1 to {database.Version}), so it would never run" });
            }
            List<SeedDataModel> callable = group.Where(s => s.Problem is null).ToList(); // one error per method, not a cascade
            if (callable.Count > 1)
                report(DiagnosticDescriptors.SeedDataInvalid, new object[] { $"Version {group.Key} of {name} has several seed data methods ({string.Join(", ", callable.Select(s => s.MethodName))}): keep one method per version (it may call others, in the order the rows need)" });
            else if (callable.Count == 1 && group.Key >= 1 && group.Key <= database.Version)
                valid[group.Key] = callable[0].MethodName;
        }

        if (FrozenSeedData(name, database.Version, files) is ({ } snapshot, int frozenVersion, List<(int Version, string Method)> recorded))
        {
            for (int version = 1; version <= frozenVersion; version++)
            {
                string? declared = valid.TryGetValue(version, out string? d) ? d : null;
                string? shipped = recorded.Where(r => r.Version == version).Select(r => r.Method).FirstOrDefault();
                if (string.Equals(declared, shipped, StringComparison.Ordinal))
                    continue;
                string where = $"version {version} of {name} is frozen ({snapshot})";
                string problem = (declared, shipped) switch
                {
                    (not null, null) => $"[SeedData({version})] on '{name}.{declared}': {where}, so files already at version {version} or later would never run it, and its name would change version {version}'s checksum, so Open would refuse them as drift. Put the rows in the seed data of the version in development (raise Version if it is frozen)",
                    (null, not null) => $"{where} with the seed data '{shipped}', which is gone: new files would lack its rows, and version {version}'s checksum would change, so Open would refuse files already past it as drift. Restore '{name}.{shipped}' with [SeedData({version})]",
                    _ => $"{where} with the seed data '{shipped}', now '{declared}': the name is part of version {version}'s checksum, so Open would refuse files already past it as drift. Keep the name '{shipped}'",
                };
                report(DiagnosticDescriptors.SeedDataOnFrozenVersion, new object[] { problem });
            }
        }

        foreach (KeyValuePair<int, string> seed in valid)
        {
            if (seed.Key <= steps.Count)
                steps[seed.Key - 1] = steps[seed.Key - 1] with { SeedDataMethod = seed.Value };
        }
    }

    /// <summary>The newest readable snapshot of this database at or below its version, and the seed data it records for the versions up to its own.</summary>
    private static (string Snapshot, int Version, List<(int Version, string Method)> Recorded)? FrozenSeedData(string name, int version, IEnumerable<SnapshotFile> files)
    {
        (string, int, List<(int, string)>)? newest = null;
        foreach (SnapshotFile file in files)
        {
            Match match = SnapshotJson.FileName.Match(Path.GetFileName(file.Path));
            if (!match.Success || !string.Equals(match.Groups["database"].Value, name, StringComparison.Ordinal))
                continue;
            int fileVersion = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            if (fileVersion < 1 || fileVersion > version || (newest is { } found && found.Item2 >= fileVersion) || SnapshotJson.Read(file.Text).Error is not null)
                continue;
            newest = ("sqlitegen/" + Path.GetFileName(file.Path), fileVersion, SnapshotJson.ReadSeedData(file.Text).Where(s => s.Version <= fileVersion).ToList());
        }
        return newest;
    }
}

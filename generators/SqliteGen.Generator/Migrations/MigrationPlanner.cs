using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Migrations;

/// <summary>A problem found while planning, with where it is: the database class, or a snapshot file and line.</summary>
internal sealed record PlanDiagnostic(DiagnosticDescriptor Descriptor, string? SnapshotPath, int Line, object[] Arguments);

/// <summary>The version history of one database: the schema of the current records, every step, and the snapshot the current version would be frozen as.</summary>
internal sealed record MigrationPlan(
    DatabaseSchema Current,
    IReadOnlyList<MigrationStep> Steps,
    string SnapshotFileName,
    string SnapshotJson,
    IReadOnlyList<PlanDiagnostic> Diagnostics);

/// <summary>
/// Turns the committed snapshots (<c>sqlitegen/&lt;Database&gt;.v&lt;N&gt;.json</c>) and the current records
/// into the ordered steps 1..Version. Step k goes from snapshot k-1 (empty for k = 1) to snapshot k; the
/// last step goes to the current records unless that version is frozen too, in which case the records
/// must still match its snapshot. See docs/migrations.md.
/// </summary>
internal static class MigrationPlanner
{
    private static readonly DatabaseSchema Empty = new(0, EquatableArray<TableSchema>.Empty);

    public static string SnapshotFileName(string databaseTypeName, int version) =>
        databaseTypeName + ".v" + version.ToString(CultureInfo.InvariantCulture) + ".json";

    /// <summary>Whether an additional file is a snapshot (of any database): <c>sqlitegen/*.v&lt;N&gt;.json</c>.</summary>
    public static bool IsSnapshotPath(string path)
    {
        string? folder = Path.GetFileName(Path.GetDirectoryName(path) ?? "");
        return string.Equals(folder, "sqlitegen", StringComparison.OrdinalIgnoreCase) && SnapshotJson.FileName.IsMatch(Path.GetFileName(path));
    }


    /// <param name="current">The schema the current records describe (<see cref="SchemaBuilder.Database"/>).</param>
    public static MigrationPlan Plan(DatabaseModel database, DatabaseSchema current, IEnumerable<SnapshotFile> files, ISqlDialect dialect) =>
        Plan(database, current, files, (older, newer, map) => StepWriter.Step(older, newer, map, dialect));

    /// <summary>
    /// The same history as PostgreSQL steps (<see cref="PostgreSqlStepWriter"/>: native <c>ALTER TABLE</c>): the same
    /// snapshots, renames, data steps, seed data, data-loss descriptions and diagnostics as <see cref="Plan(DatabaseModel, DatabaseSchema, IEnumerable{SnapshotFile}, ISqlDialect)"/>,
    /// each step's SQL (and so its checksum) PostgreSQL's. What the generated PostgreSQL <c>Migrations</c> are made from.
    /// </summary>
    /// <param name="current">The schema the current records describe, built with the SQLite dialect as for <see cref="Plan(DatabaseModel, DatabaseSchema, IEnumerable{SnapshotFile}, ISqlDialect)"/>: the snapshots' model.</param>
    public static MigrationPlan PlanPostgreSql(DatabaseModel database, DatabaseSchema current, IEnumerable<SnapshotFile> files) =>
        Plan(database, current, files, PostgreSqlStepWriter.Step);

    /// <summary>Both directions of a step and what each drops, from the schemas of two versions and the renames between them.</summary>
    internal delegate (string Up, string? UpLoses, string Down, string? DownLoses) StepFunction(DatabaseSchema older, DatabaseSchema newer, RenameMap map);

    private static MigrationPlan Plan(DatabaseModel database, DatabaseSchema current, IEnumerable<SnapshotFile> files, StepFunction step)
    {
        var diagnostics = new List<PlanDiagnostic>();
        void AtDatabase(DiagnosticDescriptor descriptor, params object[] arguments) => diagnostics.Add(new PlanDiagnostic(descriptor, null, 0, arguments));
        string name = database.TypeName;
        int version = database.Version;

        var frozen = new Dictionary<int, DatabaseSchema>();
        foreach (SnapshotFile file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            Match match = SnapshotJson.FileName.Match(Path.GetFileName(file.Path));
            if (!match.Success || !string.Equals(match.Groups["database"].Value, name, StringComparison.Ordinal))
                continue;
            int fileVersion = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            (DatabaseSchema? schema, string? databaseName, string? error) = SnapshotJson.Read(file.Text);
            string problem = error
                ?? (databaseName != name ? $"it is the snapshot of database '{databaseName}', not {name}" : null)
                ?? (schema!.Version != fileVersion ? $"it says version {schema.Version} but its name says version {fileVersion}" : null)
                ?? (fileVersion > version ? $"it is version {fileVersion}, newer than {name}'s Version = {version}: raise Version or remove the file" : null)
                ?? (fileVersion < 1 ? "versions start at 1" : null)
                ?? "";
            if (problem.Length > 0)
            {
                int line = problem.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(problem.Substring(5).Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : 1;
                diagnostics.Add(new PlanDiagnostic(DiagnosticDescriptors.SnapshotInvalid, file.Path, line, new object[] { file.Path, problem }));
                continue;
            }
            frozen[fileVersion] = schema!;
        }

        bool complete = true;
        for (int k = 1; k < version; k++)
        {
            if (!frozen.ContainsKey(k) && !diagnostics.Any(d => d.Descriptor == DiagnosticDescriptors.SnapshotInvalid))
            {
                AtDatabase(DiagnosticDescriptors.SnapshotMissing, name, version, k, "sqlitegen/" + SnapshotFileName(name, k), k + 1);
                complete = false;
            }
            complete &= frozen.ContainsKey(k);
        }

        DatabaseSchema latest = current;
        bool latestFrozen = frozen.TryGetValue(version, out DatabaseSchema? frozenLatest);
        if (latestFrozen)
        {
            List<string> changes = SchemaChanges.Describe(frozenLatest!, current);
            if (changes.Count > 0)
            {
                string listed = string.Join("; ", changes.Take(12)) + (changes.Count > 12 ? $"; and {changes.Count - 12} more" : "");
                AtDatabase(DiagnosticDescriptors.ModelChangedWithoutVersion, name, version, "sqlitegen/" + SnapshotFileName(name, version), listed, version + 1);
            }
            latest = frozenLatest!; // a frozen step keeps its renames (and so its checksum), whatever the records now say
        }

        var steps = new List<MigrationStep>();
        if (complete)
        {
            for (int k = 1; k <= version; k++)
            {
                DatabaseSchema older = k == 1 ? Empty : frozen[k - 1];
                DatabaseSchema newer = k == version ? latest : frozen[k];
                bool inDevelopment = k == version && !latestFrozen;
                var unresolved = new List<string>();
                RenameMap map = RenameMap.Resolve(older, newer, unresolved);
                (string up, string? upLoses, string down, string? downLoses) = step(older, newer, map);
                steps.Add(new MigrationStep(k, up, down, upLoses, downLoses, null));

                if (inDevelopment)
                {
                    // What a step drops is reported while it can still change. A frozen step is history: it shipped,
                    // its data-loss flags still make Open refuse it without AllowDataLoss, and warning about it on
                    // every later build would leave a TreatWarningsAsErrors project unable to build.
                    if (upLoses is not null)
                        AtDatabase(DiagnosticDescriptors.StepDropsData, name, k, upLoses);
                    if (downLoses is not null && k > 1) // version 1's Down empties the file: that is what it is for
                        AtDatabase(DiagnosticDescriptors.DownStepDropsData, name, k, k - 1, downLoses);
                    foreach (string rename in unresolved)
                        AtDatabase(DiagnosticDescriptors.RenameNotFound, k, name, rename);
                    foreach (TableSchema table in newer.Tables.Where(t => map.OlderTable(t.Name) is not null))
                    {
                        foreach (ColumnSchema column in table.Columns.Where(c => c.NotNull && c.Default is null && map.OlderColumn(table.Name, c.Name) is null))
                            AtDatabase(DiagnosticDescriptors.NotNullColumnWithoutDefault, k, name, table.Name + "." + column.Name, table.Name);
                    }
                }
            }
        }

        AttachDataSteps(database, steps, AtDatabase);
        SeedDataPlan.Attach(database, steps, files, AtDatabase);
        var frozenDataSteps = steps.Where(s => s.DataStepMethod is not null).Select(s => (s.Version, s.DataStepMethod!));
        var seedData = steps.Where(s => s.SeedDataMethod is not null).Select(s => (s.Version, s.SeedDataMethod!));
        return new MigrationPlan(current, steps, SnapshotFileName(name, version), SnapshotJson.Write(name, current, frozenDataSteps, seedData), diagnostics);
    }

    private static void AttachDataSteps(DatabaseModel database, List<MigrationStep> steps, Action<DiagnosticDescriptor, object[]> report)
    {
        foreach (IGrouping<int, DataStepModel> group in database.DataSteps.GroupBy(s => s.Version))
        {
            foreach (DataStepModel step in group)
            {
                if (step.Problem is { } problem)
                    report(DiagnosticDescriptors.DataStepInvalid, new object[] { problem });
                else if (step.Version < 1 || step.Version > database.Version)
                    report(DiagnosticDescriptors.DataStepInvalid, new object[] { $"[DataStep({step.Version})] on '{database.TypeName}.{step.MethodName}' names no version of {database.TypeName} (1 to {database.Version})" });
                else if (step.Version == 1)
                    report(DiagnosticDescriptors.DataStepInvalid, new object[] { $"[DataStep(1)] on '{database.TypeName}.{step.MethodName}' never runs: Open creates a new file directly at the latest version, so no file is migrated to version 1 from an older one. A data step changes the rows of existing files migrated to its version (2 or later); rows every file must have are seed data: [SeedData(1)], which runs once in every file, new or migrated" });
            }
            if (group.Count() > 1)
                report(DiagnosticDescriptors.DataStepInvalid, new object[] { $"Version {group.Key} of {database.TypeName} has several data steps ({string.Join(", ", group.Select(s => s.MethodName))}): keep one method per version" });
            else if (group.First() is { Problem: null } valid && valid.Version >= 2 && valid.Version <= steps.Count)
                steps[valid.Version - 1] = steps[valid.Version - 1] with { DataStepMethod = valid.MethodName };
        }
    }
}

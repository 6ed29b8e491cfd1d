using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Cli.Migrations;

/// <summary>
/// A database's frozen version history read from its committed snapshots (<c>sqlitegen/&lt;Database&gt;.v&lt;N&gt;.json</c>),
/// turned into <see cref="Migration"/>s by the generator's own step writer (its source is compiled into this tool),
/// so every step's SQL and checksum are the ones the application's build generated for the same versions.
/// Only frozen versions are known here: a version still in development exists in the application's build alone.
/// </summary>
internal sealed class SnapshotHistory
{
    private SnapshotHistory(string databaseName, IReadOnlyList<Migration> migrations, IReadOnlyDictionary<int, string> dataSteps, IReadOnlyDictionary<int, string> seedData, IReadOnlyDictionary<int, DatabaseSchema> schemas)
    {
        DatabaseName = databaseName;
        Migrations = migrations;
        DataSteps = dataSteps;
        _seedData = seedData;
        _schemas = schemas;
    }

    private readonly IReadOnlyDictionary<int, DatabaseSchema> _schemas;
    private readonly IReadOnlyDictionary<int, string> _seedData;
    private IReadOnlyList<Migration>? _postgreSql;

    /// <summary>
    /// The same versions as PostgreSQL steps (native <c>ALTER TABLE</c>, <see cref="PostgreSqlStepWriter"/>), with the same
    /// data-step and seed names in their checksums: what the application's generated PostgreSQL migrations hold.
    /// </summary>
    public IReadOnlyList<Migration> PostgreSqlMigrations => _postgreSql ??= Build(DatabaseName, _schemas, DataSteps, _seedData, PostgreSqlStepWriter.Step);

    /// <summary>The tables of version <paramref name="version"/> (none for a version the snapshots do not have).</summary>
    public IEnumerable<string> TablesAt(int version) =>
        _schemas.TryGetValue(version, out DatabaseSchema? schema) ? schema.Tables.Select(t => t.Name) : Enumerable.Empty<string>();

    /// <summary>The schema of version <paramref name="version"/>, null for a version the snapshots do not have.</summary>
    public DatabaseSchema? SchemaAt(int version) => _schemas.TryGetValue(version, out DatabaseSchema? schema) ? schema : null;

    /// <summary>The databases whose snapshots <paramref name="folder"/> holds, in name order.</summary>
    public static List<string> DatabasesIn(string folder) =>
        !Directory.Exists(folder) ? new List<string>() : Directory.EnumerateFiles(folder, "*.json")
            .Select(path => SnapshotJson.FileName.Match(Path.GetFileName(path)))
            .Where(m => m.Success)
            .Select(m => m.Groups["database"].Value)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Which of the folder's databases a file at <paramref name="fileVersion"/> with <paramref name="fileTables"/> is: those
    /// whose snapshot of that version has only tables the file has, the one with the most tables (the others' tables are
    /// then a subset of its). Null when the folder holds one database or none fits; throws when two fit equally.
    /// </summary>
    public static string? Identify(string folder, int fileVersion, IReadOnlyCollection<string> fileTables)
    {
        List<string> databases = DatabasesIn(folder);
        if (databases.Count < 2 || fileVersion < 1)
            return null;
        var fits = new List<(string Name, int Tables)>();
        foreach (string database in databases)
        {
            string[] tables = Load(folder, database).TablesAt(fileVersion).ToArray();
            if (tables.Length > 0 && tables.All(t => fileTables.Contains(t, StringComparer.OrdinalIgnoreCase)))
                fits.Add((database, tables.Length));
        }
        if (fits.Count == 0)
            return null;
        int most = fits.Max(f => f.Tables);
        var best = fits.Where(f => f.Tables == most).Select(f => f.Name).ToList();
        if (best.Count > 1)
            throw new UsageException($"the file's tables fit the snapshots of several databases ({string.Join(", ", best)}) at version {fileVersion}: name one with --database");
        return best[0];
    }

    public string DatabaseName { get; }

    /// <summary>Versions 1..N, N being the newest frozen version.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Versions whose step has a C# data step in the application (which this tool cannot run).</summary>
    public IReadOnlyDictionary<int, string> DataSteps { get; }

    /// <summary>Reads the snapshots of <paramref name="databaseName"/> (or of the only database) in <paramref name="folder"/>.</summary>
    /// <exception cref="FileProblemException">No folder, no snapshots, several databases and none named, a gap, or a file that cannot be read.</exception>
    public static SnapshotHistory Load(string folder, string? databaseName)
    {
        if (!Directory.Exists(folder))
            throw new FileProblemException($"the snapshot folder '{folder}' does not exist (the project's sqlitegen/ folder; see 'dotnet build -t:SqliteGenFreeze').");
        var files = Directory.EnumerateFiles(folder, "*.json")
            .Select(path => (Path: path, Match: SnapshotJson.FileName.Match(Path.GetFileName(path))))
            .Where(f => f.Match.Success)
            .Select(f => (f.Path, Database: f.Match.Groups["database"].Value, Version: int.Parse(f.Match.Groups["version"].Value, CultureInfo.InvariantCulture)))
            .ToList();
        List<string> databases = files.Select(f => f.Database).Distinct(StringComparer.Ordinal).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (databases.Count == 0)
            throw new FileProblemException($"'{folder}' holds no snapshot (<Database>.v<N>.json).");
        string name = databaseName ?? (databases.Count == 1
            ? databases[0]
            : throw new UsageException($"'{folder}' holds the snapshots of several databases ({string.Join(", ", databases)}): name one with --database"));
        if (!databases.Contains(name))
            throw new FileProblemException($"'{folder}' holds no snapshot of '{name}' (it has {string.Join(", ", databases)}).");

        var schemas = new SortedDictionary<int, DatabaseSchema>();
        var dataSteps = new Dictionary<int, string>();
        var seedData = new Dictionary<int, string>();
        foreach ((string path, _, int version) in files.Where(f => f.Database == name))
        {
            string text = File.ReadAllText(path);
            (DatabaseSchema? schema, string? database, List<(int Version, string Method)> steps, string? error) = SnapshotJson.ReadWithDataSteps(text);
            if (schema is null)
                throw new FileProblemException($"'{path}': {error}");
            if (database != name || schema.Version != version)
                throw new FileProblemException($"'{path}' is the snapshot of {database} version {schema.Version}, not of {name} version {version}.");
            schemas[version] = schema;
            foreach ((int stepVersion, string method) in steps)
                dataSteps[stepVersion] = method; // the newest snapshot's list wins, as it is written in version order
            foreach ((int seedVersion, string method) in SnapshotJson.ReadSeedData(text))
                seedData[seedVersion] = method;
        }
        int newest = schemas.Keys.Max();
        int? missing = Enumerable.Range(1, newest).Cast<int?>().FirstOrDefault(v => !schemas.ContainsKey(v!.Value));
        if (missing is { } gap)
            throw new FileProblemException($"'{folder}' has {name}'s snapshots up to version {newest} but not version {gap}: the history has a gap.");

        List<Migration> migrations = Build(name, schemas, dataSteps, seedData, (older, newer) => StepWriter.Step(older, newer, SqliteDialect.Instance));
        return new SnapshotHistory(name, migrations, dataSteps, seedData, schemas);
    }

    /// <summary>The steps between consecutive versions, written by <paramref name="step"/>, with placeholders for the application's C# steps.</summary>
    private static List<Migration> Build(string name, IReadOnlyDictionary<int, DatabaseSchema> schemas, IReadOnlyDictionary<int, string> dataSteps, IReadOnlyDictionary<int, string> seedData,
        Func<DatabaseSchema, DatabaseSchema, (string Up, string? UpLoses, string Down, string? DownLoses)> step)
    {
        var migrations = new List<Migration>();
        DatabaseSchema older = new(0, EquatableArray<TableSchema>.Empty);
        foreach ((int version, DatabaseSchema newer) in schemas)
        {
            (string up, string? upLoses, string down, string? downLoses) = step(older, newer);
            var migration = new Migration(version, up, down, upLoses, downLoses);
            if (dataSteps.TryGetValue(version, out string? method))
            {
                // Same checksum as the application's step; running it here is refused (the C# is not in this tool).
                migration = migration.WithDataStep(method, _ => throw new InvalidOperationException(
                    $"version {version} of {name} has the C# data step '{method}', which only the application can run: open the file with the application to apply it"));
            }
            if (seedData.TryGetValue(version, out string? seed))
            {
                // The same for seed data: a new file or a migration through this version needs the application.
                migration = migration.WithSeedData(seed, _ => throw new InvalidOperationException(
                    $"version {version} of {name} has the C# seed data '{seed}', which only the application can run: open the file with the application to apply it"));
            }
            migrations.Add(migration);
            older = newer;
        }
        return migrations;
    }
}

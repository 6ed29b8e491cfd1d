using System;
using System.Security.Cryptography;
using System.Text;

namespace SqliteGen;

/// <summary>
/// One step of a database's version history: the SQL that takes a database from
/// <c>Version - 1</c> to <see cref="Version"/> (<see cref="Up"/>) and back (<see cref="Down"/>), with an
/// optional custom data step that runs after <see cref="Up"/> in the same transaction and optional seed data
/// that runs after that. Version 1's Up creates the first schema in an empty file; its Down empties the file again.
/// </summary>
/// <remarks>
/// The <see cref="Checksum"/> covers the SQL of both directions and the names of the data step and the seed. A database
/// records it for every version it went through; a later build whose step for that version differs is
/// refused (drift), because its idea of "version n" is not what the file holds.
/// </remarks>
public sealed class Migration
{
    /// <summary>Declares the step to <paramref name="version"/>.</summary>
    /// <param name="version">The version this step migrates to (1 or more).</param>
    /// <param name="up">SQL from <c>version - 1</c> to <paramref name="version"/>.</param>
    /// <param name="down">SQL from <paramref name="version"/> back to <c>version - 1</c>.</param>
    /// <param name="upLosesData">What <paramref name="up"/> drops (a column, a table), or null when it keeps every value.</param>
    /// <param name="downLosesData">What <paramref name="down"/> drops, or null.</param>
    public Migration(int version, string up, string down, string? upLosesData = null, string? downLosesData = null)
        : this(version, up, down, upLosesData, downLosesData, null, null, null, null)
    {
    }

    private Migration(int version, string up, string down, string? upLosesData, string? downLosesData,
        string? dataStepName, Action<MigrationContext>? dataStep, string? seedDataName, Action<MigrationContext>? seedData)
    {
        if (version < 1)
            throw new ArgumentOutOfRangeException(nameof(version), version, "Migration versions start at 1.");
        Version = version;
        Up = up ?? throw new ArgumentNullException(nameof(up));
        Down = down ?? throw new ArgumentNullException(nameof(down));
        UpLosesData = upLosesData;
        DownLosesData = downLosesData;
        DataStepName = dataStepName;
        DataStep = dataStep;
        SeedDataName = seedDataName;
        SeedData = seedData;
        Checksum = ComputeChecksum(up, down, dataStepName, seedDataName);
    }

    /// <summary>The version this step migrates to.</summary>
    public int Version { get; }

    /// <summary>SQL from <c>Version - 1</c> to <see cref="Version"/>.</summary>
    public string Up { get; }

    /// <summary>SQL from <see cref="Version"/> back to <c>Version - 1</c>.</summary>
    public string Down { get; }

    /// <summary>What <see cref="Up"/> drops, or null. Applying a step that drops data needs <see cref="MigrationOptions.AllowDataLoss"/>.</summary>
    public string? UpLosesData { get; }

    /// <summary>What <see cref="Down"/> drops, or null.</summary>
    public string? DownLosesData { get; }

    /// <summary>The name of the custom data step, if one is attached (part of the checksum).</summary>
    public string? DataStepName { get; }

    /// <summary>Custom C# that runs after <see cref="Up"/>, in the same transaction.</summary>
    public Action<MigrationContext>? DataStep { get; }

    /// <summary>The name of the seed data, if the version has some (part of the checksum).</summary>
    public string? SeedDataName { get; }

    /// <summary>
    /// C# that inserts the rows every file must have at this version: it runs once per file, after <see cref="Up"/> and
    /// the data step, in the same transaction, in a file migrated to this version and in a new file alike.
    /// </summary>
    public Action<MigrationContext>? SeedData { get; }

    /// <summary>SHA-256 (hex) of Up, Down and the names of the data step and the seed data.</summary>
    public string Checksum { get; }

    /// <summary>
    /// This step with a custom data step attached: <paramref name="step"/> runs after <see cref="Up"/> in
    /// the same transaction (a failure undoes the whole step). The name goes into the checksum, so
    /// renaming or attaching a step later is drift; changing the code behind a name is not detected.
    /// </summary>
    public Migration WithDataStep(string name, Action<MigrationContext> step)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A data step needs a name (it is recorded in the checksum).", nameof(name));
        return new Migration(Version, Up, Down, UpLosesData, DownLosesData, name, step ?? throw new ArgumentNullException(nameof(step)), SeedDataName, SeedData);
    }

    /// <summary>
    /// This step with seed data attached: <paramref name="seed"/> inserts the rows every file must have at this version.
    /// It runs once per file, in the transaction that brings the file to this version: after <see cref="Up"/> and the
    /// data step when a file is migrated, and in order with every other version's seed when a new file is created
    /// (which then runs every step from the empty file, so each seed meets the schema of its own version). The name goes
    /// into the checksum, like a data step's.
    /// </summary>
    public Migration WithSeedData(string name, Action<MigrationContext> seed)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("Seed data needs a name (it is recorded in the checksum).", nameof(name));
        return new Migration(Version, Up, Down, UpLosesData, DownLosesData, DataStepName, DataStep, name, seed ?? throw new ArgumentNullException(nameof(seed)));
    }

    private static string ComputeChecksum(string up, string down, string? dataStepName, string? seedDataName)
    {
        // Seed data enters the text only when there is some, so a step without it keeps the checksum files have recorded.
        string text = "up\n" + up + "\ndown\n" + down + "\ndata\n" + (dataStepName ?? "") + (seedDataName is null ? "" : "\nseed\n" + seedDataName);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <inheritdoc/>
    public override string ToString() => $"migration to version {Version}";
}

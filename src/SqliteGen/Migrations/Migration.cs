using System;
using System.Security.Cryptography;
using System.Text;

namespace SqliteGen;

/// <summary>
/// One step of a database's version history: the SQL that takes a database from
/// <c>Version - 1</c> to <see cref="Version"/> (<see cref="Up"/>) and back (<see cref="Down"/>), with an
/// optional custom data step that runs after <see cref="Up"/> in the same transaction. Version 1's Up
/// creates the first schema in an empty file; its Down empties the file again.
/// </summary>
/// <remarks>
/// The <see cref="Checksum"/> covers the SQL of both directions and the data step's name. A database
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
        : this(version, up, down, upLosesData, downLosesData, null, null)
    {
    }

    private Migration(int version, string up, string down, string? upLosesData, string? downLosesData, string? dataStepName, Action<MigrationContext>? dataStep)
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
        Checksum = ComputeChecksum(up, down, dataStepName);
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

    /// <summary>SHA-256 (hex) of Up, Down and the data step's name.</summary>
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
        return new Migration(Version, Up, Down, UpLosesData, DownLosesData, name, step ?? throw new ArgumentNullException(nameof(step)));
    }

    private static string ComputeChecksum(string up, string down, string? dataStepName)
    {
        string text = "up\n" + up + "\ndown\n" + down + "\ndata\n" + (dataStepName ?? "");
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <inheritdoc/>
    public override string ToString() => $"migration to version {Version}";
}

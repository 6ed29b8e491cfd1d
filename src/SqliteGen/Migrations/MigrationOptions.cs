namespace SqliteGen;

/// <summary>How a migration run may proceed.</summary>
public sealed record MigrationOptions
{
    /// <summary>The defaults: no step that drops data is applied.</summary>
    public static MigrationOptions Default { get; } = new();

    /// <summary>
    /// Apply steps that drop data (a dropped column or table, or a Down that removes what its Up added).
    /// Off by default: a migration whose path contains such a step is refused as a whole before its first step
    /// runs, with an error naming every such step, and the file stays at the version it had.
    /// </summary>
    public bool AllowDataLoss { get; init; }
}

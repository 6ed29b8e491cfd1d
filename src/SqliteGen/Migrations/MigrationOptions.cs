namespace SqliteGen;

/// <summary>How a migration run may proceed.</summary>
public sealed record MigrationOptions
{
    /// <summary>The defaults: no step that drops data is applied.</summary>
    public static MigrationOptions Default { get; } = new();

    /// <summary>
    /// Apply steps that drop data (a dropped column or table, or a Down that removes what its Up added).
    /// Off by default: such a step is refused before anything changes, with an error naming it.
    /// </summary>
    public bool AllowDataLoss { get; init; }
}

using System;

namespace SqliteGen;

/// <summary>What an online backup wrote.</summary>
public sealed record BackupResult
{
    /// <summary>The database that was copied.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The copy.</summary>
    public required string DestinationPath { get; init; }

    /// <summary>Pages copied.</summary>
    public required long Pages { get; init; }

    /// <summary>The copy's size in bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>How long it took.</summary>
    public required TimeSpan Duration { get; init; }
}

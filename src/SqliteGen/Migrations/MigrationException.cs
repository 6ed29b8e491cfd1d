namespace SqliteGen;

/// <summary>A migration was refused or failed. The database file is at <see cref="CurrentVersion"/>, unchanged by the failed step.</summary>
public sealed class MigrationException : SqliteGenException
{
    /// <summary>Creates the exception.</summary>
    public MigrationException(string filePath, int currentVersion, int? failedVersion, string message, System.Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        CurrentVersion = currentVersion;
        FailedVersion = failedVersion;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>The version the file is at after the failure.</summary>
    public int CurrentVersion { get; }

    /// <summary>The version whose step failed or was refused (or whose checksum drifted), if one did.</summary>
    public int? FailedVersion { get; }
}

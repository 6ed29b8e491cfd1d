namespace SqliteGen.Cli;

/// <summary>The tool's exit codes (docs/operations.md lists them too).</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>health</c>, the verdict is ok.</summary>
    public const int Ok = 0;

    /// <summary>The operation failed (a SQLite error: busy, I/O, an incremental vacuum on a file without it, ...).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments: unknown command or option, missing or extra argument, bad value.</summary>
    public const int Usage = 2;

    /// <summary>A file is missing, is not a SQLite database, or the destination exists.</summary>
    public const int FileProblem = 3;

    /// <summary><c>import</c>: a malformed or rejected record; earlier batches are committed, nothing of the failing one.</summary>
    public const int BadInput = 4;

    /// <summary><c>health</c>: the structure is fine but a figure crossed a threshold (free space, WAL size, fragmentation).</summary>
    public const int HealthWarning = 5;

    /// <summary><c>health</c>: SQLite found damage in the file.</summary>
    public const int HealthCorrupt = 6;

    /// <summary>Canceled (Ctrl+C): the running statement was interrupted and rolled back (128 + SIGINT, as shells report it).</summary>
    public const int Canceled = 130;
}

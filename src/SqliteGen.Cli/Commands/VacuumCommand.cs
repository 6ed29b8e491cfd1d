using SqliteGen;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen vacuum &lt;db&gt; [--incremental]</c>: gives free pages back and says how much.</summary>
internal static class VacuumCommand
{
    public static readonly CommandSpec Spec = new(
        "vacuum",
        "give free pages back to the file system (full rebuild or incremental)",
        ["db"],
        ["incremental"],
        [],
        """
        usage: sqlitegen vacuum <db> [--incremental]

        Gives the database's free pages back to the file system and prints the space reclaimed.

          (default)       VACUUM: rebuilds the whole file, defragmented. Holds the write lock
                          throughout and needs free disk space of about twice the file.
          --incremental   PRAGMA incremental_vacuum: truncates the free pages away without a rebuild.
                          Only for files with auto_vacuum = INCREMENTAL (exit 1 otherwise).

        In WAL mode a TRUNCATE checkpoint follows, so the file shrinks at once.

        exit codes: 0 done, 1 failed (e.g. busy, or --incremental without auto_vacuum), 3 missing file
        or not a database, 2 bad arguments.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        VacuumKind kind = context.Args.Has("incremental") ? VacuumKind.Incremental : VacuumKind.Full;
        VacuumResult result = DatabaseMaintenance.ForFile(context.Args.Positionals[0]).Vacuum(kind, context.Cancellation);
        context.Out.WriteLine($"vacuum ({kind.ToString().ToLowerInvariant()}) of {result.FilePath}");
        context.Out.WriteLine($"reclaimed      {Format.Bytes(result.BytesReclaimed)}");
        context.Out.WriteLine($"pages          {Format.Count(result.PagesBefore)} -> {Format.Count(result.PagesAfter)} (free {Format.Count(result.FreePagesBefore)} -> {Format.Count(result.FreePagesAfter)})");
        context.Out.WriteLine($"file size      {Format.Bytes(result.FileBytesBefore)} -> {Format.Bytes(result.FileBytesAfter)}");
        context.Out.WriteLine($"took           {Format.Duration(result.Duration)}");
        return ExitCodes.Ok;
    }
}

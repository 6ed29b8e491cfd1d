using System.IO;
using SqliteGen;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen backup &lt;source&gt; &lt;dest&gt; [--overwrite]</c>: an online, consistent copy.</summary>
internal static class BackupCommand
{
    public static readonly CommandSpec Spec = new(
        "backup",
        "copy a live database to a new file, consistently, while writers go on",
        ["source", "dest"],
        ["overwrite"],
        [],
        """
        usage: sqlitegen backup <source> <dest> [--overwrite]

        Copies <source> to <dest> with SQLite's online backup API: the copy is the database as of one
        commit, even while other processes keep writing (in WAL mode they are not blocked). The copy is
        written to a temporary file beside <dest> and renamed into place when complete, so a failed
        backup leaves nothing behind. Unlike copying the file, this includes what is still in the WAL.

          --overwrite   replace <dest> if it exists (refused otherwise)

        exit codes: 0 done, 1 failed, 3 missing source, not a database, destination exists or its
        folder is missing, 2 bad arguments.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        string destination = Path.GetFullPath(context.Args.Positionals[1]);
        bool overwrite = context.Args.Has("overwrite");
        if (!overwrite && File.Exists(destination))
            throw new FileProblemException($"The destination '{destination}' already exists (use --overwrite to replace it).");
        string? folder = Path.GetDirectoryName(destination);
        if (folder is not null && !Directory.Exists(folder))
            throw new FileProblemException($"Cannot write '{destination}': the folder '{folder}' does not exist.");

        BackupResult result = DatabaseMaintenance.ForFile(context.Args.Positionals[0]).Backup(destination, overwrite, context.Cancellation);
        context.Out.WriteLine($"backed up {result.SourcePath}");
        context.Out.WriteLine($"to        {result.DestinationPath}");
        context.Out.WriteLine($"pages     {Format.Count(result.Pages)}");
        context.Out.WriteLine($"size      {Format.Bytes(result.Bytes)}");
        context.Out.WriteLine($"took      {Format.Duration(result.Duration)}");
        return ExitCodes.Ok;
    }
}

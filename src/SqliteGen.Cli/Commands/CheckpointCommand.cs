using System;
using SqliteGen;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen checkpoint &lt;db&gt; [--mode passive|full|restart|truncate]</c>.</summary>
internal static class CheckpointCommand
{
    public static readonly CommandSpec Spec = new(
        "checkpoint",
        "copy the WAL back into the database file",
        ["db"],
        [],
        ["mode"],
        """
        usage: sqlitegen checkpoint <db> [--mode passive|full|restart|truncate]

        Runs PRAGMA wal_checkpoint(mode): copies committed WAL frames back into the database file.

          --mode passive    copy what can be copied without waiting (the default)
          --mode full       wait for writers, then copy everything readers no longer need
          --mode restart    as full, then wait for readers so the WAL restarts from the beginning
          --mode truncate   as restart, and truncate the WAL file to zero bytes

        Prints the frames in the WAL, the frames copied, and the WAL size before and after. A file that
        is not in WAL mode has nothing to checkpoint (exit 0, said on the output).

        exit codes: 0 done, 1 busy (a reader or writer held on past the 5 s timeout; what was copied
        stays copied), 3 missing file or not a database, 2 bad arguments.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        string modeName = context.Args.Choice("mode", "passive", "passive", "full", "restart", "truncate");
        CheckpointMode mode = Enum.Parse<CheckpointMode>(modeName, ignoreCase: true);
        CheckpointResult result = DatabaseMaintenance.ForFile(context.Args.Positionals[0]).Checkpoint(mode, context.Cancellation);
        if (!result.IsWal)
        {
            context.Out.WriteLine($"{result.FilePath} is not in WAL mode: nothing to checkpoint");
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"checkpoint ({modeName}) of {result.FilePath}");
        context.Out.WriteLine($"frames         {Format.Count(result.CheckpointedFrames)} of {Format.Count(result.LogFrames)} copied");
        context.Out.WriteLine($"wal size       {Format.Bytes(result.WalBytesBefore)} -> {Format.Bytes(result.WalBytesAfter)}");
        context.Out.WriteLine($"took           {Format.Duration(result.Duration)}");
        if (!result.Busy)
            return ExitCodes.Ok;
        context.Error.WriteLine($"sqlitegen checkpoint: busy: another connection held on to '{result.FilePath}'; {Format.Count(result.CheckpointedFrames)} of {Format.Count(result.LogFrames)} frames were copied. Try again, or use --mode passive.");
        return ExitCodes.Failed;
    }
}

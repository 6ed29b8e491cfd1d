using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Commands;
using SqliteGen.Cli.Import;

namespace SqliteGen.Cli;

using ImportException = SqliteGen.Cli.Import.ImportException; // inside the namespace: not the runtime's SqliteGen.ImportException

/// <summary>
/// The <c>sqlitegen</c> tool. <see cref="Run"/> is the whole program: the process entry point passes
/// the console, tests pass their own writers.
/// </summary>
public static class SqliteGenCli
{
    internal static readonly CommandSpec[] Commands =
    [
        InspectCommand.Spec,
        HealthCommand.Spec,
        VacuumCommand.Spec,
        CheckpointCommand.Spec,
        BackupCommand.Spec,
        ImportCommand.Spec,
        MigrateCommand.Spec,
        CopyCommand.Spec,
        TenantCommand.Spec,
    ];

    /// <summary>
    /// Runs the command line <paramref name="args"/> and returns the exit code (<see cref="ExitCodes"/>).
    /// Cancelling <paramref name="cancellation"/> (Ctrl+C) stops the command: the statement running is
    /// interrupted and rolled back, and the exit code is <see cref="ExitCodes.Canceled"/>.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default) =>
        Run(args, output, error, TimeProvider.System, cancellation);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter, CancellationToken)"/>, reading the time from
    /// <paramref name="time"/> (import progress and durations), so tests decide how long a run seems to take.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            error.WriteLine("sqlitegen: no command given; run 'sqlitegen --help' for the commands.");
            return ExitCodes.Usage;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            if (args.Length == 1)
            {
                output.Write(ToolHelp());
                return ExitCodes.Ok;
            }
            if (Find(args[1]) is not { } asked)
                return UnknownCommand(error, args[1]);
            output.Write(asked.Help);
            return ExitCodes.Ok;
        }
        if (args[0] == "--version")
        {
            output.WriteLine("sqlitegen " + InformationalVersion() + " (SQLite " + SqliteVersion() + ")");
            return ExitCodes.Ok;
        }
        CommandSpec? spec = Find(args[0]);
        if (spec is null)
            return UnknownCommand(error, args[0]);
        string[] rest = args[1..];
        if (rest.Any(a => a is "--help" or "-h"))
        {
            output.Write(spec.Help);
            return ExitCodes.Ok;
        }

        string prefix = "sqlitegen " + spec.Name + ": ";
        try
        {
            return spec.Run(new CommandContext(Arguments.Parse(rest, spec), output, error, cancellation, time));
        }
        catch (UsageException e)
        {
            return Fail(error, prefix + e.Message + $" (usage: {spec.Usage}; see 'sqlitegen {spec.Name} --help')", ExitCodes.Usage);
        }
        catch (Exception e) when (e is FileProblemException or DatabaseOpenException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return Fail(error, prefix + e.Message, ExitCodes.FileProblem);
        }
        catch (ImportException e)
        {
            return Fail(error, prefix + e.Message, ExitCodes.BadInput);
        }
        catch (OperationCanceledException)
        {
            return Fail(error, prefix + "canceled; what the running statement had started was rolled back.", ExitCodes.Canceled);
        }
        catch (SqliteException e)
        {
            return Fail(error, prefix + $"SQLite error {e.SqliteErrorCode}: {e.Message}", ExitCodes.Failed);
        }
        catch (Exception e) when (e is SqliteGenException or IOException or Copy.CopyException)
        {
            return Fail(error, prefix + e.Message, ExitCodes.Failed);
        }
        catch (Npgsql.PostgresException e)
        {
            return Fail(error, prefix + $"PostgreSQL error {e.SqlState}: {e.MessageText}", ExitCodes.Failed);
        }
        catch (Npgsql.NpgsqlException e)
        {
            return Fail(error, prefix + "PostgreSQL: " + e.Message, ExitCodes.Failed);
        }
    }

    private static int UnknownCommand(TextWriter error, string name) =>
        Fail(error, $"sqlitegen: unknown command '{name}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))} ('sqlitegen --help').", ExitCodes.Usage);

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message.ReplaceLineEndings(" "));
        return code;
    }

    /// <summary>Where a package user reads the docs (the repository's docs folder; the tool package also carries operations.md).</summary>
    internal const string DocsUrl = "https://github.com/sqlitegen/sqlitegen/tree/main/docs";

    private static CommandSpec? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    /// <summary>The package version the tool was built as (with the source revision when the build knew it).</summary>
    internal static string InformationalVersion() =>
        typeof(SqliteGenCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            is [System.Reflection.AssemblyInformationalVersionAttribute attribute, ..]
            ? attribute.InformationalVersion
            : typeof(SqliteGenCli).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        return connection.ServerVersion;
    }

    private static string ToolHelp()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("sqlitegen: look after SQLite database files.");
        text.AppendLine();
        text.AppendLine("usage: sqlitegen <command> [arguments] [options]");
        text.AppendLine();
        text.AppendLine("commands:");
        foreach (CommandSpec command in Commands)
            text.AppendLine($"  {command.Name,-12}{command.Summary}");
        text.AppendLine();
        text.AppendLine("'sqlitegen <command> --help' describes a command; '--version' prints the versions.");
        text.AppendLine("docs: " + DocsUrl + " (operations.md: this tool; migrations.md: migrate)");
        text.AppendLine();
        text.AppendLine("exit codes:");
        text.AppendLine("  0  done (health: ok)");
        text.AppendLine("  1  the operation failed (SQLite error, busy, I/O)");
        text.AppendLine("  2  bad arguments");
        text.AppendLine("  3  a file is missing, is not a SQLite database, or is in the way");
        text.AppendLine("  4  import: a malformed or rejected record (earlier batches committed, nothing of the failing one)");
        text.AppendLine("  5  health: warning (free space, WAL size or fragmentation over its threshold)");
        text.AppendLine("  6  health: corrupt (SQLite found damage)");
        text.AppendLine("  130  canceled (Ctrl+C); the running statement was rolled back");
        text.AppendLine();
        text.AppendLine("docs: docs/operations.md");
        return text.ToString();
    }
}

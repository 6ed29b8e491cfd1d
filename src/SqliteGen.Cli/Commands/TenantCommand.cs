using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Cli.Migrations;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen tenant list|where|move</c>: the PostgreSQL tenant directory (docs/tenancy.md, "PostgreSQL").</summary>
internal static class TenantCommand
{
    /// <summary>Names a step of a move after which <c>tenant move</c> stops and waits (a fault drill: kill it there).</summary>
    internal const string PauseVariable = "SQLITEGEN_TENANT_MOVE_PAUSE_AFTER";

    public static readonly CommandSpec Spec = new(
        "tenant",
        "PostgreSQL tenants across servers: list the directory, say where a tenant lives, move a tenant to another server",
        ["action", "id?"],
        [],
        ["servers", "to", "snapshots", "database"],
        """
        usage: sqlitegen tenant list [--servers <file>]
               sqlitegen tenant where <id> [--servers <file>]
               sqlitegen tenant move <id> --to <server> [--servers <file>] [--snapshots <folder>] [--database <Name>]

        The tenant directory of SqliteGen.PostgreSql: tenants in schemas of their own across several PostgreSQL servers,
        their places in the table sqlitegen_tenants on one of them (docs/tenancy.md, "PostgreSQL").

          list     every tenant with its server, schema, epoch and state (active, moving, placing), as the directory
                   says now
          where    the server and schema of one tenant; an interrupted move or placement of it is finished or undone
                   first, as the application's lookup does
          move     moves the tenant to --to in six steps (marked, writes blocked, copied and verified, old copy
                   retired, directory switched, old copy removed); the tenant's writes wait during the move and then
                   fail retryably, and a kill at any step leaves it whole on one server (the next lookup recovers).
                   The target's schema is built from the committed snapshots at the version the tenant is at.

          --servers <file>       the servers (default: ./sqlitegen/tenant-servers), one a line:
                                     <name> = <Npgsql connection string>
                                 names as the application registers them (a-z, 0-9, '-', '_'); blank lines and lines
                                 starting with '#' are skipped. The first server listed holds the directory.
          --to <server>          move: the target server, by name
          --snapshots <folder>   move: the snapshot folder (default: ./sqlitegen)
          --database <Name>      move: which database, when the folder holds several

        Progress of a move goes to stderr, one line a step. SQLITEGEN_TENANT_MOVE_PAUSE_AFTER=<step> (marked,
        writes-blocked, copied, retired, switched, removed) makes a move stop after that step and wait until killed or
        interrupted: a drill of a crash there.

        exit codes: 0 done, 1 unknown tenant, a server that cannot be reached, or a move that failed (undone: the
        tenant stays where it was), 2 bad arguments or an unknown server, 3 missing servers file or snapshots.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        string action = context.Args.Positionals[0];
        string? id = context.Args.Positionals.Count > 1 ? context.Args.Positionals[1] : null;
        if (action is not ("list" or "where" or "move"))
            throw new UsageException($"unknown action '{action}': use list, where or move");
        if (action == "list" && id is not null)
            throw new UsageException($"unexpected argument '{id}': list takes no tenant");
        if (action != "list" && id is null)
            throw new UsageException($"{action} needs the tenant's <id>");
        if (id is not null && !TenantFiles.IsValid(id))
            throw new UsageException($"'{id}' is not a valid tenant id: use a-z, 0-9, '-' and '_', at most {TenantFiles.MaxLength} characters");
        string? to = context.Args.Value("to");
        if (action != "move" && to is not null)
            throw new UsageException("--to is for move");
        if (action == "move" && to is null)
            throw new UsageException("move needs --to <server>");

        string file = context.Args.Value("servers") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen", "tenant-servers");
        List<(string Name, string ConnectionString)> listed = ReadServers(file);
        if (to is not null && !listed.Exists(s => s.Name == to))
            throw new UsageException($"no server named '{to}' in {file} (its servers: {string.Join(", ", listed.ConvertAll(s => s.Name))})");
        return RunAsync(context, action, id, to, file, listed).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(CommandContext context, string action, string? id, string? to, string file,
        List<(string Name, string ConnectionString)> listed)
    {
        await using var servers = new TenantServers();
        foreach ((string name, string connectionString) in listed)
            servers.Add(name, Npgsql.NpgsqlDataSource.Create(connectionString));
        string directoryServer = listed[0].Name;
        CancellationToken cancellation = context.Cancellation;

        if (action == "list")
        {
            TenantDirectory directory = await TenantDirectory.OpenAsync(servers, directoryServer, Array.Empty<string>(), null, cancellation);
            IReadOnlyList<TenantDirectoryEntry> entries = await directory.ListAsync(cancellation);
            var table = new TextTable("tenant", "server", "schema", "epoch", "state");
            table.RightAligned.Add(3);
            foreach (TenantDirectoryEntry entry in entries)
                table.Add(entry.TenantId, entry.Server, entry.Schema, entry.Epoch.ToString(CultureInfo.InvariantCulture),
                    entry.MoveTo is { } target ? entry.State + " to " + target : entry.State);
            table.WriteTo(context.Out, "");
            context.Out.WriteLine($"{Format.Count(entries.Count)} tenants in the directory on '{directoryServer}'");
            return ExitCodes.Ok;
        }

        if (action == "where")
        {
            TenantDirectory directory = await TenantDirectory.OpenAsync(servers, directoryServer, Array.Empty<string>(), null, cancellation);
            TenantLocation location = await LocateAsync(directory, id!, directoryServer, cancellation);
            context.Out.WriteLine($"{id}: server {location.Server}, schema {location.Schema}, epoch {location.Epoch.ToString(CultureInfo.InvariantCulture)}");
            return ExitCodes.Ok;
        }

        SnapshotHistory history = SnapshotHistory.Load(context.Args.Value("snapshots") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen"),
            context.Args.Value("database"));
        TenantMoveStep? pause = PauseStep();
        var options = new TenantDirectoryOptions
        {
            AfterMoveStep = async (tenant, step) =>
            {
                await context.Error.WriteLineAsync($"tenant move: {tenant}: step {(int)step} of 6, {Describe(step)}");
                await context.Error.FlushAsync(cancellation);
                if (step == pause)
                {
                    await context.Error.WriteLineAsync($"tenant move: paused after {Describe(step)} ({PauseVariable}); waiting to be killed");
                    await context.Error.FlushAsync(cancellation);
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
            },
        };
        TenantDirectory mover = await TenantDirectory.OpenAsync(servers, directoryServer, history.DatabaseName, history.PostgreSqlMigrations, options, cancellation);
        TenantLocation from = await LocateAsync(mover, id!, directoryServer, cancellation);
        if (from.Server == to)
        {
            context.Out.WriteLine($"{id} is on server {to} already: nothing to move");
            return ExitCodes.Ok;
        }
        TenantLocation moved = await mover.MoveAsync(id!, to!, cancellation);
        context.Out.WriteLine($"moved {id} from server {from.Server} to {moved.Server} (schema {moved.Schema}, epoch {from.Epoch.ToString(CultureInfo.InvariantCulture)} -> {moved.Epoch.ToString(CultureInfo.InvariantCulture)}), verified by row counts and checksums");
        return ExitCodes.Ok;
    }

    /// <summary>The tenant's location; a tenant the directory does not hold is said so, naming the directory's server.</summary>
    private static async Task<TenantLocation> LocateAsync(TenantDirectory directory, string id, string directoryServer, CancellationToken cancellation)
    {
        try
        {
            return await directory.LocateAsync(id, cancellation);
        }
        catch (TenantNotPlacedException)
        {
            throw new SqliteGenException($"tenant '{id}' is not in the tenant directory on server '{directoryServer}' ('sqlitegen tenant list' lists the tenants).");
        }
    }

    private static string Describe(TenantMoveStep step) => step switch
    {
        TenantMoveStep.Marked => "marked moving",
        TenantMoveStep.WritesBlocked => "writes blocked",
        TenantMoveStep.Copied => "copied and verified",
        TenantMoveStep.Retired => "old copy retired",
        TenantMoveStep.Switched => "directory switched",
        _ => "old copy removed",
    };

    /// <summary>The step <see cref="PauseVariable"/> names (kebab or Pascal case), or null when it is unset.</summary>
    private static TenantMoveStep? PauseStep()
    {
        string? value = Environment.GetEnvironmentVariable(PauseVariable);
        if (string.IsNullOrEmpty(value))
            return null;
        return Enum.TryParse(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out TenantMoveStep step) && Enum.IsDefined(step)
            ? step
            : throw new UsageException($"{PauseVariable}='{value}' is not a step of a move: use marked, writes-blocked, copied, retired, switched or removed");
    }

    /// <summary>The servers file: <c>name = connection string</c> a line; errors name the file and line.</summary>
    internal static List<(string Name, string ConnectionString)> ReadServers(string file)
    {
        if (!File.Exists(file))
            throw new FileProblemException($"the servers file '{file}' does not exist (one '<name> = <connection string>' a line; see 'sqlitegen tenant --help').");
        var servers = new List<(string, string)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string where = $"{file} line {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                throw new UsageException($"{where}: expected '<name> = <connection string>'");
            string name = line[..equals].Trim();
            string connectionString = line[(equals + 1)..].Trim();
            if (!TenantFiles.IsValid(name))
                throw new UsageException($"{where}: server name '{name}' is outside a-z, 0-9, '-' and '_'");
            if (!names.Add(name))
                throw new UsageException($"{where}: server '{name}' is listed twice");
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{where}: the connection string of server '{name}' is not valid: {e.Message}");
            }
            servers.Add((name, connectionString));
        }
        if (servers.Count == 0)
            throw new UsageException($"{file} lists no servers");
        return servers;
    }
}

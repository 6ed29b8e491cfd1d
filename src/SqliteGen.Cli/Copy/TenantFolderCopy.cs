using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Cli.Commands;
using SqliteGen.Cli.Migrations;
using SqliteGen.Generator.Schema;
using SqliteGen.PostgreSql.Tenancy;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// <c>sqlitegen copy &lt;folder&gt;</c>: a tenant folder as the SQLite tenancy keeps it (the base file, and
/// <c>tenants/&lt;id&gt;.db</c> beside it, every file holding every table) onto the tenant servers. The base goes to one
/// server's database as <c>sqlitegen copy &lt;file&gt; &lt;connection&gt;</c> copies a file; each tenant file goes into a
/// schema of its own, placed by the tenant directory's policy (or pinned) with the copy as the placement's fill
/// (<see cref="TenantDirectory.PlaceAsync(string, string, TenantFill, CancellationToken)"/>): the schema at the tenant
/// file's version, the rows, the read-back verification, all in the placement's transaction, so a tenant that fails is
/// not in the directory. Every file is checked (its name a tenant id, its version one the snapshots have) before
/// anything is copied; then the tenants are copied several at once (<c>--tenants-per-server</c>, default
/// <see cref="TenantDirectory.DefaultTenantsPerServer"/>: at most that many times the number of servers at once, and at
/// most that many on a server known beforehand, pinned or placed already), each in its own placement transaction; a tenant
/// that fails is reported and the others go on. docs/tenancy.md, "Copying a tenant folder".
/// </summary>
internal static class TenantFolderCopy
{
    /// <summary>The tenant directory's table, which may share the base's schema on the directory's server.</summary>
    private const string DirectoryTable = "sqlitegen_tenants";

    private sealed record TenantFile(string Id, string Path, int Version, DatabaseSchema Schema);

    /// <summary>What became of one tenant.</summary>
    private sealed record Outcome(string Id, string? Server, string Result, IReadOnlyList<CopiedTable> Tables, string? Error);

    public static int Run(CommandContext context, string folder)
    {
        int perServer = context.Args.PositiveInt("tenants-per-server", TenantDirectory.DefaultTenantsPerServer);
        string basePath = BaseFile(folder);
        SnapshotHistory history = CopyCommand.HistoryOf(context, basePath);
        (int baseVersion, DatabaseSchema baseSchema) = CopyCommand.SchemaOf(history, basePath);
        List<TenantFile> tenants = ReadTenantFiles(folder, history);

        string serversFile = context.Args.Value("servers") ?? Path.Combine(Environment.CurrentDirectory, "sqlitegen", "tenant-servers");
        List<(string Name, string ConnectionString)> listed = TenantCommand.ReadServers(serversFile);
        string ServerNamed(string name, string what) => listed.Exists(s => s.Name == name)
            ? name
            : throw new UsageException($"{what}: no server named '{name}' in {serversFile} (its servers: {string.Join(", ", listed.ConvertAll(s => s.Name))})");
        string baseServer = ServerNamed(context.Args.Value("base") ?? listed[0].Name, "--base");
        Dictionary<string, string> pins = Pins(context.Args.Value("pin"), tenants, ServerNamed);
        TenantPlacementPolicy policy = context.Args.Choice("placement", "fewest", "fewest", "hash") == "hash"
            ? TenantPlacementPolicy.StableHash
            : TenantPlacementPolicy.FewestTenants;
        bool replace = context.Args.Has("replace");

        // The base first: the tenants' layered reads fall back to it.
        string baseConnection = listed.Find(s => s.Name == baseServer).ConnectionString;
        using (SqliteConnection source = CopyCommand.OpenSource(basePath))
        {
            var copy = new PostgresCopy(source, basePath, history.DatabaseName, baseSchema, context.Error, context.Cancellation)
            {
                PostgreSqlSteps = history.PostgreSqlMigrations,
                ProgressPrefix = "sqlitegen copy: base: ",
                OtherTables = [DirectoryTable],
            };
            if (!replace && copy.MatchesAt(baseConnection))
            {
                context.Out.WriteLine($"{basePath}: the base is on server '{baseServer}' already and matches the file (row counts and checksums): skipped");
            }
            else
            {
                IReadOnlyList<CopiedTable> tables = copy.Run(baseConnection, replace);
                CopyCommand.WriteTables(context.Out, tables);
                context.Out.WriteLine($"{basePath}: the base, {history.DatabaseName} version {baseVersion}, copied to server '{baseServer}' and verified: {tables.Count} tables, {Format.Count(tables.Sum(t => t.Rows))} rows.");
            }
        }

        List<Outcome> outcomes = PlaceAllAsync(context, listed, policy, history, tenants, pins, replace, perServer).GetAwaiter().GetResult();
        var report = new TextTable("tenant", "server", "tables", "rows", "result");
        report.RightAligned.Add(2);
        report.RightAligned.Add(3);
        foreach (Outcome outcome in outcomes)
        {
            bool copied = outcome.Tables.Count > 0;
            report.Add(outcome.Id, outcome.Server ?? "-", copied ? Format.Count(outcome.Tables.Count) : "-",
                copied ? Format.Count(outcome.Tables.Sum(t => t.Rows)) : "-", outcome.Result);
        }
        report.WriteTo(context.Out);
        List<Outcome> failed = outcomes.Where(o => o.Error is not null).ToList();
        foreach (Outcome outcome in failed)
            context.Error.WriteLine($"sqlitegen copy: {outcome.Error!.ReplaceLineEndings(" ")}");
        context.Out.WriteLine($"{folder}: {Format.Count(outcomes.Count - failed.Count)} of {Format.Count(outcomes.Count)} tenants placed and verified"
            + (failed.Count == 0 ? "." : $"; {Format.Count(failed.Count)} failed and are not in the directory: {string.Join(", ", failed.Select(f => f.Id))}."));
        return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The folder's one <c>*.db</c> file: the base.</summary>
    private static string BaseFile(string folder)
    {
        List<string> files = DatabaseFiles(folder);
        return files.Count switch
        {
            1 => files[0],
            0 => throw new FileProblemException($"'{folder}' holds no base database file (*.db): a tenant folder is the base file and tenants/<id>.db beside it."),
            _ => throw new FileProblemException($"'{folder}' holds several database files ({string.Join(", ", files.Select(Path.GetFileName))}): a tenant folder holds one base file, and tenants/<id>.db beside it."),
        };
    }

    private static List<string> DatabaseFiles(string folder) =>
        Directory.EnumerateFiles(folder).Where(f => f.EndsWith(TenantFiles.Extension, StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();

    /// <summary>Every <c>tenants/&lt;id&gt;.db</c>, checked before anything is copied: a name that is no tenant id, or a version the snapshots lack, is refused naming the file.</summary>
    private static List<TenantFile> ReadTenantFiles(string folder, SnapshotHistory history)
    {
        string tenantsFolder = Path.Combine(folder, "tenants");
        if (!Directory.Exists(tenantsFolder))
            return [];
        var tenants = new List<TenantFile>();
        var problems = new List<string>();
        foreach (string path in DatabaseFiles(tenantsFolder))
        {
            string id = Path.GetFileNameWithoutExtension(path);
            if (!TenantFiles.IsValid(id))
            {
                problems.Add($"tenant file '{path}': '{id}' is not a tenant id (a-z, 0-9, '-' and '_', at most {TenantFiles.MaxLength} characters)");
                continue;
            }
            try
            {
                (int version, DatabaseSchema schema) = CopyCommand.SchemaOf(history, path);
                tenants.Add(new TenantFile(id, path, version, schema));
            }
            catch (Exception e) when (e is CopyException or SqliteException)
            {
                problems.Add($"tenant '{id}' ('{path}'): {e.Message.Replace(" Nothing was copied.", "", StringComparison.Ordinal)}");
            }
        }
        if (problems.Count > 0)
            throw new CopyException(string.Join("; ", problems) + ". Nothing was copied.");
        return tenants;
    }

    /// <summary><c>--pin alice=pg2,bob=pg3</c>: each id a tenant file's, each server a listed one.</summary>
    private static Dictionary<string, string> Pins(string? value, List<TenantFile> tenants, Func<string, string, string> serverNamed)
    {
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
            return pins;
        foreach (string pin in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pin.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"--pin '{pin}': expected <id>=<server>");
            string id = pin[..equals].Trim();
            if (!tenants.Exists(t => t.Id == id))
                throw new UsageException($"--pin '{pin}': the folder has no tenant file tenants/{id}.db");
            if (!pins.TryAdd(id, serverNamed(pin[(equals + 1)..].Trim(), $"--pin '{pin}'")))
                throw new UsageException($"--pin: tenant '{id}' is pinned twice");
        }
        return pins;
    }

    /// <summary>
    /// Every tenant, <paramref name="perServer"/> times the number of servers at once (the policy spreads new tenants over
    /// the servers), and at most <paramref name="perServer"/> at once on a server known before the copy (a pinned tenant's,
    /// a placed one's). Each copy's progress lines are whole lines naming the tenant, and one line says each tenant done.
    /// </summary>
    /// <returns>The outcomes in the files' order.</returns>
    private static async Task<List<Outcome>> PlaceAllAsync(CommandContext context, List<(string Name, string ConnectionString)> listed, TenantPlacementPolicy policy,
        SnapshotHistory history, List<TenantFile> tenants, Dictionary<string, string> pins, bool replace, int perServer)
    {
        await using var servers = new TenantServers();
        foreach ((string name, string connectionString) in listed)
        {
            // The server's detail on a refused row (the key, the value) goes into the message, as for a file's copy.
            servers.Add(name, NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { IncludeErrorDetail = true }.ConnectionString));
        }
        CancellationToken cancellation = context.Cancellation;
        TenantDirectory directory = await TenantDirectory.OpenAsync(servers, listed[0].Name, Array.Empty<string>(), new TenantDirectoryOptions { Placement = policy }, cancellation);
        _ = history.PostgreSqlMigrations; // built once here, not by the copies at once

        int degree = perServer * listed.Count;
        // A copy runs synchronously on a pool thread (SQLite and the COPY are blocking calls): enough threads for all of
        // them and for the directory's asynchronous work between them.
        ThreadPool.GetMinThreads(out int workers, out int completions);
        ThreadPool.SetMinThreads(Math.Max(workers, degree + 2), completions);
        TextWriter progress = TextWriter.Synchronized(context.Error);
        using var all = new SemaphoreSlim(degree);
        Dictionary<string, SemaphoreSlim> gates = listed.ToDictionary(s => s.Name, _ => new SemaphoreSlim(perServer), StringComparer.Ordinal);
        var outcomes = new Outcome[tenants.Count];
        int done = 0;
        var doneLock = new Lock();
        try
        {
            await Task.WhenAll(tenants.Select((tenant, i) => Task.Run(async () =>
            {
                await all.WaitAsync(cancellation);
                SemaphoreSlim? gate = null;
                try
                {
                    string? pinned = pins.GetValueOrDefault(tenant.Id);
                    TenantLocation? placed = await LocatedAsync(directory, tenant.Id, cancellation);
                    if ((placed?.Server ?? pinned) is { } known && gates.TryGetValue(known, out SemaphoreSlim? serverGate))
                    {
                        await serverGate.WaitAsync(cancellation);
                        gate = serverGate;
                    }
                    outcomes[i] = await PlaceAsync(context, progress, directory, history, tenant, pinned, placed, replace);
                }
                catch (Exception e) when (e is CopyException or SqliteGenException or SqliteException or NpgsqlException or IOException or UsageException)
                {
                    outcomes[i] = new Outcome(tenant.Id, null, "failed", [], $"tenant '{tenant.Id}' ('{tenant.Path}'): {e.Message}");
                }
                finally
                {
                    gate?.Release();
                    all.Release();
                }
                Outcome outcome = outcomes[i];
                string where = outcome.Server is null ? "" : $" on server '{outcome.Server}'";
                lock (doneLock)
                    progress.WriteLine($"sqlitegen copy: tenant {tenant.Id}: {outcome.Result}{where} ({++done} of {tenants.Count} tenants done)");
            }, cancellation)));
        }
        finally
        {
            foreach (SemaphoreSlim gate in gates.Values)
                gate.Dispose();
        }
        return outcomes.ToList();
    }

    /// <summary>Where the directory has the tenant placed; null when it is not.</summary>
    private static async Task<TenantLocation?> LocatedAsync(TenantDirectory directory, string tenantId, CancellationToken cancellation)
    {
        try
        {
            return await directory.LocateAsync(tenantId, cancellation);
        }
        catch (TenantNotPlacedException)
        {
            return null;
        }
    }

    /// <summary>One tenant: placed with its copy as the fill; or, when placed already, checked against its file and skipped, refused, or replaced.</summary>
    private static async Task<Outcome> PlaceAsync(CommandContext context, TextWriter progress, TenantDirectory directory, SnapshotHistory history, TenantFile tenant,
        string? pinned, TenantLocation? placed, bool replace)
    {
        CancellationToken cancellation = context.Cancellation;
        using SqliteConnection source = CopyCommand.OpenSource(tenant.Path);
        var copy = new PostgresCopy(source, tenant.Path, history.DatabaseName, tenant.Schema, progress, cancellation)
        {
            PostgreSqlSteps = history.PostgreSqlMigrations,
            ProgressPrefix = $"sqlitegen copy: tenant {tenant.Id}: ",
        };
        IReadOnlyList<CopiedTable> tables = [];
        TenantFill fill = (connection, _, _) =>
        {
            tables = copy.CopyInto(connection, replace: false);
            return Task.CompletedTask;
        };

        if (placed is not { } location)
        {
            TenantLocation made = await directory.PlaceAsync(tenant.Id, pinned, fill, cancellation);
            return new Outcome(tenant.Id, made.Server, $"placed, version {tenant.Version}", tables, null);
        }
        if (pinned is not null && pinned != location.Server)
        {
            throw new CopyException($"it is placed on server '{location.Server}' already, not on '{pinned}' as --pin says: move it with 'sqlitegen tenant move {tenant.Id} --to {pinned}'. Nothing of it was changed.");
        }
        if (replace)
        {
            TenantLocation replaced = await directory.ReplaceAsync(tenant.Id, fill, cancellation);
            return new Outcome(tenant.Id, replaced.Server, $"replaced, version {tenant.Version}", tables, null);
        }
        bool matches;
        await using (TenantTransaction read = await directory.BeginReadAsync(tenant.Id, cancellation))
        {
            // The first read, the tenant's tables, carries the tenant's start; the checksums run in the transaction it began.
            var existing = new List<string>();
            await using (NpgsqlCommand listTables = PostgresCopy.TargetTablesCommand())
            await using (NpgsqlDataReader reader = await read.ExecuteReaderAsync(listTables, cancellation))
            {
                while (await reader.ReadAsync(cancellation))
                    existing.Add(reader.GetString(0));
            }
            matches = copy.Matches(read.Connection, existing);
        }
        if (!matches)
        {
            throw new CopyException($"it is placed on server '{location.Server}' already and differs from the file (row counts or checksums): run again with --replace to copy it again. Nothing of it was changed.");
        }
        return new Outcome(tenant.Id, location.Server, "there already, matches the file: skipped", [], null);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A kill during tenant moves driven through the generated view: a child process (<see cref="TenantViewWorker"/>) moves a
/// tenant between the three servers while it writes through <c>tenants.ForTenant(id)</c> (isolated and layered tables,
/// async, sync and in write transactions) and reads back what it was acknowledged, and is killed with SIGKILL at seeded
/// moments: after a seeded step of one of its moves plus a seeded few milliseconds, or a seeded time after it started.
/// After each kill, a fresh router (new data sources, a new directory instance) reads the tenant through its view; then,
/// by the servers' own catalogs, the tenant is whole on exactly one server, the one the directory names, and every write
/// in the child's ledger (appended after each acknowledged write) is there. The rounds run on one tenant, so each starts
/// from what the kill before left.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantViewKillTests(TenantCluster cluster, ITestOutputHelper output) : IDisposable
{
    private const string TenantId = "kim";
    private const int Rounds = 8;
    private const int Seed = 2121;

    /// <summary>A guard against a child or a recovery that hangs, not a measurement: no assertion depends on it.</summary>
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-tenant-view-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_child_writing_through_the_view_killed_with_sigkill_during_moves_leaves_the_tenant_whole_on_one_server_with_every_acknowledged_write()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        string baseConnection = cluster.A.CreateDatabase();
        string settings = Path.Combine(_folder, "settings");
        File.WriteAllLines(settings, [$"base = {baseConnection}", .. databases.Select(d => $"{d.Key} = {d.Value}")]);
        string ledger = Path.Combine(_folder, "ledger");
        await using (NpgsqlDataSource baseSource = NpgsqlDataSource.Create(baseConnection))
        {
            PatternsDb.PostgreSql db = await PatternsDb.OpenPostgreSqlAsync(baseSource);
            await db.Base.ResponsePatterns.InsertAsync(TenantViewWorker.Shared);
            await using TenantServers servers = TenantCluster.Servers(databases);
            PatternsDb.PostgreSql.TenantRouter tenants = await db.OpenTenantsAsync(servers, "a");
            await tenants.Directory.PlaceAsync(TenantId, "a");
        }

        var random = new Random(Seed);
        var kills = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            // Where this round kills: one round in four a seeded time after the child is ready, wherever it is then; the
            // others right after (a seeded 0-20 ms after) a seeded step of its first or second move.
            string killAfter;
            if (random.Next(4) == 0)
                killAfter = "ready";
            else
                killAfter = $"step {random.Next(2)} {(TenantMoveStep)random.Next(1, 7)}";
            int delay = killAfter == "ready" ? random.Next(300, 3000) : random.Next(0, 21);

            List<string> lines = await RunAndKillAsync(settings, ledger, seed: Seed + round, killAfter, delay);
            string lastStep = lines.LastOrDefault(line => line.StartsWith("step ", StringComparison.Ordinal)) ?? "no step";
            kills.Add($"round {round}: killed {delay} ms after '{killAfter}', last step seen '{lastStep}'");
            Assert.DoesNotContain(lines, line => line.StartsWith("wrong", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.Ordinal));

            await CheckWholeOnOneServerAsync(databases, baseConnection, ledger, string.Join("\n", kills));
        }
        (HashSet<string> notes, HashSet<string> patterns) = ReadLedger(ledger);
        output.WriteLine($"{notes.Count} notes and {patterns.Count} patterns acknowledged\n{string.Join("\n", kills)}");
        Assert.True(notes.Count > 0 && patterns.Count > 0, string.Join("\n", kills)); // the children did write between the kills
    }

    /// <summary>
    /// Starts the child, waits for the stdout line <paramref name="killAfter"/>, waits <paramref name="delay"/> ms and kills
    /// it with SIGKILL; returns every line it wrote.
    /// </summary>
    private static async Task<List<string>> RunAndKillAsync(string settings, string ledger, int seed, string killAfter, int delay)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true, // the child exits when this closes, so a dead test leaves no child behind
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "SqliteGen.PostgreSql.Tests.dll"), "tenant-view-worker", settings, TenantId, ledger, seed.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        using Process child = Process.Start(start)!;
        var errors = new StringBuilder();
        child.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
                errors.AppendLine(line.Data);
        };
        child.BeginErrorReadLine();

        var lines = new List<string>();
        var reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Blocking reads on a thread of their own: the lines must not wait for a busy thread pool.
        Task reading = Task.Factory.StartNew(() =>
        {
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null)
            {
                lock (lines)
                    lines.Add(line);
                if (line == killAfter)
                    reached.TrySetResult(true);
            }
            reached.TrySetResult(false);
        }, TaskCreationOptions.LongRunning);
        try
        {
            bool seen = await reached.Task.WaitAsync(Watchdog);
            if (!seen)
            {
                await child.WaitForExitAsync();
                Assert.Fail($"the child ended (exit code {child.ExitCode}) before '{killAfter}':\n{string.Join("\n", lines)}\n{errors}");
            }
            await Task.Delay(delay);
        }
        finally
        {
            child.Kill(); // SIGKILL: no finally block, no unlock, no rollback runs in the child
            await child.WaitForExitAsync();
        }
        await reading;
        Assert.True(child.ExitCode == 137, $"exit code {child.ExitCode}, not 128 + SIGKILL:\n{string.Join("\n", lines)}\n{errors}");
        return lines;
    }

    /// <summary>The ledger's complete lines: the slugs of the acknowledged notes and the keys of the acknowledged patterns.</summary>
    private static (HashSet<string> Notes, HashSet<string> Patterns) ReadLedger(string ledger)
    {
        string text = File.Exists(ledger) ? File.ReadAllText(ledger) : "";
        // A line is complete with its newline; a kill can cut only the last one.
        string[] lines = text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        HashSet<string> Of(string kind) => lines.Where(l => l.StartsWith(kind + " ", StringComparison.Ordinal)).Select(l => l[(kind.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        return (Of("note"), Of("pattern"));
    }

    private static async Task CheckWholeOnOneServerAsync(Dictionary<string, string> databases, string baseConnection, string ledger, string context)
    {
        (HashSet<string> notes, HashSet<string> patterns) = ReadLedger(ledger);
        await using NpgsqlDataSource baseSource = NpgsqlDataSource.Create(baseConnection);
        PatternsDb.PostgreSql db = await PatternsDb.OpenPostgreSqlAsync(baseSource);
        await using TenantServers servers = TenantCluster.Servers(databases);
        PatternsDb.PostgreSql.TenantRouter tenants = await db.OpenTenantsAsync(servers, "a", TenantCluster.ShortLockOptions);
        PatternsDb.PostgreSql.TenantView view = tenants.ForTenant(TenantId);

        (List<string> Notes, List<string> Patterns, string Shared) read = await ReadThroughAsync(view);
        Assert.Equal(TenantViewWorker.Shared.ResponseText, read.Shared);
        Assert.Empty(notes.Except(read.Notes));
        Assert.Empty(patterns.Except(read.Patterns));

        // Recovery (waiting for the dead mover's session to end) leaves exactly one copy, where the directory says.
        TenantLocation? recovered = await tenants.Directory.RecoverAsync(TenantId).WaitAsync(Watchdog);
        Assert.NotNull(recovered);
        string server = recovered.Value.Server;
        Assert.Equal("active", await TenantDirectoryTests.StateAsync(databases["a"], TenantId));
        long copies = 0;
        foreach (string connectionString in databases.Values)
            copies += await TenantCatalog.CopiesAsync(connectionString, TenantId);
        Assert.True(copies == 1, $"{copies} copies of the tenant after\n{context}");
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, TenantId, server, recovered.Value.Epoch, "after\n" + context);

        // Whole there, by that server's own rows, and the view reads exactly those.
        List<string> slugs = await ColumnAsync(databases[server], "user_notes", "slug");
        List<string> keys = await ColumnAsync(databases[server], "response_patterns", "fragment_id");
        Assert.Empty(notes.Except(slugs));
        Assert.Empty(patterns.Except(keys));
        Assert.Equal(slugs, view.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(keys, view.ResponsePatterns.Tenant.All().Select(p => p.FragmentId).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The tenant's notes and patterns and the base row, read through the view. While the dead child's session still holds
    /// its move (the server has not yet seen it go), the view may answer retryably busy: asked again, up to a bound.
    /// </summary>
    private static async Task<(List<string> Notes, List<string> Patterns, string Shared)> ReadThroughAsync(PatternsDb.PostgreSql.TenantView view)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return (view.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList(),
                    view.ResponsePatterns.Tenant.All().Select(p => p.FragmentId).Order(StringComparer.Ordinal).ToList(),
                    (await view.ResponsePatterns.GetAsync("shared")).ResponseText);
            }
            catch (TenantException e) when (e.IsRetryable && attempt < 600)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>One text column of a table in the tenant's live schema, read from the server itself, in ordinal order.</summary>
    private static async Task<List<string>> ColumnAsync(string connectionString, string table, string column)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT {column} FROM {TenantSchemaNames.Quote(TenantSchemaNames.Live(TenantId))}.{table} ORDER BY {column} COLLATE \"C\"", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}

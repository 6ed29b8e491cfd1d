using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// This assembly's entry point, for the tests that start it as a child process (<c>dotnet SqliteGen.PostgreSql.Tests.dll
/// tenant-view-worker ...</c>); the test runner loads the assembly as a library and never calls it.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["tenant-view-worker", string settings, string tenantId, string ledger, string seed])
            return TenantViewWorker.Run(settings, tenantId, ledger, int.Parse(seed, CultureInfo.InvariantCulture));
        Console.Error.WriteLine("usage: SqliteGen.PostgreSql.Tests tenant-view-worker SETTINGS TENANT LEDGER SEED");
        return 2;
    }
}

/// <summary>
/// The child of <see cref="TenantViewKillTests"/>: it moves one tenant from server to server while it writes and reads the
/// tenant through the generated view (<c>tenants.ForTenant(id)</c>), until it is killed. After each acknowledged write it
/// appends a line to the ledger file (<c>note SLUG</c>, <c>pattern ID</c>), so the test knows every write that returned.
/// On stdout: <c>ready</c>; <c>step MOVE STEP</c> after each step of its moves (numbered from 0); <c>moved MOVE SERVER</c>;
/// <c>wrong ...</c> when a read misses an acknowledged write or shows a wrong row; <c>error ...</c> for a failure that is
/// not one the view documents as retryable. It exits when its stdin closes (the test process died).
/// </summary>
internal static class TenantViewWorker
{
    /// <summary>The base row every tenant sees, which the child's layered reads check.</summary>
    public static readonly ResponsePattern Shared = new("shared", "when shared", "the shared answer", 0.5, "greet", 0);

    private static readonly string[] s_servers = ["a", "b", "c"];
    private static readonly object s_say = new();

    /// <summary>The settings file's <c>name = connection string</c> lines: <c>base</c> and the servers a, b and c.</summary>
    public static Dictionary<string, string> ReadSettings(string file) =>
        File.ReadAllLines(file).Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);

    public static int Run(string settingsFile, string tenantId, string ledgerFile, int seed)
    {
        new Thread(() =>
        {
            while (Console.In.Read() >= 0)
            {
            }
            Environment.Exit(4);
        }) { IsBackground = true }.Start();
        try
        {
            RunAsync(ReadSettings(settingsFile), tenantId, ledgerFile, seed).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception error)
        {
            Say($"error {error.GetType().Name}: {error.Message}");
            return 3;
        }
    }

    private static void Say(string line)
    {
        lock (s_say)
        {
            Console.Out.WriteLine(line.ReplaceLineEndings(" "));
            Console.Out.Flush();
        }
    }

    /// <summary>The acknowledged writes: appended to the ledger (one write call a line) and the last of each kind kept for the reader.</summary>
    private sealed class Ledger(StreamWriter file)
    {
        private readonly object _lock = new();

        public string? LastNote { get; private set; }

        public ResponsePattern? LastPattern { get; private set; }

        public void Note(string slug)
        {
            lock (_lock)
            {
                file.Write("note " + slug + "\n");
                LastNote = slug;
            }
        }

        public void Pattern(ResponsePattern pattern)
        {
            lock (_lock)
            {
                file.Write("pattern " + pattern.FragmentId + "\n");
                LastPattern = pattern;
            }
        }
    }

    private static async Task RunAsync(Dictionary<string, string> settings, string tenantId, string ledgerFile, int seed)
    {
        NpgsqlDataSource baseSource = NpgsqlDataSource.Create(settings["base"]);
        PatternsDb.PostgreSql db = await PatternsDb.OpenPostgreSqlAsync(baseSource);
        var servers = new TenantServers();
        foreach (string server in s_servers)
            servers.Add(server, NpgsqlDataSource.Create(settings[server]));
        int move = 0;
        var options = new TenantDirectoryOptions
        {
            WriteLockTimeout = TimeSpan.FromMilliseconds(200),
            AfterMoveStep = (_, step) =>
            {
                Say($"step {Volatile.Read(ref move)} {step}");
                return ValueTask.CompletedTask;
            },
        };
        PatternsDb.PostgreSql.TenantRouter tenants = await db.OpenTenantsAsync(servers, "a", options);
        using var file = new StreamWriter(new FileStream(ledgerFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var ledger = new Ledger(file);
        Say("ready");

        Task notes = Task.Run(async () =>
        {
            for (int i = 0; ; i++)
            {
                string slug = $"s{seed}-n{i}";
                if (await RetryableAsync(async () => await tenants.ForTenant(tenantId).UserNotes.InsertAsync(new UserNote(0, slug, "note " + i))))
                    ledger.Note(slug);
            }
        });
        // Synchronous writes on a thread of their own: layered inserts, and a write transaction of a note and a pattern.
        Task patterns = Task.Factory.StartNew(() =>
        {
            for (int i = 0; ; i++)
            {
                ResponsePattern pattern = new($"s{seed}-p{i}", "when " + i, $"w{seed}x{i} own answer", 0.5, "greet", i);
                PatternsDb.PostgreSql.TenantView view = tenants.ForTenant(tenantId);
                if (i % 3 == 2)
                {
                    string slug = $"s{seed}-t{i}";
                    if (Retryable(() => view.Write(tx =>
                    {
                        tx.UserNotes.Insert(new UserNote(0, slug, "in a transaction"));
                        tx.ResponsePatterns.Insert(pattern);
                    })))
                    {
                        ledger.Note(slug);
                        ledger.Pattern(pattern);
                    }
                }
                else if (Retryable(() => view.ResponsePatterns.Insert(pattern)))
                {
                    ledger.Pattern(pattern);
                }
            }
        }, TaskCreationOptions.LongRunning);
        // Reads of what was acknowledged before each read began: a note by its slug, a pattern by key and by a layered
        // search for its own word, and the base row through the layered table.
        Task reads = Task.Run(async () =>
        {
            while (true)
            {
                string? slug = ledger.LastNote;
                ResponsePattern? pattern = ledger.LastPattern;
                PatternsDb.PostgreSql.TenantView view = tenants.ForTenant(tenantId);
                await RetryableAsync(async () =>
                {
                    if (slug is not null && await view.UserNotes.FindBySlugAsync(slug) is null)
                        Say($"wrong: acknowledged note {slug} not found");
                });
                await RetryableAsync(async () =>
                {
                    ResponsePattern shared = await view.ResponsePatterns.GetAsync("shared");
                    if (shared != Shared)
                        Say($"wrong: the base row reads {shared}");
                });
                if (pattern is null)
                    continue;
                await RetryableAsync(async () =>
                {
                    if (await view.ResponsePatterns.FindAsync(pattern.FragmentId) != pattern)
                        Say($"wrong: acknowledged pattern {pattern.FragmentId} not found as written");
                });
                await RetryableAsync(async () =>
                {
                    string word = pattern.ResponseText.Split(' ')[0];
                    IReadOnlyList<TextMatch<ResponsePattern>> found = await view.ResponsePatterns.SearchAsync(word, 5);
                    if (!found.Any(m => m.Item == pattern))
                        Say($"wrong: the search for {word} did not find acknowledged pattern {pattern.FragmentId}");
                });
            }
        });
        Task moves = Task.Run(async () =>
        {
            var random = new Random(seed);
            for (int n = 0; ; n++)
            {
                await Task.Delay(random.Next(50, 300));
                string from = (await tenants.Directory.LocateAsync(tenantId)).Server;
                string to = s_servers[(Array.IndexOf(s_servers, from) + 1 + random.Next(2)) % s_servers.Length];
                Volatile.Write(ref move, n);
                await tenants.Directory.MoveAsync(tenantId, to);
                Say($"moved {n} {to}");
            }
        });
        await await Task.WhenAny(notes, patterns, reads, moves); // each runs until the process is killed; one that fails ends it
    }

    /// <summary>Runs <paramref name="operation"/>; false when it failed in a way the view documents as retryable (nothing written).</summary>
    private static bool Retryable(Action operation)
    {
        try
        {
            operation();
            return true;
        }
        catch (TenantException e) when (e.IsRetryable)
        {
            return false;
        }
    }

    /// <inheritdoc cref="Retryable"/>
    private static async Task<bool> RetryableAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (TenantException e) when (e.IsRetryable)
        {
            return false;
        }
    }
}

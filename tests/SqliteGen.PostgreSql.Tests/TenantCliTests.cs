using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Cli;
using SqliteGen.Cli.Migrations;
using SqliteGen.Generator.Schema;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <c>sqlitegen tenant list|where|move</c> against the three real servers, the tool run as a separate process for the
/// moves: tenants placed by a directory built from the shop history's snapshots, each with users and notes; a move's
/// result read from the servers' own catalogs and rows (the target's schema, rows and history equal the source's before
/// the move, no copy left on the source), and the errors for an unknown tenant, an unknown server, an unreachable one
/// and a bad servers file. Then the mover killed with SIGKILL after each step of a move (the tool waits there when
/// SQLITEGEN_TENANT_MOVE_PAUSE_AFTER names the step): recovery leaves the tenant whole on exactly one server, under its
/// live name, with no staging or retired copy left on any.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantCliTests(TenantCluster cluster) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-tenant-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Fresh databases, a servers file naming them (a first: it holds the directory), the shop's snapshots v1..v3.</summary>
    private (Dictionary<string, string> Databases, string Servers, string Snapshots) Setup()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        string servers = Path.Combine(_folder, "tenant-servers");
        File.WriteAllLines(servers, ["# the test's three servers", .. databases.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + " = " + d.Value), ""]);
        string snapshots = Path.Combine(_folder, "sqlitegen");
        Directory.CreateDirectory(snapshots);
        foreach (DatabaseSchema schema in MigrationSchemas.Shop().Take(3))
            File.WriteAllText(Path.Combine(snapshots, $"ShopDb.v{schema.Version}.json"), SnapshotJson.Write("ShopDb", schema));
        return (databases, servers, snapshots);
    }

    /// <summary>A directory as the application opens it: the snapshots' PostgreSQL steps make each tenant's schema.</summary>
    private static Task<TenantDirectory> OpenAsync(Dictionary<string, string> databases, string snapshots)
    {
        SnapshotHistory history = SnapshotHistory.Load(snapshots, "ShopDb");
        return TenantDirectory.OpenAsync(TenantCluster.Servers(databases), "a", history.DatabaseName, history.PostgreSqlMigrations);
    }

    /// <summary>Places <paramref name="tenantId"/> on <paramref name="server"/> with <paramref name="users"/> users, two notes each.</summary>
    private static async Task PlaceAsync(TenantDirectory directory, string tenantId, string server, int users)
    {
        await directory.PlaceAsync(tenantId, server);
        await using TenantTransaction transaction = await directory.BeginWriteAsync(tenantId);
        for (int i = 1; i <= users; i++)
        {
            await using (NpgsqlCommand user = transaction.CreateCommand("INSERT INTO users (id, email, name, age) VALUES ($1, $2, $3, $4)"))
            {
                user.Parameters.Add(new NpgsqlParameter { Value = (long)i });
                user.Parameters.Add(new NpgsqlParameter { Value = $"user{i}@{tenantId}.example" });
                user.Parameters.Add(new NpgsqlParameter { Value = "Name \"" + i + "\" 'quoted'" });
                user.Parameters.Add(new NpgsqlParameter { Value = (long)(20 + i) });
                await transaction.ExecuteNonQueryAsync(user);
            }
            for (int n = 0; n < 2; n++)
            {
                await using NpgsqlCommand note = transaction.CreateCommand("INSERT INTO notes (id, user_id, body) VALUES ($1, $2, $3)");
                note.Parameters.Add(new NpgsqlParameter { Value = (long)(i * 10 + n) });
                note.Parameters.Add(new NpgsqlParameter { Value = (long)i });
                note.Parameters.Add(new NpgsqlParameter { Value = $"note {n} of user {i}\nline two" });
                await transaction.ExecuteNonQueryAsync(note);
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>
    /// The tenant's schema on a server as that server reads it: every user and note row as text, in key order, and the
    /// history rows; empty when the server has no live schema of the tenant.
    /// </summary>
    internal static string Ledger(string connectionString, string tenantId)
    {
        using NpgsqlConnection connection = Catalog.Open(connectionString);
        using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Live(tenantId) });
            if ((long)exists.ExecuteScalar()! == 0)
                return "";
        }
        using (var path = new NpgsqlCommand("SELECT set_config('search_path', $1, false)", connection))
        {
            path.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Quote(TenantSchemaNames.Live(tenantId)) });
            path.ExecuteNonQuery();
        }
        var lines = new List<string>();
        foreach (string sql in (string[])[
            "SELECT u::text FROM users u ORDER BY id",
            "SELECT n::text FROM notes n ORDER BY id",
            "SELECT h::text FROM sqlitegen_migrations h ORDER BY version",
        ])
        {
            using var command = new NpgsqlCommand(sql, connection);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(reader.GetString(0));
        }
        return string.Join("\n", lines);
    }

    private static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SqliteGenCli.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The built tool as a process, as a shell runs it, with <paramref name="environment"/> added.</summary>
    internal static ProcessStartInfo Tool(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SqliteGen.Cli.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        foreach ((string name, string value) in environment)
            start.Environment[name] = value;
        return start;
    }

    [Fact]
    public async Task The_tool_moves_a_tenant_whole_to_another_server_and_list_and_where_show_it()
    {
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        TenantDirectory directory = await OpenAsync(databases, snapshots);
        await PlaceAsync(directory, "alice", "a", users: 40);
        await PlaceAsync(directory, "bob", "b", users: 3);
        string before = Ledger(databases["a"], "alice");
        Assert.Contains("user40@alice.example", before);

        CliResult list = Run("tenant", "list", "--servers", servers);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Equal(["tenant  server  schema   epoch  state", "alice   a       t_alice      1  active", "bob     b       t_bob        1  active",
            "2 tenants in the directory on 'a'"], list.Out.TrimEnd('\n').Split('\n'));

        using Process process = Process.Start(Tool(new Dictionary<string, string>(), "tenant", "move", "alice", "--to", "c", "--servers", servers, "--snapshots", snapshots))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string progress = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, progress);
        Assert.Equal("moved alice from server a to c (schema t_alice, epoch 1 -> 2), verified by row counts and checksums\n", await output);
        Assert.Equal(Enumerable.Range(1, 6).Select(step => $"tenant move: alice: step {step} of 6, "), progress.TrimEnd('\n').Split('\n').Select(line => line[..(line.IndexOf(',', StringComparison.Ordinal) + 2)]));

        // The servers' own rows: the whole tenant on c, history included; no copy of it left on a.
        Assert.Equal(before, Ledger(databases["c"], "alice"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["a"], "alice"));
        Assert.Equal(1, await TenantCatalog.CopiesAsync(databases["c"], "alice"));
        Assert.Equal("alice: server c, schema t_alice, epoch 2\n", Run("tenant", "where", "alice", "--servers", servers).Out);
        directory.Invalidate("alice");
        Assert.Equal(("c", 2L), ((await directory.LocateAsync("alice")).Server, (await directory.LocateAsync("alice")).Epoch));

        CliResult again = Run("tenant", "move", "alice", "--to", "c", "--servers", servers, "--snapshots", snapshots);
        Assert.Equal((0, "alice is on server c already: nothing to move\n"), (again.ExitCode, again.Out));
    }

    [Fact]
    public async Task Unknown_tenants_and_servers_unreachable_servers_and_bad_server_files_are_clear_errors()
    {
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        TenantDirectory directory = await OpenAsync(databases, snapshots);
        await PlaceAsync(directory, "alice", "b", users: 2);
        string before = Ledger(databases["b"], "alice");

        CliResult unknownTenant = Run("tenant", "move", "nobody", "--to", "c", "--servers", servers, "--snapshots", snapshots);
        Assert.Equal((1, "sqlitegen tenant: tenant 'nobody' is not in the tenant directory on server 'a' ('sqlitegen tenant list' lists the tenants).\n"),
            (unknownTenant.ExitCode, unknownTenant.Error));
        CliResult unknownServer = Run("tenant", "move", "alice", "--to", "z", "--servers", servers, "--snapshots", snapshots);
        Assert.Equal(2, unknownServer.ExitCode);
        Assert.StartsWith($"sqlitegen tenant: no server named 'z' in {servers} (its servers: a, b, c)", unknownServer.Error, StringComparison.Ordinal);
        CliResult badId = Run("tenant", "where", "Alice;DROP", "--servers", servers);
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("'Alice;DROP' is not a valid tenant id", badId.Error);
        Assert.Equal(2, Run("tenant", "list", "alice", "--servers", servers).ExitCode);
        Assert.Equal(2, Run("tenant", "move", "alice", "--servers", servers).ExitCode);

        string missing = Path.Combine(_folder, "nothing-here");
        CliResult noFile = Run("tenant", "list", "--servers", missing);
        Assert.Equal((3, $"sqlitegen tenant: the servers file '{missing}' does not exist (one '<name> = <connection string>' a line; see 'sqlitegen tenant --help').\n"),
            (noFile.ExitCode, noFile.Error));
        string bad = Path.Combine(_folder, "bad-servers");
        File.WriteAllLines(bad, ["a = " + databases["a"], "", "b"]);
        CliResult badLine = Run("tenant", "list", "--servers", bad);
        Assert.Equal(2, badLine.ExitCode);
        Assert.StartsWith($"sqlitegen tenant: {bad} line 3: expected '<name> = <connection string>'", badLine.Error, StringComparison.Ordinal);

        cluster.C.Stop();
        CliResult unreachable;
        try
        {
            unreachable = Run("tenant", "move", "alice", "--to", "c", "--servers", servers, "--snapshots", snapshots);
        }
        finally
        {
            cluster.C.Restart();
        }
        Assert.Equal(1, unreachable.ExitCode);
        // stderr holds the move's progress lines up to the failing step, then the error.
        string failure = unreachable.Error.Split('\n').Single(line => line.StartsWith("sqlitegen tenant: ", StringComparison.Ordinal));
        Assert.StartsWith("sqlitegen tenant: Moving tenant 'alice' from server 'b' to 'c': server 'c' cannot be reached (", failure, StringComparison.Ordinal);
        Assert.EndsWith("). The move is undone; the tenant stays on 'b'.", failure, StringComparison.Ordinal);
        Assert.EndsWith(failure + "\n", unreachable.Error, StringComparison.Ordinal);
        // The failed move was undone: alice is whole on b, active, and nothing of her is on c.
        Assert.Equal("alice: server b, schema t_alice, epoch 1\n", Run("tenant", "where", "alice", "--servers", servers).Out);
        Assert.Equal(before, Ledger(databases["b"], "alice"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["c"], "alice"));
        Assert.Contains("alice   b       t_alice      1  active", Run("tenant", "list", "--servers", servers).Out);
    }

    [Fact]
    public async Task List_and_where_on_a_server_without_a_directory_create_an_empty_one()
    {
        (Dictionary<string, string> databases, string servers, _) = Setup();
        const string directoryTable = "SELECT count(*) FROM pg_tables WHERE tablename = 'sqlitegen_tenants'";
        Assert.Equal(0L, await TenantDirectoryTests.ScalarAsync(databases["a"], directoryTable));

        CliResult list = Run("tenant", "list", "--servers", servers);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Equal("tenant  server  schema  epoch  state\n0 tenants in the directory on 'a'\n", list.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(1L, await TenantDirectoryTests.ScalarAsync(databases["a"], directoryTable));
        Assert.Equal(0L, await TenantDirectoryTests.ScalarAsync(databases["b"], directoryTable));

        CliResult where = Run("tenant", "where", "zoe", "--servers", servers);
        Assert.Equal(1, where.ExitCode);
        Assert.Equal("sqlitegen tenant: tenant 'zoe' is not in the tenant directory on server 'a' ('sqlitegen tenant list' lists the tenants).\n", where.Error);
        Assert.Equal("", where.Out);
    }

    [Theory]
    [InlineData("marked", "a")]
    [InlineData("writes-blocked", "a")]
    [InlineData("copied", "a")]
    [InlineData("retired", "b")]
    [InlineData("switched", "b")]
    [InlineData("removed", "b")]
    public async Task A_mover_killed_with_sigkill_after_any_step_leaves_the_tenant_whole_on_exactly_one_server(string step, string expectedServer)
    {
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        TenantDirectory directory = await OpenAsync(databases, snapshots);
        await PlaceAsync(directory, "erin", "a", users: 25);
        string ledger = Ledger(databases["a"], "erin");

        using Process mover = Process.Start(Tool(new Dictionary<string, string> { ["SQLITEGEN_TENANT_MOVE_PAUSE_AFTER"] = step },
            "tenant", "move", "erin", "--to", "b", "--servers", servers, "--snapshots", snapshots))!;
        try
        {
            // The tool says when it waits after the step: the step's work is done (committed) and the next not begun.
            // Read on a thread of its own with blocking reads (the pipe's lines must not wait for a busy thread pool).
            var seen = new List<string>();
            string? line = await Task.Factory.StartNew(() =>
            {
                string? read;
                while ((read = mover.StandardError.ReadLine()) is not null && !read.StartsWith("tenant move: paused after", StringComparison.Ordinal))
                    seen.Add(read);
                return read;
            }, TaskCreationOptions.LongRunning);
            // The mover's stdout ends only when the mover does: read it only once it has ended without pausing.
            if (line is null)
                Assert.Fail("the mover ended without pausing: " + string.Join("\n", seen) + await mover.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            mover.Kill(); // SIGKILL: no finally block, no unlock, no rollback runs in the mover
            await mover.WaitForExitAsync();
        }
        Assert.Equal(137, mover.ExitCode); // 128 + SIGKILL, as the runtime reports a killed child

        // Another process's view: recovery waits for the dead mover's session (and its locks) to end, then finishes or undoes.
        TenantDirectory restarted = await OpenAsync(databases, snapshots);
        TenantLocation? recovered = await restarted.RecoverAsync("erin");
        Assert.Equal(expectedServer, recovered?.Server);
        Assert.Equal(expectedServer, (await restarted.LocateAsync("erin")).Server);
        Assert.Equal("active", await TenantDirectoryTests.StateAsync(databases["a"], "erin"));
        long copies = 0;
        foreach (string connectionString in databases.Values)
            copies += await TenantCatalog.CopiesAsync(connectionString, "erin");
        Assert.Equal(1, copies);
        Assert.Equal(ledger, Ledger(databases[expectedServer], "erin"));
        // By the catalogs: no staging or retired copy left, the live name only on the directory's server.
        long epoch = recovered!.Value.Epoch;
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, "erin", expectedServer, epoch);

        // And the tool finishes the job from there.
        CliResult move = Run("tenant", "move", "erin", "--to", "c", "--servers", servers, "--snapshots", snapshots);
        Assert.True(move.ExitCode == 0, move.Error);
        Assert.Equal(ledger, Ledger(databases["c"], "erin"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["a"], "erin") + await TenantCatalog.CopiesAsync(databases["b"], "erin"));
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, "erin", "c", epoch + 1);
    }
}

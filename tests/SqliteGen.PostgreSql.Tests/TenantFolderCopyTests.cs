using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <c>sqlitegen copy &lt;folder&gt;</c> of a tenant folder the generated SQLite code wrote (PatternsDb: a base file with
/// shared topics and base patterns, and tenants/&lt;id&gt;.db with each tenant's own patterns, embeddings and notes)
/// onto the three real servers. The oracle is each tenant read back from its schema on the server the directory names
/// and compared row by row with its SQLite file (<see cref="SourceComparison"/>), the base likewise, the directory's
/// spread counted in the servers' own catalogs; then a second run (skipped), a changed file (refused, then
/// <c>--replace</c>), a tenant whose row PostgreSQL cannot hold (named by its file, not placed, the others placed) and
/// bad tenant files (refused before anything is copied).
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantFolderCopyTests(TenantCluster cluster) : IDisposable
{
    private static readonly string[] Tenants = ["alice", "bob", "carol", "dave", "erin"];

    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-tenant-copy-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Data => Path.Combine(_folder, "data");

    private string TenantFile(string id) => Path.Combine(Data, "tenants", id + ".db");

    /// <summary>The base and one file per tenant (<see cref="Tenants"/> unless named), written by the generated code; each tenant's rows differ.</summary>
    private string WriteFolder(string[]? tenants = null)
    {
        string[] ids = tenants ?? Tenants;
        Directory.CreateDirectory(Data);
        string basePath = Path.Combine(Data, "patterns.db");
        using (PatternsDb db = PatternsDb.Open(basePath))
        {
            db.Topics.Insert(new Topic("sqlite", "SQLite"));
            db.Topics.Insert(new Topic("pg", "PostgreSQL \"quoted\" 'text'"));
            db.Base.ResponsePatterns.InsertMany(Enumerable.Range(0, 50).Select(i => Pattern("base" + i, "shared " + i, i)));
            for (int t = 0; t < ids.Length; t++)
            {
                using PatternsDb.TenantView tenant = db.ForTenant(ids[t]);
                tenant.ResponsePatterns.InsertMany(Enumerable.Range(0, 10 * (t + 1)).Select(i => Pattern($"{ids[t]}{i}", $"{ids[t]}'s own 🦀 {i}", i)));
                tenant.ResponsePatterns.Insert(Pattern("base0", "overrides the base row", 99)); // a tenant row hiding a base row
                for (int n = 0; n < t + 2; n++)
                    tenant.UserNotes.Insert(new UserNote(0, $"note-{n}", $"{ids[t]} note {n}\nsecond line"));
                tenant.UserNotes.Delete(1); // AUTOINCREMENT remembers the id
            }
        }
        SqliteConnection.ClearAllPools();
        return basePath;
    }

    private static ResponsePattern Pattern(string id, string text, int i) =>
        new(id, "when " + id, text, i / 8.0, i % 2 == 0 ? "greet" : "explain", i, i % 3 == 0 ? null : [i, -i, 0.5f]);

    /// <summary>Fresh databases on a, b and c, a servers file naming them (a first), the snapshots.</summary>
    private (Dictionary<string, string> Databases, string Servers, string Snapshots) Setup()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        string servers = Path.Combine(_folder, "tenant-servers");
        File.WriteAllLines(servers, databases.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + " = " + d.Value));
        return (databases, servers, GeneratedSchemas.WriteSnapshots(_folder, "PatternsDb"));
    }

    private static CliResult Copy(string folder, string servers, string snapshots, params string[] more) =>
        CliResult.Of(["copy", folder, "--servers", servers, "--snapshots", snapshots, .. more]);

    /// <summary>A connection to the tenant's server with <c>search_path</c> at its schema, where the directory says it lives.</summary>
    private static async Task<NpgsqlConnection> OpenTenantAsync(Dictionary<string, string> databases, string tenantId)
    {
        TenantDirectory directory = await TenantCluster.OpenAsync(databases, ddl: []);
        TenantLocation location = await directory.LocateAsync(tenantId);
        var connection = new NpgsqlConnection(databases[location.Server]);
        await connection.OpenAsync();
        await using var path = new NpgsqlCommand("SELECT set_config('search_path', $1, false)", connection);
        path.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Quote(location.Schema) });
        await path.ExecuteScalarAsync();
        return connection;
    }

    /// <summary>Every row of the tenant's file against its schema on PostgreSQL; returns the rows compared.</summary>
    private async Task<long> CompareTenantAsync(Dictionary<string, string> databases, string tenantId)
    {
        await using NpgsqlConnection connection = await OpenTenantAsync(databases, tenantId);
        return SourceComparison.Compare(TenantFile(tenantId), connection, GeneratedSchemas.Of("PatternsDb"));
    }

    private static async Task<Dictionary<string, string>> PlacementsAsync(Dictionary<string, string> databases)
    {
        TenantDirectory directory = await TenantCluster.OpenAsync(databases, ddl: []);
        IReadOnlyList<TenantDirectoryEntry> entries = await directory.ListAsync();
        Assert.All(entries, e => Assert.Equal("active", e.State));
        return entries.ToDictionary(e => e.TenantId, e => e.Server, StringComparer.Ordinal);
    }

    [Fact]
    public async Task The_base_and_every_tenant_are_copied_placed_by_the_policy_and_read_back_as_their_files()
    {
        string basePath = WriteFolder();
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();

        CliResult result = Copy(Data, servers, snapshots, "--pin", "alice=c");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Contains("5 of 5 tenants placed and verified.", result.Out);
        Assert.Contains("sqlitegen copy: tenant carol: user_notes", result.Error); // progress names the tenant

        // Where each tenant went, as the directory says and as the servers' catalogs show: alice pinned to c, the others
        // by fewest tenants (a, b, a, b, with c holding alice), so no server holds two more than another.
        Dictionary<string, string> placed = await PlacementsAsync(databases);
        Assert.Equal(Tenants, placed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("c", placed["alice"]);
        long[] perServer = await Task.WhenAll(databases.Values.Select(TenantCatalog.LiveTenantSchemasAsync));
        Assert.Equal(5, perServer.Sum());
        Assert.True(perServer.Max() - perServer.Min() <= 1, string.Join(", ", perServer));
        foreach (string id in Tenants)
            Assert.Equal(1L, await TenantCatalog.CopiesAsync(databases[placed[id]], id));

        // Each tenant, row by row, against its own file (its patterns, the one hiding a base row, notes, embeddings).
        for (int t = 0; t < Tenants.Length; t++)
            Assert.Equal(10 * (t + 1) + 1 + (t + 1), await CompareTenantAsync(databases, Tenants[t]));
        // The base on a (the first server), in its default schema, beside the directory's table.
        await using (NpgsqlConnection a = Catalog.Open(databases["a"]))
        {
            Assert.Equal(52, SourceComparison.Compare(basePath, a, GeneratedSchemas.Of("PatternsDb")));
            Assert.Contains("sqlitegen_tenants", Catalog.Tables(a));
        }

        // A tenant's identity continues past the ids its file handed out (note 1 was deleted after SQLite gave it out).
        await using (NpgsqlConnection erin = await OpenTenantAsync(databases, "erin"))
        {
            await using var insert = new NpgsqlCommand("INSERT INTO user_notes (slug, text) VALUES ('new', 'x') RETURNING note_id", erin);
            Assert.Equal(7L, await insert.ExecuteScalarAsync());
            // The history came along with the PostgreSQL steps' checksums.
            Assert.Equal(1L, Catalog.Long(erin, "SELECT count(*) FROM sqlitegen_migrations WHERE version = 1"));
        }
    }

    [Fact]
    public async Task A_second_run_skips_what_matches_refuses_a_tenant_that_differs_and_replace_copies_it_again()
    {
        WriteFolder();
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        Assert.Equal(0, Copy(Data, servers, snapshots).ExitCode);
        Dictionary<string, string> first = await PlacementsAsync(databases);

        CliResult again = Copy(Data, servers, snapshots);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("the base is on server 'a' already and matches the file", again.Out);
        Assert.Equal(Tenants.Length, again.Out.Split('\n').Count(l => l.Contains("matches the file: skipped", StringComparison.Ordinal)));
        Assert.Equal(Show(first), Show(await PlacementsAsync(databases)));

        CopyTests.OnFile(TenantFile("bob"), "INSERT INTO user_notes (slug, text) VALUES ('later', 'written after the copy')");
        CliResult differs = Copy(Data, servers, snapshots);
        Assert.Equal(1, differs.ExitCode);
        Assert.Contains($"tenant 'bob' ('{TenantFile("bob")}'): it is placed on server '{first["bob"]}' already and differs from the file", differs.Error);
        Assert.Contains("--replace", differs.Error);
        await using (NpgsqlConnection bob = await OpenTenantAsync(databases, "bob"))
            Assert.Equal(2L, Catalog.Long(bob, "SELECT count(*) FROM user_notes")); // unchanged: 3 written, 1 deleted

        CliResult replaced = Copy(Data, servers, snapshots, "--replace");
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Contains("replaced, version 1", replaced.Out);
        Assert.Equal(Show(first), Show(await PlacementsAsync(databases))); // in place: no tenant moved
        Assert.Equal(20 + 1 + 3, await CompareTenantAsync(databases, "bob"));
    }

    [Fact]
    public async Task A_tenant_whose_row_PostgreSQL_cannot_hold_is_named_by_its_file_and_not_placed_and_the_others_are()
    {
        WriteFolder();
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        Assert.Equal(1, CopyTests.OnFile(TenantFile("carol"), "UPDATE user_notes SET text = 'a' || char(0) || 'b' WHERE slug = 'note-2'"));

        CliResult result = Copy(Data, servers, snapshots);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"tenant 'carol' ('{TenantFile("carol")}'): table user_notes, row (note_id = 3), column text: holds a NUL character", result.Error);
        Assert.Contains("4 of 5 tenants placed and verified; 1 failed and are not in the directory: carol.", result.Out);
        Dictionary<string, string> placed = await PlacementsAsync(databases);
        Assert.False(placed.ContainsKey("carol"));
        foreach (string connectionString in databases.Values)
            Assert.Equal(0L, await TenantCatalog.CopiesAsync(connectionString, "carol")); // no schema of it anywhere
        Assert.Equal(10 + 1 + 1, await CompareTenantAsync(databases, "alice"));

        // Mended, the next run places carol and leaves the others as they are.
        CopyTests.OnFile(TenantFile("carol"), "UPDATE user_notes SET text = 'mended' WHERE slug = 'note-2'");
        CliResult again = Copy(Data, servers, snapshots);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(30 + 1 + 3, await CompareTenantAsync(databases, "carol"));
        Assert.Equal(Show(placed), Show((await PlacementsAsync(databases)).Where(p => p.Key != "carol").ToDictionary(p => p.Key, p => p.Value)));
    }

    /// <summary>
    /// Twenty tenants over the three servers, copied several at once (two per server): each placed, verified and read back
    /// row by row as its file holds it, whatever order the copies ran in; one whose row PostgreSQL cannot hold is named and
    /// left out, the others placed; one line on stderr says each tenant done, numbered 1 to 20.
    /// </summary>
    [Fact]
    public async Task Twenty_tenants_are_copied_several_at_once_each_verified_and_a_broken_one_is_named_and_left_out()
    {
        string[] many = Enumerable.Range(0, 20).Select(i => "t" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        WriteFolder(many);
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        Assert.Equal(1, CopyTests.OnFile(TenantFile("t07"), "UPDATE user_notes SET text = 'a' || char(0) || 'b' WHERE slug = 'note-3'"));

        CliResult result = Copy(Data, servers, snapshots, "--tenants-per-server", "2");
        Assert.True(result.ExitCode == 1, result.Error + result.Out);
        Assert.Contains($"tenant 't07' ('{TenantFile("t07")}'): table user_notes, row (note_id = 4), column text: holds a NUL character", result.Error);
        Assert.Contains("19 of 20 tenants placed and verified; 1 failed and are not in the directory: t07.", result.Out);

        // One whole line per tenant done, numbered 1 to 20 in the order they finished.
        List<System.Text.RegularExpressions.Match> done = result.Error.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^sqlitegen copy: tenant (?<id>t\d\d): (?<what>.+) \((?<n>\d+) of 20 tenants done\)$"))
            .Where(m => m.Success).ToList();
        Assert.Equal(many, done.Select(m => m.Groups["id"].Value).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 20), done.Select(m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("failed", done.Single(m => m.Groups["id"].Value == "t07").Groups["what"].Value);

        Dictionary<string, string> placed = await PlacementsAsync(databases);
        Assert.Equal(many.Where(id => id != "t07"), placed.Keys.Order(StringComparer.Ordinal));
        long[] perServer = await Task.WhenAll(databases.Values.Select(TenantCatalog.LiveTenantSchemasAsync));
        Assert.Equal(19, perServer.Sum());
        Assert.All(perServer, n => Assert.True(n > 0, string.Join(", ", perServer))); // the policy spread them over every server
        foreach (string connectionString in databases.Values)
            Assert.Equal(0L, await TenantCatalog.CopiesAsync(connectionString, "t07"));
        for (int t = 0; t < many.Length; t++)
        {
            if (many[t] == "t07")
                continue;
            Assert.Equal(1L, await TenantCatalog.CopiesAsync(databases[placed[many[t]]], many[t]));
            Assert.Equal(10 * (t + 1) + 1 + (t + 1), await CompareTenantAsync(databases, many[t]));
        }
    }

    [Theory]
    [InlineData("Not An Id", null, "is not a tenant id")]
    [InlineData("frank", "PRAGMA user_version = 2", "is at version 2 of PatternsDb, but the snapshots go up to version 1")]
    public async Task A_bad_tenant_file_is_named_and_nothing_is_copied(string name, string? damage, string why)
    {
        WriteFolder();
        (Dictionary<string, string> databases, string servers, string snapshots) = Setup();
        string bad = Path.Combine(Data, "tenants", name + ".db");
        File.Copy(TenantFile("alice"), bad);
        if (damage is not null)
            CopyTests.OnFile(bad, damage);

        CliResult result = Copy(Data, servers, snapshots);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(bad, result.Error);
        Assert.Contains(why, result.Error);
        Assert.Contains("Nothing was copied", result.Error);
        foreach (string connectionString in databases.Values)
        {
            await using NpgsqlConnection connection = Catalog.Open(connectionString);
            Assert.Empty(Catalog.Tables(connection)); // not the base, not the directory
            Assert.Equal(0L, await TenantCatalog.LiveTenantSchemasAsync(connectionString));
        }
    }

    [Fact]
    public void A_folder_with_a_connection_or_a_file_with_servers_is_a_usage_error()
    {
        string basePath = WriteFolder();
        CliResult folderAndConnection = CliResult.Of(["copy", Data, "Host=127.0.0.1"]);
        Assert.Equal(2, folderAndConnection.ExitCode);
        Assert.Contains("a tenant folder is copied to the servers of --servers", folderAndConnection.Error);
        CliResult fileAndServers = CliResult.Of(["copy", basePath, "--servers", "x"]);
        Assert.Equal(2, fileAndServers.ExitCode);
        Assert.Contains("--servers is for a tenant folder", fileAndServers.Error);
        CliResult noTenantsAtOnce = CliResult.Of(["copy", Data, "--servers", "x", "--tenants-per-server", "0"]);
        Assert.Equal(2, noTenantsAtOnce.ExitCode);
        Assert.Contains("--tenants-per-server must be a positive whole number, not '0'", noTenantsAtOnce.Error);
    }

    private static string Show(Dictionary<string, string> placements) =>
        string.Join(", ", placements.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " on " + p.Value));
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A tenant's generated reads go alone: one statement, the table qualified with the tenant's schema, no start and no mark
/// check (docs/tenancy.md, "Reads"). What makes that safe is that a schema of the tenant's live name exists only where the
/// directory places the tenant; these tests read through places that are stale in every way a process can hold one, and
/// check each answer against the rows the servers' own tables hold.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantReadAloneTests(TenantCluster cluster)
{
    /// <summary>
    /// Keywords and double quotes in the table's name (<see cref="OddNamesDb"/>): the schema goes in front of the quoted
    /// name, and every read method (sync and async) returns what the tenant's schema holds, read by this test's own SQL.
    /// </summary>
    [Fact]
    public async Task Reads_of_tables_named_with_keywords_and_quotes_read_the_tenants_schema()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        await using TenantServers servers = TenantCluster.Servers(databases);
        await using NpgsqlDataSource @base = NpgsqlDataSource.Create(cluster.A.CreateDatabase());
        OddNamesDb.PostgreSql database = await OddNamesDb.OpenPostgreSqlAsync(@base);
        OddNamesDb.PostgreSql.TenantRouter tenants = await database.OpenTenantsAsync(servers, "a", TenantCluster.ShortLockOptions);
        await tenants.Directory.PlaceAsync("ola", "b");
        OddNamesDb.PostgreSql.TenantView ola = tenants.ForTenant("ola");

        database.Base.Orders.Insert(new OddOrder(1, "base", "base one"));
        database.Base.Orders.Insert(new OddOrder(2, "base", "base two"));
        ola.Orders.Insert(new OddOrder(2, "own", "own two"));
        ola.Orders.Insert(new OddOrder(3, "own", "own three"));
        ola.Quoted.Insert(new OddQuoted("k1", "text one"));

        var read = new List<string>
        {
            "get 1: " + ola.Orders.Get(1).Text,
            "get 2: " + ola.Orders.Get(2).Text,
            "get 3 async: " + (await ola.Orders.GetAsync(3)).Text,
            "tenant count: " + ola.Orders.Tenant.Count(),
            "tenant count async: " + await ola.Orders.Tenant.CountAsync(),
            "tenant all: " + string.Join(", ", ola.Orders.Tenant.All().Select(o => o.Id)),
            "tenant by select: " + string.Join(", ", ola.Orders.Tenant.FindBySelect("own").Select(o => o.Id).Order()),
            "quoted get: " + ola.Quoted.Get("k1").Text,
            "quoted by text async: " + (await ola.Quoted.FindByTextAsync("text one"))?.@class,
            "quoted find missing: " + (ola.Quoted.Find("k2") is null ? "null" : "found"),
        };

        Assert.Equal(
        [
            "get 1: base one", "get 2: own two", "get 3 async: own three", "tenant count: 2", "tenant count async: 2", "tenant all: 2, 3",
            "tenant by select: 2, 3", "quoted get: text one", "quoted by text async: k1", "quoted find missing: null",
        ], read);
        // The oracle: b's tables, read by name with this test's own SQL.
        string schema = TenantSchemaNames.Quote(TenantSchemaNames.Live("ola"));
        Assert.Equal(["own two", "own three"], await TextsAsync(databases["b"], $"SELECT \"naïve ünïcode\" FROM {schema}.\"order\" ORDER BY id"));
        Assert.Equal(["text one"], await TextsAsync(databases["b"], $"SELECT \"a \"\"quoted\"\" col\" FROM {schema}.\"my \"\"quoted\"\" table\""));
    }

    /// <summary>
    /// A tenant moved away and back by another directory: this router's place names the right server with an old epoch.
    /// Its reads find the live copy there (the row written after the moves); its write's mark check sees the epoch moved
    /// and is sent again at the place the directory gives now, the same server; one copy of the tenant, on that server.
    /// </summary>
    [Fact]
    public async Task A_tenant_moved_away_and_back_by_another_directory_is_read_from_its_live_copy_with_an_old_epoch_cached()
    {
        await using TenantRoutingTests.Routing routing = await TenantRoutingTests.Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("amy", "a");
        PatternsDb.PostgreSql.TenantView amy = routing.Tenants.ForTenant("amy");
        await amy.UserNotes.InsertAsync(new UserNote(0, "before", "written at epoch 1"));
        Assert.Equal(("a", 1L), Place(await routing.Tenants.Directory.LocateAsync("amy")));

        await using (TenantServers servers = TenantCluster.Servers(routing.Databases))
        {
            TenantDirectory other = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, TenantCluster.ShortLockOptions);
            await other.MoveAsync("amy", "b");
            await other.MoveAsync("amy", "a");
            Assert.Equal(("a", 3L), Place(await other.LocateAsync("amy")));
            await using TenantTransaction write = await other.BeginWriteAsync("amy");
            await using NpgsqlCommand insert = write.CreateCommand("INSERT INTO user_notes (slug, text) VALUES ('moved', 'written at epoch 3')");
            await write.ExecuteNonQueryAsync(insert);
            await write.CommitAsync();
        }

        Assert.Equal(("a", 1L), Place(await routing.Tenants.Directory.LocateAsync("amy"))); // cached, stale epoch
        Assert.Equal("written at epoch 3", amy.UserNotes.FindBySlug("moved")?.Text);
        Assert.Equal(["before", "moved"], amy.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList());
        await amy.UserNotes.InsertAsync(new UserNote(0, "after", "written by the stale router"));
        Assert.Equal(("a", 3L), Place(await routing.Tenants.Directory.LocateAsync("amy")));

        Assert.Equal(1, await TenantCatalog.CopiesAsync(routing.Databases["a"], "amy"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["b"], "amy"));
        Assert.Equal(["after", "before", "moved"], await TenantRoutingTests.SlugsAsync(routing.Databases["a"], "amy"));
    }

    /// <summary>
    /// The case the staging name is for. This router last saw the tenant on b; another directory moved it to a, then began
    /// moving it back to b and died after its copy on b was committed (its locks gone with it, so a takes writes again).
    /// A row written on a after that must be what this router reads: the copy the dead move left on b is not under the
    /// tenant's live name, so the read finds no schema on b, looks the tenant up (recovering the move) and reads a.
    /// </summary>
    [Fact]
    public async Task A_read_through_a_place_where_a_dead_move_left_its_copy_reads_the_tenants_live_rows()
    {
        await using TenantRoutingTests.Routing routing = await TenantRoutingTests.Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("bea", "b");
        PatternsDb.PostgreSql.TenantView bea = routing.Tenants.ForTenant("bea");
        await bea.UserNotes.InsertAsync(new UserNote(0, "first", "on b"));
        Assert.Equal("b", (await routing.Tenants.Directory.LocateAsync("bea")).Server);

        await using (TenantServers servers = TenantCluster.Servers(routing.Databases))
        {
            TenantDirectory mover = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, TenantCluster.ShortLockOptions);
            await mover.MoveAsync("bea", "a");
            Assert.Equal(("a", 2L), Place(await mover.LocateAsync("bea"))); // cached before the next move begins
            TenantDirectory dying = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, new TenantDirectoryOptions
            {
                WriteLockTimeout = TimeSpan.FromMilliseconds(200),
                AfterMoveStep = (_, step) => step == TenantMoveStep.Copied ? throw new InvalidOperationException("the mover dies here") : ValueTask.CompletedTask,
            });
            await Assert.ThrowsAsync<InvalidOperationException>(() => dying.MoveAsync("bea", "b"));
            // The dead move's copy is on b, and a takes writes again (through a place cached before the move began).
            Assert.Equal(1, await TenantCatalog.CopiesAsync(routing.Databases["b"], "bea"));
            await using TenantTransaction write = await mover.BeginWriteAsync("bea");
            await using NpgsqlCommand insert = write.CreateCommand("INSERT INTO user_notes (slug, text) VALUES ('later', 'on a, after the copy')");
            await write.ExecuteNonQueryAsync(insert);
            await write.CommitAsync();
        }

        Assert.Equal("b", (await routing.Tenants.Directory.LocateAsync("bea")).Server); // cached, stale
        Assert.Equal("on a, after the copy", bea.UserNotes.FindBySlug("later")?.Text);
        Assert.Equal(["first", "later"], bea.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList());
        // The lookup recovered the dead move (undone: the tenant stays on a), and no copy is left on b.
        Assert.Equal(("a", "active"), (await routing.Tenants.Directory.ListAsync()).Where(e => e.TenantId == "bea").Select(e => (e.Server, e.State)).Single());
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["b"], "bea"));
        Assert.Equal(["first", "later"], await TenantRoutingTests.SlugsAsync(routing.Databases["a"], "bea"));
    }

    private static (string, long) Place(TenantLocation location) => (location.Server, location.Epoch);

    private static async Task<List<string>> TextsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
            texts.Add(reader.GetString(0));
        return texts;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The tenant directory on three real servers: placement by policy (counted in each server's own catalog), hostile ids,
/// a failing and a killed placement, and a server stopped while others keep working.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantDirectoryTests(TenantCluster cluster)
{
    [Fact]
    public async Task A_thousand_tenants_spread_evenly_and_each_lives_in_its_own_schema()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        string[] ids = Enumerable.Range(0, 1000).Select(i => "tenant-" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
        var placed = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
            placed[id] = (await directory.PlaceAsync(id)).Server);

        // Each server's catalog: one live tenant schema per tenant placed there.
        var perServer = new Dictionary<string, long>();
        foreach ((string server, string connectionString) in databases)
            perServer[server] = await TenantTestsCatalog(connectionString);
        Assert.Equal(1000, perServer.Values.Sum());
        Assert.True(perServer.Values.Max() - perServer.Values.Min() <= 1, string.Join(", ", perServer));
        foreach ((string server, long count) in perServer)
            Assert.Equal(count, placed.Values.Count(s => s == server));

        // A fresh directory (another process) finds every tenant where it was placed, and the tenant is usable.
        TenantDirectory other = await TenantCluster.OpenAsync(databases);
        foreach (string id in ids.Where((_, i) => i % 97 == 0))
        {
            Assert.Equal(placed[id], (await other.LocateAsync(id)).Server);
            await TenantCatalog.WriteAsync(other, id, 1, 7);
            Assert.Equal(1, (await TenantCatalog.EntriesAsync(directory, id))[(1, 7)]);
        }
        // Isolation: a write to one tenant is not seen by another on the same server.
        string neighbour = ids.First(id => id != ids[0] && placed[id] == placed[ids[0]]);
        Assert.Empty(await TenantCatalog.EntriesAsync(directory, neighbour));
        await Assert.ThrowsAsync<TenantAlreadyPlacedException>(() => directory.PlaceAsync(ids[5]));

        // The mark check every tenant operation starts with, and the mark read of placements, moves and recovery, find the
        // schema through the catalog's indexes, whether the server plans them for the values at hand or once for any:
        // PostgreSQL's own plan shows no scan of every schema.
        TenantLocation place = await directory.LocateAsync(ids[0]);
        string quotedSchema = TenantSchemaNames.Literal(TenantSchemaNames.Quote(place.Schema));
        await using (var connection = new NpgsqlConnection(databases[place.Server]))
        {
            await connection.OpenAsync();
            foreach ((string parameters, string sql, string arguments, string index) in new[]
            {
                ("text, text", TenantDirectory.CheckMarkSql, TenantSchemaNames.Literal(TenantSchemaNames.LiveMark(place.TenantId, place.Epoch)) + ", " + quotedSchema, "pg_description_o_c_o_index"),
                ("text", TenantSchemaNames.SelectMarkOfQuotedSchemaParameter1, quotedSchema, "pg_description_o_c_o_index"),
            })
            {
                foreach (string mode in new[] { "force_custom_plan", "force_generic_plan" })
                {
                    await using var batch = new NpgsqlBatch(connection)
                    {
                        BatchCommands =
                        {
                            new NpgsqlBatchCommand("SET plan_cache_mode = " + mode),
                            new NpgsqlBatchCommand("PREPARE catalog_lookup (" + parameters + ") AS " + sql),
                            new NpgsqlBatchCommand("EXPLAIN (FORMAT JSON) EXECUTE catalog_lookup (" + arguments + ")"),
                            new NpgsqlBatchCommand("DEALLOCATE catalog_lookup"),
                        },
                    };
                    await using NpgsqlDataReader plan = await batch.ExecuteReaderAsync();
                    Assert.True(await plan.ReadAsync());
                    string json = plan.GetString(0);
                    Assert.DoesNotContain("Seq Scan", json, StringComparison.Ordinal);
                    Assert.Contains("pg_description_o_c_o_index", json, StringComparison.Ordinal);
                    Assert.Contains(index, json, StringComparison.Ordinal);
                }
            }
            // What the mark read answers (as ReadMarkAsync takes it): the mark; '' for a schema without one; null for a missing schema.
            await using var plain = new NpgsqlCommand("CREATE SCHEMA \"no mark\"", connection);
            await plain.ExecuteNonQueryAsync();
            foreach ((string schema, object? expected) in new (string, object?)[]
            {
                (place.Schema, TenantSchemaNames.LiveMark(place.TenantId, place.Epoch)), ("no mark", ""), ("t_nobody", null),
            })
            {
                await using var read = new NpgsqlCommand(TenantSchemaNames.SelectMarkOfQuotedSchemaParameter1, connection);
                read.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Quote(schema) });
                Assert.Equal(expected, await read.ExecuteScalarAsync() as string);
            }
        }

        static Task<long> TenantTestsCatalog(string connectionString) => TenantCatalog.LiveTenantSchemasAsync(connectionString);
    }

    [Fact]
    public async Task The_stable_hash_places_an_id_on_the_same_server_every_time_and_uses_every_server()
    {
        Dictionary<string, string> first = cluster.CreateDatabases();
        Dictionary<string, string> second = cluster.CreateDatabases();
        var options = new TenantDirectoryOptions { Placement = TenantPlacementPolicy.StableHash };
        TenantDirectory one = await TenantCluster.OpenAsync(first, options);
        TenantDirectory two = await TenantCluster.OpenAsync(second, options);
        var servers = new HashSet<string>();
        for (int i = 0; i < 60; i++)
        {
            string id = "h" + i.ToString(CultureInfo.InvariantCulture);
            TenantLocation a = await one.PlaceAsync(id);
            TenantLocation b = await two.PlaceAsync(id);
            Assert.Equal(a.Server, b.Server);
            servers.Add(a.Server);
        }
        Assert.Equal(3, servers.Count);
    }

    [Theory]
    [InlineData("o'brien")]
    [InlineData("x; DROP SCHEMA public CASCADE; --")]
    [InlineData("a\"b")]
    [InlineData("../etc")]
    [InlineData("Alice")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz-0123456789-abcdefghijklmnopqrstuvwxyz0")] // 65 characters
    public async Task A_hostile_id_is_refused_with_its_name_and_nothing_is_created(string id)
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        InvalidTenantIdException placing = await Assert.ThrowsAsync<InvalidTenantIdException>(() => directory.PlaceAsync(id));
        Assert.Equal(id, placing.TenantId);
        Assert.Contains(id.Length > 20 ? id[..20] : id, placing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidTenantIdException>(() => directory.PlaceAsync(id, "b"));
        await Assert.ThrowsAsync<InvalidTenantIdException>(async () => await directory.LocateAsync(id));
        await Assert.ThrowsAsync<InvalidTenantIdException>(async () => await directory.BeginWriteAsync(id));
        await Assert.ThrowsAsync<InvalidTenantIdException>(() => directory.MoveAsync(id, "b"));
        foreach (string connectionString in databases.Values)
            Assert.Equal(0, await TenantCatalog.LiveTenantSchemasAsync(connectionString));
        Assert.Equal(0L, await DirectoryRowsAsync(databases["a"]));
        // The public schema the semicolon id names is still there.
        Assert.Equal(1L, await ScalarAsync(databases["a"], "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'"));
    }

    [Fact]
    public async Task Edge_ids_get_distinct_quoted_schemas_within_postgresql_name_limit()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        string long1 = new string('a', 50) + "-0123456789123";   // 64 characters, the longest accepted
        string long2 = new string('a', 50) + "-0123456789124";   // the same first 63 bytes of schema name but for the hash
        string[] ids = ["select", "a-b", "a_b", long1, long2, "0"];
        var schemas = new HashSet<string>();
        var staging = new HashSet<string>();
        foreach (string id in ids)
        {
            TenantLocation location = await directory.PlaceAsync(id, "b");
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(location.Schema) <= 63, location.Schema);
            Assert.True(schemas.Add(location.Schema), location.Schema);
            // The name a move would make its copy under, at the longest epoch: within the limit, distinct too.
            string copy = TenantSchemaNames.Staging(id, long.MaxValue);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(copy) <= 63 && staging.Add(copy) && !schemas.Contains(copy), copy);
            await TenantCatalog.WriteAsync(directory, id, 1, ids.Length);
        }
        // The server has each schema under exactly the name the directory recorded (no truncation merged two).
        foreach (string schema in schemas)
            Assert.Equal(1L, await ScalarAsync(databases["b"], "SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema));
        foreach (string id in ids)
            Assert.Single(await TenantCatalog.EntriesAsync(directory, id));
    }

    [Fact]
    public async Task A_write_transaction_bounds_only_the_wait_for_the_move_lock_and_its_statements_keep_the_servers_lock_timeout()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        // Every connection to the tenant servers starts with a lock_timeout of its own (as a role's or database's setting would give).
        var withTimeout = databases.ToDictionary(e => e.Key, e => new NpgsqlConnectionStringBuilder(e.Value) { Options = "-c lock_timeout=4321ms" }.ConnectionString);
        TenantDirectory directory = await TenantCluster.OpenAsync(withTimeout);
        await directory.PlaceAsync("alice", "b");
        await using (TenantTransaction write = await directory.BeginWriteAsync("alice"))
        {
            await using NpgsqlCommand show = write.CreateCommand("SHOW lock_timeout");
            Assert.Equal("4321ms", await write.ExecuteScalarAsync(show));
            await write.CommitAsync();
        }
        // The bound set for the move's lock ended with the transaction too.
        await using TenantTransaction read = await directory.BeginReadAsync("alice");
        await using NpgsqlCommand again = read.CreateCommand("SHOW lock_timeout");
        Assert.Equal("4321ms", await read.ExecuteScalarAsync(again));
    }

    [Fact]
    public async Task A_failing_ddl_statement_leaves_no_row_and_no_schema()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases, ddl: [.. TenantCluster.Ddl, "CREATE TABLE broken (x no_such_type)"]);
        TenantPlacementException e = await Assert.ThrowsAsync<TenantPlacementException>(() => directory.PlaceAsync("bob", "c"));
        Assert.Contains("'bob'", e.Message, StringComparison.Ordinal);
        Assert.Contains("statement 5 of 5", e.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await DirectoryRowsAsync(databases["a"]));
        Assert.Equal(0L, await ScalarAsync(databases["c"], "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'"));
        await Assert.ThrowsAsync<TenantNotPlacedException>(async () => await directory.LocateAsync("bob"));
    }

    [Fact]
    public async Task A_placement_killed_midway_is_cleaned_up_by_the_next_placement_of_the_id()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        await using (var blocker = new NpgsqlConnection(databases["b"]))
        {
            await blocker.OpenAsync();
            await ExecuteAsync(blocker, "SELECT pg_advisory_lock(4242)");
            Task<TenantLocation> placing = directory.PlaceAsync("carol", "b");
            // Wait until the placement's DDL waits on the lock: its directory row and its schema's transaction exist.
            while (await ScalarAsync(databases["b"], "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted") == 0)
            {
                Assert.False(placing.IsCompleted);
                await Task.Delay(20);
            }
            Assert.Equal("placing", await StateAsync(databases["a"], "carol"));
            // Every client of a and b dies, as if the process were killed: nothing of it can clean up.
            // The directory's first, so the placement's own clean-up (after its schema transaction fails) cannot run.
            await TenantCatalog.TerminateOthersAsync(databases["a"]);
            await TenantCatalog.TerminateOthersAsync(databases["b"]);
            await Assert.ThrowsAnyAsync<Exception>(() => placing);
        }
        Assert.Equal("placing", await StateAsync(databases["a"], "carol"));
        await Assert.ThrowsAsync<TenantNotPlacedException>(async () => await (await TenantCluster.OpenAsync(databases)).LocateAsync("carol"));
        Assert.Null(await StateAsync(databases["a"], "carol")); // the lookup removed the unfinished placement

        TenantDirectory again = await TenantCluster.OpenAsync(databases);
        TenantLocation location = await again.PlaceAsync("carol", "c");
        Assert.Equal("c", location.Server);
        Assert.Equal(0L, await TenantCatalog.CopiesAsync(databases["b"], "carol"));
        Assert.Equal(1L, await TenantCatalog.CopiesAsync(databases["c"], "carol"));
        await TenantCatalog.WriteAsync(again, "carol", 1, 1);
    }

    [Fact]
    public async Task A_stopped_server_fails_its_tenants_by_name_while_the_others_work_and_nothing_is_lost()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        string[] ids = Enumerable.Range(0, 30).Select(i => "s" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var servers = new Dictionary<string, string>();
        foreach (string id in ids)
        {
            servers[id] = (await directory.PlaceAsync(id)).Server;
            await TenantCatalog.WriteAsync(directory, id, 0, 1);
        }
        cluster.C.Stop();
        try
        {
            TenantDirectory fresh = await TenantCluster.OpenAsync(databases); // no cache: the directory is read
            foreach (TenantDirectory d in new[] { directory, fresh })
            {
                foreach (string id in ids)
                {
                    if (servers[id] == "c")
                    {
                        TenantServerUnavailableException e = await Assert.ThrowsAsync<TenantServerUnavailableException>(() => TenantCatalog.WriteAsync(d, id, 1, 2));
                        Assert.Equal("c", e.Server);
                        Assert.Equal(id, e.TenantId);
                        Assert.Contains("'" + id + "'", e.Message, StringComparison.Ordinal);
                        Assert.Contains("server 'c'", e.Message, StringComparison.Ordinal);
                        Assert.True(e.IsRetryable);
                    }
                    else
                    {
                        await TenantCatalog.WriteAsync(d, id, d == directory ? 1 : 2, 2);
                    }
                }
            }
        }
        finally
        {
            cluster.C.Restart();
        }
        foreach (string id in ids.Where(id => servers[id] == "c"))
            await TenantCatalog.WriteAsync(directory, id, 1, 2);
        foreach (string id in ids)
        {
            Dictionary<(int, int), long> entries = await TenantCatalog.EntriesAsync(directory, id);
            var expected = servers[id] == "c" ? new[] { (0, 1), (1, 2) } : new[] { (0, 1), (1, 2), (2, 2) };
            Assert.Equal(expected.Order(), entries.Keys.Order());
            Assert.All(entries.Values, count => Assert.Equal(1, count));
        }
    }

    internal static async Task<long> ScalarAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task<string?> StateAsync(string directoryConnectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(directoryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT state FROM sqlitegen_tenants WHERE tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await command.ExecuteScalarAsync() as string;
    }

    private static Task<long> DirectoryRowsAsync(string connectionString) => ScalarAsync(connectionString, "SELECT count(*) FROM sqlitegen_tenants");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

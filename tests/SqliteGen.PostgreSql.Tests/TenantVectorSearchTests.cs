using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using CsCheck;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;
using Routing = SqliteGen.PostgreSql.Tests.TenantRoutingTests.Routing;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// Vector search on a tenant's tables on PostgreSQL (docs/tenancy.md, "Vector search on a tenant's tables"): the layered
/// <c>Nearest</c> and <c>HybridSearch</c> of <see cref="PatternsDb"/>'s tenant view against the SQLite tenant view's (the
/// oracle) on the same data, and against a double-precision brute force over what the servers hold (a fresh SELECT of
/// the tenant's schema and of the base): other connections' writes reaching the tenant's index through its change log,
/// a tenant moved by this directory and by another one, and the bounded set of resident tenant indexes.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantVectorSearchTests(TenantCluster cluster)
{
    private static readonly float[] s_q1 = [1f, 0f, 0f];
    private static readonly float[] s_q2 = [1f, 0.12f, 0f];

    private static ResponsePattern Row(string id, string intent, string text, float[]? embedding) =>
        TenantRoutingTests.Pattern(id, intent, text) with { Embedding = embedding };

    /// <summary>Cosine distance in double precision, as sqlite-vec defines it (1 - cos).</summary>
    private static double Cosine(float[] query, float[] vector)
    {
        double dot = 0, qq = 0, vv = 0;
        for (int i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            qq += (double)query[i] * query[i];
            vv += (double)vector[i] * vector[i];
        }
        return 1 - dot / Math.Sqrt(qq * vv);
    }

    private static string Ids<T>(IEnumerable<T> results, Func<T, ResponsePattern> item) => string.Join(" ", results.Select(r => item(r).FragmentId));

    /// <summary>Every distance is the brute force's for its row, to float precision, and they come nearest first.</summary>
    private static bool DistancesRight(IReadOnlyList<VectorNeighbor<ResponsePattern>> found, float[] query) =>
        found.All(n => n.Item.Embedding is { } v && Math.Abs(n.Distance - Cosine(query, v)) <= 1e-5)
        && found.Zip(found.Skip(1)).All(p => p.First.Distance <= p.Second.Distance);

    /// <summary>
    /// The layered vector searches of one tenant, written once against both engines' views (bound at run time), their
    /// answers as lines: a tenant row overriding a near base row with a far vector, one overriding a far base row with a
    /// near one, one overriding a near base row without a vector (only the base row is near: it stays hidden), one whose
    /// intent leaves it out of a filter the base row would pass, a limit the hidden base rows would fill (the base asked
    /// again, for more), every limit up to above the row count, the tenant's and the base's writes between searches, a
    /// search inside a tenant write transaction, another tenant without rows of its own, bad arguments, and the layered
    /// hybrid search (with the text ranking weighted 0 its answer is the vector ranking's; otherwise the rows and their
    /// vector ranks, the text ranks being each engine's own).
    /// </summary>
    private static Task<List<string>> RunVectorScenarioAsync(dynamic db, Func<string, dynamic> forTenant)
    {
        var log = new List<string>();
        db.Base.ResponsePatterns.InsertMany(new[]
        {
            Row("b-near", "greet", "apple near", [1f, 0.05f, 0f]),
            Row("o-match", "greet", "apple base match", [1f, 0.1f, 0f]),
            Row("o-null", "greet", "base with a vector", [1f, 0.15f, 0f]),
            Row("o-filter", "greet", "apple base greet", [1f, 0.2f, 0f]),
            Row("o-far", "greet", "base far", [0f, 1f, 0f]),
            Row("b-mid", "bye", "apple mid", [1f, 0.5f, 0f]),
            Row("b-far", "greet", "far away", [0.1f, 1f, 1f]),
            Row("b-none", "greet", "apple without a vector", null),
        });
        dynamic alice = forTenant("alice");
        alice.ResponsePatterns.InsertMany(new[]
        {
            Row("o-match", "greet", "tenant far", [0f, 0f, 1f]),
            Row("o-null", "greet", "apple tenant without a vector", null),
            Row("o-filter", "bye", "tenant bye", [1f, 0.02f, 0f]),
            Row("o-far", "greet", "apple tenant near", [1f, 0.3f, 0f]),
            Row("t-own", "greet", "apple own", [1f, 0.25f, 0f]),
            Row("t-away", "bye", "opposite", [-1f, 0f, 0f]),
        });
        var greet = new PatternsDb.ResponsePatternsTable.NearestFilter { Intent = "greet" };

        void Nearest(string label, dynamic view, float[] query, int k, PatternsDb.ResponsePatternsTable.NearestFilter? filter = null)
        {
            ReadOnlyMemory<float> memory = query;
            IReadOnlyList<VectorNeighbor<ResponsePattern>> found = filter is null ? view.ResponsePatterns.Nearest(memory, k) : view.ResponsePatterns.Nearest(memory, k, filter);
            log.Add($"{label}: {Ids(found, n => n.Item)}, distances right: {DistancesRight(found, query)}");
        }

        Nearest("q1 k 20", alice, s_q1, 20);
        Nearest("q1 k 20 greet", alice, s_q1, 20, greet);
        Nearest("q1 k 20 bye", alice, s_q1, 20, new PatternsDb.ResponsePatternsTable.NearestFilter { Intent = "bye" });
        for (int k = 1; k <= 9; k++)
            Nearest($"q2 k {k}", alice, s_q2, k);
        Nearest("q2 k 1 greet", alice, s_q2, 1, greet);

        // Writes between searches: the tenant's (an insert, a vector moved away, an override removed) and the base's.
        alice.ResponsePatterns.Insert(Row("t-new", "greet", "apple new", [1f, 0.12f, 0.001f]));
        alice.ResponsePatterns.Update(Row("t-own", "greet", "apple own", [0f, 1f, 0.2f]));
        alice.ResponsePatterns.Delete("o-filter");
        db.Base.ResponsePatterns.Insert(Row("b-late", "greet", "late", [1f, 0.14f, 0f]));
        Nearest("after writes q2 k 20", alice, s_q2, 20);
        alice.ResponsePatterns.Upsert(Row("b-late", "bye", "tenant hides the late base row", null));
        Nearest("after an override q2 k 3", alice, s_q2, 3);

        alice.Write((Action<dynamic>)(tx =>
        {
            tx.ResponsePatterns.Insert(Row("x-tx", "greet", "in a transaction", [1f, 0.125f, 0f]));
            Nearest("inside a write transaction q2 k 2", tx, s_q2, 2);
        }));
        Nearest("after the transaction q2 k 2", alice, s_q2, 2);
        dynamic bob = forTenant("bob");
        Nearest("bob q1 k 4", bob, s_q1, 4);

        foreach ((float[] query, int k) in new[] { (new[] { 1f, 0f }, 3), (new[] { 0f, 0f, 0f }, 3), (s_q1, 0), (s_q1, 4097) })
        {
            try
            {
                Nearest("bad", alice, query, k);
            }
            catch (ArgumentException e)
            {
                log.Add($"bad call ({query.Length} components, k {k}): {e.GetType().Name}, {e.Message}");
            }
        }

        ReadOnlyMemory<float> q2 = s_q2;
        IReadOnlyList<HybridMatch<ResponsePattern>> vectorOnly = alice.ResponsePatterns.HybridSearch("apple", q2, 20, new HybridSearchOptions { TextWeight = 0 });
        log.Add($"hybrid, text weight 0: {string.Join(" ", vectorOnly.Select(m => $"{m.Item.FragmentId}@{m.VectorRank}"))}");
        IReadOnlyList<HybridMatch<ResponsePattern>> fused = alice.ResponsePatterns.HybridSearch("apple", q2, 50);
        log.Add("hybrid rows: " + string.Join(" ", fused.OrderBy(m => m.Item.FragmentId, StringComparer.Ordinal)
            .Select(m => $"{m.Item.FragmentId}:{(m.TextRank is null ? "-" : "t")}:{m.VectorRank?.ToString() ?? "-"}")));
        log.Add($"hybrid best first: {fused.Zip(fused.Skip(1)).All(p => p.First.Score >= p.Second.Score)}");
        IReadOnlyList<HybridMatch<ResponsePattern>> three = alice.ResponsePatterns.HybridSearch("apple", q2, 3);
        log.Add($"hybrid k 3: {three.Count} rows");
        try
        {
            alice.ResponsePatterns.HybridSearch("...", q2, 3);
            log.Add("hybrid without a word: accepted");
        }
        catch (ArgumentException e)
        {
            log.Add($"hybrid without a word: {e.GetType().Name}, {e.Message}");
        }
        alice.Dispose();
        bob.Dispose();
        return Task.FromResult(log);
    }

    [Fact]
    public async Task Layered_nearest_and_hybrid_search_give_the_sqlite_tenant_views_answers()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        List<string> postgres = await TenantRoutingTests.SameOnBothAsync(routing, RunVectorScenarioAsync);
        // The answers themselves, so that equal answers are also the right ones (the distances: every line says so).
        Assert.All(postgres.Where(l => l.Contains("distances right", StringComparison.Ordinal)), l => Assert.EndsWith("distances right: True", l, StringComparison.Ordinal));
        Assert.StartsWith("q1 k 20: o-filter b-near t-own o-far b-mid b-far o-match t-away,", postgres[0], StringComparison.Ordinal);
        Assert.StartsWith("q1 k 20 greet: b-near t-own o-far b-far o-match,", postgres[1], StringComparison.Ordinal);
        Assert.StartsWith("q1 k 20 bye: o-filter b-mid t-away,", postgres[2], StringComparison.Ordinal);
        Assert.StartsWith("q2 k 1: b-near,", postgres[3], StringComparison.Ordinal);
        Assert.StartsWith("q2 k 9: b-near o-filter t-own o-far b-mid b-far o-match t-away,", postgres[11], StringComparison.Ordinal);
        Assert.StartsWith("q2 k 1 greet: b-near,", postgres[12], StringComparison.Ordinal);
        Assert.StartsWith("after writes q2 k 20: t-new b-late b-near o-filter o-far b-mid b-far t-own o-match t-away,", postgres[13], StringComparison.Ordinal);
        Assert.StartsWith("after an override q2 k 3: t-new b-near o-filter,", postgres[14], StringComparison.Ordinal);
        Assert.StartsWith("inside a write transaction q2 k 2: t-new x-tx,", postgres[15], StringComparison.Ordinal);
        Assert.StartsWith("bob q1 k 4: b-near o-match b-late o-null,", postgres[17], StringComparison.Ordinal);
    }

    /// <summary>
    /// The layered brute force: the tenant's rows with a vector, then the base's whose key the tenant has no row for, each
    /// read by a fresh SELECT on its server, nearest first by double-precision cosine distance (ties: the tenant's first).
    /// </summary>
    private static async Task<List<(string Id, double Distance)>> LayeredBruteForceAsync(Routing routing, string tenantId, float[] query, int k)
    {
        TenantLocation at = await routing.Tenants.Directory.LocateAsync(tenantId);
        List<(string Id, float[]? Vector)> own = await RowsAsync(routing.Databases[at.Server], TenantSchemaNames.Quote(at.Schema) + ".response_patterns");
        List<(string Id, float[]? Vector)> shared = await RowsAsync(routing.BaseConnectionString, "response_patterns");
        var hidden = own.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return own.Where(r => r.Vector is not null).Select(r => (r.Id, Distance: Cosine(query, r.Vector!), Own: 0))
            .Concat(shared.Where(r => r.Vector is not null && !hidden.Contains(r.Id)).Select(r => (r.Id, Distance: Cosine(query, r.Vector!), Own: 1)))
            .OrderBy(r => r.Distance).ThenBy(r => r.Own).Take(k).Select(r => (r.Id, r.Distance)).ToList();
    }

    private static async Task<List<(string Id, float[]? Vector)>> RowsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT fragment_id, embedding FROM {table}", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, float[]?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : MemoryMarshal.Cast<byte, float>(reader.GetFieldValue<byte[]>(1)).ToArray()));
        return rows;
    }

    /// <summary>The layered search equals the layered brute force (keys, ties aside; distances to float precision), sync and async alike.</summary>
    private static async Task AssertNearestAsync(Routing routing, string tenantId, float[] query, int k, string step)
    {
        List<(string Id, double Distance)> expected = await LayeredBruteForceAsync(routing, tenantId, query, k);
        PatternsDb.PostgreSql.TenantView view = routing.Tenants.ForTenant(tenantId);
        IReadOnlyList<VectorNeighbor<ResponsePattern>> found = view.ResponsePatterns.Nearest(query, k);
        IReadOnlyList<VectorNeighbor<ResponsePattern>> awaited = await view.ResponsePatterns.NearestAsync(query, k);
        foreach (IReadOnlyList<VectorNeighbor<ResponsePattern>> answer in new[] { found, awaited })
        {
            Assert.True(expected.Count == answer.Count, $"{step}: expected {expected.Count} rows, found {answer.Count}");
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.InRange(Math.Abs(expected[i].Distance - answer[i].Distance), 0, 1e-5);
                bool tie = (i > 0 && Math.Abs(expected[i].Distance - expected[i - 1].Distance) <= 1e-5)
                    || (i + 1 < expected.Count && Math.Abs(expected[i].Distance - expected[i + 1].Distance) <= 1e-5);
                Assert.True(tie || expected[i].Id == answer[i].Item.FragmentId,
                    $"{step}: rank {i} expected {expected[i].Id}, found {answer[i].Item.FragmentId} (expected [{string.Join(", ", expected.Select(e => e.Id))}], found [{Ids(answer, n => n.Item)}])");
            }
        }
    }

    private static byte[] Blob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    /// <summary>
    /// Runs <paramref name="sql"/> on <paramref name="server"/> as a program other than SqliteGen would, with <c>{table}</c>
    /// in it the tenant's <c>response_patterns</c> (schema-qualified).
    /// </summary>
    private static async Task ExecuteInSchemaAsync(Routing routing, string server, string tenantId, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(routing.Databases[server]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{table}", TenantSchemaNames.Quote(TenantSchemaNames.Live(tenantId)) + ".response_patterns", StringComparison.Ordinal), connection);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Other_connections_writes_reach_a_tenants_index_through_its_change_log_without_loading_it_again()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("alice", "b");
        routing.Database.Base.ResponsePatterns.InsertMany(Enumerable.Range(0, 30).Select(i => Row($"r{i:D2}", "greet", "base", [1f, i / 30f, (i % 7) / 7f])));
        PatternsDb.PostgreSql.TenantView alice = routing.Tenants.ForTenant("alice");
        alice.ResponsePatterns.InsertMany(Enumerable.Range(0, 30).Where(i => i % 3 == 0).Select(i => Row($"r{i:D2}", "greet", "own", [i / 30f, 1f, 0.5f])));
        TenantVectorIndexes indexes = routing.Tenants.Directory.VectorIndexes;

        await AssertNearestAsync(routing, "alice", [1f, 0.3f, 0.2f], 12, "the first search");
        Assert.Equal(1, indexes.Loads);
        Assert.Equal(1, indexes.Count);

        // Plain SQL on another connection: an insert, a vector moved, an override deleted (its base row shows), a vector removed.
        await ExecuteInSchemaAsync(routing, "b", "alice", "INSERT INTO {table} (fragment_id, trigger_context, response_text, success_score, intent, usage_count, embedding) VALUES ('n1', 'x', 'new', 0.5, 'greet', 0, $1)", Blob([1f, 0.31f, 0.2f]));
        await AssertNearestAsync(routing, "alice", [1f, 0.3f, 0.2f], 12, "after an insert");
        await ExecuteInSchemaAsync(routing, "b", "alice", "UPDATE {table} SET embedding = $1 WHERE fragment_id = 'r03'", Blob([1f, 0.29f, 0.21f]));
        await ExecuteInSchemaAsync(routing, "b", "alice", "DELETE FROM {table} WHERE fragment_id = 'r09'");
        await ExecuteInSchemaAsync(routing, "b", "alice", "UPDATE {table} SET embedding = NULL WHERE fragment_id = 'r12'");
        await AssertNearestAsync(routing, "alice", [1f, 0.3f, 0.2f], 12, "after an update, a delete and a vector removed");
        await AssertNearestAsync(routing, "alice", [1f, 0.4f, 0.3f], 30, "every row");
        Assert.Equal(1, indexes.Loads); // the changes came from the log, not from loading the table again

        // A TRUNCATE loads it again: every override gone, the base rows show.
        await ExecuteInSchemaAsync(routing, "b", "alice", "TRUNCATE {table}");
        await AssertNearestAsync(routing, "alice", [1f, 0.3f, 0.2f], 12, "after a TRUNCATE");
        Assert.Equal(2, indexes.Loads);
    }

    [Fact]
    public async Task A_moved_tenant_is_searched_where_it_is_now_whichever_directory_moved_it()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("alice", "a");
        routing.Database.Base.ResponsePatterns.InsertMany(Enumerable.Range(0, 10).Select(i => Row($"r{i}", "greet", "base", [1f, i / 10f, 0f])));
        PatternsDb.PostgreSql.TenantView alice = routing.Tenants.ForTenant("alice");
        alice.ResponsePatterns.InsertMany(Enumerable.Range(0, 10).Where(i => i % 2 == 0).Select(i => Row($"r{i}", "greet", "own", [0f, 1f, i / 10f])));
        TenantVectorIndexes indexes = routing.Tenants.Directory.VectorIndexes;
        float[] query = [1f, 0.25f, 0f];
        await AssertNearestAsync(routing, "alice", query, 8, "on a");
        Assert.Equal(1, indexes.Loads);

        // This directory moves her: the index of her place on a is dropped with the cached location.
        await routing.Tenants.Directory.MoveAsync("alice", "b");
        Assert.Equal(0, indexes.Count);
        await ExecuteInSchemaAsync(routing, "b", "alice", "INSERT INTO {table} (fragment_id, trigger_context, response_text, success_score, intent, usage_count, embedding) VALUES ('on-b', 'x', 'new', 0.5, 'greet', 0, $1)", Blob([1f, 0.25f, 0f]));
        await AssertNearestAsync(routing, "alice", query, 8, "on b, moved by this directory");
        Assert.Equal(2, indexes.Loads);
        Assert.Equal("on-b", alice.ResponsePatterns.Nearest(query, 1)[0].Item.FragmentId);

        // Another directory (another process) moves her to c; this one still has her on b, with a current index there. A
        // row written on c only is found: the search's first statement found her moved, ran again on c, and the search
        // loaded her index there rather than applying what it read to the index of b.
        await using (TenantServers servers = TenantCluster.Servers(routing.Databases))
        {
            TenantDirectory other = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, TenantCluster.ShortLockOptions);
            await other.MoveAsync("alice", "c");
        }
        await ExecuteInSchemaAsync(routing, "c", "alice", "INSERT INTO {table} (fragment_id, trigger_context, response_text, success_score, intent, usage_count, embedding) VALUES ('on-c', 'x', 'new', 0.5, 'greet', 0, $1)", Blob([1f, 0.26f, 0f]));
        // The tenant's own rows first (a layered search would look the base's keys up in her schema first, finding the move there).
        IReadOnlyList<VectorNeighbor<ResponsePattern>> found = alice.ResponsePatterns.Tenant.Nearest(query, 2);
        Assert.Equal(["on-b", "on-c"], found.Select(n => n.Item.FragmentId).ToList());
        Assert.Equal("c", (await routing.Tenants.Directory.LocateAsync("alice")).Server);
        Assert.Equal(3, indexes.Loads);
        Assert.Equal(1, indexes.Count);
        await AssertNearestAsync(routing, "alice", query, 8, "on c, moved by another directory");
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["a"], "alice"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["b"], "alice"));
    }

    [Fact]
    public async Task A_search_that_found_the_tenant_before_a_move_keeps_no_index_of_the_place_the_move_left()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        // b's connections (each open is a new one: the fixture's do not pool) pass a hook that, once armed, holds the next
        // one opened until the test lets it go: the search's, after it found alice on b and before it asks for her index.
        int armed = 0, heldBackend = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task HoldAsync(NpgsqlConnection connection)
        {
            if (System.Threading.Interlocked.Exchange(ref armed, 0) == 1)
            {
                heldBackend = connection.ProcessID;
                entered.TrySetResult();
                await release.Task;
            }
        }
        var b = new NpgsqlDataSourceBuilder(databases["b"]);
        b.UsePhysicalConnectionInitializer(connection => HoldAsync(connection).GetAwaiter().GetResult(), HoldAsync);
        var servers = new TenantServers
        {
            { "a", NpgsqlDataSource.Create(databases["a"]) }, { "b", b.Build() }, { "c", NpgsqlDataSource.Create(databases["c"]) },
        };
        await using (servers)
        await using (NpgsqlDataSource @base = NpgsqlDataSource.Create(cluster.A.CreateDatabase()))
        {
            PatternsDb.PostgreSql database = await PatternsDb.OpenPostgreSqlAsync(@base);
            PatternsDb.PostgreSql.TenantRouter tenants = await database.OpenTenantsAsync(servers, "a", TenantCluster.ShortLockOptions);
            TenantDirectory directory = tenants.Directory;
            await directory.PlaceAsync("alice", "b");
            PatternsDb.PostgreSql.TenantView alice = tenants.ForTenant("alice");
            alice.ResponsePatterns.InsertMany(Enumerable.Range(0, 5).Select(i => Row($"r{i}", "greet", "own", [1f, i / 5f, 0f])));
            TenantVectorIndexes indexes = directory.VectorIndexes;
            Assert.Equal("b", (await directory.LocateAsync("alice")).Server); // cached

            System.Threading.Volatile.Write(ref armed, 1);
            Task<IReadOnlyList<VectorNeighbor<ResponsePattern>>> search = Task.Run(() => alice.ResponsePatterns.Tenant.Nearest(s_q1, 3));
            await entered.Task.WaitAsync(TimeSpan.FromMinutes(2)); // a guard against a hang, not a measurement
            // The move forgets alice's place on b while the search holds it; then b stops answering the search's connection
            // (its backend ended by b), as a server taken out of service after its tenants moved off it would.
            await directory.MoveAsync("alice", "c");
            Assert.Equal(0, indexes.Count);
            Assert.Equal(1, await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(pg_terminate_backend($1))", heldBackend));
            while (await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", heldBackend) > 0)
                await Task.Delay(10);
            release.SetResult();

            // The search asked for her index on b at epoch 1 after the move forgot that place, then failed there: the index
            // it made was its own, and none is kept for a place the directory no longer holds.
            var unavailable = await Assert.ThrowsAsync<TenantServerUnavailableException>(() => search.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.Equal(("alice", "b"), (unavailable.TenantId, unavailable.Server));
            Assert.Equal(0, indexes.Count);
            // The next search finds her on c and keeps c's index, searched again without a load.
            Assert.Equal(["r0", "r1", "r2"], alice.ResponsePatterns.Tenant.Nearest(s_q1, 3).Select(n => n.Item.FragmentId).ToList());
            Assert.Equal(1, indexes.Count);
            int loads = indexes.Loads;
            Assert.Equal("r0", alice.ResponsePatterns.Tenant.Nearest(s_q1, 1)[0].Item.FragmentId);
            Assert.Equal(loads, indexes.Loads);
            Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["b"], "alice"));
            Assert.Equal(1, await TenantCatalog.CopiesAsync(databases["c"], "alice"));
        }
    }

    [Fact]
    public async Task At_most_MaxVectorIndexes_tenant_indexes_stay_resident_and_an_evicted_one_loads_again_on_its_next_search()
    {
        var options = new TenantDirectoryOptions { WriteLockTimeout = TimeSpan.FromMilliseconds(200), MaxVectorIndexes = 2 };
        await using Routing routing = await Routing.OpenAsync(cluster, options: options);
        TenantVectorIndexes indexes = routing.Tenants.Directory.VectorIndexes;
        string[] tenants = ["t1", "t2", "t3", "t4"];
        foreach ((string tenant, int i) in tenants.Select((t, i) => (t, i)))
            routing.Tenants.ForTenant(tenant).ResponsePatterns.Insert(Row("own", "greet", tenant, [1f, i, 0f]));
        foreach (string tenant in tenants)
        {
            await AssertNearestAsync(routing, tenant, [1f, 1f, 0f], 3, tenant);
            Assert.InRange(indexes.Count, 1, 2);
        }
        Assert.Equal(4, indexes.Loads);
        Assert.Equal(2, indexes.Evictions);
        await AssertNearestAsync(routing, "t4", [1f, 1f, 0f], 3, "t4 again"); // still resident
        Assert.Equal(4, indexes.Loads);
        await AssertNearestAsync(routing, "t1", [1f, 1f, 0f], 3, "t1 again"); // evicted: loaded again
        Assert.Equal(5, indexes.Loads);
        Assert.Equal(2, indexes.Count);

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new TenantVectorIndexes(0));
        Assert.Contains("MaxVectorIndexes", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A property (CsCheck, seeded): random base rows and a random tenant over them (some rows overriding base rows with
    /// another vector, with none, or with another intent), random queries, limits and filters: the PostgreSQL tenant view's
    /// layered <c>Nearest</c> equals the SQLite tenant view's (keys, ties aside; distances to float precision).
    /// </summary>
    [Fact]
    public async Task Random_tenants_over_a_random_base_search_as_the_sqlite_tenant_view_does()
    {
        var random = new Random(2126);
        float[] Vector(Random r) => [(float)(r.NextDouble() * 2 - 1), (float)(r.NextDouble() * 2 - 1), (float)(r.NextDouble() * 2 - 1)];
        List<ResponsePattern> baseRows = Enumerable.Range(0, 40).Select(i => Row($"k{i:D2}", i % 3 == 0 ? "bye" : "greet", "base", i % 9 == 4 ? null : Vector(random))).ToList();
        await using Routing routing = await Routing.OpenAsync(cluster);
        string folder = Directory.CreateTempSubdirectory("sqlitegen-tenantvec-").FullName;
        try
        {
            using PatternsDb file = PatternsDb.Open(Path.Combine(folder, "base.db"));
            file.Base.ResponsePatterns.InsertMany(baseRows);
            routing.Database.Base.ResponsePatterns.InsertMany(baseRows);
            int tenant = 0;
            Gen<(int Seed, int Rows)> tenants = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 30]);
            tenants.Sample(sample =>
            {
                var details = new Random(sample.Seed);
                string id = $"p{tenant++}";
                List<ResponsePattern> own = Enumerable.Range(0, sample.Rows)
                    .Select(_ => details.Next(50))
                    .Distinct()
                    .Select(i => Row($"k{i:D2}", details.Next(3) == 0 ? "bye" : "greet", "own", details.Next(6) == 0 ? null : Vector(details)))
                    .ToList();
                using PatternsDb.TenantView sqliteView = file.ForTenant(id);
                PatternsDb.PostgreSql.TenantView postgresView = routing.Tenants.ForTenant(id);
                if (own.Count > 0)
                {
                    sqliteView.ResponsePatterns.InsertMany(own);
                    postgresView.ResponsePatterns.InsertMany(own);
                }
                for (int q = 0; q < 4; q++)
                {
                    float[] query = Vector(details);
                    int k = details.Next(1, 50);
                    var filter = details.Next(3) == 0 ? new PatternsDb.ResponsePatternsTable.NearestFilter { Intent = details.Next(2) == 0 ? "bye" : "greet" } : null;
                    IReadOnlyList<VectorNeighbor<ResponsePattern>> expected = sqliteView.ResponsePatterns.Nearest(query, k, filter);
                    IReadOnlyList<VectorNeighbor<ResponsePattern>> found = postgresView.ResponsePatterns.Nearest(query, k, filter);
                    string at = $"tenant {id} ({own.Count} rows), query {q}, k {k}, filter {filter?.Intent ?? "none"}";
                    Assert.True(expected.Count == found.Count, $"{at}: SQLite found {expected.Count}, PostgreSQL {found.Count}");
                    for (int i = 0; i < expected.Count; i++)
                    {
                        Assert.InRange(Math.Abs(expected[i].Distance - found[i].Distance), 0, 1e-5);
                        bool tie = (i > 0 && Math.Abs(expected[i].Distance - expected[i - 1].Distance) <= 1e-5)
                            || (i + 1 < expected.Count && Math.Abs(expected[i].Distance - expected[i + 1].Distance) <= 1e-5);
                        Assert.True(tie || expected[i].Item.FragmentId == found[i].Item.FragmentId, $"{at}: rank {i}: SQLite {expected[i].Item.FragmentId}, PostgreSQL {found[i].Item.FragmentId}");
                    }
                }
            }, seed: "0tenvec5eed1", iter: 12, threads: 1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

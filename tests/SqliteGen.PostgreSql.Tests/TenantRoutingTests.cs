using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The generated tenant routing of <see cref="PatternsDb"/> on three real servers (<c>PatternsDb.PostgreSql</c>:
/// <c>OpenTenantsAsync</c>, <c>ForTenant</c>, <c>Base</c>, <c>MigrateAllTenantsAsync</c>): the SQLite routing tests'
/// scenario run on both engines with the same results, the rows where the servers' catalogs say they are, hundreds of
/// tenants placed on first use by the policy under concurrent writers, a tenant moved by another directory read and
/// written where it is now, a stopped server, and the generated migrations checked on every tenant.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantRoutingTests(TenantCluster cluster)
{
    private static readonly string[] s_badIds = ["../escape", "/etc/passwd", "a\\b", "nul", "Alice", "", "a\u2215b", "x'; DROP SCHEMA public; --"];

    private static ResponsePattern Pattern(string id, string intent, string response) => new(id, "when " + id, response, 0.5, intent, 0);

    /// <summary>A base database (its own database on server a), the three servers, and the router over them.</summary>
    internal sealed class Routing : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _base;

        private Routing(NpgsqlDataSource @base, Dictionary<string, string> databases, string baseConnectionString, PatternsDb.PostgreSql database, PatternsDb.PostgreSql.TenantRouter tenants)
        {
            _base = @base;
            Databases = databases;
            BaseConnectionString = baseConnectionString;
            Database = database;
            Tenants = tenants;
        }

        public Dictionary<string, string> Databases { get; }

        public string BaseConnectionString { get; }

        public PatternsDb.PostgreSql Database { get; }

        public PatternsDb.PostgreSql.TenantRouter Tenants { get; }

        public static async Task<Routing> OpenAsync(TenantCluster cluster, int? maxPoolSize = null)
        {
            Dictionary<string, string> databases = cluster.CreateDatabases();
            var baseConnection = new NpgsqlConnectionStringBuilder(cluster.A.CreateDatabase());
            if (maxPoolSize is int max)
            {
                baseConnection.Pooling = true;
                baseConnection.MaxPoolSize = max;
            }
            NpgsqlDataSource @base = NpgsqlDataSource.Create(baseConnection.ConnectionString);
            PatternsDb.PostgreSql database = await PatternsDb.OpenPostgreSqlAsync(@base);
            PatternsDb.PostgreSql.TenantRouter tenants = await database.OpenTenantsAsync(TenantCluster.Servers(databases, maxPoolSize), "a", TenantCluster.ShortLockOptions);
            return new Routing(@base, databases, baseConnection.ConnectionString, database, tenants);
        }

        public async ValueTask DisposeAsync()
        {
            await Tenants.Directory.Servers.DisposeAsync();
            await _base.DisposeAsync();
        }
    }

    /// <summary>
    /// The scenario of tests/SqliteGen.Tests/Tenancy/TenantRoutingTests.cs, written once against the members both engines'
    /// tenant views have (the same names and signatures, bound at run time), its results as lines: layered reads in every
    /// read method, base writes seen by every tenant, tenant writes that stay the tenant's, isolation, a constraint
    /// violation, write transactions committed, abandoned and thrown out of, the async forms, and refused ids.
    /// </summary>
    private static async Task<List<string>> RunScenarioAsync(dynamic db, Func<string, dynamic> forTenant)
    {
        var log = new List<string>();
        static string Texts(IEnumerable<ResponsePattern> patterns) => string.Join(", ", patterns.Select(p => p.FragmentId + ":" + p.ResponseText).Order(StringComparer.Ordinal));

        db.Base.ResponsePatterns.InsertMany(new[] { Pattern("p1", "greet", "Hello (base)"), Pattern("p2", "bye", "Bye (base)") });
        db.Topics.Insert(new Topic("sqlite", "SQLite"));
        dynamic alice = forTenant("alice");
        alice.ResponsePatterns.Insert(Pattern("p1", "greet", "Hi Alice (own)"));
        alice.ResponsePatterns.Insert(Pattern("p3", "greet", "Hey (own)"));

        ResponsePattern got = alice.ResponsePatterns.Get("p1");
        log.Add("alice get p1: " + got.ResponseText);
        got = alice.ResponsePatterns.Get("p2");
        log.Add("alice get p2: " + got.ResponseText);
        ResponsePattern? found = alice.ResponsePatterns.Find("p3");
        log.Add("alice find p3: " + found?.ResponseText);
        found = alice.ResponsePatterns.Find("nope");
        log.Add("alice find nope: " + (found is null ? "null" : found.ResponseText));
        try
        {
            alice.ResponsePatterns.Get("nope");
            log.Add("alice get nope: found");
        }
        catch (EntityNotFoundException e)
        {
            log.Add($"alice get nope: not found in {e.Table}, {e.Key}");
        }
        IReadOnlyList<ResponsePattern> list = alice.ResponsePatterns.FindByIntent("greet");
        log.Add("alice greet: " + Texts(list));
        list = alice.ResponsePatterns.FindByIntent("bye");
        log.Add("alice bye: " + Texts(list));
        IEnumerable<ResponsePattern> all = alice.ResponsePatterns.All();
        log.Add("alice all: " + Texts(all));
        long count = alice.ResponsePatterns.Count();
        long own = alice.ResponsePatterns.Tenant.Count();
        log.Add($"alice count: {count}, own {own}");

        dynamic bob = forTenant("bob");
        got = bob.ResponsePatterns.Get("p1");
        count = bob.ResponsePatterns.Count();
        log.Add($"bob get p1: {got.ResponseText}, count {count}");

        db.Base.ResponsePatterns.Insert(Pattern("p9", "greet", "added to the base later"));
        got = alice.ResponsePatterns.Get("p9");
        log.Add("alice get p9: " + got.ResponseText);
        bool changed = db.Base.ResponsePatterns.Delete("p2");
        found = alice.ResponsePatterns.Find("p2");
        log.Add($"base delete p2: {changed}, alice find p2: {(found is null ? "null" : found.ResponseText)}");

        alice.ResponsePatterns.Upsert(Pattern("p1", "greet", "mine"));
        got = alice.ResponsePatterns.Get("p1");
        changed = alice.ResponsePatterns.Update(Pattern("p9", "greet", "no such row"));
        log.Add($"alice upsert p1: {got.ResponseText}, update p9: {changed}");
        changed = alice.ResponsePatterns.Delete("p1");
        got = alice.ResponsePatterns.Get("p1");
        bool again = alice.ResponsePatterns.Delete("p1");
        ResponsePattern stillShared = db.Base.ResponsePatterns.Get("p1");
        log.Add($"alice delete p1: {changed}, then get p1: {got.ResponseText}, delete again: {again}, base p1: {stillShared.ResponseText}");

        UserNote note = alice.UserNotes.Insert(new UserNote(0, "todo", "buy milk"));
        long aliceNotes = alice.UserNotes.Count();
        long bobNotes = bob.UserNotes.Count();
        UserNote? bobTodo = bob.UserNotes.FindBySlug("todo");
        log.Add($"alice note id {note.NoteId}, alice notes {aliceNotes}, bob notes {bobNotes}, bob todo {(bobTodo is null ? "null" : bobTodo.Text)}");
        try
        {
            alice.UserNotes.Insert(new UserNote(0, "todo", "again"));
            log.Add("duplicate slug: inserted");
        }
        catch (ConstraintViolationException e)
        {
            log.Add($"duplicate slug: {e.Kind} on {e.Table} ({e.Columns})");
        }
        Topic topic = alice.Topics.Get("sqlite");
        log.Add("alice topic: " + topic.Title);

        alice.Write((Action<dynamic>)(tx =>
        {
            tx.UserNotes.Insert(new UserNote(0, "a", "first"));
            tx.ResponsePatterns.Insert(Pattern("p4", "greet", "own, in a transaction"));
            long inside = tx.ResponsePatterns.Count();
            log.Add("count inside the transaction: " + inside);
        }));
        using (dynamic tx = alice.BeginWrite())
        {
            tx.UserNotes.Insert(new UserNote(0, "b", "never committed"));
            tx.ResponsePatterns.Upsert(Pattern("p3", "greet", "not kept"));
        }
        try
        {
            alice.Write((Action<dynamic>)(tx =>
            {
                tx.UserNotes.Insert(new UserNote(0, "c", "rolled back"));
                throw new InvalidOperationException("fail on purpose");
            }));
        }
        catch (InvalidOperationException e)
        {
            log.Add("thrown out of a transaction: " + e.Message);
        }
        IEnumerable<UserNote> notes = alice.UserNotes.All();
        got = alice.ResponsePatterns.Get("p3");
        log.Add($"alice notes after the transactions: {string.Join(", ", notes.Select(n => n.Slug).Order(StringComparer.Ordinal))}; p3: {got.ResponseText}");

        got = await alice.ResponsePatterns.GetAsync("p4");
        found = await alice.ResponsePatterns.FindAsync("p2");
        count = await alice.ResponsePatterns.CountAsync();
        list = await alice.ResponsePatterns.FindByIntentAsync("greet");
        var streamed = new List<ResponsePattern>();
        IAsyncEnumerable<ResponsePattern> sequence = alice.ResponsePatterns.AllAsync();
        await foreach (ResponsePattern pattern in sequence)
            streamed.Add(pattern);
        log.Add($"async: get p4 {got.ResponseText}, find p2 {(found is null ? "null" : found.ResponseText)}, count {count}, greet {Texts(list)}, all {Texts(streamed)}");

        foreach (string id in s_badIds)
        {
            try
            {
                forTenant(id);
                log.Add($"id '{id}': accepted");
            }
            catch (InvalidTenantIdException e)
            {
                log.Add($"id '{e.TenantId}': refused");
            }
        }
        alice.Dispose();
        bob.Dispose();
        return log;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> on a SQLite base file (in a folder of its own, removed after) and on
    /// <paramref name="routing"/>'s servers, asserts that both engines give the same lines and returns them.
    /// </summary>
    private static async Task<List<string>> SameOnBothAsync(Routing routing, Func<dynamic, Func<string, dynamic>, Task<List<string>>> scenario)
    {
        List<string> sqlite;
        string folder = Directory.CreateTempSubdirectory("sqlitegen-tenants-").FullName;
        try
        {
            using PatternsDb file = PatternsDb.Open(Path.Combine(folder, "base.db"));
            sqlite = await scenario(file, id => file.ForTenant(id));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        List<string> postgres = await scenario(routing.Database, id => routing.Tenants.ForTenant(id));
        Assert.Equal(sqlite, postgres);
        return postgres;
    }

    /// <summary>
    /// The layered full-text search of one tenant, written once against both engines' views, its results as lines that do
    /// not depend on how an engine ranks (bm25 on SQLite, <c>ts_rank</c> on PostgreSQL, each file or schema ranking on its
    /// own): the rows found as a set (a limit above the number of matches), whether they come best first by the engine's
    /// own scores, and whether a smaller limit gives a prefix of that answer. Cases: a base row hidden by a tenant row that
    /// does not match (only the base row matches), a tenant row matching where the base row with its key would not,
    /// tenant-only and base-only matches, a limit the hidden rows would fill (the base asked again for more), limits
    /// crossing from the tenant's results into the base's, no match, bad arguments, the async form, and a search inside
    /// a tenant write transaction that sees the transaction's own row.
    /// </summary>
    private static async Task<List<string>> RunSearchScenarioAsync(dynamic db, Func<string, dynamic> forTenant)
    {
        var log = new List<string>();
        static string Found(IReadOnlyList<TextMatch<ResponsePattern>> matches) =>
            string.Join(", ", matches.Select(m => m.Item.FragmentId + ":" + m.Item.ResponseText).Order(StringComparer.Ordinal));
        static bool BestFirst(IReadOnlyList<TextMatch<ResponsePattern>> matches) => matches.Zip(matches.Skip(1)).All(p => p.First.Score >= p.Second.Score);

        db.Base.ResponsePatterns.InsertMany(new[]
        {
            Pattern("b-apple", "fruit", "apple banana"),
            Pattern("b-pie", "fruit", "apple pie from the shared book of recipes"),
            Pattern("h-cherry", "fruit", "cherry apple"),
            Pattern("h-grape", "fruit", "grape"),
            Pattern("k1", "fruit", "kiwi kiwi kiwi"), Pattern("k2", "fruit", "kiwi kiwi kiwi"), Pattern("k3", "fruit", "kiwi kiwi kiwi"),
            Pattern("k4", "fruit", "kiwi kiwi kiwi"), Pattern("k5", "fruit", "kiwi kiwi kiwi"),
            Pattern("k6", "fruit", "one kiwi somewhere in a long sentence about other things entirely"),
        });
        dynamic alice = forTenant("alice");
        alice.ResponsePatterns.InsertMany(new[]
        {
            Pattern("h-cherry", "fruit", "plain durian"),
            Pattern("h-grape", "fruit", "apple grape fig"),
            Pattern("t-apple", "fruit", "apple apple apple"),
            Pattern("t-melon", "fruit", "melon"),
            Pattern("k1", "fruit", "no fruit"), Pattern("k2", "fruit", "no fruit"), Pattern("k3", "fruit", "no fruit"),
            Pattern("k4", "fruit", "no fruit"), Pattern("k5", "fruit", "no fruit"),
        });

        foreach (string text in new[] { "apple", "cherry", "durian", "melon", "banana", "grape", "kiwi", "zebra", "apple melon" })
        {
            IReadOnlyList<TextMatch<ResponsePattern>> matches = alice.ResponsePatterns.Search(text, 50);
            log.Add($"{text}: [{Found(matches)}], best first: {BestFirst(matches)}");
        }
        IReadOnlyList<TextMatch<ResponsePattern>> apple = alice.ResponsePatterns.Search("apple", 50);
        for (int limit = 1; limit <= apple.Count + 1; limit++)
        {
            IReadOnlyList<TextMatch<ResponsePattern>> first = alice.ResponsePatterns.Search("apple", limit);
            bool prefix = first.Select(m => m.Item.FragmentId).SequenceEqual(apple.Take(limit).Select(m => m.Item.FragmentId));
            log.Add($"apple limit {limit}: {first.Count} rows, the first of the whole answer: {prefix}");
        }
        // Five hidden base rows rank above the one visible kiwi row: the base is asked again, for more.
        IReadOnlyList<TextMatch<ResponsePattern>> kiwi = alice.ResponsePatterns.Search("kiwi", 1);
        log.Add($"kiwi limit 1: [{Found(kiwi)}]");

        foreach ((string text, int limit) in new[] { ("...", 5), ("apple", 0) })
        {
            try
            {
                alice.ResponsePatterns.Search(text, limit);
                log.Add($"'{text}' limit {limit}: accepted");
            }
            catch (ArgumentException e)
            {
                log.Add($"'{text}' limit {limit}: {e.GetType().Name}, {e.Message}");
            }
        }

        IReadOnlyList<TextMatch<ResponsePattern>> awaited = await alice.ResponsePatterns.SearchAsync("apple", 50);
        log.Add($"async apple: [{Found(awaited)}], best first: {BestFirst(awaited)}");

        alice.Write((Action<dynamic>)(tx =>
        {
            tx.ResponsePatterns.Insert(Pattern("x-lime", "fruit", "lime apple"));
            IReadOnlyList<TextMatch<ResponsePattern>> inside = tx.ResponsePatterns.Search("lime", 50);
            log.Add($"lime inside the transaction: [{Found(inside)}]");
        }));
        dynamic bob = forTenant("bob");
        IReadOnlyList<TextMatch<ResponsePattern>> bobs = bob.ResponsePatterns.Search("apple", 50);
        log.Add($"bob apple: [{Found(bobs)}]");
        alice.Dispose();
        bob.Dispose();
        return log;
    }

    [Fact]
    public async Task Layered_search_finds_the_same_rows_on_both_engines_with_overridden_base_rows_hidden_and_limits_filled_from_the_base()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        List<string> postgres = await SameOnBothAsync(routing, RunSearchScenarioAsync);
        // The answers themselves, so that equal answers are also the right ones.
        Assert.Equal(
        [
            "apple: [b-apple:apple banana, b-pie:apple pie from the shared book of recipes, h-grape:apple grape fig, t-apple:apple apple apple], best first: True",
            "cherry: [], best first: True",
            "durian: [h-cherry:plain durian], best first: True",
            "melon: [t-melon:melon], best first: True",
            "banana: [b-apple:apple banana], best first: True",
            "grape: [h-grape:apple grape fig], best first: True",
            "kiwi: [k6:one kiwi somewhere in a long sentence about other things entirely], best first: True",
            "zebra: [], best first: True",
            "apple melon: [b-apple:apple banana, b-pie:apple pie from the shared book of recipes, h-grape:apple grape fig, t-apple:apple apple apple, t-melon:melon], best first: True",
            "apple limit 1: 1 rows, the first of the whole answer: True",
            "apple limit 2: 2 rows, the first of the whole answer: True",
            "apple limit 3: 3 rows, the first of the whole answer: True",
            "apple limit 4: 4 rows, the first of the whole answer: True",
            "apple limit 5: 4 rows, the first of the whole answer: True",
            "kiwi limit 1: [k6:one kiwi somewhere in a long sentence about other things entirely]",
        ], postgres.Take(15));
        Assert.StartsWith("'...' limit 5: ArgumentException, ", postgres[15], StringComparison.Ordinal);
        Assert.StartsWith("'apple' limit 0: ArgumentOutOfRangeException, ", postgres[16], StringComparison.Ordinal);
        Assert.Equal("async apple: [b-apple:apple banana, b-pie:apple pie from the shared book of recipes, h-grape:apple grape fig, t-apple:apple apple apple], best first: True", postgres[17]);
        Assert.Equal("lime inside the transaction: [x-lime:lime apple]", postgres[18]);
        Assert.Equal("bob apple: [b-apple:apple banana, b-pie:apple pie from the shared book of recipes, h-cherry:cherry apple]", postgres[19]);
        Assert.Equal(20, postgres.Count);
    }

    [Fact]
    public async Task The_sqlite_tenancy_scenario_gives_the_same_results_on_postgresql_with_each_row_where_the_catalogs_say()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        List<string> postgres = await SameOnBothAsync(routing, RunScenarioAsync);
        // The values the SQLite routing tests assert, so equal results are also the right ones.
        Assert.Contains("alice get p1: Hi Alice (own)", postgres);
        Assert.Contains("alice get p2: Bye (base)", postgres);
        Assert.Contains("alice all: p1:Hi Alice (own), p2:Bye (base), p3:Hey (own)", postgres);
        Assert.Contains("alice count: 3, own 2", postgres);
        Assert.Contains("bob get p1: Hello (base), count 2", postgres);
        Assert.Contains("alice delete p1: True, then get p1: Hello (base), delete again: False, base p1: Hello (base)", postgres);
        Assert.Contains("alice note id 1, alice notes 1, bob notes 0, bob todo null", postgres);
        Assert.Contains("alice notes after the transactions: a, todo; p3: Hey (own)", postgres);
        Assert.All(s_badIds, id => Assert.Contains($"id '{id}': refused", postgres));

        // Where the rows are, by the servers' own catalogs: alice's and bob's in their schemas on the servers the directory
        // names, the base rows and shared tables in the base database, nothing tenant-scoped in the base but the base rows.
        TenantLocation alice = await routing.Tenants.Directory.LocateAsync("alice");
        TenantLocation bob = await routing.Tenants.Directory.LocateAsync("bob");
        Assert.NotEqual(alice.Server, bob.Server); // fewest tenants: the second goes elsewhere
        Assert.Equal(["a", "todo"], await SlugsAsync(routing.Databases[alice.Server], "alice"));
        Assert.Equal(2, await ScalarAsync(routing.Databases[alice.Server], "SELECT count(*) FROM \"t_alice\".response_patterns"));
        Assert.Equal(0, await ScalarAsync(routing.Databases[bob.Server], "SELECT count(*) FROM \"t_bob\".user_notes"));
        Assert.Equal(2, await ScalarAsync(routing.BaseConnectionString, "SELECT count(*) FROM response_patterns")); // p1, p9
        Assert.Equal(1, await ScalarAsync(routing.BaseConnectionString, "SELECT count(*) FROM topics"));
        Assert.Equal(0, await ScalarAsync(routing.BaseConnectionString, "SELECT count(*) FROM user_notes"));
        Assert.Equal(0, await ScalarAsync(routing.Databases[alice.Server], "SELECT count(*) FROM \"t_alice\".topics"));
        Assert.Equal(2, (await routing.Tenants.Directory.ListAsync()).Count); // the refused ids placed nothing
    }

    [Fact]
    public async Task Three_hundred_tenants_placed_on_first_use_spread_evenly_and_concurrent_writers_lose_nothing()
    {
        const int Tenants = 300, Writers = 6, WritesPerWriter = 100;
        await using Routing routing = await Routing.OpenAsync(cluster, maxPoolSize: 12);
        await routing.Database.Base.ResponsePatterns.InsertAsync(Pattern("shared", "greet", "base"));
        var acknowledged = new ConcurrentBag<(string Tenant, string Slug)>();
        var errors = new ConcurrentBag<Exception>();
        using var writing = new CancellationTokenSource();

        // Every tenant is written twice, by two writers, the first write placing it.
        Task[] writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < WritesPerWriter; i++)
            {
                string tenant = $"u{(i * Writers + w) % Tenants:D3}";
                string slug = $"w{w}-{i}";
                try
                {
                    await routing.Tenants.ForTenant(tenant).UserNotes.InsertAsync(new UserNote(0, slug, "note"));
                    acknowledged.Add((tenant, slug));
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();
        Task[] readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var random = new Random(100 + r);
            while (!writing.IsCancellationRequested)
            {
                try
                {
                    PatternsDb.PostgreSql.TenantView view = routing.Tenants.ForTenant($"u{random.Next(Tenants):D3}");
                    Assert.Equal("base", (await view.ResponsePatterns.GetAsync("shared")).ResponseText);
                    _ = await view.UserNotes.CountAsync();
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await writing.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(errors);
        Assert.Equal(Writers * WritesPerWriter, acknowledged.Count);
        // Spread by the policy (fewest tenants), counted in each server's own catalog.
        foreach (string server in new[] { "a", "b", "c" })
            Assert.Equal(Tenants / 3, await TenantCatalog.LiveTenantSchemasAsync(routing.Databases[server]));
        IReadOnlyList<TenantDirectoryEntry> placed = await routing.Tenants.Directory.ListAsync();
        Assert.Equal(Tenants, placed.Count);
        // Every acknowledged note once, in the tenant's schema on the server the directory names, read from that server.
        foreach (IGrouping<string, (string Tenant, string Slug)> tenant in acknowledged.GroupBy(a => a.Tenant))
        {
            string server = placed.Single(p => p.TenantId == tenant.Key).Server;
            Assert.Equal(tenant.Select(a => a.Slug).Order(StringComparer.Ordinal).ToList(), await SlugsAsync(routing.Databases[server], tenant.Key));
        }
    }

    [Fact]
    public async Task A_tenant_moved_by_another_directory_is_read_and_written_where_it_is_now_and_never_at_its_old_place()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("alice", "a");
        PatternsDb.PostgreSql.TenantView alice = routing.Tenants.ForTenant("alice");
        await alice.UserNotes.InsertAsync(new UserNote(0, "before", "written on a"));
        Assert.Equal("a", (await routing.Tenants.Directory.LocateAsync("alice")).Server); // cached in this router

        // Another process moves alice to b; while its move holds her writes (her copy on b made, a not yet retired), this
        // router writes through its cached location: refused, retryably, and written nowhere.
        Exception? duringMove = null;
        var options = new TenantDirectoryOptions
        {
            WriteLockTimeout = TimeSpan.FromMilliseconds(200),
            AfterMoveStep = async (_, step) =>
            {
                if (step == TenantMoveStep.Copied)
                    duringMove = await Record.ExceptionAsync(async () => await alice.UserNotes.InsertAsync(new UserNote(0, "during", "must land nowhere")));
            },
        };
        await using (TenantServers servers = TenantCluster.Servers(routing.Databases))
        {
            TenantDirectory other = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, options);
            await other.MoveAsync("alice", "b");
        }
        var busy = Assert.IsType<TenantBusyException>(duringMove);
        Assert.Equal("alice", busy.TenantId);
        Assert.True(busy.IsRetryable);

        Assert.Equal("a", (await routing.Tenants.Directory.LocateAsync("alice")).Server); // the cache is stale now
        Assert.Equal("written on a", (await alice.UserNotes.FindBySlugAsync("before"))?.Text);
        await alice.UserNotes.InsertAsync(new UserNote(0, "after", "written on b"));
        Assert.Equal(["after", "before"], alice.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList());
        Assert.Equal("b", (await routing.Tenants.Directory.LocateAsync("alice")).Server);

        // The servers' catalogs: no copy of alice left on a, both notes on b, the refused one nowhere.
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["a"], "alice"));
        Assert.Equal(1, await TenantCatalog.CopiesAsync(routing.Databases["b"], "alice"));
        Assert.Equal(["after", "before"], await SlugsAsync(routing.Databases["b"], "alice"));
    }

    [Fact]
    public async Task A_stopped_server_fails_its_tenants_clearly_while_the_others_work_and_nothing_is_lost_when_it_returns()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        routing.Database.Base.ResponsePatterns.Insert(Pattern("shared", "greet", "base"));
        foreach ((string id, string server) in new[] { ("ann", "a"), ("ben", "b"), ("cat", "c") })
        {
            await routing.Tenants.Directory.PlaceAsync(id, server);
            routing.Tenants.ForTenant(id).UserNotes.Insert(new UserNote(0, "first", "on " + server));
        }

        cluster.C.Stop();
        try
        {
            PatternsDb.PostgreSql.TenantView cat = routing.Tenants.ForTenant("cat");
            var down = await Assert.ThrowsAsync<TenantServerUnavailableException>(async () => await cat.UserNotes.InsertAsync(new UserNote(0, "second", "refused")));
            Assert.Equal("cat", down.TenantId);
            Assert.Equal("c", down.Server);
            Assert.True(down.IsRetryable);
            Assert.Contains("Tenant 'cat' lives on server 'c'", down.Message);
            Assert.Throws<TenantServerUnavailableException>(() => cat.ResponsePatterns.Get("shared")); // the tenant's row comes first
            foreach (string id in new[] { "ann", "ben" })
            {
                PatternsDb.PostgreSql.TenantView view = routing.Tenants.ForTenant(id);
                view.UserNotes.Insert(new UserNote(0, "second", "while c is down"));
                Assert.Equal(2, view.UserNotes.Count());
                Assert.Equal("base", view.ResponsePatterns.Get("shared").ResponseText);
            }
        }
        finally
        {
            cluster.C.Restart();
        }
        PatternsDb.PostgreSql.TenantView back = routing.Tenants.ForTenant("cat");
        back.UserNotes.Insert(new UserNote(0, "second", "after c returned"));
        Assert.Equal(["first", "second"], back.UserNotes.All().Select(n => n.Slug).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(["first", "second"], await SlugsAsync(routing.Databases["c"], "cat"));
    }

    [Fact]
    public async Task MigrateAllTenantsAsync_checks_every_tenant_against_the_generated_migrations_and_reports_the_one_that_drifted()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        foreach ((string id, string server) in new[] { ("ann", "a"), ("ben", "b"), ("cat", "c") })
            await routing.Tenants.Directory.PlaceAsync(id, server);
        // Placement wrote the generated history into each schema: version 1 with the generated step's checksum.
        Assert.Equal(PatternsDb.PostgreSql.Migrations[0].Checksum,
            await TextAsync(routing.Databases["a"], "SELECT checksum FROM \"t_ann\".sqlitegen_migrations WHERE version = 1"));
        // ben's history now says another step 1 made his schema: drift, which the generated list must catch.
        await ScalarAsync(routing.Databases["b"], "WITH changed AS (UPDATE \"t_ben\".sqlitegen_migrations SET checksum = 'not the generated step' RETURNING 1) SELECT count(*) FROM changed");

        TenantServerMigrationReport report = await routing.Tenants.MigrateAllTenantsAsync();

        Assert.Equal(["ann", "ben", "cat"], report.Tenants.Select(t => t.TenantId));
        TenantServerMigrationResult failed = Assert.Single(report.Failed);
        Assert.Equal(("ben", "b", false), (failed.TenantId, failed.Server, failed.IsRetryable));
        Assert.Contains("ben", failed.Error);
        // PatternsDb is at version 1, its one generated step: the others were checked at it and left there.
        Assert.Equal(1, PatternsDb.SchemaVersion);
        Assert.All(report.Tenants.Where(t => t.Succeeded), t =>
        {
            Assert.Equal(1, t.FromVersion);
            Assert.Equal(1, t.Version);
        });
    }

    [Fact]
    public async Task A_write_through_a_view_inside_its_tenants_open_transaction_is_refused_and_another_tenants_is_not()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        PatternsDb.PostgreSql.TenantView alice = routing.Tenants.ForTenant("alice");
        PatternsDb.PostgreSql.TenantView aliceAgain = routing.Tenants.ForTenant("alice");
        PatternsDb.PostgreSql.TenantView bob = routing.Tenants.ForTenant("bob");
        using (PatternsDb.PostgreSql.TenantWriteTransaction tx = alice.BeginWrite())
        {
            tx.UserNotes.Insert(new UserNote(0, "in-tx", "kept"));
            // Another connection would wait forever for the rows the transaction holds: refused at once, whichever view.
            var refused = Assert.Throws<InvalidOperationException>(() => aliceAgain.UserNotes.Insert(new UserNote(0, "outside", "refused")));
            Assert.Contains("inside a write transaction", refused.Message);
            bob.UserNotes.Insert(new UserNote(0, "bob", "another tenant's schema"));
            tx.Commit();
        }
        Assert.Equal(["in-tx"], alice.UserNotes.All().Select(n => n.Slug).ToList());
        Assert.Equal(["bob"], bob.UserNotes.All().Select(n => n.Slug).ToList());
    }

    /// <summary>
    /// A tenant's tables keep no resident vector index on PostgreSQL: their Nearest and HybridSearch refuse, naming the
    /// tenant, while the view itself and the base's search work.
    /// </summary>
    [Fact]
    public async Task Vector_search_on_a_tenants_table_is_refused_naming_the_tenant_and_the_bases_works()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        routing.Database.Base.ResponsePatterns.Insert(Pattern("p1", "greet", "Hello (base)") with { Embedding = [1f, 0f, 0f] });
        PatternsDb.PostgreSql.TenantView alice = routing.Tenants.ForTenant("alice");
        alice.ResponsePatterns.Insert(Pattern("p2", "greet", "Hi (own)") with { Embedding = [0f, 1f, 0f] });
        var refused = Assert.Throws<NotSupportedException>(() => alice.ResponsePatterns.Tenant.Nearest(new float[] { 1f, 0f, 0f }, 1));
        Assert.Contains("tenant 'alice'", refused.Message);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await alice.ResponsePatterns.Tenant.NearestAsync(new float[] { 1f, 0f, 0f }, 1));
        Assert.Equal("p2", alice.ResponsePatterns.Get("p2").FragmentId);
        Assert.Equal(["p1"], routing.Database.Base.ResponsePatterns.Nearest(new float[] { 1f, 0f, 0f }, 1).Select(n => n.Item.FragmentId).ToList());
    }

    /// <summary>The slugs of <paramref name="tenantId"/>'s notes, read from its schema on the server itself, in ordinal order.</summary>
    private static async Task<List<string>> SlugsAsync(string connectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT slug FROM " + TenantSchemaNames.Quote(TenantSchemaNames.Live(tenantId)) + ".user_notes ORDER BY slug COLLATE \"C\"", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var slugs = new List<string>();
        while (await reader.ReadAsync())
            slugs.Add(reader.GetString(0));
        return slugs;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql) => Convert.ToInt64(await QueryAsync(connectionString, sql));

    private static async Task<string?> TextAsync(string connectionString, string sql) => (string?)await QueryAsync(connectionString, sql);

    private static async Task<object?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

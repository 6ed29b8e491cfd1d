using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Tenancy;

/// <summary>
/// The generated tenant routing of <see cref="PatternsDb"/> on real files: a base file, one file per
/// tenant, layered reads, the base writer, isolation, many tenants and hostile ids.
/// </summary>
public sealed class TenantRoutingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private PatternsDb Open(int maxOpenTenants = 64) =>
        PatternsDb.Open(_folder.File("base.db"), SqliteGenOptions.Default with { MaxOpenTenants = maxOpenTenants });

    private static ResponsePattern Pattern(string id, string intent, string response) => new(id, "when " + id, response, 0.5, intent, 0);

    private static long Count(string file, string countSql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = countSql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Isolated_rows_are_visible_only_to_their_tenant_and_never_in_the_base_file()
    {
        using PatternsDb db = Open();
        using (PatternsDb.TenantView alice = db.ForTenant("alice"))
        {
            alice.UserNotes.Insert(new UserNote(0, "todo", "buy milk"));
            Assert.Equal(1, alice.UserNotes.Count());
            Assert.Equal(Path.Combine(db.TenantFolder, "alice.db"), alice.FilePath);
        }
        using (PatternsDb.TenantView bob = db.ForTenant("bob"))
        {
            Assert.Equal(0, bob.UserNotes.Count());
            Assert.Null(bob.UserNotes.FindBySlug("todo"));
        }
        Assert.Equal(0, Count(db.FilePath, "SELECT count(*) FROM user_notes"));
        Assert.Equal(Path.Combine(_folder.Path, "tenants"), db.TenantFolder);
    }

    [Fact]
    public void Layered_reads_take_the_tenant_row_first_and_the_base_row_as_fallback_in_every_read_method()
    {
        using PatternsDb db = Open();
        db.Base.ResponsePatterns.InsertMany(new[] { Pattern("p1", "greet", "Hello (base)"), Pattern("p2", "bye", "Bye (base)") });
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        alice.ResponsePatterns.Insert(Pattern("p1", "greet", "Hi Alice (own)"));
        alice.ResponsePatterns.Insert(Pattern("p3", "greet", "Hey (own)"));

        Assert.Equal("Hi Alice (own)", alice.ResponsePatterns.Get("p1").ResponseText);
        Assert.Equal("Bye (base)", alice.ResponsePatterns.Get("p2").ResponseText);
        Assert.Equal("Hey (own)", alice.ResponsePatterns.Find("p3")!.ResponseText);
        Assert.Null(alice.ResponsePatterns.Find("nope"));
        Assert.Throws<EntityNotFoundException>(() => alice.ResponsePatterns.Get("nope"));
        Assert.Equal(new[] { "Hi Alice (own)", "Hey (own)" }, alice.ResponsePatterns.FindByIntent("greet").Select(p => p.ResponseText));
        Assert.Equal(new[] { "Bye (base)" }, alice.ResponsePatterns.FindByIntent("bye").Select(p => p.ResponseText));
        Assert.Equal(new[] { "p1:Hi Alice (own)", "p2:Bye (base)", "p3:Hey (own)" },
            alice.ResponsePatterns.All().Select(p => p.FragmentId + ":" + p.ResponseText).Order());
        Assert.Equal(3, alice.ResponsePatterns.Count());
        Assert.Equal(2, alice.ResponsePatterns.Tenant.Count());

        using PatternsDb.TenantView bob = db.ForTenant("bob");
        Assert.Equal("Hello (base)", bob.ResponsePatterns.Get("p1").ResponseText);
        Assert.Equal(2, bob.ResponsePatterns.Count());

        // Alice's readers attached the base file when they opened: base rows written since are seen at once.
        db.Base.ResponsePatterns.Insert(Pattern("p9", "greet", "added to the base later"));
        Assert.Equal("added to the base later", alice.ResponsePatterns.Get("p9").ResponseText);
        db.Base.ResponsePatterns.Delete("p2");
        Assert.Null(alice.ResponsePatterns.Find("p2"));
    }

    [Fact]
    public async Task Layered_async_reads_agree_with_the_sync_ones()
    {
        using PatternsDb db = Open();
        db.Base.ResponsePatterns.Insert(Pattern("p1", "greet", "base"));
        db.Base.ResponsePatterns.Insert(Pattern("p2", "greet", "base 2"));
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        await alice.ResponsePatterns.InsertAsync(Pattern("p1", "greet", "own"));

        Assert.Equal("own", (await alice.ResponsePatterns.GetAsync("p1")).ResponseText);
        Assert.Equal("base 2", (await alice.ResponsePatterns.FindAsync("p2"))!.ResponseText);
        Assert.Equal(2, (await alice.ResponsePatterns.FindByIntentAsync("greet")).Count);
        Assert.Equal(2, await alice.ResponsePatterns.CountAsync());
        var all = new List<string>();
        await foreach (ResponsePattern pattern in alice.ResponsePatterns.AllAsync())
            all.Add(pattern.ResponseText);
        Assert.Equal(new[] { "base 2", "own" }, all.Order());
    }

    [Fact]
    public void Layered_search_merges_the_tenant_and_base_results_and_hides_overridden_base_rows()
    {
        using PatternsDb db = Open();
        db.Base.ResponsePatterns.InsertMany(new[]
        {
            Pattern("b1", "greet", "hello there") with { Embedding = new[] { 1f, 0f, 0f } },
            Pattern("b2", "greet", "hello again") with { Embedding = new[] { 0.9f, 0.1f, 0f } },
            Pattern("b3", "bye", "goodbye") with { Embedding = new[] { 0f, 1f, 0f } },
        });
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        // Alice overrides b1 with a row pointing elsewhere, and adds her own close to the query.
        alice.ResponsePatterns.Insert(Pattern("b1", "greet", "hello from alice") with { Embedding = new[] { -1f, 0f, 0f } });
        alice.ResponsePatterns.Insert(Pattern("a1", "greet", "hello alice style") with { Embedding = new[] { 0.95f, 0.05f, 0f } });

        var nearest = alice.ResponsePatterns.Nearest(new[] { 1f, 0f, 0f }, 3);
        Assert.Equal(new[] { "a1", "b2", "b3" }, nearest.Select(n => n.Item.FragmentId));
        Assert.True(nearest[0].Distance <= nearest[1].Distance && nearest[1].Distance <= nearest[2].Distance);
        Assert.DoesNotContain(nearest, n => n.Item.ResponseText == "hello there"); // the base b1 is hidden by alice's b1

        var words = alice.ResponsePatterns.Search("hello", 10);
        Assert.Equal(new[] { "a1", "b1", "b2" }, words.Select(m => m.Item.FragmentId).Order());
        Assert.Equal("hello from alice", words.Single(m => m.Item.FragmentId == "b1").Item.ResponseText);
        Assert.Equal(2, alice.ResponsePatterns.Search("hello", 2).Count);

        var hybrid = alice.ResponsePatterns.HybridSearch("hello", new[] { 1f, 0f, 0f }, 3);
        Assert.Equal(3, hybrid.Count);
        Assert.Equal("a1", hybrid[0].Item.FragmentId); // near the query and a text match: first in both rankings
        Assert.NotNull(hybrid[0].TextRank);
        Assert.Equal(1, hybrid[0].VectorRank);
        Assert.DoesNotContain(hybrid, m => m.Item.ResponseText == "hello there");
        Assert.Equal(hybrid.Count, hybrid.Select(m => m.Item.FragmentId).Distinct().Count());
    }

    [Fact]
    public void Tenant_writes_never_reach_the_base_and_base_writes_reach_every_tenant()
    {
        using PatternsDb db = Open();
        db.Base.ResponsePatterns.Insert(Pattern("p1", "greet", "shared"));
        using (PatternsDb.TenantView alice = db.ForTenant("alice"))
        {
            alice.ResponsePatterns.Upsert(Pattern("p1", "greet", "mine"));
            Assert.False(alice.ResponsePatterns.Update(Pattern("p9", "greet", "no such row")));
            Assert.True(alice.ResponsePatterns.Delete("p1")); // the tenant's row goes; the shared one shows again
            Assert.Equal("shared", alice.ResponsePatterns.Get("p1").ResponseText);
            Assert.False(alice.ResponsePatterns.Delete("p1")); // the base row is not the tenant's to delete
        }
        Assert.Equal("shared", db.Base.ResponsePatterns.Get("p1").ResponseText);
        Assert.Equal(1, Count(db.FilePath, "SELECT count(*) FROM response_patterns"));

        db.Base.ResponsePatterns.Update(Pattern("p1", "greet", "shared v2"));
        using PatternsDb.TenantView carol = db.ForTenant("carol");
        Assert.Equal("shared v2", carol.ResponsePatterns.Get("p1").ResponseText);
    }

    [Fact]
    public void A_tenant_write_transaction_commits_or_rolls_back_as_one_in_the_tenant_file_only()
    {
        using PatternsDb db = Open();
        db.Base.ResponsePatterns.Insert(Pattern("p1", "greet", "shared"));
        using PatternsDb.TenantView alice = db.ForTenant("alice");

        alice.Write(tx =>
        {
            tx.UserNotes.Insert(new UserNote(0, "a", "first"));
            tx.ResponsePatterns.Insert(Pattern("p2", "greet", "own"));
            Assert.Equal(2, tx.ResponsePatterns.Count()); // its own row and the shared one
        });
        Assert.Equal(1, alice.UserNotes.Count());

        using (PatternsDb.TenantWriteTransaction tx = alice.BeginWrite())
        {
            tx.UserNotes.Insert(new UserNote(0, "b", "never committed"));
            tx.ResponsePatterns.Upsert(Pattern("p1", "greet", "not kept"));
        } // disposed without Commit
        Assert.Equal(1, alice.UserNotes.Count());
        Assert.Equal("shared", alice.ResponsePatterns.Get("p1").ResponseText);
        Assert.Throws<InvalidOperationException>(() => alice.Write(tx =>
        {
            tx.UserNotes.Insert(new UserNote(0, "c", "rolled back"));
            throw new InvalidOperationException("fail on purpose");
        }));
        Assert.Null(alice.UserNotes.FindBySlug("c"));
        Assert.Equal(1, Count(db.FilePath, "SELECT count(*) FROM response_patterns"));
    }

    [Fact]
    public void Shared_tables_are_the_base_file_seen_through_every_tenant()
    {
        using PatternsDb db = Open();
        db.Topics.Insert(new Topic("sqlite", "SQLite"));
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        Assert.Same(db.Topics, alice.Topics);
        Assert.Equal("SQLite", alice.Topics.Get("sqlite").Title);
        Assert.Equal(0, Count(alice.FilePath, "SELECT count(*) FROM topics"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("nul")]
    [InlineData("Alice")]
    [InlineData("")]
    [InlineData("a\u2215b")] // DIVISION SLASH, a look-alike of '/'
    public void A_bad_tenant_id_is_refused_before_any_file_is_touched(string id)
    {
        using PatternsDb db = Open();
        var error = Assert.Throws<InvalidTenantIdException>(() => db.ForTenant(id));
        Assert.Equal(id, error.TenantId);
        Assert.False(Directory.Exists(db.TenantFolder));
        Assert.Equal(new[] { "base.db" }, Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Where(f => !f!.EndsWith("-wal") && !f.EndsWith("-shm")));
    }

    [Fact]
    public async Task Many_tasks_writing_to_many_tenants_while_others_read_lose_nothing()
    {
        const int Tenants = 40, Writers = 12, WritesPerWriter = 40;
        using PatternsDb db = Open(maxOpenTenants: 8); // far fewer than the tenants: files close and reopen under load
        db.Base.ResponsePatterns.Insert(Pattern("shared", "greet", "base"));
        var acknowledged = new ConcurrentBag<(string Tenant, string Slug)>();
        var errors = new ConcurrentBag<Exception>();
        bool writing = true;

        Task[] writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            for (int i = 0; i < WritesPerWriter; i++)
            {
                string tenant = "t" + random.Next(Tenants);
                string slug = $"w{w}-{i}";
                try
                {
                    using PatternsDb.TenantView view = db.ForTenant(tenant);
                    view.UserNotes.Insert(new UserNote(0, slug, "note"));
                    acknowledged.Add((tenant, slug));
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();
        Task[] readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
        {
            var random = new Random(100 + r);
            while (Volatile.Read(ref writing))
            {
                try
                {
                    using PatternsDb.TenantView view = db.ForTenant("t" + random.Next(Tenants));
                    Assert.Equal("base", view.ResponsePatterns.Get("shared").ResponseText);
                    _ = view.UserNotes.Count();
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();

        await Task.WhenAll(writers);
        Volatile.Write(ref writing, false);
        await Task.WhenAll(readers);

        Assert.Empty(errors);
        Assert.Equal(Writers * WritesPerWriter, acknowledged.Count);
        foreach (IGrouping<string, (string Tenant, string Slug)> tenant in acknowledged.GroupBy(a => a.Tenant))
        {
            using PatternsDb.TenantView view = db.ForTenant(tenant.Key);
            List<string> stored = view.UserNotes.All().Select(n => n.Slug).ToList();
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.Equal(tenant.Select(a => a.Slug).Order(), stored.Order());
        }
    }

    [Fact]
    public void A_thousand_tenants_keep_open_files_bounded()
    {
        int before = Directory.GetFiles("/proc/self/fd").Length;
        using PatternsDb db = Open(maxOpenTenants: 16);
        int peak = 0;
        for (int i = 0; i < 1000; i++)
        {
            using PatternsDb.TenantView view = db.ForTenant($"user-{i:D4}");
            view.UserNotes.Insert(new UserNote(0, "n", "x"));
            if (i % 50 == 0)
                peak = Math.Max(peak, Directory.GetFiles("/proc/self/fd").Length);
        }
        Assert.Equal(1000, Directory.GetFiles(db.TenantFolder, "*.db").Length);
        // 16 open tenant files (each a database, a WAL and a shared-memory file, for a writer and a reader or two)
        // plus the base: far below one descriptor per tenant.
        Assert.True(peak - before < 16 * 12 + 40, $"{peak - before} descriptors opened for 1,000 tenants with 16 kept open");
    }

    [Fact]
    public void MigrateAllTenants_reports_each_tenant_and_one_broken_file_does_not_stop_the_others()
    {
        using (PatternsDb db = Open())
        {
            foreach (string tenant in new[] { "amy", "ben", "cid" })
            {
                using PatternsDb.TenantView view = db.ForTenant(tenant);
                view.UserNotes.Insert(new UserNote(0, "n", tenant));
            }
        }
        SqliteConnection.ClearAllPools();
        string broken = Path.Combine(_folder.Path, "tenants", "ben.db");
        File.WriteAllBytes(broken, Enumerable.Repeat((byte)'x', 8192).ToArray());
        File.Delete(broken + "-wal");
        File.WriteAllText(Path.Combine(_folder.Path, "tenants", "Not A Tenant.db"), "ignored: not a valid id");

        using PatternsDb reopened = Open();
        global::SqliteGen.Runtime.TenantMigrationReport report = reopened.MigrateAllTenants(maxParallelism: 2);

        Assert.Equal(new[] { "amy", "ben", "cid" }, report.Tenants.Select(t => t.TenantId));
        var failed = Assert.Single(report.Failed);
        Assert.Equal("ben", failed.TenantId);
        Assert.Contains("ben.db", failed.Error);
        Assert.All(report.Tenants.Where(t => t.Succeeded), t => Assert.Equal(PatternsDb.SchemaVersion, t.Version));
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.CrashWorker;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// The soak: tasks across 100 tenants (more than the 64 kept open, so tenant files close and reopen all the time)
/// mixing tenant writes, base writes through <c>db.Base</c>, layered Get/Find/FindBy/All/Count, vector
/// <c>Nearest</c> and text <c>Search</c>, for a bounded time (SQLITEGEN_SOAK_MINUTES; 15 s by default). Every read is
/// checked at once against an in-memory ledger, with the layered rule: a key the tenant has a row for is the
/// tenant's row at exactly the version it last wrote (each tenant has one writing task, so a read right after
/// an acknowledged write must see it), never the base row; any other key is the base row at a version at least
/// the one acknowledged before the read began. At the end every file is compared with the ledger; open file
/// descriptors and managed memory are sampled at the start, the middle and the end and must stay flat.
/// </summary>
public sealed class SoakTests : IDisposable
{
    private const int TenantCount = 100, TenantTasks = 10, BaseWriters = 2, BaseKeyCount = 40, OwnKeyCount = 12;
    private static readonly string[] s_baseKeys = Enumerable.Range(0, BaseKeyCount).Select(i => $"b{i:D2}").ToArray();

    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    // The base ledger: per base key, the version last issued (written before the call) and last acknowledged
    // (written after it returned). Each base key has one writing task, so issued - acknowledged is 0 or 1.
    private readonly long[] _baseIssued = new long[BaseKeyCount];
    private readonly long[] _baseAcknowledged = new long[BaseKeyCount];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, long> _operations = new();

    public SoakTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>What one tenant holds, known only to the task that owns (and alone writes) the tenant.</summary>
    private sealed class TenantState(string id)
    {
        public string Id { get; } = id;
        public Dictionary<string, long> Own { get; } = new(StringComparer.Ordinal); // key -> version of the tenant's row
        public List<long> Notes { get; } = new();
        public long NextVersion = 1;
    }

    [Fact]
    public async Task Many_tasks_across_100_tenants_lose_nothing_never_read_a_hidden_base_row_and_keep_memory_and_files_flat()
    {
        (string figures, long total, (int Fds, long Bytes) start, (int Fds, long Bytes) middle, (int Fds, long Bytes) end) = await Soak(RunLength.Soak, sabotage: false);
        Assert.True(_errors.IsEmpty, $"{_errors.Count} errors; the first:\n" + string.Join("\n", _errors.Take(20)) + "\n" + figures);
        Assert.True(total > 1000, "The soak did almost nothing: " + figures);
        // Flat: the tenant LRU bounds the files. Pools open readers as they are needed (up to MaxReaders each, a
        // database and a WAL descriptor per connection), which adds some tens; a connection leaked per operation
        // would add tens of thousands.
        Assert.True(end.Fds <= start.Fds + 200 && end.Fds <= Math.Max(start.Fds, middle.Fds) + 100, "Open file descriptors grew: " + figures);
        Assert.True(end.Bytes <= start.Bytes * 2 + 64L * 1024 * 1024, "Managed memory grew: " + figures);
    }

    /// <summary>
    /// The checks can fail: a task deletes tenants' own rows over base keys behind SqliteGen's and the ledger's back
    /// (plain SQL on the tenant files), so layered reads return the base row where the ledger says the tenant has its
    /// own: exactly what a layered read that wrongly falls back to the base would return. The soak must report it.
    /// </summary>
    [Fact]
    public async Task The_soak_reports_a_base_row_read_where_the_tenant_has_its_own()
    {
        (string figures, _, _, _, _) = await Soak(TimeSpan.FromSeconds(3), sabotage: true);
        Assert.Contains(_errors, error => error.Contains("(a hidden base row)", StringComparison.Ordinal));
        _output.WriteLine($"{_errors.Count} errors reported, as wanted; the first: {_errors.First()}");
    }

    private async Task<(string Figures, long Total, (int Fds, long Bytes) Start, (int Fds, long Bytes) Middle, (int Fds, long Bytes) End)> Soak(TimeSpan duration, bool sabotage)
    {
        using TenantCrashDb db = TenantCrashDb.Open(_folder.File("base.db"));
        for (int i = 0; i < BaseKeyCount; i++)
            db.Base.Facts.Insert(Facts.Of(s_baseKeys[i], "base", 0));
        TenantState[] tenants = Enumerable.Range(0, TenantCount).Select(i => new TenantState($"s{i:D3}")).ToArray();

        // Warm-up: every tenant file created and read once, so the start figures include 64 open tenant files.
        foreach (TenantState tenant in tenants)
        {
            using TenantCrashDb.TenantView view = db.ForTenant(tenant.Id);
            Check(tenant, "b00", view.Facts.Find("b00"), Floor("b00"), "warm-up Find");
        }
        (int Fds, long Bytes) start = Sample();

        // Every loop below runs on the thread pool, and the synchronous ones hold a thread for the whole run. On a 2-core
        // machine the pool starts with 2 threads and adds about two a second, so loops queued last (the base writers, the
        // sabotage) could start after a short run had ended (seen in CI: "base upsert" never ran, and the
        // sabotage test then had nothing to report). Enough threads up front make the run the same on any machine.
        int loops = TenantTasks + BaseWriters + 2; // + the sabotage and the sampler
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < loops + Environment.ProcessorCount)
            ThreadPool.SetMinThreads(loops + Environment.ProcessorCount, io);

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        (int Fds, long Bytes) middle = default;
        Task sampler = Task.Run(async () =>
        {
            await Task.Delay(duration / 2).ConfigureAwait(false);
            middle = Sample();
        });
        var tasks = new List<Task>();
        for (int t = 0; t < TenantTasks; t++)
        {
            TenantState[] owned = tenants.Where((_, i) => i % TenantTasks == t).ToArray();
            bool useAsync = t % 2 == 1;
            int seed = 1000 + t;
            tasks.Add(Task.Run(() => RunTenantTask(db, owned, new Random(seed), useAsync, stop.Token)));
        }
        for (int w = 0; w < BaseWriters; w++)
        {
            int writer = w;
            tasks.Add(Task.Run(() => RunBaseWriter(db, writer, new Random(2000 + writer), stop.Token)));
        }
        if (sabotage)
            tasks.Add(Task.Run(() => DeleteBehindTheBack(db, stop.Token)));
        await Task.WhenAll(tasks);
        await sampler;
        TimeSpan ran = clock.Elapsed;
        (int Fds, long Bytes) end = Sample();

        // The final ledger check: every file against the ledger, with no writes in flight.
        CheckEverything(db, tenants);

        long total = _operations.Values.Sum();
        string figures = $"{ran.TotalSeconds:0.0} s, {TenantCount} tenants, {TenantTasks + BaseWriters} tasks, {total:N0} operations ({total / ran.TotalSeconds:N0}/s): " +
            string.Join(", ", _operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value:N0}")) +
            $"; tenant rows {tenants.Sum(t => t.Own.Count):N0}, notes {tenants.Sum(t => t.Notes.Count):N0}, base versions {_baseAcknowledged.Sum():N0}; " +
            $"open descriptors start/middle/end {start.Fds}/{middle.Fds}/{end.Fds}; managed memory after a full GC {start.Bytes / 1024.0 / 1024:0.0}/{middle.Bytes / 1024.0 / 1024:0.0}/{end.Bytes / 1024.0 / 1024:0.0} MiB; errors {_errors.Count}";
        _output.WriteLine(figures);
        return (figures, total, start, middle, end);
    }

    /// <summary>The sabotage: every 20 ms, one tenant's own row over a base key deleted with plain SQL.</summary>
    private static async Task DeleteBehindTheBack(TenantCrashDb db, CancellationToken stop)
    {
        var random = new Random(3000);
        while (!stop.IsCancellationRequested)
        {
            string file = Path.Combine(db.TenantFolder, $"s{random.Next(TenantCount):D3}{TenantFiles.Extension}");
            Ledger.Query(file, "DELETE FROM facts WHERE fact_id = (SELECT fact_id FROM facts WHERE fact_id LIKE 'b%' LIMIT 1)");
            await Task.Delay(20);
        }
    }

    private static (int Fds, long Bytes) Sample() =>
        (Directory.GetFiles("/proc/self/fd").Length, GC.GetTotalMemory(forceFullCollection: true));

    private void Count(string operation) => _operations.AddOrUpdate(operation, 1, (_, n) => n + 1);

    private long Floor(string key) => key[0] == 'b' ? Volatile.Read(ref _baseAcknowledged[BaseIndex(key)]) : 0;

    private static int BaseIndex(string key) => int.Parse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The layered rule for one key as <paramref name="tenant"/> sees it. <paramref name="floor"/> is the base
    /// version acknowledged before the read began.
    /// </summary>
    private bool Check(TenantState tenant, string key, Fact? read, long floor, string operation)
    {
        string? problem;
        if (tenant.Own.TryGetValue(key, out long version))
        {
            problem = read is null ? "none"
                : read.Owner != tenant.Id ? $"the {read.Owner} row v{read.Version}, not the tenant's own v{version} (a hidden base row)"
                : read.Version != version ? $"the tenant's v{read.Version}, not its acknowledged v{version}"
                : read.Text != Facts.Text(key, tenant.Id, version) ? "a torn tenant row" : null;
        }
        else if (key[0] == 'b')
        {
            long issued = Volatile.Read(ref _baseIssued[BaseIndex(key)]);
            problem = read is null ? "none (the base row is missing)"
                : read.Owner != "base" ? $"the {read.Owner} row v{read.Version}, but the tenant has none (a deleted tenant row)"
                : read.Version < floor || read.Version > issued ? $"base v{read.Version}, outside [{floor}, {issued}] (stale or invented)"
                : read.Text != Facts.Text(key, "base", read.Version) ? "a torn base row" : null;
        }
        else
        {
            problem = read is null ? null : $"the {read.Owner} row v{read.Version} of a key the tenant deleted or never wrote";
        }
        if (problem is not null)
            _errors.Enqueue($"{operation}: tenant {tenant.Id} key {key}: read {problem}");
        return problem is null;
    }

    private async Task RunTenantTask(TenantCrashDb db, TenantState[] owned, Random random, bool useAsync, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TenantState tenant = owned[random.Next(owned.Length)];
            string operation = "?";
            try
            {
                using TenantCrashDb.TenantView view = db.ForTenant(tenant.Id);
                int pick = random.Next(100);
                string key = random.Next(3) == 0 ? $"o{random.Next(OwnKeyCount)}" : s_baseKeys[random.Next(BaseKeyCount)];
                if (pick < 25)
                {
                    // A tenant write, then at once the layered reads: they must see it, never the base row.
                    operation = "tenant upsert";
                    long version = tenant.NextVersion++;
                    Fact fact = Facts.Of(key, tenant.Id, version);
                    if (useAsync)
                        await view.Facts.UpsertAsync(fact);
                    else
                        view.Facts.Upsert(fact);
                    tenant.Own[key] = version;
                    Count(operation);
                    operation = "read after write";
                    // (The floor is read before the read it bounds: an argument after the read would be taken after it.)
                    long floor = Floor(key);
                    Check(tenant, key, useAsync ? await view.Facts.GetAsync(key) : view.Facts.Get(key), floor, "Get right after the tenant's upsert");
                    floor = Floor(key);
                    Check(tenant, key, view.Facts.Find(key), floor, "Find right after the tenant's upsert");
                    Count(operation);
                }
                else if (pick < 33)
                {
                    // Deleting the tenant's row shows the base row again (or nothing, for a tenant-only key).
                    operation = "tenant delete";
                    if (tenant.Own.Count == 0)
                        continue;
                    string own = tenant.Own.Keys.ElementAt(random.Next(tenant.Own.Count));
                    bool deleted = useAsync ? await view.Facts.DeleteAsync(own) : view.Facts.Delete(own);
                    if (!deleted)
                        _errors.Enqueue($"tenant delete: tenant {tenant.Id} key {own}: the acknowledged row was not there");
                    tenant.Own.Remove(own);
                    Count(operation);
                    long floor = Floor(own);
                    Check(tenant, own, useAsync ? await view.Facts.FindAsync(own) : view.Facts.Find(own), floor, "Find right after the tenant's delete");
                }
                else if (pick < 48)
                {
                    operation = "note insert";
                    long note = tenant.Notes.Count == 0 ? 1 : tenant.Notes[^1] + 1;
                    if (useAsync)
                        await view.TenantNotes.InsertAsync(new TenantNote(note, Payloads.For(note, 0)));
                    else
                        view.TenantNotes.Insert(new TenantNote(note, Payloads.For(note, 0)));
                    tenant.Notes.Add(note);
                    Count(operation);
                    if (random.Next(4) == 0)
                    {
                        long count = useAsync ? await view.TenantNotes.CountAsync() : view.TenantNotes.Count();
                        if (count != tenant.Notes.Count)
                            _errors.Enqueue($"note count: tenant {tenant.Id}: {count}, ledger {tenant.Notes.Count}");
                    }
                }
                else if (pick < 63)
                {
                    operation = "layered Get/Find";
                    long floor = Floor(key);
                    Fact? read = tenant.Own.ContainsKey(key) || key[0] == 'b'
                        ? (useAsync ? await view.Facts.GetAsync(key) : view.Facts.Get(key))
                        : view.Facts.Find(key);
                    Check(tenant, key, read, floor, operation);
                    Count(operation);
                }
                else if (pick < 70)
                {
                    operation = "layered All/Count/FindBy";
                    long[] floors = s_baseKeys.Select(Floor).ToArray();
                    List<Fact> all = view.Facts.All().ToList();
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (Fact fact in all)
                    {
                        if (!seen.Add(fact.FactId))
                            _errors.Enqueue($"All: tenant {tenant.Id}: key {fact.FactId} twice");
                        Check(tenant, fact.FactId, fact, fact.FactId[0] == 'b' ? floors[BaseIndex(fact.FactId)] : 0, "All");
                    }
                    int expected = BaseKeyCount + tenant.Own.Keys.Count(k => k[0] != 'b');
                    if (all.Count != expected)
                        _errors.Enqueue($"All: tenant {tenant.Id}: {all.Count} rows, ledger {expected}");
                    long count = useAsync ? await view.Facts.CountAsync() : view.Facts.Count();
                    if (count != expected)
                        _errors.Enqueue($"Count: tenant {tenant.Id}: {count}, ledger {expected}");
                    IReadOnlyList<Fact> mine = view.Facts.FindByOwner(tenant.Id);
                    if (!mine.Select(f => f.FactId).Order(StringComparer.Ordinal).SequenceEqual(tenant.Own.Keys.Order(StringComparer.Ordinal)))
                        _errors.Enqueue($"FindByOwner: tenant {tenant.Id}: {mine.Count} rows, ledger {tenant.Own.Count}");
                    Count(operation);
                }
                else if (pick < 85)
                {
                    operation = "Nearest";
                    if (tenant.Own.TryGetValue(key, out long version))
                    {
                        // The tenant's own vector finds its own row first; the base row of the same key is hidden even
                        // when the query is exactly its vector.
                        var near = view.Facts.Nearest(Facts.Embedding(key, tenant.Id, version), 5);
                        if (near.Count == 0 || near[0].Item.FactId != key)
                            _errors.Enqueue($"Nearest: tenant {tenant.Id}: its own row {key} v{version} is not first (got {string.Join(",", near.Select(n => n.Item.FactId + "/" + n.Item.Owner))})");
                        foreach (var neighbor in near)
                            Check(tenant, neighbor.Item.FactId, neighbor.Item, 0, "Nearest (own vector)");
                        if (key[0] == 'b')
                        {
                            var hidden = view.Facts.Nearest(Facts.Embedding(key, "base", Floor(key)), 5);
                            foreach (var neighbor in hidden)
                                Check(tenant, neighbor.Item.FactId, neighbor.Item, 0, "Nearest (the hidden base row's vector)");
                        }
                    }
                    else
                    {
                        var near = view.Facts.Nearest(Facts.Embedding(key, "probe", random.Next()), 8);
                        if (near.Count != 8 || near.Select(n => n.Item.FactId).Distinct().Count() != 8)
                            _errors.Enqueue($"Nearest: tenant {tenant.Id}: {near.Count} results, {near.Select(n => n.Item.FactId).Distinct().Count()} keys");
                        foreach (var neighbor in near)
                            Check(tenant, neighbor.Item.FactId, neighbor.Item, 0, "Nearest");
                    }
                    Count(operation);
                }
                else
                {
                    // The key is a word of its row's text: exactly the row the tenant sees, if any.
                    operation = "Search";
                    long floor = Floor(key);
                    var hits = view.Facts.Search(key, 10);
                    bool visible = tenant.Own.ContainsKey(key) || key[0] == 'b';
                    if (hits.Count != (visible ? 1 : 0))
                        _errors.Enqueue($"Search: tenant {tenant.Id} key {key}: {hits.Count} matches ({string.Join(",", hits.Select(h => h.Item.FactId + "/" + h.Item.Owner))}), expected {(visible ? 1 : 0)}");
                    foreach (var hit in hits)
                        Check(tenant, hit.Item.FactId, hit.Item, floor, operation);
                    Count(operation);
                }
            }
            catch (Exception error)
            {
                _errors.Enqueue($"{operation}: tenant {tenant.Id}: {error.GetType().Name}: {error.Message}");
            }
        }
    }

    /// <summary>Base writes through <c>db.Base</c> (a new version of one of this writer's keys), each read back at once.</summary>
    private async Task RunBaseWriter(TenantCrashDb db, int writer, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            int index = random.Next(BaseKeyCount / BaseWriters) * BaseWriters + writer;
            string key = s_baseKeys[index];
            try
            {
                long version = _baseIssued[index] + 1;
                Volatile.Write(ref _baseIssued[index], version);
                await db.Base.Facts.UpsertAsync(Facts.Of(key, "base", version));
                Volatile.Write(ref _baseAcknowledged[index], version);
                Count("base upsert");
                Fact read = db.Base.Facts.Get(key);
                if (read.Version != version || read.Owner != "base")
                    _errors.Enqueue($"base read after write: key {key}: {read.Owner} v{read.Version}, acknowledged v{version}");
                await Task.Delay(random.Next(0, 3));
            }
            catch (Exception error)
            {
                _errors.Enqueue($"base upsert: key {key}: {error.GetType().Name}: {error.Message}");
            }
        }
    }

    /// <summary>After the soak: every tenant's rows and notes, the layered view and the base exactly as the ledger says.</summary>
    private void CheckEverything(TenantCrashDb db, TenantState[] tenants)
    {
        for (int i = 0; i < BaseKeyCount; i++)
        {
            Fact row = db.Base.Facts.Get(s_baseKeys[i]);
            if (row.Version != _baseAcknowledged[i] || row.Text != Facts.Text(row.FactId, "base", row.Version))
                _errors.Enqueue($"end: base key {row.FactId} at v{row.Version}, ledger v{_baseAcknowledged[i]}");
        }
        if (db.Base.Facts.Count() != BaseKeyCount)
            _errors.Enqueue($"end: the base has {db.Base.Facts.Count()} rows, not {BaseKeyCount}");
        foreach (TenantState tenant in tenants)
        {
            using TenantCrashDb.TenantView view = db.ForTenant(tenant.Id);
            var stored = view.Facts.Tenant.All().ToDictionary(f => f.FactId, StringComparer.Ordinal);
            if (stored.Count != tenant.Own.Count || tenant.Own.Any(own => !stored.TryGetValue(own.Key, out Fact? f) || f.Version != own.Value || f.Owner != tenant.Id))
                _errors.Enqueue($"end: tenant {tenant.Id} holds {stored.Count} rows, ledger {tenant.Own.Count}, or a version differs");
            List<TenantNote> notes = view.TenantNotes.All().ToList();
            if (!notes.Select(n => n.NoteId).Order().SequenceEqual(tenant.Notes) || notes.Any(n => n.Payload != Payloads.For(n.NoteId, 0)))
                _errors.Enqueue($"end: tenant {tenant.Id} holds {notes.Count} notes, ledger {tenant.Notes.Count}");
            foreach (Fact fact in view.Facts.All())
                Check(tenant, fact.FactId, fact, fact.FactId[0] == 'b' ? _baseAcknowledged[BaseIndex(fact.FactId)] : 0, "end: layered All");
            string integrity = (string)Ledger.Query(view.FilePath, "PRAGMA integrity_check")[0][0];
            if (integrity != "ok")
                _errors.Enqueue($"end: tenant {tenant.Id}: integrity_check {integrity}");
        }
    }
}

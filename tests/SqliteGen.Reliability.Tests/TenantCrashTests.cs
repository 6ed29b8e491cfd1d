using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.CrashWorker;
using SqliteGen.Runtime;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Tenant creation killed midway: the worker (<c>tenants</c> mode, <see cref="TenantCrashWorker"/>) creates tenant files
/// through <c>ForTenant</c> and writes to them from three threads, and is killed with SIGKILL at a random moment, again
/// and again on the same base file and tenant folder (8 kills per folder). After each kill: every file in the folder is a tenant file (or its
/// -wal/-shm), passes <c>integrity_check</c> and is at the current version with one history row per version, or is a
/// still empty database of a tenant whose creation was never acknowledged (SQLite made the file before the schema
/// transaction committed; the next <c>ForTenant</c> creates the schema in it); every acknowledged creation, note, fact
/// and transaction is there; and the next <c>Open</c> and <c>ForTenant</c> of every id, and <c>MigrateAllTenants</c>,
/// work without a manual step. SQLITEGEN_CRASH_ROUNDS sets the kills (default 8; a new folder every 8).
/// </summary>
public sealed class TenantCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public TenantCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static int Rounds => RunLength.CrashRounds;

    private const int RoundsPerFolder = 8;

    [Fact]
    public void Tenant_files_created_and_written_survive_SIGKILL_and_the_next_ForTenant_needs_no_manual_step()
    {
        var random = new Random(9505);
        var clock = Stopwatch.StartNew();
        int emptyFiles = 0, killsMidCreation = 0, tenantCount = 0;
        long acknowledged = 0;
        string basePath = "", tenants = "";
        TenantLedger ledger = new();
        for (int round = 0; round < Rounds; round++)
        {
            // Every RoundsPerFolder kills start on a new folder, so that the checks (which read every tenant file)
            // keep a bounded cost per kill in long runs.
            if (round % RoundsPerFolder == 0)
            {
                tenantCount += ledger.Tenants.Count;
                acknowledged += ledger.Acknowledged;
                string root = Path.Combine(_folder.Path, $"folder{round / RoundsPerFolder}");
                Directory.CreateDirectory(root);
                basePath = Path.Combine(root, "base.db");
                tenants = Path.Combine(root, "tenants");
                ledger = new TenantLedger();
            }
            // As in CrashTests: every fourth kill lands 0-300 ms after the start (start-up, Open, the first creations),
            // the others after a random number of acknowledgements and a few ms more.
            bool early = round % 4 == 0;
            int acks = early ? 0 : random.Next(1, 400);
            using (WorkerProcess worker = WorkerProcess.Start("tenants", basePath, round.ToString(CultureInfo.InvariantCulture), random.Next().ToString(CultureInfo.InvariantCulture)))
            {
                for (int seen = 0; seen < acks; seen++)
                {
                    string? line = worker.ReadLine();
                    Assert.True(line is not null, $"The tenant worker stopped after {seen} of {acks} acknowledgements: {worker.Stderr}");
                    Assert.False(line!.StartsWith("error ", StringComparison.Ordinal), $"The tenant worker reported a failed write: {line}\n{worker.Stderr}");
                    ledger.Record(line);
                }
                System.Threading.Thread.Sleep(early ? random.Next(0, 300) : random.Next(0, 4));
                Assert.False(worker.HasExited, $"The tenant worker exited before it was killed: {worker.Stderr}");
                worker.Kill();
                while (worker.ReadLine() is string line)
                {
                    Assert.False(line.StartsWith("error ", StringComparison.Ordinal), $"The tenant worker reported a failed write: {line}\n{worker.Stderr}");
                    ledger.Record(line);
                }
            }

            (List<string> problems, int empty) = ledger.Check(tenants);
            Assert.True(problems.Count == 0, $"After kill {round + 1} ({acks} acks):\n" + string.Join("\n", problems));
            emptyFiles += empty;
            killsMidCreation += empty > 0 ? 1 : 0;

            // The next Open and ForTenant of every id, acknowledged or only found as a file, work with no manual step,
            // and leave every file whole; MigrateAllTenants finds nothing to fail.
            using (TenantCrashDb db = TenantCrashDb.Open(basePath))
            {
                foreach (string id in ledger.Tenants.Union(TenantLedger.FileIds(tenants)))
                {
                    using TenantCrashDb.TenantView view = db.ForTenant(id);
                    // At least the acknowledged notes: a write the kill caught between its commit and its report is there too.
                    long notes = view.TenantNotes.Count();
                    Assert.True(notes >= ledger.NotesOf(id), $"Tenant '{id}' has {notes} notes, {ledger.NotesOf(id)} acknowledged");
                }
                TenantMigrationReport report = db.MigrateAllTenants();
                Assert.Empty(report.Failed);
            }
            SqliteConnection.ClearAllPools();
            (problems, empty) = ledger.Check(tenants);
            Assert.True(problems.Count == 0 && empty == 0, $"After kill {round + 1} and a reopen:\n" + string.Join("\n", problems) + $"\n{empty} empty files");
        }
        tenantCount += ledger.Tenants.Count;
        acknowledged += ledger.Acknowledged;
        _output.WriteLine($"{Rounds} kills in {(Rounds + RoundsPerFolder - 1) / RoundsPerFolder} folders; {tenantCount} tenants created and acknowledged, " +
            $"{acknowledged} acknowledged creations and writes all verified after each kill in their folder; {emptyFiles} files found still empty after {killsMidCreation} kills (creation not acknowledged, " +
            $"made whole by the next ForTenant); {clock.Elapsed.TotalSeconds:0.0} s.");
    }
}

/// <summary>What the tenant worker acknowledged, and the check of a tenant folder against it.</summary>
internal sealed class TenantLedger
{
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _notes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _transactions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Tenants => _created;

    public long Acknowledged { get; private set; }

    public void Record(string line)
    {
        string[] parts = line.Split(' ');
        Acknowledged++;
        switch (parts[0])
        {
            case "C": _created.Add(parts[1]); break;
            case "N": Add(_notes, parts[1], parts[2]); break;
            case "F": Add(_facts, parts[1], parts[2]); break;
            case "T": Add(_transactions, parts[1], parts[2]); break;
            default: throw new InvalidOperationException($"Unknown acknowledgement '{line}'.");
        }
    }

    private void Add(Dictionary<string, List<long>> map, string tenant, string key)
    {
        _created.Add(tenant); // a write to a tenant whose creation line was lost to the kill still proves the file was made
        if (!map.TryGetValue(tenant, out List<long>? keys))
            map[tenant] = keys = new List<long>();
        keys.Add(long.Parse(key, CultureInfo.InvariantCulture));
    }

    /// <summary>Notes acknowledged for <paramref name="tenant"/> (single inserts and transactions).</summary>
    public long NotesOf(string tenant) => Keys(_notes, tenant).Count() + Keys(_transactions, tenant).Count();

    private static IEnumerable<long> Keys(Dictionary<string, List<long>> map, string tenant) =>
        map.TryGetValue(tenant, out List<long>? keys) ? keys : Enumerable.Empty<long>();

    public static IEnumerable<string> FileIds(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.db").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(TenantFiles.IsValid)
            : Enumerable.Empty<string>();

    /// <summary>The problems found in <paramref name="folder"/>, and how many tenant files are still empty databases.</summary>
    public (List<string> Problems, int EmptyFiles) Check(string folder)
    {
        var problems = new List<string>();
        int empty = 0;
        string[] files = Directory.Exists(folder) ? Directory.GetFiles(folder) : Array.Empty<string>();
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            string stem = name.EndsWith("-wal", StringComparison.Ordinal) || name.EndsWith("-shm", StringComparison.Ordinal) ? name[..^4]
                : name.EndsWith("-journal", StringComparison.Ordinal) ? name[..^8] : name;
            if (!stem.EndsWith(TenantFiles.Extension, StringComparison.Ordinal) || !TenantFiles.IsValid(stem[..^TenantFiles.Extension.Length]))
                problems.Add($"stray file: '{name}' is not a tenant file");
            else if (stem != name && !files.Contains(Path.Combine(folder, stem)))
                problems.Add($"stray file: '{name}' without its database file");
        }
        foreach (string id in FileIds(folder).Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, id + TenantFiles.Extension);
            string integrity = (string)Ledger.Query(path, "PRAGMA integrity_check")[0][0];
            if (integrity != "ok")
            {
                problems.Add($"integrity: '{id}': {integrity}");
                continue;
            }
            long version = (long)Ledger.Query(path, "PRAGMA user_version")[0][0];
            long objects = (long)Ledger.Query(path, "SELECT count(*) FROM sqlite_schema")[0][0];
            if (version == 0 && objects == 0)
            {
                if (_created.Contains(id))
                    problems.Add($"lost creation: tenant '{id}' was acknowledged but its file is empty");
                empty++;
                continue;
            }
            if (version != TenantCrashDb.SchemaVersion)
                problems.Add($"version: tenant '{id}' is at {version}, not {TenantCrashDb.SchemaVersion} ({objects} schema objects)");
            long history = (long)Ledger.Query(path, $"SELECT count(*) FROM {Migrator.HistoryTable}")[0][0];
            if (history != TenantCrashDb.SchemaVersion)
                problems.Add($"history: tenant '{id}' has {history} history rows");

            var notes = Ledger.Query(path, "SELECT note_id, payload FROM tenant_notes").ToDictionary(row => (long)row[0], row => (string)row[1]);
            var facts = Ledger.Query(path, "SELECT fact_id, owner, version, text FROM facts").ToDictionary(row => (string)row[0], row => row);
            foreach (long key in Keys(_notes, id))
            {
                if (!notes.TryGetValue(key, out string? payload))
                    problems.Add($"lost note: tenant '{id}' note {key}");
                else if (payload != Payloads.For(key, 0))
                    problems.Add($"torn note: tenant '{id}' note {key}");
            }
            foreach (long key in Keys(_facts, id))
            {
                if (!facts.TryGetValue("k" + key, out object[]? row))
                    problems.Add($"lost fact: tenant '{id}' fact k{key}");
                else if ((string)row[1] != id || (string)row[3] != Facts.Text("k" + key, id, 0))
                    problems.Add($"torn fact: tenant '{id}' fact k{key}");
            }
            foreach (long key in Keys(_transactions, id))
            {
                if (!notes.TryGetValue(key, out string? payload) || payload != Payloads.InTransaction(key, 0) || !facts.ContainsKey("k" + key))
                    problems.Add($"lost transaction: tenant '{id}' transaction {key}");
            }
            // A transaction seen in part (acknowledged or not): a marked note without its fact.
            foreach ((long key, string payload) in notes)
            {
                if (payload.StartsWith('T') && !facts.ContainsKey("k" + key))
                    problems.Add($"partial transaction: tenant '{id}' note {key} without fact k{key}");
            }
            try
            {
                Ledger.Query(path, "INSERT INTO facts_fts(facts_fts) VALUES ('integrity-check')"); // FTS5: the index matches its table
            }
            catch (SqliteException error)
            {
                problems.Add($"full-text index: tenant '{id}': {error.Message}");
            }
        }
        foreach (string id in _created)
        {
            if (!File.Exists(Path.Combine(folder, id + TenantFiles.Extension)))
                problems.Add($"lost creation: tenant '{id}' was acknowledged and has no file");
        }
        return (problems, empty);
    }
}

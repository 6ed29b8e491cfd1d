using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Diagnostics;

/// <summary>What SqliteGen logs through <see cref="SqliteGenOptions.LoggerFactory"/>, on real database files.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => _folder.Dispose();

    private SqliteGenOptions Options => SqliteGenOptions.Default with { LoggerFactory = _logs };

    [Fact]
    public void Opening_a_new_file_then_an_existing_one_logs_how_and_the_schema_version()
    {
        string path = _folder.File();
        using (TypesDb.Open(path, Options)) { }
        using (TypesDb.Open(path, Options)) { }

        LogEntry[] opened = _logs.Named("DatabaseOpened").ToArray();
        Assert.Equal(2, opened.Length);
        Assert.Equal("SqliteGen.Pool", opened[0].Category);
        Assert.Equal(LogLevel.Information, opened[0].Level);
        Assert.Equal("new file", opened[0].Values["How"]);
        Assert.Equal("existing file", opened[1].Values["How"]);
        Assert.Equal(path, opened[0].Values["File"]);
        Assert.StartsWith("3.", (string)opened[0].Values["SqliteVersion"]!);

        LogEntry created = Assert.Single(_logs.Named("SchemaCreated"));
        Assert.Equal("SqliteGen.Migrations", created.Category);
        Assert.Equal(TypesDb.SchemaVersion, created.Values["Version"]);
        Assert.Equal(TypesDb.SchemaVersion, Assert.Single(_logs.Named("SchemaUpToDate")).Values["Version"]);
        Assert.Equal(2, _logs.Named("DatabaseClosed").Count);
    }

    [Fact]
    public void Each_migration_step_is_logged_with_its_versions()
    {
        Migration[] steps =
        [
            new Migration(1, "CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT", "DROP TABLE a"),
            new Migration(2, "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT", "DROP TABLE b"),
        ];
        using var pool = SqliteConnectionPool.Open(_folder.File(), Options);
        Migrator.Migrate(pool, "Steps", steps, 2);

        LogEntry[] applied = _logs.Named("MigrationStepApplied").ToArray();
        Assert.Equal([(0, 1), (1, 2)], applied.Select(e => ((int)e.Values["FromVersion"]!, (int)e.Values["ToVersion"]!)).ToArray());
        Assert.All(applied, e => Assert.Equal("Steps", e.Values["Database"]));
    }

    [Fact]
    public void Maintenance_runs_are_logged_with_their_figures()
    {
        using TypesDb db = TypesDb.Open(_folder.File(), Options);
        db.Counters.Insert(new Counter(1, 1, "x"));
        db.Maintenance.Checkpoint(CheckpointMode.Truncate);
        db.Maintenance.CheckHealth();

        LogEntry run = Assert.Single(_logs.Named("MaintenanceRun"));
        Assert.Equal("SqliteGen.Maintenance", run.Category);
        Assert.Equal("checkpoint", run.Values["Kind"]);
        Assert.Equal("ok", run.Values["Outcome"]);
        Assert.Contains("WAL frames copied", run.Message, StringComparison.Ordinal);
        LogEntry check = Assert.Single(_logs.Named("MaintenanceCheck"));
        Assert.Equal(LogLevel.Debug, check.Level);
        Assert.Equal("health", check.Values["Kind"]);

        Assert.Throws<SqliteGenException>(() => db.Maintenance.Vacuum(VacuumKind.Incremental)); // auto_vacuum is off
        LogEntry problem = Assert.Single(_logs.Named("MaintenanceProblem"));
        Assert.Equal(LogLevel.Warning, problem.Level);
        Assert.Equal("incremental_vacuum", problem.Values["Kind"]);
        Assert.NotNull(problem.Error);
    }

    [Fact]
    public async Task A_writer_wait_that_times_out_is_a_warning()
    {
        using TypesDb db = TypesDb.Open(_folder.File(), Options with { WriterWaitTimeout = TimeSpan.FromMilliseconds(50) });
        using TypesDb.WriteTransaction held = db.BeginWrite();
        Task other;
        using (ExecutionContext.SuppressFlow()) // another flow: this one's transaction is not visible there
            other = Task.Run(() => Assert.Throws<SqliteGenException>(() => db.BeginWrite()));
        await other;

        LogEntry timeout = Assert.Single(_logs.Named("WriterWaitTimedOut"));
        Assert.Equal(LogLevel.Warning, timeout.Level);
        Assert.Equal(db.FilePath, timeout.Values["File"]);
    }

    [Fact]
    public void Tenant_files_are_logged_when_created_and_when_evicted()
    {
        using PatternsDb db = PatternsDb.Open(_folder.File("base.db"), Options with { MaxOpenTenants = 1 });
        using (PatternsDb.TenantView alice = db.ForTenant("alice"))
            alice.UserNotes.Insert(new UserNote(0, "todo", "buy milk"));
        using (PatternsDb.TenantView bob = db.ForTenant("bob"))
            Assert.Equal(0, bob.UserNotes.Count());
        using (PatternsDb.TenantView alice = db.ForTenant("alice"))
            Assert.Equal(1, alice.UserNotes.Count());

        LogEntry[] opened = _logs.Named("TenantOpened").ToArray();
        Assert.Equal(["alice", "bob", "alice"], opened.Select(e => (string)e.Values["TenantId"]!).ToArray());
        Assert.StartsWith("created at version", (string)opened[0].Values["How"]!, StringComparison.Ordinal);
        Assert.StartsWith("existing file", (string)opened[2].Values["How"]!, StringComparison.Ordinal);
        Assert.All(opened, e => Assert.Equal("SqliteGen.Tenancy", e.Category));
        LogEntry[] evicted = _logs.Named("TenantEvicted").ToArray();
        Assert.Equal(2, evicted.Length);
        Assert.Equal(Path.Combine(db.TenantFolder, "alice.db"), evicted[0].Values["File"]);
    }

    [Fact]
    public void The_vector_backend_is_logged_sqlite_vec_or_the_exact_fallback_with_its_reason()
    {
        // vec0.so sits beside the test assembly (see the test project), so Auto loads it.
        using (SearchDb db = SearchDb.Open(_folder.File("vec.db"), Options))
        {
            db.ContextItems.Insert(new ContextItem("a", "alpha", null, "t", 1, [1, 0, 0, 0]));
            db.ContextItems.Nearest(new float[] { 1, 0, 0, 0 }, 1);
        }
        LogEntry loaded = Assert.Single(_logs.Named("SqliteVecLoaded"));
        Assert.Equal("SqliteGen.Vectors", loaded.Category);
        Assert.StartsWith("v", (string)loaded.Values["Version"]!, StringComparison.Ordinal);

        string missing = Path.Combine(_folder.Path, "no-such-vec0.so");
        using (SearchDb db = SearchDb.Open(_folder.File("exact.db"), Options with { SqliteVecPath = missing }))
        {
            db.ContextItems.Insert(new ContextItem("a", "alpha", null, "t", 1, [1, 0, 0, 0]));
            db.ContextItems.Nearest(new float[] { 1, 0, 0, 0 }, 1);
        }
        LogEntry fallback = Assert.Single(_logs.Named("ExactVectorFallback"));
        Assert.Contains(missing, (string)fallback.Values["Reason"]!, StringComparison.Ordinal);
    }
}

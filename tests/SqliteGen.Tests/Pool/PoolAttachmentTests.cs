using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Search;
using Xunit;

namespace SqliteGen.Tests.Pool;

/// <summary>
/// What features keep beside a pool (<see cref="SqliteConnectionPool.Attachment{T}"/>): one per type, held by the pool
/// and disposed when it closes; the vector search state and the maintenance schedule live there.
/// </summary>
public sealed class PoolAttachmentTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private sealed class Probe(List<string> disposed, string name) : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose()
        {
            Assert.False(Disposed, $"{name} was disposed twice");
            Disposed = true;
            disposed.Add(name);
        }
    }

    private sealed class First(List<string> disposed) : IDisposable
    {
        public Probe Probe { get; } = new(disposed, "first");

        public void Dispose() => Probe.Dispose();
    }

    private sealed class Second(List<string> disposed) : IDisposable
    {
        public Probe Probe { get; } = new(disposed, "second");

        public void Dispose() => Probe.Dispose();
    }

    private sealed class Late(List<string> disposed) : IDisposable
    {
        public Probe Probe { get; } = new(disposed, "late");

        public void Dispose() => Probe.Dispose();
    }

    [Fact]
    public void Disposing_the_pool_disposes_its_attachments_once_the_last_created_first()
    {
        var disposed = new List<string>();
        var pool = SqliteConnectionPool.Open(_folder.File());
        First first = pool.Attachment(_ => new First(disposed));
        Second second = pool.Attachment(_ => new Second(disposed));
        Assert.Same(first, pool.Attachment<First>(_ => throw new InvalidOperationException("created twice")));
        Assert.Empty(disposed);

        pool.Dispose();
        Assert.Equal(["second", "first"], disposed);
        pool.Dispose();
        Assert.Equal(["second", "first"], disposed);

        // Still found after the close; one asked for only now is not held, and is disposed at once.
        Assert.Same(second, pool.Attachment<Second>(_ => throw new InvalidOperationException("created twice")));
        Late late = pool.Attachment(_ => new Late(disposed));
        Assert.True(late.Probe.Disposed);
        Assert.NotSame(late, pool.Attachment(_ => new Late(disposed)));
    }

    [Fact]
    public void Closing_the_pool_drops_the_resident_vector_indexes()
    {
        var random = new Random(5);
        var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        Migrator.MigrateToLatest(pool, nameof(SearchDb), SearchDb.Migrations, SearchDb.CreateSchemaSql);
        var rows = new SearchDb.VectorRowsTable(pool);
        rows.InsertMany(Enumerable.Range(1, 20).Select(id => SearchFixture.RandomRow(random, id)));
        rows.NearestByCosine8(SearchFixture.RandomVector(random, 8), 3);
        Assert.Equal(1, SearchTableSource.CachedIndexes(pool, "vector_rows"));

        // The database's accessor and a write transaction's share the pool's one state.
        using (WriteTransaction transaction = pool.BeginWrite())
        {
            new SearchDb.VectorRowsTable(transaction).NearestByCosine8(SearchFixture.RandomVector(random, 8), 3);
            transaction.Rollback();
        }
        Assert.Equal(1, SearchTableSource.IndexBuilds(pool, "vector_rows"));

        pool.Dispose();
        Assert.Equal(0, SearchTableSource.CachedIndexes(pool, "vector_rows"));
    }

    [Fact]
    public void A_maintenance_schedule_attaches_its_scheduler_at_open_and_no_schedule_attaches_none()
    {
        var schedule = new MaintenanceSchedule { Interval = TimeSpan.FromHours(1) };
        using (var scheduled = SqliteConnectionPool.Open(_folder.File("scheduled.db"), SqliteGenOptions.Default with { Maintenance = schedule }))
            Assert.NotNull(scheduled.Attachment<MaintenanceScheduler>(_ => throw new InvalidOperationException("no scheduler was attached at open")));

        using var plain = SqliteConnectionPool.Open(_folder.File("plain.db"));
        bool created = false;
        plain.Attachment(p =>
        {
            created = true;
            return new MaintenanceScheduler(p, schedule);
        });
        Assert.True(created, "a pool opened without a schedule had a scheduler");
    }
}

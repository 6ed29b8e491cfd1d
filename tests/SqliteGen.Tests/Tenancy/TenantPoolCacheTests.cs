using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Tenancy;

/// <summary>The bounded LRU of tenant databases: bounded open files, nothing lost on eviction, nothing closed in use.</summary>
public sealed class TenantPoolCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private int _opened;

    public void Dispose() => _folder.Dispose();

    private TenantPoolCache NewCache(int capacity) => new(Path.Combine(_folder.Path, "tenants"), capacity, (path, _) =>
    {
        Interlocked.Increment(ref _opened);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
        Migrator.MigrateToLatest(pool, nameof(TypesDb), TypesDb.Migrations, TypesDb.CreateSchemaSql);
        return pool;
    });

    private static int OpenFileDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public void A_thousand_tenants_keep_open_files_bounded_and_lose_nothing_on_eviction()
    {
        const int tenants = 1_000, capacity = 32;
        using TenantPoolCache cache = NewCache(capacity);
        int descriptorsBefore = OpenFileDescriptors();
        int peak = 0;
        for (int t = 0; t < tenants; t++)
        {
            using TenantLease lease = cache.Rent($"tenant-{t}");
            new TypesDb.CountersTable(lease.Pool).Insert(new Counter(t, 0, "first"));
            Assert.InRange(cache.OpenCount, 1, capacity + 1);
            peak = Math.Max(peak, OpenFileDescriptors() - descriptorsBefore);
        }
        Assert.InRange(cache.OpenCount, 1, capacity);
        // Each open pool holds a writer (file, WAL, shared memory) and maybe a checkpoint connection: far below one per tenant.
        Assert.InRange(peak, 0, capacity * 10);

        foreach (int t in new[] { 0, 1, 599, tenants - 1 })
        {
            using TenantLease lease = cache.Rent($"tenant-{t}");
            Assert.Equal("first", new TypesDb.CountersTable(lease.Pool).Get(t, 0).Note);
        }
        Assert.Equal(tenants, Directory.GetFiles(Path.Combine(_folder.Path, "tenants"), "*.db").Length);
    }

    [Fact]
    public void A_pool_in_use_is_not_closed_by_eviction_and_closes_when_given_back()
    {
        using TenantPoolCache cache = NewCache(2);
        TenantLease held = cache.Rent("held");
        for (int t = 0; t < 10; t++)
        {
            using TenantLease other = cache.Rent($"other-{t}");
        }
        new TypesDb.CountersTable(held.Pool).Insert(new Counter(1, 1, "still open"));
        held.Dispose();
        Assert.InRange(cache.OpenCount, 1, 2);

        using TenantLease again = cache.Rent("held");
        Assert.Equal("still open", new TypesDb.CountersTable(again.Pool).Get(1, 1).Note);
    }

    [Fact]
    public async Task Concurrent_first_uses_of_one_tenant_open_it_once()
    {
        using TenantPoolCache cache = NewCache(4);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            using TenantLease lease = cache.Rent("shared");
            new TypesDb.CountersTable(lease.Pool).Count();
        })));
        Assert.Equal(1, _opened);
    }

    [Fact]
    public void A_bad_id_is_refused_before_any_file_or_folder_is_created()
    {
        using TenantPoolCache cache = NewCache(4);
        Assert.Throws<InvalidTenantIdException>(() => cache.Rent("../outside"));
        Assert.Equal(0, _opened);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }
}

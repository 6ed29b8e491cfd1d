using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace SqliteGen.Runtime;

/// <summary>
/// The tenant side of a generated database: one file per tenant under <see cref="Folder"/>, each created
/// and migrated to the compiled version on first use (the same <see cref="Migration"/>s as the base file,
/// so every file holds every table and one version history serves them all), and kept open in a bounded
/// LRU (<see cref="TenantPoolCache"/>). Used by the generated <c>ForTenant</c> and <c>MigrateAllTenants</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TenantRouter : IDisposable
{
    private readonly string _databaseName;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly string _createSchemaSql;
    private readonly SqliteGenOptions _options;
    private readonly TenantPoolCache _cache;
    private readonly SqliteGenLog _log;

    /// <param name="basePool">The shared base file's pool; its options apply to tenant files too.</param>
    /// <param name="databaseName">The database class name, for messages.</param>
    /// <param name="migrations">The compiled version history.</param>
    /// <param name="createSchemaSql">The latest schema, for new tenant files.</param>
    public TenantRouter(SqliteConnectionPool basePool, string databaseName, IReadOnlyList<Migration> migrations, string createSchemaSql)
    {
        ArgumentNullException.ThrowIfNull(basePool);
        _databaseName = databaseName;
        _migrations = migrations;
        _createSchemaSql = createSchemaSql;
        _options = basePool.Options;
        Folder = Path.GetFullPath(_options.TenantFolder ?? Path.Combine(Path.GetDirectoryName(basePool.FilePath)!, "tenants"));
        _log = basePool.Log;
        _cache = new TenantPoolCache(Folder, _options.MaxOpenTenants, Open) { Log = _log };
    }

    /// <summary>The folder holding one file per tenant (<c>&lt;id&gt;.db</c>).</summary>
    public string Folder { get; }

    /// <summary>Tenant files open right now.</summary>
    public int OpenCount => _cache.OpenCount;

    /// <summary>The tenant's pool, opened (created and migrated if needed) on first use; dispose the lease when done.</summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set; nothing was touched.</exception>
    public TenantLease Rent(string tenantId) => _cache.Rent(tenantId);

    private SqliteConnectionPool Open(string path, string tenantId)
    {
        Directory.CreateDirectory(Folder);
        bool existed = File.Exists(path);
        SqliteConnectionPool pool = SqliteConnectionPool.Open(path, _options);
        try
        {
            int version = Migrator.MigrateToLatest(pool, $"{_databaseName} (tenant '{tenantId}')", _migrations, _createSchemaSql);
            if (_log.Tenancy.IsEnabled(LogLevel.Information))
                Log.TenantOpened(_log.Tenancy, tenantId, _databaseName, path, existed ? $"existing file, version {version}" : $"created at version {version}");
            return pool;
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens and migrates every tenant file in <see cref="Folder"/>, at most <paramref name="maxParallelism"/>
    /// at a time. A tenant that fails is reported and does not stop the others.
    /// </summary>
    public TenantMigrationReport MigrateAll(int maxParallelism, CancellationToken cancellationToken)
    {
        if (maxParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, "At least one tenant must be migrated at a time.");
        List<string> tenants = Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*" + TenantFiles.Extension)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(TenantFiles.IsValid)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList()
            : new List<string>();
        var results = new TenantMigrationResult[tenants.Count];
        Parallel.For(0, tenants.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, i =>
        {
            try
            {
                using TenantLease lease = _cache.Rent(tenants[i]);
                results[i] = new TenantMigrationResult(tenants[i], _migrations.Count, null);
            }
            catch (Exception error) when (error is SqliteGenException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                results[i] = new TenantMigrationResult(tenants[i], null, error.Message);
            }
        });
        return new TenantMigrationReport(results);
    }

    /// <summary>Closes the idle tenant files; ones in use close when their leases end.</summary>
    public void Dispose() => _cache.Dispose();
}

/// <summary>How one tenant's migration went: the version it is at, or why it failed.</summary>
public sealed record TenantMigrationResult(string TenantId, int? Version, string? Error)
{
    /// <summary>True when the tenant's file is at the compiled version.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>The outcome of migrating every tenant: one result per tenant file, in id order.</summary>
public sealed record TenantMigrationReport(IReadOnlyList<TenantMigrationResult> Tenants)
{
    /// <summary>The tenants that failed (the others were migrated).</summary>
    public IReadOnlyList<TenantMigrationResult> Failed => Tenants.Where(t => !t.Succeeded).ToList();
}

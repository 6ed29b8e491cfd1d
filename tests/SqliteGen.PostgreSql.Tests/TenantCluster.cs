using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// Three real PostgreSQL servers (a, b, c) for the tenant directory's tests; each test gets fresh databases on all three
/// (<see cref="OpenAsync"/>), the directory kept on a.
/// </summary>
public sealed class TenantCluster : IDisposable
{
    /// <summary>
    /// The tenant schema the tests place: an identity key, a serial, a foreign key, a generated column, odd quoted names,
    /// and first a statement a test can make wait (it holds advisory lock 4242 on the server) to stop a placement midway.
    /// </summary>
    public static readonly IReadOnlyList<string> Ddl =
    [
        "SELECT pg_advisory_xact_lock_shared(4242)",
        "CREATE TABLE accounts (account_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE, created timestamptz NOT NULL DEFAULT now())",
        """
        CREATE TABLE entries (entry_id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts, writer int NOT NULL, n int NOT NULL,
            amount numeric, doubled numeric GENERATED ALWAYS AS (amount * 2) STORED, payload bytea, at timestamptz, score double precision)
        """,
        "CREATE TABLE \"Odd \"\"Name\"\"; x\" (k int PRIMARY KEY, \"select\" text)",
    ];

    public TenantCluster()
    {
        try
        {
            A = new PostgresServer();
            B = new PostgresServer();
            C = new PostgresServer();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public PostgresServer A { get; } = null!;
    public PostgresServer B { get; } = null!;
    public PostgresServer C { get; } = null!;

    /// <summary>Fresh databases on a, b and c; their connection strings by server name.</summary>
    public Dictionary<string, string> CreateDatabases() => new(StringComparer.Ordinal)
    {
        ["a"] = A.CreateDatabase(),
        ["b"] = B.CreateDatabase(),
        ["c"] = C.CreateDatabase(),
    };

    /// <summary>The write lock timeout of the tests' directories: short, so a write held by a move fails fast.</summary>
    public static TenantDirectoryOptions ShortLockOptions => new() { WriteLockTimeout = TimeSpan.FromMilliseconds(200) };

    /// <summary>
    /// <paramref name="databases"/> as tenant servers, a data source each; <paramref name="maxPoolSize"/> pools their
    /// connections (the fixture's connection strings do not), at most that many per server.
    /// </summary>
    public static TenantServers Servers(Dictionary<string, string> databases, int? maxPoolSize = null)
    {
        var servers = new TenantServers();
        foreach ((string name, string connectionString) in databases)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (maxPoolSize is int max)
            {
                builder.Pooling = true;
                builder.MaxPoolSize = max;
            }
            servers.Add(name, NpgsqlDataSource.Create(builder.ConnectionString));
        }
        return servers;
    }

    /// <summary>A directory (on a) over <paramref name="databases"/>; a new instance each call, like another process.</summary>
    public static async Task<TenantDirectory> OpenAsync(Dictionary<string, string> databases, TenantDirectoryOptions? options = null,
        IReadOnlyList<string>? ddl = null) =>
        await TenantDirectory.OpenAsync(Servers(databases), "a", ddl ?? Ddl, options ?? ShortLockOptions);

    public void Dispose()
    {
        A?.Dispose();
        B?.Dispose();
        C?.Dispose();
    }
}

/// <summary>The tenant tests share the three servers and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TenantCollection : ICollectionFixture<TenantCluster>
{
    public const string Name = "PostgreSQL tenants";
}

/// <summary>Queries the tests check the directory's work with, read from each server's own catalogs.</summary>
internal static class TenantCatalog
{
    /// <summary>How many schemas on the server are marked as any copy (live or retired) of <paramref name="tenantId"/>.</summary>
    public static async Task<long> CopiesAsync(string connectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_namespace WHERE starts_with(obj_description(oid, 'pg_namespace'), $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = "sqlitegen tenant " + tenantId + " " });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Every schema in the server's database but PostgreSQL's own and <c>public</c>, with its mark ('' without one), in name
    /// order: read from <c>pg_namespace</c> and <c>pg_description</c>.
    /// </summary>
    public static async Task<List<(string Name, string Mark)>> SchemasAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, coalesce(d.description, '') FROM pg_namespace n
            LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
            WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public')
            ORDER BY n.nspname COLLATE "C"
            """, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var schemas = new List<(string, string)>();
        while (await reader.ReadAsync())
            schemas.Add((reader.GetString(0), reader.GetString(1)));
        return schemas;
    }

    /// <summary>
    /// Asserts, by each server's own catalog, that <paramref name="tenantId"/>'s only schema anywhere is its live one
    /// (<c>t_</c> + id) on <paramref name="server"/>, marked with <paramref name="epoch"/>: no staging, retired or
    /// orphan copy on any server. The tenant's schemas: those named a letter, perhaps digits, <c>_</c> and the id, or
    /// marked with the id.
    /// </summary>
    public static async Task AssertOnlyLiveSchemaAsync(Dictionary<string, string> databases, string tenantId, string server, long epoch, string context = "")
    {
        var tenantName = new System.Text.RegularExpressions.Regex("^[a-z][0-9]*_" + System.Text.RegularExpressions.Regex.Escape(tenantId) + "$");
        foreach ((string name, string connectionString) in databases)
        {
            List<(string, string)> expected = name == server ? [("t_" + tenantId, $"sqlitegen tenant {tenantId} epoch {epoch}")] : [];
            List<(string Name, string Mark)> actual = (await SchemasAsync(connectionString))
                .Where(s => tenantName.IsMatch(s.Name) || s.Mark.StartsWith($"sqlitegen tenant {tenantId} ", StringComparison.Ordinal)).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"server {name}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", actual)}] {context}");
        }
    }

    /// <summary>How many schemas on the server carry a live tenant mark at any epoch.</summary>
    public static async Task<long> LiveTenantSchemasAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') ~ '^sqlitegen tenant [a-z0-9_-]+ epoch [0-9]+$'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Kills every other backend of the server's database (a crash of every client of it, as the server sees it).</summary>
    public static async Task TerminateOthersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()", connection);
        await command.ExecuteScalarAsync();
    }

    /// <summary>Inserts one ledger entry for the tenant through the directory's write transaction.</summary>
    public static async Task WriteAsync(TenantDirectory directory, string tenantId, int writer, int n)
    {
        await using TenantTransaction transaction = await directory.BeginWriteAsync(tenantId);
        await InsertEntryAsync(transaction, writer, n);
        await transaction.CommitAsync();
    }

    /// <summary>Inserts one ledger entry in <paramref name="transaction"/> (its first statement carries the tenant's start).</summary>
    public static async Task InsertEntryAsync(TenantTransaction transaction, int writer, int n)
    {
        await using NpgsqlCommand command = transaction.CreateCommand(
            "INSERT INTO entries (writer, n, amount, payload, at, score) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new NpgsqlParameter { Value = writer });
        command.Parameters.Add(new NpgsqlParameter { Value = n });
        command.Parameters.Add(new NpgsqlParameter { Value = n * 1.25m });
        command.Parameters.Add(new NpgsqlParameter { Value = new byte[] { (byte)writer, (byte)n, 0, 255 } });
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(n) });
        command.Parameters.Add(new NpgsqlParameter { Value = n / 3.0 });
        await transaction.ExecuteNonQueryAsync(command);
    }

    /// <summary>Every (writer, n) in the tenant's entries, with how many times each is there.</summary>
    public static async Task<Dictionary<(int, int), long>> EntriesAsync(TenantDirectory directory, string tenantId)
    {
        var entries = new Dictionary<(int, int), long>();
        await using TenantTransaction transaction = await directory.BeginReadAsync(tenantId);
        await using NpgsqlCommand command = transaction.CreateCommand("SELECT writer, n, count(*) FROM entries GROUP BY writer, n");
        await using NpgsqlDataReader reader = await transaction.ExecuteReaderAsync(command);
        while (await reader.ReadAsync())
            entries[(reader.GetInt32(0), reader.GetInt32(1))] = reader.GetInt64(2);
        return entries;
    }
}

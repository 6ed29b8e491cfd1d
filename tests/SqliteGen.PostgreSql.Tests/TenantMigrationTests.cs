using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <see cref="TenantDirectory.MigrateAllTenantsAsync"/> on three real servers: tenants placed at version 1 by the
/// directory's migrations, then migrated to version 3, each checked in its server's own catalog (its history table, the
/// columns and indexes of its schema); a tenant whose step fails, a stopped server and a tenant held by a move are
/// reported and the others migrated; a re-run changes nothing that was done.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantMigrationTests(TenantCluster cluster)
{
    private const string Database = "NotesDb";

    /// <summary>Three versions: notes, then tags and a foreign key to them, then an index.</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new Migration(1, "CREATE TABLE notes (note_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);", "DROP TABLE notes;", null, "table notes"),
        new Migration(2, "CREATE TABLE tags (tag_id bigint PRIMARY KEY, name text NOT NULL UNIQUE);\nALTER TABLE notes ADD COLUMN tag_id bigint REFERENCES tags;",
            "ALTER TABLE notes DROP COLUMN tag_id;\nDROP TABLE tags;", null, "table tags"),
        new Migration(3, "CREATE INDEX ix_notes_body ON notes (body);", "DROP INDEX ix_notes_body;", null, null),
    ];

    private static async Task<TenantDirectory> OpenAsync(Dictionary<string, string> databases, TenantDirectoryOptions? options = null) =>
        await TenantDirectory.OpenAsync(TenantCluster.Servers(databases), "a", Database, Migrations.Take(1).ToList(), options ?? TenantCluster.ShortLockOptions);

    /// <summary>Places tenants m00..m(n-1) (fewest tenants: spread over a, b, c), each with one note.</summary>
    private static async Task<List<string>> PlaceAsync(TenantDirectory directory, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => "m" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (string id in ids)
        {
            await directory.PlaceAsync(id);
            await using TenantTransaction transaction = await directory.BeginWriteAsync(id);
            await using (NpgsqlCommand insert = transaction.CreateCommand("INSERT INTO notes (body) VALUES ($1)"))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = "note of " + id });
                await transaction.ExecuteNonQueryAsync(insert);
            }
            await transaction.CommitAsync();
        }
        return ids;
    }

    /// <summary>
    /// One tenant's schema as its server's catalog has it: the history (version and checksum per row, with the time it
    /// was applied), the tables with their columns, the indexes, and the notes.
    /// </summary>
    private static string Describe(string connectionString, string tenantId)
    {
        using NpgsqlConnection connection = Catalog.Open(connectionString);
        using (var path = new NpgsqlCommand("SELECT set_config('search_path', $1, false)", connection))
        {
            path.Parameters.Add(new NpgsqlParameter { Value = TenantSchemaNames.Quote(TenantSchemaNames.Live(tenantId)) });
            path.ExecuteNonQuery();
        }
        var lines = new List<string>();
        void Query(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        Query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
        Query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname");
        Query("SELECT 'history', version, checksum, applied_at, how FROM sqlitegen_migrations ORDER BY version");
        Query("SELECT 'note', body FROM notes ORDER BY note_id");
        return string.Join("\n", lines);
    }

    /// <summary>The server the directory places each tenant on.</summary>
    private static async Task<Dictionary<string, string>> WhereAsync(TenantDirectory directory, List<string> ids)
    {
        var where = new Dictionary<string, string>();
        foreach (string id in ids)
            where[id] = (await directory.LocateAsync(id)).Server;
        return where;
    }

    private static int HistoryVersion(string describe) => describe.Split('\n').Count(line => line.StartsWith("history |", StringComparison.Ordinal));

    [Fact]
    public async Task Every_tenant_on_every_server_is_migrated_one_broken_tenant_is_reported_whole_at_its_version_and_a_rerun_changes_nothing()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await OpenAsync(databases);
        List<string> ids = await PlaceAsync(directory, 33);
        Dictionary<string, string> where = await WhereAsync(directory, ids);
        Assert.Equal(["a", "b", "c"], where.Values.Distinct().Order().ToArray());

        // m07 already has a table named tags, which version 2 creates: its step fails there.
        await using (TenantTransaction transaction = await directory.BeginWriteAsync("m07"))
        {
            await using (NpgsqlCommand create = transaction.CreateCommand("CREATE TABLE tags (mine text)"))
                await transaction.ExecuteNonQueryAsync(create);
            await transaction.CommitAsync();
        }
        string brokenBefore = Describe(databases[where["m07"]], "m07");

        TenantServerMigrationReport report = await directory.MigrateAllTenantsAsync(Database, Migrations, tenantsPerServer: 3);

        Assert.Equal(ids, report.Tenants.Select(t => t.TenantId));
        TenantServerMigrationResult broken = Assert.Single(report.Failed);
        Assert.Equal(("m07", where["m07"], (int?)1, (int?)null, false), (broken.TenantId, broken.Server, broken.FromVersion, broken.Version, broken.IsRetryable));
        Assert.Contains("tenant 'm07'", broken.Error);
        Assert.Contains("server '" + where["m07"] + "'", broken.Error);
        Assert.Contains("from version 1 to 2", broken.Error);
        Assert.Contains("relation \"tags\" already exists", broken.Error);
        Assert.Equal(brokenBefore, Describe(databases[where["m07"]], "m07"));
        var after = new Dictionary<string, string>();
        foreach (string id in ids.Where(id => id != "m07"))
        {
            TenantServerMigrationResult result = report.Tenants.Single(t => t.TenantId == id);
            Assert.Equal((where[id], (int?)1, (int?)3), (result.Server, result.FromVersion, result.Version));
            after[id] = Describe(databases[where[id]], id);
            Assert.Equal(3, HistoryVersion(after[id]));
            Assert.Contains("notes | tag_id | bigint", after[id]);
            Assert.Contains("ix_notes_body", after[id]);
            Assert.Contains("note | note of " + id, after[id]);
        }

        TenantServerMigrationReport again = await directory.MigrateAllTenantsAsync(Database, Migrations, tenantsPerServer: 3);
        Assert.Equal("m07", Assert.Single(again.Failed).TenantId);
        Assert.All(again.Tenants.Where(t => t.Succeeded), t => Assert.Equal((3, 3), (t.FromVersion, t.Version)));
        foreach ((string id, string described) in after)
            Assert.Equal(described, Describe(databases[where[id]], id)); // the same history rows, applied_at included
    }

    [Fact]
    public async Task A_stopped_server_has_its_tenants_reported_retryably_and_they_migrate_whole_when_it_returns()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await OpenAsync(databases);
        List<string> ids = await PlaceAsync(directory, 30);
        Dictionary<string, string> where = await WhereAsync(directory, ids);
        List<string> onC = ids.Where(id => where[id] == "c").ToList();
        Assert.Equal(10, onC.Count);

        cluster.C.Stop();
        TenantServerMigrationReport report;
        try
        {
            report = await directory.MigrateAllTenantsAsync(Database, Migrations.Take(2).ToList());
        }
        finally
        {
            cluster.C.Restart();
        }
        Assert.Equal(onC, report.Failed.Select(t => t.TenantId));
        Assert.All(report.Failed, t =>
        {
            Assert.Equal(("c", (int?)null, true), (t.Server, t.Version, t.IsRetryable));
            Assert.Contains($"Tenant '{t.TenantId}' lives on server 'c', which cannot be reached", t.Error);
        });
        Assert.All(report.Tenants.Where(t => t.Server != "c"), t => Assert.Equal((1, 2), (t.FromVersion, t.Version)));

        // Nothing of version 2 reached c: its tenants are at version 1 as they were.
        foreach (string id in onC)
        {
            string described = Describe(databases["c"], id);
            Assert.Equal(1, HistoryVersion(described));
            Assert.DoesNotContain("tags", described);
        }
        NpgsqlConnection.ClearAllPools();
        TenantServerMigrationReport rerun = await directory.MigrateAllTenantsAsync(Database, Migrations.Take(2).ToList());
        Assert.Empty(rerun.Failed);
        Assert.All(rerun.Tenants, t => Assert.Equal(t.Server == "c" ? (1, 2) : (2, 2), (t.FromVersion!.Value, t.Version!.Value)));
        foreach (string id in onC)
            Assert.Equal(2, HistoryVersion(Describe(databases["c"], id)));
    }

    [Fact]
    public async Task A_tenant_held_by_a_move_is_reported_busy_and_moves_at_its_own_version_then_migrates_on_its_new_server()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TenantDirectory directory = await OpenAsync(databases, new TenantDirectoryOptions
        {
            WriteLockTimeout = TimeSpan.FromMilliseconds(200),
            AfterMoveStep = async (_, step) =>
            {
                if (step == TenantMoveStep.WritesBlocked)
                {
                    blocked.SetResult();
                    await release.Task;
                }
            },
        });
        List<string> ids = await PlaceAsync(directory, 6);
        TenantLocation moving = await directory.LocateAsync("m00");
        string to = moving.Server == "a" ? "b" : "a";

        Task<TenantLocation> move = Task.Run(() => directory.MoveAsync("m00", to));
        await blocked.Task;
        TenantServerMigrationReport report;
        try
        {
            report = await directory.MigrateAllTenantsAsync(Database, Migrations);
        }
        finally
        {
            release.SetResult();
        }
        TenantServerMigrationResult busy = Assert.Single(report.Failed);
        Assert.Equal(("m00", moving.Server, true), (busy.TenantId, busy.Server, busy.IsRetryable));
        Assert.Contains("being moved", busy.Error);

        // The move rebuilt the schema at the tenant's own version (1), not the build's latest, and copied its history.
        TenantLocation moved = await move;
        Assert.Equal(to, moved.Server);
        string onTarget = Describe(databases[to], "m00");
        Assert.Equal(1, HistoryVersion(onTarget));
        Assert.Contains("note | note of m00", onTarget);
        Assert.DoesNotContain("tags", onTarget);
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases[moving.Server], "m00"));

        TenantServerMigrationReport rerun = await directory.MigrateAllTenantsAsync(Database, Migrations);
        Assert.Empty(rerun.Failed);
        Assert.Equal((to, 1, 3), (rerun.Tenants[0].Server, rerun.Tenants[0].FromVersion!.Value, rerun.Tenants[0].Version!.Value));
        Assert.Equal(3, HistoryVersion(Describe(databases[to], "m00")));
        Assert.Equal(ids.Count, rerun.Tenants.Count);
    }
}

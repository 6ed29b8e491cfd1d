using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A tenant's InsertMany of a list, sent by binary COPY in the transaction the tenant's operation begins: the rows land in
/// the tenant's schema (its <c>search_path</c> applies to the COPY), the identity keys follow the list, and a refused list
/// writes nothing there, outside a tenant transaction and inside one that goes on. Counted by the servers themselves.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantInsertManyTests(TenantCluster cluster)
{
    private static List<UserNote> Notes(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new UserNote(0, $"{prefix}{i}", "note " + i)).ToList();

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_tenant_list_sent_by_COPY_lands_in_the_tenant_schema_and_a_refused_one_writes_nothing()
    {
        await using TenantRoutingTests.Routing routing = await TenantRoutingTests.Routing.OpenAsync(cluster);
        using var alice = routing.Tenants.ForTenant("alice");
        Assert.Equal(150, await alice.UserNotes.InsertManyAsync(Notes("async", 150)));
        Assert.Equal(120, alice.UserNotes.InsertMany(Notes("sync", 120)));

        TenantLocation location = await routing.Tenants.Directory.LocateAsync("alice");
        string server = routing.Databases[location.Server];
        string notes = TenantSchemaNames.Quote(TenantSchemaNames.Live("alice")) + ".user_notes";
        Assert.Equal(270, await ScalarAsync(server, $"SELECT count(*) FROM {notes}"));
        Assert.Equal(151, await ScalarAsync(server, $"SELECT note_id FROM {notes} WHERE slug = 'sync0'")); // keys in the list's order
        Assert.Equal(270, await ScalarAsync(server, $"SELECT max(note_id) FROM {notes}"));
        Assert.Equal(0, await ScalarAsync(routing.BaseConnectionString, "SELECT count(*) FROM user_notes"));
        using (var bob = routing.Tenants.ForTenant("bob"))
            Assert.Equal(0, bob.UserNotes.Count());

        List<UserNote> refused = Notes("refused", 140);
        refused[70] = refused[70] with { Slug = "sync5" };
        var error = Assert.Throws<ConstraintViolationException>(() => alice.UserNotes.InsertMany(refused));
        Assert.Equal((ConstraintKind.Unique, "user_notes.slug"), (error.Kind, error.Columns));
        Assert.Contains("failed at item 70", error.Message, StringComparison.Ordinal);
        await alice.WriteAsync(async (tx, token) =>
        {
            var inside = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await tx.UserNotes.InsertManyAsync(refused, token));
            Assert.Contains("failed at item 70", inside.Message, StringComparison.Ordinal);
            await tx.UserNotes.InsertAsync(new UserNote(0, "after", "after"), token);
        });
        Assert.Equal(271, await ScalarAsync(server, $"SELECT count(*) FROM {notes}"));
        Assert.Equal(0, await ScalarAsync(server, $"SELECT count(*) FROM {notes} WHERE slug LIKE 'refused%'"));
    }
}

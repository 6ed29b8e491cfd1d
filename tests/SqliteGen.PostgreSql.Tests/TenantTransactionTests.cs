using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The directory's own transactions (<see cref="TenantDirectory.BeginWriteAsync"/>, <see cref="TenantDirectory.BeginReadAsync"/>),
/// whose start goes with their first statement: what they refuse before it (nothing can run outside the tenant's schema),
/// what a refused first statement leaves, the write lock held to the end, a stale place corrected, and a move refused
/// before anything is written; each checked in the servers' own catalogs.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantTransactionTests(TenantCluster cluster)
{
    /// <summary>The tenant write locks granted on a server now (shared: held by write transactions), from its pg_locks.</summary>
    private const string HeldWriteLocks =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted AND classid::bigint = $1";

    [Fact]
    public async Task Before_its_first_statement_a_transaction_hands_out_no_connection_and_runs_nothing_outside_the_tenants_schema()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        await directory.PlaceAsync("ann", "b");

        await using (TenantTransaction write = await directory.BeginWriteAsync("ann"))
        {
            Assert.False(write.IsStarted);
            var connection = Assert.Throws<InvalidOperationException>(() => write.Connection);
            Assert.Contains("tenant 'ann' has not started", connection.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => write.Transaction);
            // A command made before the start is bound to no connection: Npgsql refuses to run it alone.
            await using NpgsqlCommand stray = write.CreateCommand("CREATE TABLE stray (x int)");
            await Assert.ThrowsAsync<InvalidOperationException>(() => stray.ExecuteNonQueryAsync());
            // Run through the transaction, the same command goes with the start: in ann's schema.
            await write.ExecuteNonQueryAsync(stray);
            Assert.True(write.IsStarted);
            await write.CommitAsync();
            Assert.Throws<InvalidOperationException>(() => write.Connection);
        }
        Assert.Equal(["t_ann"], await SchemasOfTableAsync(databases["b"], "stray"));
        foreach (string server in new[] { "a", "c" })
            Assert.Empty(await SchemasOfTableAsync(databases[server], "stray"));

        // StartAsync sends the start alone, for code that needs the connection itself.
        await using (TenantTransaction read = await directory.BeginReadAsync("ann"))
        {
            await read.StartAsync();
            await using var path = new NpgsqlCommand("SELECT current_setting('search_path')", read.Connection, read.Transaction);
            Assert.Equal("\"t_ann\"", await path.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_refused_first_statement_leaves_nothing_begun_and_the_write_lock_is_held_from_the_first_statement_to_the_end()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory directory = await TenantCluster.OpenAsync(databases);
        await directory.PlaceAsync("bea", "b");
        long writeLockClass = TenantSchemaNames.LockClass + 1;

        await using (TenantTransaction write = await directory.BeginWriteAsync("bea"))
        {
            // Nothing sent yet: b's pg_locks holds no tenant write lock.
            Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(databases["b"], HeldWriteLocks, writeLockClass));
            await using (NpgsqlCommand refused = write.CreateCommand("INSERT INTO accounts (name) VALUES (NULL)"))
            {
                var error = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync(refused));
                Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
            }
            // Refused: the transaction it began was rolled back, its lock with it, and the next statement starts it again.
            Assert.False(write.IsStarted);
            Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(databases["b"], HeldWriteLocks, writeLockClass));
            await using (NpgsqlCommand insert = write.CreateCommand("INSERT INTO accounts (name) VALUES ($1)"))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = "first" });
                Assert.Equal(1, await write.ExecuteNonQueryAsync(insert));
            }
            Assert.Equal(1, await TenantDirectoryTests.ScalarAsync(databases["b"], HeldWriteLocks, writeLockClass));
            // Later statements run in the transaction begun: the lock stays held until the commit.
            await using (NpgsqlCommand second = write.CreateCommand("INSERT INTO accounts (name) VALUES ('second')"))
                await second.ExecuteNonQueryAsync();
            Assert.Equal(1, await TenantDirectoryTests.ScalarAsync(databases["b"], HeldWriteLocks, writeLockClass));
            await write.CommitAsync();
        }
        Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(databases["b"], HeldWriteLocks, writeLockClass));
        Assert.Equal(2, await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_bea\".accounts"));

        // A transaction with no statement commits nothing and sends nothing.
        await using (TenantTransaction empty = await directory.BeginWriteAsync("bea"))
            await empty.CommitAsync();
    }

    [Fact]
    public async Task A_stale_place_is_corrected_by_the_first_statement_and_a_move_holding_the_tenant_refuses_it_with_nothing_written()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        TenantDirectory stale = await TenantCluster.OpenAsync(databases);
        await stale.PlaceAsync("cy", "a");
        await TenantCatalog.WriteAsync(stale, "cy", 0, 0);
        Assert.Equal("a", (await stale.LocateAsync("cy")).Server); // cached

        // Another process moves cy to b, its move held with cy's writes blocked while this one's transaction tries.
        Exception? duringMove = null;
        TenantLocation? foundDuringMove = null;
        TenantDirectory mover = await TenantCluster.OpenAsync(databases, new TenantDirectoryOptions
        {
            AfterMoveStep = async (_, step) =>
            {
                if (step != TenantMoveStep.Copied)
                    return;
                await using TenantTransaction write = await stale.BeginWriteAsync("cy");
                foundDuringMove = write.Location;
                duringMove = await Record.ExceptionAsync(() => TenantCatalog.InsertEntryAsync(write, 1, 1));
            },
        });
        await mover.MoveAsync("cy", "b");
        var busy = Assert.IsType<TenantBusyException>(duringMove);
        Assert.Equal(("cy", "a", true), (busy.TenantId, busy.Server, busy.IsRetryable));
        Assert.Equal("a", foundDuringMove?.Server);

        // The cache still says a: the first statement finds a's copy gone, and runs on b, once.
        Assert.Equal("a", (await stale.LocateAsync("cy")).Server);
        await using (TenantTransaction write = await stale.BeginWriteAsync("cy"))
        {
            Assert.Equal("a", write.Location.Server);
            await TenantCatalog.InsertEntryAsync(write, 2, 2);
            Assert.Equal(("b", 2L), (write.Location.Server, write.Location.Epoch));
            await write.CommitAsync();
        }
        // b's rows: the one from before the move and the one after; the refused one nowhere.
        Dictionary<(int, int), long> entries = await TenantCatalog.EntriesAsync(stale, "cy");
        Assert.Equal([(0, 0), (2, 2)], entries.Keys.Order().ToList());
        Assert.All(entries.Values, count => Assert.Equal(1, count));
        Assert.Equal(2, await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_cy\".entries"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["a"], "cy"));
    }

    /// <summary>The schemas of <paramref name="connectionString"/>'s database that hold a table named <paramref name="table"/>, from pg_tables.</summary>
    private static async Task<List<string>> SchemasOfTableAsync(string connectionString, string table)
    {
        var schemas = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT schemaname FROM pg_tables WHERE tablename = $1 ORDER BY schemaname", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            schemas.Add(reader.GetString(0));
        return schemas;
    }
}

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
/// How many round trips a tenant's operation costs, counted on the wire (a TCP relay in front of the tenant's server
/// that counts each time the client speaks after the server answered), and what PostgreSQL does with the statements a
/// pipelined batch sends without <c>BEGIN</c>: the facts the one-round-trip start relies on, shown on a real server.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantRoundTripTests(TenantCluster cluster)
{
    private static ResponsePattern Pattern(string id, string response) => new(id, "when " + id, response, 0.5, "greet", 0);

    [Fact]
    public async Task A_tenants_read_or_write_is_one_round_trip_on_its_server_and_a_write_transaction_one_more_than_its_statements()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        var b = new NpgsqlConnectionStringBuilder(databases["b"]);
        await using var wire = new WireCounter(b.Port);
        var servers = new TenantServers();
        servers.Add("a", NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(databases["a"]) { Pooling = true }.ConnectionString));
        servers.Add("b", NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(databases["b"]) { Pooling = true, Port = wire.Port, MaxPoolSize = 1 }.ConnectionString));
        await using (servers)
        await using (NpgsqlDataSource @base = NpgsqlDataSource.Create(cluster.A.CreateDatabase()))
        {
            PatternsDb.PostgreSql database = await PatternsDb.OpenPostgreSqlAsync(@base);
            PatternsDb.PostgreSql.TenantRouter tenants = await database.OpenTenantsAsync(servers, "a", TenantCluster.ShortLockOptions);
            await tenants.Directory.PlaceAsync("alice", "b");
            database.Base.ResponsePatterns.Insert(Pattern("shared", "base"));
            PatternsDb.PostgreSql.TenantView alice = tenants.ForTenant("alice");
            alice.UserNotes.Insert(new UserNote(0, "warm", "opens b's one pooled connection"));

            // Round trips, and the statements run (Execute messages: a simple query such as the pool's reset is none).
            string RoundTrips(Action operation)
            {
                int before = wire.RoundTrips;
                int sent = wire.Messages.Length;
                operation();
                return $"{wire.RoundTrips - before} ({wire.Messages[sent..].Count(type => type == 'E')} statements)";
            }

            var counted = new List<string>
            {
                $"insert: {RoundTrips(() => alice.ResponsePatterns.Insert(Pattern("p1", "own")))}",
                $"insert returning its key: {RoundTrips(() => alice.UserNotes.Insert(new UserNote(0, "n", "note")))}",
                $"get, the tenant's row: {RoundTrips(() => Assert.Equal("own", alice.ResponsePatterns.Get("p1").ResponseText))}",
                $"get, the base's row: {RoundTrips(() => Assert.Equal("base", alice.ResponsePatterns.Get("shared").ResponseText))}",
                $"get async: {RoundTrips(() => Assert.Equal("own", alice.ResponsePatterns.GetAsync("p1").AsTask().GetAwaiter().GetResult().ResponseText))}",
                $"count: {RoundTrips(() => Assert.Equal(1, alice.ResponsePatterns.Tenant.Count()))}",
                $"update: {RoundTrips(() => Assert.True(alice.ResponsePatterns.Update(Pattern("p1", "changed"))))}",
                $"upsert: {RoundTrips(() => alice.ResponsePatterns.Upsert(Pattern("p2", "upserted")))}",
                $"delete: {RoundTrips(() => Assert.True(alice.ResponsePatterns.Delete("p2")))}",
                // A write transaction sends BEGIN (Npgsql puts it in front of the next batch), the start and its first
                // statement in one round trip, each later statement in one more, and COMMIT alone: the work decides whether
                // to commit after its statements answered, so COMMIT cannot go with the last of them.
                $"write transaction of one insert: {RoundTrips(() => alice.Write(tx => tx.UserNotes.Insert(new UserNote(0, "tx", "in a transaction"))))}",
                $"write transaction of two inserts: {RoundTrips(() => alice.Write(tx =>
                {
                    tx.UserNotes.Insert(new UserNote(0, "tx2", "first of two"));
                    tx.UserNotes.Insert(new UserNote(0, "tx3", "second of two"));
                }))}",
                $"write transaction of a get and an insert: {RoundTrips(() => alice.Write(tx =>
                {
                    Assert.Equal("changed", tx.ResponsePatterns.Get("p1").ResponseText);
                    tx.UserNotes.Insert(new UserNote(0, "tx4", "after a read"));
                }))}",
                // Nothing sent: no statement began it, so there is nothing to commit.
                $"write transaction with nothing in it: {RoundTrips(() => alice.Write(_ => { }))}",
            };

            // A read is its one schema-qualified statement, nothing else (b sees only the tenant's part of a layered Get; the
            // base's row is read on a). A write is the start's four statements (lock_timeout bounded, the write lock taken
            // shared, lock_timeout set back, the mark checked) and its own; in a transaction, BEGIN and COMMIT are simple
            // queries, and a statement after the first goes between SAVEPOINT and RELEASE.
            Assert.Equal(
            [
                "insert: 1 (5 statements)", "insert returning its key: 1 (5 statements)", "get, the tenant's row: 1 (1 statements)",
                "get, the base's row: 1 (1 statements)", "get async: 1 (1 statements)", "count: 1 (1 statements)", "update: 1 (5 statements)",
                "upsert: 1 (5 statements)", "delete: 1 (5 statements)", "write transaction of one insert: 2 (5 statements)",
                "write transaction of two inserts: 3 (8 statements)", "write transaction of a get and an insert: 3 (8 statements)",
                "write transaction with nothing in it: 0 (0 statements)",
            ], counted);
            // What the one-round-trip writes left, read from b's own tables: every write committed, in alice's schema.
            Assert.Equal("changed", await TextAsync(databases["b"], "SELECT response_text FROM \"t_alice\".response_patterns WHERE fragment_id = 'p1'"));
            Assert.Equal(0L, await ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_alice\".response_patterns WHERE fragment_id = 'p2'"));
            Assert.Equal(6L, await ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_alice\".user_notes"));
            Assert.Equal(0L, await ScalarAsync(databases["b"], "SELECT count(*) FROM pg_tables WHERE tablename = 'user_notes' AND schemaname <> 't_alice'"));
        }
    }

    [Fact]
    public async Task A_directory_transactions_start_goes_with_its_first_statement_one_round_trip_fewer_than_the_start_sent_alone()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        await using var wire = new WireCounter(new NpgsqlConnectionStringBuilder(databases["b"]).Port);
        var relayed = new Dictionary<string, string>(databases, StringComparer.Ordinal)
        {
            ["b"] = new NpgsqlConnectionStringBuilder(databases["b"]) { Pooling = true, Port = wire.Port, MaxPoolSize = 1 }.ConnectionString,
        };
        TenantDirectory directory = await TenantCluster.OpenAsync(relayed);
        await directory.PlaceAsync("ada", "b");
        await TenantCatalog.WriteAsync(directory, "ada", 0, 0); // opens b's one pooled connection

        async Task<int> RoundTrips(Func<Task> operation)
        {
            int before = wire.RoundTrips;
            await operation();
            return wire.RoundTrips - before;
        }

        async Task<long> CountInRead(bool startAlone)
        {
            await using TenantTransaction read = await directory.BeginReadAsync("ada");
            if (startAlone)
                await read.StartAsync();
            await using NpgsqlCommand count = read.CreateCommand("SELECT count(*) FROM entries");
            return (long)(await read.ExecuteScalarAsync(count))!;
        }

        var counted = new List<string>
        {
            // The start and the insert in one round trip, COMMIT in one more. Sent alone first (StartAsync, as every
            // directory transaction did before its start went with its first statement): 3.
            $"write transaction of one insert: {await RoundTrips(() => TenantCatalog.WriteAsync(directory, "ada", 1, 1))}",
            $"the same, the start sent alone: {await RoundTrips(async () =>
            {
                await using TenantTransaction write = await directory.BeginWriteAsync("ada");
                await write.StartAsync();
                await TenantCatalog.InsertEntryAsync(write, 1, 2);
                await write.CommitAsync();
            })}",
            // The start and the read in one round trip, ROLLBACK (the disposal) in one more; with the start alone: 3.
            $"read transaction of one count: {await RoundTrips(async () => Assert.Equal(3L, await CountInRead(startAlone: false)))}",
            $"the same, the start sent alone: {await RoundTrips(async () => Assert.Equal(3L, await CountInRead(startAlone: true)))}",
            // No statement, nothing to commit: nothing sent (the start alone and COMMIT before: 2).
            $"write transaction with nothing in it: {await RoundTrips(async () =>
            {
                await using TenantTransaction write = await directory.BeginWriteAsync("ada");
                await write.CommitAsync();
            })}",
        };

        Assert.Equal(
        [
            "write transaction of one insert: 2", "the same, the start sent alone: 3", "read transaction of one count: 2",
            "the same, the start sent alone: 3", "write transaction with nothing in it: 0",
        ], counted);
        // Every write committed in ada's schema, read from b's own tables.
        Assert.Equal(3L, await ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_ada\".entries"));
        Assert.Equal(0L, await ScalarAsync(databases["b"], "SELECT count(*) FROM pg_tables WHERE tablename = 'entries' AND schemaname <> 't_ada'"));
    }

    [Fact]
    public async Task A_pipelined_batch_without_begin_is_one_transaction_its_local_settings_end_with_it_and_a_failing_statement_stops_the_rest()
    {
        await using var connection = new NpgsqlConnection(cluster.A.CreateDatabase());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE marks (n int)");
        await ExecuteAsync(connection, "CREATE SCHEMA s1");
        await ExecuteAsync(connection, "CREATE TABLE s1.marks (n int)");
        string defaultPath = await TextAsync(connection, "SELECT current_setting('search_path')");

        // set_config(..., true) in the first statement holds for the statements after it in the batch (one implicit
        // transaction, ended by the batch's one Sync), and not for the next command on the same connection.
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT set_config('search_path', '\"s1\"', true)"),
                new NpgsqlBatchCommand("INSERT INTO marks VALUES (1)"),
                new NpgsqlBatchCommand("SELECT current_setting('search_path')"),
            },
        })
        await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync())
        {
            Assert.True(await reader.NextResultAsync()); // past the set_config's row; the INSERT has no result set
            Assert.True(await reader.ReadAsync());
            Assert.Equal("\"s1\"", reader.GetString(0));
        }
        Assert.Equal(defaultPath, await TextAsync(connection, "SELECT current_setting('search_path')"));
        Assert.Equal((0L, 1L), (await ScalarAsync(connection, "SELECT count(*) FROM public.marks"), await ScalarAsync(connection, "SELECT count(*) FROM s1.marks")));

        // A statement that fails (the tenant start's mark check reads a setting PostgreSQL does not have) rolls back the
        // statements before it and the ones after it never run.
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO marks VALUES (2)"),
                new NpgsqlBatchCommand("SELECT CASE WHEN 1 = 2 THEN 'x' ELSE current_setting('sqlitegen.tenant_schema_moved') END"),
                new NpgsqlBatchCommand("INSERT INTO marks VALUES (3)"),
            },
        })
        {
            var failed = await Assert.ThrowsAsync<PostgresException>(async () => await batch.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.UndefinedObject, failed.SqlState);
            Assert.Contains("sqlitegen.tenant_schema_moved", failed.MessageText);
        }
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM public.marks"));

        // A check that passes never reads the setting: a CASE whose condition comes from a row is evaluated when run.
        Assert.Equal("x", await TextAsync(connection, "SELECT CASE WHEN (SELECT n FROM s1.marks) = 1 THEN 'x' ELSE current_setting('sqlitegen.tenant_schema_moved') END"));

        // SET LOCAL, by contrast, is a statement PostgreSQL warns about outside BEGIN (25P01), which is why the start uses set_config.
        var notices = new List<string>();
        connection.Notice += (_, e) => notices.Add(e.Notice.SqlState);
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("SET LOCAL search_path = s1"), new NpgsqlBatchCommand("INSERT INTO marks VALUES (4)") },
        })
        {
            await batch.ExecuteNonQueryAsync();
        }
        Assert.Equal([PostgresErrorCodes.NoActiveSqlTransaction], notices);
        Assert.Equal((0L, 2L), (await ScalarAsync(connection, "SELECT count(*) FROM public.marks"), await ScalarAsync(connection, "SELECT count(*) FROM s1.marks")));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<string> TextAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ScalarAsync(connection, sql);
    }

    private static async Task<string?> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}

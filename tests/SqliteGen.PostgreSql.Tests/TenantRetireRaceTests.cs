using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A tenant operation whose statement finds the tenant's table gone, made to happen on purpose on real servers: a read
/// whose statement runs after a move retired the schema it was checked against (the interleaving is forced with a table
/// lock the test holds while the move, stopped at its steps by its own callback, retires the schema), a table dropped
/// by hand, a whole schema dropped by hand (missing, not busy) against a move held after its retirement (busy), and a
/// write transaction whose start goes with its first statement, refused during a move and written where the tenant is
/// after it.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantRetireRaceTests(TenantCluster cluster)
{
    /// <summary>A guard against a test that would hang, not a measurement: no assertion depends on it.</summary>
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(2);

    /// <summary>The base database (on a), the three servers, and the router over them.</summary>
    private sealed class Routing(NpgsqlDataSource @base, TenantServers servers, Dictionary<string, string> databases, PatternsDb.PostgreSql.TenantRouter tenants)
        : IAsyncDisposable
    {
        public Dictionary<string, string> Databases { get; } = databases;

        public PatternsDb.PostgreSql.TenantRouter Tenants { get; } = tenants;

        public TenantServers Servers { get; } = servers;

        public static async Task<Routing> OpenAsync(TenantCluster cluster)
        {
            Dictionary<string, string> databases = cluster.CreateDatabases();
            NpgsqlDataSource @base = NpgsqlDataSource.Create(cluster.A.CreateDatabase());
            PatternsDb.PostgreSql database = await PatternsDb.OpenPostgreSqlAsync(@base);
            TenantServers servers = TenantCluster.Servers(databases);
            return new Routing(@base, servers, databases, await database.OpenTenantsAsync(servers, "a", TenantCluster.ShortLockOptions));
        }

        /// <summary>Another process's directory over the same servers, its moves observed by <paramref name="afterStep"/>.</summary>
        public async Task MoveAsync(string tenantId, string to, Func<TenantMoveStep, Task> afterStep)
        {
            var options = new TenantDirectoryOptions
            {
                WriteLockTimeout = TimeSpan.FromMilliseconds(200),
                AfterMoveStep = async (_, step) => await afterStep(step),
            };
            await using TenantServers servers = TenantCluster.Servers(Databases);
            TenantDirectory other = await TenantDirectory.OpenAsync(servers, "a", "PatternsDb", PatternsDb.PostgreSql.Migrations, options);
            await other.MoveAsync(tenantId, to);
        }

        public async ValueTask DisposeAsync()
        {
            await Servers.DisposeAsync();
            await @base.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_read_whose_statement_runs_after_the_moves_retirement_is_busy_until_the_switch_and_then_reads_the_new_place()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("rita", "a");
        PatternsDb.PostgreSql.TenantView rita = routing.Tenants.ForTenant("rita");
        await rita.UserNotes.InsertAsync(new UserNote(0, "kept", "read on a"));
        Assert.Equal("a", (await routing.Tenants.Directory.LocateAsync("rita")).Server); // cached: the read finds its schema on a until the retirement

        using var watchdog = new CancellationTokenSource(Watchdog);
        await using var holder = new NpgsqlConnection(routing.Databases["a"]);
        await holder.OpenAsync();
        await using var watcher = new NpgsqlConnection(routing.Databases["a"]);
        await watcher.OpenAsync();
        NpgsqlTransaction? held = null;
        Task<UserNote?>? read = null;
        Exception? duringRetirement = null, freshDuringRetirement = null;
        bool schemaLiveAtRetirement = true;

        await routing.MoveAsync("rita", "b", async step =>
        {
            if (step == TenantMoveStep.Copied)
            {
                // The copy is made; before the move retires a's schema, the test locks the table the read will name and
                // starts the read: its statement (sent alone, the table qualified with the schema, which is still there)
                // waits for the table.
                held = await holder.BeginTransactionAsync();
                await ExecuteAsync(holder, "LOCK TABLE \"t_rita\".user_notes IN ACCESS EXCLUSIVE MODE");
                read = Task.Run(async () => await rita.UserNotes.FindBySlugAsync("kept"));
                // Waiting on the table is the proof that the statement found the schema and the table by name.
                while (await ScalarAsync(watcher, "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND relation = '\"t_rita\".user_notes'::regclass") == 0)
                {
                    Assert.False(read.IsCompleted, "the read did not wait for the table the test holds");
                    await Task.Delay(20, watchdog.Token);
                }
            }
            else if (step == TenantMoveStep.Retired)
            {
                // a's schema is retired (renamed, by a's own catalog) and the directory not switched: the table is let go,
                // so the read's statement runs now, after the retirement, where its schema no longer is.
                schemaLiveAtRetirement = await ScalarAsync(watcher, "SELECT count(*) FROM pg_namespace WHERE nspname = 't_rita'") > 0;
                await held!.CommitAsync();
                duringRetirement = await Record.ExceptionAsync(async () => await read!.WaitAsync(watchdog.Token));
                freshDuringRetirement = await Record.ExceptionAsync(async () => await rita.UserNotes.FindBySlugAsync("kept"));
            }
        }).WaitAsync(watchdog.Token);

        Assert.False(schemaLiveAtRetirement);
        var busy = Assert.IsType<TenantBusyException>(duringRetirement);
        Assert.Equal(("rita", "a", true), (busy.TenantId, busy.Server, busy.IsRetryable));
        Assert.IsType<TenantBusyException>(freshDuringRetirement);

        // After the switch: the row as b holds it (changed there by hand, so a row of a's old copy would show).
        await ExecuteAsync(routing.Databases["b"], "UPDATE \"t_rita\".user_notes SET text = 'read on b' WHERE slug = 'kept'");
        Assert.Equal("read on b", (await rita.UserNotes.FindBySlugAsync("kept"))?.Text);
        Assert.Equal("b", (await routing.Tenants.Directory.LocateAsync("rita")).Server);
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["a"], "rita"));
        Assert.Equal(1, await TenantCatalog.CopiesAsync(routing.Databases["b"], "rita"));
    }

    [Fact]
    public async Task A_table_dropped_from_a_tenants_schema_fails_reads_writes_and_write_transactions_naming_tenant_server_schema_and_table()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("tom", "b");
        PatternsDb.PostgreSql.TenantView tom = routing.Tenants.ForTenant("tom");
        tom.UserNotes.Insert(new UserNote(0, "first", "before the drop"));
        await ExecuteAsync(routing.Databases["b"], "DROP TABLE \"t_tom\".user_notes");
        // b's catalog: the schema is there with its live mark, the table is not.
        Assert.Equal(1, await TenantCatalog.CopiesAsync(routing.Databases["b"], "tom"));
        Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(routing.Databases["b"], "SELECT count(*) FROM pg_tables WHERE schemaname = 't_tom' AND tablename = 'user_notes'"));

        var failures = new List<TenantTableMissingException>
        {
            Assert.Throws<TenantTableMissingException>(() => tom.UserNotes.FindBySlug("first")),
            await Assert.ThrowsAsync<TenantTableMissingException>(async () => await tom.UserNotes.InsertAsync(new UserNote(0, "second", "refused"))),
            Assert.Throws<TenantTableMissingException>(() => tom.Write(tx => tx.UserNotes.Insert(new UserNote(0, "third", "refused")))),
        };
        Assert.All(failures, missing =>
        {
            Assert.Equal(("tom", "b", "t_tom", "user_notes", false), (missing.TenantId, missing.Server, missing.Schema, missing.Table, missing.IsRetryable));
            Assert.Contains("Tenant 'tom' on server 'b': table 'user_notes' does not exist in the tenant's schema 't_tom'", missing.Message);
            Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(missing.InnerException).SqlState);
        });
        // The tenant's other tables still work; nothing was created in its place.
        tom.ResponsePatterns.Insert(new ResponsePattern("p1", "when p1", "own", 0.5, "greet", 0));
        Assert.Equal("own", tom.ResponsePatterns.Get("p1").ResponseText);
        Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(routing.Databases["b"], "SELECT count(*) FROM pg_tables WHERE tablename = 'user_notes' AND schemaname = 't_tom'"));
    }

    [Fact]
    public async Task A_schema_dropped_by_hand_fails_reads_writes_and_transactions_as_missing_while_a_move_held_at_its_retirement_stays_busy()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        TenantDirectory directory = routing.Tenants.Directory;
        await directory.PlaceAsync("sam", "b");
        PatternsDb.PostgreSql.TenantView sam = routing.Tenants.ForTenant("sam");
        sam.UserNotes.Insert(new UserNote(0, "first", "before the drop"));
        await ExecuteAsync(routing.Databases["b"], "DROP SCHEMA \"t_sam\" CASCADE");
        // b's catalog: no copy of sam; the directory: sam active on b, no move, no retired copy.
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["b"], "sam"));
        Assert.Equal(("b", "active", (string?)null), await EntryAsync(directory, "sam"));

        async Task Statement(TenantTransaction transaction)
        {
            await using NpgsqlCommand command = transaction.CreateCommand("SELECT count(*) FROM user_notes");
            await transaction.ExecuteScalarAsync(command);
        }

        var failures = new List<TenantSchemaMissingException>
        {
            Assert.Throws<TenantSchemaMissingException>(() => sam.UserNotes.FindBySlug("first")),
            await Assert.ThrowsAsync<TenantSchemaMissingException>(async () => await sam.UserNotes.FindBySlugAsync("first")),
            await Assert.ThrowsAsync<TenantSchemaMissingException>(async () => await sam.UserNotes.InsertAsync(new UserNote(0, "second", "refused"))),
            Assert.Throws<TenantSchemaMissingException>(() => sam.Write(tx => tx.UserNotes.Insert(new UserNote(0, "third", "refused")))),
            await Assert.ThrowsAsync<TenantSchemaMissingException>(async () =>
            {
                await using TenantTransaction write = await directory.BeginWriteAsync("sam");
                await Statement(write);
            }),
            await Assert.ThrowsAsync<TenantSchemaMissingException>(async () =>
            {
                await using TenantTransaction read = await directory.BeginReadAsync("sam");
                await Statement(read);
            }),
        };
        Assert.All(failures, missing =>
        {
            Assert.Equal(("sam", "b", "t_sam", (string?)null, false), (missing.TenantId, missing.Server, missing.Schema, missing.Mark, missing.IsRetryable));
            Assert.Contains("Tenant 'sam' on server 'b': its schema 't_sam' does not exist, though the directory places the tenant there at epoch 1 and no move of it is under way", missing.Message);
        });
        // The view's reads sent their one schema-qualified statement, which found no such table (PostgreSQL says 42P01 for
        // a schema-qualified name whose schema is missing); the writes' and the transactions' start is what failed, on b:
        // nothing ran after it.
        Assert.All(failures.Take(2), read => Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(read.InnerException).SqlState));
        Assert.All(failures.Skip(2), write => Assert.Contains("sqlitegen.tenant_schema_moved", Assert.IsType<PostgresException>(write.InnerException).MessageText));
        // Nothing was made in its place, on any server; the directory is as it was.
        foreach (string connectionString in routing.Databases.Values)
        {
            Assert.Equal(0, await TenantCatalog.CopiesAsync(connectionString, "sam"));
            Assert.Equal(0, await TenantDirectoryTests.ScalarAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'user_notes' AND schemaname NOT LIKE 't\\_%'"));
        }
        Assert.Equal(("b", "active", (string?)null), await EntryAsync(directory, "sam"));

        // A schema of that name that is not sam's (made by hand, no mark) is refused the same way, its mark named.
        await ExecuteAsync(routing.Databases["b"], "CREATE SCHEMA \"t_sam\"");
        var replaced = Assert.Throws<TenantSchemaMissingException>(() => sam.UserNotes.FindBySlug("first"));
        Assert.Equal("", replaced.Mark);
        Assert.Contains("its schema 't_sam' is not the tenant's copy at epoch 1", replaced.Message);

        // A real move, held after it retired the source's schema: the directory says moving, so reads are busy, not missing.
        await routing.Tenants.Directory.PlaceAsync("mia", "a");
        PatternsDb.PostgreSql.TenantView mia = routing.Tenants.ForTenant("mia");
        await mia.UserNotes.InsertAsync(new UserNote(0, "kept", "on a"));
        Assert.Equal("a", (await directory.LocateAsync("mia")).Server); // cached
        var duringRetirement = new List<Exception?>();
        Exception? droppedWhileMoverHoldsTheLock = null;
        await routing.MoveAsync("mia", "b", async step =>
        {
            if (step == TenantMoveStep.Retired)
            {
                duringRetirement.Add(await Record.ExceptionAsync(async () => await mia.UserNotes.FindBySlugAsync("kept")));
                duringRetirement.Add(Record.Exception(() => mia.UserNotes.FindBySlug("kept")));
                duringRetirement.Add(await Record.ExceptionAsync(async () =>
                {
                    await using TenantTransaction read = await directory.BeginReadAsync("mia");
                    await Statement(read);
                }));
            }
            else if (step == TenantMoveStep.Removed)
            {
                // Switched and the old copy removed: the entry is active on b with nothing retired, but the mover still holds
                // the tenant's lock. The new copy dropped by hand now is busy, the lock says: the move is not over.
                await ExecuteAsync(routing.Databases["b"], "DROP SCHEMA \"t_mia\" CASCADE");
                droppedWhileMoverHoldsTheLock = await Record.ExceptionAsync(async () => await mia.UserNotes.FindBySlugAsync("kept"));
            }
        });
        Assert.Equal(3, duringRetirement.Count);
        Assert.All(duringRetirement, error =>
        {
            var busy = Assert.IsType<TenantBusyException>(error);
            Assert.Equal(("mia", "a", true), (busy.TenantId, busy.Server, busy.IsRetryable));
        });
        var lockHeld = Assert.IsType<TenantBusyException>(droppedWhileMoverHoldsTheLock);
        Assert.Equal(("mia", "b", true), (lockHeld.TenantId, lockHeld.Server, lockHeld.IsRetryable));
        // The move over (its lock let go), the same schema state is missing: at epoch 2 on b.
        var gone = await Assert.ThrowsAsync<TenantSchemaMissingException>(async () => await mia.UserNotes.FindBySlugAsync("kept"));
        Assert.Equal(("mia", "b", "t_mia", false), (gone.TenantId, gone.Server, gone.Schema, gone.IsRetryable));
        Assert.Contains("at epoch 2", gone.Message);
    }

    /// <summary>The directory's entry for the tenant: server, state and move target.</summary>
    private static async Task<(string, string, string?)> EntryAsync(TenantDirectory directory, string tenantId)
    {
        TenantDirectoryEntry entry = (await directory.ListAsync()).Single(e => e.TenantId == tenantId);
        return (entry.Server, entry.State, entry.MoveTo);
    }

    [Fact]
    public async Task A_write_transactions_start_goes_with_its_first_statement_refused_during_a_move_and_written_where_the_tenant_is_after_it()
    {
        await using Routing routing = await Routing.OpenAsync(cluster);
        await routing.Tenants.Directory.PlaceAsync("wes", "a");
        PatternsDb.PostgreSql.TenantView wes = routing.Tenants.ForTenant("wes");
        wes.Write(tx => tx.UserNotes.Insert(new UserNote(0, "before", "on a")));
        Assert.Equal("a", (await routing.Tenants.Directory.LocateAsync("wes")).Server); // cached

        // While the move holds wes's writes: the transaction's first statement waits for the write lock, then is refused.
        Exception? duringMove = null;
        await routing.MoveAsync("wes", "b", step =>
        {
            if (step == TenantMoveStep.Copied)
                duringMove = Record.Exception(() => wes.Write(tx => tx.UserNotes.Insert(new UserNote(0, "during", "must land nowhere"))));
            return Task.CompletedTask;
        });
        var busy = Assert.IsType<TenantBusyException>(duringMove);
        Assert.Equal(("wes", "a"), (busy.TenantId, busy.Server));

        // The cache still says a: the first statement's check finds a's schema gone, and the transaction begins on b.
        Assert.Equal("a", (await routing.Tenants.Directory.LocateAsync("wes")).Server);
        await wes.WriteAsync(async (tx, cancellation) =>
        {
            await tx.UserNotes.InsertAsync(new UserNote(0, "after", "on b"), cancellation);
            await tx.UserNotes.InsertAsync(new UserNote(0, "after-2", "on b"), cancellation);
        });
        // A transaction rolled back writes nothing; one whose first write is refused (the slug is taken) goes on.
        using (PatternsDb.PostgreSql.TenantWriteTransaction tx = wes.BeginWrite())
            tx.UserNotes.Insert(new UserNote(0, "rolled-back", "never"));
        wes.Write(tx =>
        {
            Assert.ThrowsAny<SqliteGenException>(() => tx.UserNotes.Insert(new UserNote(0, "before", "a duplicate slug")));
            tx.UserNotes.Insert(new UserNote(0, "after-refused", "on b"));
        });

        Assert.Equal(["after", "after-2", "after-refused", "before"], await TenantRoutingTests.SlugsAsync(routing.Databases["b"], "wes"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(routing.Databases["a"], "wes"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

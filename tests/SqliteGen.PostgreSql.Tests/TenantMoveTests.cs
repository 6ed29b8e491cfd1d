using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tenancy;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// Moving a tenant between real servers: concurrent writers keep a ledger of acknowledged writes that must all be on the
/// target once, a directory with a stale cached location writes to the target, the target's copy has the live name only
/// once the source is retired (each server's catalog read after each step), and a crash after each step of the move
/// (every client backend of the three databases terminated, the mover stopped there) recovers to one whole copy.
/// </summary>
[Collection(TenantCollection.Name)]
public sealed class TenantMoveTests(TenantCluster cluster)
{
    [Fact]
    public async Task Writes_during_a_move_are_blocked_retryably_and_every_acknowledged_write_lands_once_on_the_target()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        var writersBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TenantDirectoryOptions
        {
            WriteLockTimeout = TimeSpan.FromMilliseconds(100),
            // Hold the move with writes blocked until a writer has been refused, so the test always covers the overlap.
            AfterMoveStep = async (_, step) =>
            {
                if (step == TenantMoveStep.WritesBlocked)
                    await writersBlocked.Task;
            },
        };
        TenantDirectory mover = await TenantCluster.OpenAsync(databases, options);
        TenantDirectory writers = await TenantCluster.OpenAsync(databases, new TenantDirectoryOptions { WriteLockTimeout = TimeSpan.FromMilliseconds(100) });
        TenantDirectory stale = await TenantCluster.OpenAsync(databases);
        await mover.PlaceAsync("dana", "a");
        for (int n = 0; n < 50; n++)
            await TenantCatalog.WriteAsync(mover, "dana", 0, n);
        Assert.Equal("a", (await stale.LocateAsync("dana")).Server); // cached before the move

        var ledger = new ConcurrentBag<(int, int)>(Enumerable.Range(0, 50).Select(n => (0, n)));
        int refused = 0;
        using var stop = new CancellationTokenSource();
        var afterMove = new int[4];
        Task moved = Task.CompletedTask;
        Task[] tasks = Enumerable.Range(1, 3).Select(writer => Task.Run(async () =>
        {
            for (int n = 0; ; n++)
            {
                while (true)
                {
                    if (stop.IsCancellationRequested)
                        return;
                    try
                    {
                        await TenantCatalog.WriteAsync(writers, "dana", writer, n);
                        ledger.Add((writer, n));
                        if (moved.IsCompleted)
                            afterMove[writer]++;
                        break;
                    }
                    catch (TenantException e) when (e.IsRetryable)
                    {
                        Interlocked.Increment(ref refused);
                        writersBlocked.TrySetResult();
                    }
                }
            }
        })).ToArray();
        moved = mover.MoveAsync("dana", "b");
        await moved;
        // Keep writing until every writer has been acknowledged on the target a few times.
        while (afterMove.Skip(1).Any(count => count < 5))
        {
            Assert.DoesNotContain(tasks, t => t.IsFaulted);
            await Task.Delay(10);
        }
        stop.Cancel();
        await Task.WhenAll(tasks);
        // The stale directory writes to the target, never to the retired copy.
        await TenantCatalog.WriteAsync(stale, "dana", 9, 1);
        ledger.Add((9, 1));

        Assert.True(refused > 0);
        Assert.Equal("b", (await (await TenantCluster.OpenAsync(databases)).LocateAsync("dana")).Server);
        Dictionary<(int, int), long> entries = await TenantCatalog.EntriesAsync(writers, "dana");
        Assert.Equal(ledger.Order(), entries.Keys.Order());
        Assert.All(entries, e => Assert.Equal(1, e.Value));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["a"], "dana"));
        Assert.Equal(1, await TenantCatalog.CopiesAsync(databases["b"], "dana"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["c"], "dana"));
        // The serial continues past the copied rows.
        Assert.Equal(1, await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(*) FROM pg_sequences WHERE sequencename = 'entries_entry_id_seq' AND last_value >= $1", (long)entries.Count));
    }

    [Fact]
    public async Task The_copy_has_a_staging_name_until_the_source_is_retired_so_the_live_name_is_only_where_the_tenant_is()
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        var seen = new Dictionary<TenantMoveStep, (List<(string, string)> A, List<(string, string)> B)>();
        var options = new TenantDirectoryOptions
        {
            // Each server's catalog as the move leaves it after each step (the mover waits meanwhile).
            AfterMoveStep = async (_, step) => seen[step] = (await TenantCatalog.SchemasAsync(databases["a"]), await TenantCatalog.SchemasAsync(databases["b"])),
        };
        TenantDirectory mover = await TenantCluster.OpenAsync(databases, options);
        await mover.PlaceAsync("fay", "a");
        for (int n = 0; n < 20; n++)
            await TenantCatalog.WriteAsync(mover, "fay", 1, n);

        await mover.MoveAsync("fay", "b");

        (string, string) liveOnA = ("t_fay", "sqlitegen tenant fay epoch 1");
        (string, string) retiredOnA = ("r1_fay", "sqlitegen tenant fay retired at epoch 1, moved to server b");
        (string, string) stagingOnB = ("c2_fay", "sqlitegen tenant fay epoch 2");
        (string, string) liveOnB = ("t_fay", "sqlitegen tenant fay epoch 2");
        Seen(TenantMoveStep.WritesBlocked, [liveOnA], []);
        // Copied and verified: under the staging name on b, marked with the next epoch; the live name only on a.
        Seen(TenantMoveStep.Copied, [liveOnA], [stagingOnB]);
        Seen(TenantMoveStep.Retired, [retiredOnA], [stagingOnB]);
        // Switched: renamed to the live name on b before the directory names b.
        Seen(TenantMoveStep.Switched, [retiredOnA], [liveOnB]);
        Seen(TenantMoveStep.Removed, [], [liveOnB]);
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, "fay", "b", 2);
        Assert.Equal(20, (await TenantCatalog.EntriesAsync(await TenantCluster.OpenAsync(databases), "fay")).Count);
        Assert.Equal(20L, await TenantDirectoryTests.ScalarAsync(databases["b"], "SELECT count(*) FROM \"t_fay\".entries"));

        void Seen(TenantMoveStep step, List<(string, string)> a, List<(string, string)> b)
        {
            Assert.True(a.SequenceEqual(seen[step].A) && b.SequenceEqual(seen[step].B),
                $"after {step}: a [{string.Join(", ", seen[step].A)}], b [{string.Join(", ", seen[step].B)}]");
        }
    }

    [Theory]
    [InlineData(TenantMoveStep.Marked, "a", false)]
    [InlineData(TenantMoveStep.WritesBlocked, "a", false)]
    [InlineData(TenantMoveStep.Copied, "a", false)]
    [InlineData(TenantMoveStep.Retired, "b", false)]
    // A crash between the target's rename (the first half of Switched) and the directory's switch: the test renames.
    [InlineData(TenantMoveStep.Retired, "b", true)]
    [InlineData(TenantMoveStep.Switched, "b", false)]
    [InlineData(TenantMoveStep.Removed, "b", false)]
    public async Task A_crash_after_any_step_of_a_move_recovers_to_one_whole_copy(TenantMoveStep crashAfter, string expectedServer, bool renamedOnTarget)
    {
        Dictionary<string, string> databases = cluster.CreateDatabases();
        var options = new TenantDirectoryOptions
        {
            AfterMoveStep = async (_, step) =>
            {
                if (step != crashAfter)
                    return;
                if (renamedOnTarget)
                {
                    await using var target = new NpgsqlConnection(databases["b"]);
                    await target.OpenAsync();
                    await using var rename = new NpgsqlCommand("ALTER SCHEMA \"c2_erin\" RENAME TO \"t_erin\"", target);
                    await rename.ExecuteNonQueryAsync();
                }
                // Every client of the three databases dies (as the servers see a killed process), and the mover stops here.
                foreach (string connectionString in databases.Values)
                    await TenantCatalog.TerminateOthersAsync(connectionString);
                throw new OperationCanceledException("crash after " + step);
            },
        };
        TenantDirectory crashing = await TenantCluster.OpenAsync(databases, options);
        await crashing.PlaceAsync("erin", "a");
        var ledger = new List<(int, int)>();
        for (int n = 0; n < 40; n++)
        {
            await TenantCatalog.WriteAsync(crashing, "erin", 1, n);
            ledger.Add((1, n));
        }
        await Assert.ThrowsAnyAsync<Exception>(() => crashing.MoveAsync("erin", "b"));

        // A restarted process: its first lookup finishes or undoes the move.
        TenantDirectory restarted = await TenantCluster.OpenAsync(databases);
        TenantLocation location = await restarted.LocateAsync("erin");
        Assert.Equal(expectedServer, location.Server);
        Assert.Equal("active", await TenantDirectoryTests.StateAsync(databases["a"], "erin"));
        long copies = 0;
        foreach (string connectionString in databases.Values)
            copies += await TenantCatalog.CopiesAsync(connectionString, "erin");
        Assert.Equal(1, copies);
        Assert.Equal(1, await TenantCatalog.CopiesAsync(databases[expectedServer], "erin"));
        // No staging or retired copy left anywhere: the live name only where the directory says, with its epoch.
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, "erin", expectedServer, location.Epoch);
        Assert.Equal(expectedServer == "a" ? 1 : 2, location.Epoch);
        Dictionary<(int, int), long> entries = await TenantCatalog.EntriesAsync(restarted, "erin");
        Assert.Equal(ledger.Order(), entries.Keys.Order());
        Assert.All(entries, e => Assert.Equal(1, e.Value));

        // The tenant works and moves on afterwards; the crashed process's stale cache finds it too.
        await TenantCatalog.WriteAsync(crashing, "erin", 2, 1);
        await restarted.MoveAsync("erin", "c");
        await TenantCatalog.WriteAsync(crashing, "erin", 2, 2);
        Assert.Equal(ledger.Count + 2, (await TenantCatalog.EntriesAsync(restarted, "erin")).Count);
        Assert.Equal(1, await TenantCatalog.CopiesAsync(databases["c"], "erin"));
        Assert.Equal(0, await TenantCatalog.CopiesAsync(databases["a"], "erin") + await TenantCatalog.CopiesAsync(databases["b"], "erin"));
        await TenantCatalog.AssertOnlyLiveSchemaAsync(databases, "erin", "c", location.Epoch + 1);
    }
}

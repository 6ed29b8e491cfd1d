using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Tenancy;

/// <summary>
/// Layered reads skip the tenant's file when its in-memory key set says the tenant has no such row
/// (<see cref="TenantKeyFilter{TKey}"/>). A stale set would show the base row where the tenant has its own: these
/// tests change the tenant's file every way there is between two reads and check the tenant row always wins.
/// </summary>
public sealed class TenantKeyFilterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static ResponsePattern Pattern(string id, string response) => new(id, "when " + id, response, 0.5, "greet", 0);

    private PatternsDb OpenWithBaseRows(int rows = 20)
    {
        PatternsDb db = PatternsDb.Open(_folder.File("base.db"));
        db.Base.ResponsePatterns.InsertMany(Enumerable.Range(0, rows).Select(i => Pattern("p" + i, "base " + i)));
        return db;
    }

    [Fact]
    public void A_row_written_through_the_view_wins_at_once_over_the_base_row()
    {
        using PatternsDb db = OpenWithBaseRows();
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        for (int i = 0; i < 20; i++)
        {
            // Read (building the key set), override, read again: the second read must see the override.
            Assert.Equal("base " + i, alice.ResponsePatterns.Get("p" + i).ResponseText);
            alice.ResponsePatterns.Insert(Pattern("p" + i, "own " + i));
            Assert.Equal("own " + i, alice.ResponsePatterns.Get("p" + i).ResponseText);
            Assert.Equal("own " + i, alice.ResponsePatterns.Find("p" + i)!.ResponseText);
        }
        alice.ResponsePatterns.Delete("p3");
        Assert.Equal("base 3", alice.ResponsePatterns.Get("p3").ResponseText);
        Assert.Equal(20, alice.ResponsePatterns.Count());
        Assert.Equal(19, alice.ResponsePatterns.All().Count(p => p.ResponseText.StartsWith("own ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_row_written_to_the_tenant_file_behind_SqliteGens_back_wins_at_the_next_read()
    {
        using PatternsDb db = OpenWithBaseRows();
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        Assert.Equal("base 7", alice.ResponsePatterns.Get("p7").ResponseText); // the key set now says "no p7"

        // Another connection (as another process would: the same file and shared wal-index) writes the override.
        using (var other = new SqliteConnection($"Data Source={alice.FilePath};Pooling=false"))
        {
            other.Open();
            using SqliteCommand insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO response_patterns (fragment_id, trigger_context, response_text, success_score, intent, usage_count) VALUES ('p7', 'x', 'written elsewhere', 0.5, 'greet', 0)";
            insert.ExecuteNonQuery();
        }
        Assert.Equal("written elsewhere", alice.ResponsePatterns.Get("p7").ResponseText);
        Assert.Equal("written elsewhere", alice.ResponsePatterns.All().Single(p => p.FragmentId == "p7").ResponseText);
    }

    [Fact]
    public void A_tenant_write_transaction_sees_its_own_uncommitted_override_and_others_see_it_after_commit()
    {
        using PatternsDb db = OpenWithBaseRows();
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        Assert.Equal("base 1", alice.ResponsePatterns.Get("p1").ResponseText);
        using (PatternsDb.TenantWriteTransaction transaction = alice.BeginWrite())
        {
            transaction.ResponsePatterns.Insert(Pattern("p1", "own, in a transaction"));
            Assert.Equal("own, in a transaction", transaction.ResponsePatterns.Get("p1").ResponseText);
            Assert.Equal("base 1", alice.ResponsePatterns.Get("p1").ResponseText); // not committed yet
            transaction.Commit();
        }
        Assert.Equal("own, in a transaction", alice.ResponsePatterns.Get("p1").ResponseText);
        using PatternsDb.TenantView again = db.ForTenant("alice"); // a second view shares the file's key set
        Assert.Equal("own, in a transaction", again.ResponsePatterns.Get("p1").ResponseText);
    }

    [Fact]
    public void A_tenant_with_more_keys_than_the_filter_keeps_still_reads_correctly()
    {
        using PatternsDb db = OpenWithBaseRows();
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        alice.ResponsePatterns.InsertMany(Enumerable.Range(0, TenantKeyFilter<string>.MaxKeys + 1).Select(i => Pattern("t" + i, "own t" + i)));
        Assert.Equal("base 5", alice.ResponsePatterns.Get("p5").ResponseText);
        Assert.Equal("own t9999", alice.ResponsePatterns.Get("t9999").ResponseText);
        alice.ResponsePatterns.Insert(Pattern("p5", "own 5"));
        Assert.Equal("own 5", alice.ResponsePatterns.Get("p5").ResponseText);
    }

    [Fact]
    public async Task Readers_racing_writers_never_see_the_base_row_after_the_override_was_acknowledged()
    {
        using PatternsDb db = OpenWithBaseRows(200);
        using PatternsDb.TenantView alice = db.ForTenant("alice");
        var acknowledged = new int[200]; // 1 once the override of p{i} was written
        int checks = 0;
        // Dedicated threads: spinning readers on pool threads can starve a pool-thread writer on a 2-core machine.
        Task writer = Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                alice.ResponsePatterns.Insert(Pattern("p" + i, "own " + i));
                Volatile.Write(ref acknowledged[i], 1);
            }
        }, TaskCreationOptions.LongRunning);
        Task[] readers = Enumerable.Range(0, 3).Select(r => Task.Factory.StartNew(() =>
        {
            var random = new Random(r);
            while (!writer.IsCompleted)
            {
                int i = random.Next(200);
                bool overridden = Volatile.Read(ref acknowledged[i]) == 1; // read before the row
                string text = alice.ResponsePatterns.Get("p" + i).ResponseText;
                if (overridden)
                    Assert.Equal("own " + i, text);
                Interlocked.Increment(ref checks);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(readers.Append(writer));
        Assert.True(checks > 0);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal("own " + i, alice.ResponsePatterns.Get("p" + i).ResponseText));
    }
}

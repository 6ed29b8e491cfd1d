using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// The seed systems' concurrency checks, scaled up: many writers and readers on one file, every
/// acknowledged write present afterwards, no duplicate keys, no SQLITE_BUSY reaching a caller.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Many_writers_and_readers_lose_nothing_and_never_see_busy()
    {
        const int writers = 16, writesEach = 100, readers = 8;
        using TypesDb db = TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { MaxReaders = 4 });
        var acknowledged = new ConcurrentBag<(int Writer, int Sequence)>();
        var errors = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();

        Task[] writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (int s = 0; s < writesEach; s++)
            {
                try
                {
                    if (s % 2 == 0)
                        db.Counters.Insert(new Counter(w, s, "sync"));
                    else
                        await db.Counters.InsertAsync(new Counter(w, s, "async"));
                    acknowledged.Add((w, s));
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();

        long reads = 0;
        Task[] reading = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    long count = r % 2 == 0 ? db.Counters.Count() : await db.Counters.CountAsync();
                    Assert.InRange(count, 0, writers * writesEach);
                    _ = db.Counters.FindByNote("sync").Count;
                    Interlocked.Increment(ref reads);
                }
                catch (Exception error)
                {
                    errors.Add(error);
                }
            }
        })).ToArray();

        await Task.WhenAll(writing);
        stop.Cancel();
        await Task.WhenAll(reading);

        Assert.Empty(errors);
        Assert.Equal(writers * writesEach, acknowledged.Count);
        var stored = db.Counters.All().Select(c => (c.Writer, c.Sequence)).ToList();
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(acknowledged.OrderBy(a => a), stored.OrderBy(a => a));
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task Two_pools_on_one_file_wait_for_each_other_instead_of_failing()
    {
        // Two pools stand in for two processes: SQLite's busy handler (busy_timeout) must absorb the contention.
        string path = _folder.File();
        using TypesDb first = TypesDb.Open(path);
        using TypesDb second = TypesDb.Open(path);

        Task Write(TypesDb db, int writer) => Task.Run(() =>
        {
            for (int s = 0; s < 200; s++)
                db.Write(tx => tx.Counters.Insert(new Counter(writer, s, "x")));
        });

        await Task.WhenAll(Write(first, 1), Write(second, 2), Write(first, 3), Write(second, 4));
        Assert.Equal(800, first.Counters.Count());
        Assert.Equal(800, second.Counters.Count());
    }

    [Fact]
    public async Task Readers_are_bounded_and_waiters_get_a_connection_when_one_is_returned()
    {
        using TypesDb db = TypesDb.Open(_folder.File(), SqliteGenOptions.Default with { MaxReaders = 1 });
        db.Counters.InsertMany(Enumerable.Range(0, 10).Select(i => new Counter(0, i, "n")));

        using var firstRow = db.Counters.All().GetEnumerator();
        Assert.True(firstRow.MoveNext()); // holds the only reader

        Task<long> waiting = Task.Run(() => db.Counters.Count());
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        firstRow.Dispose(); // gives the reader back
        Assert.Equal(10, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Vectors;
using Xunit;

namespace SqliteGen.Tests.Search;

/// <summary>
/// The resident exact index follows the generated writes row by row (<see cref="VectorChanges"/>) instead of being
/// rebuilt after each: every search after every kind of write must give the brute-force answer over what the table
/// holds, while the index is built about once.
/// </summary>
public sealed class IndexDeltaTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static List<VectorMatch> Matches(IReadOnlyList<VectorNeighbor<VectorRow>> neighbors) =>
        neighbors.Select(n => new VectorMatch(n.Item.Id, n.Distance)).ToList();

    [Fact]
    public void Random_inserts_upserts_updates_and_deletes_keep_every_search_exact_without_rebuilds()
    {
        var random = new Random(23);
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        Migrator.MigrateToLatest(pool, nameof(SearchDb), SearchDb.Migrations, SearchDb.CreateSchemaSql);
        var table = new SearchDb.VectorRowsTable(pool);
        var model = new Dictionary<long, VectorRow>();
        foreach (VectorRow row in Enumerable.Range(1, 60).Select(id => SearchFixture.RandomRow(random, id)))
            model[row.Id] = row;
        table.InsertMany(model.Values);

        for (int step = 0; step < 300; step++)
        {
            long id = random.Next(1, 90);
            VectorRow fresh = SearchFixture.RandomRow(random, id);
            switch (random.Next(6))
            {
                case 0 when !model.ContainsKey(id):
                    table.Insert(fresh);
                    model[id] = fresh;
                    break;
                case 1:
                    table.Upsert(fresh);
                    model[id] = fresh;
                    break;
                case 2:
                    Assert.Equal(model.ContainsKey(id), table.Update(fresh));
                    if (model.ContainsKey(id))
                        model[id] = fresh;
                    break;
                case 3:
                    // The nullable column goes null and back: the row leaves that column's index and returns.
                    VectorRow changed = model.TryGetValue(id, out VectorRow? old) ? old with { L2x384 = old.L2x384 is null ? fresh.L2x384 ?? SearchFixture.RandomVector(random, 384) : null } : fresh;
                    table.Upsert(changed);
                    model[id] = changed;
                    break;
                default:
                    Assert.Equal(model.Remove(id), table.Delete(id));
                    break;
            }

            float[] query8 = SearchFixture.RandomVector(random, 8), query384 = SearchFixture.RandomVector(random, 384), query96 = SearchFixture.RandomVector(random, 96);
            Ranking.AssertSame(SearchFixture.BruteForce(model.Values.Select(r => (r.Id, (float[]?)r.Cosine8)), query8, 5, VectorMetric.Cosine), Matches(table.NearestByCosine8(query8, 5)));
            Ranking.AssertSame(SearchFixture.BruteForce(model.Values.Select(r => (r.Id, r.L2x384)), query384, 5, VectorMetric.L2), Matches(table.NearestByL2x384(query384, 5)));
            Ranking.AssertSame(SearchFixture.BruteForce(model.Values.Select(r => (r.Id, (float[]?)r.Cosine96.ToArray())), query96, 5, VectorMetric.Cosine), Matches(table.NearestByCosine96(query96, 5)));
        }

        // One build per searched column at the first search; after that every write updated the indexes in place.
        Assert.Equal(3, SearchTableSource.IndexBuilds(pool, "vector_rows"));
        Assert.True(SearchTableSource.IndexDeltas(pool, "vector_rows") > 300, $"{SearchTableSource.IndexDeltas(pool, "vector_rows")} in-place updates");
    }

    [Fact]
    public void A_table_whose_key_is_not_the_rowid_follows_its_writes_by_rowid()
    {
        var random = new Random(5);
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        Migrator.MigrateToLatest(pool, nameof(SearchDb), SearchDb.Migrations, SearchDb.CreateSchemaSql);
        var items = new SearchDb.ContextItemsTable(pool);
        var model = new Dictionary<string, ContextItem>();
        ContextItem Item(int n) => new("ctx-" + n, "content " + n, null, "topic", n % 3, SearchFixture.RandomVector(random, 4));
        for (int n = 0; n < 30; n++)
            items.Insert(model[$"ctx-{n}"] = Item(n));
        float[] probe = SearchFixture.RandomVector(random, 4);
        items.Nearest(probe, 3); // builds the index

        for (int step = 0; step < 120; step++)
        {
            int n = random.Next(40);
            string id = "ctx-" + n;
            switch (random.Next(3))
            {
                case 0:
                    items.Upsert(model[id] = Item(n));
                    break;
                case 1 when model.ContainsKey(id):
                    items.Update(model[id] = model[id] with { Embedding = SearchFixture.RandomVector(random, 4) });
                    break;
                default:
                    Assert.Equal(model.Remove(id), items.Delete(id));
                    break;
            }
            float[] query = SearchFixture.RandomVector(random, 4);
            var expected = model.Values.Select(i => (Id: i.ContextId, Distance: Distance(i.Embedding, query))).OrderBy(x => x.Distance).Take(5).Select(x => x.Id).ToList();
            Assert.Equal(expected, items.Nearest(query, 5).Select(r => r.Item.ContextId).ToList());
        }
        Assert.Equal(1, SearchTableSource.IndexBuilds(pool, "context_registry"));
    }

    [Fact]
    public void A_write_too_big_to_note_and_a_failed_write_fall_back_to_a_rebuild_and_stay_exact()
    {
        var random = new Random(8);
        using var pool = SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        Migrator.MigrateToLatest(pool, nameof(SearchDb), SearchDb.Migrations, SearchDb.CreateSchemaSql);
        var table = new SearchDb.VectorRowsTable(pool);
        table.Insert(SearchFixture.RandomRow(random, 1));
        float[] query = SearchFixture.RandomVector(random, 8);
        table.NearestByCosine8(query, 1);
        Assert.Equal(1, SearchTableSource.IndexBuilds(pool, "vector_rows"));

        // More rows than one write notes: the index is retired and rebuilt, and sees every row.
        List<VectorRow> many = Enumerable.Range(2, VectorChanges.MaxRows + 1).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        many[^1] = many[^1] with { Cosine8 = query };
        table.InsertMany(many);
        Assert.Equal(many[^1].Id, table.NearestByCosine8(query, 1).Single().Item.Id);
        Assert.Equal(2, SearchTableSource.IndexBuilds(pool, "vector_rows"));

        // A write that fails (duplicate key) changes nothing in the table; the index is retired (a rebuild, never a
        // stale answer) and agrees with the table.
        float[] opposite = query.Select(x => -x).ToArray();
        Assert.Throws<ConstraintViolationException>(() => table.Insert(SearchFixture.RandomRow(random, 1) with { Cosine8 = opposite }));
        List<VectorRow> stored = table.All().ToList();
        Ranking.AssertSame(SearchFixture.BruteForce(stored.Select(r => (r.Id, (float[]?)r.Cosine8)), opposite, 5, VectorMetric.Cosine), Matches(table.NearestByCosine8(opposite, 5)));
        Assert.Equal(3, SearchTableSource.IndexBuilds(pool, "vector_rows"));
    }

    [Fact]
    public void A_Query_method_that_writes_a_table_with_vectors_retires_its_index()
    {
        var random = new Random(3);
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Exact);
        db.VectorRows.InsertMany(Enumerable.Range(1, 50).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = db.VectorRows.Get(7).Cosine8;
        Assert.Equal(7, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // the index is built and cached

        Assert.Equal(1, db.CopyVectorRow(7, 1007));
        Assert.Equal(new long[] { 7, 1007 }, db.VectorRows.NearestByCosine8(query, 2).Select(n => n.Item.Id).OrderBy(id => id).ToArray());
    }

    private static float Distance(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return (float)(1 - dot / Math.Sqrt(na * nb));
    }
}

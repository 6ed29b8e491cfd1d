using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Vectors;
using Xunit;

namespace SqliteGen.Tests.Search;

/// <summary>
/// <see cref="VectorBackend.Quantized"/>: the generated <c>Nearest</c> on the binary-quantized resident index. Exact
/// distances on whatever it returns, the exact answer when the oversampling covers the table, measured recall
/// otherwise, and writes followed without a rebuild.
/// </summary>
public sealed class QuantizedBackendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private SearchDb Open(int oversample) =>
        SearchDb.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Quantized, QuantizedOversample = oversample });

    private static List<VectorMatch> Matches(IReadOnlyList<VectorNeighbor<VectorRow>> neighbors) =>
        neighbors.Select(n => new VectorMatch(n.Item.Id, n.Distance)).ToList();

    [Fact]
    public void With_oversampling_that_covers_the_table_the_answer_is_exact()
    {
        var random = new Random(31);
        using SearchDb db = Open(oversample: 100);
        List<VectorRow> rows = Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        db.VectorRows.InsertMany(rows);
        for (int q = 0; q < 10; q++)
        {
            float[] query = SearchFixture.RandomVector(random, 96);
            Ranking.AssertSame(SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.Cosine96.ToArray())), query, 3, VectorMetric.Cosine),
                Matches(db.VectorRows.NearestByCosine96(query, 3))); // 3 x 100 candidates >= 300 rows
        }
    }

    [Fact]
    public void Below_full_coverage_distances_are_exact_and_recall_is_measured()
    {
        var random = new Random(37);
        using SearchDb db = Open(oversample: 10);
        List<VectorRow> rows = Enumerable.Range(1, 3_000).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        db.VectorRows.InsertMany(rows);
        Dictionary<long, float[]> byId = rows.ToDictionary(r => r.Id, r => r.Cosine96.ToArray());
        int found = 0, asked = 0;
        for (int q = 0; q < 30; q++)
        {
            float[] query = SearchFixture.RandomVector(random, 96);
            List<VectorMatch> expected = SearchFixture.BruteForce(byId.Select(kv => (kv.Key, (float[]?)kv.Value)), query, 10, VectorMetric.Cosine);
            List<VectorMatch> got = Matches(db.VectorRows.NearestByCosine96(query, 10));
            Assert.Equal(10, got.Count);
            Assert.Equal(got.OrderBy(m => m.Distance).ThenBy(m => m.Key).Select(m => m.Key), got.Select(m => m.Key)); // nearest first
            foreach (VectorMatch match in got) // re-ranked exactly: each distance is the true one
                Assert.Equal(SearchFixture.BruteForce(new[] { (match.Key, (float[]?)byId[match.Key]) }, query, 1, VectorMetric.Cosine)[0].Distance, match.Distance, 3);
            found += got.Count(m => expected.Any(e => e.Key == m.Key));
            asked += 10;
        }
        // Uniform noise in 96 dimensions is the hard case for sign bits: the floor is what a run here showed, with room.
        double recall = (double)found / asked;
        Assert.True(recall >= 0.6, $"recall@10 {recall:0.000} at oversample 10 on uniform 96-dimensional vectors");
    }

    [Fact]
    public void Writes_update_the_quantized_index_in_place()
    {
        var random = new Random(41);
        using SearchDb db = Open(oversample: 20);
        db.VectorRows.InsertMany(Enumerable.Range(1, 200).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = SearchFixture.RandomVector(random, 96);
        db.VectorRows.NearestByCosine96(query, 1);
        db.VectorRows.Insert(SearchFixture.RandomRow(random, 500) with { Cosine96 = query });
        Assert.Equal(500, db.VectorRows.NearestByCosine96(query, 1).Single().Item.Id);
        db.VectorRows.Delete(500);
        Assert.NotEqual(500, db.VectorRows.NearestByCosine96(query, 1).Single().Item.Id);
    }
}

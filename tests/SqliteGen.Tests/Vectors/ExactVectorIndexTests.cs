using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SqliteGen.Tests.Vectors;

/// <summary>The exact scan against a plain double-precision full sort, and its input checks.</summary>
public sealed class ExactVectorIndexTests
{
    internal static float[] RandomVector(Random random, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>What any correct search returns: every row's distance in double precision, fully sorted.</summary>
    private static List<VectorMatch> Reference(Dictionary<long, float[]> rows, float[] query, VectorMetric metric, int k, Func<long, bool>? filter) =>
        Ranking.BruteForce(rows.Where(r => filter is null || filter(r.Key)).Select(r => (r.Key, r.Value)), query, metric, k);

    [Theory]
    [InlineData(3, 200, VectorMetric.Cosine)]
    [InlineData(17, 500, VectorMetric.L2)]
    [InlineData(64, 300, VectorMetric.Dot)]
    [InlineData(384, 1_000, VectorMetric.Cosine)] // 384,000 floats: the parallel scan
    [InlineData(384, 1_000, VectorMetric.L2)]
    public void Nearest_matches_a_full_sort_for_every_k_and_with_a_filter(int dimensions, int count, VectorMetric metric)
    {
        var random = new Random(dimensions * 31 + count);
        var index = new ExactVectorIndex(dimensions, metric);
        var rows = new Dictionary<long, float[]>();
        for (long key = 0; key < count; key++)
        {
            rows[key] = RandomVector(random, dimensions);
            index.Upsert(key, rows[key]);
        }
        // Replace some vectors and remove others: the index must follow.
        for (long key = 0; key < count; key += 7)
        {
            rows[key] = RandomVector(random, dimensions);
            index.Upsert(key, rows[key]);
        }
        for (long key = 3; key < count; key += 11)
        {
            Assert.True(index.Remove(key));
            rows.Remove(key);
        }
        Assert.False(index.Remove(3));
        Assert.Equal(rows.Count, index.Count);

        foreach (int k in new[] { 1, 10, 100, count })
        {
            float[] query = RandomVector(random, dimensions);
            Ranking.AssertSame(Reference(rows, query, metric, k, null), index.Nearest(query, Math.Min(k, ExactVectorIndex.MaxK)));
            Func<long, bool> even = key => key % 2 == 0;
            List<VectorMatch> filtered = Reference(rows, query, metric, k, even);
            Ranking.AssertSame(filtered, index.Nearest(query, Math.Min(k, ExactVectorIndex.MaxK), even));
            Assert.All(filtered, m => Assert.Equal(0, m.Key % 2));
        }
    }

    [Fact]
    public void Equal_distances_are_ordered_by_key()
    {
        var index = new ExactVectorIndex(2, VectorMetric.L2);
        foreach (long key in new long[] { 9, 4, 7, 1 })
            index.Upsert(key, new float[] { 1, 0 });
        index.Upsert(5, new float[] { 0, 0 });
        Assert.Equal(new long[] { 5, 1, 4, 7 }, index.Nearest(new float[] { 0, 0 }, 4).Select(m => m.Key));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_message()
    {
        var index = new ExactVectorIndex(3, VectorMetric.Cosine);
        Assert.Contains("2 components", Assert.Throws<ArgumentException>(() => index.Upsert(1, new float[] { 1, 2 })).Message);
        Assert.Contains("Component 1", Assert.Throws<ArgumentException>(() => index.Upsert(1, new[] { 1f, float.NaN, 0f })).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => index.Nearest(new[] { 1f, float.PositiveInfinity, 0f }, 1)).Message);
        Assert.Contains("zero vector", Assert.Throws<ArgumentException>(() => index.Upsert(1, new float[3])).Message);
        Assert.Contains("between 1 and 4096", Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new float[] { 1, 0, 0 }, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new float[] { 1, 0, 0 }, 4097));
        Assert.Empty(index.Nearest(new float[] { 1, 0, 0 }, 5));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SqliteGen.Tests.Vectors;

/// <summary>
/// The binary-quantized index returns exact distances for the keys it returns, the exact answer when its candidates
/// cover every row, follows upserts and removals, and refuses bad input as the exact index does.
/// </summary>
public sealed class BinaryQuantizedIndexTests
{
    /// <summary>Both indexes over the same rows, keyed 0, 1, 2...</summary>
    internal static (ExactVectorIndex Exact, BinaryQuantizedIndex Quantized) Both(int dimensions, VectorMetric metric, IReadOnlyList<float[]> rows, int oversample = BinaryQuantizedIndex.DefaultOversample)
    {
        var exact = new ExactVectorIndex(dimensions, metric);
        var quantized = new BinaryQuantizedIndex(dimensions, metric, oversample);
        for (int i = 0; i < rows.Count; i++)
        {
            exact.Upsert(i, rows[i]);
            quantized.Upsert(i, rows[i]);
        }
        return (exact, quantized);
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.Dot)]
    public void Returned_distances_are_the_exact_distances_of_those_keys_nearest_first(VectorMetric metric)
    {
        float[][] rows = VectorData.Clustered(3, 3_000, 96, 100, 1f, 4);
        (ExactVectorIndex exact, BinaryQuantizedIndex quantized) = Both(96, metric, rows, oversample: 2);
        foreach (float[] query in VectorData.Clustered(5, 10, 96, 100, 1f, 4))
        {
            // Every row's exact distance (3,000 <= MaxK).
            Dictionary<long, float> distanceOf = exact.Nearest(query, rows.Length).ToDictionary(m => m.Key, m => m.Distance);
            IReadOnlyList<VectorMatch> found = quantized.Nearest(query, 25);
            Assert.Equal(25, found.Count);
            Assert.Equal(25, found.Select(m => m.Key).Distinct().Count());
            foreach (VectorMatch match in found)
                Assert.Equal(distanceOf[match.Key], match.Distance); // the same kernel: bit for bit
            Assert.Equal(found.OrderBy(m => m.Distance).ThenBy(m => m.Key), found);
        }
    }

    [Theory]
    [InlineData(VectorMetric.Cosine, 24_000)] // 24,000 x 6 words: the Hamming pass runs on both cores
    [InlineData(VectorMetric.L2, 3_000)]
    public void Candidates_covering_every_row_give_the_exact_answer(VectorMetric metric, int count)
    {
        float[][] rows = VectorData.Uniform(11, count, 384);
        (ExactVectorIndex exact, BinaryQuantizedIndex quantized) = Both(384, metric, rows);
        foreach (float[] query in VectorData.Uniform(12, 3, 384))
        {
            // 4,096 x 20 and 100 x 1,000 candidates cover every row.
            Assert.Equal(exact.Nearest(query, ExactVectorIndex.MaxK), quantized.Nearest(query, ExactVectorIndex.MaxK));
            Assert.Equal(exact.Nearest(query, 100), quantized.Nearest(query, 100, oversample: 1000));
        }
    }

    [Fact]
    public void A_k_larger_than_the_index_returns_every_row_in_exact_order()
    {
        float[][] rows = VectorData.Uniform(21, 40, 16);
        (ExactVectorIndex exact, BinaryQuantizedIndex quantized) = Both(16, VectorMetric.Cosine, rows, oversample: 1);
        float[] query = VectorData.Uniform(22, 1, 16)[0];
        IReadOnlyList<VectorMatch> all = quantized.Nearest(query, 100);
        Assert.Equal(40, all.Count);
        Assert.Equal(exact.Nearest(query, 100), all);
        Assert.Empty(new BinaryQuantizedIndex(16, VectorMetric.Cosine).Nearest(query, 5));
    }

    [Fact]
    public void Equal_distances_are_ordered_by_key()
    {
        var index = new BinaryQuantizedIndex(2, VectorMetric.L2);
        foreach (long key in new long[] { 9, 4, 7, 1 })
            index.Upsert(key, new float[] { 1, 0 });
        index.Upsert(5, new float[] { 0, 0 });
        Assert.Equal(new long[] { 5, 1, 4, 7 }, index.Nearest(new float[] { 0, 0 }, 4).Select(m => m.Key));
        Assert.Equal(new long[] { 1, 4, 7, 9 }, index.Nearest(new float[] { 1, 0 }, 4).Select(m => m.Key));
    }

    [Fact]
    public void A_filter_keeps_only_the_keys_it_accepts()
    {
        float[][] rows = VectorData.Clustered(31, 2_000, 64, 50, 1f, 32);
        (ExactVectorIndex exact, BinaryQuantizedIndex quantized) = Both(64, VectorMetric.Cosine, rows);
        float[] query = VectorData.Clustered(33, 1, 64, 50, 1f, 32)[0];
        Func<long, bool> multipleOfSeven = key => key % 7 == 0;
        IReadOnlyList<VectorMatch> found = quantized.Nearest(query, 10, multipleOfSeven);
        Assert.Equal(10, found.Count);
        Assert.All(found, m => Assert.Equal(0, m.Key % 7));
        // 286 accepted rows, fewer than 10 x 40 candidates: the filtered answer is exact.
        Assert.Equal(exact.Nearest(query, 10, multipleOfSeven), quantized.Nearest(query, 10, 40, multipleOfSeven));
        Assert.Empty(quantized.Nearest(query, 10, _ => false));
    }

    [Fact]
    public void Upserts_and_removals_are_followed_without_a_rebuild()
    {
        const int dimensions = 32;
        var random = new Random(41);
        var exact = new ExactVectorIndex(dimensions, VectorMetric.Cosine);
        var quantized = new BinaryQuantizedIndex(dimensions, VectorMetric.Cosine);
        for (long key = 0; key < 500; key++)
        {
            float[] vector = ExactVectorIndexTests.RandomVector(random, dimensions);
            exact.Upsert(key, vector);
            quantized.Upsert(key, vector);
        }
        var removed = new List<long>();
        for (long key = 0; key < 500; key += 3)
        {
            Assert.True(quantized.Remove(key));
            exact.Remove(key);
            removed.Add(key);
        }
        Assert.False(quantized.Remove(0));
        float[] moved = ExactVectorIndexTests.RandomVector(random, dimensions);
        quantized.Upsert(499, moved); // replaces the row that was moved into the first hole
        exact.Upsert(499, moved);
        Assert.Equal(exact.Count, quantized.Count);

        VectorMatch first = quantized.Nearest(moved, 1)[0];
        Assert.Equal(499, first.Key);
        Assert.True(first.Distance < 1e-5f, $"distance to itself {first.Distance}");
        for (int q = 0; q < 5; q++)
        {
            float[] query = ExactVectorIndexTests.RandomVector(random, dimensions);
            IReadOnlyList<VectorMatch> all = quantized.Nearest(query, ExactVectorIndex.MaxK);
            Assert.DoesNotContain(all, m => removed.Contains(m.Key));
            Assert.Equal(exact.Nearest(query, ExactVectorIndex.MaxK), all);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Searches_running_during_writes_see_whole_rows_and_the_end_state_is_exact()
    {
        const int dimensions = 64;
        float[][] rows = VectorData.Clustered(51, 4_000, dimensions, 200, 1f, 52);
        (ExactVectorIndex exact, BinaryQuantizedIndex quantized) = Both(dimensions, VectorMetric.Cosine, rows.Take(2_000).ToArray());
        float[][] queries = VectorData.Clustered(53, 20, dimensions, 200, 1f, 52);
        using var writing = new System.Threading.CancellationTokenSource();
        System.Threading.Tasks.Task writer = System.Threading.Tasks.Task.Run(() =>
        {
            // Rows 2,000 to 3,999 come in, even rows below 2,000 go: every removal moves the last row into the hole.
            for (int i = 2_000; i < 4_000; i++)
            {
                quantized.Upsert(i, rows[i]);
                quantized.Remove(2 * (i - 2_000) % 2_000); // each even key twice: the second time finds nothing
            }
            writing.Cancel();
        });
        int searches = 0;
        while (!writing.IsCancellationRequested || searches == 0)
        {
            float[] query = queries[searches++ % queries.Length];
            IReadOnlyList<VectorMatch> found = quantized.Nearest(query, 10);
            Assert.Equal(10, found.Count);
            Assert.Equal(10, found.Select(m => m.Key).Distinct().Count());
            foreach (VectorMatch match in found)
            {
                // A key's distance is that of its own vector: never a half-moved row.
                float expected = VectorMath.Distance(VectorMetric.Cosine, VectorMath.Prepare(query, dimensions, VectorMetric.Cosine, "q"),
                    VectorMath.Prepare(rows[match.Key], dimensions, VectorMetric.Cosine, "v"));
                Assert.Equal(expected, match.Distance);
            }
        }
        await writer;

        for (int i = 2_000; i < 4_000; i++)
            exact.Upsert(i, rows[i]);
        for (int i = 0; i < 2_000; i += 2)
            exact.Remove(i);
        Assert.Equal(exact.Count, quantized.Count);
        foreach (float[] query in queries.Take(3))
            Assert.Equal(exact.Nearest(query, ExactVectorIndex.MaxK), quantized.Nearest(query, ExactVectorIndex.MaxK));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_message()
    {
        var index = new BinaryQuantizedIndex(3, VectorMetric.Cosine);
        Assert.Contains("2 components", Assert.Throws<ArgumentException>(() => index.Upsert(1, new float[] { 1, 2 })).Message);
        Assert.Contains("Component 1", Assert.Throws<ArgumentException>(() => index.Upsert(1, new[] { 1f, float.NaN, 0f })).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => index.Nearest(new[] { 1f, float.PositiveInfinity, 0f }, 1)).Message);
        Assert.Contains("zero vector", Assert.Throws<ArgumentException>(() => index.Upsert(1, new float[3])).Message);
        Assert.Contains("4 components", Assert.Throws<ArgumentException>(() => index.Nearest(new float[] { 1, 0, 0, 0 }, 1)).Message);
        Assert.Contains("between 1 and 4096", Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new float[] { 1, 0, 0 }, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new float[] { 1, 0, 0 }, 4097));
        Assert.Contains("oversample", Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(new float[] { 1, 0, 0 }, 1, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryQuantizedIndex(3, VectorMetric.Cosine, 1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryQuantizedIndex(0, VectorMetric.Cosine));
        Assert.Equal(0, index.Count);
    }
}

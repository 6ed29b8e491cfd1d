using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SqliteGen.Tests.Vectors;

internal static class Ranking
{
    /// <summary>
    /// The exact answer in double precision: distances as sqlite-vec defines them (cosine 1 - cos, L2 Euclidean,
    /// Dot the negated inner product), nearest first, ties by key.
    /// </summary>
    public static List<VectorMatch> BruteForce(IEnumerable<(long Key, float[] Vector)> rows, float[] query, VectorMetric metric, int k)
    {
        double Distance(float[] v)
        {
            double dot = 0, qq = 0, vv = 0, l2 = 0;
            for (int i = 0; i < v.Length; i++)
            {
                dot += (double)query[i] * v[i];
                qq += (double)query[i] * query[i];
                vv += (double)v[i] * v[i];
                l2 += ((double)query[i] - v[i]) * ((double)query[i] - v[i]);
            }
            return metric switch
            {
                VectorMetric.Cosine => 1 - dot / Math.Sqrt(qq * vv),
                VectorMetric.Dot => -dot,
                _ => Math.Sqrt(l2),
            };
        }
        return rows.Select(r => (r.Key, Distance: Distance(r.Vector)))
            .OrderBy(r => r.Distance).ThenBy(r => r.Key)
            .Take(k).Select(r => new VectorMatch(r.Key, (float)r.Distance)).ToList();
    }

    /// <summary>
    /// Two rankings agree: the same length, the same distance at every rank (within float rounding,
    /// relative 1e-4), and the same key at every rank except where two neighbours' distances are within
    /// that rounding of each other (float sums in another order may swap a near-tie; an exact tie is
    /// broken by key in both).
    /// </summary>
    public static void AssertSame(IReadOnlyList<VectorMatch> expected, IReadOnlyList<VectorMatch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            float tolerance = 1e-4f * Math.Max(1f, Math.Abs(expected[i].Distance));
            Assert.True(Math.Abs(expected[i].Distance - actual[i].Distance) <= tolerance, $"rank {i}: expected distance {expected[i].Distance}, got {actual[i].Distance}");
            bool nearTie = (i > 0 && Math.Abs(expected[i].Distance - expected[i - 1].Distance) <= tolerance)
                || (i + 1 < expected.Count && Math.Abs(expected[i].Distance - expected[i + 1].Distance) <= tolerance);
            if (!nearTie)
                Assert.True(expected[i].Key == actual[i].Key, $"rank {i}: expected key {expected[i].Key}, got {actual[i].Key}");
        }
    }
}

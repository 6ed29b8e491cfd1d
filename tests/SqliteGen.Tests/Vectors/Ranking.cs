using System;
using System.Collections.Generic;
using Xunit;

namespace SqliteGen.Tests.Vectors;

internal static class Ranking
{
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

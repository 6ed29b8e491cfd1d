using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Vectors;

namespace SqliteGen.Tests.Search;

/// <summary>Opens <see cref="SearchDb"/> files with a chosen vector backend, and makes deterministic random vectors.</summary>
internal static class SearchFixture
{
    public static SearchDb Open(string path, VectorBackend backend, HybridSearchOptions? hybrid = null) =>
        SearchDb.Open(path, SqliteGenOptions.Default with { VectorBackend = backend, HybridSearch = hybrid ?? HybridSearchOptions.Default });

    public static float[] RandomVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        return vector;
    }

    public static VectorRow RandomRow(Random random, long id) => new(
        Id: id,
        Bucket: random.Next(5),
        Tag: "t" + random.Next(3),
        Cosine8: RandomVector(random, 8),
        L2x8: RandomVector(random, 8),
        Cosine96: RandomVector(random, 96),
        L2x384: id % 7 == 0 ? null : RandomVector(random, 384),
        Dot16: RandomVector(random, 16));

    /// <summary>The exact answer in double precision over the rows that have a vector (<see cref="Ranking.BruteForce"/>).</summary>
    public static List<VectorMatch> BruteForce(IEnumerable<(long Key, float[]? Vector)> rows, float[] query, int k, VectorMetric metric) =>
        Ranking.BruteForce(rows.Where(r => r.Vector is not null).Select(r => (r.Key, r.Vector!)), query, metric, k);
}

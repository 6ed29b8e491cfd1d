using System;

namespace SqliteGen.Tests.Vectors;

/// <summary>
/// Seeded vector sets: uniform noise, and clusters around random centres (what embeddings look like). Also compiled
/// into benchmarks/SqliteGen.Benchmarks (linked), so the benchmark's recall is measured on the same kind of data.
/// </summary>
internal static class VectorData
{
    /// <summary><paramref name="count"/> vectors with components uniform in [-1, 1].</summary>
    public static float[][] Uniform(int seed, int count, int dimensions)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int n = 0; n < count; n++)
        {
            vectors[n] = new float[dimensions];
            for (int i = 0; i < dimensions; i++)
                vectors[n][i] = (float)(random.NextDouble() * 2 - 1);
        }
        return vectors;
    }

    /// <summary>
    /// <paramref name="count"/> vectors, each a random one of <paramref name="clusters"/> centres (standard normal
    /// components) plus normal noise of standard deviation <paramref name="spread"/> per component. Queries drawn the
    /// same way (another seed) land among the rows, as a query embedding lands among the documents' embeddings.
    /// </summary>
    public static float[][] Clustered(int seed, int count, int dimensions, int clusters, float spread, int centreSeed)
    {
        var centreRandom = new Random(centreSeed);
        var centres = new float[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            centres[c] = new float[dimensions];
            for (int i = 0; i < dimensions; i++)
                centres[c][i] = Normal(centreRandom);
        }
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int n = 0; n < count; n++)
        {
            float[] centre = centres[random.Next(clusters)];
            var vector = new float[dimensions];
            for (int i = 0; i < dimensions; i++)
                vector[i] = centre[i] + spread * Normal(random);
            vectors[n] = vector;
        }
        return vectors;
    }

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}

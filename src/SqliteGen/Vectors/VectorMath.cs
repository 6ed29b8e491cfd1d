using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SqliteGen;

/// <summary>
/// The distance kernels and input checks shared by <see cref="ExactVectorIndex"/> and <see cref="BinaryQuantizedIndex"/>,
/// so both return bit-for-bit the same distance for the same stored vector.
/// </summary>
internal static class VectorMath
{
    /// <summary>
    /// The distance from a prepared query to a stored vector: cosine as <c>1 - dot</c> (both normalized when stored),
    /// Dot as <c>-dot</c>, L2 as the Euclidean distance.
    /// </summary>
    public static float Distance(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> vector) => metric switch
    {
        VectorMetric.Cosine => 1f - Dot(query, vector),
        VectorMetric.Dot => -Dot(query, vector),
        _ => MathF.Sqrt(SquaredDistance(query, vector)),
    };

    /// <summary>
    /// Checks <paramref name="vector"/> (dimension count, finite components, not zero under cosine) and returns the copy an
    /// index stores or searches with: normalized under cosine, as given otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The vector cannot be stored or searched for.</exception>
    public static float[] Prepare(ReadOnlySpan<float> vector, int dimensions, VectorMetric metric, string parameter)
    {
        if (vector.Length != dimensions)
            throw new ArgumentException($"The vector has {vector.Length} components; this index holds {dimensions}-dimensional vectors.", parameter);
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
                throw new ArgumentException($"Component {i} of the vector is {vector[i]}: vectors must be finite.", parameter);
        }
        float[] copy = vector.ToArray();
        if (metric == VectorMetric.Cosine)
        {
            float norm = MathF.Sqrt(Dot(copy, copy));
            if (norm == 0f)
                throw new ArgumentException("A zero vector has no direction: cosine distance is undefined for it.", parameter);
            for (int i = 0; i < copy.Length; i++)
                copy[i] /= norm;
        }
        return copy;
    }

    /// <summary>Checks an index's dimension count (1 to 8,192, as <c>[Vector]</c> allows).</summary>
    public static void CheckDimensions(int dimensions, string parameter)
    {
        if (dimensions < 1 || dimensions > 8192)
            throw new ArgumentOutOfRangeException(parameter, dimensions, "A vector needs 1 to 8192 dimensions.");
    }

    /// <summary>Checks a search's k against <see cref="ExactVectorIndex.MaxK"/>.</summary>
    public static void CheckK(int k, string parameter)
    {
        if (k < 1 || k > ExactVectorIndex.MaxK)
            throw new ArgumentOutOfRangeException(parameter, k, $"k must be between 1 and {ExactVectorIndex.MaxK}.");
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
                sum += va[v] * vb[v];
            i = va.Length * Vector<float>.Count;
        }
        float result = Vector.Sum(sum);
        for (; i < a.Length; i++)
            result += a[i] * b[i];
        return result;
    }

    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
            {
                Vector<float> d = va[v] - vb[v];
                sum += d * d;
            }
            i = va.Length * Vector<float>.Count;
        }
        float result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            result += d * d;
        }
        return result;
    }
}

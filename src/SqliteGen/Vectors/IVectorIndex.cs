using System;
using System.Collections.Generic;

namespace SqliteGen;

/// <summary>
/// A resident vector index keyed by rowid: <see cref="ExactVectorIndex"/> (exact) or <see cref="BinaryQuantizedIndex"/>
/// (approximate, for large sets). The generated <c>Nearest</c> keeps one per vector column when it does not search
/// through sqlite-vec (<see cref="SqliteGenOptions.VectorBackend"/>).
/// </summary>
public interface IVectorIndex
{
    /// <summary>Components per vector.</summary>
    int Dimensions { get; }

    /// <summary>The distance measure.</summary>
    VectorMetric Metric { get; }

    /// <summary>Vectors held.</summary>
    int Count { get; }

    /// <summary>Adds or replaces the vector of <paramref name="key"/>.</summary>
    void Upsert(long key, ReadOnlySpan<float> vector);

    /// <summary>Removes the vector of <paramref name="key"/>; false when there was none.</summary>
    bool Remove(long key);

    /// <summary>The <paramref name="k"/> nearest keys, nearest first, ties by the smaller key; <paramref name="filter"/> keeps only the keys it accepts.</summary>
    IReadOnlyList<VectorMatch> Nearest(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null);
}

namespace SqliteGen;

/// <summary>Which implementation the generated <c>Nearest</c> and <c>HybridSearch</c> use (see docs/vectors.md).</summary>
public enum VectorBackend
{
    /// <summary>
    /// sqlite-vec when it loads (from <see cref="SqliteGenOptions.SqliteVecPath"/>, or <c>vec0.so</c> beside the
    /// application), otherwise the resident exact index. <see cref="VectorMetric.Dot"/> always uses the exact index.
    /// The default.
    /// </summary>
    Auto,

    /// <summary>
    /// sqlite-vec only: a search fails with <see cref="SqliteGenException"/> when the extension does not load.
    /// (<see cref="VectorMetric.Dot"/> columns still use the exact index: sqlite-vec has no inner-product distance.)
    /// </summary>
    SqliteVec,

    /// <summary>The resident exact index only (<see cref="ExactVectorIndex"/>), even when sqlite-vec is available.</summary>
    Exact,

    /// <summary>
    /// The resident binary-quantized index (<see cref="BinaryQuantizedIndex"/>): approximate, several times faster than
    /// the exact index on large sets. It re-ranks <see cref="SqliteGenOptions.QuantizedOversample"/> candidates per
    /// result exactly, so the distances returned are exact; a true neighbour can be missed (recall@10 about 0.96 at the
    /// default oversample on 100,000 clustered 384-dimensional vectors; lower on unclustered data: docs/vectors.md).
    /// <c>HybridSearch</c> uses it too.
    /// </summary>
    Quantized,
}

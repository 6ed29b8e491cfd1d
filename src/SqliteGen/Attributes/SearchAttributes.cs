using System;

namespace SqliteGen;

/// <summary>
/// The member (a <c>float[]</c> or <c>ReadOnlyMemory&lt;float&gt;</c>) is a vector of
/// <see cref="Dimensions"/> components, stored as a BLOB of little-endian float32 (the format
/// sqlite-vec reads) and searchable with the generated <c>Nearest</c> (see docs/vectors.md).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class VectorAttribute : Attribute
{
    /// <summary>Declares a vector of <paramref name="dimensions"/> components (1 to 8,192).</summary>
    public VectorAttribute(int dimensions) => Dimensions = dimensions;

    /// <summary>Components per vector; every stored and queried vector must have exactly this many.</summary>
    public int Dimensions { get; }

    /// <summary>How <c>Nearest</c> measures distance. Default <see cref="VectorMetric.Cosine"/>.</summary>
    public VectorMetric Metric { get; set; } = VectorMetric.Cosine;
}

/// <summary>
/// The string member is indexed for full-text search: an FTS5 table <c>{table}_fts</c> over the table's
/// <c>[FullText]</c> columns, kept in sync by triggers, searched with the generated <c>Search</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class FullTextAttribute : Attribute
{
}

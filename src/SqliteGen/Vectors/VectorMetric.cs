namespace SqliteGen;

/// <summary>How vector distance is measured. Smaller is nearer for every metric.</summary>
public enum VectorMetric
{
    /// <summary><c>1 - cos(a, b)</c>, in [0, 2]; what sqlite-vec's <c>distance_metric=cosine</c> returns.</summary>
    Cosine,
    /// <summary>Euclidean distance; what sqlite-vec's <c>distance_metric=l2</c> returns.</summary>
    L2,
    /// <summary>The negated inner product <c>-(a . b)</c> (sqlite-vec has no such metric: always the exact scan).</summary>
    Dot,
}

/// <summary>One search result: the row's key and its distance to the query.</summary>
public readonly record struct VectorMatch(long Key, float Distance);

namespace SqliteGen;

/// <summary>One result of a generated <c>Nearest</c>: the row and its distance to the query (smaller is nearer).</summary>
public readonly record struct VectorNeighbor<T>(T Item, float Distance);

/// <summary>One result of a generated <c>Search</c>: the row and its relevance (the negated FTS5 <c>bm25()</c>: higher is better).</summary>
public readonly record struct TextMatch<T>(T Item, double Score);

/// <summary>
/// One result of a generated <c>HybridSearch</c>: the row, its fused score (higher is better, see
/// <see cref="HybridSearchOptions"/>) and its rank (from 1) in each ranking it was found in.
/// </summary>
public readonly record struct HybridMatch<T>(T Item, double Score, int? TextRank, int? VectorRank);

using System;

namespace SqliteGen;

/// <summary>
/// How the generated <c>HybridSearch</c> fuses the full-text and the vector ranking: reciprocal rank fusion,
/// <c>score(row) = TextWeight / (RankConstant + textRank) + VectorWeight / (RankConstant + vectorRank)</c>
/// (ranks from 1; a ranking the row is missing from adds nothing, and a ranking weighted 0 is left out),
/// highest score first, ties by rowid.
/// </summary>
public sealed record HybridSearchOptions
{
    /// <summary>Equal weights, constant 60 (the value of the original RRF paper), 100 candidates per ranking.</summary>
    public static HybridSearchOptions Default { get; } = new();

    /// <summary>Weight of the full-text (bm25) ranking. Default 1.</summary>
    public double TextWeight { get; init; } = 1.0;

    /// <summary>Weight of the vector ranking. Default 1.</summary>
    public double VectorWeight { get; init; } = 1.0;

    /// <summary>The constant k of reciprocal rank fusion: larger values flatten the advantage of the top ranks. Default 60.</summary>
    public double RankConstant { get; init; } = 60.0;

    /// <summary>How many rows each ranking contributes before fusion (at least the k asked for). Default 100.</summary>
    public int Candidates { get; init; } = 100;

    /// <summary>The candidates taken from each ranking for a search of <paramref name="k"/> results.</summary>
    internal int CandidatesFor(int k) => Math.Min(ExactVectorIndex.MaxK, Math.Max(k, Candidates));

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    internal void Validate()
    {
        if (!(TextWeight >= 0) || double.IsInfinity(TextWeight))
            throw new ArgumentOutOfRangeException(nameof(TextWeight), TextWeight, "TextWeight must be a finite number, 0 or more.");
        if (!(VectorWeight >= 0) || double.IsInfinity(VectorWeight))
            throw new ArgumentOutOfRangeException(nameof(VectorWeight), VectorWeight, "VectorWeight must be a finite number, 0 or more.");
        if (!(RankConstant >= 0) || double.IsInfinity(RankConstant))
            throw new ArgumentOutOfRangeException(nameof(RankConstant), RankConstant, "RankConstant must be a finite number, 0 or more.");
        if (Candidates < 1)
            throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, "Candidates must be at least 1.");
    }
}

using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>One fused result: the row, its score and its rank (from 1) in each input ranking.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct FusedRank(long Rowid, double Score, int? TextRank, int? VectorRank);

/// <summary>Reciprocal rank fusion of a full-text and a vector ranking (see <see cref="HybridSearchOptions"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RankFusion
{
    /// <summary>How many rows each ranking contributes to a fusion of <paramref name="k"/> results.</summary>
    public static int Candidates(HybridSearchOptions options, int k)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.CandidatesFor(k);
    }

    /// <summary>
    /// The <paramref name="k"/> best rows of the two rankings (rowids, best first), highest fused score first,
    /// equal scores by the smaller rowid.
    /// </summary>
    public static List<FusedRank> Fuse(IReadOnlyList<long> textRanking, IReadOnlyList<long> vectorRanking, int k, HybridSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(textRanking);
        ArgumentNullException.ThrowIfNull(vectorRanking);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var byRowid = new Dictionary<long, FusedRank>();
        // A ranking weighted 0 contributes nothing, not even its rows with a score of 0.
        for (int i = 0; i < (options.TextWeight > 0 ? textRanking.Count : 0); i++)
        {
            long rowid = textRanking[i];
            if (!byRowid.ContainsKey(rowid))
                byRowid[rowid] = new FusedRank(rowid, options.TextWeight / (options.RankConstant + i + 1), i + 1, null);
        }
        for (int i = 0; i < (options.VectorWeight > 0 ? vectorRanking.Count : 0); i++)
        {
            long rowid = vectorRanking[i];
            double score = options.VectorWeight / (options.RankConstant + i + 1);
            if (!byRowid.TryGetValue(rowid, out FusedRank found))
                byRowid[rowid] = new FusedRank(rowid, score, null, i + 1);
            else if (found.VectorRank is null)
                byRowid[rowid] = found with { Score = found.Score + score, VectorRank = i + 1 };
        }
        var fused = new List<FusedRank>(byRowid.Values);
        fused.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Rowid.CompareTo(b.Rowid));
        if (fused.Count > k)
            fused.RemoveRange(k, fused.Count - k);
        return fused;
    }
}

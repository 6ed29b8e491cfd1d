using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// How a layered table's searches merge a tenant's results with the base's, on SQLite and on PostgreSQL alike
/// (docs/tenancy.md, "What goes where"): the base's results whose row the tenant overrides are left out (a tenant row
/// hides the base row with the same key, whether or not the tenant's row matches too), the base being asked for more
/// while too few are left; then the two lists, each best first, are merged best first, the tenant's first on a tie.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayeredResults
{
    /// <summary>The most results the base is asked for: the searches' own bound on <c>k</c>.</summary>
    public const int MaxBaseResults = 4096;

    /// <summary>
    /// Up to <paramref name="count"/> results of <paramref name="search"/> on the base (asked for a number of results)
    /// that <paramref name="visible"/> keeps, in the search's order: the base is asked for <paramref name="count"/>, then
    /// twice as many while fewer were kept and it had more, up to <see cref="MaxBaseResults"/>.
    /// </summary>
    public static List<TResult> VisibleBase<TResult>(Func<int, IReadOnlyList<TResult>> search, Func<TResult, bool> visible, int count)
    {
        // The async loop, with calls that complete at once: it completes synchronously, so nothing blocks here.
        ValueTask<List<TResult>> kept = VisibleBaseAsync(want => new ValueTask<IReadOnlyList<TResult>>(search(want)), result => new ValueTask<bool>(visible(result)), count);
        return kept.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="VisibleBase{TResult}"/>
    public static async ValueTask<List<TResult>> VisibleBaseAsync<TResult>(Func<int, ValueTask<IReadOnlyList<TResult>>> search, Func<TResult, ValueTask<bool>> visible, int count)
    {
        for (int want = count; ; want = Math.Min(MaxBaseResults, want * 2))
        {
            IReadOnlyList<TResult> found = await search(want).ConfigureAwait(false);
            var kept = new List<TResult>(found.Count);
            foreach (TResult result in found)
            {
                if (await visible(result).ConfigureAwait(false))
                    kept.Add(result);
            }
            if (kept.Count >= count || found.Count < want || want >= MaxBaseResults)
                return kept;
        }
    }

    /// <summary>
    /// A layered hybrid search: reciprocal rank fusion (<see cref="RankFusion"/>) of the layered full-text ranking
    /// <paramref name="search"/> and the layered vector ranking <paramref name="nearest"/> (each asked for the options'
    /// candidates, and only when its weight is above 0), the <paramref name="k"/> best, highest score first. The rows come
    /// from the tenant and from the base, whose row ids can collide, so each row is identified by its key
    /// (<paramref name="keyOf"/>), and equal scores come in the order the rows were first found (text first).
    /// </summary>
    public static List<HybridMatch<T>> Fuse<T, TKey>(Func<int, IReadOnlyList<TextMatch<T>>> search, Func<int, IReadOnlyList<VectorNeighbor<T>>> nearest, Func<T, TKey> keyOf, int k, HybridSearchOptions options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(nearest);
        // The async form, with calls that complete at once: it completes synchronously, so nothing blocks here.
        ValueTask<List<HybridMatch<T>>> fused = FuseAsync(want => new ValueTask<IReadOnlyList<TextMatch<T>>>(search(want)), want => new ValueTask<IReadOnlyList<VectorNeighbor<T>>>(nearest(want)), keyOf, k, options);
        return fused.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Fuse{T, TKey}"/>
    public static async ValueTask<List<HybridMatch<T>>> FuseAsync<T, TKey>(Func<int, ValueTask<IReadOnlyList<TextMatch<T>>>> search, Func<int, ValueTask<IReadOnlyList<VectorNeighbor<T>>>> nearest, Func<T, TKey> keyOf, int k, HybridSearchOptions options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(nearest);
        ArgumentNullException.ThrowIfNull(keyOf);
        int candidates = RankFusion.Candidates(options, k);
        var ids = new Dictionary<TKey, long>();
        var rows = new List<T>();
        var textRanking = new List<long>();
        if (options.TextWeight > 0)
        {
            foreach (TextMatch<T> match in await search(candidates).ConfigureAwait(false))
                textRanking.Add(IdOf(match.Item));
        }
        var vectorRanking = new List<long>();
        if (options.VectorWeight > 0)
        {
            foreach (VectorNeighbor<T> neighbor in await nearest(candidates).ConfigureAwait(false))
                vectorRanking.Add(IdOf(neighbor.Item));
        }
        var fused = new List<HybridMatch<T>>(k);
        foreach (FusedRank rank in RankFusion.Fuse(textRanking, vectorRanking, k, options))
            fused.Add(new HybridMatch<T>(rows[(int)rank.Rowid], rank.Score, rank.TextRank, rank.VectorRank));
        return fused;

        long IdOf(T row)
        {
            TKey key = keyOf(row);
            if (!ids.TryGetValue(key, out long id))
            {
                ids.Add(key, id = rows.Count);
                rows.Add(row);
            }
            return id;
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> of the tenant's results <paramref name="own"/> and the base's
    /// <paramref name="shared"/>, each sorted best first by <paramref name="goodness"/> (higher is better), best first;
    /// on a tie the tenant's result first.
    /// </summary>
    public static List<TResult> Merge<TResult>(IReadOnlyList<TResult> own, IReadOnlyList<TResult> shared, Func<TResult, double> goodness, int count)
    {
        var merged = new List<TResult>(Math.Min(count, own.Count + shared.Count));
        int i = 0, j = 0;
        while (merged.Count < count && (i < own.Count || j < shared.Count))
        {
            bool takeOwn = j >= shared.Count || (i < own.Count && goodness(own[i]) >= goodness(shared[j]));
            merged.Add(takeOwn ? own[i++] : shared[j++]);
        }
        return merged;
    }
}

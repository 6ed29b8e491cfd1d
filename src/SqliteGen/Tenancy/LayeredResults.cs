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

using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen;

/// <summary>
/// An approximate index for large sets: each vector is also kept as one sign bit per dimension, packed into
/// <c>ulong</c>s, with the mean magnitude of its components. A search estimates every row's distance from those bits
/// alone (the query at 4 bits per component as four bit planes: AND and PopCount, 64 dimensions per instruction, on
/// every core for large sets), keeps the best <c>oversample * k</c> rows, and re-ranks those candidates with the float
/// vectors exactly as <see cref="ExactVectorIndex"/> does. The distances returned are exact (bit for bit what
/// <see cref="ExactVectorIndex"/> returns for the same keys); only which keys are returned is approximate: a true
/// neighbour whose estimate ranks outside the candidates is missed.
/// </summary>
/// <remarks>
/// Sign bits describe direction around the origin, so the index suits vectors centred near zero (embeddings,
/// compared by cosine or dot); for L2 on data far from the origin the candidates are poor. Recall is measured, not
/// promised: see docs/vectors.md and the tests.
/// Memory: the float vectors (<c>Count * Dimensions * 4</c> bytes) plus <c>ceil(Dimensions / 64) * 8</c> bytes of bits,
/// 12 bytes of scale, norm and set-bit count, 8 bytes of key and a dictionary entry per row (at 384 dimensions about 1.6 KB per row,
/// 48 B of it bits: 100,000 rows take about 165 MB).
/// Thread safety: any number of concurrent searches; writes wait for running searches.
/// </remarks>
public sealed class BinaryQuantizedIndex : IVectorIndex
{
    /// <summary>
    /// The oversampling a search uses unless it asks for another: 20 candidates per result (recall@10 about 0.96 on
    /// 100,000 clustered 384-dimensional vectors, see docs/vectors.md).
    /// </summary>
    public const int DefaultOversample = 20;

    // Below this many 64-bit words of bits the candidate pass runs on the calling thread: splitting costs more than it saves.
    private const int ParallelThresholdWords = 1 << 17;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly VectorRows _rows;
    private readonly int _words;
    private ulong[] _bits = Array.Empty<ulong>();
    private RowSummary[] _summaries = Array.Empty<RowSummary>();

    /// <summary>
    /// Creates an empty index of <paramref name="dimensions"/>-component vectors whose searches re-rank
    /// <paramref name="oversample"/> candidates per result unless told otherwise.
    /// </summary>
    public BinaryQuantizedIndex(int dimensions, VectorMetric metric, int oversample = DefaultOversample)
    {
        VectorMath.CheckDimensions(dimensions, nameof(dimensions));
        CheckOversample(oversample, nameof(oversample));
        Dimensions = dimensions;
        Metric = metric;
        Oversample = oversample;
        _rows = new VectorRows(dimensions);
        _words = (dimensions + 63) / 64;
    }

    /// <summary>Components per vector.</summary>
    public int Dimensions { get; }

    /// <summary>The distance measure of the re-ranking (and of every distance returned).</summary>
    public VectorMetric Metric { get; }

    /// <summary>Candidates re-ranked per result when a search does not say.</summary>
    public int Oversample { get; }

    /// <summary>Vectors held.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _rows.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Adds or replaces the vector of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">Wrong dimension count, a NaN or infinite component, or a zero vector under cosine.</exception>
    public void Upsert(long key, ReadOnlySpan<float> vector)
    {
        float[] stored = VectorMath.Prepare(vector, Dimensions, Metric, nameof(vector));
        _lock.EnterWriteLock();
        try
        {
            int slot = _rows.Upsert(key, stored);
            if (_summaries.Length < _rows.Capacity)
            {
                Array.Resize(ref _bits, _rows.Capacity * _words);
                Array.Resize(ref _summaries, _rows.Capacity);
            }
            Span<ulong> bits = _bits.AsSpan(slot * _words, _words);
            Quantize(stored, bits);
            float magnitude = 0f;
            foreach (float component in stored)
                magnitude += MathF.Abs(component);
            int set = 0;
            foreach (ulong word in bits)
                set += BitOperations.PopCount(word);
            _summaries[slot] = new RowSummary(magnitude / Dimensions, VectorMath.Dot(stored, stored), set);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the vector of <paramref name="key"/>; false when there was none.</summary>
    public bool Remove(long key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_rows.Remove(key, out int slot, out int moved))
                return false;
            if (slot != moved)
            {
                _bits.AsSpan(moved * _words, _words).CopyTo(_bits.AsSpan(slot * _words, _words));
                _summaries[slot] = _summaries[moved];
            }
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// About the <paramref name="k"/> nearest vectors to <paramref name="query"/> (fewer when the index holds fewer),
    /// with their exact distances, nearest first, ties broken by the smaller key, re-ranking <see cref="Oversample"/>
    /// candidates per result; <paramref name="filter"/>, when given, keeps only the keys it accepts.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong dimension count, a NaN or infinite component, or a zero vector under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> outside 1 to <see cref="ExactVectorIndex.MaxK"/>.</exception>
    public IReadOnlyList<VectorMatch> Nearest(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null) =>
        Nearest(query, k, Oversample, filter);

    /// <summary>
    /// As <see cref="Nearest(ReadOnlySpan{float}, int, Func{long, bool}?)"/>, re-ranking <paramref name="oversample"/>
    /// candidates per result (1 to 1,000): more costs more float work and misses fewer true neighbours. When
    /// <c>oversample * k</c> covers every row (that the filter accepts), the result is exact.
    /// </summary>
    public IReadOnlyList<VectorMatch> Nearest(ReadOnlySpan<float> query, int k, int oversample, Func<long, bool>? filter = null)
    {
        VectorMath.CheckK(k, nameof(k));
        CheckOversample(oversample, nameof(oversample));
        float[] prepared = VectorMath.Prepare(query, Dimensions, Metric, nameof(query));
        var planes = new QueryPlanes(prepared, _words);

        _lock.EnterReadLock();
        try
        {
            int rows = _rows.Count;
            int wanted = (int)Math.Min(rows, (long)k * oversample);
            TopK candidates = EstimatePass(planes, filter, rows, Math.Max(wanted, 1));
            var top = new TopK(k);
            long[] keys = _rows.Keys;
            foreach (VectorMatch candidate in candidates.Unordered())
            {
                int row = (int)candidate.Key;
                top.Add(new VectorMatch(keys[row], VectorMath.Distance(Metric, prepared, _rows.Vector(row))));
            }
            return top.ToSortedList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="wanted"/> rows whose estimated distance is smallest, as (row, estimate).</summary>
    private TopK EstimatePass(QueryPlanes planes, Func<long, bool>? filter, int rows, int wanted)
    {
        int parts = (long)rows * _words < ParallelThresholdWords ? 1 : Math.Min(Environment.ProcessorCount, 8);
        if (parts == 1)
            return EstimateRange(planes, filter, 0, rows, wanted);

        var found = new TopK[parts];
        int size = (rows + parts - 1) / parts;
        Parallel.For(0, parts, part =>
            found[part] = EstimateRange(planes, filter, part * size, Math.Min(rows, (part + 1) * size), wanted));
        for (int part = 1; part < parts; part++)
            found[0].AddAll(found[part]);
        return found[0];
    }

    /// <summary>
    /// Estimates each row's distance from its bits: the row is taken as <c>scale * s</c>, <c>s</c> its signs (+1/-1) and
    /// <c>scale</c> the mean magnitude of its components (the best such fit), and the query as 4-bit levels, so that
    /// <c>query . s</c> is a sum of PopCounts of (query bit plane AND row bits), 64 dimensions per instruction.
    /// </summary>
    private TopK EstimateRange(QueryPlanes planes, Func<long, bool>? filter, int from, int to, int wanted)
    {
        var best = new TopK(wanted);
        ReadOnlySpan<ulong> all = _bits;
        long[] keys = _rows.Keys;
        int words = _words;
        float bound = float.PositiveInfinity;
        bool l2 = Metric == VectorMetric.L2;
        ReadOnlySpan<ulong> p0 = planes.Plane(0), p1 = planes.Plane(1), p2 = planes.Plane(2), p3 = planes.Plane(3);
        for (int row = from; row < to; row++)
        {
            if (filter is not null && !filter(keys[row]))
                continue;
            ReadOnlySpan<ulong> bits = all.Slice(row * words, words);
            int levels = 0;
            for (int w = 0; w < bits.Length; w++)
            {
                ulong x = bits[w];
                levels += BitOperations.PopCount(p0[w] & x)
                    + (BitOperations.PopCount(p1[w] & x) << 1)
                    + (BitOperations.PopCount(p2[w] & x) << 2)
                    + (BitOperations.PopCount(p3[w] & x) << 3);
            }
            RowSummary summary = _summaries[row];
            float dot = summary.Scale * planes.DotWithSigns(levels, summary.SetBits);
            float estimate = l2 ? summary.SquaredNorm - 2f * dot : -dot;
            if (estimate > bound)
                continue; // most rows, once the heap is full: no heap work
            best.Add(new VectorMatch(row, estimate));
            bound = best.Bound;
        }
        return best;
    }

    /// <summary>
    /// What the estimate needs of a row besides its bits: the mean magnitude of its components (the row is taken as
    /// <c>Scale * signs</c>), its squared length (for L2) and how many of its bits are set.
    /// </summary>
    private readonly record struct RowSummary(float Scale, float SquaredNorm, int SetBits);

    /// <summary>
    /// The query at 4 bits per component: <c>q[i] ~ Low + Step * level[i]</c>, level 0 to 15, kept as four bit planes
    /// laid out like the rows' bits.
    /// </summary>
    private sealed class QueryPlanes
    {
        private readonly ulong[] _planes;
        private readonly int _words;
        private readonly float _low;
        private readonly float _step;
        private readonly int _levelSum;
        private readonly int _dimensions;

        public QueryPlanes(ReadOnlySpan<float> query, int words)
        {
            _words = words;
            _dimensions = query.Length;
            _planes = new ulong[4 * words];
            float low = float.MaxValue, high = float.MinValue;
            foreach (float q in query)
            {
                low = Math.Min(low, q);
                high = Math.Max(high, q);
            }
            _low = low;
            _step = high > low ? (high - low) / 15f : 0f;
            for (int i = 0; i < query.Length; i++)
            {
                int level = _step == 0f ? 0 : Math.Clamp((int)MathF.Round((query[i] - low) / _step), 0, 15);
                _levelSum += level;
                for (int plane = 0; plane < 4; plane++)
                {
                    if ((level >> plane & 1) != 0)
                        _planes[plane * words + (i >> 6)] |= 1UL << (i & 63);
                }
            }
        }

        public ReadOnlySpan<ulong> Plane(int plane) => _planes.AsSpan(plane * _words, _words);

        /// <summary>
        /// <c>sum q[i] * s[i]</c> with <c>s[i] = 2 * bit[i] - 1</c>, from <paramref name="levels"/> (the sum of the levels
        /// where the row's bit is set) and <paramref name="set"/> (its set bits).
        /// </summary>
        public float DotWithSigns(int levels, int set) =>
            2f * _step * levels - _step * _levelSum + _low * (2 * set - _dimensions);
    }

    /// <summary>One bit per component, set when the component is positive; the unused bits of the last word stay 0.</summary>
    private static void Quantize(ReadOnlySpan<float> vector, Span<ulong> bits)
    {
        bits.Clear();
        for (int i = 0; i < vector.Length; i++)
        {
            if (vector[i] > 0f)
                bits[i >> 6] |= 1UL << (i & 63);
        }
    }

    private static void CheckOversample(int oversample, string parameter)
    {
        if (oversample < 1 || oversample > 1000)
            throw new ArgumentOutOfRangeException(parameter, oversample, "oversample must be between 1 and 1000 candidates per result.");
    }
}

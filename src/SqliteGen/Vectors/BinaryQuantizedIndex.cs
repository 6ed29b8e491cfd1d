using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen;

/// <summary>
/// An approximate index for large sets: each vector is also kept as one sign bit per dimension, packed into
/// <c>ulong</c>s. A search ranks every row by the Hamming distance of its bits to the query's (XOR and PopCount,
/// 64 dimensions per instruction, on every core for large sets), keeps the best <c>oversample * k</c> of them, and
/// re-ranks those candidates with the float vectors exactly as <see cref="ExactVectorIndex"/> does. The distances
/// returned are exact (bit for bit what <see cref="ExactVectorIndex"/> returns for the same keys); only which keys
/// are returned is approximate: a true neighbour whose bits rank outside the candidates is missed.
/// </summary>
/// <remarks>
/// Sign bits describe direction around the origin, so the index suits vectors centred near zero (embeddings,
/// compared by cosine or dot); for L2 on data far from the origin the candidates are poor. Recall is measured, not
/// promised: see docs/vectors.md and the tests.
/// Memory: the float vectors (<c>Count * Dimensions * 4</c> bytes) plus <c>ceil(Dimensions / 64) * 8</c> bytes of bits,
/// 8 bytes of key and a dictionary entry per row (at 384 dimensions about 1.6 KB per row, 48 B of it bits: 100,000
/// rows take about 165 MB), plus 2 bytes per row during a search.
/// Thread safety: any number of concurrent searches; writes wait for running searches.
/// </remarks>
public sealed class BinaryQuantizedIndex
{
    /// <summary>The oversampling a search uses unless it asks for another: 10 candidates per result.</summary>
    public const int DefaultOversample = 10;

    // Below this many 64-bit words the Hamming pass runs on the calling thread: splitting costs more than it saves.
    private const int ParallelThresholdWords = 1 << 17;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly VectorRows _rows;
    private readonly int _words;
    private ulong[] _bits = Array.Empty<ulong>();

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
            if (_bits.Length < _rows.Capacity * _words)
                Array.Resize(ref _bits, _rows.Capacity * _words);
            Quantize(stored, _bits.AsSpan(slot * _words, _words));
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
                _bits.AsSpan(moved * _words, _words).CopyTo(_bits.AsSpan(slot * _words, _words));
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
        ulong[] queryBits = new ulong[_words];
        Quantize(prepared, queryBits);

        _lock.EnterReadLock();
        ushort[]? hamming = null;
        try
        {
            int rows = _rows.Count;
            hamming = ArrayPool<ushort>.Shared.Rent(Math.Max(rows, 1));
            int[] histogram = HammingPass(queryBits, filter, rows, hamming);
            int accepted = 0;
            foreach (int n in histogram)
                accepted += n;

            // The candidates: every row nearer in bits than the threshold, then rows at the threshold in row order
            // until there are `wanted` (all accepted rows when they are no more than that).
            int wanted = (int)Math.Min(accepted, (long)k * oversample);
            int threshold = 0, atThreshold = 0;
            for (int below = 0; threshold < histogram.Length; threshold++)
            {
                if (below + histogram[threshold] >= wanted)
                {
                    atThreshold = wanted - below;
                    break;
                }
                below += histogram[threshold];
            }

            var top = new TopK(k);
            long[] keys = _rows.Keys;
            for (int row = 0; row < rows; row++)
            {
                int distance = hamming[row];
                if (distance > threshold || (distance == threshold && atThreshold-- <= 0))
                    continue;
                top.Add(new VectorMatch(keys[row], VectorMath.Distance(Metric, prepared, _rows.Vector(row))));
            }
            return top.ToSortedList();
        }
        finally
        {
            _lock.ExitReadLock();
            if (hamming is not null)
                ArrayPool<ushort>.Shared.Return(hamming);
        }
    }

    /// <summary>
    /// Fills <paramref name="hamming"/> with every row's Hamming distance to <paramref name="queryBits"/>
    /// (<see cref="ushort.MaxValue"/> for a row the filter leaves out) and returns how many accepted rows have each distance.
    /// </summary>
    private int[] HammingPass(ulong[] queryBits, Func<long, bool>? filter, int rows, ushort[] hamming)
    {
        int parts = (long)rows * _words < ParallelThresholdWords ? 1 : Math.Min(Environment.ProcessorCount, 8);
        if (parts == 1)
            return HammingRange(queryBits, filter, 0, rows, hamming);

        var histograms = new int[parts][];
        int size = (rows + parts - 1) / parts;
        Parallel.For(0, parts, part =>
            histograms[part] = HammingRange(queryBits, filter, part * size, Math.Min(rows, (part + 1) * size), hamming));
        int[] total = histograms[0];
        for (int part = 1; part < parts; part++)
        {
            for (int d = 0; d < total.Length; d++)
                total[d] += histograms[part][d];
        }
        return total;
    }

    private int[] HammingRange(ulong[] queryBits, Func<long, bool>? filter, int from, int to, ushort[] hamming)
    {
        var histogram = new int[Dimensions + 1];
        ReadOnlySpan<ulong> all = _bits;
        ReadOnlySpan<ulong> q = queryBits;
        long[] keys = _rows.Keys;
        int words = _words;
        for (int row = from; row < to; row++)
        {
            if (filter is not null && !filter(keys[row]))
            {
                hamming[row] = ushort.MaxValue;
                continue;
            }
            ReadOnlySpan<ulong> bits = all.Slice(row * words, words);
            int distance = 0;
            for (int w = 0; w < bits.Length; w++)
                distance += BitOperations.PopCount(bits[w] ^ q[w]);
            hamming[row] = (ushort)distance;
            histogram[distance]++;
        }
        return histogram;
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

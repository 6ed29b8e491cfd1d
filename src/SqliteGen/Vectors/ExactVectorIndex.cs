using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen;

/// <summary>
/// The exact fallback for vector search: every vector resident in one contiguous <c>float[]</c>
/// (normalized once for <see cref="VectorMetric.Cosine"/>, so a query costs one dot product per row),
/// scanned with SIMD (<see cref="Vector{T}"/>) on every core for large sets, top-k kept in a bounded
/// heap. Results are exact: the same keys in the same order as a full sort by (distance, key).
/// </summary>
/// <remarks>
/// Memory: <c>Count * Dimensions * 4</c> bytes for the vectors plus 8 bytes of key and a dictionary entry
/// per row (about 1.6 KB per row at 384 dimensions: 100,000 rows take about 160 MB).
/// Thread safety: any number of concurrent searches; writes wait for running searches.
/// </remarks>
public sealed class ExactVectorIndex
{
    /// <summary>The largest k a search accepts (sqlite-vec's own limit, so both backends agree).</summary>
    public const int MaxK = 4096;

    // Below this many floats a scan runs on the calling thread: splitting costs more than it saves.
    private const int ParallelThresholdFloats = 1 << 18;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<long, int> _slotOfKey = new();
    private float[] _vectors = Array.Empty<float>();
    private long[] _keys = Array.Empty<long>();
    private int _count;

    /// <summary>Creates an empty index of <paramref name="dimensions"/>-component vectors.</summary>
    public ExactVectorIndex(int dimensions, VectorMetric metric)
    {
        if (dimensions < 1 || dimensions > 8192)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "A vector needs 1 to 8192 dimensions.");
        Dimensions = dimensions;
        Metric = metric;
    }

    /// <summary>Components per vector.</summary>
    public int Dimensions { get; }

    /// <summary>The distance measure.</summary>
    public VectorMetric Metric { get; }

    /// <summary>Vectors held.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Adds or replaces the vector of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">Wrong dimension count, a NaN or infinite component, or a zero vector under cosine.</exception>
    public void Upsert(long key, ReadOnlySpan<float> vector)
    {
        float[] stored = Prepare(vector, nameof(vector));
        _lock.EnterWriteLock();
        try
        {
            if (!_slotOfKey.TryGetValue(key, out int slot))
            {
                slot = _count++;
                EnsureCapacity(_count);
                _slotOfKey.Add(key, slot);
                _keys[slot] = key;
            }
            stored.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
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
            if (!_slotOfKey.Remove(key, out int slot))
                return false;
            int last = --_count;
            if (slot != last)
            {
                // Keep the array dense: the last row moves into the hole.
                _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
                _keys[slot] = _keys[last];
                _slotOfKey[_keys[slot]] = slot;
            }
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The <paramref name="k"/> nearest vectors to <paramref name="query"/> (fewer when the index holds
    /// fewer), nearest first, ties broken by the smaller key; <paramref name="filter"/>, when given, keeps
    /// only the keys it accepts.
    /// </summary>
    public IReadOnlyList<VectorMatch> Nearest(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null)
    {
        if (k < 1 || k > MaxK)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {MaxK}.");
        float[] prepared = Prepare(query, nameof(query));
        _lock.EnterReadLock();
        try
        {
            int rows = _count;
            int parts = (long)rows * Dimensions < ParallelThresholdFloats ? 1 : Math.Min(Environment.ProcessorCount, 8);
            if (parts == 1)
                return Scan(prepared, k, filter, 0, rows).ToSortedList();

            var heaps = new TopK[parts];
            int size = (rows + parts - 1) / parts;
            Parallel.For(0, parts, part =>
                heaps[part] = Scan(prepared, k, filter, part * size, Math.Min(rows, (part + 1) * size)));
            TopK merged = heaps[0];
            for (int part = 1; part < parts; part++)
                merged.AddAll(heaps[part]);
            return merged.ToSortedList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TopK Scan(float[] query, int k, Func<long, bool>? filter, int from, int to)
    {
        var top = new TopK(k);
        ReadOnlySpan<float> all = _vectors;
        for (int row = from; row < to; row++)
        {
            long key = _keys[row];
            if (filter is not null && !filter(key))
                continue;
            ReadOnlySpan<float> vector = all.Slice(row * Dimensions, Dimensions);
            float distance = Metric switch
            {
                VectorMetric.Cosine => 1f - Dot(query, vector),
                VectorMetric.Dot => -Dot(query, vector),
                _ => MathF.Sqrt(SquaredDistance(query, vector)),
            };
            top.Add(new VectorMatch(key, distance));
        }
        return top;
    }

    private float[] Prepare(ReadOnlySpan<float> vector, string parameter)
    {
        if (vector.Length != Dimensions)
            throw new ArgumentException($"The vector has {vector.Length} components; this index holds {Dimensions}-dimensional vectors.", parameter);
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
                throw new ArgumentException($"Component {i} of the vector is {vector[i]}: vectors must be finite.", parameter);
        }
        float[] copy = vector.ToArray();
        if (Metric == VectorMetric.Cosine)
        {
            float norm = MathF.Sqrt(Dot(copy, copy));
            if (norm == 0f)
                throw new ArgumentException("A zero vector has no direction: cosine distance is undefined for it.", parameter);
            for (int i = 0; i < copy.Length; i++)
                copy[i] /= norm;
        }
        return copy;
    }

    private void EnsureCapacity(int rows)
    {
        if (_keys.Length >= rows)
            return;
        int capacity = Math.Max(rows, Math.Max(16, _keys.Length * 2));
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _vectors, capacity * Dimensions);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
                sum += va[v] * vb[v];
            i = va.Length * Vector<float>.Count;
        }
        float result = Vector.Sum(sum);
        for (; i < a.Length; i++)
            result += a[i] * b[i];
        return result;
    }

    private static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
            {
                Vector<float> d = va[v] - vb[v];
                sum += d * d;
            }
            i = va.Length * Vector<float>.Count;
        }
        float result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            result += d * d;
        }
        return result;
    }

    /// <summary>A bounded max-heap on (distance, key): the root is the worst of the best k so far.</summary>
    private sealed class TopK(int k)
    {
        private readonly PriorityQueue<VectorMatch, VectorMatch> _heap = new(k + 1, WorstFirst.Instance);

        public void Add(VectorMatch match)
        {
            if (_heap.Count < k)
            {
                _heap.Enqueue(match, match);
            }
            else if (WorstFirst.Instance.Compare(match, _heap.Peek()) > 0) // better than the worst kept
            {
                _heap.DequeueEnqueue(match, match);
            }
        }

        public void AddAll(TopK other)
        {
            foreach ((VectorMatch match, _) in other._heap.UnorderedItems)
                Add(match);
        }

        public List<VectorMatch> ToSortedList()
        {
            var list = new List<VectorMatch>(_heap.Count);
            foreach ((VectorMatch match, _) in _heap.UnorderedItems)
                list.Add(match);
            list.Sort(static (a, b) => WorstFirst.Instance.Compare(b, a));
            return list;
        }
    }

    /// <summary>Orders a farther match (or, at equal distance, a larger key) first.</summary>
    private sealed class WorstFirst : IComparer<VectorMatch>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(VectorMatch x, VectorMatch y)
        {
            int byDistance = y.Distance.CompareTo(x.Distance);
            return byDistance != 0 ? byDistance : y.Key.CompareTo(x.Key);
        }
    }
}

using System.Collections.Generic;

namespace SqliteGen;

/// <summary>A bounded max-heap on (distance, key): the root is the worst of the best k so far.</summary>
internal sealed class TopK(int k)
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

    /// <summary>The distance a match must not exceed to be kept: the worst kept one's once k are kept, else infinity.</summary>
    public float Bound => _heap.Count < k ? float.PositiveInfinity : _heap.Peek().Distance;

    public void AddAll(TopK other)
    {
        foreach ((VectorMatch match, _) in other._heap.UnorderedItems)
            Add(match);
    }

    /// <summary>The kept matches, in no particular order.</summary>
    public IEnumerable<VectorMatch> Unordered()
    {
        foreach ((VectorMatch match, _) in _heap.UnorderedItems)
            yield return match;
    }

    /// <summary>The kept matches, nearest first, equal distances by the smaller key.</summary>
    public List<VectorMatch> ToSortedList()
    {
        var list = new List<VectorMatch>(_heap.Count);
        foreach ((VectorMatch match, _) in _heap.UnorderedItems)
            list.Add(match);
        list.Sort(static (a, b) => WorstFirst.Instance.Compare(b, a));
        return list;
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

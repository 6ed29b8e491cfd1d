using System;
using System.Collections.Generic;

namespace SqliteGen;

/// <summary>
/// The storage of a resident vector index: keys and prepared vectors in contiguous arrays, row <c>i</c> at
/// <c>i * Dimensions</c>, kept dense on removal (the last row moves into the hole). Not thread-safe: the index
/// owning it takes its lock.
/// </summary>
internal sealed class VectorRows(int dimensions)
{
    private readonly Dictionary<long, int> _slotOfKey = new();

    public int Dimensions { get; } = dimensions;

    /// <summary>Every row's vector, <see cref="Count"/> rows at the start, room for <see cref="Capacity"/>.</summary>
    public float[] Vectors { get; private set; } = Array.Empty<float>();

    /// <summary>Every row's key.</summary>
    public long[] Keys { get; private set; } = Array.Empty<long>();

    public int Count { get; private set; }

    public int Capacity => Keys.Length;

    public ReadOnlySpan<float> Vector(int slot) => Vectors.AsSpan(slot * Dimensions, Dimensions);

    /// <summary>Stores <paramref name="prepared"/> for <paramref name="key"/>, at a new row or over its old vector; returns the row.</summary>
    public int Upsert(long key, ReadOnlySpan<float> prepared)
    {
        if (!_slotOfKey.TryGetValue(key, out int slot))
        {
            slot = Count++;
            EnsureCapacity(Count);
            _slotOfKey.Add(key, slot);
            Keys[slot] = key;
        }
        prepared.CopyTo(Vectors.AsSpan(slot * Dimensions, Dimensions));
        return slot;
    }

    /// <summary>
    /// Removes <paramref name="key"/>'s row; false when there was none. The last row moved into
    /// <paramref name="slot"/> from <paramref name="moved"/> (equal when the removed row was the last).
    /// </summary>
    public bool Remove(long key, out int slot, out int moved)
    {
        moved = -1;
        if (!_slotOfKey.Remove(key, out slot))
            return false;
        moved = --Count;
        if (slot != moved)
        {
            Vectors.AsSpan(moved * Dimensions, Dimensions).CopyTo(Vectors.AsSpan(slot * Dimensions, Dimensions));
            Keys[slot] = Keys[moved];
            _slotOfKey[Keys[slot]] = slot;
        }
        return true;
    }

    private void EnsureCapacity(int rows)
    {
        if (Keys.Length >= rows)
            return;
        int capacity = Math.Max(rows, Math.Max(16, Keys.Length * 2));
        long[] keys = Keys;
        float[] vectors = Vectors;
        Array.Resize(ref keys, capacity);
        Array.Resize(ref vectors, capacity * Dimensions);
        Keys = keys;
        Vectors = vectors;
    }
}

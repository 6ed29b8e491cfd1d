using System;

namespace ContextSearch;

/// <summary>
/// Deterministic stand-in embeddings (no model download): each word is hashed into one of 64 buckets with a
/// sign (feature hashing), so texts that share words point the same way. A real application would call its
/// embedding model here; everything else stays the same.
/// </summary>
public static class Embeddings
{
    public const int Dimensions = 64;

    public static float[] Of(string text)
    {
        var vector = new float[Dimensions];
        foreach (string word in text.ToLowerInvariant().Split(new[] { ' ', ',', '.', ':', ';', '-', '(', ')' }, StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261; // FNV-1a: stable across runs and platforms, unlike string.GetHashCode
            foreach (char c in word)
                hash = (hash ^ c) * 16777619;
            vector[hash % Dimensions] += (hash & 0x80000000) == 0 ? 1f : -1f;
        }
        return vector;
    }
}

using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace SqliteGen.Runtime;

/// <summary>
/// One <c>[Vector]</c> column as the generated code sees it: its table, name, dimensions and metric; the
/// checks on every vector written or queried (errors name <c>table.column</c>); and the conversion to and from
/// the stored BLOB of little-endian float32 components (the format sqlite-vec reads).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class VectorColumn
{
    /// <summary>Describes the column.</summary>
    public VectorColumn(string table, string column, int dimensions, VectorMetric metric)
    {
        Table = table;
        Column = column;
        Dimensions = dimensions;
        Metric = metric;
    }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The column.</summary>
    public string Column { get; }

    /// <summary>Components per vector.</summary>
    public int Dimensions { get; }

    /// <summary>The distance measure.</summary>
    public VectorMetric Metric { get; }

    private string Name => Table + "." + Column;

    /// <summary>The BLOB stored for <paramref name="vector"/>, after checking it.</summary>
    /// <exception cref="ArgumentException">Wrong dimension count, a NaN or infinite component, or a zero vector under cosine.</exception>
    public byte[] ToBlob(ReadOnlySpan<float> vector)
    {
        Check(vector, "vector", "The vector written to");
        return Encode(vector);
    }

    /// <summary>
    /// Checks a search: the query vector as <see cref="ToBlob"/> does, and <paramref name="k"/> within 1 to
    /// <see cref="ExactVectorIndex.MaxK"/>. Returns the query as a BLOB, for sqlite-vec.
    /// </summary>
    public byte[] CheckQuery(ReadOnlySpan<float> query, int k)
    {
        if (k < 1 || k > ExactVectorIndex.MaxK)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"A vector search of {Name} takes k from 1 to {ExactVectorIndex.MaxK}; it was {k}.");
        Check(query, "query", "The query vector for");
        return Encode(query);
    }

    private void Check(ReadOnlySpan<float> vector, string parameter, string what)
    {
        if (vector.Length != Dimensions)
            throw new ArgumentException($"{what} {Name} has {vector.Length} components; {Name} holds {Dimensions}-dimensional vectors.", parameter);
        bool allZero = true;
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
                throw new ArgumentException($"{what} {Name} has component {i} = {vector[i]}: vector components must be finite numbers.", parameter);
            allZero &= vector[i] == 0f;
        }
        if (allZero && Metric == VectorMetric.Cosine)
            throw new ArgumentException($"{what} {Name} is a zero vector: {Name} uses cosine distance, which is undefined for a vector with no direction.", parameter);
    }

    private static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var blob = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(blob);
        }
        else
        {
            for (int i = 0; i < vector.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(blob.AsSpan(i * sizeof(float)), vector[i]);
        }
        return blob;
    }

    /// <summary>The vector stored in <paramref name="blob"/> (little-endian float32 components).</summary>
    public static float[] ReadArray(ReadOnlySpan<byte> blob)
    {
        var vector = new float[blob.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(blob.Slice(0, vector.Length * sizeof(float))).CopyTo(vector);
        }
        else
        {
            for (int i = 0; i < vector.Length; i++)
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(blob.Slice(i * sizeof(float)));
        }
        return vector;
    }

    /// <summary>
    /// The components stored in <paramref name="blob"/>, for a resident index to copy: read in place on a little-endian
    /// machine, else decoded (<see cref="ReadArray"/>).
    /// </summary>
    public static ReadOnlySpan<float> Components(byte[] blob) =>
        BitConverter.IsLittleEndian && blob.Length % sizeof(float) == 0 ? MemoryMarshal.Cast<byte, float>(blob) : ReadArray(blob);

    /// <inheritdoc cref="ReadArray"/>
    public static ReadOnlyMemory<float> ReadMemory(ReadOnlySpan<byte> blob) => ReadArray(blob);
}

using System;

namespace SqliteGen.Tests.Entities;

// Vector and full-text search (docs/vectors.md): a context registry modelled on the seed system, and a table of
// vectors in several dimensions and metrics for the backend agreement tests.

[SqliteDatabase(Tables = new[] { typeof(ContextItem), typeof(VectorRow), typeof(Note), typeof(Place), typeof(Folder) })]
public partial class SearchDb
{
    /// <summary>A write to a table with vectors that is not a table accessor's: the resident index must still learn of it.</summary>
    [Query("INSERT INTO vector_rows (id, bucket, tag, cosine8, l2x8, cosine96, l2x384, dot16) SELECT $newId, bucket, tag, cosine8, l2x8, cosine96, l2x384, dot16 FROM vector_rows WHERE id = $id")]
    public partial int CopyVectorRow(long id, long newId);
}

/// <summary>Context snippets with topics, priorities and embeddings, searchable by text, meaning, or both.</summary>
[Table("context_registry", Accessor = "ContextItems")]
public partial record ContextItem(
    [PrimaryKey] string ContextId,
    [FullText] string Content,
    [FullText] string? Summary,
    [Indexed] string Topic,
    [Indexed] int Priority,
    [Vector(4)] float[] Embedding);

/// <summary>One row, several vector columns: each dimension count and metric the agreement tests need.</summary>
[Table("vector_rows")]
public partial record VectorRow(
    [PrimaryKey] long Id,
    [Indexed] int Bucket,
    [Indexed] string Tag,
    [Vector(8)] float[] Cosine8,
    [Vector(8, Metric = VectorMetric.L2)] float[] L2x8,
    [Vector(96)] ReadOnlyMemory<float> Cosine96,
    [Vector(384, Metric = VectorMetric.L2)] float[]? L2x384,
    [Vector(16, Metric = VectorMetric.Dot)] float[] Dot16);

/// <summary>Full text only, on a record struct with an AutoIncrement key (the key is the rowid FTS5 points at).</summary>
[Table("notes")]
public partial record struct Note([PrimaryKey(AutoIncrement = true)] long NoteId, [FullText] string Body);

/// <summary>One optional vector, no index (so no filter), no full text.</summary>
[Table("places")]
public partial record Place(
    [PrimaryKey] Guid PlaceId,
    string Name,
    [Vector(2, Metric = VectorMetric.L2)] ReadOnlyMemory<float>? Position,
    [References(typeof(Folder), OnDelete = ForeignKeyAction.Cascade)] long? FolderId = null);

/// <summary>Deleting a folder deletes its places (a write the places' accessor does not make).</summary>
[Table("folders")]
public partial record Folder([PrimaryKey] long FolderId, string Name);

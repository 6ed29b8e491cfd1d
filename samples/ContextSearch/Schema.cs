using SqliteGen;

namespace ContextSearch;

/// <summary>The context registry: snippets with a topic, a priority and an embedding.</summary>
[SqliteDatabase(Version = 1)]
public partial class ContextDb;

/// <summary>
/// One context snippet. <c>[FullText]</c> puts <c>Content</c> in an FTS5 index kept in sync by triggers (<c>Search</c>);
/// <c>[Vector(64)]</c> makes <c>Embedding</c> searchable by meaning (<c>Nearest</c>); with both, <c>HybridSearch</c>.
/// </summary>
[Table("context_registry", Accessor = "Contexts")]
public partial record ContextItem(
    [PrimaryKey] string ContextId,
    [FullText] string Content,
    [Indexed] string Topic,
    [Indexed] int Priority,
    [Vector(Embeddings.Dimensions)] float[] Embedding);

using System.Collections.Generic;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects;

/// <summary>The SQL of vector and full-text search (docs/vectors.md).</summary>
internal partial interface ISqlDialect
{
    /// <summary>The name of the table's full-text index.</summary>
    string FullTextTableName(EntityModel entity);

    /// <summary>
    /// Whether <paramref name="companion"/> is a full-text index a <c>[Query]</c> may read like a table: any column name
    /// is accepted on it, as its columns are the indexed ones plus hidden ones (its rank, its own name).
    /// </summary>
    bool IsFullTextIndex(CompanionSchema companion);

    /// <summary>
    /// The objects that live and die with a table: the full-text index over its <c>[FullText]</c> columns and what
    /// keeps it in sync, in creation order; none without such columns.
    /// </summary>
    EquatableArray<CompanionSchema> Companions(EntityModel entity);

    /// <summary>Every row's rowid and vector (rows without one left out): what the resident index is built from.</summary>
    string VectorLoad(EntityModel entity, ColumnModel vector);

    /// <summary>
    /// The exact k nearest rows by sqlite-vec's scalar distance function: every column, then the distance, then
    /// the rowid; parameters <c>$query</c>, <c>$k</c>, then one per filter column (NULL: no condition).
    /// </summary>
    string VectorNearest(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters);

    /// <summary>The rowids of rows with a vector that match the filter (parameters as in <see cref="VectorNearest"/>).</summary>
    string VectorFilter(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters);

    /// <summary>Every column of the row with rowid <c>$rowid</c>.</summary>
    string SelectByRowid(EntityModel entity);

    /// <summary>Full-text matches, best bm25 first: every column, then bm25; parameters <c>$query</c>, <c>$limit</c>.</summary>
    string FullTextSearch(EntityModel entity);

    /// <summary>The rowids of full-text matches, best bm25 first; parameters <c>$query</c>, <c>$limit</c>.</summary>
    string FullTextRowids(EntityModel entity);
}

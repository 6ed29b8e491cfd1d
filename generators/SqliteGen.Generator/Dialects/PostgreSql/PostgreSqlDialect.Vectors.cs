using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// Vector search on PostgreSQL (docs/postgresql.md, "Vector search on PostgreSQL"): the runtime's resident index
/// (<c>PostgreSqlVectorSearch</c>) is loaded from the <c>bytea</c> column by <see cref="VectorLoad"/>, is used while the
/// table's <see cref="VectorSignature"/> stays the same, and a filter's rows come from <see cref="VectorFilter"/>.
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>
    /// The table's signature: its row count and the XOR of a 64-bit hash of each row version's identity (<c>ctid</c>,
    /// where the version lies, and <c>xmin</c>, the transaction that wrote it). A committed insert, update or delete by
    /// anyone changes the set of row versions, and so the signature. One scan of the table; no column is read.
    /// </summary>
    public string VectorSignature(EntityModel entity) =>
        $"SELECT count(*), coalesce(bit_xor(hashtextextended(ctid::text || xmin::text, 0)), 0) FROM {Identifier(entity.TableName)}";

    /// <summary>Every row's key columns and <paramref name="vector"/>, for the rows with a vector, in key order.</summary>
    public string VectorLoad(EntityModel entity, ColumnModel vector)
    {
        string keys = ColumnList(entity.KeyColumns());
        string column = Identifier(vector.ColumnName);
        return $"SELECT {keys}, {column} FROM {Identifier(entity.TableName)} WHERE {column} IS NOT NULL ORDER BY {keys}";
    }

    /// <summary>
    /// The keys of the rows with a vector whose <paramref name="filters"/> columns equal the parameters <c>$1</c>, <c>$2</c>…
    /// (in the filters' order); a NULL parameter sets no condition.
    /// </summary>
    public string VectorFilter(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters)
    {
        string conditions = string.Concat(filters.Select((f, i) => $" AND ({Positional(i)} IS NULL OR {Identifier(f.ColumnName)} = {Positional(i)})"));
        return $"SELECT {ColumnList(entity.KeyColumns())} FROM {Identifier(entity.TableName)} WHERE {Identifier(vector.ColumnName)} IS NOT NULL{conditions}";
    }
}

using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects;

/// <summary>
/// Every piece of SQL text the generator writes comes from here, so another engine (PostgreSQL as a
/// scale-out target) is one more implementation rather than edits all over the emitter.
/// </summary>
internal partial interface ISqlDialect
{
    /// <summary>The identifier as it appears in SQL: bare when that is unambiguous, quoted otherwise.</summary>
    string Identifier(string name);

    /// <summary>The bind parameter for a column, e.g. <c>$user_id</c>.</summary>
    string Parameter(ColumnModel column);

    /// <summary>The bind parameter for a value that is not a column (a search's query or limit), e.g. <c>$query</c>.</summary>
    string Parameter(string name);

    /// <summary>The type a column of this kind is declared with in <c>CREATE TABLE</c> (<see cref="ColumnSchema.Type"/>).</summary>
    string ColumnType(ValueKind kind);

    /// <summary>The column's CHECK expression: the user's own, then what its kind requires (a vector's length); null when none.</summary>
    string? ColumnCheck(ColumnModel column);

    /// <summary>
    /// <c>CREATE TABLE</c> and its <c>CREATE INDEX</c> statements for a schema table (current or from a snapshot), then its
    /// companions (<see cref="TableSchema.Companions"/>), each ending in <c>;</c>.
    /// </summary>
    IReadOnlyList<string> CreateTable(TableSchema table);

    string Insert(EntityModel entity, bool returningKey);

    string Upsert(EntityModel entity);

    /// <summary>
    /// The INSERT an import runs per record: every column, a generated key of 0 (absent from the record) left to
    /// the database; on a duplicate key fail, keep the existing row (<paramref name="conflict"/> Skip), or overwrite it (Replace).
    /// </summary>
    string ImportInsert(EntityModel entity, ImportConflict conflict);

    /// <summary>Null when every column is part of the key (nothing to update).</summary>
    string? Update(EntityModel entity);

    string Delete(EntityModel entity);

    string SelectByKey(EntityModel entity);

    /// <summary>Every row's key columns, in key order: what a layered table's tenant key filter is built from.</summary>
    string SelectKeys(EntityModel entity);

    /// <summary>The rowid of the row with the given key (parameters as in <see cref="SelectByKey"/>).</summary>
    string SelectRowidByKey(EntityModel entity);

    string SelectAll(EntityModel entity);

    string Count(EntityModel entity);

    string SelectByIndex(EntityModel entity, IndexModel index);
}

/// <summary>What an import's INSERT does on a duplicate key (SqliteGen.ImportConflictPolicy at run time).</summary>
internal enum ImportConflict
{
    Fail,
    Skip,
    Replace,
}

/// <summary>The import's INSERT under each <see cref="ImportConflict"/>, the same clauses on both engines.</summary>
internal static class ImportConflicts
{
    /// <summary>
    /// <paramref name="insert"/> as is (a duplicate is an error), with <c>ON CONFLICT DO NOTHING</c>, or with <c>ON CONFLICT
    /// (key) DO UPDATE</c> of every other column (<c>DO NOTHING</c> when the key is every column).
    /// </summary>
    public static string Apply(string insert, EntityModel entity, ImportConflict conflict, System.Func<string, string> identifier)
    {
        List<ColumnModel> others = entity.Columns.Where(c => !c.IsPrimaryKey).ToList();
        return conflict switch
        {
            ImportConflict.Skip => insert + " ON CONFLICT DO NOTHING",
            ImportConflict.Replace when others.Count > 0 => $"{insert} ON CONFLICT ({string.Join(", ", entity.KeyColumns().Select(c => identifier(c.ColumnName)))}) DO UPDATE SET "
                + string.Join(", ", others.Select(c => identifier(c.ColumnName) + " = excluded." + identifier(c.ColumnName))),
            ImportConflict.Replace => insert + " ON CONFLICT DO NOTHING",
            _ => insert,
        };
    }
}

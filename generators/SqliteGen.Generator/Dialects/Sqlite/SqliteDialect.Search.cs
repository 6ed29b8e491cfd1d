using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.Sqlite;

/// <summary>
/// SQLite's search SQL: vectors are BLOBs of float32 searched with sqlite-vec's scalar distance functions (no
/// <c>vec0</c> table, so the file works with and without the extension); full text is an external-content
/// FTS5 table on the table's rowid, kept in sync by AFTER INSERT/UPDATE/DELETE triggers.
/// </summary>
internal sealed partial class SqliteDialect
{
    /// <summary><see cref="CompanionSchema.Kind"/> of an external-content FTS5 table (filled with its <c>'rebuild'</c> command when recreated).</summary>
    private const string FullTextCompanion = "fts5";

    /// <summary><see cref="CompanionSchema.Kind"/> of a trigger.</summary>
    private const string TriggerCompanion = "trigger";

    /// <summary>The FTS5 table of an entity: <c>{table}_fts</c>.</summary>
    public string FullTextTableName(EntityModel entity) => entity.TableName + "_fts";

    public bool IsFullTextIndex(CompanionSchema companion) => companion.Kind == FullTextCompanion;

    /// <summary>The FTS5 table and its three sync triggers (docs/vectors.md).</summary>
    public EquatableArray<CompanionSchema> Companions(EntityModel entity)
    {
        IReadOnlyList<string> statements = FullTextTable(entity);
        if (statements.Count == 0)
            return EquatableArray<CompanionSchema>.Empty;
        string fts = FullTextTableName(entity);
        string[] names = { fts, fts + "_insert", fts + "_delete", fts + "_update" };
        return statements.Select((sql, i) => new CompanionSchema(names[i], i == 0 ? FullTextCompanion : TriggerCompanion, sql)).ToEquatableArray();
    }

    /// <summary>The FTS5 table over the <c>[FullText]</c> columns and the triggers keeping it in sync; none without such columns.</summary>
    private IReadOnlyList<string> FullTextTable(EntityModel entity)
    {
        List<ColumnModel> columns = entity.Columns.Where(c => c.IsFullText).ToList();
        if (columns.Count == 0)
            return new string[0];
        string table = Identifier(entity.TableName);
        string fts = Identifier(FullTextTableName(entity));
        string names = ColumnList(columns);
        string newValues = string.Join(", ", columns.Select(c => "new." + Identifier(c.ColumnName)));
        string oldValues = string.Join(", ", columns.Select(c => "old." + Identifier(c.ColumnName)));
        string insert = $"INSERT INTO {fts} (rowid, {names}) VALUES (new.rowid, {newValues});";
        string delete = $"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', old.rowid, {oldValues});";
        string Trigger(string suffix) => Identifier(FullTextTableName(entity) + "_" + suffix);
        return new[]
        {
            $"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content={Literal(entity.TableName)}, content_rowid='rowid');",
            $"CREATE TRIGGER {Trigger("insert")} AFTER INSERT ON {table} BEGIN\n    {insert}\nEND;",
            $"CREATE TRIGGER {Trigger("delete")} AFTER DELETE ON {table} BEGIN\n    {delete}\nEND;",
            $"CREATE TRIGGER {Trigger("update")} AFTER UPDATE OF {names} ON {table} BEGIN\n    {delete}\n    {insert}\nEND;",
        };
    }


    public string VectorLoad(EntityModel entity, ColumnModel vector)
    {
        string column = Identifier(vector.ColumnName);
        return $"SELECT rowid, {column} FROM {Identifier(entity.TableName)} WHERE {column} IS NOT NULL";
    }

    private string VectorCondition(ColumnModel vector, IReadOnlyList<ColumnModel> filters) =>
        Identifier(vector.ColumnName) + " IS NOT NULL"
        + string.Concat(filters.Select(f => $" AND ({Parameter(f)} IS NULL OR {Identifier(f.ColumnName)} = {Parameter(f)})"));

    public string VectorNearest(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters)
    {
        string function = vector.VectorMetric == "L2" ? "vec_distance_l2" : "vec_distance_cosine";
        string distance = $"{function}({Identifier(vector.ColumnName)}, {Parameter("query")})";
        // ORDER BY the expression, not an alias: a column of the table may be named like the alias.
        return $"SELECT {ColumnList(entity.Columns)}, {distance}, rowid FROM {Identifier(entity.TableName)} "
            + $"WHERE {VectorCondition(vector, filters)} ORDER BY {distance}, rowid LIMIT {Parameter("k")}";
    }

    public string VectorFilter(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters) =>
        $"SELECT rowid FROM {Identifier(entity.TableName)} WHERE {VectorCondition(vector, filters)}";

    public string SelectByRowid(EntityModel entity) => $"{SelectAll(entity)} WHERE rowid = {Parameter("rowid")}";

    public string FullTextSearch(EntityModel entity)
    {
        string table = Identifier(entity.TableName);
        string fts = Identifier(FullTextTableName(entity));
        string columns = string.Join(", ", entity.Columns.Select(c => table + "." + Identifier(c.ColumnName)));
        return $"SELECT {columns}, bm25({fts}) FROM {fts} JOIN {table} ON {table}.rowid = {fts}.rowid "
            + $"WHERE {fts} MATCH {Parameter("query")} ORDER BY bm25({fts}), {table}.rowid LIMIT {Parameter("limit")}";
    }

    public string FullTextRowids(EntityModel entity)
    {
        string fts = Identifier(FullTextTableName(entity));
        return $"SELECT rowid FROM {fts} WHERE {fts} MATCH {Parameter("query")} ORDER BY bm25({fts}), rowid LIMIT {Parameter("limit")}";
    }
}

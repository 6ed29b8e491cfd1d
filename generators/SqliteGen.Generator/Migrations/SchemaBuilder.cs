using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Migrations;

/// <summary>Reduces the current records to the <see cref="DatabaseSchema"/> they describe.</summary>
internal static class SchemaBuilder
{
    public static DatabaseSchema Database(int version, IReadOnlyList<EntityModel> tables, ISqlDialect dialect) =>
        new(version, tables.Select(t => Table(t, dialect)).ToEquatableArray());

    public static TableSchema Table(EntityModel entity, ISqlDialect dialect)
    {
        // Key position: by [PrimaryKey(Order)], ties in declaration order (OrderBy is stable).
        List<ColumnModel> keys = entity.Columns.Where(c => c.IsPrimaryKey).OrderBy(c => c.PrimaryKeyOrder).ToList();
        ColumnSchema Column(ColumnModel c) => new(
            c.ColumnName,
            c.RenamedFrom,
            StorageName(dialect.Storage(c.Kind)),
            NotNull: !c.IsNullable,
            PrimaryKey: keys.IndexOf(c) + 1,
            c.AutoIncrement,
            c.Default,
            Check(c),
            c.Collate,
            c.EnumNames.Select(n => n with { Member = "" }).ToEquatableArray(),
            StoredForm.Of(c.Kind));
        // A vector's CHECK (its BLOB holds exactly dimensions x 4 bytes) and a text enum's (one of its names) are part
        // of the column, after the user's own.
        string? Check(ColumnModel c) => (c.Kind switch { ValueKind.Vector => VectorCheck(c), ValueKind.EnumText => SqliteDialect.EnumCheck(dialect.Identifier(c.ColumnName), c.EnumNames), _ => null }) is not { } own
            ? c.Check
            : c.Check is null ? own : c.Check + ") CHECK (" + own;
        string VectorCheck(ColumnModel c) =>
            $"length({dialect.Identifier(c.ColumnName)}) = {(c.VectorDimensions * 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        string ColumnName(string member) => entity.Columns.First(c => c.MemberName == member).ColumnName;

        return new TableSchema(
            entity.TableName,
            entity.RenamedFrom,
            entity.Columns.Select(Column).ToEquatableArray(),
            entity.Indexes.Select(i => new IndexSchema(i.Name, i.Members.Select(ColumnName).ToEquatableArray(), i.IsUnique, i.Where)).ToEquatableArray(),
            entity.ForeignKeys.Select(f => new ForeignKeySchema(ColumnName(f.MemberName), f.TargetTable, f.TargetColumn, f.OnDelete, f.OnUpdate)).ToEquatableArray(),
            Companions(entity, dialect));
    }

    /// <summary>The full-text table and its three sync triggers, named as the dialect names them (docs/vectors.md).</summary>
    private static EquatableArray<CompanionSchema> Companions(EntityModel entity, ISqlDialect dialect)
    {
        IReadOnlyList<string> statements = dialect.FullTextTable(entity);
        if (statements.Count == 0)
            return EquatableArray<CompanionSchema>.Empty;
        string fts = SqliteDialect.FullTextTableName(entity);
        string[] names = { fts, fts + "_insert", fts + "_delete", fts + "_update" };
        return statements.Select((sql, i) => new CompanionSchema(names[i], i == 0 ? "fts5" : "trigger", sql)).ToEquatableArray();
    }

    public static string StorageName(SqlStorage storage) => storage switch
    {
        SqlStorage.Integer => "INTEGER",
        SqlStorage.Real => "REAL",
        SqlStorage.Blob => "BLOB",
        _ => "TEXT",
    };
}

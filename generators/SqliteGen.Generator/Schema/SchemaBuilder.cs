using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Schema;

/// <summary>Reduces the current records to the <see cref="DatabaseSchema"/> they describe.</summary>
internal static class SchemaBuilder
{
    public static DatabaseSchema Database(int version, IReadOnlyList<EntityModel> tables, ISqlDialect dialect) =>
        new(version, tables.Select(t => Table(t, dialect)).ToEquatableArray());

    public static TableSchema Table(EntityModel entity, ISqlDialect dialect)
    {
        List<ColumnModel> keys = entity.KeyColumns();
        ColumnSchema Column(ColumnModel c) => new(
            c.ColumnName,
            c.RenamedFrom,
            dialect.ColumnType(c.Kind),
            NotNull: !c.IsNullable,
            PrimaryKey: keys.IndexOf(c) + 1,
            c.AutoIncrement,
            c.Default,
            dialect.ColumnCheck(c),
            c.Collate,
            c.EnumNames.Select(n => n with { Member = "" }).ToEquatableArray(),
            TypeMapping.Of(c.Kind).StoredForm,
            TypeMapping.Of(c.Kind).SnapshotName);
        string ColumnName(string member) => entity.Columns.First(c => c.MemberName == member).ColumnName;

        return new TableSchema(
            entity.TableName,
            entity.RenamedFrom,
            entity.Columns.Select(Column).ToEquatableArray(),
            entity.Indexes.Select(i => new IndexSchema(i.Name, i.Members.Select(ColumnName).ToEquatableArray(), i.IsUnique, i.Where)).ToEquatableArray(),
            entity.ForeignKeys.Select(f => new ForeignKeySchema(ColumnName(f.MemberName), f.TargetTable, f.TargetColumn, f.OnDelete, f.OnUpdate)).ToEquatableArray(),
            dialect.Companions(entity));
    }
}

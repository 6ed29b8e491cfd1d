using System.Linq;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>The statements of a PostgreSQL JSON import: every column a parameter, in the table's order (the generated <c>BindRow</c>'s).</summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>
    /// The INSERT of one imported record under <paramref name="conflict"/>: as SQLite's import, a duplicate is an error,
    /// skipped (<c>ON CONFLICT DO NOTHING</c>) or overwrites the row with the same key (<c>ON CONFLICT (key) DO UPDATE</c>).
    /// A key the database assigns is taken as given unless it is 0 (missing from the record), where SQLite would assign it:
    /// then the identity's next value, or the largest key plus one (under <see cref="LockGeneratedKey"/>).
    /// </summary>
    public string ImportInsert(EntityModel entity, ImportConflict conflict)
    {
        ColumnModel? key = GeneratedKey(entity);
        var values = entity.Columns.Select((c, i) => c != key ? Positional(i)
            : key.AutoIncrement ? $"coalesce(nullif({Positional(i)}, 0), nextval({Sequence(entity, key)}))"
            : $"coalesce(nullif({Positional(i)}, 0), (SELECT coalesce(max({Identifier(key.ColumnName)}), 0) + 1 FROM {Identifier(entity.TableName)}))");
        string insert = $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(entity.Columns)}) VALUES ({string.Join(", ", values)})";
        return ImportConflicts.Apply(insert, entity, conflict, Identifier);
    }

    /// <summary>The lock an import batch takes first: the identity's (<see cref="LockIdentity"/>) or the computed key's (<see cref="LockGeneratedKey"/>), or none.</summary>
    public string? ImportLock(EntityModel entity) => GeneratedKey(entity) switch
    {
        { AutoIncrement: true } => LockIdentity(entity),
        { } => LockGeneratedKey(entity),
        _ => null,
    };

    /// <summary>
    /// Run after each imported record of an <c>AutoIncrement</c> table (null for others): moves the identity's sequence up to
    /// the largest key when it is behind, as <see cref="Upsert"/> does, so a later record without a key or an <c>Insert</c>
    /// never meets a key a record gave.
    /// </summary>
    public string? ImportAdvanceIdentity(EntityModel entity)
    {
        if (GeneratedKey(entity) is not { AutoIncrement: true } key)
            return null;
        string sequence = Sequence(entity, key);
        return $"SELECT setval({sequence}, top) FROM (SELECT max({Identifier(key.ColumnName)}) AS top FROM {Identifier(entity.TableName)}) AS keys "
            + $"WHERE top > coalesce(pg_sequence_last_value({sequence}::regclass), 0)";
    }

    /// <summary>The identity column's sequence; pg_get_serial_sequence takes the table as SQL names it (quoted if need be) and the column's name as it is.</summary>
    private string Sequence(EntityModel entity, ColumnModel key) =>
        $"pg_get_serial_sequence({StringLiteral(Identifier(entity.TableName))}, {StringLiteral(key.ColumnName)})";
}

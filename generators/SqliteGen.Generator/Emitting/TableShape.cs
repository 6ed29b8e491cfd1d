using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The shape of a table accessor's methods, built once from the entity: its key columns in key order and the key as
/// parameters, the entity and entity-sequence parameters, the key SQLite assigns, whether it has an Update, and the
/// <c>FindBy…</c> lookups. The plain accessor (<see cref="TableEmitter"/>), the layered one
/// (<see cref="LayeredTableEmitter"/>) and the table features read it, so their signatures cannot drift apart.
/// </summary>
internal sealed class TableShape
{
    public TableShape(EntityModel table)
    {
        Table = table;
        Entity = table.FullyQualifiedName;
        Keys = table.KeyColumns();
        KeyParameters = ParameterList.ForColumns(Keys, nonNullable: true);
        EntityParameter = ParameterList.Of(Entity, "entity");
        EntitiesParameter = ParameterList.Of($"global::System.Collections.Generic.IEnumerable<{Entity}>", "entities");
        GeneratedKey = Keys.Count == 1 && Keys[0].GeneratedKey ? Keys[0] : null;
        HasUpdate = table.Columns.Any(c => !c.IsPrimaryKey);
        EntityGuard = table.IsValueType ? null : "global::System.ArgumentNullException.ThrowIfNull(entity);";
        Lookups = LookupsOf(table);
    }

    public EntityModel Table { get; }

    /// <summary>The entity's fully qualified type name.</summary>
    public string Entity { get; }

    /// <summary>The primary-key columns, in key order (<see cref="EntityModel.KeyColumns"/>).</summary>
    public IReadOnlyList<ColumnModel> Keys { get; }

    /// <summary>The key as the parameters of <c>Get</c>, <c>Find</c> and <c>Delete</c>.</summary>
    public ParameterList KeyParameters { get; }

    /// <summary><c>entity</c>: the parameter of <c>Insert</c>, <c>Upsert</c> and <c>Update</c>.</summary>
    public ParameterList EntityParameter { get; }

    /// <summary><c>entities</c>: the parameter of <c>InsertMany</c>.</summary>
    public ParameterList EntitiesParameter { get; }

    /// <summary>The single key SQLite assigns, or null: <c>Insert</c> then returns the entity with it.</summary>
    public ColumnModel? GeneratedKey { get; }

    /// <summary><c>Insert</c>'s return type: the entity with its assigned key, or nothing.</summary>
    public string InsertReturnType => GeneratedKey is null ? "void" : Entity;

    /// <summary>Whether a column is not part of the key: only then is there an <c>Update</c> (and the dialect an UPDATE).</summary>
    public bool HasUpdate { get; }

    /// <summary>The null check on an entity argument; none for record structs.</summary>
    public string? EntityGuard { get; }

    /// <summary>The <c>FindBy…</c> lookups, one per index; the first index wins a name.</summary>
    public IReadOnlyList<Lookup> Lookups { get; }

    /// <summary>The key members of <paramref name="value"/> (an entity expression) as arguments, in key order: <c>entity.Id, entity.Name</c>.</summary>
    public string KeyOf(string value) => string.Join(", ", Keys.Select(k => value + "." + k.Member()));

    /// <summary>The key as one type: the key column's, or a tuple of them for a composite key.</summary>
    public string KeyType => Keys.Count == 1 ? Keys[0].NonNullableTypeName : "(" + string.Join(", ", Keys.Select(k => k.NonNullableTypeName)) + ")";

    /// <summary>The key of <paramref name="value"/> (an entity expression) as one value of <see cref="KeyType"/>.</summary>
    public string KeyValueOf(string value) => Keys.Count == 1 ? KeyOf(value) : "(" + KeyOf(value) + ")";

    public ColumnModel Column(string member) => Table.Columns.First(c => c.MemberName == member);

    private List<Lookup> LookupsOf(EntityModel table)
    {
        var result = new List<Lookup>();
        var names = new HashSet<string>();
        foreach (IndexModel index in table.Indexes)
        {
            string method = "FindBy" + string.Join("And", index.Members);
            if (!names.Add(method))
                continue;
            List<ColumnModel> columns = index.Members.Select(Column).ToList();
            result.Add(new Lookup(index, method, "s_" + DatabaseEmitter.Field(method), columns, ParameterList.ForColumns(columns, nonNullable: false)));
        }
        return result;
    }
}

/// <summary>
/// A <c>FindBy…</c> lookup of an index: its method, its statement's field, and its parameters (the index's members, typed as
/// they are declared).
/// </summary>
internal sealed record Lookup(IndexModel Index, string Method, string Field, IReadOnlyList<ColumnModel> Columns, ParameterList Parameters);

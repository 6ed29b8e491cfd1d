using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Something a table accessor has beyond reading and writing its rows: search (<see cref="SearchFeature"/>) and the
/// resident vector index's bookkeeping (<see cref="VectorWritesFeature"/>). <see cref="TableEmitter"/> asks each feature
/// of a table, at fixed points, for statements, fields, a wrapped connection source, code around each write and methods,
/// and <see cref="LayeredTableEmitter"/> asks it for the layered accessor's members; neither knows more about a feature
/// than these hooks. A hook writes to the accessor being written; the base writes nothing, so a feature overrides only
/// what it adds. A new feature is a subclass and a line in <see cref="For"/>.
/// </summary>
internal abstract class TableFeature
{
    /// <summary>The features of <paramref name="shape"/>'s accessor, in the order their hooks run, writing to <paramref name="w"/>.</summary>
    public static IReadOnlyList<TableFeature> For(SourceWriter w, TableShape shape, ISqlDialect dialect)
    {
        var features = new List<TableFeature>(2);
        if (SearchFeature.Applies(shape.Table))
            features.Add(new SearchFeature(w, shape, dialect));
        if (VectorWritesFeature.Applies(shape.Table))
            features.Add(new VectorWritesFeature(w, shape, dialect));
        return features;
    }

    /// <summary>Statements bound with the key's arguments, as <c>s_find</c> is; prepared with the accessor's own statements.</summary>
    public virtual IEnumerable<(string Field, string Sql)> KeyStatements() => Enumerable.Empty<(string, string)>();

    /// <summary>Static fields, after the accessor's statements.</summary>
    public virtual void Fields()
    {
    }

    /// <summary>
    /// The source the accessor's reads and writes go through instead of the <c>ConnectionSource</c> it is given, kept in a
    /// field of its own as well; null for none. At most one feature of a table wraps the source.
    /// </summary>
    public virtual WrappedSource? Source => null;

    /// <summary>
    /// After a row is inserted from <c>entity</c> on <c>connection</c> (<c>Insert</c>, each row of <c>InsertMany</c>);
    /// <paramref name="rowid"/> is an expression for the new row's rowid.
    /// </summary>
    public virtual void AfterInsert(string rowid)
    {
    }

    /// <summary>After <c>entity</c> was inserted or updated by <c>Upsert</c> on <c>connection</c>.</summary>
    public virtual void AfterUpsert()
    {
    }

    /// <summary>After <c>Update</c> ran for <c>entity</c> on <c>connection</c>: <c>changed</c> holds how many rows it changed.</summary>
    public virtual void AfterUpdate()
    {
    }

    /// <summary>In <c>Delete</c>, before the row with the key arguments is deleted on <c>connection</c>.</summary>
    public virtual void BeforeDelete()
    {
    }

    /// <summary>After <c>Delete</c> ran: <c>changed</c> holds how many rows it deleted.</summary>
    public virtual void AfterDelete()
    {
    }

    /// <summary>Methods, after the accessor's own operations.</summary>
    public virtual void Methods()
    {
    }

    /// <summary>The layered accessor's members for this feature, after its own reads (see <see cref="LayeredTable"/>).</summary>
    public virtual void LayeredMethods(LayeredTable layered)
    {
    }
}

/// <summary>A source wrapping the one a table accessor is given: the field's type and name, and the expression over <c>source</c> that builds it.</summary>
internal sealed record WrappedSource(string Type, string Field, string Wrap);

/// <summary>
/// What a feature's members on a layered accessor build on: the plain accessor's class (<see cref="PlainClass"/>), the
/// tenant key's type and its expression for a <c>row</c> (<see cref="KeyType"/>, <see cref="KeyOfRow"/>), and the test
/// that the tenant has no row with <c>row</c>'s key (<see cref="LacksRow"/>, so the base row shows).
/// </summary>
internal sealed record LayeredTable(string PlainClass, string KeyType, string KeyOfRow, string LacksRow);

using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Keeps the resident vector index of a table with <c>[Vector]</c> columns in step with the accessor's writes: the
/// accessor's source is wrapped in a <c>SearchTableSource</c>, and every insert, upsert, update and delete notes in the
/// writer connection's <c>VectorChanges.Of(connection)</c> which rows' vectors it set or removed (by rowid); the source
/// applies the notes once the write has committed, so the index never misses a committed write nor shows a rolled-back
/// one.
/// </summary>
internal sealed class VectorWritesFeature : TableFeature
{
    private const string SearchSource = "global::SqliteGen.Runtime.SearchTableSource";
    private const string VectorChanges = "global::SqliteGen.Runtime.VectorChanges";

    /// <summary>The notes of the write running on <c>connection</c>, or null when it notes nothing (inside a write transaction).</summary>
    private const string Notes = VectorChanges + ".Of(connection)";

    private readonly SourceWriter _w;
    private readonly TableShape _shape;
    private readonly ISqlDialect _dialect;
    private readonly List<ColumnModel> _vectors;

    public VectorWritesFeature(SourceWriter w, TableShape shape, ISqlDialect dialect)
    {
        _w = w;
        _shape = shape;
        _dialect = dialect;
        _vectors = shape.Table.Columns.Where(c => c.Kind == ValueKind.Vector).ToList();
    }

    public static bool Applies(EntityModel table) => table.Columns.Any(c => c.Kind == ValueKind.Vector);

    public override IEnumerable<(string Field, string Sql)> KeyStatements()
    {
        yield return ("s_rowidOf", _dialect.SelectRowidByKey(_shape.Table));
    }

    public override WrappedSource? Source => new(SearchSource, "_search", $"{SearchSource}.Wrap(source, TableName)");

    public override void AfterInsert(string rowid) =>
        _w.Line($"if ({Notes} is {{ }} vectorChanges) NoteVectors(vectorChanges, {rowid}, entity);");

    // Inserted or updated: the rowid is the key's row either way.
    public override void AfterUpsert() =>
        _w.Line($"if ({Notes} is {{ }} vectorChanges && RowidOf(connection, {_shape.KeyOf("entity")}) is long vectorRowid) NoteVectors(vectorChanges, vectorRowid, entity);");

    public override void AfterUpdate()
    {
        _w.Open($"if ({Notes} is {{ }} vectorChanges)");
        _w.Line($"if (changed > 0 && RowidOf(connection, {_shape.KeyOf("entity")}) is long vectorRowid) NoteVectors(vectorChanges, vectorRowid, entity);");
        _w.Line("else vectorChanges.Unchanged();");
        _w.Close();
    }

    // The rowid, read before the row goes, leaves the resident index after the commit.
    public override void BeforeDelete() =>
        _w.Line($"long? removedRowid = {Notes} is null ? null : RowidOf(connection, {_shape.KeyParameters.Arguments});");

    public override void AfterDelete()
    {
        _w.Open($"if ({Notes} is {{ }} vectorChanges)");
        _w.Open("if (changed > 0 && removedRowid is long vectorRowid)");
        foreach (ColumnModel vector in _vectors)
            _w.Line($"vectorChanges.Remove({ValueCode.VectorField(vector)}, vectorRowid);");
        _w.Close();
        _w.Line("else");
        _w.Line("    vectorChanges.Unchanged();");
        _w.Close();
    }

    /// <summary>The helpers the writes use to tell the resident index which rows they changed.</summary>
    public override void Methods()
    {
        _w.Line();
        _w.Line("/// <summary>Notes the vectors <paramref name=\"entity\"/> stored in row <paramref name=\"rowid\"/>, for the resident index.</summary>");
        _w.Open($"private static void NoteVectors({VectorChanges} changes, long rowid, {_shape.Entity} entity)");
        foreach (ColumnModel vector in _vectors)
            _w.Line($"changes.Set({ValueCode.VectorField(vector)}, rowid, entity.{vector.Member()});");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>The rowid of the row with this key, or null.</summary>");
        _w.Open($"private static long? RowidOf({Connection} connection, {_shape.KeyParameters.Declaration})");
        _w.Line("using var statement = connection.Rent(s_rowidOf);");
        EmitterCommon.BindColumns(_w, _dialect, _shape.Table, _shape.Keys, EmitterCommon.ParameterName);
        _w.Line("return statement.Step() ? statement.GetInt64(0) : null;");
        _w.Close();
    }
}

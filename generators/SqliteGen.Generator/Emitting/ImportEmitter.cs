using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The typed JSON import of a table accessor: <c>ImportJson</c>/<c>ImportJsonAsync</c>, which hand the runtime's
/// <c>JsonImporter</c> (stream, batches, progress, errors: src/SqliteGen/Import) this table's <c>ImportTable</c>, and
/// <c>ReadImportRow</c>, which reads one JSON object into the entity with no reflection: a switch over the member
/// index the property name maps to (column name or member name, any case), the same conversions as the column.
/// </summary>
internal sealed class ImportEmitter
{
    private const string Runtime = "global::SqliteGen.Runtime";
    private const string Options = "global::SqliteGen.JsonImportOptions";
    private const string Progress = "global::System.IProgress<global::SqliteGen.ImportProgress>";
    private const string Summary = "global::SqliteGen.ImportSummary";

    private readonly SourceWriter _w;
    private readonly EntityModel _table;

    public ImportEmitter(SourceWriter w, EntityModel table)
    {
        _w = w;
        _table = table;
    }

    /// <summary>The three INSERT statements (one per conflict policy); every column is a parameter, in BindRow's order.</summary>
    public static IEnumerable<(string Field, string Sql)> Statements(EntityModel table, ISqlDialect dialect)
    {
        yield return ("s_importInsert", dialect.ImportInsert(table, ImportConflict.Fail));
        yield return ("s_importSkip", dialect.ImportInsert(table, ImportConflict.Skip));
        yield return ("s_importReplace", dialect.ImportInsert(table, ImportConflict.Replace));
    }

    /// <summary>The <c>ImportTable</c> field; after the statements it refers to.</summary>
    public void Field()
    {
        string columns = string.Join(", ", _table.Columns.Select(c => SourceWriter.Literal(c.ColumnName)));
        string members = string.Join(", ", _table.Columns.Select(c => SourceWriter.Literal(c.MemberName)));
        _w.Line($"private static readonly {Runtime}.ImportTable<{_table.FullyQualifiedName}> s_import = new(TableName,");
        _w.Line($"    new {Runtime}.ImportFields(new[] {{ {columns} }}, new[] {{ {members} }}),");
        _w.Line("    ReadImportRow, BindRow, s_importInsert, s_importSkip, s_importReplace);");
        _w.Line();
    }

    public void Methods()
    {
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line($"/// Imports a JSON array, newline-delimited JSON or a TinyDB table (<paramref name=\"options\"/>) into <c>{SourceWriter.DocText(_table.TableName)}</c>:");
        _w.Line("/// each object's properties by column or member name (any case), validated against the schema, written in batches of");
        _w.Line("/// <see cref=\"global::SqliteGen.JsonImportOptions.BatchSize\"/> records, each in one transaction. Disposes the stream unless");
        _w.Line("/// <see cref=\"global::SqliteGen.JsonImportOptions.LeaveOpen\"/>. Returns what was read, inserted, skipped and failed.");
        _w.Line("/// </summary>");
        _w.Line("/// <exception cref=\"global::SqliteGen.ImportException\">A malformed or invalid record, named by line or document id and field; the batches before it are committed, nothing of its batch.</exception>");
        _w.Line($"public {Summary} ImportJson(global::System.IO.Stream json, {Options}? options = null, {Progress}? progress = null) =>");
        _w.Line($"    {Runtime}.JsonImporter.Run(_source, s_import, json, options, progress);");
        _w.Line();
        _w.Line("/// <inheritdoc cref=\"ImportJson\"/>");
        _w.Line($"public {AsyncOf(Summary)} ImportJsonAsync(global::System.IO.Stream json, {Options}? options = null, {Progress}? progress = null, {TokenParameter}) =>");
        _w.Line($"    {Runtime}.JsonImporter.RunAsync(_source, s_import, json, options, progress, cancellationToken);");
    }

    public void ReadImportRow()
    {
        List<ColumnModel> columns = _table.Columns.ToList();
        _w.Line();
        _w.Line("/// <summary>Reads one imported JSON object; a missing non-null member, a null for one, or a value of the wrong type is an error naming the field.</summary>");
        _w.Open($"private static {_table.FullyQualifiedName} ReadImportRow(ref {Runtime}.ImportRecord record)");
        foreach (ColumnModel column in columns)
        {
            _w.Line($"{column.TypeName} {ValueCode.LocalName(column)} = default{(column.IsReferenceType && !column.IsNullable ? "!" : "")};");
            if (Required(column))
                _w.Line($"bool {Seen(column)} = false;");
        }
        _w.Open("while (record.NextField(out int field))");
        _w.Open("switch (field)");
        for (int i = 0; i < columns.Count; i++)
        {
            ColumnModel column = columns[i];
            string read = column.IsNullable
                ? $"record.IsNull ? default({column.NonNullableTypeName}?) : {Value(column)}"
                : Value(column);
            string seen = Required(column) ? $" {Seen(column)} = true;" : "";
            _w.Line($"case {i}: {ValueCode.LocalName(column)} = {read};{seen} break; // {SourceWriter.CommentText(column.ColumnName)}");
        }
        _w.Close();
        _w.Close();
        for (int i = 0; i < columns.Count; i++)
        {
            if (Required(columns[i]))
                _w.Line($"if (!{Seen(columns[i])}) record.ThrowMissing({i});");
        }
        EmitterCommon.NewEntity(_w, _table, "return ", ValueCode.LocalName);
        _w.Close();
    }

    /// <summary>A record must have the member: not nullable, and not a generated key (which the database can assign).</summary>
    private static bool Required(ColumnModel column) => !column.IsNullable && !column.GeneratedKey;


    private static string Seen(ColumnModel column) => "has" + column.MemberName;

    /// <summary>The non-null value of the current field as the member's type: its <see cref="TypeMapping"/> row's, or the column's own for enums, JSON and vectors.</summary>
    private static string Value(ColumnModel column) => column.Kind switch
    {
        ValueKind.Enum => column.EnumUnderlyingType == "ulong"
            ? $"record.GetUInt64Enum(static number => ({column.NonNullableTypeName})number)"
            : $"record.GetEnum({Underlying(column)}.MinValue, {Underlying(column)}.MaxValue, static number => ({column.NonNullableTypeName})number)",
        ValueKind.EnumText => $"(record.GetEnumStoredName(static name => name switch {{ {string.Join(", ", column.EnumNames.Select(n => $"{SourceWriter.Literal(n.Text)} => {column.NonNullableTypeName}.{Naming.Escape(n.Member)}"))}, _ => default({column.NonNullableTypeName}?) }}) ?? "
            + Value(column with { Kind = ValueKind.Enum }) + ")",
        ValueKind.Json => $"record.GetJson({ValueCode.JsonField(column)})",
        ValueKind.Vector => column.IsVectorMemory ? "new global::System.ReadOnlyMemory<float>(record.GetVector())" : "record.GetVector()",
        _ => TypeMapping.Of(column.Kind).Import!,
    };

    private static string Underlying(ColumnModel column) => column.EnumUnderlyingType ?? "int";
}

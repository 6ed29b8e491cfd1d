using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// A table that could not be generated because its record has errors: its database still gets the accessor, and the
/// accessor's class has the methods <see cref="TableEmitter"/> writes for every table (Insert, InsertMany, Upsert, Get,
/// Find, Update, Delete, Count, All, the <c>FindBy…</c> lookups and ImportJson, each with its async twin), with the
/// signatures taken from what of the record did parse (<see cref="TableShape"/>). So <c>db.Orders.Get(1)</c> and the
/// like compile and the build shows the record's own error alone. Nothing can create the class: the accessor throws,
/// naming the error. What a feature adds (search, nearest-neighbour) is not repeated.
/// </summary>
internal static class StandInTableEmitter
{
    public static string Emit(DatabaseModel database, StandInTable table)
    {
        EntityModel draft = table.Draft;
        string message = table.Message;
        var shape = new TableShape(draft);
        string entity = shape.Entity;
        string nullable = entity + "?";
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        w.Line($"/// <summary>Not generated: {SourceWriter.DocText(message)}</summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{EmitterCommon.AccessorAccessibility(draft)} sealed class {draft.AccessorName}Table");
        w.Line($"internal const string NotGenerated = {SourceWriter.Literal(message)};");
        w.Line();
        w.Line($"private {draft.AccessorName}Table()");
        w.Line("{");
        w.Line("}");

        void Pair(string returnType, string name, ParameterList parameters)
        {
            Method(w, returnType, name, parameters.Declaration);
            Method(w, AsyncOf(returnType), name + "Async", parameters.DeclarationWithToken);
        }

        Pair(shape.InsertReturnType, "Insert", shape.EntityParameter);
        Pair("int", "InsertMany", shape.EntitiesParameter);
        Pair("void", "Upsert", shape.EntityParameter);
        Pair(entity, "Get", shape.KeyParameters);
        Pair(nullable, "Find", shape.KeyParameters);
        if (shape.HasUpdate)
            Pair("bool", "Update", shape.EntityParameter);
        Pair("bool", "Delete", shape.KeyParameters);
        Pair("long", "Count", ParameterList.None);
        Method(w, $"global::System.Collections.Generic.IEnumerable<{entity}>", "All", "");
        Method(w, $"global::System.Collections.Generic.IAsyncEnumerable<{entity}>", "AllAsync", TokenParameter);
        foreach (Lookup lookup in shape.Lookups)
            Pair(lookup.Index.IsUnique ? nullable : ReadOnlyList(entity), lookup.Method, lookup.Parameters);
        const string Options = "global::SqliteGen.JsonImportOptions? options = null, global::System.IProgress<global::SqliteGen.ImportProgress>? progress = null";
        Method(w, "global::SqliteGen.ImportSummary", "ImportJson", "global::System.IO.Stream json, " + Options);
        Method(w, AsyncOf("global::SqliteGen.ImportSummary"), "ImportJsonAsync", $"global::System.IO.Stream json, {Options}, {TokenParameter}");
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    private static void Method(SourceWriter w, string returnType, string name, string parameters)
    {
        w.Line();
        w.Line("/// <summary>Throws: the table was not generated.</summary>");
        w.Line($"public {returnType} {name}({parameters}) => throw new global::System.InvalidOperationException(NotGenerated);");
    }

    /// <summary>The accessor property of a stand-in table on the database class or its write transaction: it throws.</summary>
    public static void Accessor(SourceWriter w, EntityModel draft)
    {
        w.Line();
        w.Line($"/// <summary>Throws: the <c>{SourceWriter.DocText(draft.TableName)}</c> table was not generated (its record has errors).</summary>");
        w.Line($"{EmitterCommon.AccessorAccessibility(draft)} {draft.AccessorName}Table {draft.AccessorName} => throw new global::System.InvalidOperationException({draft.AccessorName}Table.NotGenerated);");
    }

    /// <summary>
    /// The stand-ins of this database's invalid shared tables that can get an accessor: a name no valid table, no other
    /// stand-in and no member of the database class takes.
    /// </summary>
    public static List<StandInTable> Usable(IReadOnlyList<StandInTable> candidates, IReadOnlyList<EntityModel> tables)
    {
        var taken = new HashSet<string>(tables.Select(t => t.AccessorName), System.StringComparer.Ordinal);
        return candidates
            .Where(c => c.Draft.Tenancy == TenantScope.None && !taken.Contains(c.Draft.AccessorName)
                && !Parsing.DatabaseValidator.ReservedMemberNames.Contains(c.Draft.AccessorName)
                && candidates.Count(o => o.Draft.AccessorName == c.Draft.AccessorName) == 1)
            .ToList();
    }
}

/// <summary>A table whose record has errors, as far as it parsed, and the message its stand-in accessor throws.</summary>
internal sealed record StandInTable(EntityModel Draft, string Message);

using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// <c>ImportJson</c>/<c>ImportJsonAsync</c> of a PostgreSQL table class: the runtime's <c>PostgreSqlImporter</c> with this
/// table's <c>PostgreSqlImportTable</c>. Reading the JSON is the SQLite accessor's (its <c>ImportTable</c>, with the
/// generated <c>ReadImportRow</c>), which a partial of that accessor hands to its PostgreSQL sibling, so the conversions
/// and the errors naming record and field are written once for both engines.
/// </summary>
internal static class PgImportEmitter
{
    private const string Runtime = "global::SqliteGen.PostgreSql";
    private const string Options = "global::SqliteGen.JsonImportOptions";
    private const string Progress = "global::System.IProgress<global::SqliteGen.ImportProgress>";
    private const string Summary = "global::SqliteGen.ImportSummary";
    private const string Reading = "ImportReading";

    /// <summary>The import table field of the PostgreSQL table class; after <c>s_table</c>.</summary>
    public static void Field(SourceWriter w, DatabaseModel database, EntityModel table)
    {
        PostgreSqlDialect dialect = PostgreSqlDialect.Instance;
        // The SQLite accessor: the PostgreSQL class is nested in the same database class, under the same name.
        string sqlite = $"{database.TypeName}.{table.AccessorName}Table";
        w.Line($"private static readonly {Runtime}.PostgreSqlImportTable<{table.FullyQualifiedName}> s_import = new({sqlite}.{Reading}, s_table, BindRow,");
        w.Line($"    {SourceWriter.Literal(dialect.ImportInsert(table, ImportConflict.Fail))},");
        w.Line($"    {SourceWriter.Literal(dialect.ImportInsert(table, ImportConflict.Skip))},");
        w.Line($"    {SourceWriter.Literal(dialect.ImportInsert(table, ImportConflict.Replace))},");
        w.Line($"    {Nullable(dialect.ImportLock(table))}, {Nullable(dialect.ImportAdvanceIdentity(table))});");
        w.Line();
    }

    public static void Methods(SourceWriter w)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {Summary} ImportJson(global::System.IO.Stream json, {Options}? options = null, {Progress}? progress = null) =>");
        w.Line($"    {Runtime}.PostgreSqlImporter.Run(_source, s_import, json, options, progress);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {AsyncOf(Summary)} ImportJsonAsync(global::System.IO.Stream json, {Options}? options = null, {Progress}? progress = null, {TokenParameter}) =>");
        w.Line($"    {Runtime}.PostgreSqlImporter.RunAsync(_source, s_import, json, options, progress, cancellationToken);");
    }

    /// <summary>The partial of the SQLite accessor that hands its import table (fields and <c>ReadImportRow</c>) to the PostgreSQL class.</summary>
    public static void SqliteSide(SourceWriter w, EntityModel table)
    {
        w.Line();
        w.Open($"partial class {table.AccessorName}Table");
        w.Line("/// <summary>How a JSON record is read into a row: the same on PostgreSQL (its <c>ImportJson</c>).</summary>");
        w.Line($"internal static global::SqliteGen.Runtime.ImportTable<{table.FullyQualifiedName}> {Reading} => s_import;");
        w.Close();
    }

    private static string Nullable(string? sql) => sql is null ? "null" : SourceWriter.Literal(sql);
}

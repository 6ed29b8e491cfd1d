using Microsoft.CodeAnalysis;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQLG301 and SQLG310, reported by <see cref="SqlTextAnalyzer"/> on SQL text user code hands to ADO.NET or Dapper.
/// SQLG302 (UPDATE or DELETE without WHERE) keeps its descriptor in the generator's set: the generator reports it on
/// <c>[Query]</c> SQL too. Help links follow the other descriptors: docs/rules/ID.md.
/// </summary>
internal static class SqlDiagnostics
{
    private const string Category = "SqliteGen.Sql";
    private const string HelpRoot = "https://github.com/sqlitegen/sqlitegen/blob/main/docs/rules/";

    public const string ValueSplicedId = "SQLG301";
    public const string NameSplicedId = "SQLG310";

    // The generator's linked DiagnosticDescriptors still declares an SQLG301 that nothing reports any more (this one
    // replaces it for the analyzer); it goes when the generator's sources are next edited.
#pragma warning disable RS1019
    /// <summary>{0} how (an interpolated value, ...), {1} the value's expression, {2} a parameter name for it.</summary>
    public static readonly DiagnosticDescriptor ValueSpliced = new(
        ValueSplicedId, "SQL text built from values",
        "The SQL text splices in {0} ('{1}'): a value spliced into SQL can be read as SQL; pass it as a parameter ('{2}') instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + ValueSplicedId + ".md");
#pragma warning restore RS1019

    /// <summary>
    /// Off by default: most names spliced into SQL come from the program itself (a table name held in a field, a
    /// column list built from a type); the risk is a name that comes from a user, which the analyzer cannot tell.
    /// </summary>
    public static readonly DiagnosticDescriptor NameSpliced = new(
        NameSplicedId, "SQL text built from a non-constant name",
        "The SQL text splices in '{0}' where a table or column name goes: a parameter cannot stand for a name; make sure it is one of the program's own names (check it against a fixed list) before it reaches SQL",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: false, helpLinkUri: HelpRoot + NameSplicedId + ".md");
}

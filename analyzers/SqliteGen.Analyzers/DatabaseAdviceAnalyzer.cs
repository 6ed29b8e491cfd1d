using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;
using SqliteGen.Generator.Queries;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Analyzers;

/// <summary>
/// The advice of the database step: SQLG101 (a <c>[Query]</c> filters, joins or orders on a column no index serves),
/// SQLG302 and SQLG311 on <c>[Query]</c> SQL, and the version history's warnings (SQLG051, SQLG052, SQLG055, SQLG057). The generator
/// decides the same things with the same code (<see cref="DatabaseChecks"/>, <see cref="MigrationPlanner"/>, linked
/// source) and reports only the errors among them; reported here, the advice obeys <c>.editorconfig</c> severities and
/// <c>#pragma warning disable</c> like any analyzer's.
/// </summary>
/// <remarks>
/// Each type is parsed once, in a symbol action; the checks that need a database with all of its tables, its queries
/// and its snapshot files run once per database at compilation end (as the generator's database step does once per
/// database), never per syntax node. A database with errors gets no advice: the generator does not generate it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DatabaseAdviceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.QueryFilterWithoutIndex,
        DiagnosticDescriptors.WriteWithoutWhere,
        DiagnosticDescriptors.QueryStoredForm,
        DiagnosticDescriptors.StepDropsData,
        DiagnosticDescriptors.DownStepDropsData,
        DiagnosticDescriptors.RenameNotFound,
        DiagnosticDescriptors.NotNullColumnWithoutDefault);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // Analyze: the database class's generated part carries [GeneratedCode], which would make the whole class count as
        // generated and skip it. Nothing is reported in generated code (no ReportDiagnostics flag).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? tableAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.Table);
            INamedTypeSymbol? databaseAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.Database);
            INamedTypeSymbol? queriesAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.Queries);
            if (tableAttribute is null || databaseAttribute is null)
                return; // SqliteGen is not referenced

            var entities = new ConcurrentBag<(string Name, EntityModel? Model)>();
            var databases = new ConcurrentBag<DatabaseModel>();
            var queryClasses = new ConcurrentBag<QueryClassModel>();

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                foreach (AttributeData attribute in type.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, tableAttribute))
                        entities.Add((EntityParser.FullName(type), EntityParser.Parse(type, symbolContext.CancellationToken).Model));
                    else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, databaseAttribute) && DatabaseParser.Parse(type).Model is { } database)
                        databases.Add(database);
                    else if (queriesAttribute is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, queriesAttribute)
                        && QueryClassParser.Parse(type, attribute, symbolContext.Compilation.Assembly).Model is { } queryClass)
                        queryClasses.Add(queryClass);
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                if (databases.IsEmpty)
                    return;
                var valid = entities.Where(e => e.Model is not null).Select(e => e.Model!).ToList();
                var invalid = new HashSet<string>(entities.Where(e => e.Model is null).Select(e => e.Name));
                List<SnapshotFile> snapshots = end.Options.AdditionalFiles
                    .Where(file => MigrationPlanner.IsSnapshotPath(file.Path))
                    .Select(file => new SnapshotFile(file.Path, file.GetText(end.CancellationToken)?.ToString() ?? ""))
                    .ToList();
                var trees = new Dictionary<string, SyntaxTree>();
                foreach (SyntaxTree tree in end.Compilation.SyntaxTrees)
                    trees[tree.FilePath] = tree;
                foreach (DatabaseModel database in databases.OrderBy(d => d.FullyQualifiedName, System.StringComparer.Ordinal))
                {
                    List<EntityModel> tables = DatabaseValidator.TablesOf(database, valid);
                    if (DatabaseValidator.Validate(database, tables, invalid).Count > 0)
                        continue; // DeclarationAnalyzer reports why; the generator emits only a stand-in
                    Advise(end, database, tables, snapshots, queryClasses, trees);
                }
            });
        });
    }

    private static void Advise(CompilationAnalysisContext context, DatabaseModel database, List<EntityModel> tables, List<SnapshotFile> snapshots,
        IEnumerable<QueryClassModel> queryClasses, Dictionary<string, SyntaxTree> trees)
    {
        ISqlDialect dialect = SqliteDialect.Instance;
        DatabaseSchema schema = SchemaBuilder.Database(database.Version, tables, dialect);
        MigrationPlan plan = MigrationPlanner.Plan(database, schema, snapshots, dialect);
        foreach (PlanDiagnostic problem in plan.Diagnostics.Where(d => !DatabaseChecks.BlocksGeneration(d.Descriptor)))
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, DatabaseChecks.LocationOf(problem, database, TreeOf(database.Location, trees)), problem.Arguments));

        Report(context, database, null, DatabaseChecks.Queries(database, database.Queries, tables, schema, dialect, null, context.CancellationToken), trees);
        foreach (QueryClassModel queryClass in queryClasses.Where(c => c.DatabaseFullyQualifiedName == database.FullyQualifiedName).OrderBy(c => c.FullyQualifiedName, System.StringComparer.Ordinal))
            Report(context, database, queryClass, DatabaseChecks.Queries(database, queryClass.Queries, tables, schema, dialect, queryClass, context.CancellationToken), trees);
    }

    private static void Report(CompilationAnalysisContext context, DatabaseModel database, QueryClassModel? owner, List<CheckedQuery> queries, Dictionary<string, SyntaxTree> trees)
    {
        foreach (QueryDiagnostic diagnostic in queries.SelectMany(q => q.Diagnostics).Where(d => !DatabaseChecks.BlocksGeneration(d.Descriptor)))
        {
            LocationInfo? at = DatabaseChecks.Where(diagnostic, database, owner);
            context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, DatabaseChecks.ToLocation(at, TreeOf(at, trees)), diagnostic.Arguments));
        }
    }

    /// <summary>The source tree a location is in: a diagnostic located in it is one <c>#pragma</c> and <c>.editorconfig</c> reach.</summary>
    private static SyntaxTree? TreeOf(LocationInfo? at, Dictionary<string, SyntaxTree> trees) =>
        at is not null && trees.TryGetValue(at.FilePath, out SyntaxTree? tree) ? tree : null;
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Emitting;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;
using SqliteGen.Generator.Queries;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator;

/// <summary>
/// Records in, schema and repositories out. Entities and databases are found with
/// ForAttributeWithMetadataName, parsed at once into equatable models, and emitted; invalid declarations
/// produce no code here: the analyzers (which share the parser) report them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SqliteGenerator : IIncrementalGenerator
{
    /// <summary>The SQL dialect every output is written in (docs/design.md, "Where a dialect plugs in").</summary>
    private static readonly ISqlDialect Dialect = SqliteDialect.Instance;

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<EntityOutcome> entities = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.Table,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ParseEntity(ctx, ct))
            .WithTrackingName(TrackingNames.Entities);

        IncrementalValuesProvider<EntityModel> validEntities = entities
            .Where(static e => e.Model is not null)
            .Select(static (e, _) => e.Model!)
            .WithTrackingName(TrackingNames.ValidEntities);

        context.RegisterSourceOutput(validEntities, static (spc, entity) => Guard(spc, () =>
        {
            (string hint, string source) = EntityEmitter.Emit(entity, Dialect);
            spc.AddSource(hint, SourceText.From(source, Encoding.UTF8));
        }));

        IncrementalValuesProvider<DatabaseModel> databases = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.Database,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is INamedTypeSymbol type ? DatabaseParser.Parse(type).Model : null)
            .Where(static d => d is not null)
            .Select(static (d, _) => d!)
            .WithTrackingName(TrackingNames.Databases);

        // [SqliteQueries(typeof(Db))] classes: [Query] methods outside the database class, emitted with the database
        // (only that step has its tables); a class that cannot be implemented is reported here (SQLG309).
        IncrementalValuesProvider<QueryClassOutcome> queryClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.Queries,
                static (node, _) => node is TypeDeclarationSyntax, // a record too, to say it cannot be one
                static (ctx, _) => ctx.TargetSymbol is INamedTypeSymbol type && ctx.Attributes.Length > 0
                    ? QueryClassParser.Parse(type, ctx.Attributes[0], ctx.SemanticModel.Compilation.Assembly)
                    : new QueryClassOutcome(null, null, null))
            .Where(static c => c.Model is not null || c.Problem is not null)
            .WithTrackingName(TrackingNames.QueryClasses);
        context.RegisterSourceOutput(queryClasses.Where(static c => c.Problem is not null), static (spc, invalid) =>
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.QueryClassInvalid, ToLocation(invalid.ProblemLocation), invalid.Problem)));

        IncrementalValuesProvider<(DatabaseModel Database, ImmutableArray<EntityOutcome> Entities)> databasesWithTables = databases
            .Combine(entities.Collect())
            .WithTrackingName(TrackingNames.DatabasesWithTables);

        // A [Query] method outside a [SqliteDatabase] or [SqliteQueries] class: nothing implements it; say so (SQLG308)
        // beside C#'s CS8795.
        IncrementalValuesProvider<(string Name, LocationInfo? Location)> misplacedQueries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.Query,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is IMethodSymbol { ContainingType: { } type } method
                    && EntityParser.FindAttribute(type.GetAttributes(), KnownNames.Database) is null
                    && EntityParser.FindAttribute(type.GetAttributes(), KnownNames.Queries) is null
                    ? (Name: type.Name + "." + method.Name, Location: DatabaseParser.LocationInfoOf(method.Locations.FirstOrDefault()))
                    : (Name: "", Location: (LocationInfo?)null))
            .Where(static m => m.Name.Length > 0)
            .WithTrackingName(TrackingNames.MisplacedQueries);
        context.RegisterSourceOutput(misplacedQueries, static (spc, query) => spc.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.QueryMethodInvalid, ToLocation(query.Location),
            $"[Query] method '{query.Name}' is not in a [SqliteDatabase] class: declare it in the database class, or mark its class [SqliteQueries(typeof(YourDb))] to run it on that database")));

        // The frozen versions: sqlitegen/<Database>.v<N>.json, read as text (records of strings, so they cache).
        IncrementalValueProvider<ImmutableArray<SnapshotFile>> snapshots = context.AdditionalTextsProvider
            .Where(static file => MigrationPlanner.IsSnapshotPath(file.Path))
            .Select(static (file, ct) => new SnapshotFile(file.Path, file.GetText(ct)?.ToString() ?? ""))
            .Collect()
            .WithTrackingName(TrackingNames.Snapshots);

        IncrementalValueProvider<ImmutableArray<QueryClassModel>> validQueryClasses = queryClasses
            .Where(static c => c.Model is not null)
            .Select(static (c, _) => c.Model!)
            .Collect();

        context.RegisterSourceOutput(databasesWithTables.Combine(snapshots).Combine(validQueryClasses), static (spc, input) =>
            Guard(spc, () => EmitDatabase(spc, input.Left.Left.Database, input.Left.Left.Entities, input.Left.Right,
                input.Right.Where(c => c.DatabaseFullyQualifiedName == input.Left.Left.Database.FullyQualifiedName).ToList())));
    }

    private static EntityOutcome ParseEntity(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
            return new EntityOutcome("", null);
        try
        {
            return new EntityOutcome(EntityParser.FullName(type), EntityParser.Parse(type, cancellationToken).Model);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Never let an exception escape (CS8785 would delete all generated code): the entity is skipped, and the
            // analyzer, running the same parser, surfaces the failure (as AD0001) on the declaration.
            return new EntityOutcome(EntityParser.FullName(type), null);
        }
    }

    private static void EmitDatabase(SourceProductionContext context, DatabaseModel database, ImmutableArray<EntityOutcome> outcomes, ImmutableArray<SnapshotFile> snapshots, List<QueryClassModel> queryClasses)
    {
        List<EntityModel> tables = DatabaseValidator.TablesOf(database, outcomes.Where(o => o.Model is not null).Select(o => o.Model!));
        var invalid = new HashSet<string>(outcomes.Where(o => o.Model is null).Select(o => o.FullyQualifiedName));
        if (DatabaseValidator.Validate(database, tables, invalid).Count > 0)
            return; // the analyzer explains why; emitting would only add confusing follow-on errors

        // Migration diagnostics come from here, not from an analyzer: they need the snapshot files and every table
        // at once, which is what this step already has; an analyzer would have to repeat the whole plan.
        // The schema of the current records, built once: the migration plan, the DDL and the query checks all read it.
        DatabaseSchema schema = SchemaBuilder.Database(database.Version, tables, Dialect);
        MigrationPlan plan = MigrationPlanner.Plan(database, schema, snapshots, Dialect);
        foreach (PlanDiagnostic problem in plan.Diagnostics)
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, LocationOf(problem, database), problem.Arguments));
        foreach ((string hint, string source) in DatabaseEmitter.Emit(database, tables, Dialect, plan, exposePool: queryClasses.Count > 0))
            context.AddSource(hint, SourceText.From(source, Encoding.UTF8));
        EmitQueries(context, database, tables, schema);
        foreach (QueryClassModel queryClass in queryClasses.OrderBy(c => c.FullyQualifiedName, StringComparer.Ordinal))
            EmitQueryClass(context, database, queryClass, tables, schema);
    }

    /// <summary>
    /// [Query] methods: checked here against the tables, reported here (SQLG303-SQLG308) like the migration
    /// diagnostics. Only this step has the method, its SQL and every table at once; an analyzer would have to
    /// rebuild the schema (at compilation end, so not live in the IDE). A method whose check fails gets no body,
    /// so the compiler adds CS8795 (no implementation) beside the SQLG error that says why.
    /// </summary>
    private static void EmitQueries(SourceProductionContext context, DatabaseModel database, List<EntityModel> tables, DatabaseSchema schema)
    {
        if (database.Queries.Count == 0)
            return;
        List<BoundQuery> bound = BindQueries(context, database, database.Queries, tables, schema, owner: null);
        if (bound.Count > 0)
            context.AddSource(EmitterCommon.HintName(database.FullyQualifiedName, "Queries"), SourceText.From(QueryEmitter.Emit(database, bound, VectorTables(tables), Dialect), Encoding.UTF8));
    }

    /// <summary>
    /// A <c>[SqliteQueries]</c> class of this database: its queries checked and reported like the database's own, and its
    /// part (constructor, pool, bodies) emitted even when it has no valid query, so <c>new UserQueries(db)</c> compiles.
    /// </summary>
    private static void EmitQueryClass(SourceProductionContext context, DatabaseModel database, QueryClassModel queryClass, List<EntityModel> tables, DatabaseSchema schema)
    {
        List<BoundQuery> bound = BindQueries(context, database, queryClass.Queries, tables, schema, queryClass);
        context.AddSource(EmitterCommon.HintName(queryClass.FullyQualifiedName, "Queries"),
            SourceText.From(QueryEmitter.EmitQueryClass(queryClass, database, bound, VectorTables(tables), Dialect), Encoding.UTF8));
    }

    private static List<BoundQuery> BindQueries(SourceProductionContext context, DatabaseModel database, EquatableArray<QueryMethodModel> methods, List<EntityModel> tables, DatabaseSchema schema, QueryClassModel? owner)
    {
        var bound = new List<BoundQuery>();
        if (methods.Count == 0)
            return bound;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (QueryMethodModel method in methods)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!names.Add(method.Name))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.QueryMethodInvalid, ToLocation(method.Location),
                    $"[Query] method '{owner?.TypeName ?? database.TypeName}.{method.Name}' is overloaded: give each [Query] method its own name"));
                continue;
            }
            (BoundQuery? query, List<QueryDiagnostic> diagnostics) = QueryBinder.Bind(database, method, tables, schema, Dialect, owner);
            foreach (QueryDiagnostic diagnostic in diagnostics)
                context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, ToLocation(diagnostic.Location ?? owner?.Location ?? database.Location), diagnostic.Arguments));
            if (query is not null)
                bound.Add(query);
        }
        return bound;
    }

    /// <summary>The SQL names of the tables with <c>[Vector]</c> columns (SQLite compares names case-insensitively).</summary>
    private static HashSet<string> VectorTables(IEnumerable<EntityModel> tables) =>
        new(tables.Where(t => t.Columns.Any(c => c.Kind == ValueKind.Vector)).Select(t => t.TableName), StringComparer.OrdinalIgnoreCase);

    private static Location ToLocation(LocationInfo? at) =>
        at is null
            ? Location.None
            : Location.Create(at.FilePath, new TextSpan(at.Start, at.Length), new LinePositionSpan(new LinePosition(at.StartLine, at.StartCharacter), new LinePosition(at.EndLine, at.EndCharacter)));

    private static Location LocationOf(PlanDiagnostic problem, DatabaseModel database)
    {
        if (problem.SnapshotPath is { } path)
        {
            var line = new LinePosition(Math.Max(0, problem.Line - 1), 0);
            return Location.Create(path, default, new LinePositionSpan(line, line));
        }
        return ToLocation(database.Location);
    }

    private static void Guard(SourceProductionContext context, Action emit)
    {
        try
        {
            emit();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug in the emitter must not take the user's whole build down with CS8785.
            context.ReportDiagnostic(Diagnostic.Create(InternalError, Location.None, error.GetType().Name + ": " + error.Message));
        }
    }

    internal static readonly DiagnosticDescriptor InternalError = new(
        "SQLG999", "SqliteGen failed to generate code",
        "SqliteGen hit an internal error and generated nothing for this declaration: {0}. Please report it with the declaration that caused it.",
        "SqliteGen.Usage", DiagnosticSeverity.Error, isEnabledByDefault: true,
        helpLinkUri: "https://github.com/sqlitegen/sqlitegen/blob/main/docs/rules/SQLG999.md");
}

/// <summary>An entity parse: its name always, its model only when valid.</summary>
internal sealed record EntityOutcome(string FullyQualifiedName, EntityModel? Model);

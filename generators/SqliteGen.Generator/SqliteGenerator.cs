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
/// produce no code here: the analyzers (which share the parser) report them. The generator reports only errors that
/// stop a database or a [Query] from being generated; advice comes from the analyzers (docs/design.md, "Diagnostics").
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
            DiagnosticDescriptors.QueryMethodInvalid, ToLocation(query.Location), DiagnosticDescriptors.QueryMethodMisplaced(query.Name))));

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

        // The PostgreSQL target: on when the project references SqliteGen.PostgreSql and so Npgsql (docs/postgresql.md). Read
        // from the references' assembly names, not by a type lookup in the compilation: every edit makes a new compilation,
        // so a step on it runs on every keystroke, while the references stay the same and this step stays cached.
        IncrementalValueProvider<bool> postgreSql = context.MetadataReferencesProvider
            .Select(static (reference, _) => AssemblyName(reference))
            .Where(static name => System.Array.IndexOf(KnownNames.PostgreSqlAssemblies, name) >= 0)
            .Collect()
            .Select(static (names, _) => KnownNames.PostgreSqlAssemblies.All(names.Contains))
            .WithTrackingName(TrackingNames.PostgreSqlTarget);

        context.RegisterSourceOutput(databasesWithTables.Combine(snapshots).Combine(validQueryClasses).Combine(postgreSql), static (spc, input) =>
            Guard(spc, () => EmitDatabase(spc, input.Left.Left.Left.Database, input.Left.Left.Left.Entities, input.Left.Left.Right,
                input.Left.Right.Where(c => c.DatabaseFullyQualifiedName == input.Left.Left.Left.Database.FullyQualifiedName).ToList(), input.Right)));
    }

    /// <summary>The simple name of a referenced assembly, or empty when it has none (a module, unreadable metadata).</summary>
    private static string AssemblyName(MetadataReference reference)
    {
        try
        {
            return reference switch
            {
                CompilationReference project => project.Compilation.AssemblyName ?? "",
                PortableExecutableReference file when file.GetMetadata() is AssemblyMetadata assembly
                    && assembly.GetModules() is { Length: > 0 } modules && modules[0].GetMetadataReader() is { IsAssembly: true } reader
                    => reader.GetString(reader.GetAssemblyDefinition().Name),
                _ => "",
            };
        }
        catch (Exception error) when (error is BadImageFormatException or System.IO.IOException or InvalidOperationException)
        {
            return ""; // the compiler reports an unreadable reference itself
        }
    }

    private static EntityOutcome ParseEntity(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
            return new EntityOutcome("", null);
        try
        {
            EntityParseResult result = EntityParser.Parse(type, cancellationToken);
            return new EntityOutcome(EntityParser.FullName(type), result.Model, string.Join(", ", result.Diagnostics.Select(d => d.Descriptor.Id).Distinct()), result.Draft);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Never let an exception escape (CS8785 would delete all generated code): the entity is skipped, and the
            // analyzer, running the same parser, surfaces the failure (as AD0001) on the declaration.
            return new EntityOutcome(EntityParser.FullName(type), null);
        }
    }

    private static void EmitDatabase(SourceProductionContext context, DatabaseModel database, ImmutableArray<EntityOutcome> outcomes, ImmutableArray<SnapshotFile> snapshots, List<QueryClassModel> queryClasses, bool postgreSql)
    {
        List<EntityModel> tables = DatabaseValidator.TablesOf(database, outcomes.Where(o => o.Model is not null).Select(o => o.Model!));
        var invalid = new HashSet<string>(outcomes.Where(o => o.Model is null).Select(o => o.FullyQualifiedName));
        List<DiagnosticInfo> problems = DatabaseValidator.Validate(database, tables, invalid);
        // A table of this database that is invalid is left out (DeclarationAnalyzer says why). Its accessor stands in, throwing
        // and naming the table's errors, so code using it compiles.
        List<EntityOutcome> invalidTables = outcomes.Where(o => o.Model is null && (!database.ListsTables || database.ListedTables.Contains(o.FullyQualifiedName))).ToList();
        List<StandInTable> standIns = StandIns(invalidTables, tables);
        if (problems.Count > 0)
        {
            // DeclarationAnalyzer reports the problems. Emitting the database would only add follow-on errors in generated
            // code; emitting nothing would add one at every use of Open and of each [Query]. A stand-in whose members
            // throw, naming the error, keeps the user's code compiling so the build shows the real error alone.
            string ids = string.Join(", ", problems.Select(p => p.Descriptor.Id).Distinct());
            foreach ((string hint, string source) in DatabaseEmitter.EmitUnavailable(database, tables, ids, Dialect, standIns))
                context.AddSource(hint, SourceText.From(source, Encoding.UTF8));
            EmitUnavailableQueries(context, database, database.Queries, null, ids);
            foreach (QueryClassModel queryClass in queryClasses.OrderBy(c => c.FullyQualifiedName, StringComparer.Ordinal))
                EmitUnavailableQueries(context, database, queryClass.Queries, queryClass, ids);
            return;
        }

        // Migration errors come from here, not from an analyzer: they need the snapshot files and every table at once,
        // which is what this step already has. Its warnings (SQLG051, ...) are DatabaseAdviceAnalyzer's, from the same plan.
        // The schema of the current records, built once: the migration plan, the DDL and the query checks all read it.
        DatabaseSchema schema = SchemaBuilder.Database(database.Version, tables, Dialect);
        MigrationPlan plan = MigrationPlanner.Plan(database, schema, snapshots, Dialect);
        foreach (PlanDiagnostic problem in plan.Diagnostics.Where(d => DatabaseChecks.BlocksGeneration(d.Descriptor)))
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, DatabaseChecks.LocationOf(problem, database), problem.Arguments));
        MigrationPlan? postgreSqlPlan = postgreSql ? MigrationPlanner.PlanPostgreSql(database, schema, snapshots) : null; // its diagnostics are the SQLite plan's
        foreach ((string hint, string source) in DatabaseEmitter.Emit(database, tables, Dialect, plan, exposePool: queryClasses.Count > 0, postgreSql, postgreSqlPlan, standIns))
            context.AddSource(hint, SourceText.From(source, Encoding.UTF8));
        // A query that fails its check while a table is invalid most likely fails for that reason ("table ... does not
        // exist"), so it gets a body that throws naming the table's errors and is not reported itself: one mistake, one error.
        string? tablesWithErrors = invalidTables.Count == 0 ? null
            : $"SqliteGen reported {string.Join(", ", invalidTables.Select(o => o.ProblemIds).Where(ids => ids.Length > 0).Distinct())} for table {string.Join(", ", invalidTables.Select(o => o.FullyQualifiedName))}, so this query was not checked";
        EmitQueries(context, database, tables, schema, tablesWithErrors, postgreSql);
        foreach (QueryClassModel queryClass in queryClasses.OrderBy(c => c.FullyQualifiedName, StringComparer.Ordinal))
            EmitQueryClass(context, database, queryClass, tables, schema, tablesWithErrors, postgreSql);
    }

    /// <summary>The invalid tables that get a stand-in accessor (<see cref="StandInTableEmitter.Usable"/>), with their exception messages.</summary>
    private static List<StandInTable> StandIns(List<EntityOutcome> invalidTables, List<EntityModel> tables)
    {
        var candidates = invalidTables.Where(o => o.Draft is not null).OrderBy(o => o.FullyQualifiedName, StringComparer.Ordinal)
            .Select(o => new StandInTable(o.Draft!, $"Table {o.Draft!.TypeName} was not generated: SqliteGen reported {o.ProblemIds} for it. Fix the error the build reports and rebuild."));
        return StandInTableEmitter.Usable(candidates.ToList(), tables);
    }

    /// <summary>
    /// [Query] methods: checked here against the tables, and their errors (SQLG303-SQLG309) reported here like the
    /// migration errors: only this step has the method, its SQL and every table at once. A method whose check fails
    /// gets a body that throws, naming the error, so C# adds no CS8795 (no implementation) beside it. Its advice
    /// (SQLG101, SQLG302) is DatabaseAdviceAnalyzer's, from the same check.
    /// </summary>
    /// <param name="tablesWithErrors">Set when a table of the database is invalid: why a failing query is not reported.</param>
    private static void EmitQueries(SourceProductionContext context, DatabaseModel database, List<EntityModel> tables, DatabaseSchema schema, string? tablesWithErrors, bool postgreSql)
    {
        if (database.Queries.Count == 0)
            return;
        List<CheckedQuery> checkedQueries = CheckQueries(context, database, database.Queries, tables, schema, owner: null, tablesWithErrors);
        context.AddSource(EmitterCommon.HintName(database.FullyQualifiedName, "Queries"), SourceText.From(
            QueryEmitter.Emit(database, Bound(checkedQueries), VectorTables(tables), Dialect, Unavailable(checkedQueries, tablesWithErrors)), Encoding.UTF8));
        if (postgreSql)
            EmitPostgreSqlQueries(context, database, tables, schema, checkedQueries, tablesWithErrors);
    }

    /// <summary>
    /// The PostgreSQL target's [Query] methods: each bound query checked for PostgreSQL too (SQLG312, and its
    /// [PostgreSqlQuery]'s own check), reported here like the SQLite check's errors, and emitted on the PostgreSQL class.
    /// </summary>
    private static void EmitPostgreSqlQueries(SourceProductionContext context, DatabaseModel database, List<EntityModel> tables, DatabaseSchema schema, List<CheckedQuery> checkedQueries, string? tablesWithErrors)
    {
        List<EntityModel> shared = Emitting.PostgreSql.InterfaceEmitter.Shared(tables);
        List<CheckedQuery> implemented = checkedQueries.Where(q => Emitting.PostgreSql.PgQueryEmitter.Implements(q.Method, shared)).ToList();
        List<PostgreSqlQuery> queries = CheckPostgreSql(context, database, implemented, schema, owner: null, tablesWithErrors);
        List<UnavailableQuery> unavailable = Unavailable(implemented, tablesWithErrors);
        context.AddSource(EmitterCommon.HintName(database.FullyQualifiedName, "PostgreSql.Queries"), SourceText.From(
            Emitting.PostgreSql.PgQueryEmitter.Emit(database, tables, queries, unavailable), Encoding.UTF8));
    }

    /// <summary>
    /// The bound queries checked for PostgreSQL too (SQLG312, and a [PostgreSqlQuery]'s own check), their errors reported
    /// like the SQLite check's, named after the class that declares them (<paramref name="owner"/>, or the database).
    /// </summary>
    private static List<PostgreSqlQuery> CheckPostgreSql(SourceProductionContext context, DatabaseModel database, List<CheckedQuery> checkedQueries, DatabaseSchema schema, QueryClassModel? owner, string? tablesWithErrors)
    {
        var queries = new List<PostgreSqlQuery>();
        foreach (BoundQuery bound in Bound(checkedQueries))
        {
            (PostgreSqlQuery query, List<QueryDiagnostic> diagnostics) = PostgreSqlQueryCheck.Check(bound, schema, Dialect, owner?.TypeName ?? database.TypeName);
            if (tablesWithErrors is null)
            {
                foreach (QueryDiagnostic diagnostic in diagnostics)
                    context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, ToLocation(DatabaseChecks.Where(diagnostic, database, owner)), diagnostic.Arguments));
            }
            queries.Add(query);
        }
        return queries;
    }

    /// <summary>
    /// A <c>[SqliteQueries]</c> class of this database: its queries checked and reported like the database's own, and its
    /// part (constructor, pool, bodies) emitted even when it has no valid query, so <c>new UserQueries(db)</c> compiles.
    /// With the PostgreSQL target its queries are checked for PostgreSQL too and it runs on either engine: a second part
    /// takes the database interface and holds the PostgreSQL cores.
    /// </summary>
    private static void EmitQueryClass(SourceProductionContext context, DatabaseModel database, QueryClassModel queryClass, List<EntityModel> tables, DatabaseSchema schema, string? tablesWithErrors, bool postgreSql)
    {
        List<CheckedQuery> checkedQueries = CheckQueries(context, database, queryClass.Queries, tables, schema, queryClass, tablesWithErrors);
        context.AddSource(EmitterCommon.HintName(queryClass.FullyQualifiedName, "Queries"), SourceText.From(
            QueryEmitter.EmitQueryClass(queryClass, database, Bound(checkedQueries), VectorTables(tables), Dialect, Unavailable(checkedQueries, tablesWithErrors), postgreSql), Encoding.UTF8));
        if (!postgreSql)
            return;
        List<PostgreSqlQuery> queries = CheckPostgreSql(context, database, checkedQueries, schema, queryClass, tablesWithErrors);
        context.AddSource(EmitterCommon.HintName(queryClass.FullyQualifiedName, "PostgreSql.Queries"), SourceText.From(
            Emitting.PostgreSql.PgQueryEmitter.EmitQueryClass(queryClass, database, tables, queries), Encoding.UTF8));
    }

    /// <summary>The queries of a database that could not be generated: each a body that throws, naming the database's errors.</summary>
    private static void EmitUnavailableQueries(SourceProductionContext context, DatabaseModel database, EquatableArray<QueryMethodModel> methods, QueryClassModel? owner, string ids)
    {
        var unavailable = methods.Select(m => new UnavailableQuery(m, $"SqliteGen reported {ids} for database '{database.TypeName}', so it was not generated")).ToList();
        if (owner is null)
        {
            if (unavailable.Count > 0)
                context.AddSource(EmitterCommon.HintName(database.FullyQualifiedName, "Queries"), SourceText.From(QueryEmitter.EmitUnavailable(database.Namespace, database.ContainingTypes, database.TypeName, null, unavailable), Encoding.UTF8));
            return;
        }
        string constructor = $"{owner.ConstructorAccessibility} {owner.TypeName}({database.FullyQualifiedName} database)";
        context.AddSource(EmitterCommon.HintName(owner.FullyQualifiedName, "Queries"), SourceText.From(QueryEmitter.EmitUnavailable(owner.Namespace, owner.ContainingTypes, owner.TypeName, constructor, unavailable), Encoding.UTF8));
    }

    private static List<CheckedQuery> CheckQueries(SourceProductionContext context, DatabaseModel database, EquatableArray<QueryMethodModel> methods, List<EntityModel> tables, DatabaseSchema schema, QueryClassModel? owner, string? tablesWithErrors)
    {
        List<CheckedQuery> checkedQueries = DatabaseChecks.Queries(database, methods, tables, schema, Dialect, owner, context.CancellationToken);
        foreach (QueryDiagnostic diagnostic in checkedQueries.SelectMany(q => q.Diagnostics).Where(d => DatabaseChecks.BlocksGeneration(d.Descriptor)
            && (tablesWithErrors is null || d.Descriptor == DiagnosticDescriptors.QueryMethodInvalid))) // the declaration's own mistake stands
            context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, ToLocation(DatabaseChecks.Where(diagnostic, database, owner)), diagnostic.Arguments));
        return checkedQueries;
    }

    private static List<BoundQuery> Bound(List<CheckedQuery> checkedQueries) =>
        checkedQueries.Where(q => q.Bound is not null).Select(q => q.Bound!).ToList();

    private static List<UnavailableQuery> Unavailable(List<CheckedQuery> checkedQueries, string? tablesWithErrors) =>
        checkedQueries.Where(q => q.Bound is null).Select(q => new UnavailableQuery(q.Method, tablesWithErrors ?? $"SqliteGen reported {q.BlockingIds} for it")).ToList();

    /// <summary>The SQL names of the tables with <c>[Vector]</c> columns (SQLite compares names case-insensitively).</summary>
    private static HashSet<string> VectorTables(IEnumerable<EntityModel> tables) =>
        new(tables.Where(VectorWritesFeature.Applies).Select(t => t.TableName), StringComparer.OrdinalIgnoreCase);

    private static Location ToLocation(LocationInfo? at) => DatabaseChecks.ToLocation(at);

    private static void Guard(SourceProductionContext context, Action emit)
    {
        try
        {
            emit();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug in the emitter must not take the user's whole build down with CS8785.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, error.GetType().Name, error.Message));
        }
    }
}

/// <summary>
/// An entity parse: its name always, its model only when valid, else the IDs of its errors (for the stand-ins' messages) and
/// its draft (the signatures of its stand-in accessor; <see cref="EntityParseResult.Draft"/>).
/// </summary>
internal sealed record EntityOutcome(string FullyQualifiedName, EntityModel? Model, string ProblemIds = "", EntityModel? Draft = null);

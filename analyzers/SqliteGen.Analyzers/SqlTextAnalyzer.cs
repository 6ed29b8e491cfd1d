using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQL text user code hands to ADO.NET, Dapper or SqliteGen: <c>command.CommandText = ...</c>, a command or data
/// adapter constructor's text, Dapper's <c>sql</c> argument (<c>Query</c>, <c>Execute</c>, ... on any connection),
/// the <c>sql</c> of SqliteGen's ad-hoc <c>db.Sql</c>/<c>tx.Sql</c>, and the string argument of a method of the same
/// project that passes it to one of those (one level; through an interface or override, its implementations).
/// The text is read as pieces (<see cref="SqlPieces"/>) through literals, interpolation, concatenation,
/// <c>string.Format</c>/<c>Concat</c>, a <c>StringBuilder</c>, locals of the same method and, one level, what a
/// method of the project returns when its result is the whole text (<see cref="SqlReturns"/>):
/// <list type="bullet">
/// <item>SQLG301 for the first non-constant piece in a value position (after <c>=</c>, inside quotes, in
/// <c>VALUES (...)</c> or <c>IN (...)</c>, after <c>LIMIT</c>...), reported on the expression that builds it;
/// a generated placeholder list (<c>IN ($id0, $id1)</c> built from a count) is not a value.</item>
/// <item>SQLG310 (off by default) for a non-constant piece where a name goes.</item>
/// <item>SQLG302 for constant text that updates or deletes without WHERE (<see cref="UnfilteredWrites"/>, the check
/// the generator runs on a <c>[Query]</c>'s SQL) in a method that names one row (a
/// parameter <c>id</c>, <c>...Id</c>, <c>key</c>, or an entity with an <c>Id</c>); a method that takes no such
/// parameter, or whose name says it clears (Clear, Reset, Truncate, Purge, ...All...), means every row.</item>
/// </list>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlTextAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ValueSpliced, DiagnosticDescriptors.NameSpliced, DiagnosticDescriptors.WriteWithoutWhere);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AdoNetSymbols symbols = AdoNetSymbols.Create(start.Compilation);
            INamedTypeSymbol? databaseSql = start.Compilation.GetTypeByMetadataName("SqliteGen.DatabaseSql");
            // The interface both engines' db.Sql implement (IShopDb.Sql, and PostgreSQL's class).
            INamedTypeSymbol? anyDatabaseSql = start.Compilation.GetTypeByMetadataName("SqliteGen.IDatabaseSql");
            if (symbols.DbCommand is null && symbols.IDbCommand is null && databaseSql is null)
                return;
            Compilation compilation = start.Compilation;
            INamedTypeSymbol? dapper = compilation.GetTypeByMetadataName("Dapper.SqlMapper");
            INamedTypeSymbol? stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
            var helpers = new ConcurrentDictionary<IMethodSymbol, ImmutableArray<string>>(SymbolEqualityComparer.Default);
            var reported = new ConcurrentDictionary<Location, byte>();
            // Read from syntax once, on the first call that needs it: which method names of the project take SQL.
            var names = new Lazy<SqlHelpers.Names>(() => SqlHelpers.Names.Read(compilation, start.CancellationToken), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

            void Check(Action<Diagnostic> report, SemanticModel model, ISymbol? containingSymbol, IOperation value, string marker, System.Threading.CancellationToken cancellationToken)
            {
                // Text that is the whole result of a method of the project with several returns: each return is a text.
                if (AdoNetSymbols.Unwrap(value) is IInvocationOperation call
                    && SqlReturns.Returns(call.TargetMethod, model, compilation, cancellationToken) is { Length: > 1 } returns)
                {
                    foreach (IOperation returned in returns)
                    {
                        var each = SqlPieces.Read(returned, stringBuilder);
                        if (each is not null && Judge(each, marker, containingSymbol) is Diagnostic found && reported.TryAdd(found.Location, 0))
                            report(found);
                    }
                    return;
                }
                var pieces = SqlPieces.Read(value, stringBuilder, method => SqlReturns.Returned(method, model, compilation, cancellationToken));
                if (pieces is null)
                    return;
                Diagnostic? diagnostic = Judge(pieces, marker, containingSymbol);
                if (diagnostic is not null && reported.TryAdd(diagnostic.Location, 0))
                    report(diagnostic);
            }

            // One walk per file over its syntax, not one callback per node: syntax first, then symbols, and the
            // operation tree only for a sink. A semantic question is asked only of syntax that can be a sink by its
            // name, so most code is never bound here.
            start.RegisterSemanticModelAction(file =>
            {
                SemanticModel model = file.SemanticModel;
                System.Threading.CancellationToken cancellationToken = file.CancellationToken;
                foreach (SyntaxNode node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                            CommandText(assignment);
                            break;
                        case BaseObjectCreationExpressionSyntax creation:
                            Creation(creation);
                            break;
                        case InvocationExpressionSyntax invocation:
                            Invocation(invocation);
                            break;
                    }
                }

                void CommandText(AssignmentExpressionSyntax syntax)
                {
                    if (syntax.Left is not (IdentifierNameSyntax { Identifier.ValueText: "CommandText" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" })
                        || model.GetOperation(syntax, cancellationToken) is not ISimpleAssignmentOperation assignment)
                        return;
                    if (assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText" } property && symbols.IsCommand(property.Property.ContainingType))
                        Check(file.ReportDiagnostic, model, Enclosing(syntax), assignment.Value, Marker(property.Property.ContainingType), cancellationToken);
                }

                void Creation(BaseObjectCreationExpressionSyntax syntax)
                {
                    if (syntax.ArgumentList is not { Arguments.Count: > 0 }
                        || (syntax is ObjectCreationExpressionSyntax { Type: var typeSyntax } && !names.Value.MayCreateCommand(typeSyntax))
                        || model.GetTypeInfo(syntax, cancellationToken).Type is not INamedTypeSymbol type
                        || !(symbols.IsCommand(type) || IsAdapterOrDefinition(type))
                        || model.GetOperation(syntax, cancellationToken) is not IObjectCreationOperation creation)
                        return;
                    foreach (IArgumentOperation argument in creation.Arguments)
                    {
                        if (argument.Parameter is { Name: "commandText" or "cmdText" or "selectCommandText" } && argument.Parameter.Type.SpecialType == SpecialType.System_String)
                            Check(file.ReportDiagnostic, model, Enclosing(syntax), argument.Value, Marker(type), cancellationToken);
                    }
                }

                bool IsAdHocSql(INamedTypeSymbol type) =>
                    (databaseSql is not null && SymbolEqualityComparer.Default.Equals(type, databaseSql))
                    || (anyDatabaseSql is not null
                        && (SymbolEqualityComparer.Default.Equals(type, anyDatabaseSql) || type.AllInterfaces.Contains(anyDatabaseSql, SymbolEqualityComparer.Default)));

                void Invocation(InvocationExpressionSyntax syntax)
                {
                    if (syntax.ArgumentList.Arguments.Count == 0
                        || !names.Value.MayTakeSql(syntax)
                        || model.GetSymbolInfo(syntax, cancellationToken).Symbol is not IMethodSymbol called)
                        return;
                    IMethodSymbol method = called.ReducedFrom ?? called;
                    string marker;
                    ImmutableArray<string> sqlParameters;
                    if (dapper is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, dapper))
                    {
                        (marker, sqlParameters) = ("@", s_sql);
                    }
                    else if (IsAdHocSql(method.ContainingType))
                    {
                        // db.Sql / tx.Sql on either engine: SqliteGen's own ad-hoc SQL, bound by name from SqlParameters.
                        (marker, sqlParameters) = ("$", s_sql);
                    }
                    else if (!method.DeclaringSyntaxReferences.IsEmpty)
                    {
                        (marker, sqlParameters) = ("@", helpers.GetOrAdd(method.OriginalDefinition, m => SqlHelpers.SqlParameters(m, compilation, cancellationToken)));
                    }
                    else
                    {
                        return;
                    }
                    if (sqlParameters.IsEmpty || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation)
                        return;
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && sqlParameters.Contains(parameter.Name))
                            Check(file.ReportDiagnostic, model, Enclosing(syntax), argument.Value, marker, cancellationToken);
                    }
                }

                ISymbol? Enclosing(SyntaxNode syntax) => model.GetEnclosingSymbol(syntax.SpanStart, cancellationToken);
            });
        });
    }

    /// <summary>Dapper's and db.Sql's text parameter.</summary>
    private static readonly ImmutableArray<string> s_sql = ImmutableArray.Create("sql");

    /// <summary>Microsoft.Data.Sqlite's commands take <c>$name</c>; System.Data.SQLite, Dapper and the rest <c>@name</c>.</summary>
    private static string Marker(ITypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() == "Microsoft.Data.Sqlite" ? "$" : "@";

    /// <summary>A data adapter (its select text) or Dapper's <c>CommandDefinition</c>.</summary>
    private static bool IsAdapterOrDefinition(INamedTypeSymbol type) =>
        type.Name.EndsWith("DataAdapter", StringComparison.Ordinal)
        || (type.Name == "CommandDefinition" && type.ContainingNamespace?.Name == "Dapper");

    private static Diagnostic? Judge(IReadOnlyList<SqlPieces.Piece> pieces, string marker, ISymbol? containingSymbol)
    {
        if (pieces.All(p => p.Hole is null))
        {
            string text = string.Concat(pieces.Select(p => p.Text));
            // The generator's check of [Query] SQL decides, so both say the same of the same text.
            if (UnfilteredWrites.Find(text) is (string verb, string table, _) && NamesOneRow(containingSymbol))
                return Diagnostic.Create(DiagnosticDescriptors.WriteWithoutWhere, pieces[0].Container.Syntax.GetLocation(), verb == "DELETE" ? "DELETE FROM" : verb, table);
            return null;
        }
        SqlPieces.Piece? name = null;
        for (int i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Hole is not IOperation hole)
                continue;
            switch (SqlPieces.Classify(pieces, i))
            {
                case SqlPieces.HoleKind.Value:
                    return Diagnostic.Create(DiagnosticDescriptors.ValueSpliced, pieces[i].Container.Syntax.GetLocation(), pieces[i].How, hole.Syntax.ToString(), marker + SqlPieces.ParameterName(hole));
                case SqlPieces.HoleKind.Name:
                    name ??= pieces[i];
                    break;
            }
        }
        return name is { Hole: IOperation nameHole } ? Diagnostic.Create(DiagnosticDescriptors.NameSpliced, nameHole.Syntax.GetLocation(), nameHole.Syntax.ToString()) : null;
    }

    private static readonly Regex s_clearsOnPurpose = new(@"Clear|Reset|Truncate|Purge|Wipe|Empty|All|Drop|Recreate|Rebuild|Init|Seed|Setup|SetUp|Cleanup|CleanUp|Flush|Migrat", RegexOptions.CultureInvariant);
    private static readonly Regex s_rowKey = new(@"^(id|key|rowid)$|(Id|ID|Key)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// True when the method around the statement names one row: a parameter called id/key/...Id/...Key, or an
    /// entity parameter with such a property; false when its name says it clears or resets.
    /// </summary>
    private static bool NamesOneRow(ISymbol? symbol)
    {
        IMethodSymbol? method = symbol as IMethodSymbol;
        while (method is { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && method.ContainingSymbol is IMethodSymbol outer)
            method = outer;
        if (method is null || s_clearsOnPurpose.IsMatch(method.Name))
            return false;
        return method.Parameters.Any(p => s_rowKey.IsMatch(p.Name)
            || (p.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } type
                && !type.DeclaringSyntaxReferences.IsEmpty
                && type.GetMembers().OfType<IPropertySymbol>().Any(property => s_rowKey.IsMatch(property.Name))));
    }
}

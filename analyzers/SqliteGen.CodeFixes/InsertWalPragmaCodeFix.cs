using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG201: sets WAL once, where the connections are made. WAL is stored in the database file, so one execution
/// of <c>PRAGMA journal_mode = WAL</c> covers every later connection, and the analyzer stops reporting a project
/// that sets it anywhere:
/// <list type="bullet">
/// <item>A connection built from a field or property of its class (<c>new SqliteConnection(_connectionString)</c>,
/// the repository pattern with one connection per method): the constructor that sets that member opens a connection
/// with the same arguments once and sets WAL on it, right after the assignment. Every method of the class, and
/// "fix all", make the same single edit.</item>
/// <item>Otherwise (a connection string the method builds, a factory or helper method that opens the connection):
/// the pragma runs on the connection right after the statement that opens it. <c>await connection.OpenAsync(args)</c>
/// gets <c>await ...ExecuteNonQueryAsync(args)</c>, keeping a <c>ConfigureAwait(...)</c>.</item>
/// </list>
/// Offered when the assignment or the open call is a statement of its own in a block (or at top level).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertWalPragmaCodeFix)), Shared]
public sealed class InsertWalPragmaCodeFix : SqliteGenCodeFix
{
    public InsertWalPragmaCodeFix()
        : base("SQLG201", "Set 'PRAGMA journal_mode = WAL' where the connections are made")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        BaseObjectCreationExpressionSyntax? creation = Creation(node, model, cancellationToken);
        if (creation is not null && InConstructor(root, model, creation, cancellationToken) is SyntaxNode atConstruction)
            return atConstruction;
        return node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } open ? AfterOpen(root, open, member) : null;
    }

    /// <summary>The <c>new ...Connection(...)</c> the diagnostic's connection comes from: the node itself, or the initializer of the local that is opened.</summary>
    private static BaseObjectCreationExpressionSyntax? Creation(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node is BaseObjectCreationExpressionSyntax created)
            return created;
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax connection } }
            || model.GetSymbolInfo(connection, cancellationToken).Symbol is not ILocalSymbol local)
            return null;
        foreach (SyntaxReference reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax initializer })
                return initializer;
        }
        return null;
    }

    /// <summary>
    /// When every name in the connection's arguments is a constant, a static member or an instance member of the
    /// class that a constructor in this document assigns, that constructor, right after its last such assignment,
    /// opens a connection with the same arguments and sets WAL on it. Null when the arguments use anything else.
    /// </summary>
    private static SyntaxNode? InConstructor(SyntaxNode root, SemanticModel model, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        if (creation.ArgumentList is not { Arguments.Count: > 0 } arguments
            || creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not TypeDeclarationSyntax type
            || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol connectionType)
            return null;
        var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IdentifierNameSyntax name in arguments.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            ISymbol? symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
            switch (symbol)
            {
                case IFieldSymbol { IsConst: true }:
                case IFieldSymbol { IsStatic: true }:
                case IPropertySymbol { IsStatic: true }:
                case INamedTypeSymbol or INamespaceSymbol or IMethodSymbol { IsStatic: true }:
                    break;
                case IFieldSymbol or IPropertySymbol when name.Parent is not MemberAccessExpressionSyntax { Name: var right } || right != name || IsThis(name):
                    if (!SymbolEqualityComparer.Default.Equals(symbol!.ContainingType, model.GetDeclaredSymbol(type, cancellationToken)))
                        return null;
                    members.Add(symbol);
                    break;
                case IFieldSymbol or IPropertySymbol:
                    break; // the right side of a.b: the root a decides
                default:
                    return null;
            }
        }
        if (members.Count == 0)
            return null;
        foreach (ConstructorDeclarationSyntax constructor in type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => c.Body is not null && !c.Modifiers.Any(m => m.ValueText == "static")))
        {
            if (constructor.DescendantNodes().OfType<LiteralExpressionSyntax>().Any(l => l.Token.ValueText.IndexOf("journal_mode", System.StringComparison.OrdinalIgnoreCase) >= 0))
                return null;
            ExpressionStatementSyntax? last = constructor.Body!.Statements.OfType<ExpressionStatementSyntax>()
                .LastOrDefault(s => s.Expression is AssignmentExpressionSyntax assignment
                    && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is ISymbol assigned && members.Contains(assigned));
            if (last is null)
                continue;
            string connection = StatementEdits.UnusedName("walConnection", last);
            string pragma = StatementEdits.UnusedName("walPragma", last);
            string typeName = creation is ObjectCreationExpressionSyntax explicitCreation
                ? explicitCreation.Type.ToString()
                : connectionType.ToMinimalDisplayString(model, creation.SpanStart);
            IEnumerable<StatementSyntax> block = StatementEdits.LikeStatement(last,
                $"using (var {connection} = new {typeName}{arguments})\n" +
                "{\n" +
                $"    {connection}.Open();\n" +
                $"    using (var {pragma} = {connection}.CreateCommand())\n" +
                "    {\n" +
                $"        {pragma}.CommandText = \"PRAGMA journal_mode = WAL\";\n" +
                $"        {pragma}.ExecuteNonQuery();\n" +
                "    }\n" +
                "}");
            return StatementEdits.InsertAfter(root, last, last, block);
        }
        return null;
    }

    private static bool IsThis(IdentifierNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };

    private static SyntaxNode? AfterOpen(SyntaxNode root, InvocationExpressionSyntax open, MemberAccessExpressionSyntax member)
    {
        if (open.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement || !StatementEdits.CanInsertAfter(statement))
            return null;

        // The statement must be the open call itself, awaited or not, possibly through ConfigureAwait(...).
        string? configureAwait = null;
        bool awaited = false;
        ExpressionSyntax expression = statement.Expression;
        if (expression is AwaitExpressionSyntax awaitExpression)
        {
            awaited = true;
            expression = awaitExpression.Expression;
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var awaitedCall } } configured)
            {
                configureAwait = configured.ArgumentList.ToString();
                expression = awaitedCall;
            }
        }
        return expression == open
            ? Insert(root, statement, member.Expression.ToString(), awaited ? open.ArgumentList.ToString() : null, configureAwait)
            : null;
    }

    private static SyntaxNode Insert(SyntaxNode root, ExpressionStatementSyntax open, string connection, string? asyncArguments, string? configureAwait)
    {
        string name = StatementEdits.UnusedName("walPragma", open);
        string execute = asyncArguments is null
            ? $"{name}.ExecuteNonQuery();"
            : $"await {name}.ExecuteNonQueryAsync{asyncArguments}{(configureAwait is null ? "" : ".ConfigureAwait" + configureAwait)};";
        IEnumerable<StatementSyntax> pragma = StatementEdits.LikeStatement(open,
            $"using (var {name} = {connection}.CreateCommand())\n" +
            "{\n" +
            $"    {name}.CommandText = \"PRAGMA journal_mode = WAL\";\n" +
            $"    {execute}\n" +
            "}");
        return StatementEdits.InsertAfter(root, open, open, pragma);
    }
}

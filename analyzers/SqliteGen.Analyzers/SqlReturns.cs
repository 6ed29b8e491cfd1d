using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.Analyzers;

/// <summary>
/// The text a method of the project returns, for SQL that reaches a sink as <c>BuildSql(name)</c>: the expression of
/// an expression-bodied method or local function, or of the one <c>return</c> of a block body (returns inside its
/// lambdas and local functions are theirs). Text that is the whole result of a call is read through each of them.
/// </summary>
internal static class SqlReturns
{
    /// <summary>
    /// The operations of the expressions <paramref name="method"/> returns (empty for a method not in source, or with no
    /// return). Read through <paramref name="model"/> when the method is in its tree, else through a semantic model of
    /// the method's own tree.
    /// </summary>
    public static ImmutableArray<IOperation> Returns(IMethodSymbol method, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.DeclaringSyntaxReferences.Length != 1
            || method.ReturnType.SpecialType != SpecialType.System_String)
            return ImmutableArray<IOperation>.Empty;
        SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        ExpressionSyntax[] returned = declaration switch
        {
            MethodDeclarationSyntax { ExpressionBody: { } arrow } => new[] { arrow.Expression },
            MethodDeclarationSyntax { Body: { } body } => ReturnedBy(body),
            LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => new[] { arrow.Expression },
            LocalFunctionStatementSyntax { Body: { } body } => ReturnedBy(body),
            _ => Array.Empty<ExpressionSyntax>(),
        };
        if (returned.Length == 0 || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            return ImmutableArray<IOperation>.Empty;
        SemanticModel own = declaration.SyntaxTree == model.SyntaxTree
            ? model
#pragma warning disable RS1030 // Only for a sink whose whole text a method in another file returns: rare, and that file's model is not at hand.
            : compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
        return returned.Select(expression => own.GetOperation(expression, cancellationToken)).OfType<IOperation>().ToImmutableArray();
    }

    /// <summary>The one expression <paramref name="method"/> returns; null when it has none or several (see <see cref="Returns"/>).</summary>
    public static IOperation? Returned(IMethodSymbol method, SemanticModel model, Compilation compilation, CancellationToken cancellationToken) =>
        Returns(method, model, compilation, cancellationToken) is { Length: 1 } one ? one[0] : null;

    private static ExpressionSyntax[] ReturnedBy(BlockSyntax body) =>
        body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>().Select(r => r.Expression).OfType<ExpressionSyntax>().ToArray();
}

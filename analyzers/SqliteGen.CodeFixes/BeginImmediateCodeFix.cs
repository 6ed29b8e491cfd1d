using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG203: makes the transaction immediate by dropping the <c>deferred</c> argument: <c>BeginTransaction(deferred: true)</c>
/// becomes <c>BeginTransaction()</c>, <c>BeginTransaction(level, true)</c> becomes <c>BeginTransaction(level)</c>.
/// Not offered when the isolation level is <c>ReadUncommitted</c> or not a constant: Microsoft.Data.Sqlite begins a
/// ReadUncommitted transaction with a plain (deferred) <c>BEGIN</c> whatever <c>deferred</c> says.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BeginImmediateCodeFix)), Shared]
public sealed class BeginImmediateCodeFix : SqliteGenCodeFix
{
    public BeginImmediateCodeFix()
        : base("SQLG203", "Begin an immediate transaction (BEGIN IMMEDIATE)")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax begin || model.GetSymbolInfo(begin, cancellationToken).Symbol is not IMethodSymbol method)
            return null;
        ArgumentSyntax? deferred = Bound(begin, method, "deferred");
        ArgumentSyntax? level = Bound(begin, method, "isolationLevel");
        if (deferred is null
            || (level is not null && model.GetSymbolInfo(level.Expression, cancellationToken).Symbol is not IFieldSymbol { IsConst: true, Name: not "ReadUncommitted" }))
            return null;
        return root.ReplaceNode(begin.ArgumentList, begin.ArgumentList.WithArguments(begin.ArgumentList.Arguments.Remove(deferred)));
    }

    /// <summary>The argument bound to <paramref name="parameter"/>, by name or by position.</summary>
    private static ArgumentSyntax? Bound(InvocationExpressionSyntax invocation, IMethodSymbol method, string parameter)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
        return arguments.FirstOrDefault(a => a.NameColon is { } name
            ? name.Name.Identifier.ValueText == parameter
            : arguments.IndexOf(a) < method.Parameters.Length && method.Parameters[arguments.IndexOf(a)].Name == parameter);
    }
}

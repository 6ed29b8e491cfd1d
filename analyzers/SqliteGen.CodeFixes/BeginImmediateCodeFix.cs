using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG203: makes the transaction immediate by dropping the <c>deferred</c> argument: <c>BeginTransaction(deferred: true)</c>
/// becomes <c>BeginTransaction()</c>, <c>BeginTransaction(level, true)</c> becomes <c>BeginTransaction(level)</c>.
/// Not offered when the isolation level is <c>ReadUncommitted</c> or not a constant: Microsoft.Data.Sqlite begins a
/// ReadUncommitted transaction with a plain (deferred) <c>BEGIN</c> whatever <c>deferred</c> says.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BeginImmediateCodeFix)), Shared]
public sealed class BeginImmediateCodeFix : CodeFixProvider
{
    public const string Title = "Begin an immediate transaction (BEGIN IMMEDIATE)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SQLG203");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax begin || model is null
            || model.GetSymbolInfo(begin, context.CancellationToken).Symbol is not IMethodSymbol method)
            return;

        ArgumentSyntax? deferred = Bound(begin, method, "deferred");
        ArgumentSyntax? level = Bound(begin, method, "isolationLevel");
        if (deferred is null
            || (level is not null && model.GetSymbolInfo(level.Expression, context.CancellationToken).Symbol is not IFieldSymbol { IsConst: true, Name: not "ReadUncommitted" }))
            return;

        ArgumentListSyntax arguments = begin.ArgumentList.WithArguments(begin.ArgumentList.Arguments.Remove(deferred));
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(begin.ArgumentList, arguments))), nameof(BeginImmediateCodeFix)),
            context.Diagnostics);
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

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG201: inserts the execution of <c>PRAGMA journal_mode = WAL</c> on the connection right after the
/// statement that opens it. <c>await connection.OpenAsync(args)</c> gets <c>await ...ExecuteNonQueryAsync(args)</c>,
/// keeping a <c>ConfigureAwait(...)</c>. Offered when the open call is a statement of its own, in a block or at top level.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertWalPragmaCodeFix)), Shared]
public sealed class InsertWalPragmaCodeFix : CodeFixProvider
{
    public const string Title = "Execute 'PRAGMA journal_mode = WAL' after opening";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SQLG201");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } open
            || open.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement
            || !StatementEdits.CanInsertAfter(statement))
            return;

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
        if (expression != open)
            return;

        context.RegisterCodeFix(
            CodeAction.Create(Title, token => InsertAsync(context.Document, root, statement, member.Expression.ToString(), awaited ? open.ArgumentList.ToString() : null, configureAwait, token), nameof(InsertWalPragmaCodeFix)),
            context.Diagnostics);
    }

    private static Task<Document> InsertAsync(Document document, SyntaxNode root, ExpressionStatementSyntax open, string connection, string? asyncArguments, string? configureAwait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
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
        return Task.FromResult(document.WithSyntaxRoot(StatementEdits.InsertAfter(root, open, open, pragma)));
    }
}

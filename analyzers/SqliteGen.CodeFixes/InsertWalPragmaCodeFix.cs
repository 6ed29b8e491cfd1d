using System.Collections.Generic;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG201: inserts the execution of <c>PRAGMA journal_mode = WAL</c> on the connection right after the
/// statement that opens it. <c>await connection.OpenAsync(args)</c> gets <c>await ...ExecuteNonQueryAsync(args)</c>,
/// keeping a <c>ConfigureAwait(...)</c>. Offered when the open call is a statement of its own, in a block or at top level.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertWalPragmaCodeFix)), Shared]
public sealed class InsertWalPragmaCodeFix : SqliteGenCodeFix
{
    public InsertWalPragmaCodeFix()
        : base("SQLG201", "Execute 'PRAGMA journal_mode = WAL' after opening")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } open
            || open.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement
            || !StatementEdits.CanInsertAfter(statement))
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

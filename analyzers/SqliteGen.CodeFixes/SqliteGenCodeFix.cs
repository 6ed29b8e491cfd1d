using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SqliteGen.CodeFixes;

/// <summary>
/// The shape every SqliteGen fix shares: its diagnostic ids, one action whose equivalence key is the provider's
/// name (so "fix all" groups it), batch fix-all, and a decision, from the node the diagnostic is on, whether the
/// fix is mechanical there. A fix that is not returns null and is not offered.
/// </summary>
public abstract class SqliteGenCodeFix : CodeFixProvider
{
    /// <summary>The namespace of SqliteGen's attributes, which fixes add or look for.</summary>
    protected const string AttributeNamespace = "SqliteGen";

    private readonly string _title;

    protected SqliteGenCodeFix(string diagnosticId, string title)
        : this(new[] { diagnosticId }, title)
    {
    }

    protected SqliteGenCodeFix(string[] diagnosticIds, string title)
    {
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds);
        _title = title;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        SyntaxNode? fixedRoot = Fix(root, model, root.FindNode(context.Span, getInnermostNodeForTie: true), context.Diagnostics[0], context.CancellationToken);
        if (fixedRoot is null)
            return;
        Document fixedDocument = context.Document.WithSyntaxRoot(fixedRoot);
        context.RegisterCodeFix(CodeAction.Create(_title, _ => Task.FromResult(fixedDocument), GetType().Name), context.Diagnostics);
    }

    /// <summary>The fixed root for <paramref name="diagnostic"/>, on <paramref name="node"/>; null where the fix is not mechanical.</summary>
    protected abstract SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken);
}

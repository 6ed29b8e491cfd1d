using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG016: writes the tables a database takes today into its attribute, <c>Tables = new[] { typeof(A), typeof(B) }</c>,
/// so nothing changes until the developer removes the ones that belong to the other database. The names come with the
/// diagnostic (fully qualified) and are shortened by the simplifier where a <c>using</c> allows. Not offered when the
/// database takes no table yet (an empty list would say nothing), or when the attribute already names <c>Tables</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListTablesCodeFix)), Shared]
public sealed class ListTablesCodeFix : SqliteGenCodeFix
{
    public ListTablesCodeFix()
        : base("SQLG016", "List the tables this database takes")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute
            || !diagnostic.Properties.TryGetValue("Tables", out string? tables) || string.IsNullOrEmpty(tables))
        {
            return null;
        }
        if (attribute.ArgumentList?.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText == "Tables") == true)
            return null;
        string list = "Tables = new[] { " + string.Join(", ", tables!.Split(';').Select(t => $"typeof({t})")) + " }";
        string existing = attribute.ArgumentList is { Arguments.Count: > 0 } arguments ? arguments.Arguments.ToString() + ", " : "";
        if (SyntaxFactory.ParseAttributeArgumentList("(" + existing + list + ")") is not { } replacement)
            return null;
        replacement = replacement.ReplaceNodes(
            replacement.DescendantNodes().OfType<TypeOfExpressionSyntax>().Select(t => t.Type),
            (_, type) => type.WithAdditionalAnnotations(Simplifier.Annotation));
        if (attribute.ArgumentList is { } old)
            replacement = replacement.WithTriviaFrom(old);
        return root.ReplaceNode(attribute, attribute.WithArgumentList(replacement));
    }
}

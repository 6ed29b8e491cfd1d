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
/// SQLG102: indexes the foreign-key member by adding <c>Indexed</c> to the attribute list that holds its
/// <c>[References]</c> (<c>[References(typeof(Topic))] long TopicId</c> becomes <c>[References(typeof(Topic)), Indexed] long TopicId</c>),
/// on a record parameter or a property. The rest of the line is left as it was. Not offered when the member has no
/// <c>[References]</c> written on it (nothing to add to) or already asks for an index (<c>[Indexed]</c>/<c>[Unique]</c>:
/// the analyzer would not have reported it; a stale diagnostic is left alone).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddIndexedCodeFix)), Shared]
public sealed class AddIndexedCodeFix : SqliteGenCodeFix
{
    public AddIndexedCodeFix()
        : base("SQLG102", "Add [Indexed] to the foreign key")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxList<AttributeListSyntax> lists = node.FirstAncestorOrSelf<SyntaxNode>(n => n is ParameterSyntax or PropertyDeclarationSyntax) switch
        {
            ParameterSyntax parameter => parameter.AttributeLists,
            PropertyDeclarationSyntax property => property.AttributeLists,
            _ => default,
        };
        AttributeListSyntax? holder = null;
        foreach (AttributeListSyntax list in lists)
        {
            foreach (AttributeSyntax attribute in list.Attributes)
            {
                string? name = AttributeName(model, attribute, cancellationToken);
                if (name is "IndexedAttribute" or "UniqueAttribute")
                    return null;
                if (name == "ReferencesAttribute")
                    holder ??= list;
            }
        }
        if (holder is null)
            return null;

        // "Indexed" where it binds to SqliteGen's attribute (the usual 'using SqliteGen;'), else fully qualified and simplified.
        NameSyntax indexedName = BindsToSqliteGen(model, holder.SpanStart, cancellationToken)
            ? SyntaxFactory.IdentifierName("Indexed")
            : SyntaxFactory.ParseName("global::SqliteGen.Indexed").WithAdditionalAnnotations(Simplifier.Annotation);
        // ", Indexed" after the last attribute (SeparatedSyntaxList.Add would write a comma without the space).
        SyntaxNodeOrTokenList items = holder.Attributes.GetWithSeparators()
            .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))
            .Add(SyntaxFactory.Attribute(indexedName));
        return root.ReplaceNode(holder, holder.WithAttributes(SyntaxFactory.SeparatedList<AttributeSyntax>(items)));
    }

    /// <summary>The metadata name of a SqliteGen attribute (<c>ReferencesAttribute</c>), or null for anything else.</summary>
    private static string? AttributeName(SemanticModel model, AttributeSyntax attribute, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } type }
        && type.ContainingNamespace?.ToDisplayString() == AttributeNamespace
            ? type.Name
            : null;

    private static bool BindsToSqliteGen(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ISymbol[] found = model.LookupNamespacesAndTypes(position, name: "IndexedAttribute").ToArray();
        return found.Length == 1 && found[0].ContainingNamespace?.ToDisplayString() == AttributeNamespace
            && model.LookupNamespacesAndTypes(position, name: "Indexed").IsEmpty; // "Indexed" alone could mean that type instead
    }
}

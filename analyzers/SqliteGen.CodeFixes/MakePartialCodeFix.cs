using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG001, SQLG008, SQLG309: adds the missing <c>partial</c> to a <c>[Table]</c> record, a <c>[SqliteDatabase]</c>
/// class or a <c>[SqliteQueries]</c> class, and to every type it is nested in (the generator adds a part to each).
/// Offered only where <c>partial</c> is all that is wrong: not for a <c>[Table]</c> class (it must become a record), a
/// record database or query class, a generic, static, abstract or file-local type, a type nested in a generic one, a
/// private or protected table (or one nested in such a type), or
/// when every declaration is already partial (then the rule is about something else, such as the database a query
/// class names).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : SqliteGenCodeFix
{
    public MakePartialCodeFix()
        : base(new[] { "SQLG001", "SQLG008", "SQLG309" }, "Declare the type partial")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type || !Fixable(type, diagnostic.Id))
            return null;
        var lacking = new List<TypeDeclarationSyntax>();
        for (TypeDeclarationSyntax? current = type; current is not null; current = current.Parent as TypeDeclarationSyntax)
        {
            if (current.TypeParameterList is not null)
                return null; // a generic type (or one nested in it) stays wrong with partial
            if (diagnostic.Id == "SQLG001" && (current.Modifiers.Any(SyntaxKind.PrivateKeyword) || current.Modifiers.Any(SyntaxKind.ProtectedKeyword)))
                return null; // a table the database class cannot expose stays wrong with partial
            if (!current.Modifiers.Any(SyntaxKind.PartialKeyword))
                lacking.Add(current);
        }
        if (lacking.Count == 0)
            return null;
        return root.ReplaceNodes(lacking, (_, rewritten) => AddPartial(rewritten));
    }

    /// <summary>Whether the declaration has the shape its rule asks for, but for <c>partial</c>.</summary>
    private static bool Fixable(TypeDeclarationSyntax type, string id)
    {
        SyntaxTokenList modifiers = type.Modifiers;
        if (modifiers.Any(SyntaxKind.StaticKeyword) || modifiers.Any(SyntaxKind.FileKeyword))
            return false;
        return id switch
        {
            "SQLG001" => type is RecordDeclarationSyntax && !modifiers.Any(SyntaxKind.AbstractKeyword),
            _ => type is ClassDeclarationSyntax, // SQLG008, SQLG309: a class, not a record
        };
    }

    /// <summary>
    /// <c>partial</c> as the last modifier, right before <c>class</c>/<c>record</c> (where C# wants it), keeping the
    /// declaration's leading trivia (indentation, comments) in front of whatever comes first.
    /// </summary>
    internal static TDeclaration AddPartial<TDeclaration>(TDeclaration type)
        where TDeclaration : TypeDeclarationSyntax
    {
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count > 0)
            return (TDeclaration)type.WithModifiers(type.Modifiers.Add(partial));
        SyntaxToken keyword = type.Keyword;
        return (TDeclaration)type
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}

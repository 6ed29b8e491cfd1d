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
/// SQLG308 for a <c>[Query]</c> method whose class is neither the database nor linked to one: adds
/// <c>[SqliteQueries(typeof(AppDb))]</c> to the class (and <c>partial</c> where it lacks it), naming the one
/// <c>[SqliteDatabase]</c> class of the project. Not offered for SQLG308's other cases (the method itself is wrong), for
/// a class that already has either attribute, a record, a static or generic class, or when the project has no database
/// class or several (which one is meant is the user's choice).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LinkQueryClassCodeFix)), Shared]
public sealed class LinkQueryClassCodeFix : SqliteGenCodeFix
{
    public LinkQueryClassCodeFix()
        : base("SQLG308", "Link the class to the database with [SqliteQueries]")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Parent is not ClassDeclarationSyntax type
            || type.TypeParameterList is not null || type.Modifiers.Any(SyntaxKind.StaticKeyword)
            || model.GetDeclaredSymbol(type, cancellationToken) is not { } symbol
            || symbol.GetAttributes().Any(a => IsSqliteGenAttribute(a.AttributeClass, "SqliteDatabaseAttribute") || IsSqliteGenAttribute(a.AttributeClass, "SqliteQueriesAttribute")))
        {
            return null;
        }
        // The project's own types, nested ones included.
        INamedTypeSymbol[] databases = model.Compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken)
            .OfType<INamedTypeSymbol>()
            .Where(t => t.GetAttributes().Any(a => IsSqliteGenAttribute(a.AttributeClass, "SqliteDatabaseAttribute")))
            .Take(2)
            .ToArray();
        if (databases.Length != 1)
            return null;

        // [global::SqliteGen.SqliteQueries(typeof(global::App.AppDb))], simplified to what the file's usings allow.
        AttributeSyntax attribute = SyntaxFactory.Attribute(
            SyntaxFactory.ParseName("global::SqliteGen.SqliteQueries"),
            SyntaxFactory.ParseAttributeArgumentList("(typeof(" + databases[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "))"));
        SyntaxToken first = type.GetFirstToken();
        SyntaxTriviaList indentation = SyntaxFactory.TriviaList(first.LeadingTrivia.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
            .WithLeadingTrivia(first.LeadingTrivia)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))
            .WithAdditionalAnnotations(Simplifier.Annotation);

        ClassDeclarationSyntax linked = type.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        linked = linked.WithAttributeLists(linked.AttributeLists.Insert(0, list));
        if (!linked.Modifiers.Any(SyntaxKind.PartialKeyword))
            linked = MakePartialCodeFix.AddPartial(linked);
        return root.ReplaceNode(type, linked);
    }

    private static bool IsSqliteGenAttribute(INamedTypeSymbol? type, string name) =>
        type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == AttributeNamespace;
}

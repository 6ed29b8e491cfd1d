using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SqliteGen.CodeFixes;

/// <summary>Small helpers the fixes share: a name nothing in scope uses, and the layout of the statement they insert after.</summary>
internal static class Names
{
    /// <summary>
    /// <paramref name="wanted"/>, or it with the first free number appended, such that no identifier anywhere in
    /// <paramref name="scope"/> is spelled the same (so the new local neither shadows nor clashes).
    /// </summary>
    public static string Unused(string wanted, SyntaxNode scope)
    {
        var taken = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        string name = wanted;
        for (int n = 2; taken.Contains(name); n++)
            name = wanted + n.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary>The whitespace that indents <paramref name="statement"/>'s first line.</summary>
    public static string IndentOf(SyntaxNode statement) =>
        statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();

    /// <summary>The line break that ends <paramref name="statement"/> (the document's own style), or "\n".</summary>
    public static string NewLineAfter(SyntaxNode statement)
    {
        SyntaxTrivia endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine.ToString() : "\n";
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.CodeFixes;

/// <summary>
/// What the fixes share: inserting statements after a statement of a block or of a top-level program, in the
/// layout of that statement, with local names nothing in scope uses.
/// </summary>
internal static class StatementEdits
{
    /// <summary>True when statements can be inserted after <paramref name="statement"/>: it is in a block or is a top-level statement.</summary>
    public static bool CanInsertAfter(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or GlobalStatementSyntax { Parent: CompilationUnitSyntax };

    /// <summary>
    /// <paramref name="root"/> with <paramref name="statement"/> replaced by <paramref name="replacement"/> and
    /// followed by <paramref name="added"/>. Requires <see cref="CanInsertAfter"/>.
    /// </summary>
    public static SyntaxNode InsertAfter(SyntaxNode root, StatementSyntax statement, StatementSyntax replacement, IEnumerable<StatementSyntax> added)
    {
        if (statement.Parent is BlockSyntax block)
        {
            int at = block.Statements.IndexOf(statement);
            SyntaxList<StatementSyntax> statements = block.Statements.RemoveAt(at).InsertRange(at, new[] { replacement }.Concat(added));
            return root.ReplaceNode(block, block.WithStatements(statements));
        }
        var global = (GlobalStatementSyntax)statement.Parent!;
        var unit = (CompilationUnitSyntax)global.Parent!;
        int index = unit.Members.IndexOf(global);
        SyntaxList<MemberDeclarationSyntax> members = unit.Members.RemoveAt(index)
            .InsertRange(index, new MemberDeclarationSyntax[] { global.WithStatement(replacement) }.Concat(added.Select(SyntaxFactory.GlobalStatement)));
        return root.ReplaceNode(unit, unit.WithMembers(members));
    }

    /// <summary>
    /// <paramref name="wanted"/>, or it with the first free number appended, such that no identifier in the
    /// member around <paramref name="statement"/> (the whole file for top-level statements) is spelled the same,
    /// so the new local neither shadows nor clashes.
    /// </summary>
    public static string UnusedName(string wanted, StatementSyntax statement)
    {
        SyntaxNode scope = statement.Parent is GlobalStatementSyntax
            ? statement.SyntaxTree.GetRoot()
            : statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)statement.Parent!;
        var taken = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        string name = wanted;
        for (int n = 2; taken.Contains(name); n++)
            name = wanted + n.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary>New statements from text, one per line, laid out like <paramref name="statement"/>: its indentation and line break.</summary>
    public static IEnumerable<StatementSyntax> LikeStatement(StatementSyntax statement, params string[] lines)
    {
        string indent = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
        SyntaxTrivia endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        string newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine.ToString() : "\n";
        return lines.Select(line => SyntaxFactory.ParseStatement(indent + line.Replace("\n", newLine + indent) + newLine));
    }
}

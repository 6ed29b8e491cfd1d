using System.Composition;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG302: says that every row is meant, by ending the UPDATE or DELETE statement with <c>WHERE true</c>
/// (<c>"DELETE FROM sessions"</c> becomes <c>"DELETE FROM sessions WHERE true"</c>). Offered on a plain or verbatim
/// string literal whose statement has no clause that must come after WHERE (RETURNING, ORDER BY, LIMIT, UPDATE ... FROM),
/// literal or comment.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WhereTrueCodeFix)), Shared]
public sealed class WhereTrueCodeFix : SqliteGenCodeFix
{
    public WhereTrueCodeFix()
        : base("SQLG302", "Change every row on purpose (WHERE true)")
    {
    }

    private static readonly Regex s_write = new(@"^\s*(?<verb>UPDATE|DELETE\s+FROM)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_where = new(@"\bWHERE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_afterWhere = new(@"\b(?:RETURNING|ORDER\s+BY|LIMIT)\b|'|""|--|/\*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
            || literal.Token.Text.StartsWith("\"\"\"", System.StringComparison.Ordinal))
            return null;
        string sql = literal.Token.ValueText;
        int start = 0;
        int? at = null;
        foreach (string statement in sql.Split(';'))
        {
            Match write = s_write.Match(statement);
            if (write.Success && !s_where.IsMatch(statement))
            {
                // A clause that must follow WHERE, a literal, a comment, or UPDATE ... FROM: where WHERE goes is not plain.
                if (s_afterWhere.IsMatch(statement) || (write.Groups["verb"].Value.StartsWith("U", System.StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(statement, @"\bFROM\b", RegexOptions.IgnoreCase)))
                    return null;
                at = start + statement.TrimEnd().Length;
                break;
            }
            start += statement.Length + 1;
        }
        if (at is not int position)
            return null;
        string fixedSql = sql.Substring(0, position) + " WHERE true" + sql.Substring(position);
        SyntaxToken token = literal.Token.Text.StartsWith("@", System.StringComparison.Ordinal)
            ? SyntaxFactory.Literal("@\"" + fixedSql.Replace("\"", "\"\"") + "\"", fixedSql)
            : SyntaxFactory.Literal(fixedSql);
        return root.ReplaceNode(literal, literal.WithToken(token.WithTriviaFrom(literal.Token)));
    }
}

using System;
using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Simplification;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG301: rewrites an interpolated <c>SqliteCommand</c> text into parameters. Each non-constant hole becomes
/// <c>$name</c> (named after the variable or member, else <c>$p0</c>, <c>$p1</c>, ...; a quoted <c>'{x}'</c>
/// loses its quotes) and a <c>command.Parameters.AddWithValue("$name", value)</c> statement follows the
/// statement that sets the text. Offered only where that is mechanical (<see cref="Rewrite"/>); docs/rules/SQLG301.md
/// lists when it is not.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InterpolationToParametersCodeFix)), Shared]
public sealed class InterpolationToParametersCodeFix : SqliteGenCodeFix
{
    public InterpolationToParametersCodeFix()
        : base("SQLG301", "Pass the interpolated values as parameters")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not InterpolatedStringExpressionSyntax sql)
            return null;
        if (FindDapperCall(sql, model, cancellationToken) is ArgumentSyntax sqlArgument)
        {
            return Rewrite(sql, model, cancellationToken, '@') is (ExpressionSyntax dapperText, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values)
                ? ApplyDapper(root, sql, sqlArgument, dapperText, values)
                : null;
        }
        if (FindTarget(sql, model, cancellationToken) is not (StatementSyntax statement, string command, char marker)
            || Rewrite(sql, model, cancellationToken, marker) is not (ExpressionSyntax text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> parameters))
            return null;
        return Apply(root, sql, text, statement, command, marker, parameters);
    }

    /// <summary>
    /// The <c>sql</c> argument of a Dapper call (<c>connection.Execute($"...")</c>, <c>Query</c>, ...) that passes no
    /// <c>param</c> yet and has only named arguments after the text, so an anonymous object can follow it.
    /// </summary>
    private static ArgumentSyntax? FindDapperCall(InterpolatedStringExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        if (sql.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list } argument
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || method.ContainingType is not { Name: "SqlMapper", ContainingNamespace.Name: "Dapper" })
            return null;
        IMethodSymbol definition = method.ReducedFrom ?? method;
        int offset = method.ReducedFrom is null ? 0 : 1;
        int index = list.Arguments.IndexOf(argument);
        string? parameterName = argument.NameColon?.Name.Identifier.ValueText
            ?? (index + offset < definition.Parameters.Length ? definition.Parameters[index + offset].Name : null);
        if (parameterName != "sql" || !definition.Parameters.Any(p => p.Name == "param"))
            return null;
        bool onlyNamedAfter = list.Arguments.Skip(index + 1).All(a => a.NameColon is not null);
        bool passesParam = list.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "param");
        return onlyNamedAfter && !passesParam ? argument : null;
    }

    /// <summary>The text rewritten, followed by <c>new { email, id = user.Id }</c> (named <c>param:</c> when named arguments follow).</summary>
    private static SyntaxNode ApplyDapper(SyntaxNode root, InterpolatedStringExpressionSyntax sql, ArgumentSyntax sqlArgument, ExpressionSyntax text,
        IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values)
    {
        var list = (ArgumentListSyntax)sqlArgument.Parent!;
        string members = string.Join(", ", values.Select(v => v.Value is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == v.Name ? v.Name : $"{v.Name} = {v.Value}"));
        bool named = list.Arguments.Count > list.Arguments.IndexOf(sqlArgument) + 1;
        ArgumentSyntax param = SyntaxFactory.Argument(SyntaxFactory.ParseExpression($"new {{ {members} }}"));
        if (named)
            param = param.WithNameColon(SyntaxFactory.NameColon("param"));
        ArgumentSyntax rewritten = sqlArgument.ReplaceNode(sql, text);
        SeparatedSyntaxList<ArgumentSyntax> arguments = list.Arguments.Replace(sqlArgument, rewritten).Insert(list.Arguments.IndexOf(sqlArgument) + 1, param.WithLeadingTrivia(SyntaxFactory.Space));
        return root.ReplaceNode(list, list.WithArguments(arguments));
    }

    /// <summary>
    /// The statement after which the parameters are added and the expression naming the command: either
    /// <c>command.CommandText = $"...";</c> (the command a local, parameter, field or <c>this.</c> member) or a
    /// local declaration <c>var command = new SqliteCommand($"...", ...)</c> / <c>new SqliteCommand { CommandText = $"..." }</c>.
    /// The statement must sit in a block or at top level, and the command must be Microsoft.Data.Sqlite's.
    /// </summary>
    private static (StatementSyntax Statement, string Command, char Marker)? FindTarget(InterpolatedStringExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode parent = sql.Parent!;
        ExpressionSyntax? command = null;
        StatementSyntax? statement = null;
        string? commandName = null;
        switch (parent)
        {
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target, Parent: ExpressionStatementSyntax expressionStatement } assignment
                when assignment.Right == sql && IsPlainReference(target.Expression):
                command = target.Expression;
                statement = expressionStatement;
                commandName = target.Expression.ToString();
                break;
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "CommandText" }, Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax creation } } assignment
                when assignment.Right == sql:
                (statement, commandName) = DeclaredBy(creation);
                command = creation;
                break;
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax creation } }:
                (statement, commandName) = DeclaredBy(creation);
                command = creation;
                break;
        }
        if (command is null || statement is null || commandName is null || !StatementEdits.CanInsertAfter(statement))
            return null;
        ITypeSymbol? type = model.GetTypeInfo(command, cancellationToken).Type;
        for (; type is not null; type = type.BaseType)
        {
            if (type.Name == "SqliteCommand" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Data.Sqlite")
                return (statement, commandName, '$');
            if (type.Name == "SQLiteCommand" && type.ContainingNamespace?.ToDisplayString() == "System.Data.SQLite")
                return (statement, commandName, '@');
        }
        return null;
    }

    /// <summary>The single-variable local declaration (with or without <c>using</c>) whose value is <paramref name="creation"/>.</summary>
    private static (StatementSyntax? Statement, string? Name) DeclaredBy(ObjectCreationExpressionSyntax creation) =>
        creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
        && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
            ? (declaration, declarator.Identifier.ValueText)
            : (null, null);

    /// <summary>A command named without side effects, so naming it again in <c>AddWithValue</c> statements is the same command.</summary>
    private static bool IsPlainReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name: IdentifierNameSyntax } => true,
        _ => false,
    };

    private static readonly Regex s_valueBefore = new(@"(?:[=<>!(,+\-*/%|]|\b(?:WHERE|AND|OR|NOT|IS|LIKE|GLOB|BETWEEN|VALUES|SELECT|THEN|ELSE|WHEN|CASE|LIMIT|OFFSET|ESCAPE|RETURNING)\b)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_listBefore = new(@"\bIN\s*\(\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_valueAfter = new(@"^(?:$|[\s),;=<>!+\-*/%|])", RegexOptions.CultureInvariant);
    private static readonly Regex s_existingParameter = new(@"[$:@](?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    /// <summary>
    /// The new text and the parameters to add; null when a hole is not plainly a value: it has an alignment or
    /// format, stands where a name goes (after FROM, ORDER BY, a dot, inside a word or a quoted name), is part of a
    /// longer string literal (<c>'%{x}%'</c>) or fills an <c>IN (...)</c> list. Constant holes stay as they are.
    /// </summary>
    internal static (ExpressionSyntax Text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> Parameters)? Rewrite(
        InterpolatedStringExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken, char marker)
    {
        var source = new StringBuilder();   // the new contents, as written in C#
        var sqlSoFar = new StringBuilder(); // the SQL the contents stand for, to read the context of each hole
        var parameters = new List<(string Name, ExpressionSyntax Value, bool MaybeNull)>();
        var byExpression = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(s_existingParameter.Matches(sql.ToString()).Cast<Match>().Select(m => m.Groups["name"].Value), StringComparer.OrdinalIgnoreCase);
        bool keptHoles = false;
        bool skipOpeningQuote = false;
        for (int i = 0; i < sql.Contents.Count; i++)
        {
            switch (sql.Contents[i])
            {
                case InterpolatedStringTextSyntax text:
                    string written = text.TextToken.Text;
                    string value = text.TextToken.ValueText;
                    if (skipOpeningQuote)
                    {
                        written = written.Substring(1);
                        value = value.Substring(1);
                        skipOpeningQuote = false;
                    }
                    source.Append(written);
                    sqlSoFar.Append(value);
                    break;
                case InterpolationSyntax hole when hole.AlignmentClause is not null || hole.FormatClause is not null:
                    return null;
                case InterpolationSyntax hole when model.GetConstantValue(hole.Expression, cancellationToken) is { HasValue: true } constant:
                    keptHoles = true;
                    source.Append(hole.ToString());
                    sqlSoFar.Append(Convert.ToString(constant.Value, CultureInfo.InvariantCulture));
                    break;
                case InterpolationSyntax hole:
                    string before = sqlSoFar.ToString();
                    InterpolatedStringTextSyntax? next = i + 1 < sql.Contents.Count ? sql.Contents[i + 1] as InterpolatedStringTextSyntax : null;
                    string after = next?.TextToken.ValueText ?? "";
                    if (before.Count(c => c == '"') % 2 == 1)
                        return null; // inside a quoted name
                    if (before.Count(c => c == '\'') % 2 == 1)
                    {
                        // Only a whole literal, '{x}', becomes a parameter: its quotes go (written as plain ', not \').
                        string writtenSoFar = source.ToString();
                        if (!before.EndsWith("'", StringComparison.Ordinal) || !after.StartsWith("'", StringComparison.Ordinal)
                            || !writtenSoFar.EndsWith("'", StringComparison.Ordinal) || writtenSoFar.EndsWith("\\'", StringComparison.Ordinal)
                            || next?.TextToken.Text.StartsWith("'", StringComparison.Ordinal) != true)
                            return null;
                        source.Length--;
                        sqlSoFar.Length--;
                        before = before.Substring(0, before.Length - 1);
                        after = after.Substring(1);
                        skipOpeningQuote = true;
                    }
                    if (!s_valueBefore.IsMatch(before) || s_listBefore.IsMatch(before) || !s_valueAfter.IsMatch(after))
                        return null;
                    string key = hole.Expression.ToString();
                    if (!byExpression.TryGetValue(key, out string? name) || !IsPlainValue(hole.Expression))
                    {
                        name = NewName(hole.Expression, taken, parameters.Count);
                        byExpression[key] = name;
                        parameters.Add((name, hole.Expression.WithoutTrivia(), MaybeNull(hole.Expression, model, cancellationToken)));
                    }
                    source.Append(marker).Append(name);
                    sqlSoFar.Append(marker).Append(name);
                    break;
            }
        }

        if (parameters.Count == 0)
            return null;
        string start = sql.StringStartToken.Text;
        string end = sql.StringEndToken.Text;
        bool raw = start.Contains("\"\"\"");
        string contents = source.ToString();
        if (!keptHoles && !raw)
        {
            // No hole left: an ordinary literal ("..." or @"..."), with the braces no longer escaped.
            start = start.Replace("$", "");
            contents = contents.Replace("{{", "{").Replace("}}", "}");
        }
        else if (!keptHoles && contents.IndexOfAny(new[] { '{', '}' }) < 0)
        {
            start = start.Replace("$", ""); // a raw literal without braces needs no '$'
        }
        ExpressionSyntax rewritten = SyntaxFactory.ParseExpression(start + contents + end).WithTriviaFrom(sql);
        return (rewritten, parameters);
    }

    /// <summary>A variable or member read: the same text is the same value, so it gets one parameter.</summary>
    private static bool IsPlainValue(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax || (expression is MemberAccessExpressionSyntax member && IsPlainValue(member.Expression)) || expression is ThisExpressionSyntax;

    /// <summary>The variable's or member's name in camelCase (<c>user.Email</c> -> <c>email</c>), else <c>p{index}</c>; numbered when taken.</summary>
    private static string NewName(ExpressionSyntax expression, HashSet<string> taken, int index)
    {
        string? name = expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => null,
        };
        name = name is { Length: > 0 } && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'))
            ? char.ToLowerInvariant(name[0]) + name.Substring(1)
            : "p" + index.ToString(CultureInfo.InvariantCulture);
        string unique = name;
        for (int n = 2; !taken.Add(unique); n++)
            unique = name + n.ToString(CultureInfo.InvariantCulture);
        return unique;
    }

    /// <summary>True when the value may be null: Microsoft.Data.Sqlite refuses a null parameter value, so it becomes DBNull.</summary>
    private static bool MaybeNull(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        TypeInfo info = model.GetTypeInfo(expression, cancellationToken);
        return info.Type is { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }
            || (info.Type is { IsReferenceType: true } && info.Nullability.FlowState == NullableFlowState.MaybeNull);
    }

    private static SyntaxNode Apply(SyntaxNode root, InterpolatedStringExpressionSyntax sql, ExpressionSyntax text, StatementSyntax statement, string command, char marker,
        IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> parameters)
    {
        IEnumerable<StatementSyntax> added = StatementEdits.LikeStatement(statement, parameters
            .Select(p => $"{command}.Parameters.AddWithValue(\"{marker}{p.Name}\", {(p.MaybeNull ? $"{p.Value} ?? (object)System.DBNull.Value" : p.Value.ToString())});")
            .ToArray());
        // System.DBNull.Value reads DBNull.Value where 'using System;' is in scope.
        added = added.Select(add => add.ReplaceNodes(
            add.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.ToString() == "System.DBNull.Value"),
            (_, m) => m.WithAdditionalAnnotations(Simplifier.Annotation)));
        return StatementEdits.InsertAfter(root, statement, statement.ReplaceNode(sql, text), added);
    }
}

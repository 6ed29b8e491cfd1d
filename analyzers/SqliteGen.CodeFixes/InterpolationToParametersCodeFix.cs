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
/// statement that sets the text; given to Dapper, the values follow the text as an anonymous object, and given to
/// SqliteGen's <c>db.Sql</c> (interpolated or concatenated), as a <c>SqlParameters</c>. Offered only where that is
/// mechanical (<see cref="Rewrite"/>); docs/rules/SQLG301.md lists when it is not.
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
        if (node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } concatenation)
        {
            // A concatenation is rewritten for db.Sql only: its parameters go in the same call, so nothing moves.
            return FindCall(concatenation, model, cancellationToken) is (ArgumentSyntax concatenated, CallKind.DatabaseSql)
                && Rewrite(concatenation, model, cancellationToken, '$') is (ExpressionSyntax sqlText, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> named)
                && named.All(v => SqlParametersCanAdd(v.Value, concatenation.SpanStart, model))
                ? ApplyToCall(root, concatenation, concatenated, sqlText, named, CallKind.DatabaseSql)
                : null;
        }
        if (node is not InterpolatedStringExpressionSyntax sql)
            return null;
        if (FindCall(sql, model, cancellationToken) is (ArgumentSyntax sqlArgument, CallKind kind))
        {
            char callMarker = kind == CallKind.Dapper ? '@' : '$';
            return Rewrite(sql, model, cancellationToken, callMarker) is (ExpressionSyntax callText, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values)
                && (kind == CallKind.Dapper || values.All(v => SqlParametersCanAdd(v.Value, sql.SpanStart, model)))
                ? ApplyToCall(root, sql, sqlArgument, callText, values, kind)
                : null;
        }
        if (FindTarget(sql, model, cancellationToken) is not (StatementSyntax statement, string command, char marker)
            || Rewrite(sql, model, cancellationToken, marker) is not (ExpressionSyntax text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> parameters))
            return null;
        return Apply(root, sql, text, statement, command, marker, parameters);
    }

    /// <summary>A call that takes its values beside the text: Dapper's (an anonymous object) or SqliteGen's <c>db.Sql</c> (<c>SqlParameters</c>).</summary>
    private enum CallKind { Dapper, DatabaseSql }

    /// <summary>
    /// The <c>sql</c> argument of a Dapper call (<c>connection.Execute($"...")</c>, <c>Query</c>, ...) or of <c>db.Sql</c>
    /// (<c>Query</c>, <c>QuerySingle</c>, <c>Execute</c>, their async forms) that passes no values yet (<c>param</c>,
    /// <c>parameters</c>) and has only named arguments after the text, so the values can follow it.
    /// </summary>
    private static (ArgumentSyntax Argument, CallKind Kind)? FindCall(ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        if (sql.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list } argument
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            return null;
        (CallKind kind, string valuesName) = method.ContainingType switch
        {
            { Name: "SqlMapper", ContainingNamespace: { Name: "Dapper", ContainingNamespace.IsGlobalNamespace: true } } => (CallKind.Dapper, "param"),
            { Name: "DatabaseSql", ContainingNamespace: { Name: "SqliteGen", ContainingNamespace.IsGlobalNamespace: true } } => (CallKind.DatabaseSql, "parameters"),
            _ => ((CallKind)(-1), ""),
        };
        if (valuesName.Length == 0)
            return null;
        IMethodSymbol definition = method.ReducedFrom ?? method;
        int offset = method.ReducedFrom is null ? 0 : 1;
        int index = list.Arguments.IndexOf(argument);
        string? parameterName = argument.NameColon?.Name.Identifier.ValueText
            ?? (index + offset < definition.Parameters.Length ? definition.Parameters[index + offset].Name : null);
        if (parameterName != "sql" || !definition.Parameters.Any(p => p.Name == valuesName))
            return null;
        bool onlyNamedAfter = list.Arguments.Skip(index + 1).All(a => a.NameColon is not null);
        bool passesValues = list.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == valuesName);
        return onlyNamedAfter && !passesValues ? (argument, kind) : null;
    }

    /// <summary>
    /// True when <c>SqlParameters.Add(name, value)</c> binds for <paramref name="value"/> where the text is: SqlParameters
    /// takes the stored types (text, integers, reals, bool, blobs, Guid, decimal, dates and times, lists) and not, say,
    /// an enum or an <c>object</c>, which would not compile.
    /// </summary>
    private static bool SqlParametersCanAdd(ExpressionSyntax value, int position, SemanticModel model)
    {
        ExpressionSyntax probe = SyntaxFactory.ParseExpression($"new global::SqliteGen.SqlParameters().Add(\"p\", {value})");
        return model.GetSpeculativeSymbolInfo(position, probe, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol;
    }

    /// <summary>
    /// The text rewritten, followed by the values: for Dapper <c>new { email, id = user.Id }</c>, for <c>db.Sql</c>
    /// <c>new SqlParameters { { "email", email }, { "id", user.Id } }</c> (named <c>param:</c>/<c>parameters:</c> when named
    /// arguments follow).
    /// </summary>
    private static SyntaxNode ApplyToCall(SyntaxNode root, ExpressionSyntax sql, ArgumentSyntax sqlArgument, ExpressionSyntax text,
        IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values, CallKind kind)
    {
        var list = (ArgumentListSyntax)sqlArgument.Parent!;
        ExpressionSyntax valuesExpression;
        if (kind == CallKind.Dapper)
        {
            string members = string.Join(", ", values.Select(v => v.Value is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == v.Name ? v.Name : $"{v.Name} = {v.Value}"));
            valuesExpression = SyntaxFactory.ParseExpression($"new {{ {members} }}");
        }
        else
        {
            string entries = string.Join(", ", values.Select(v => $"{{ \"{v.Name}\", {v.Value} }}"));
            var creation = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression($"new global::SqliteGen.SqlParameters {{ {entries} }}");
            valuesExpression = creation.WithType(creation.Type.WithAdditionalAnnotations(Simplifier.Annotation));
        }
        bool named = list.Arguments.Count > list.Arguments.IndexOf(sqlArgument) + 1;
        ArgumentSyntax argument = SyntaxFactory.Argument(valuesExpression);
        if (named)
            argument = argument.WithNameColon(SyntaxFactory.NameColon(kind == CallKind.Dapper ? "param" : "parameters"));
        ArgumentSyntax rewritten = sqlArgument.ReplaceNode(sql, text);
        SeparatedSyntaxList<ArgumentSyntax> arguments = list.Arguments.Replace(sqlArgument, rewritten).Insert(list.Arguments.IndexOf(sqlArgument) + 1, argument.WithLeadingTrivia(SyntaxFactory.Space));
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
    /// A piece of the text as written: literal text (<see cref="Written"/> as it appears between the quotes,
    /// <see cref="Value"/> the characters it stands for) or a hole (<see cref="Hole"/>, with <see cref="Kept"/> the
    /// text that keeps it in an interpolated string, and whether it has an alignment or format).
    /// </summary>
    private sealed class Part
    {
        public Part(string written, string value, ExpressionSyntax? hole = null, string kept = "", bool formatted = false)
        {
            Written = written;
            Value = value;
            Hole = hole;
            Kept = kept;
            Formatted = formatted;
        }

        public string Written { get; }
        public string Value { get; }
        public ExpressionSyntax? Hole { get; }
        public string Kept { get; }
        public bool Formatted { get; }
    }

    /// <summary>The parts of an interpolated string, and its opening and closing quotes.</summary>
    private static (List<Part> Parts, string Start, string End) Parts(InterpolatedStringExpressionSyntax sql) =>
        (sql.Contents.Select(content => content switch
        {
            InterpolatedStringTextSyntax text => new Part(text.TextToken.Text, text.TextToken.ValueText),
            InterpolationSyntax hole => new Part("", "", hole.Expression, hole.ToString(), hole.AlignmentClause is not null || hole.FormatClause is not null),
            _ => new Part("", ""),
        }).ToList(), sql.StringStartToken.Text, sql.StringEndToken.Text);

    /// <summary>
    /// The parts of a concatenation (<c>"... = '" + name + "'"</c>): string and char literals are text, written again
    /// as an ordinary literal's; anything else is a hole. Null when an operand is an interpolated string.
    /// </summary>
    private static (List<Part> Parts, string Start, string End)? Parts(BinaryExpressionSyntax concatenation)
    {
        var operands = new List<ExpressionSyntax>();
        void Flatten(ExpressionSyntax expression)
        {
            if (expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary)
            {
                Flatten(binary.Left);
                Flatten(binary.Right);
            }
            else
            {
                operands.Add(expression);
            }
        }
        Flatten(concatenation);
        var parts = new List<Part>();
        foreach (ExpressionSyntax operand in operands)
        {
            switch (operand)
            {
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression or (int)SyntaxKind.CharacterLiteralExpression } literal:
                    string value = literal.Token.ValueText;
                    parts.Add(new Part(Escape(value), value));
                    break;
                case InterpolatedStringExpressionSyntax:
                    return null;
                default:
                    string kept = operand is IdentifierNameSyntax or MemberAccessExpressionSyntax ? operand.ToString() : $"({operand})";
                    parts.Add(new Part("", "", operand, "{" + kept + "}"));
                    break;
            }
        }
        return (parts, "$\"", "\"");
    }

    /// <summary><paramref name="value"/> as written inside <c>$"..."</c>.</summary>
    private static string Escape(string value)
    {
        var written = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            written.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '{' => "{{",
                '}' => "}}",
                _ => c.ToString(),
            });
        }
        return written.ToString();
    }

    /// <summary>
    /// The new text and the parameters to add; null when a hole is not plainly a value: it has an alignment or
    /// format, stands where a name goes (after FROM, ORDER BY, a dot, inside a word or a quoted name), is part of a
    /// longer string literal (<c>'%{x}%'</c>) or fills an <c>IN (...)</c> list. Constant holes stay as they are.
    /// </summary>
    internal static (ExpressionSyntax Text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> Parameters)? Rewrite(
        ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken, char marker)
    {
        (List<Part> Parts, string Start, string End)? read = sql switch
        {
            InterpolatedStringExpressionSyntax interpolated => Parts(interpolated),
            BinaryExpressionSyntax concatenation => Parts(concatenation),
            _ => null,
        };
        if (read is not (List<Part> parts, string start, string end))
            return null;
        var source = new StringBuilder();   // the new contents, as written in C#
        var sqlSoFar = new StringBuilder(); // the SQL the contents stand for, to read the context of each hole
        var parameters = new List<(string Name, ExpressionSyntax Value, bool MaybeNull)>();
        var byExpression = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(s_existingParameter.Matches(string.Concat(parts.Select(p => p.Value))).Cast<Match>().Select(m => m.Groups["name"].Value), StringComparer.OrdinalIgnoreCase);
        bool keptHoles = false;
        bool skipOpeningQuote = false;
        for (int i = 0; i < parts.Count; i++)
        {
            Part part = parts[i];
            if (part.Hole is not ExpressionSyntax expression)
            {
                string written = part.Written;
                string value = part.Value;
                if (skipOpeningQuote)
                {
                    written = written.Substring(1);
                    value = value.Substring(1);
                    skipOpeningQuote = false;
                }
                source.Append(written);
                sqlSoFar.Append(value);
                continue;
            }
            if (part.Formatted)
                return null;
            if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true } constant)
            {
                keptHoles = true;
                source.Append(part.Kept);
                sqlSoFar.Append(Convert.ToString(constant.Value, CultureInfo.InvariantCulture));
                continue;
            }
            string before = sqlSoFar.ToString();
            Part? next = i + 1 < parts.Count && parts[i + 1].Hole is null ? parts[i + 1] : null;
            string after = next?.Value ?? "";
            if (before.Count(c => c == '"') % 2 == 1)
                return null; // inside a quoted name
            if (before.Count(c => c == '\'') % 2 == 1)
            {
                // Only a whole literal, '{x}', becomes a parameter: its quotes go (written as plain ', not \').
                string writtenSoFar = source.ToString();
                if (!before.EndsWith("'", StringComparison.Ordinal) || !after.StartsWith("'", StringComparison.Ordinal)
                    || !writtenSoFar.EndsWith("'", StringComparison.Ordinal) || writtenSoFar.EndsWith("\\'", StringComparison.Ordinal)
                    || next?.Written.StartsWith("'", StringComparison.Ordinal) != true)
                    return null;
                source.Length--;
                sqlSoFar.Length--;
                before = before.Substring(0, before.Length - 1);
                after = after.Substring(1);
                skipOpeningQuote = true;
            }
            if (!s_valueBefore.IsMatch(before) || s_listBefore.IsMatch(before) || !s_valueAfter.IsMatch(after))
                return null;
            string key = expression.ToString();
            if (!byExpression.TryGetValue(key, out string? name) || !IsPlainValue(expression))
            {
                name = NewName(expression, taken, parameters.Count);
                byExpression[key] = name;
                parameters.Add((name, expression.WithoutTrivia(), MaybeNull(expression, model, cancellationToken)));
            }
            source.Append(marker).Append(name);
            sqlSoFar.Append(marker).Append(name);
        }

        if (parameters.Count == 0)
            return null;
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

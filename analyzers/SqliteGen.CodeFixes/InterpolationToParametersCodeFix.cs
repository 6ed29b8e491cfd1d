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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace SqliteGen.CodeFixes;

/// <summary>
/// SQLG301: rewrites SQL text built from values into parameters. The text may be an interpolated string, a
/// concatenation or a <c>string.Format</c> call, given directly or through a local that holds it and is used once.
/// Each value hole becomes <c>$name</c> or <c>@name</c> (named after the variable or member, else <c>p0</c>, <c>p1</c>,
/// ...); a SQL literal holding holes (<c>'{x}'</c>, <c>'%{x}%'</c>) becomes one parameter whose value is the same text;
/// a hole where a name goes stays spliced. Given to a Microsoft.Data.Sqlite or System.Data.SQLite command, a
/// <c>command.Parameters.AddWithValue(...)</c> statement per value follows the statement that sets the text (or opens
/// the <c>using</c> block of the command); given to Dapper, the values follow the text as an anonymous object, and given
/// to SqliteGen's <c>db.Sql</c> or <c>tx.Sql</c> (on either engine, or through <c>IDatabaseSql</c>), as a
/// <c>SqlParameters</c>. Offered only where that is mechanical (<see cref="Rewrite"/>);
/// docs/rules/SQLG301.md lists when it is not.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InterpolationToParametersCodeFix)), Shared]
public sealed class InterpolationToParametersCodeFix : SqliteGenCodeFix
{
    public InterpolationToParametersCodeFix()
        : base("SQLG301", "Pass the values as parameters")
    {
    }

    protected override SyntaxNode? Fix(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax sql || !IsText(sql, model, cancellationToken))
            return null;
        // Where the text reaches the command or call: the text itself, or the one use of the local that holds it.
        ExpressionSyntax site = sql;
        if (sql.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator })
        {
            if (OnlyUse(declarator, model, cancellationToken) is not IdentifierNameSyntax use)
                return null;
            site = use;
        }
        if (FindCall(site, model, cancellationToken) is (ArgumentSyntax argument, CallKind kind, var passed))
        {
            return Rewrite(sql, model, cancellationToken, kind == CallKind.Dapper ? '@' : '$', passed?.Initializers.Select(MemberName)) is (ExpressionSyntax callText, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values)
                && (kind == CallKind.Dapper || values.All(v => SqlParametersCanAdd(v.Value, site.SpanStart, model)))
                && (site == sql || Unchanged(sql, site, model, cancellationToken))
                ? ApplyToCall(root, sql, callText, argument, values, kind, passed)
                : null;
        }
        if (FindTarget(site, model, cancellationToken) is not (StatementSyntax anchor, string command, char marker)
            || Rewrite(sql, model, cancellationToken, marker) is not (ExpressionSyntax text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> parameters)
            || (site != sql && !Unchanged(sql, site, model, cancellationToken)))
            return null;
        return Apply(root, sql, text, anchor, command, marker, parameters);
    }

    /// <summary>Text the fix can read: an interpolated string, a string concatenation, or <c>string.Format</c> with a literal format.</summary>
    private static bool IsText(ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken) => sql switch
    {
        InterpolatedStringExpressionSyntax => true,
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } => model.GetTypeInfo(sql, cancellationToken).Type?.SpecialType == SpecialType.System_String,
        InvocationExpressionSyntax => model.GetSymbolInfo(sql, cancellationToken).Symbol is IMethodSymbol { Name: "Format", ContainingType.SpecialType: SpecialType.System_String },
        _ => false,
    };

    /// <summary>
    /// The one reference to the local <paramref name="declarator"/> declares (alone, in a block or at top level, not
    /// <c>using</c>), when there is exactly one and it is not inside a loop, lambda or local function the declaration is
    /// outside of: then the text it holds is the text used there.
    /// </summary>
    private static IdentifierNameSyntax? OnlyUse(VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
            || declaration.UsingKeyword.RawKind != 0
            || !StatementEdits.CanInsertAfter(declaration)
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
            return null;
        SyntaxNode scope = declaration.Parent is GlobalStatementSyntax ? declaration.SyntaxTree.GetRoot(cancellationToken) : declaration.Parent!;
        IdentifierNameSyntax[] uses = scope.DescendantNodes()
            .OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local))
            .ToArray();
        if (uses.Length != 1 || uses[0].SpanStart < declaration.Span.End)
            return null;
        for (SyntaxNode? between = uses[0].Parent; between is not null && between != scope; between = between.Parent)
        {
            if (between is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                return null;
        }
        return uses[0];
    }

    /// <summary>
    /// True when no local or parameter the text reads is written between the text (in a local's initializer) and its
    /// use, where the values are now read instead.
    /// </summary>
    private static bool Unchanged(ExpressionSyntax sql, ExpressionSyntax site, SemanticModel model, CancellationToken cancellationToken)
    {
        var read = new HashSet<ISymbol>(sql.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Select(n => model.GetSymbolInfo(n, cancellationToken).Symbol)
            .OfType<ISymbol>()
            .Where(s => s is ILocalSymbol or IParameterSymbol), SymbolEqualityComparer.Default);
        if (read.Count == 0)
            return true;
        var span = TextSpan.FromBounds(sql.Span.End, site.SpanStart);
        SyntaxNode scope = sql.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? sql.SyntaxTree.GetRoot(cancellationToken);
        foreach (SyntaxNode written in scope.DescendantNodes(n => n.FullSpan.IntersectsWith(span)).Where(n => span.Contains(n.Span)))
        {
            ExpressionSyntax? target = written switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } unary => unary.Operand,
                PostfixUnaryExpressionSyntax unary => unary.Operand,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                _ => null,
            };
            if (target is not null && model.GetSymbolInfo(target, cancellationToken).Symbol is ISymbol symbol && read.Contains(symbol))
                return false;
        }
        return true;
    }

    /// <summary>A call that takes its values beside the text: Dapper's (an anonymous object) or SqliteGen's <c>db.Sql</c> (<c>SqlParameters</c>).</summary>
    private enum CallKind { Dapper, DatabaseSql }

    /// <summary>
    /// The <c>sql</c> argument of a Dapper call (<c>connection.Execute($"...")</c>, <c>Query</c>, ...) or of <c>db.Sql</c>
    /// (<c>Query</c>, <c>QuerySingle</c>, <c>Execute</c>, their async forms) that passes no values yet (<c>param</c>,
    /// <c>parameters</c>) and has only named arguments after the text, so the values can follow it; or a Dapper call that
    /// passes them as an anonymous object (<c>new { id }</c>), which the values then join.
    /// </summary>
    private static (ArgumentSyntax Argument, CallKind Kind, AnonymousObjectCreationExpressionSyntax? Passed)? FindCall(ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        if (sql.Parent is not ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list } argument
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            return null;
        (CallKind kind, string valuesName) = method.ContainingType switch
        {
            { Name: "SqlMapper", ContainingNamespace: { Name: "Dapper", ContainingNamespace.IsGlobalNamespace: true } } => (CallKind.Dapper, "param"),
            var type when IsDatabaseSql(type, model.Compilation) => (CallKind.DatabaseSql, "parameters"),
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
        ArgumentSyntax? values = list.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == valuesName)
            ?? (argument.NameColon is null && index + 1 < list.Arguments.Count && list.Arguments[index + 1].NameColon is null
                && index + 1 + offset < definition.Parameters.Length && definition.Parameters[index + 1 + offset].Name == valuesName
                    ? list.Arguments[index + 1]
                    : null);
        if (values is null)
            return list.Arguments.Skip(index + 1).All(a => a.NameColon is not null) ? (argument, kind, null) : null;
        return kind == CallKind.Dapper && values.Expression is AnonymousObjectCreationExpressionSyntax passed ? (argument, kind, passed) : null;
    }

    /// <summary>
    /// Ad-hoc SQL of a generated database on either engine: <c>IDatabaseSql</c> (<c>IShopDb.Sql</c>, <c>tx.Sql</c> through the
    /// interfaces) or a class that implements it (SQLite's <c>DatabaseSql</c>, PostgreSQL's <c>PostgreSqlDatabaseSql</c>),
    /// whose methods all take their values as <c>SqlParameters</c>. The analyzer reports SQLG301 on the same calls.
    /// </summary>
    private static bool IsDatabaseSql(INamedTypeSymbol type, Compilation compilation) =>
        compilation.GetTypeByMetadataName("SqliteGen.IDatabaseSql") is { } face
        && (SymbolEqualityComparer.Default.Equals(type, face) || type.AllInterfaces.Contains(face, SymbolEqualityComparer.Default));

    /// <summary>The name of an anonymous object's member: <c>id</c> in <c>new { id }</c>, <c>new { id = x }</c> or <c>new { user.Id }</c>.</summary>
    private static string MemberName(AnonymousObjectMemberDeclaratorSyntax member) =>
        member.NameEquals?.Name.Identifier.ValueText ?? member.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: var name } => name.Identifier.ValueText,
            _ => "",
        };

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
    /// The text rewritten where it is built, and the values added to the call after it: for Dapper <c>new { email, id = user.Id }</c>,
    /// for <c>db.Sql</c> <c>new SqlParameters { { "email", email }, { "id", user.Id } }</c> (named <c>param:</c>/<c>parameters:</c>
    /// when named arguments follow).
    /// </summary>
    private static SyntaxNode ApplyToCall(SyntaxNode root, ExpressionSyntax sql, ExpressionSyntax text, ArgumentSyntax sqlArgument,
        IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> values, CallKind kind, AnonymousObjectCreationExpressionSyntax? passed)
    {
        ExpressionSyntax valuesExpression;
        if (kind == CallKind.Dapper)
        {
            string members = string.Join(", ", values.Select(v => v.Value is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == v.Name ? v.Name : $"{v.Name} = {v.Value}"));
            valuesExpression = SyntaxFactory.ParseExpression($"new {{ {members} }}");
            if (passed is not null)
            {
                // The values join the object the call already passes.
                SyntaxNode withText = root.TrackNodes(sql, passed);
                withText = withText.ReplaceNode(withText.GetCurrentNode(sql)!, text);
                AnonymousObjectCreationExpressionSyntax passedNow = withText.GetCurrentNode(passed)!;
                string joined = string.Join(", ", passedNow.Initializers.Select(i => i.WithoutTrivia().ToString()).Append(members));
                return withText.ReplaceNode(passedNow, SyntaxFactory.ParseExpression($"new {{ {joined} }}").WithTriviaFrom(passedNow));
            }
        }
        else
        {
            string entries = string.Join(", ", values.Select(v => $"{{ \"{v.Name}\", {v.Value} }}"));
            var creation = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression($"new global::SqliteGen.SqlParameters {{ {entries} }}");
            valuesExpression = creation.WithType(creation.Type.WithAdditionalAnnotations(Simplifier.Annotation));
        }
        SyntaxNode tracked = root.TrackNodes(sql, sqlArgument);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(sql)!, text);
        ArgumentSyntax current = tracked.GetCurrentNode(sqlArgument)!;
        var list = (ArgumentListSyntax)current.Parent!;
        int at = list.Arguments.IndexOf(current);
        ArgumentSyntax argument = SyntaxFactory.Argument(valuesExpression);
        if (list.Arguments.Count > at + 1)
            argument = argument.WithNameColon(SyntaxFactory.NameColon(kind == CallKind.Dapper ? "param" : "parameters"));
        return tracked.ReplaceNode(list, list.WithArguments(list.Arguments.Insert(at + 1, argument.WithLeadingTrivia(SyntaxFactory.Space))));
    }

    /// <summary>
    /// Where the parameters are added and the expression naming the command: after <c>command.CommandText = text;</c> (the
    /// command a local, parameter, field or <c>this.</c> member) or after a local declaration <c>var command = new
    /// SqliteCommand(text, ...)</c> / <c>new SqliteCommand { CommandText = text }</c>; at the start of the body of
    /// <c>using (var command = new SqliteCommand(text, ...)) ...</c> (the anchor is then that using statement). The statement must
    /// sit in a block or at top level, and the command must be Microsoft.Data.Sqlite's (<c>$</c>) or System.Data.SQLite's (<c>@</c>).
    /// </summary>
    private static (StatementSyntax Anchor, string Command, char Marker)? FindTarget(ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode parent = sql.Parent!;
        ExpressionSyntax? command = null;
        StatementSyntax? anchor = null;
        string? commandName = null;
        switch (parent)
        {
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target, Parent: ExpressionStatementSyntax expressionStatement } assignment
                when assignment.Right == sql && IsPlainReference(target.Expression):
                command = target.Expression;
                anchor = StatementEdits.CanInsertAfter(expressionStatement) ? expressionStatement : null;
                commandName = target.Expression.ToString();
                break;
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "CommandText" }, Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax creation } } assignment
                when assignment.Right == sql:
                (anchor, commandName) = DeclaredBy(creation);
                command = creation;
                break;
            case ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax creation } }:
                (anchor, commandName) = DeclaredBy(creation);
                command = creation;
                break;
        }
        if (command is null || anchor is null || commandName is null)
            return null;
        ITypeSymbol? type = model.GetTypeInfo(command, cancellationToken).Type;
        for (; type is not null; type = type.BaseType)
        {
            if (type.Name == "SqliteCommand" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Data.Sqlite")
                return (anchor, commandName, '$');
            if (type.Name == "SQLiteCommand" && type.ContainingNamespace?.ToDisplayString() == "System.Data.SQLite")
                return (anchor, commandName, '@');
        }
        return null;
    }

    /// <summary>
    /// The single-variable local declaration (with or without <c>using</c>) or the assignment (<c>command = creation;</c>)
    /// whose value is <paramref name="creation"/>, or the statement <c>using (var command = creation) ...</c>; and the
    /// command's name.
    /// </summary>
    private static (StatementSyntax? Anchor, string? Name) DeclaredBy(ObjectCreationExpressionSyntax creation)
    {
        if (creation.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: var assigned, Parent: ExpressionStatementSyntax assignment } set
            && set.Right == creation && IsPlainReference(assigned) && StatementEdits.CanInsertAfter(assignment))
            return (assignment, assigned.ToString());
        if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration)
            return (null, null);
        return declaration.Parent switch
        {
            LocalDeclarationStatementSyntax statement when StatementEdits.CanInsertAfter(statement) => (statement, declarator.Identifier.ValueText),
            UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: 0 } } => (null, null),
            UsingStatementSyntax statement => (statement, declarator.Identifier.ValueText),
            _ => (null, null),
        };
    }

    /// <summary>A command named without side effects, so naming it again in <c>AddWithValue</c> statements is the same command.</summary>
    private static bool IsPlainReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name: IdentifierNameSyntax } => true,
        _ => false,
    };

    private static readonly Regex s_valueBefore = new(@"(?:[=<>!(,+\-*/%|]|\b(?:WHERE|AND|OR|NOT|IS|LIKE|GLOB|MATCH|BETWEEN|VALUES|SELECT|THEN|ELSE|WHEN|CASE|LIMIT|OFFSET|ESCAPE|RETURNING)\b)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_keywordBefore = new(@"\b(?:WHERE|AND|OR|NOT|SELECT|THEN|ELSE|WHEN|CASE|RETURNING)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_listBefore = new(@"\bIN\s*\(\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_valueAfter = new(@"^(?:$|[\s),;=<>!+\-*/%|])", RegexOptions.CultureInvariant);
    private static readonly Regex s_nameBefore = new(@"(?:\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|INDEX|VIEW|TRIGGER)\s+|\.)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_nameAfter = new(@"^(?:$|[\s.(),;])", RegexOptions.CultureInvariant);
    private static readonly Regex s_existingParameter = new(@"[$:@](?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
    private static readonly Regex s_formatItem = new(@"\{\{|\}\}|\{(?<index>\d+)(?<alignment>\s*,\s*-?\d+\s*)?(?::(?<format>[^{}""\\]*))?\}|[{}]", RegexOptions.CultureInvariant);

    /// <summary>
    /// A piece of the text as written: literal text (<see cref="Written"/> as it appears in the rewritten literal,
    /// <see cref="Value"/> the characters it stands for) or a hole (<see cref="Hole"/>, with <see cref="Kept"/> the text
    /// that keeps it in the rewritten string, <see cref="Interpolation"/> the same as a hole of an ordinary <c>$"..."</c>,
    /// and whether it has an alignment or format).
    /// </summary>
    private sealed class Part
    {
        public Part(string written, string value)
        {
            Written = written;
            Value = value;
        }

        public Part(ExpressionSyntax hole, string kept, string interpolation, bool formatted)
        {
            Hole = hole;
            Kept = kept;
            Interpolation = interpolation;
            Formatted = formatted;
        }

        public string Written { get; } = "";
        public string Value { get; } = "";
        public ExpressionSyntax? Hole { get; }
        public string Kept { get; } = "";
        public string Interpolation { get; } = "";
        public bool Formatted { get; }
    }

    /// <summary>A hole as a hole of an ordinary interpolated string: <c>{value,alignment:format}</c>.</summary>
    private static Part HoleOf(InterpolationSyntax hole, string kept) =>
        new(hole.Expression, kept, "{" + Operand(hole.Expression) + hole.AlignmentClause + hole.FormatClause + "}", hole.AlignmentClause is not null || hole.FormatClause is not null);

    /// <summary>An expression as an interpolation's value: parenthesized unless it is a name, member or call (a conditional's ':' would read as a format).</summary>
    private static string Operand(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or LiteralExpressionSyntax
            ? expression.WithoutTrivia().ToString()
            : "(" + expression.WithoutTrivia() + ")";

    /// <summary>The parts of an interpolated string, and its opening and closing quotes.</summary>
    private static (List<Part> Parts, string Start, string End) Parts(InterpolatedStringExpressionSyntax sql) =>
        (sql.Contents.Select(content => content switch
        {
            InterpolatedStringTextSyntax text => new Part(text.TextToken.Text, text.TextToken.ValueText),
            InterpolationSyntax hole => HoleOf(hole, hole.ToString()),
            _ => new Part("", ""),
        }).ToList(), sql.StringStartToken.Text, sql.StringEndToken.Text);

    /// <summary>Text part of a string rewritten as an ordinary <c>$"..."</c>.</summary>
    private static Part Text(string value) => new(Escape(value), value);

    /// <summary>
    /// The parts of a concatenation (<c>"... = '" + name + "'"</c>), rewritten as one <c>$"..."</c>: string and char
    /// literals are text, an interpolated operand gives its text and holes, anything else is a hole. Only string
    /// additions are opened (<c>a + b + "..."</c> adds the numbers first: that sum is one hole).
    /// </summary>
    private static (List<Part> Parts, string Start, string End)? Parts(BinaryExpressionSyntax concatenation, SemanticModel model, CancellationToken cancellationToken)
    {
        var operands = new List<ExpressionSyntax>();
        void Flatten(ExpressionSyntax expression)
        {
            if (expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary
                && model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String)
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
                    parts.Add(Text(literal.Token.ValueText));
                    break;
                case InterpolatedStringExpressionSyntax interpolated:
                    foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
                    {
                        if (content is InterpolatedStringTextSyntax text)
                        {
                            parts.Add(Text(text.TextToken.ValueText));
                        }
                        else if (content is InterpolationSyntax hole)
                        {
                            Part part = HoleOf(hole, "");
                            parts.Add(new Part(part.Hole!, part.Interpolation, part.Interpolation, part.Formatted));
                        }
                    }
                    break;
                default:
                    ExpressionSyntax value = operand is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : operand;
                    string kept = "{" + Operand(value) + "}";
                    parts.Add(new Part(value, kept, kept, false));
                    break;
            }
        }
        return (parts, "$\"", "\"");
    }

    /// <summary>
    /// The parts of <c>string.Format("...{0}...", a, ...)</c> with a literal format and the values as arguments (not an
    /// array, not a format provider), rewritten as one <c>$"..."</c>; null when the format cannot be read.
    /// </summary>
    private static (List<Part> Parts, string Start, string End)? Parts(InvocationExpressionSyntax format, SemanticModel model, CancellationToken cancellationToken)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = format.ArgumentList.Arguments;
        if (model.GetSymbolInfo(format, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: > 0 } method || method.Parameters[0].Name != "format"
            || arguments.Count == 0 || arguments[0] is not { NameColon: null, Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal })
            return null;
        List<ArgumentSyntax> rest = arguments.Skip(1).ToList();
        if (rest.Any(a => a.NameColon is not null || a.RefKindKeyword.RawKind != 0)
            || (rest.Count == 1 && model.GetTypeInfo(rest[0].Expression, cancellationToken).Type is IArrayTypeSymbol))
            return null;
        string text = literal.Token.ValueText;
        var parts = new List<Part>();
        var pending = new StringBuilder();
        int position = 0;
        foreach (Match item in s_formatItem.Matches(text))
        {
            pending.Append(text, position, item.Index - position);
            position = item.Index + item.Length;
            if (item.Value is "{{" or "}}")
            {
                pending.Append(item.Value[0]);
                continue;
            }
            int index = item.Groups["index"].Success ? int.Parse(item.Groups["index"].Value, CultureInfo.InvariantCulture) : -1;
            if (index < 0 || index >= rest.Count)
                return null; // a lone brace or an index with no argument: string.Format would throw
            parts.Add(Text(pending.ToString()));
            pending.Clear();
            ExpressionSyntax value = rest[index].Expression;
            string alignment = item.Groups["alignment"].Success ? "," + item.Groups["alignment"].Value.Trim().TrimStart(',').Trim() : "";
            string itemFormat = item.Groups["format"].Success ? ":" + item.Groups["format"].Value : "";
            string kept = "{" + Operand(value) + alignment + itemFormat + "}";
            parts.Add(new Part(value, kept, kept, alignment.Length + itemFormat.Length > 0));
        }
        pending.Append(text, position, text.Length - position);
        parts.Add(Text(pending.ToString()));
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
    /// The new text and the parameters to add; null when a hole is neither plainly a value nor plainly a name. A value
    /// (after an operator, <c>(</c>, <c>,</c> or a keyword followed by a value, and followed by a space, <c>)</c>,
    /// <c>,</c>, <c>;</c>, an operator or the end) becomes a parameter bound to it; a SQL literal with holes in it
    /// (<c>'{x}'</c>, <c>'%{x}%'</c>, <c>'{day:yyyy-MM-dd}'</c>) becomes one parameter bound to the same text (the hole
    /// itself when it is a whole literal of a string); a name (after FROM, JOIN, INTO, UPDATE, TABLE, a dot, or quoted
    /// as a name) and a constant stay spliced. Refused: a hole inside a word, filling an <c>IN (...)</c> list, a
    /// formatted value outside quotes, and a string outside quotes right after a keyword (it may be a whole clause).
    /// </summary>
    internal static (ExpressionSyntax Text, IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> Parameters)? Rewrite(
        ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken, char marker, IEnumerable<string>? reserved = null)
    {
        (List<Part> Parts, string Start, string End)? read = sql switch
        {
            InterpolatedStringExpressionSyntax interpolated => Parts(interpolated),
            BinaryExpressionSyntax concatenation => Parts(concatenation, model, cancellationToken),
            InvocationExpressionSyntax format => Parts(format, model, cancellationToken),
            _ => null,
        };
        if (read is not (List<Part> parts, string start, string end))
            return null;
        var source = new StringBuilder();   // the new contents, as written in C#
        var sqlSoFar = new StringBuilder(); // the SQL the contents stand for, to read the context of each hole
        var parameters = new List<(string Name, ExpressionSyntax Value, bool MaybeNull)>();
        var byExpression = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(s_existingParameter.Matches(string.Concat(parts.Select(p => p.Value))).Cast<Match>().Select(m => m.Groups["name"].Value), StringComparer.OrdinalIgnoreCase);
        taken.UnionWith(reserved ?? Enumerable.Empty<string>());
        bool keptHoles = false;
        for (int i = 0; i < parts.Count; i++)
        {
            Part part = parts[i];
            if (part.Hole is not ExpressionSyntax expression)
            {
                source.Append(part.Written);
                sqlSoFar.Append(part.Value);
                continue;
            }
            if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true } constant)
            {
                keptHoles = true;
                source.Append(part.Kept);
                sqlSoFar.Append(Convert.ToString(constant.Value, CultureInfo.InvariantCulture));
                continue;
            }
            string before = sqlSoFar.ToString();
            string after = i + 1 < parts.Count && parts[i + 1].Hole is null ? parts[i + 1].Value : i + 1 < parts.Count ? "\u0001" : "";
            if (before.Count(c => c == '"') % 2 == 1 || (before.EndsWith("[", StringComparison.Ordinal) && after.StartsWith("]", StringComparison.Ordinal))
                || (before.EndsWith("`", StringComparison.Ordinal) && after.StartsWith("`", StringComparison.Ordinal))
                || (s_nameBefore.IsMatch(before) && s_nameAfter.IsMatch(after)))
            {
                // A name: it stays spliced (a parameter cannot stand for it).
                keptHoles = true;
                source.Append(part.Kept);
                sqlSoFar.Append('x');
                continue;
            }
            if (OpeningQuote(before) is int open)
            {
                // A SQL literal with holes: from its opening quote to its closing one, one parameter holding the same text.
                string prefix = before.Substring(open + 1);
                string writtenSoFar = source.ToString();
                if (!writtenSoFar.EndsWith("'" + prefix, StringComparison.Ordinal)
                    || (writtenSoFar.Length > prefix.Length + 1 && writtenSoFar[writtenSoFar.Length - prefix.Length - 2] == '\\')
                    || !s_valueBefore.IsMatch(before.Substring(0, open)))
                    return null;
                var contents = new StringBuilder(Escape(prefix.Replace("''", "'")));
                int holes = 0;
                string restWritten = "", restValue = "";
                bool closed = false;
                for (; i < parts.Count && !closed; i++)
                {
                    Part inside = parts[i];
                    if (inside.Hole is ExpressionSyntax held)
                    {
                        holes++;
                        contents.Append(!inside.Formatted && Unescaped(held) is ExpressionSyntax unescaped ? "{" + Operand(unescaped) + "}" : inside.Interpolation);
                        continue;
                    }
                    int close = ClosingQuote(inside.Value);
                    string literalText = close < 0 ? inside.Value : inside.Value.Substring(0, close);
                    contents.Append(Escape(literalText.Replace("''", "'")));
                    if (close >= 0)
                    {
                        if (!inside.Written.StartsWith(literalText + "'", StringComparison.Ordinal))
                            return null;
                        restWritten = inside.Written.Substring(close + 1);
                        restValue = inside.Value.Substring(close + 1);
                        closed = true;
                    }
                }
                i--;
                if (!closed || !s_valueAfter.IsMatch(restValue))
                    return null;
                ExpressionSyntax quoted = Unescaped(expression) ?? expression;
                bool wholeString = holes == 1 && prefix.Length == 0 && !part.Formatted && contents.ToString() == "{" + Operand(quoted) + "}"
                    && model.GetTypeInfo(quoted, cancellationToken).Type?.SpecialType == SpecialType.System_String;
                // A null string spliced as '{x}' was '' (empty text), and stays that.
                ExpressionSyntax value = !wholeString ? SyntaxFactory.ParseExpression("$\"" + contents + "\"")
                    : MaybeNull(quoted, model, cancellationToken) ? SyntaxFactory.ParseExpression(Operand(quoted) + " ?? \"\"")
                    : quoted.WithoutTrivia();
                string literalName = NewName(quoted, taken, parameters.Count);
                parameters.Add((literalName, value, false));
                source.Length -= prefix.Length + 1;
                sqlSoFar.Length -= prefix.Length + 1;
                source.Append(marker).Append(literalName).Append(restWritten);
                sqlSoFar.Append(marker).Append(literalName).Append(restValue);
                continue;
            }
            if (part.Formatted || !s_valueBefore.IsMatch(before) || s_listBefore.IsMatch(before) || !s_valueAfter.IsMatch(after)
                || (s_keywordBefore.IsMatch(before) && model.GetTypeInfo(expression, cancellationToken).Type?.SpecialType == SpecialType.System_String))
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
        string rewritten = source.ToString();
        if (!keptHoles && !raw)
        {
            // No hole left: an ordinary literal ("..." or @"..."), with the braces no longer escaped.
            start = start.Replace("$", "");
            rewritten = rewritten.Replace("{{", "{").Replace("}}", "}");
        }
        else if (!keptHoles && rewritten.IndexOfAny(new[] { '{', '}' }) < 0)
        {
            start = start.Replace("$", ""); // a raw literal without braces needs no '$'
        }
        return (SyntaxFactory.ParseExpression(start + rewritten + end).WithTriviaFrom(sql), parameters);
    }

    /// <summary>
    /// <c>x</c> for <c>x.Replace("'", "''")</c>, the quoting that makes a value a SQL literal's text: the literal stood for
    /// <c>x</c>, so <c>x</c> is what the parameter binds. Null for anything else.
    /// </summary>
    private static ExpressionSyntax? Unescaped(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Replace", Expression: var inner },
            ArgumentList.Arguments: { Count: 2 } arguments,
        }
        && arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: "'" }
        && arguments[1].Expression is LiteralExpressionSyntax { Token.ValueText: "''" }
            ? inner
            : null;

    /// <summary>The index of the quote that opens the SQL literal <paramref name="sql"/> ends inside, or null when it ends outside one.</summary>
    private static int? OpeningQuote(string sql)
    {
        int? open = null;
        for (int i = 0; i < sql.Length; i++)
        {
            if (sql[i] == '\'')
                open = open is null ? i : null;
        }
        return open;
    }

    /// <summary>The index of the quote that closes a SQL literal in <paramref name="text"/> (a doubled quote is a quote inside it), or -1.</summary>
    private static int ClosingQuote(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\'')
                continue;
            if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /// <summary>A variable or member read: the same text is the same value, so it gets one parameter.</summary>
    private static bool IsPlainValue(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax || (expression is MemberAccessExpressionSyntax member && IsPlainValue(member.Expression)) || expression is ThisExpressionSyntax;

    /// <summary>
    /// The variable's or member's name in camelCase (<c>user.Email</c> -> <c>email</c>), else <c>p{index}</c>; numbered
    /// when taken or a C# keyword (it may name an anonymous object's member).
    /// </summary>
    private static string NewName(ExpressionSyntax expression, HashSet<string> taken, int index)
    {
        string? name = expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => null,
        };
        name = name?.TrimStart('_');
        if (name is not { Length: > 0 } || !char.IsLetter(name[0]) || !name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_')))
        {
            for (int k = index; ; k++)
            {
                if (taken.Add("p" + k.ToString(CultureInfo.InvariantCulture)))
                    return "p" + k.ToString(CultureInfo.InvariantCulture);
            }
        }
        name = char.ToLowerInvariant(name[0]) + name.Substring(1);
        string unique = name;
        for (int n = 2; SyntaxFacts.GetKeywordKind(unique) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(unique) != SyntaxKind.None || !taken.Add(unique); n++)
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

    /// <summary>
    /// The text rewritten where it is built, and an <c>AddWithValue</c> statement per value after <paramref name="anchor"/>,
    /// or, when it is a <c>using</c> statement, at the start of its body (a single statement becomes a block).
    /// </summary>
    private static SyntaxNode Apply(SyntaxNode root, ExpressionSyntax sql, ExpressionSyntax text, StatementSyntax anchor, string command, char marker,
        IReadOnlyList<(string Name, ExpressionSyntax Value, bool MaybeNull)> parameters)
    {
        string[] lines = parameters
            .Select(p => $"{command}.Parameters.AddWithValue(\"{marker}{p.Name}\", {(p.MaybeNull ? $"{p.Value} ?? (object)System.DBNull.Value" : p.Value.ToString())});")
            .ToArray();
        SyntaxNode tracked = root.TrackNodes(sql, anchor);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(sql)!, text);
        StatementSyntax current = tracked.GetCurrentNode(anchor)!;
        // System.DBNull.Value reads DBNull.Value where 'using System;' is in scope.
        List<StatementSyntax> Added(IEnumerable<StatementSyntax> statements) => statements
            .Select(add => add.ReplaceNodes(
                add.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.ToString() == "System.DBNull.Value"),
                (_, m) => m.WithAdditionalAnnotations(Simplifier.Annotation)))
            .ToList();
        if (current is UsingStatementSyntax { Statement: BlockSyntax body })
            return tracked.ReplaceNode(body, body.WithStatements(body.Statements.InsertRange(0, Added(StatementEdits.LikeStatement(body.Statements[0], lines)))));
        if (current is UsingStatementSyntax { Statement: StatementSyntax only } usingStatement)
        {
            // using (var command = ...) command.ExecuteNonQuery(); gets a block, laid out by the formatter.
            BlockSyntax block = SyntaxFactory.Block(Added(lines.Select(line => SyntaxFactory.ParseStatement(line)))
                    .Append(only.WithoutLeadingTrivia().WithoutTrailingTrivia())
                    .Select(statement => statement.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)))
                .WithTrailingTrivia(only.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return tracked.ReplaceNode(usingStatement, usingStatement.WithStatement(block).WithAdditionalAnnotations(Formatter.Annotation));
        }
        return StatementEdits.InsertAfter(tracked, current, current, Added(StatementEdits.LikeStatement(current, lines)));
    }
}

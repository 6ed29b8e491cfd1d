using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQL text as the code builds it: constant pieces and non-constant holes, in order, read through literals,
/// interpolation, concatenation, <c>string.Format</c>/<c>Concat</c>, a <c>StringBuilder</c>'s appends and the
/// assignments of a local in the same method (source order, no branches told apart), and, one level deep, the
/// expression a method of the project returns when the text starts with a call to it (<c>BuildSql(name)</c>). A hole
/// keeps the expression that builds it (the interpolated string, concatenation or call the user would change), in the
/// returning method when the text comes from one.
/// </summary>
internal static class SqlPieces
{
    public sealed class Piece
    {
        public Piece(string text, IOperation container)
        {
            Text = text;
            Container = container;
        }

        public Piece(IOperation hole, IOperation container, string how)
        {
            Text = "";
            Hole = hole;
            Container = container;
            How = how;
        }

        public string Text { get; }
        public IOperation? Hole { get; }
        public IOperation Container { get; }
        public string How { get; } = "";
    }

    public enum HoleKind { Value, Name, Unknown }

    private const int MaxDepth = 3;

    /// <summary>
    /// The pieces of <paramref name="sql"/>; null when there is nothing to read (no SQL, or cancelled).
    /// <paramref name="returned"/> gives the one expression a method of the project returns (null for any other method).
    /// </summary>
    public static List<Piece>? Read(IOperation sql, INamedTypeSymbol? stringBuilder, Func<IMethodSymbol, IOperation?>? returned = null)
    {
        var pieces = new List<Piece>();
        new Reader(stringBuilder, pieces, returned).Add(sql, null, "a value", 0);
        return pieces.Count == 0 ? null : pieces;
    }

    private sealed class Reader
    {
        private readonly INamedTypeSymbol? _stringBuilder;
        private readonly List<Piece> _pieces;
        private Func<IMethodSymbol, IOperation?>? _returned;

        public Reader(INamedTypeSymbol? stringBuilder, List<Piece> pieces, Func<IMethodSymbol, IOperation?>? returned)
        {
            _stringBuilder = stringBuilder;
            _pieces = pieces;
            _returned = returned;
        }

        public void Add(IOperation operation, IOperation? container, string how, int depth)
        {
            operation = AdoNetSymbols.Unwrap(operation);
            if (operation.ConstantValue.HasValue)
            {
                _pieces.Add(new Piece(Convert.ToString(operation.ConstantValue.Value, CultureInfo.InvariantCulture) ?? "", container ?? operation));
                return;
            }
            switch (operation)
            {
                case IInterpolatedStringOperation interpolated:
                    foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation text)
                            Add(text.Text, container ?? interpolated, how, depth);
                        else if (part is IInterpolationOperation hole)
                            Add(hole.Expression, container ?? interpolated, "an interpolated value", depth);
                    }
                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    Add(binary.LeftOperand, container ?? binary, "a concatenated value", depth);
                    Add(binary.RightOperand, container ?? binary, "a concatenated value", depth);
                    return;
                case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" } } format:
                    AddFormat(format, container ?? format, "a value passed to string.Format", depth);
                    return;
                case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Concat" } } concat:
                    foreach (IOperation argument in Arguments(concat.Arguments))
                        Add(argument, container ?? concat, "a value passed to string.Concat", depth);
                    return;
                case IInvocationOperation { TargetMethod.Name: "ToString", Instance: ILocalReferenceOperation builder } when IsStringBuilder(builder.Type) && depth < MaxDepth:
                    AddBuilder(builder, depth + 1);
                    return;
                case IInvocationOperation call when container is null && _pieces.Count == 0 && _returned is not null
                    && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String && _returned(call.TargetMethod) is IOperation body:
                    // The whole text comes from a method of the project: read what it returns, once (one level).
                    _returned = null;
                    Add(body, null, how, depth);
                    return;
                case IConditionalOperation { WhenTrue.ConstantValue.HasValue: true, WhenFalse.ConstantValue.HasValue: true } choice:
                    // One of two constants (ASC or DESC, "cosine" or "l2"): SQL the program wrote.
                    Add(choice.WhenTrue, container ?? choice, how, depth);
                    return;
                case ILocalReferenceOperation local when local.Local.Type?.SpecialType == SpecialType.System_String && depth < MaxDepth:
                    // The whole text, or a fragment of SQL text (it has literal text of its own): read what it holds.
                    // A local inside the text that holds only a value (var cutoff = date.ToString(...)) is that value.
                    var held = new List<Piece>();
                    var reader = new Reader(_stringBuilder, held, _pieces.Count == 0 && container is null ? _returned : null);
                    if (reader.AddLocal(local, depth + 1) && (container is null || held.Any(p => p.Hole is null && p.Text.Trim().Length > 0)))
                        _pieces.AddRange(held);
                    else
                        _pieces.Add(new Piece(operation, container ?? operation, how));
                    return;
                default:
                    _pieces.Add(new Piece(operation, container ?? operation, how));
                    return;
            }
        }

        private bool IsStringBuilder(ITypeSymbol? type) => _stringBuilder is not null && SymbolEqualityComparer.Default.Equals(type, _stringBuilder);

        /// <summary>string.Format with a constant format: the format's text with each {n} replaced by its argument's pieces.</summary>
        private void AddFormat(IInvocationOperation format, IOperation container, string how, int depth)
        {
            IArgumentOperation? formatArgument = format.Arguments.FirstOrDefault(a => a.Parameter?.Name == "format");
            if (formatArgument is null || AdoNetSymbols.Unwrap(formatArgument.Value).ConstantValue is not { HasValue: true, Value: string text })
            {
                _pieces.Add(new Piece(format, container, how));
                return;
            }
            IOperation[] arguments = Arguments(format.Arguments.Where(a => a.Parameter is { Name: not "format" and not "provider" })).ToArray();
            int position = 0;
            foreach (Match item in s_formatItem.Matches(text))
            {
                _pieces.Add(new Piece(text.Substring(position, item.Index - position).Replace("{{", "{").Replace("}}", "}"), container));
                int index = int.Parse(item.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (index < arguments.Length)
                    Add(arguments[index], container, how, depth);
                position = item.Index + item.Length;
            }
            _pieces.Add(new Piece(text.Substring(position).Replace("{{", "{").Replace("}}", "}"), container));
        }

        private static readonly Regex s_formatItem = new(@"(?<!\{)\{(?<index>\d+)(?:,[^}]*)?(?::[^}]*)?\}", RegexOptions.CultureInvariant);

        /// <summary>Arguments with a <c>params</c> array opened up.</summary>
        private static IEnumerable<IOperation> Arguments(IEnumerable<IArgumentOperation> arguments)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (IOperation element in initializer.ElementValues)
                        yield return element;
                }
                else
                {
                    yield return argument.Value;
                }
            }
        }

        /// <summary>
        /// A string local: the pieces of its last plain assignment before the use, then of every <c>+=</c> after it.
        /// False when the local has no assignment before the use in this method.
        /// </summary>
        public bool AddLocal(ILocalReferenceOperation use, int depth)
        {
            var writes = new List<(IOperation Value, bool Append)>();
            foreach (IOperation operation in Body(use).Descendants())
            {
                if (operation.Syntax.SpanStart >= use.Syntax.SpanStart)
                    continue;
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, use.Local) && declarator.Initializer is { } initializer:
                        writes.Add((initializer.Value, false));
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, use.Local):
                        writes.Add((assignment.Value, false));
                        break;
                    case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation target } append when SymbolEqualityComparer.Default.Equals(target.Local, use.Local):
                        writes.Add((append.Value, true));
                        break;
                }
            }
            writes.Sort((a, b) => a.Value.Syntax.SpanStart.CompareTo(b.Value.Syntax.SpanStart));
            int last = writes.FindLastIndex(w => !w.Append);
            if (last < 0)
                return false;
            foreach ((IOperation value, _) in writes.Skip(last))
                Add(value, null, "a value", depth);
            return true;
        }

        /// <summary>A StringBuilder local: the text it was created with, then every Append/AppendLine/AppendFormat on it before the use.</summary>
        private void AddBuilder(ILocalReferenceOperation use, int depth)
        {
            var appends = new List<IOperation>();
            foreach (IOperation operation in Body(use).Descendants())
            {
                if (operation.Syntax.SpanStart >= use.Syntax.SpanStart)
                    continue;
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, use.Local)
                    && declarator.Initializer?.Value is IObjectCreationOperation creation)
                {
                    appends.AddRange(creation.Arguments.Where(a => a.Parameter?.Type.SpecialType == SpecialType.System_String).Select(a => a.Value));
                }
                else if (operation is IInvocationOperation { TargetMethod.Name: "Append" or "AppendLine" or "AppendFormat" } append && RootLocal(append) is ILocalSymbol root
                    && SymbolEqualityComparer.Default.Equals(root, use.Local))
                {
                    appends.Add(append);
                }
            }
            // By where each call ends: in sb.Append(a).Append(b) both calls start at 'sb', and the inner one ends first.
            appends.Sort((a, b) => a.Syntax.Span.End.CompareTo(b.Syntax.Span.End));
            foreach (IOperation append in appends)
            {
                if (append is not IInvocationOperation invocation)
                {
                    Add(append, null, "a value appended to a StringBuilder", depth);
                    continue;
                }
                if (invocation.TargetMethod.Name == "AppendFormat")
                {
                    AddFormat(invocation, invocation, "a value passed to AppendFormat", depth);
                }
                else if (invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Object
                    || invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.Type?.IsValueType == true)
                {
                    Add(invocation.Arguments[0].Value, null, "a value appended to a StringBuilder", depth);
                }
                if (invocation.TargetMethod.Name == "AppendLine")
                    _pieces.Add(new Piece("\n", invocation));
            }
        }

        /// <summary>The local at the start of a chain <c>sb.Append(a).Append(b)</c>.</summary>
        private static ILocalSymbol? RootLocal(IInvocationOperation invocation)
        {
            IOperation? instance = invocation.Instance;
            while (instance is IInvocationOperation inner)
                instance = inner.Instance;
            return (instance as ILocalReferenceOperation)?.Local;
        }
    }

    /// <summary>The outermost operation of the method (or lambda's method) holding <paramref name="operation"/>.</summary>
    private static IOperation Body(IOperation operation)
    {
        while (operation.Parent is not null)
            operation = operation.Parent;
        return operation;
    }

    private static readonly Regex s_valueBefore = new(
        @"(?:=|<|>|\+|-|\*|/|%|\|\||\bLIKE|\bGLOB|\bBETWEEN|\bLIMIT|\bOFFSET|\bTHEN|\bELSE|\bWHEN|\bIS|\bIS\s+NOT|\bNOT|\bMATCH)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_nameAfter = new(@"^\s*(?:=|<|>|!=|\bLIKE\b|\bIN\b|\bIS\b|\bBETWEEN\b|\bAS\b|\.|\bASC\b|\bDESC\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_parameterNameBefore = new(@"[@$:]\w*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_listOpener = new(@"(?<word>\w+)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_nameListOwner = new(@"\b(?:INTO|TABLE|EXISTS|ON|INDEX|VIEW|KEY|REFERENCES|USING|UNIQUE)\s+[\w.""\[\]`]*\s*$|\b(?:KEY|UNIQUE)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_pragma = new(@"(?:^|;)\s*PRAGMA\b[^;]*$|\bpragma_\w+\s*\([^()]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_placeholder = new(@"^\s*,?\s*[@$:?]\w*\s*,?\s*$", RegexOptions.CultureInvariant);

    /// <summary>Whether hole <paramref name="index"/> sits where a value goes, where a name goes, or neither can be told.</summary>
    public static HoleKind Classify(IReadOnlyList<Piece> pieces, int index)
    {
        var before = new StringBuilder();
        for (int i = 0; i < index; i++)
            before.Append(pieces[i].Hole is null ? pieces[i].Text : "x");
        var after = new StringBuilder();
        for (int i = index + 1; i < pieces.Count && pieces[i].Hole is null; i++)
            after.Append(pieces[i].Text);
        string prefix = WithoutComments(before.ToString());
        IOperation hole = pieces[index].Hole!;

        if (IsPlaceholderList(hole))
            return HoleKind.Unknown;
        // A pragma's argument names a schema object or a setting (PRAGMA table_info('{t}'), pragma_index_list('{t}')).
        if (s_pragma.IsMatch(prefix))
            return HoleKind.Name;
        if (prefix.Count(c => c == '\'') % 2 == 1)
            return HoleKind.Value;
        string trimmed = prefix.TrimEnd();
        if (trimmed.Length == 0)
            return HoleKind.Unknown;
        if (s_parameterNameBefore.IsMatch(prefix))
            return HoleKind.Unknown; // builds a parameter's name: "@p" + i
        char last = trimmed[trimmed.Length - 1];
        if (last is '"' or '[' or '`' && prefix.EndsWith(last.ToString(), StringComparison.Ordinal))
            return HoleKind.Name;
        if (s_valueBefore.IsMatch(trimmed) && !trimmed.EndsWith("*", StringComparison.Ordinal))
            return HoleKind.Value;
        if (last is '(' or ',')
            return ListKind(trimmed);
        if (s_nameAfter.IsMatch(after.ToString()))
            return HoleKind.Name;
        if (Regex.IsMatch(trimmed, @"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|BY|SELECT|DISTINCT|INDEX|VIEW|TRIGGER|PRAGMA)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) || last == '.')
            return HoleKind.Name;
        return HoleKind.Unknown;
    }

    /// <summary>After '(' or ',': a value inside VALUES (...), IN (...) or a function's arguments; a name in a column list.</summary>
    private static HoleKind ListKind(string prefix)
    {
        int depth = 0;
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            char c = prefix[i];
            if (c == ')')
            {
                depth++;
            }
            else if (c == '(' && depth-- == 0)
            {
                string owner = prefix.Substring(0, i).TrimEnd();
                if (Regex.IsMatch(owner, @"\b(?:VALUES|IN)$|,\s*$|\($", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                    return HoleKind.Value;
                if (s_nameListOwner.IsMatch(owner) || owner.Length == 0)
                    return HoleKind.Name;
                Match word = s_listOpener.Match(owner);
                return word.Success && !Regex.IsMatch(word.Groups["word"].Value, "^(?:SELECT|FROM|WHERE|AND|OR)$", RegexOptions.IgnoreCase) ? HoleKind.Value : HoleKind.Unknown;
            }
        }
        // A top-level list: the select list, SET a = 1, b = ..., ORDER BY a, b.
        return Regex.IsMatch(prefix, @"\bVALUES\b[^;]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) ? HoleKind.Value : HoleKind.Name;
    }

    private static string WithoutComments(string sql) => Regex.Replace(sql, @"--[^\n]*|/\*.*?\*/", " ", RegexOptions.Singleline);

    /// <summary>
    /// A generated placeholder list: text built from literals that are parameter markers (<c>"@p" + i</c>,
    /// <c>string.Join(", ", ids.Select((_, i) => $"$id{i}"))</c>, <c>"?"</c>), directly or through one local.
    /// </summary>
    private static bool IsPlaceholderList(IOperation hole)
    {
        IOperation operation = AdoNetSymbols.Unwrap(hole);
        IEnumerable<IOperation> candidates = operation.DescendantsAndSelf();
        var locals = candidates.OfType<ILocalReferenceOperation>().Select(l => l.Local).ToArray();
        if (locals.Length > 0)
        {
            IOperation body = Body(operation);
            candidates = candidates.Concat(body.Descendants()
                .Where(o => o is IVariableDeclaratorOperation d && locals.Contains(d.Symbol, SymbolEqualityComparer.Default)
                    || o is IAssignmentOperation { Target: ILocalReferenceOperation t } && locals.Contains(t.Local, SymbolEqualityComparer.Default)
                    || o is IInvocationOperation { Instance: ILocalReferenceOperation r } && locals.Contains(r.Local, SymbolEqualityComparer.Default))
                .SelectMany(o => o.DescendantsAndSelf()));
        }
        foreach (IOperation candidate in candidates)
        {
            if (candidate is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } && text.Length > 0 && s_placeholder.IsMatch(text) && text.Trim(' ', ',').Length > 0)
                return true;
            if (candidate is ILiteralOperation { ConstantValue: { HasValue: true, Value: char marker } } && marker is '@' or '$' or ':' or '?')
                return true;
            if (candidate is IInterpolatedStringOperation interpolated
                && interpolated.Parts.FirstOrDefault() is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string head }
                && Regex.IsMatch(head, @"^\s*,?\s*[@$:]\w*$", RegexOptions.CultureInvariant))
                return true;
            if (candidate is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                && Regex.IsMatch(candidate.Syntax.ToString(), "placeholder|paramNames|parameterNames|paramList", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                return true;
        }
        return false;
    }

    private static readonly HashSet<string> s_notNames = new(StringComparer.Ordinal)
    {
        "Text", "Value", "ToString", "Trim", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "Replace", "SelectedValue",
        "SelectedItem", "Format", "Length", "Count", "GetValue", "Item", "Items", "Rows", "Cells", "Invariant", "InvariantCulture", "CultureInfo",
        "Convert", "String", "string", "Parse", "this", "Current", "Escape",
    };

    private static readonly Regex s_controlPrefix = new(@"^(?:txt|tb|tbx|textBox|textbox|cmb|cbo|cb|comboBox|lbl|num|dtp|input)_?(?=[A-Z_]|$)", RegexOptions.CultureInvariant);

    /// <summary>A parameter name for the value: its last meaningful identifier (<c>user.Email</c> -> email, <c>txtName.Text</c> -> name).</summary>
    public static string ParameterName(IOperation hole)
    {
        foreach (SyntaxToken token in hole.Syntax.DescendantTokens().Where(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken)).Reverse())
        {
            string name = token.ValueText.TrimStart('_');
            if (s_notNames.Contains(name))
                continue;
            string stripped = s_controlPrefix.Replace(name, "").TrimStart('_');
            if (stripped.Length == 0)
                stripped = name;
            if (stripped.Length == 0 || !char.IsLetter(stripped[0]))
                continue;
            return char.ToLowerInvariant(stripped[0]) + stripped.Substring(1);
        }
        return "value";
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SqliteGen.Analyzers;

/// <summary>
/// What <see cref="ConnectionAnalyzer"/> asks of a method's syntax before it reads the method's operations: the
/// words without which none of its rules can fire there. Read once per compilation from declarations (no semantic
/// model); a method that names none of them is skipped. A method can report only if its text holds
/// <list type="bullet">
/// <item>SQLG201 (when the project gets WAL advice at all): a <c>new</c> of a type whose name ends in <c>Connection</c>
/// (both providers' connections and most types deriving from them), of a type of the project deriving from one or of
/// a <c>using</c> alias of one, or a target-typed <c>new(...)</c>: a connection is tracked only where it is created;</item>
/// <item>SQLG202: <c>busy_timeout</c> (any case), the name of a constant field of the project whose value holds it,
/// <c>BusyTimeout</c> or <c>sqlite3_busy_timeout</c>;</item>
/// <item>SQLG203: <c>BeginTransaction</c>.</item>
/// </list>
/// Not followed: a constant of another assembly that holds busy_timeout text, a literal that splits the word across
/// a concatenation, and a connection type of another assembly whose name does not end in <c>Connection</c>.
/// </summary>
internal sealed class ConnectionNames
{
    private const string BusyTimeout = "busy_timeout";

    private readonly HashSet<string> _names;
    private readonly HashSet<string> _connections;
    private readonly bool _walAdvice;
    private readonly ConcurrentDictionary<SyntaxTree, string> _texts = new();

    private ConnectionNames(HashSet<string> names, HashSet<string> connections, bool walAdvice)
    {
        _names = names;
        _connections = connections;
        _walAdvice = walAdvice;
    }

    /// <param name="walAdvice">False when SQLG201 is off for the whole project: connections need not be looked for.</param>
    public static ConnectionNames Read(Compilation compilation, bool walAdvice, CancellationToken cancellationToken)
    {
        var connections = new HashSet<string>(StringComparer.Ordinal);
        var busyConstants = new HashSet<string>(StringComparer.Ordinal);
        var derived = new List<(string Name, SyntaxNode Base)>();
        var constants = new List<(string Name, SyntaxNode Value)>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Namespaces and types hold the aliases, base lists and constant fields; member bodies need not be read.
            foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias } directive:
                        derived.Add((alias.Name.Identifier.ValueText, (SyntaxNode?)directive.Name ?? directive));
                        break;
                    case TypeDeclarationSyntax { BaseList: { } baseList } type:
                        derived.Add((type.Identifier.ValueText, baseList));
                        break;
                    case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                        {
                            if (variable.Initializer is { } initializer)
                                constants.Add((variable.Identifier.ValueText, initializer));
                        }
                        break;
                }
            }
        }

        // An alias of a connection, a type deriving from one, an alias of that...; a constant holding the text, or built from one that does.
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((string name, SyntaxNode baseSyntax) in derived)
            {
                if (!IsConnection(name, connections) && Identifiers(baseSyntax).Any(n => IsConnection(n, connections)))
                    changed |= connections.Add(name);
            }
            foreach ((string name, SyntaxNode value) in constants)
            {
                if (!busyConstants.Contains(name) && (SpellsBusyTimeout(value) || Identifiers(value).Any(busyConstants.Contains)))
                    changed |= busyConstants.Add(name);
            }
        }

        var names = new HashSet<string>(busyConstants, StringComparer.Ordinal) { "BeginTransaction", "BusyTimeout", "sqlite3_busy_timeout" };
        return new ConnectionNames(names, connections, walAdvice);
    }

    /// <summary>
    /// False when no rule of <see cref="ConnectionAnalyzer"/> can report in the code of <paramref name="blocks"/>. The
    /// words are looked for in the file's text (a comment or a longer name that contains one only lets a method through);
    /// a <c>new</c> found there is then read as syntax.
    /// </summary>
    public bool MayReport(IEnumerable<SyntaxNode> blocks)
    {
        foreach (SyntaxNode block in blocks)
        {
            string text = _texts.GetOrAdd(block.SyntaxTree, tree => tree.GetText().ToString());
            TextSpan span = block.Span;
            if (IndexOf(text, span, BusyTimeout, span.Start, StringComparison.OrdinalIgnoreCase) >= 0
                || _names.Any(name => IndexOf(text, span, name, span.Start, StringComparison.Ordinal) >= 0))
                return true;
            if (!_walAdvice)
                continue;
            for (int at = IndexOf(text, span, "new", span.Start, StringComparison.Ordinal); at >= 0; at = IndexOf(text, span, "new", at + 3, StringComparison.Ordinal))
            {
                SyntaxToken token = block.FindToken(at);
                if (token.IsKind(SyntaxKind.NewKeyword) && token.SpanStart == at && CreatesConnection(token.Parent))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Where <paramref name="value"/> starts in <paramref name="text"/> between <paramref name="from"/> and the end of <paramref name="span"/>; -1 if it does not.</summary>
    private static int IndexOf(string text, TextSpan span, string value, int from, StringComparison comparison) =>
        span.End - from < value.Length ? -1 : text.IndexOf(value, from, span.End - from, comparison);

    /// <summary>A <c>new</c> that can create a connection: of a connection-like type, or target-typed.</summary>
    private bool CreatesConnection(SyntaxNode? creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: PredefinedTypeSyntax } => false,
        ObjectCreationExpressionSyntax { Type: var type } => SqlHelpers.TypeName(type) is not string name || IsConnection(name, _connections),
        ImplicitObjectCreationExpressionSyntax => true,
        _ => false,
    };

    /// <summary>A name that can be a connection type: one ending in <c>Connection</c>, or an alias or type of the project that derives from one.</summary>
    private static bool IsConnection(string name, HashSet<string> connections) =>
        name.EndsWith("Connection", StringComparison.Ordinal) || connections.Contains(name);

    private static IEnumerable<string> Identifiers(SyntaxNode node) =>
        node.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText);

    private static bool SpellsBusyTimeout(SyntaxNode node) =>
        node.DescendantTokens().Any(t => !t.IsKind(SyntaxKind.IdentifierToken) && t.Text.IndexOf(BusyTimeout, StringComparison.OrdinalIgnoreCase) >= 0);
}

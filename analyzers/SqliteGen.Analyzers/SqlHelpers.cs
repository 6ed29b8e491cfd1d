using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SqliteGen.Analyzers;

/// <summary>
/// A method of the project being compiled that takes SQL text: a <c>string</c> parameter its body hands, as it is,
/// to <c>CommandText</c>, a command or data adapter constructor, or a call named <c>Execute...</c>/<c>Query...</c>
/// (Dapper, ADO.NET, or another helper), in the position of that call's SQL text. The names are read from syntax alone
/// (a pre-filter that costs no semantic model); a candidate's calls are then bound once, to tell its SQL text from the
/// values passed beside it. Follows one level: a helper calling a helper is recognised by the name of the call.
/// </summary>
internal static class SqlHelpers
{
    /// <summary>
    /// The names of <paramref name="method"/>'s string parameters that reach SQL. An interface, abstract or virtual
    /// method is read through its implementations and overrides in the compilation (a repository called through its
    /// interface), matched by position.
    /// </summary>
    public static ImmutableArray<string> SqlParameters(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String))
            return ImmutableArray<string>.Empty;
        var found = new bool[method.Parameters.Length];
        Mark(method, found, compilation, cancellationToken);
        if (method.IsAbstract || method.IsVirtual || method.ContainingType.TypeKind == TypeKind.Interface)
        {
            foreach (IMethodSymbol implementation in Implementations(method, compilation, cancellationToken))
                Mark(implementation, found, compilation, cancellationToken);
        }
        return method.Parameters.Where((_, i) => found[i]).Select(p => p.Name).ToImmutableArray();
    }

    /// <summary>
    /// What the analyzer asks of syntax before it asks the semantic model anything: the names of the project's methods
    /// that can take SQL (a parameter its body hands to a sink, read as <see cref="SqlParameters"/> reads it) and the
    /// names <c>using</c> aliases give types. Read once per compilation; a call or <c>new</c> that cannot be a sink by
    /// its name is then never bound.
    /// </summary>
    public sealed class Names
    {
        private readonly HashSet<string> _helpers;
        private readonly HashSet<string> _aliases;

        private Names(HashSet<string> helpers, HashSet<string> aliases)
        {
            _helpers = helpers;
            _aliases = aliases;
        }

        public static Names Read(Compilation compilation, CancellationToken cancellationToken)
        {
            var helpers = new HashSet<string>(StringComparer.Ordinal);
            var aliases = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Declarations and statements hold the methods, local functions and aliases; expressions need not be read.
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is not ExpressionSyntax))
                {
                    switch (node)
                    {
                        case UsingDirectiveSyntax { Alias: { } alias }:
                            aliases.Add(alias.Name.Identifier.ValueText);
                            break;
                        case MethodDeclarationSyntax method when TakesSql(method, method.ParameterList):
                            helpers.Add(method.Identifier.ValueText);
                            break;
                        case LocalFunctionStatementSyntax function when TakesSql(function, function.ParameterList):
                            helpers.Add(function.Identifier.ValueText);
                            break;
                    }
                }
            }
            return new Names(helpers, aliases);
        }

        /// <summary>
        /// False when <paramref name="call"/> cannot be a call that takes SQL: Dapper's and <c>db.Sql</c>'s methods
        /// (<c>Query...</c>, <c>Execute...</c>) and the project's helpers, by name.
        /// </summary>
        public bool MayTakeSql(InvocationExpressionSyntax call) =>
            MethodName(call.Expression) is string name
            && (name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("Execute", StringComparison.Ordinal) || _helpers.Contains(name));

        /// <summary>False when <paramref name="type"/> cannot name a command, data adapter or Dapper <c>CommandDefinition</c>.</summary>
        public bool MayCreateCommand(TypeSyntax type) =>
            TypeName(type) is not string name
            || name.EndsWith("Command", StringComparison.Ordinal) || name.EndsWith("DataAdapter", StringComparison.Ordinal)
            || name == "CommandDefinition" || _aliases.Contains(name);

        /// <summary>A method with a string parameter that its body hands to a sink.</summary>
        private static bool TakesSql(SyntaxNode declaration, ParameterListSyntax parameters)
        {
            string[] candidates = parameters.Parameters.Where(p => IsString(p.Type)).Select(p => p.Identifier.ValueText).ToArray();
            return candidates.Length > 0
                && declaration.DescendantNodes().OfType<IdentifierNameSyntax>().Any(use => Array.IndexOf(candidates, use.Identifier.ValueText) >= 0 && ReachesSql(use));
        }

        private static bool IsString(TypeSyntax? type) => type switch
        {
            PredefinedTypeSyntax predefined => predefined.Keyword.ValueText == "string",
            NullableTypeSyntax nullable => IsString(nullable.ElementType),
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "String",
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "String",
            AliasQualifiedNameSyntax qualified => qualified.Name.Identifier.ValueText == "String",
            _ => false,
        };
    }

    /// <summary>Sets <paramref name="found"/>[i] for each string parameter i of <paramref name="method"/>'s body that reaches SQL.</summary>
    private static void Mark(IMethodSymbol method, bool[] found, Compilation compilation, CancellationToken cancellationToken)
    {
        string[] candidates = method.Parameters.Select(p => p.Type.SpecialType == SpecialType.System_String ? p.Name : "").ToArray();
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode declaration = reference.GetSyntax(cancellationToken);
            SemanticModel? model = null;
            foreach (IdentifierNameSyntax use in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                int index = Array.IndexOf(candidates, use.Identifier.ValueText);
                if (index >= 0 && index < found.Length && !found[index] && ReachesSql(use)
                    && IsSqlArgument(use, model ??= compilation.GetSemanticModel(reference.SyntaxTree), cancellationToken))
                    found[index] = true;
            }
        }
    }

    /// <summary>
    /// False when <paramref name="use"/> is an argument of a call that binds it to a parameter which is not the SQL text:
    /// the values of <c>Query(sql, params object[] args)</c> (sqlite-net) or any parameter other than the target's SQL one
    /// (its only string parameter, or a string parameter named for SQL). True when the call does not bind (nothing better
    /// is known than its name) and for the other sinks <see cref="ReachesSql"/> accepts.
    /// </summary>
    private static bool IsSqlArgument(IdentifierNameSyntax use, SemanticModel model, CancellationToken cancellationToken)
    {
        if (use.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } argument)
            return true;
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
            return true;
        if (ParameterOf(argument, invocation, target) is not IParameterSymbol parameter)
            return true;
        if (parameter.Type.SpecialType != SpecialType.System_String)
            return false;
        IParameterSymbol[] strings = target.Parameters.Where(p => p.Type.SpecialType == SpecialType.System_String).ToArray();
        return strings.Length == 1 || NamedForSql(parameter.Name);
    }

    /// <summary>The parameter <paramref name="argument"/> binds to: by name, or by position (the last <c>params</c> parameter takes the rest).</summary>
    private static IParameterSymbol? ParameterOf(ArgumentSyntax argument, InvocationExpressionSyntax invocation, IMethodSymbol target)
    {
        ImmutableArray<IParameterSymbol> parameters = target.Parameters; // a reduced extension method's list has no 'this'
        if (argument.NameColon is { } name)
            return parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText);
        int position = invocation.ArgumentList.Arguments.IndexOf(argument);
        if (position < 0 || parameters.IsEmpty)
            return null;
        if (position >= parameters.Length - 1 && parameters[parameters.Length - 1].IsParams)
            return parameters[parameters.Length - 1];
        return position < parameters.Length ? parameters[position] : null;
    }

    private static bool NamedForSql(string name) =>
        name.IndexOf("sql", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("query", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("command", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("statement", StringComparison.OrdinalIgnoreCase) >= 0
        || name.Equals("cmdText", StringComparison.OrdinalIgnoreCase)
        || name.Equals("text", StringComparison.OrdinalIgnoreCase);

    /// <summary>The methods of the compilation that implement or override <paramref name="method"/> (same name, same parameter count).</summary>
    private static IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        IMethodSymbol target = method.OriginalDefinition;
        foreach (IMethodSymbol candidate in compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member, cancellationToken).OfType<IMethodSymbol>())
        {
            if (candidate.Parameters.Length != target.Parameters.Length || SymbolEqualityComparer.Default.Equals(candidate, target))
                continue;
            if (target.ContainingType.TypeKind == TypeKind.Interface)
            {
                if (candidate.ContainingType.FindImplementationForInterfaceMember(target) is IMethodSymbol implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, candidate.OriginalDefinition))
                    yield return candidate;
                continue;
            }
            for (IMethodSymbol? overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, target))
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }

    private static bool ReachesSql(IdentifierNameSyntax use)
    {
        switch (use.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Right == use:
                return assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } or IdentifierNameSyntax { Identifier.ValueText: "CommandText" };
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: var call } }:
                return call switch
                {
                    ObjectCreationExpressionSyntax creation => TypeName(creation.Type) is string type
                        && (type.EndsWith("Command", StringComparison.Ordinal) || type.EndsWith("DataAdapter", StringComparison.Ordinal) || type == "CommandDefinition"),
                    ImplicitObjectCreationExpressionSyntax => false,
                    InvocationExpressionSyntax invocation => MethodName(invocation.Expression) is string method
                        && (method.StartsWith("Execute", StringComparison.Ordinal) || method.StartsWith("Query", StringComparison.Ordinal)
                            || method is "CreateCommand" or "Command" or "GetDataTable" or "GetDataSet"),
                    _ => false,
                };
            default:
                return false;
        }
    }

    internal static string? TypeName(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => TypeName(qualified.Right),
        AliasQualifiedNameSyntax qualified => TypeName(qualified.Name),
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    private static string? MethodName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}

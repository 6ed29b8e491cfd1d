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
/// (Dapper, ADO.NET, or another helper). Read from the method's syntax alone, so it costs no semantic model and
/// follows one level: a helper calling a helper is recognised by the name of the call.
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
        Mark(method, found, cancellationToken);
        if (method.IsAbstract || method.IsVirtual || method.ContainingType.TypeKind == TypeKind.Interface)
        {
            foreach (IMethodSymbol implementation in Implementations(method, compilation, cancellationToken))
                Mark(implementation, found, cancellationToken);
        }
        return method.Parameters.Where((_, i) => found[i]).Select(p => p.Name).ToImmutableArray();
    }

    /// <summary>Sets <paramref name="found"/>[i] for each string parameter i of <paramref name="method"/>'s body that reaches SQL.</summary>
    private static void Mark(IMethodSymbol method, bool[] found, CancellationToken cancellationToken)
    {
        string[] candidates = method.Parameters.Select(p => p.Type.SpecialType == SpecialType.System_String ? p.Name : "").ToArray();
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode declaration = reference.GetSyntax(cancellationToken);
            foreach (IdentifierNameSyntax use in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                int index = Array.IndexOf(candidates, use.Identifier.ValueText);
                if (index >= 0 && index < found.Length && !found[index] && ReachesSql(use))
                    found[index] = true;
            }
        }
    }

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

    private static string? TypeName(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
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

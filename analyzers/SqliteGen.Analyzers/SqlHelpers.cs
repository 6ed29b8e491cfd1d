using System;
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
    public static ImmutableArray<string> SqlParameters(IMethodSymbol method, CancellationToken cancellationToken)
    {
        string[] candidates = method.Parameters.Where(p => p.Type.SpecialType == SpecialType.System_String).Select(p => p.Name).ToArray();
        if (candidates.Length == 0)
            return ImmutableArray<string>.Empty;
        var found = ImmutableArray.CreateBuilder<string>();
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode declaration = reference.GetSyntax(cancellationToken);
            foreach (IdentifierNameSyntax use in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                string name = use.Identifier.ValueText;
                if (Array.IndexOf(candidates, name) >= 0 && !found.Contains(name) && ReachesSql(use))
                    found.Add(name);
            }
        }
        return found.ToImmutable();
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

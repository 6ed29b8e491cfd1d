using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>Reads the <c>[SeedData(version)]</c> methods of a <c>[SqliteDatabase]</c> class.</summary>
internal static class SeedDataParser
{
    /// <summary>Every <c>[SeedData]</c> method, by version then name; one that cannot be called as seed data carries the reason.</summary>
    public static EquatableArray<SeedDataModel> Parse(INamedTypeSymbol type)
    {
        var seeds = new List<SeedDataModel>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            AttributeData? attribute = EntityParser.FindAttribute(method.GetAttributes(), KnownNames.SeedData);
            if (attribute is null)
                continue;
            int version = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int v ? v : 0;
            seeds.Add(new SeedDataModel(version, method.Name, Problem(type, method)));
        }
        return seeds.OrderBy(s => s.Version).ThenBy(s => s.MethodName, System.StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>Whether the method is <c>static void Name(MigrationContext context)</c>, the shape of data steps and seed data.</summary>
    internal static bool IsMigrationMethod(IMethodSymbol method) =>
        method.IsStatic && method.ReturnsVoid && !method.IsGenericMethod && method.Parameters.Length == 1
        && method.Parameters[0].Type.ToDisplayString() == "SqliteGen.MigrationContext" && method.Parameters[0].RefKind == RefKind.None;

    private static string? Problem(INamedTypeSymbol type, IMethodSymbol method)
    {
        if (!IsMigrationMethod(method))
            return $"[SeedData] on '{type.Name}.{method.Name}': seed data must be declared 'static void {method.Name}(MigrationContext context)'";
        if (EntityParser.FindAttribute(method.GetAttributes(), KnownNames.DataStep) is not null)
            return $"'{type.Name}.{method.Name}' is both [DataStep] and [SeedData]: a data step changes the rows a file already has as it is migrated, seed data inserts the rows every file must have; give each its own method";
        return null;
    }
}

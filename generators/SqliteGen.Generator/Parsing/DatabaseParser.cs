using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>Reads a <c>[SqliteDatabase]</c> class into a <see cref="DatabaseModel"/>.</summary>
internal static class DatabaseParser
{
    public static (DatabaseModel? Model, List<DiagnosticInfo> Diagnostics) Parse(INamedTypeSymbol type)
    {
        var diagnostics = new List<DiagnosticInfo>();
        Location? location = type.Locations.FirstOrDefault();
        AttributeData? attribute = EntityParser.FindAttribute(type.GetAttributes(), KnownNames.Database);

        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsGenericType || type.IsStatic || !EntityParser.IsPartial(type))
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DatabaseMustBePartialClass, location, type.Name));
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!EntityParser.IsPartial(outer) || outer.IsGenericType)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DatabaseMustBePartialClass, location, outer.Name));
        }

        int version = attribute is null ? 1 : NamedIntOr(attribute, "Version", 1);
        if (version < 1)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidVersion, location, type.Name, version));

        var listed = new List<string>();
        bool listsTables = false;
        string? jsonContext = null;
        var jsonTypes = new List<string>();
        if (attribute is not null)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                // An empty list means what no list means: every [Table] type of the assembly.
                if (argument.Key == "Tables" && argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull && argument.Value.Values.Length > 0)
                {
                    listsTables = true;
                    listed.AddRange(argument.Value.Values.Select(v => v.Value).OfType<ITypeSymbol>().Select(EntityParser.FullName));
                }
                else if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol context)
                {
                    jsonContext = EntityParser.FullName(context);
                    foreach (AttributeData serializable in context.GetAttributes().Where(a => EntityParser.Is(a, KnownNames.JsonSerializable)))
                    {
                        if (serializable.ConstructorArguments.Length > 0 && serializable.ConstructorArguments[0].Value is ITypeSymbol declared)
                            jsonTypes.Add(EntityParser.FullName(declared));
                    }
                }
            }
        }

        if (diagnostics.Count > 0)
            return (null, diagnostics);

        var model = new DatabaseModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            TypeName: type.Name,
            FullyQualifiedName: EntityParser.FullName(type),
            Accessibility: type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            ContainingTypes: EntityParser.ContainingTypes(type),
            Version: version,
            ListedTables: listed.ToEquatableArray(),
            ListsTables: listsTables,
            JsonContextTypeName: jsonContext,
            JsonContextTypes: jsonTypes.OrderBy(t => t, System.StringComparer.Ordinal).ToEquatableArray(),
            DataSteps: DataSteps(type),
            Location: LocationInfoOf(location),
            Queries: QueryParser.Parse(type),
            SeedData: SeedDataParser.Parse(type));
        return (model, diagnostics);
    }

    /// <summary>The <c>[DataStep(version)]</c> methods; a method with the wrong shape carries the reason as its problem.</summary>
    private static EquatableArray<DataStepModel> DataSteps(INamedTypeSymbol type)
    {
        var steps = new List<DataStepModel>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            AttributeData? attribute = EntityParser.FindAttribute(method.GetAttributes(), KnownNames.DataStep);
            if (attribute is null)
                continue;
            int version = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int v ? v : 0;
            bool shape = SeedDataParser.IsMigrationMethod(method);
            steps.Add(new DataStepModel(version, method.Name, shape ? null : $"'{type.Name}.{method.Name}' must be declared 'static void {method.Name}(MigrationContext context)'"));
        }
        return steps.OrderBy(s => s.Version).ThenBy(s => s.MethodName, System.StringComparer.Ordinal).ToEquatableArray();
    }

    internal static LocationInfo? LocationInfoOf(Location? location)
    {
        if (location is null || !location.IsInSource)
            return null;
        FileLinePositionSpan lines = location.GetLineSpan();
        return new LocationInfo(lines.Path, location.SourceSpan.Start, location.SourceSpan.Length,
            lines.StartLinePosition.Line, lines.StartLinePosition.Character, lines.EndLinePosition.Line, lines.EndLinePosition.Character);
    }

    private static int NamedIntOr(AttributeData attribute, string name, int fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is int value)
                return value;
        }
        return fallback;
    }
}

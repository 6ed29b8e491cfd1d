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
            JsonContextTypes: jsonTypes.OrderBy(t => t, System.StringComparer.Ordinal).ToEquatableArray());
        return (model, diagnostics);
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

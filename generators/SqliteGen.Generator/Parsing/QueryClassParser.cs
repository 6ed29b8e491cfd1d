using System.Linq;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>
/// Reads a <c>[SqliteQueries(typeof(Db))]</c> class into a <see cref="QueryClassModel"/>, or says why SqliteGen cannot
/// implement it (SQLG309): the class must be one the generator can add a part to, and the database one whose tables it
/// knows (a <c>[SqliteDatabase]</c> class of this compilation: its pool is reached through an internal member).
/// </summary>
internal static class QueryClassParser
{
    public static QueryClassOutcome Parse(INamedTypeSymbol type, AttributeData attribute, IAssemblySymbol assembly)
    {
        Location? classLocation = type.Locations.FirstOrDefault();
        LocationInfo? at = DatabaseParser.LocationInfoOf(classLocation);
        LocationInfo? attributeAt = DatabaseParser.LocationInfoOf(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()) ?? at;
        QueryClassOutcome Problem(string why, LocationInfo? where) => new(null, $"[SqliteQueries] class '{type.Name}' {why}", where);

        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic || type.IsGenericType || !EntityParser.IsPartial(type))
            return Problem("must be a partial, non-static, non-generic class (not a record): SqliteGen adds its constructor and the bodies of its [Query] methods", at);
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!EntityParser.IsPartial(outer) || outer.IsGenericType)
                return Problem($"is nested in '{outer.Name}', which must be partial and not generic too", at);
        }
        if (EntityParser.FindAttribute(type.GetAttributes(), KnownNames.Database) is not null)
            return Problem("is itself a [SqliteDatabase] class: its [Query] methods run on it already; remove [SqliteQueries]", attributeAt);
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol database)
            return Problem("names no database: write [SqliteQueries(typeof(AppDb))] with the [SqliteDatabase] class whose tables its queries read", attributeAt);
        if (EntityParser.FindAttribute(database.GetAttributes(), KnownNames.Database) is null)
            return Problem($"names '{database.ToDisplayString()}', which is not a [SqliteDatabase] class: name the database whose tables its queries read", attributeAt);
        if (!SymbolEqualityComparer.Default.Equals(database.ContainingAssembly, assembly))
            return Problem($"names '{database.ToDisplayString()}' from another assembly ({database.ContainingAssembly.Name}): declare the query class in the project that declares the database", attributeAt);

        bool isPublic = IsPublic(type) && IsPublic(database);
        var model = new QueryClassModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            TypeName: type.Name,
            FullyQualifiedName: EntityParser.FullName(type),
            ContainingTypes: EntityParser.ContainingTypes(type),
            ConstructorAccessibility: isPublic ? "public" : "internal",
            DatabaseFullyQualifiedName: EntityParser.FullName(database),
            Queries: QueryParser.Parse(type, queryClass: true),
            Location: at);
        return new QueryClassOutcome(model, null, null);
    }

    /// <summary>Public from outside the assembly: it and every type it is nested in.</summary>
    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
                return false;
        }
        return true;
    }
}

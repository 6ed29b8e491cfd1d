using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>The <c>[Vector]</c> and <c>[FullText]</c> half of <see cref="EntityParser"/>: member types, dimensions, metric, conflicts.</summary>
internal static class SearchParser
{
    public const int MaxDimensions = 8192;

    private static readonly string[] Metrics = { "Cosine", "L2", "Dot" };

    /// <summary>What a search attribute adds to a column.</summary>
    public readonly record struct SearchColumn(int Dimensions, string? Metric, bool IsFullText);

    /// <summary>A <c>[Vector]</c> member's storage: <c>float[]</c> or <c>ReadOnlyMemory&lt;float&gt;</c>, nullable or not; null kind for any other type.</summary>
    public static (ValueKind? Kind, bool IsNullable, ITypeSymbol ValueType) ClassifyVector(ITypeSymbol type)
    {
        (bool isNullable, ITypeSymbol valueType) = EntityParser.Unwrap(type);
        bool isArray = valueType is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Single };
        bool isMemory = valueType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.TypeArguments[0].SpecialType == SpecialType.System_Single
            && named.OriginalDefinition.ToDisplayString() == "System.ReadOnlyMemory<T>";
        return (isArray || isMemory ? ValueKind.Vector : null, isNullable, valueType);
    }

    /// <summary>Checks the search attributes of one member; reports what is wrong and returns what they add.</summary>
    public static SearchColumn Parse(
        INamedTypeSymbol type, IPropertySymbol property, List<AttributeData> attributes, ValueKind kind, Location? location, List<DiagnosticInfo> diagnostics)
    {
        AttributeData? vector = EntityParser.FindAttribute(attributes, KnownNames.Vector);
        AttributeData? fullText = EntityParser.FindAttribute(attributes, KnownNames.FullText);
        void Conflict(string message) => diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ConflictingAttributes, location, type.Name, property.Name, message));

        if (fullText is not null && kind != ValueKind.String && kind != ValueKind.Vector)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.FullTextOnNonString, location, type.Name, property.Name, property.Type.ToDisplayString()));
        if (vector is null)
            return new SearchColumn(0, null, fullText is not null);

        if (fullText is not null)
            Conflict("[Vector] and [FullText] cannot be combined: a vector is not text");
        foreach ((string metadataName, string shown) in new[] { (KnownNames.PrimaryKey, "[PrimaryKey]"), (KnownNames.Indexed, "[Indexed]"), (KnownNames.Unique, "[Unique]"), (KnownNames.References, "[References]"), (KnownNames.JsonColumn, "[JsonColumn]") })
        {
            if (EntityParser.FindAttribute(attributes, metadataName) is not null)
                Conflict($"[Vector] cannot be combined with {shown}: a vector is searched with Nearest, not compared or indexed");
        }

        object? dimensionsValue = vector.ConstructorArguments.Length == 1 ? vector.ConstructorArguments[0].Value : null;
        int dimensions = dimensionsValue is int d ? d : 0;
        string shownDimensions = dimensionsValue is int ? Naming.Invariant(dimensions) : "?";
        if (dimensions < 1 || dimensions > MaxDimensions)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidVector, location, type.Name, property.Name, shownDimensions, $"a vector needs 1 to {Naming.Invariant(MaxDimensions)} dimensions"));

        string metric = "Cosine";
        foreach (KeyValuePair<string, TypedConstant> argument in vector.NamedArguments)
        {
            if (argument.Key != "Metric")
                continue;
            if (argument.Value.Value is int value && value >= 0 && value < Metrics.Length)
                metric = Metrics[value];
            else
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidVector, location, type.Name, property.Name, shownDimensions, $"Metric = {argument.Value.Value} is not a VectorMetric: use Cosine, L2 or Dot"));
        }
        return new SearchColumn(dimensions, metric, false);
    }

    /// <summary>
    /// Search finds rows by rowid: a table with <c>[Vector]</c> or <c>[FullText]</c> members cannot have a column that
    /// hides it (<c>rowid</c>, <c>_rowid_</c>, <c>oid</c>).
    /// </summary>
    public static void CheckRowid(INamedTypeSymbol type, IReadOnlyList<ColumnModel> columns, Location? location, List<DiagnosticInfo> diagnostics)
    {
        if (!columns.Any(c => c.Kind == ValueKind.Vector || c.IsFullText))
            return;
        foreach (ColumnModel column in columns.Where(c => c.ColumnName.Equals("rowid", System.StringComparison.OrdinalIgnoreCase)
            || c.ColumnName.Equals("_rowid_", System.StringComparison.OrdinalIgnoreCase) || c.ColumnName.Equals("oid", System.StringComparison.OrdinalIgnoreCase)))
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, location,
                $"Column name '{column.ColumnName}' of '{type.Name}.{column.MemberName}' is invalid: it hides SQLite's rowid, which vector and full-text search use to find rows; rename the column with [Column(\"...\")]"));
        }
    }

    /// <summary>FTS5 reserves these as column names of a full-text table.</summary>
    public static string? FullTextColumnProblem(string columnName) =>
        columnName.Equals("rank", System.StringComparison.OrdinalIgnoreCase) || columnName.Equals("rowid", System.StringComparison.OrdinalIgnoreCase)
            ? $"FTS5 reserves the column name '{columnName}': rename the column with [Column(\"...\")]"
            : null;
}

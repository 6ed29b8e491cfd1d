using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>
/// The outcome of parsing one <c>[Table]</c> type: a model when it is valid, and the diagnostics found; when it is not, the
/// model as far as it could be read (<see cref="Draft"/>), from which only the signatures of a stand-in accessor are taken.
/// </summary>
internal sealed class EntityParseResult
{
    public EntityParseResult(EntityModel? model, List<DiagnosticInfo> diagnostics, EntityModel? draft = null)
    {
        Model = model;
        Diagnostics = diagnostics;
        Draft = draft;
    }

    public EntityModel? Model { get; }

    /// <summary>
    /// For a type with errors whose accessor name is a C# identifier: its members that did parse, never emitted as a table
    /// (the stand-in accessor repeats its method signatures with bodies that throw; <c>Emitting/StandInTableEmitter</c>).
    /// </summary>
    public EntityModel? Draft { get; }

    public List<DiagnosticInfo> Diagnostics { get; }
}

/// <summary>
/// Reads a <c>[Table]</c> type into an <see cref="EntityModel"/>. Shared by the generator (which keeps
/// only the model) and the analyzers (which report the diagnostics). Never throws on user input.
/// </summary>
internal static class EntityParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static EntityParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        Location? typeLocation = type.Locations.FirstOrDefault();
        AttributeData? tableAttribute = FindAttribute(type.GetAttributes(), KnownNames.Table);
        string tableName = ExplicitTableName(tableAttribute) ?? Naming.ToSnakeCase(type.Name);

        CheckDeclaration(type, diagnostics);
        if (Naming.SqlNameProblem(tableName) is { } tableProblem)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, typeLocation, $"Table name '{tableName}' of entity '{type.Name}' is invalid: {tableProblem}"));

        string accessor = NamedString(tableAttribute, "Accessor")
            ?? (ExplicitTableName(tableAttribute) is { } explicitName ? Naming.ToPascalCase(explicitName) : Naming.Pluralize(type.Name));
        bool validAccessor = Naming.IsValidCSharpIdentifier(accessor);
        if (!validAccessor)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, typeLocation, $"Accessor name '{accessor}' of entity '{type.Name}' is not a C# identifier: set [Table(Accessor = \"...\")]"));

        IMethodSymbol? primaryConstructor = type.InstanceConstructors.FirstOrDefault(IsPrimaryConstructor);
        var columns = new List<ColumnModel>();
        var indexes = new List<IndexModel>();
        var foreignKeys = new List<ForeignKeyModel>();
        var storedMembers = new HashSet<string>(StringComparer.Ordinal);

        foreach (IPropertySymbol property in StorableProperties(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IParameterSymbol? parameter = primaryConstructor?.Parameters.FirstOrDefault(p => p.Name == property.Name);
            var attributes = property.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>()).ToList();
            Location? location = parameter?.Locations.FirstOrDefault() ?? property.Locations.FirstOrDefault();

            ColumnModel? column = ParseColumn(type, property, parameter, attributes, location, tableName, diagnostics, indexes, foreignKeys, cancellationToken);
            if (column is not null)
            {
                columns.Add(column);
                storedMembers.Add(column.MemberName);
            }
        }

        CheckKeys(type, tableName, columns, diagnostics, typeLocation);
        CheckDuplicateColumns(type, columns, diagnostics, typeLocation);
        SearchParser.CheckRowid(type, columns, typeLocation, diagnostics);

        foreach (AttributeData indexAttribute in type.GetAttributes().Where(a => Is(a, KnownNames.Index)))
        {
            Location? location = indexAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? typeLocation;
            string[] members = indexAttribute.ConstructorArguments.Length == 1 && indexAttribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
                ? indexAttribute.ConstructorArguments[0].Values.Select(v => v.Value as string ?? "").ToArray()
                : Array.Empty<string>();
            if (members.Length == 0)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnknownIndexMember, location, type.Name, "(nothing)"));
                continue;
            }
            bool allKnown = true;
            foreach (string member in members.Where(m => !storedMembers.Contains(m)))
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnknownIndexMember, location, type.Name, member));
                allKnown = false;
            }
            if (!allKnown)
                continue;
            if (members.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                // The generated FindBy method would get the same parameter twice (CS0100).
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName, location, $"An [Index] on entity '{type.Name}' lists '{repeated.Key}' twice: name each member once"));
                continue;
            }
            bool unique = NamedBool(indexAttribute, "Unique");
            string? name = NamedString(indexAttribute, "Name");
            string[] indexColumns = members.Select(m => columns.First(c => c.MemberName == m).ColumnName).ToArray();
            indexes.Add(new IndexModel(name ?? DefaultIndexName(tableName, indexColumns, unique), members.ToEquatableArray(), unique, NamedString(indexAttribute, "Where")));
        }

        foreach (IndexModel index in indexes)
        {
            if (Naming.SqlNameProblem(index.Name) is { } problem)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, typeLocation, $"Index name '{index.Name}' on entity '{type.Name}' is invalid: {problem}"));
        }
        foreach (var duplicate in indexes.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName, typeLocation, $"Entity '{type.Name}' declares the index '{duplicate.Key}' twice: give one of them another Name or remove the duplicate"));

        var constructorArguments = new List<ConstructorArgument>();
        bool usesPrimaryConstructor = primaryConstructor is not null;
        if (primaryConstructor is not null)
        {
            foreach (IParameterSymbol parameter in primaryConstructor.Parameters)
            {
                ColumnModel? column = columns.FirstOrDefault(c => c.MemberName == parameter.Name);
                constructorArguments.Add(new ConstructorArgument(parameter.Name, column?.MemberName, parameter.Type.ToDisplayString(TypeFormat)));
            }
        }
        else if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.NoConstructor, typeLocation, type.Name, "(constructor)"));
        }

        var model = new EntityModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            TypeName: type.Name,
            FullyQualifiedName: FullName(type),
            DeclarationKeyword: type.IsValueType ? "record struct" : "record",
            IsValueType: type.IsValueType,
            ContainingTypes: ContainingTypes(type),
            TableName: tableName,
            AccessorName: accessor,
            Columns: columns.ToEquatableArray(),
            Indexes: indexes.ToEquatableArray(),
            ForeignKeys: foreignKeys.ToEquatableArray(),
            UsesPrimaryConstructor: usesPrimaryConstructor,
            ConstructorArguments: constructorArguments.ToEquatableArray(),
            IsPublic: IsEffectivelyPublic(type),
            RenamedFrom: RenamedFromNames(type.GetAttributes()),
            Tenancy: TenancyOf(type));
        if (diagnostics.Count > 0)
            return new EntityParseResult(null, diagnostics, validAccessor && ReachableFromTheAssembly(type) ? model : null);
        return new EntityParseResult(model, diagnostics);
    }

    /// <summary>
    /// Whether code elsewhere in the assembly can name the type (it and every type it is nested in public or internal): a
    /// stand-in accessor's signatures name it.
    /// </summary>
    private static bool ReachableFromTheAssembly(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
                return false;
        }
        return true;
    }

    /// <summary><c>[TenantScoped(mode)]</c>: 0 is Isolated, 1 Layered (TenantMode's values); none is not tenant-scoped.</summary>
    private static TenantScope TenancyOf(INamedTypeSymbol type) =>
        FindAttribute(type.GetAttributes(), KnownNames.TenantScoped) is { ConstructorArguments.Length: 1 } attribute
            ? attribute.ConstructorArguments[0].Value is 1 ? TenantScope.Layered : TenantScope.Isolated
            : TenantScope.None;

    /// <summary>The names given by <c>[RenamedFrom("old")]</c> attributes, in declaration order, blanks left out.</summary>
    internal static EquatableArray<string> RenamedFromNames(IEnumerable<AttributeData> attributes) =>
        attributes.Where(a => Is(a, KnownNames.RenamedFrom))
            .Select(ConstructorString)
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => name!)
            .Distinct(StringComparer.Ordinal)
            .ToEquatableArray();

    private static void CheckDeclaration(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        Location? location = type.Locations.FirstOrDefault();
        if (!type.IsRecord || !IsPartial(type))
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, ""));
        else if (type.IsGenericType)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, " (a generic record cannot be a table: declare a non-generic record)"));
        else if (type.IsAbstract)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, " (an abstract record cannot be a table: SqliteGen creates the rows it reads; declare it sealed or plain)"));
        else if (type.IsFileLocal())
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, " (a file-local type cannot be a table: the generated database class must see it)"));
        else if (HiddenBy(type) is { } hidden)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, $" ({(SymbolEqualityComparer.Default.Equals(hidden, type) ? "it is" : $"it is nested in '{hidden.Name}', which is")} {Describe(hidden.DeclaredAccessibility)}: the generated database class exposes the table, so it must be internal or public)"));

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer) || outer.IsGenericType)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.TableMustBePartialRecord, location, type.Name, $" (it is nested in '{outer.Name}', which must be a non-generic partial type too)"));
        }
    }

    /// <summary>
    /// The type itself or the first type it is nested in that is private or protected: the generated database class (and
    /// its table accessor, public or internal) would expose it, which C# refuses (CS0050-CS0053) in generated code the user
    /// did not write. Null when the whole chain is internal or public.
    /// </summary>
    private static INamedTypeSymbol? HiddenBy(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                return current;
        }
        return null;
    }

    private static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        _ => "private protected",
    };

    private static bool IsEffectivelyPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
                return false;
        }
        return true;
    }

    private static bool IsFileLocal(this INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(m => m.IsKind(SyntaxKind.FileKeyword)));

    internal static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));

    internal static EquatableArray<ContainingType> ContainingTypes(INamedTypeSymbol type)
    {
        var result = new List<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record")
                : outer.TypeKind == TypeKind.Struct ? "struct"
                : outer.TypeKind == TypeKind.Interface ? "interface"
                : "class";
            result.Insert(0, new ContainingType(keyword, outer.Name));
        }
        return result.ToEquatableArray();
    }

    /// <summary>Where a stored member is declared: its primary-constructor parameter, else its property (base records included).</summary>
    internal static Location? MemberLocation(INamedTypeSymbol type, string memberName)
    {
        IMethodSymbol? primaryConstructor = type.InstanceConstructors.FirstOrDefault(IsPrimaryConstructor);
        if (primaryConstructor?.Parameters.FirstOrDefault(p => p.Name == memberName) is { } parameter)
            return parameter.Locations.FirstOrDefault();
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(memberName).OfType<IPropertySymbol>().FirstOrDefault() is { } property)
                return property.Locations.FirstOrDefault();
        }
        return null;
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor) =>
        constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is RecordDeclarationSyntax { ParameterList: not null });

    private static IEnumerable<IPropertySymbol> StorableProperties(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            chain.Insert(0, current);
        foreach (INamedTypeSymbol declaring in chain)
        {
            foreach (ISymbol member in declaring.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && property.Name != "EqualityContract"
                    && seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    private static ColumnModel? ParseColumn(
        INamedTypeSymbol type, IPropertySymbol property, IParameterSymbol? parameter, List<AttributeData> attributes, Location? location,
        string tableName, List<DiagnosticInfo> diagnostics, List<IndexModel> indexes, List<ForeignKeyModel> foreignKeys, CancellationToken cancellationToken)
    {
        AttributeData? ignore = FindAttribute(attributes, KnownNames.Ignore);
        AttributeData? primaryKey = FindAttribute(attributes, KnownNames.PrimaryKey);
        AttributeData? column = FindAttribute(attributes, KnownNames.Column);
        AttributeData? indexed = FindAttribute(attributes, KnownNames.Indexed);
        AttributeData? unique = FindAttribute(attributes, KnownNames.Unique);
        AttributeData? references = FindAttribute(attributes, KnownNames.References);
        AttributeData? json = FindAttribute(attributes, KnownNames.JsonColumn);
        AttributeData? vector = FindAttribute(attributes, KnownNames.Vector);

        bool hasStorageAttributes = new[] { primaryKey, column, indexed, unique, references, json, vector, FindAttribute(attributes, KnownNames.FullText) }.Any(a => a is not null);
        if (ignore is not null)
        {
            if (hasStorageAttributes)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ConflictingAttributes, location, type.Name, property.Name, "[Ignore] cannot be combined with other SqliteGen attributes: remove [Ignore] to store the member, or the others"));
            return null;
        }

        bool settable = parameter is not null || property.SetMethod is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal };
        if (!settable)
        {
            // A computed property (no setter, not a constructor parameter) is not stored.
            if (!hasStorageAttributes)
                return null;
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.NoConstructor, location, type.Name, property.Name));
            return null;
        }

        string columnName = ConstructorString(column) ?? Naming.ToSnakeCase(property.Name);
        if (Naming.SqlNameProblem(columnName) is { } nameProblem)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, location, $"Column name '{columnName}' of '{type.Name}.{property.Name}' is invalid: {nameProblem}"));

        ITypeSymbol memberType = property.Type;
        (ValueKind? kind, bool isNullable, ITypeSymbol valueType) = vector is not null && json is null ? SearchParser.ClassifyVector(memberType) : Classify(memberType, json is not null);
        if (kind is null)
        {
            diagnostics.Add(new DiagnosticInfo(vector is not null ? DiagnosticDescriptors.VectorOnWrongType : DiagnosticDescriptors.UnsupportedType, location, type.Name, property.Name, memberType.ToDisplayString()));
            return null;
        }
        SearchParser.SearchColumn search = SearchParser.Parse(type, property, attributes, kind.Value, location, diagnostics);
        if (search.IsFullText && SearchParser.FullTextColumnProblem(columnName) is { } fullTextProblem)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidName, location, $"Column name '{columnName}' of '{type.Name}.{property.Name}' is invalid: {fullTextProblem}"));

        bool autoIncrement = primaryKey is not null && NamedBool(primaryKey, "AutoIncrement");
        bool generatedKey = autoIncrement || (primaryKey is not null && NamedBool(primaryKey, "Generated"));
        int order = primaryKey is not null ? NamedInt(primaryKey, "Order") : 0;
        string? collate = NamedString(column, "Collate");

        void Conflict(string message) => diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ConflictingAttributes, location, type.Name, property.Name, message));
        if (indexed is not null && unique is not null)
            Conflict("[Indexed] and [Unique] both ask for an index on this member: keep [Unique] for a unique index, or [Indexed] for a plain one");
        if (primaryKey is not null && isNullable)
            Conflict("a primary key cannot be nullable: make the type non-nullable");
        if (primaryKey is not null && kind == ValueKind.Json)
            Conflict("a [JsonColumn] member cannot be a primary key");
        if (generatedKey && kind is not (ValueKind.Int64 or ValueKind.Int32))
            Conflict(autoIncrement ? "AutoIncrement needs a long or int key" : "Generated needs a long or int key (SQLite assigns only INTEGER PRIMARY KEY values)");
        EquatableArray<EnumName> enumNames = kind == ValueKind.EnumText ? EnumNames((INamedTypeSymbol)valueType) : EquatableArray<EnumName>.Empty;
        if (kind == ValueKind.EnumText && EnumTextProblem((INamedTypeSymbol)valueType, enumNames) is { } enumProblem)
            Conflict(enumProblem);
        if (collate is not null && !(collate.Equals("BINARY", StringComparison.OrdinalIgnoreCase) || collate.Equals("NOCASE", StringComparison.OrdinalIgnoreCase) || collate.Equals("RTRIM", StringComparison.OrdinalIgnoreCase)))
            Conflict($"Collate = \"{collate}\" is not a SQLite collation: use BINARY, NOCASE or RTRIM");

        if (indexed is not null || unique is not null)
        {
            bool isUnique = unique is not null;
            indexes.Add(new IndexModel(DefaultIndexName(tableName, new[] { columnName }, isUnique), new[] { property.Name }.ToEquatableArray(), isUnique, null));
        }

        if (references is not null)
            ParseReference(type, property, references, valueType, location, diagnostics, foreignKeys, cancellationToken);

        string? enumUnderlying = kind is ValueKind.Enum or ValueKind.EnumText && valueType is INamedTypeSymbol { EnumUnderlyingType: { } underlying } ? underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null;
        return new ColumnModel(
            MemberName: property.Name,
            ColumnName: columnName,
            TypeName: memberType.ToDisplayString(TypeFormat),
            NonNullableTypeName: valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            Kind: kind.Value,
            IsNullable: isNullable,
            IsReferenceType: valueType.IsReferenceType,
            IsPrimaryKey: primaryKey is not null,
            PrimaryKeyOrder: order,
            AutoIncrement: autoIncrement,
            SetThroughConstructor: parameter is not null,
            Default: NamedString(column, "Default"),
            Check: NamedString(column, "Check"),
            Collate: collate?.ToUpperInvariant(),
            EnumUnderlyingType: enumUnderlying,
            RenamedFrom: RenamedFromNames(attributes),
            VectorDimensions: search.Dimensions,
            VectorMetric: search.Metric,
            IsFullText: search.IsFullText,
            GeneratedKey: generatedKey,
            EnumNames: enumNames);
    }

    /// <summary>
    /// The members of an <c>[EnumAsText]</c> enum in declaration order: the stored text is the member's
    /// <c>[EnumMember(Value)]</c> if it has one, else its snake_case name.
    /// </summary>
    internal static EquatableArray<EnumName> EnumNames(INamedTypeSymbol enumType) =>
        enumType.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .Select(f => new EnumName(
                f.Name,
                NamedString(FindAttribute(f.GetAttributes(), KnownNames.EnumMember), "Value") ?? Naming.ToSnakeCase(f.Name),
                Convert.ToString(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) ?? "0"))
            .ToEquatableArray();

    /// <summary>Why an <c>[EnumAsText]</c> enum cannot be stored by name, or null when it can.</summary>
    private static string? EnumTextProblem(INamedTypeSymbol enumType, EquatableArray<EnumName> names)
    {
        if (FindAttribute(enumType.GetAttributes(), KnownNames.Flags) is not null)
            return $"[EnumAsText] cannot store the [Flags] enum '{enumType.Name}': a combination of flags has no single name; store it as a number (remove [EnumAsText])";
        if (names.Count == 0)
            return $"[EnumAsText] enum '{enumType.Name}' has no members, so no value could be stored";
        if (names.FirstOrDefault(n => n.Text.Length == 0) is { } blank)
            return $"[EnumAsText] enum '{enumType.Name}' stores '{blank.Member}' as an empty name: give it a non-empty [EnumMember(Value)]";
        if (names.GroupBy(n => n.Number, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } sameNumber)
            return $"[EnumAsText] enum '{enumType.Name}' gives {string.Join(" and ", sameNumber.Select(n => "'" + n.Member + "'"))} the same value {sameNumber.Key}, so the stored name of that value would be ambiguous: give each member its own value";
        if (names.GroupBy(n => n.Text, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } sameText)
            return $"[EnumAsText] enum '{enumType.Name}' stores {string.Join(" and ", sameText.Select(n => "'" + n.Member + "'"))} under the same name '{sameText.Key}': give one of them its own [EnumMember(Value)]";
        return null;
    }

    private static void ParseReference(
        INamedTypeSymbol type, IPropertySymbol property, AttributeData references, ITypeSymbol valueType, Location? location,
        List<DiagnosticInfo> diagnostics, List<ForeignKeyModel> foreignKeys, CancellationToken cancellationToken)
    {
        if (references.ConstructorArguments.Length != 1 || references.ConstructorArguments[0].Value is not INamedTypeSymbol target)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidReference, location, type.Name, property.Name, "(no type)", "pass the referenced entity as typeof(Entity)"));
            return;
        }
        void Invalid(string why) => diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidReference, location, type.Name, property.Name, target.Name, why));

        AttributeData? targetTable = FindAttribute(target.GetAttributes(), KnownNames.Table);
        if (targetTable is null)
        {
            Invalid("it is not a [Table] type");
            return;
        }
        IMethodSymbol? targetConstructor = target.InstanceConstructors.FirstOrDefault(IsPrimaryConstructor);
        var keys = new List<(IPropertySymbol Property, List<AttributeData> Attributes)>();
        foreach (IPropertySymbol candidate in StorableProperties(target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IParameterSymbol? parameter = targetConstructor?.Parameters.FirstOrDefault(p => p.Name == candidate.Name);
            var attributes = candidate.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>()).ToList();
            if (FindAttribute(attributes, KnownNames.PrimaryKey) is not null)
                keys.Add((candidate, attributes));
        }
        if (keys.Count != 1)
        {
            Invalid(keys.Count == 0 ? "it has no [PrimaryKey]" : "its primary key has several columns; a [References] member can only point at a single-column key");
            return;
        }
        (IPropertySymbol key, List<AttributeData> keyAttributes) = keys[0];
        ITypeSymbol keyType = Classify(key.Type, json: false).ValueType;
        if (!SymbolEqualityComparer.Default.Equals(keyType.WithNullableAnnotation(NullableAnnotation.NotAnnotated), valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            Invalid($"its key '{key.Name}' is a {keyType.ToDisplayString()} but this member is a {valueType.ToDisplayString()}: the types must match");
            return;
        }
        string targetColumn = ConstructorString(FindAttribute(keyAttributes, KnownNames.Column)) ?? Naming.ToSnakeCase(key.Name);
        foreignKeys.Add(new ForeignKeyModel(
            MemberName: property.Name,
            TargetTypeName: FullName(target),
            TargetTable: ExplicitTableName(targetTable) ?? Naming.ToSnakeCase(target.Name),
            TargetColumn: targetColumn,
            OnDelete: ForeignKeyAction(references, "OnDelete"),
            OnUpdate: ForeignKeyAction(references, "OnUpdate")));
    }

    private static string ForeignKeyAction(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is int value && Naming.ForeignKeyActions.TryGetValue(Naming.Invariant(value), out string? action))
                return action;
        }
        return "NO ACTION";
    }

    /// <summary>The storage kind of a member type, whether it may be NULL, and the type without <c>Nullable&lt;&gt;</c>.</summary>
    internal static (ValueKind? Kind, bool IsNullable, ITypeSymbol ValueType) Classify(ITypeSymbol type, bool json)
    {
        (bool isNullable, ITypeSymbol valueType) = Unwrap(type);
        if (json)
            return (ValueKind.Json, isNullable, valueType);

        if (valueType.TypeKind == TypeKind.Enum)
            return (FindAttribute(valueType.GetAttributes(), KnownNames.EnumAsText) is not null ? ValueKind.EnumText : ValueKind.Enum, isNullable, valueType);
        // Every other kind by the type's name (TypeMapping): int, byte[], global::System.Guid, ...
        ValueKind? kind = TypeMapping.ForCSharpType(FullName(valueType))?.Kind;
        return (kind, isNullable, valueType);
    }

    /// <summary>Whether a member type may hold null, and the type without <c>Nullable&lt;&gt;</c>.</summary>
    internal static (bool IsNullable, ITypeSymbol ValueType) Unwrap(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            return (true, nullable.TypeArguments[0]);
        // Oblivious (nullable annotations disabled) reference types may hold null, so they are NULL-able.
        return (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated, type);
    }

    private static void CheckKeys(INamedTypeSymbol type, string tableName, List<ColumnModel> columns, List<DiagnosticInfo> diagnostics, Location? location)
    {
        var keys = columns.Where(c => c.IsPrimaryKey).ToList();
        if (keys.Count == 0)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.MissingPrimaryKey, location, type.Name, tableName));
            return;
        }
        if (keys.Count > 1)
        {
            if (keys.FirstOrDefault(k => k.GeneratedKey) is { } generated)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ConflictingAttributes, location, type.Name, generated.MemberName, $"{(generated.AutoIncrement ? "AutoIncrement" : "Generated")} needs a single-column primary key, but this key has several members"));
            foreach (var sameOrder in keys.GroupBy(k => k.PrimaryKeyOrder).Where(g => g.Count() > 1))
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ConflictingAttributes, location, type.Name, string.Join(", ", sameOrder.Select(k => k.MemberName)), $"these key members share Order = {sameOrder.Key}: give each member of a composite key its own [PrimaryKey(Order = n)]"));
        }
    }

    private static void CheckDuplicateColumns(INamedTypeSymbol type, List<ColumnModel> columns, List<DiagnosticInfo> diagnostics, Location? location)
    {
        foreach (var duplicate in columns.GroupBy(c => c.ColumnName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName, location, $"Members {string.Join(" and ", duplicate.Select(c => "'" + type.Name + "." + c.MemberName + "'"))} all map to column '{duplicate.Key}' (SQLite names are case-insensitive): rename one with [Column(\"...\")]"));
    }

    internal static string DefaultIndexName(string table, IEnumerable<string> columns, bool unique) =>
        (unique ? "ux_" : "ix_") + table + "_" + string.Join("_", columns);

    internal static AttributeData? FindAttribute(IEnumerable<AttributeData> attributes, string metadataName) =>
        attributes.FirstOrDefault(a => Is(a, metadataName));

    internal static bool Is(AttributeData attribute, string metadataName) =>
        attribute.AttributeClass is { } c && c.ToDisplayString() == metadataName;

    private static string? ExplicitTableName(AttributeData? table) => ConstructorString(table);

    private static string? ConstructorString(AttributeData? attribute) =>
        attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is string value ? value : null;

    internal static string? NamedString(AttributeData? attribute, string name)
    {
        if (attribute is null)
            return null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
                return argument.Value.Value as string;
        }
        return null;
    }

    internal static bool NamedBool(AttributeData attribute, string name) =>
        attribute.NamedArguments.Any(a => a.Key == name && a.Value.Value is true);

    internal static int NamedInt(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is int value)
                return value;
        }
        return 0;
    }
}

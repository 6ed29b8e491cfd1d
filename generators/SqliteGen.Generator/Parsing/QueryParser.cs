using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>
/// Reads the <c>[Query]</c> methods of a database class into <see cref="QueryMethodModel"/>s: the signature
/// and the SQL text. What the SQL means is checked later, against the tables (Queries/QueryChecker.cs).
/// </summary>
internal static class QueryParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <param name="queryClass">A <c>[SqliteQueries]</c> class: its transaction overloads take a <c>transaction</c> parameter first, so no query parameter may be called that.</param>
    public static EquatableArray<QueryMethodModel> Parse(INamedTypeSymbol type, bool queryClass = false)
    {
        var queries = new List<QueryMethodModel>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            AttributeData? attribute = EntityParser.FindAttribute(method.GetAttributes(), KnownNames.Query);
            if (attribute is null || method.PartialDefinitionPart is not null)
                continue; // the implementing part (ours) carries no attribute; its definition is the one to read
            queries.Add(Method(method, attribute, queryClass));
        }
        return queries.OrderBy(q => q.Name, System.StringComparer.Ordinal).ToEquatableArray();
    }

    private static QueryMethodModel Method(IMethodSymbol method, AttributeData attribute, bool queryClass)
    {
        string sql = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string text ? text : "";
        (LocationInfo? sqlLocation, int literalStart) = SqlLocation(attribute);
        AttributeData? postgreSql = EntityParser.FindAttribute(method.GetAttributes(), KnownNames.PostgreSqlQuery);
        (LocationInfo? postgreSqlLocation, int postgreSqlStart) = postgreSql is null ? (null, -1) : SqlLocation(postgreSql);
        string? problem = ShapeProblem(method, attribute);
        (bool isAsync, ITypeSymbol? result) = Unwrap(method.ReturnType, method.ReturnsVoid);
        (QueryReturnShape shape, QueryValueModel? element, string? returnProblem) = ReturnShape(result, method.ReturnType, isAsync);
        problem ??= returnProblem;
        if (problem is null && method.Parameters.Count(IsCancellationToken) > 1)
            problem = "has more than one CancellationToken parameter";

        var parameters = method.Parameters.Select(p => new QueryParameterModel(
            p.Name,
            SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name,
            Value(p.Type),
            IsCancellationToken(p) ? null : ParameterProblem(p, queryClass),
            IsCancellationToken(p))
        {
            Modifiers = Modifiers(p),
        }).ToEquatableArray();

        return new QueryMethodModel(
            method.Name,
            AccessibilityOf(method.DeclaredAccessibility),
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat),
            result is null ? "void" : result.ToDisplayString(TypeFormat),
            isAsync,
            shape,
            element,
            parameters,
            sql,
            problem,
            DatabaseParser.LocationInfoOf(method.Locations.FirstOrDefault()),
            sqlLocation,
            literalStart)
        {
            SignatureRepeatable = IsPartialWithoutBody(method) && (method.PartialImplementationPart is null || IsGenerated(method.PartialImplementationPart))
                && !HasAntiConstraint(method)
                && !(method.IsAsync || method.IsVirtual || method.IsOverride || method.IsAbstract || method.IsExtern || method.ReturnsByRef || method.ReturnsByRefReadonly)
                && method.ReturnType.TypeKind != TypeKind.Error
                && method.Parameters.All(p => p.Type.TypeKind != TypeKind.Error && p.RefKind is RefKind.None or RefKind.Ref or RefKind.Out or RefKind.In or RefKind.RefReadOnlyParameter),
            IsStatic = method.IsStatic,
            TypeParameters = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">" : "",
            ConstraintClauses = string.Concat(method.TypeParameters.Select(Constraints)),
            // A [PostgreSqlQuery] without a constant string is an empty variant, which its check refuses.
            PostgreSqlSql = postgreSql is null ? null : postgreSql.ConstructorArguments.Length == 1 && postgreSql.ConstructorArguments[0].Value is string variant ? variant : "",
            PostgreSqlSqlLocation = postgreSqlLocation,
            PostgreSqlSqlLiteralStart = postgreSqlStart,
        };
    }

    /// <summary>
    /// Whether a type parameter declares <c>allows ref struct</c>, which this Roslyn's symbols do not show, so a body could
    /// not repeat it: read from the declaration.
    /// </summary>
    private static bool HasAntiConstraint(IMethodSymbol method) =>
        method.IsGenericMethod && method.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is MethodDeclarationSyntax declaration
            && declaration.ConstraintClauses.Any(c => c.ToString().Contains("allows ")));

    /// <summary>A type parameter's constraints as C# writes them (<c> where T : class, global::N.I, new()</c>), or empty.</summary>
    private static string Constraints(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasReferenceTypeConstraint)
            parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        else if (parameter.HasUnmanagedTypeConstraint)
            parts.Add("unmanaged");
        else if (parameter.HasValueTypeConstraint)
            parts.Add("struct");
        else if (parameter.HasNotNullConstraint)
            parts.Add("notnull");
        parts.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(TypeFormat)));
        if (parameter.HasConstructorConstraint)
            parts.Add("new()");
        return parts.Count == 0 ? "" : $" where {parameter.Name} : {string.Join(", ", parts)}";
    }

    /// <summary>The parameter's modifiers as declared, so a body for the method repeats its signature.</summary>
    private static string Modifiers(IParameterSymbol parameter) =>
        (parameter.IsParams ? "params " : "") + parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };

    /// <summary>Names the generated body uses for its own locals and lambda parameters.</summary>
    private static readonly string[] ReservedNames = { "lease", "statement", "command", "connection", "row", "rows", "result", "error", "state" };

    private static string? ParameterProblem(IParameterSymbol parameter, bool queryClass)
    {
        if (parameter.RefKind != RefKind.None)
            return $"parameter '{parameter.Name}' is passed by reference ({parameter.RefKind.ToString().ToLowerInvariant()}): query parameters are passed by value";
        if (Value(parameter.Type).Kind is null)
            return $"parameter '{parameter.Name}' has type '{parameter.Type.ToDisplayString()}', which cannot be bound as a SQL value (see docs/type-mapping.md)";
        if (System.Array.IndexOf(ReservedNames, parameter.Name) >= 0)
            return $"parameter '{parameter.Name}' has a name the generated body uses for itself ({string.Join(", ", ReservedNames)}): rename it (and its $parameter)";
        if (queryClass && parameter.Name == "transaction")
            return "parameter 'transaction' has the name of the first parameter of the query's transaction overload: rename it (and its $transaction)";
        return null;
    }

    private static string? ShapeProblem(IMethodSymbol method, AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string sql || sql.Trim().Length == 0)
            return $"has no SQL: write [Query(\"SELECT ...\")] with a constant string";
        if (!IsPartialWithoutBody(method))
            return $"must be a partial method without a body, with an accessibility modifier ('public partial ... {method.Name}(...);'): SqliteGen writes its body";
        if (method.PartialImplementationPart is { } body && !IsGenerated(body))
            return $"already has a body: remove it (SqliteGen writes the body of a [Query] method) or remove [Query]";
        if (method.IsStatic)
            return $"is static: a query runs on an open database, so declare it as an instance method";
        if (method.IsGenericMethod)
            return $"is generic: a query's parameter and row types must be known at compile time";
        if (method.IsAsync || method.IsVirtual || method.IsOverride || method.IsAbstract || method.IsExtern)
            return $"must not be async, virtual, override, abstract or extern";
        return null;
    }

    /// <summary>
    /// Whether a method is declared in generated code (a file that starts with <c>// &lt;auto-generated</c>, as every
    /// file SqliteGen writes does): the analyzers read the compilation with the generated bodies in it, and a body
    /// SqliteGen wrote is not one the user wrote.
    /// </summary>
    private static bool IsGenerated(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree is { } tree
        && tree.GetText().ToString(new Microsoft.CodeAnalysis.Text.TextSpan(0, System.Math.Min(20, tree.Length))).StartsWith("// <auto-generated", System.StringComparison.Ordinal);

    private static bool IsPartialWithoutBody(IMethodSymbol method)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is MethodDeclarationSyntax declaration)
            {
                return declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
                    && declaration.Body is null && declaration.ExpressionBody is null
                    && method.DeclaredAccessibility != Accessibility.NotApplicable
                    && declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword));
            }
        }
        return false;
    }

    private static string AccessibilityOf(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static bool IsCancellationToken(IParameterSymbol parameter) =>
        parameter.Type.ToDisplayString() == "System.Threading.CancellationToken" && parameter.RefKind == RefKind.None;

    /// <summary>
    /// Whether the method is async, and the type its rows become: the return type, a <c>ValueTask&lt;T&gt;</c>'s
    /// <c>T</c>, <c>IAsyncEnumerable&lt;T&gt;</c> itself (a stream), or null for <c>void</c> and <c>ValueTask</c>.
    /// </summary>
    private static (bool IsAsync, ITypeSymbol? Result) Unwrap(ITypeSymbol type, bool returnsVoid)
    {
        if (returnsVoid)
            return (false, null);
        string definition = type.OriginalDefinition.ToDisplayString();
        if (definition == "System.Threading.Tasks.ValueTask")
            return (true, null);
        if (definition == "System.Threading.Tasks.ValueTask<TResult>" && type is INamedTypeSymbol valueTask)
            return (true, valueTask.TypeArguments[0]);
        if (definition == "System.Collections.Generic.IAsyncEnumerable<T>")
            return (true, type);
        return (false, type);
    }

    /// <summary>The return shape and its row type; a type no shape fits is the problem.</summary>
    private static (QueryReturnShape Shape, QueryValueModel? Element, string? Problem) ReturnShape(ITypeSymbol? type, ITypeSymbol declared, bool isAsync)
    {
        if (type is null)
            return (QueryReturnShape.Void, null, null);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
        {
            string definition = generic.OriginalDefinition.ToDisplayString();
            if (definition == "System.Collections.Generic.IReadOnlyList<T>")
                return (QueryReturnShape.List, Row(generic.TypeArguments[0]), null);
            // IAsyncEnumerable<T> only as the declared return type itself (not inside a ValueTask).
            if (definition == (isAsync ? "System.Collections.Generic.IAsyncEnumerable<T>" : "System.Collections.Generic.IEnumerable<T>")
                && (!isAsync || SymbolEqualityComparer.Default.Equals(type, declared)))
                return (QueryReturnShape.Stream, Row(generic.TypeArguments[0]), null);
            if (definition != "System.Nullable<T>")
                return (QueryReturnShape.One, null, $"returns '{declared.ToDisplayString()}': return T, T?, IReadOnlyList<T> or IEnumerable<T> (T an entity of the database or a scalar), int for the rows a write changed, or void; or the same in a ValueTask<>, or IAsyncEnumerable<T>");
        }
        QueryValueModel value = Row(type);
        return (value.IsNullable ? QueryReturnShape.OneOrNone : QueryReturnShape.One, value, null);
    }

    /// <summary>
    /// A row type: a scalar, or (maybe an entity, decided later) a type with exactly one public constructor that takes
    /// parameters, whose parameters become <see cref="QueryValueModel.RowMembers"/> (a record of selected columns).
    /// </summary>
    private static QueryValueModel Row(ITypeSymbol type)
    {
        QueryValueModel value = Value(type);
        if (value.Kind is not null || EntityParser.Unwrap(type).ValueType is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } named)
            return value;
        var constructors = named.InstanceConstructors.Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal && c.Parameters.Length > 0).ToList();
        if (constructors.Count != 1)
            return value;
        return value with
        {
            RowMembers = constructors[0].Parameters
                .Select(p => new QueryParameterModel(p.Name, SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name, Value(p.Type), Value(p.Type).Kind is null ? "unsupported" : null))
                .ToEquatableArray(),
        };
    }

    private static QueryValueModel Value(ITypeSymbol type)
    {
        (ValueKind? kind, bool isNullable, ITypeSymbol valueType) = EntityParser.Classify(type, json: false);
        string? underlying = kind is ValueKind.Enum or ValueKind.EnumText && valueType is INamedTypeSymbol { EnumUnderlyingType: { } u } ? u.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null;
        return new QueryValueModel(
            type.ToDisplayString(TypeFormat),
            valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat),
            kind,
            isNullable,
            type.IsReferenceType,
            underlying)
        {
            EnumNames = kind == ValueKind.EnumText ? EntityParser.EnumNames((INamedTypeSymbol)valueType) : EquatableArray<EnumName>.Empty,
        };
    }

    /// <summary>
    /// Where the SQL is: the attribute argument, and, when it is a one-line literal whose text is the SQL character for
    /// character (no escapes), the file offset of its first character, so a diagnostic can point into the SQL (else -1).
    /// </summary>
    private static (LocationInfo? Location, int LiteralStart) SqlLocation(AttributeData attribute)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax)
            return (null, -1);
        ExpressionSyntax argument = syntax.ArgumentList.Arguments[0].Expression;
        LocationInfo? location = DatabaseParser.LocationInfoOf(argument.GetLocation());
        if (argument is LiteralExpressionSyntax { Token: var token } literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            && token.ValueText.IndexOf('\n') < 0)
        {
            int prefix = token.Text.StartsWith("@\"", System.StringComparison.Ordinal) ? 2 : token.Text.StartsWith("\"", System.StringComparison.Ordinal) && !token.Text.StartsWith("\"\"\"", System.StringComparison.Ordinal) ? 1 : 0;
            if (prefix > 0 && token.Text.Length == token.ValueText.Length + prefix + 1)
                return (location, token.SpanStart + prefix);
        }
        return (location, -1);
    }
}

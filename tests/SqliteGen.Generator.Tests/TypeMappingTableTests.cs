using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The per-type table (<see cref="TypeMapping"/>) against both sides of the assembly split: every
/// <see cref="ValueKind"/> has its row; every runtime method a row's code calls exists on <c>StatementRunner</c>,
/// <c>SqliteValues</c> or <c>ImportRecord</c>; the runtime tests' entities hold every kind (so real files round-trip it,
/// and <c>TypeMappingTests</c> each .NET type at its extremes); docs/type-mapping.md names every type.
/// </summary>
public sealed class TypeMappingTableTests
{
    private static IEnumerable<ValueKind> Kinds => Enum.GetValues<ValueKind>();

    [Fact]
    public void Every_value_kind_has_its_row_in_kind_order()
    {
        Assert.Equal(Kinds.Count(), TypeMapping.All.Count);
        foreach (ValueKind kind in Kinds)
            Assert.Equal(kind, TypeMapping.Of(kind).Kind);
        // A .NET type and a snapshot name each name one kind.
        Assert.Equal(TypeMapping.All.Count(t => t.CSharpType is not null), TypeMapping.All.Where(t => t.CSharpType is not null).Select(t => t.CSharpType).Distinct().Count());
        Assert.Equal(TypeMapping.All.Count, TypeMapping.All.Select(t => t.SnapshotName).Distinct().Count());
    }

    [Fact]
    public void A_kind_named_by_its_type_has_all_its_code_and_one_chosen_by_attribute_or_shape_has_none()
    {
        foreach (MappedType type in TypeMapping.All)
        {
            bool byName = type.CSharpType is not null;
            Assert.True(byName == type.ToStored is not null, $"{type.Kind}: ToStored");
            Assert.True(byName == type.Read is not null, $"{type.Kind}: Read");
            Assert.True(byName == type.Import is not null, $"{type.Kind}: Import");
            if (type.BindTakesNull)
                Assert.Equal("{value}", type.ToStored);
        }
    }

    [Fact]
    public void Every_runtime_method_a_row_calls_exists()
    {
        var missing = new List<string>();
        void Expect(Type runtime, string method, bool isStatic, ValueKind kind)
        {
            BindingFlags flags = BindingFlags.Public | (isStatic ? BindingFlags.Static : BindingFlags.Instance);
            if (!runtime.GetMethods(flags).Any(m => m.Name == method))
                missing.Add($"{kind}: {runtime.Name}.{method}");
        }
        foreach (MappedType type in TypeMapping.All)
        {
            Expect(typeof(StatementRunner), type.Bind, isStatic: false, type.Kind);
            foreach (Match call in Regex.Matches(type.Read ?? "", @"\{row\}\.(\w+)\("))
                Expect(typeof(StatementRunner), call.Groups[1].Value, isStatic: false, type.Kind);
            foreach (Match call in Regex.Matches((type.ToStored ?? "") + " " + (type.Read ?? ""), @"SqliteGen\.Runtime\.SqliteValues\.(\w+)\("))
                Expect(typeof(SqliteValues), call.Groups[1].Value, isStatic: true, type.Kind);
            foreach (Match call in Regex.Matches(type.Import ?? "", @"record\.(\w+)\("))
                Expect(typeof(ImportRecord), call.Groups[1].Value, isStatic: false, type.Kind);
        }
        Assert.True(missing.Count == 0, "Named by TypeMapping but not in the runtime:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_runtime_tests_entities_hold_every_kind_and_AllTypes_every_type_plain_and_nullable()
    {
        List<ColumnModel> allTypes = Columns(Harness.Compile(Inputs.AllTypes), "AllTypes");
        foreach (MappedType type in TypeMapping.All.Where(t => t.CSharpType is not null))
        {
            Assert.True(allTypes.Any(c => c.Kind == type.Kind && !c.IsNullable), $"AllTypes (tests/SqliteGen.Tests/Entities/TypesDb.cs) has no {type.CSharpType} member");
            Assert.True(allTypes.Any(c => c.Kind == type.Kind && c.IsNullable), $"AllTypes (tests/SqliteGen.Tests/Entities/TypesDb.cs) has no nullable {type.CSharpType} member");
        }

        string[] files = Directory.GetFiles(RuntimeTestEntities(), "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        HashSet<ValueKind> used = Columns(Harness.Compile(files), null).Select(c => c.Kind).ToHashSet();
        List<ValueKind> unused = Kinds.Where(k => !used.Contains(k)).ToList();
        Assert.True(unused.Count == 0, "No entity of tests/SqliteGen.Tests/Entities has a member of kind " + string.Join(", ", unused));
    }

    [Fact]
    public void The_user_docs_name_every_type_and_its_PostgreSQL_type()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "type-mapping.md"));
        foreach (MappedType type in TypeMapping.All)
        {
            if (type.CSharpType is { } csharp)
                Assert.Contains("`" + csharp.Replace("global::System.", "") + "`", docs, StringComparison.Ordinal);
            Assert.Contains("`" + type.PostgreSqlType, docs, StringComparison.Ordinal);
        }
    }

    /// <summary>The columns of the <c>[Table]</c> types of <paramref name="compilation"/> (of the one named <paramref name="typeName"/> when given), as the generator parses them.</summary>
    private static List<ColumnModel> Columns(Compilation compilation, string? typeName)
    {
        INamedTypeSymbol table = compilation.GetTypeByMetadataName("SqliteGen.TableAttribute")!;
        return compilation.GetSymbolsWithName(name => typeName is null || name == typeName, SymbolFilter.Type)
            .OfType<INamedTypeSymbol>()
            .Where(t => t.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, table)))
            .Select(t => EntityParser.Parse(t, default).Model ?? throw new InvalidOperationException($"{t.Name} did not parse"))
            .SelectMany(m => m.Columns)
            .ToList();
    }

    private static string RuntimeTestEntities([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "SqliteGen.Tests", "Entities");

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}

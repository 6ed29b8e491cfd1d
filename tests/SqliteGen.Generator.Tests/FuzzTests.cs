using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// Hundreds of malformed and edge-case declarations (fixed seed, so a failure names a case that reproduces):
/// the generator never throws, the analyzer never throws, and generated code either compiles or the input
/// already carries an error (from C# or from an SQLG rule) that explains it.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261123;

    /// <summary>300 in CI; the long run sets <c>SQLITEGEN_FUZZ_CASES</c> (docs/RELIABILITY.md has the figures of the last one).</summary>
    private static readonly int CaseCount =
        int.TryParse(Environment.GetEnvironmentVariable("SQLITEGEN_FUZZ_CASES"), out int cases) && cases > 0 ? cases : 300;

    [Fact]
    public async Task Generator_and_analyzer_survive_malformed_declarations()
    {
        var failures = new ConcurrentBag<string>();
        var outcomes = new ConcurrentBag<Outcome>();
        // Asynchronous all the way (the analyzer driver runs on the thread pool): blocking here would starve it.
        using var slots = new SemaphoreSlim(Environment.ProcessorCount);
        await Task.WhenAll(Enumerable.Range(0, CaseCount).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                await Task.Yield();
                string source = RandomDeclarations.Build(new Random(Seed + i));
                (string? problem, Outcome outcome) = await CheckAsync(source);
                outcomes.Add(outcome);
                if (problem is not null)
                    failures.Add($"case {i} (seed {Seed + i}): {problem}{Environment.NewLine}{source}");
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.True(failures.IsEmpty, $"{failures.Count} of {CaseCount} cases failed; the first:{Environment.NewLine}{failures.OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault()}");
        // Guards the fuzzer itself: only garbage, or only valid records, would test little.
        Assert.InRange(outcomes.Count(o => o.GeneratedCode), CaseCount / 10, CaseCount - 1);
        Assert.InRange(outcomes.Count(o => o.RuleReported), CaseCount / 10, CaseCount - 1);
        Assert.InRange(outcomes.Count(o => o.InputHasErrors), CaseCount / 20, CaseCount - 1);
        Assert.InRange(outcomes.Count(o => !o.InputHasErrors && !o.RuleReported), CaseCount / 20, CaseCount - 1);
    }

    private sealed record Outcome(bool GeneratedCode, bool RuleReported, bool InputHasErrors);

    private static async Task<(string? Problem, Outcome Outcome)> CheckAsync(string source)
    {
        Compilation input = Harness.Compile(source);
        GeneratorOutput output = Harness.Generate(input);
        // The analyzer sees the declarations alone (what it reads is the same with or without the generated parts),
        // and one pass gives the compiler's errors too; the generated code is bound only when nothing explains an error.
        AnalyzerOutput analysis = await Harness.AnalyzeAsync(input, withCompilerDiagnostics: true);
        bool IsError(Diagnostic d) => d.Severity == DiagnosticSeverity.Error;

        var outcome = new Outcome(
            GeneratedCode: output.Sources.Count > 0,
            RuleReported: analysis.Diagnostics.Any(d => IsError(d) && d.Id.StartsWith("SQLG", StringComparison.Ordinal)),
            InputHasErrors: analysis.Diagnostics.Any(d => IsError(d) && d.Id.StartsWith("CS", StringComparison.Ordinal)));

        if (output.Run.Exception is { } exception)
            return ("the generator threw " + exception, outcome);
        if (output.GeneratorDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "SQLG999") is { } crash)
            return ("the generator reported " + crash, outcome);
        if (analysis.Exceptions.Length > 0)
            return ("the analyzer threw (AD0001) " + analysis.Exceptions[0], outcome);
        if (analysis.Diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } analyzerCrash)
            return ("the analyzer reported " + analyzerCrash, outcome);
        if (outcome.RuleReported || outcome.InputHasErrors)
            return (null, outcome);

        foreach (SyntaxTree generated in output.Compilation.SyntaxTrees.Except(input.SyntaxTrees))
        {
            Diagnostic? error = output.Compilation.GetSemanticModel(generated).GetDiagnostics().FirstOrDefault(IsError);
            if (error is not null)
                return ($"generated code does not compile and nothing says why: {error} in {generated.FilePath}", outcome);
        }
        return (null, outcome);
    }
}

/// <summary>Random compositions of SqliteGen declarations, most of them slightly wrong.</summary>
internal static class RandomDeclarations
{
    // Each pool: what a correct declaration would use, then the edge cases; Pick takes an edge case one time in EdgeOdds.
    private const int EdgeOdds = 8;

    private static readonly (string[] Valid, string[] Edge) TypeKinds = (
        new[] { "public partial record", "public sealed partial record", "internal partial record" },
        new[] { "public record", "public partial class", "public partial struct", "public partial record struct", "public partial interface", "file partial record", "public abstract partial record" });

    /// <summary>
    /// Table and column names that must be quoted in SQL or escaped in C#: SQL keywords, a double quote, a backslash,
    /// a space, braces, non-ASCII letters, a C# keyword (the set tests/SqliteGen.Tests/Entities/OddNamesDb.cs runs).
    /// </summary>
    private static readonly string[] OddNames =
        { "order", "group", "select", "my \"quoted\" name", "back\\slash", "with space", "{braces}", "naïve ünïcode", "class" };

    private static readonly (string[] Valid, string[] Edge) TableAttributes = (
        new[] { "[Table]", "[Table(\"things\")]", "[Table(\"group\")]", "[Table(\"order\")]", "[Table, Index(nameof(Id), Unique = true, Where = \"id > 0\")]" },
        new[]
        {
            "[Table(\"\")]", "[Table(\"sqlite_master\")]", "[Table(Accessor = \"Open\")]", "[Table(Accessor = \"1bad\")]", "[Table(Accessor = \"Things\")]", "[Table(42)]",
            "[Table(null)]", "[Table(\"a b\")]", "[Table(\"tab\\tle\")]", "[Table, Index(\"Missing\")]", "[Table, Index()]", "[Table, Index(\"Id\", \"Id\")]",
            "[Table, Index(\"Id\", Name = \"sqlite_ix\")]",
        });

    private static readonly (string[] Valid, string[] Edge) MemberTypes = (
        new[] { "long", "int", "string", "string?", "Guid", "Guid?", "DateTimeOffset", "decimal", "TimeSpan", "byte[]", "DateOnly?", "Color", "Color?", "double", "char", "bool?", "ulong" },
        new[] { "object", "List<int>", "Missing", "dynamic", "int[]", "Dictionary<string, int>", "E0", "E1?", "Meta", "T", "(int, int)", "nint", "Action", "float[]", "float[]?", "ReadOnlyMemory<float>", "ReadOnlyMemory<float>?" });

    private static readonly (string[] Valid, string[] Edge) MemberAttributes = (
        new[] { "", "", "", "", "[Column(\"order\")] ", "[Column(Default = \"0\")] ", "[Column(Collate = \"nocase\")] ", "[Indexed] ", "[Unique] ", "[References(typeof(E0))] " },
        new[]
        {
            "[PrimaryKey] ", "[PrimaryKey(AutoIncrement = true)] ", "[PrimaryKey(Order = 1)] ", "[Column(\"\")] ", "[Column(\"sqlite_x\")] ", "[Column(Collate = \"BOGUS\")] ",
            "[Column(Check = \"x > 0\")] ", "[Indexed, Unique] ", "[JsonColumn] ", "[Ignore] ", "[Ignore, PrimaryKey] ", "[References(typeof(E1), OnDelete = ForeignKeyAction.Cascade)] ",
            "[References(typeof(Missing))] ", "[References(null)] ", "[References(typeof(Meta))] ", "[Unknown] ", "[PrimaryKey(Bogus = 1)] ", "[Column(42)] ",
            "[References(typeof(E2), OnDelete = (ForeignKeyAction)99)] ", "[JsonColumn, PrimaryKey] ",
            "[Vector(4)] ", "[Vector(3, Metric = VectorMetric.L2)] ", "[Vector(0)] ", "[Vector(4, Metric = (VectorMetric)9)] ", "[Vector(4), FullText] ",
            "[Vector(4), PrimaryKey] ", "[FullText] ", "[FullText, JsonColumn] ", "[FullText, Indexed] ",
        });

    private static readonly (string[] Valid, string[] Edge) MemberNames = (
        new[] { "Name", "Order", "Group", "Value", "ParentId", "Text", "Select", "Where", "@class", "Größe" },
        new[] { "Id", "id", "Meta", "Sqlite_x", "EqualityContract" });

    private static readonly (string[] Valid, string[] Edge) KeyTypes = (
        new[] { "long", "int", "Guid", "string" },
        new[] { "long?", "Meta", "double", "byte[]" });

    private static readonly string[] DatabaseDeclarations =
    {
        "", "[SqliteDatabase] public partial class Db;", "[SqliteDatabase] public partial class Db;", "[SqliteDatabase(Version = -1)] public partial class Db;",
        "[SqliteDatabase(Tables = new[] { typeof(E0), typeof(Missing) })] public partial class Db;", "[SqliteDatabase(Tables = new Type[0])] public partial class Db;",
        "[SqliteDatabase(JsonContext = typeof(E0))] public partial class Db;", "[SqliteDatabase(JsonContext = typeof(MetaJson))] public partial class Db;",
        "[SqliteDatabase] public class Db { }", "[SqliteDatabase] public partial record Db;", "[SqliteDatabase] public partial struct Db;",
        "[SqliteDatabase] public partial interface Db { }", "[SqliteDatabase] public static partial class Db { }", "[SqliteDatabase] public partial class Db<T>;",
        "[SqliteDatabase(Tables = new[] { typeof(E0), typeof(E1) })] public partial class Db; [SqliteDatabase(Tables = new[] { typeof(E1) })] public partial class Db2;",
    };

    private static readonly string[] Garbage = { "}", "{", "@@", "[Table(", ")", "#", "partial partial", ";;", "record record", "[", "=>", "\"", "<T>" };

    public static string Build(Random random)
    {
        var source = new StringBuilder();
        source.AppendLine("using System;\nusing System.Collections.Generic;\nusing SqliteGen;\n");
        source.AppendLine(random.Next(4) == 0 ? "namespace Fuzz.Deep.Space;" : "namespace Fuzz;");
        source.AppendLine("public enum Color { Red = 1 }");
        source.AppendLine("public sealed record Meta(string Title);");
        source.AppendLine("[System.Text.Json.Serialization.JsonSerializable(typeof(Meta))] public partial class MetaJson : System.Text.Json.Serialization.JsonSerializerContext { public MetaJson() : base(null) { } public static MetaJson Default { get; } = new(); protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null; public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null; }");
        source.AppendLine(random.Next(3) == 0 ? Pick(random, DatabaseDeclarations) : DatabaseDeclarations[1]);

        int entities = 1 + random.Next(3);
        for (int e = 0; e < entities; e++)
            source.AppendLine(Entity(random, e));

        string text = source.ToString();
        if (random.Next(EdgeOdds) == 0)
        {
            int at = random.Next(text.Length);
            text = text.Insert(at, " " + Pick(random, Garbage) + " ");
        }
        return text;
    }

    private static string Entity(Random random, int index)
    {
        string name = "E" + index + (random.Next(EdgeOdds * 2) == 0 ? "<T>" : "");
        var members = new List<(string Attributes, string Type, string Name)>();
        if (random.Next(EdgeOdds) != 0)
            members.Add(("[PrimaryKey" + (random.Next(4) == 0 ? "(AutoIncrement = true)" : "") + "] ", Pick(random, KeyTypes), "Id"));
        var names = new HashSet<string>(members.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        for (int i = random.Next(5); i > 0; i--)
        {
            string member = Pick(random, MemberNames);
            if (names.Add(member) || random.Next(EdgeOdds) == 0) // duplicates only as an edge case
                members.Add((random.Next(4) == 0 ? OddColumn(random) : Pick(random, MemberAttributes), Pick(random, MemberTypes), member));
        }
        string table = random.Next(3) == 0 ? OddTable(random, index) : Pick(random, TableAttributes);
        string declaration = random.Next(3) == 0
            ? $"{table}\n{Pick(random, TypeKinds)} {name}\n{{\n{string.Join("\n", members.Select(m => $"    {m.Attributes}public {m.Type} {m.Name} {{ get; {(random.Next(EdgeOdds) == 0 ? "" : "init; ")}}}"))}\n}}"
            : $"{table}\n{Pick(random, TypeKinds)} {name}({string.Join(", ", members.Select(m => m.Attributes + m.Type + " " + m.Name))});";
        return random.Next(EdgeOdds) switch
        {
            0 => $"public partial class Outer{index} {{ {declaration} }}",
            1 => $"public class Plain{index} {{ {declaration} }}",
            2 => $"public partial class Generic{index}<U> {{ {declaration} }}",
            _ => declaration,
        };
    }

    /// <summary>A table named from <see cref="OddNames"/>, shared or tenant-scoped.</summary>
    private static string OddTable(Random random, int index) =>
        $"[Table({CSharp(Pick(random, OddNames))}, Accessor = \"Odd{index}\")" + Pick(random, new[] { "]", ", TenantScoped(TenantMode.Layered)]", ", TenantScoped(TenantMode.Isolated)]" });

    /// <summary>A column named from <see cref="OddNames"/>, plain, indexed, unique or full-text.</summary>
    private static string OddColumn(Random random) =>
        $"[Column({CSharp(Pick(random, OddNames))})" + Pick(random, new[] { "] ", ", Indexed] ", ", Unique] ", ", FullText] " });

    /// <summary>A C# string literal of <paramref name="text"/> (written here, not with the generator's helper under test).</summary>
    private static string CSharp(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Pick(Random random, (string[] Valid, string[] Edge) pool) =>
        random.Next(EdgeOdds) == 0 ? Pick(random, pool.Edge) : Pick(random, pool.Valid);

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}

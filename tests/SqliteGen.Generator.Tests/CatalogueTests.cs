extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Tests.Migrations;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>The one diagnostics catalogue and the product's analyzers, found by reflection so a new rule or analyzer is in every test at once.</summary>
internal static class Catalogue
{
    /// <summary>Every descriptor of <see cref="DiagnosticDescriptors"/>.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every <c>[DiagnosticAnalyzer]</c> of the analyzer assembly, as the compiler would load them.</summary>
    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = typeof(DeclarationAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToList();
}

/// <summary>
/// Severity settings and suppressions reach every rule SqliteGen reports. Each rule of the catalogue has an input that
/// makes the product report it; the input is built the way <c>dotnet build</c> builds it (the generator, then every
/// analyzer over the result, with the .editorconfig or .globalconfig read by Roslyn's own <see cref="AnalyzerConfigSet"/>
/// and handed to the compilation per tree, as csc does), and the rule must then obey
/// <c>dotnet_diagnostic.ID.severity</c> and <c>#pragma warning disable ID</c>. Advice must come from an analyzer.
/// </summary>
public sealed class CatalogueTests
{
    private const string Folder = "/project";

    /// <summary>What makes the product report a rule: C# sources and the additional files beside them.</summary>
    private sealed record Input(string[] Sources, (string Path, string Text)[] AdditionalFiles)
    {
        /// <summary>Built with SqliteGen.PostgreSql (and Npgsql) referenced: the PostgreSQL target on.</summary>
        public bool PostgreSql { get; init; }
    }

    /// <summary>Rules no input can make the product report, and why.</summary>
    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["SQLG999"] = "an exception inside the generator (a bug); the guard that reports it is covered by its own use",
    };

    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing SqliteGen;\n\nnamespace App;\n\n";

    private const string QuerySchema = Usings + """
        [Table("users")]
        public partial record User([PrimaryKey] long Id, [Unique] string Email, string Name);

        [SqliteDatabase]
        public partial class AppDb
        {

        """;

    private static Input Query(string members) => new(new[] { QuerySchema + members + "\n}\n" }, Array.Empty<(string, string)>());

    private static Input Sources(params string[] sources) => new(sources, Array.Empty<(string, string)>());

    private static readonly Lazy<Dictionary<string, Input>> s_inputs = new(BuildInputs, LazyThreadSafetyMode.ExecutionAndPublication);

    private static Dictionary<string, Input> BuildInputs()
    {
        var inputs = new Dictionary<string, Input>(StringComparer.Ordinal);
        foreach ((string id, string source) in RuleTests.FirstCaseOfEachRule)
            inputs[id] = Sources(source);
        foreach (object[] rule in Verifiers.SeverityTests.Rules())
            inputs[(string)rule[0]] = Sources(Regex.Replace((string)rule[1], @"\{\|#0:(.*?)\|\}", "$1", RegexOptions.Singleline));

        inputs["SQLG016"] = Sources(Usings + "[SqliteDatabase] public partial class NotesDb;\n[SqliteDatabase] public partial class OtherDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n");
        inputs["SQLG101"] = Query("[Query(\"SELECT * FROM users WHERE name = $name\")] public partial IReadOnlyList<User> ByName(string name);");
        inputs["SQLG102"] = Sources(Usings + "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Topic([PrimaryKey] long Id);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId);\n");
        inputs["SQLG103"] = Sources(Usings + "[SqliteDatabase] public partial class ShopDb;\n[Table] public partial record Item([PrimaryKey] long Id, double Price);\n");
        inputs["SQLG302"] = Query("[Query(\"DELETE FROM users\")] public partial int DeleteAll();");
        inputs["SQLG303"] = Query("[Query(\"SELECT * FROM userz WHERE id = $id\")] public partial User? Find(long id);");
        inputs["SQLG304"] = Query("[Query(\"SELECT * FROM users WHERE emial = $email\")] public partial User? Find(string email);");
        inputs["SQLG305"] = Query("[Query(\"SELECT * FROM users WHERE id = $id\")] public partial User? Find(long key);");
        inputs["SQLG306"] = Query("[Query(\"SELECT id, name FROM users WHERE id = $id\")] public partial long Find(long id);");
        inputs["SQLG307"] = Query("[Query(\"SELECT * FROM users WHERE (id = $id\")] public partial User? Find(long id);");
        inputs["SQLG308"] = Query("[Query(\"SELECT * FROM users WHERE id = $id\")] public static partial User? Find(long id);");
        inputs["SQLG312"] = Query("[Query(\"SELECT * FROM users WHERE ifnull(name, '') = $name\")] public partial IReadOnlyList<User> Named(string name);") with { PostgreSql = true };
        inputs["SQLG309"] = Sources(QuerySchema + "}\n[SqliteQueries(typeof(AppDb))] public partial record UserQueries;\n");

        // The version history: ShopHistory's versions, frozen by their own builds as sqlitegen/ShopDb.vN.json.
        List<(string Path, string Text)> frozen = MigrationDiagnosticTests.FreezeUpTo(3);
        (string, string)[] Frozen(int upTo) => frozen.Take(upTo).ToArray();
        string v3Changed = ShopHistory.Source(3).Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"0\")] int Age, string? Nickname");
        inputs["SQLG050"] = new(new[] { v3Changed }, Frozen(3));
        inputs["SQLG051"] = new(new[] { ShopHistory.Source(4).Replace("RenamedFrom(\"name\")", "RenamedFrom(\"nmae\")") }, Frozen(3));
        inputs["SQLG052"] = new(new[] { ShopHistory.Source(3) }, Frozen(2));
        inputs["SQLG053"] = new(new[] { ShopHistory.Source(3) }, Frozen(1));
        inputs["SQLG054"] = new(new[] { ShopHistory.Source(2) }, new[] { ("/project/sqlitegen/ShopDb.v1.json", "{ not a snapshot") });
        inputs["SQLG055"] = inputs["SQLG051"];
        inputs["SQLG056"] = new(new[] { ShopHistory.Source(2).Replace("public partial class ShopDb;", "public partial class ShopDb { [DataStep(1)] static void Seed(MigrationContext context) { } }") }, Frozen(1));
        inputs["SQLG058"] = new(new[] { ShopHistory.Source(2).Replace("public partial class ShopDb;", "public partial class ShopDb { [SeedData(9)] static void Nowhere(MigrationContext context) { } }") }, Frozen(1));
        inputs["SQLG059"] = new(new[] { ShopHistory.Source(2).Replace("public partial class ShopDb;", "public partial class ShopDb { [SeedData(1)] static void Late(MigrationContext context) { } }") }, Frozen(1));
        inputs["SQLG311"] = Sources(Usings + """
            [Table("events")]
            public partial record Event([PrimaryKey] long Id, [Indexed] DateTimeOffset At);

            [SqliteDatabase]
            public partial class EventsDb
            {
                [Query("SELECT * FROM events WHERE at > julianday('now') - 1")]
                public partial IReadOnlyList<Event> Recent();
            }
            """);
        inputs["SQLG057"] = new(new[] { ShopHistory.Source(3).Replace("Version = 3", "Version = 4").Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"0\")] int Age, string Nickname") }, Frozen(3));
        return inputs;
    }

    public static IEnumerable<object[]> Rules() => Catalogue.All.Where(d => !Unreachable.ContainsKey(d.Id)).Select(d => new object[] { d.Id });

    [Fact]
    public void Every_rule_of_the_catalogue_has_an_input_or_a_reason()
    {
        string[] missing = Catalogue.All.Select(d => d.Id).Where(id => !s_inputs.Value.ContainsKey(id) && !Unreachable.ContainsKey(id)).ToArray();
        Assert.True(missing.Length == 0, "no input reports " + string.Join(", ", missing));
        Assert.Equal(Catalogue.All.Count, Catalogue.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Every_piece_of_advice_is_supported_by_an_analyzer()
    {
        var supported = new HashSet<string>(Catalogue.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id));
        Assert.DoesNotContain(Catalogue.All, d => d.DefaultSeverity != DiagnosticSeverity.Error && !supported.Contains(d.Id));
    }

    /// <summary>The default severities docs/rules/README.md recommends and explains ("Severities").</summary>
    [Fact]
    public void Advice_that_states_a_fact_is_a_warning_and_a_guess_is_a_suggestion()
    {
        Dictionary<string, DiagnosticSeverity> advice = Catalogue.All.Where(d => d.DefaultSeverity != DiagnosticSeverity.Error).ToDictionary(d => d.Id, d => d.DefaultSeverity);
        var expected = new Dictionary<string, DiagnosticSeverity>
        {
            ["SQLG016"] = DiagnosticSeverity.Warning,
            ["SQLG051"] = DiagnosticSeverity.Warning,
            ["SQLG052"] = DiagnosticSeverity.Info,
            ["SQLG055"] = DiagnosticSeverity.Warning,
            ["SQLG057"] = DiagnosticSeverity.Warning,
            ["SQLG101"] = DiagnosticSeverity.Warning,
            ["SQLG102"] = DiagnosticSeverity.Warning,
            ["SQLG103"] = DiagnosticSeverity.Info,
            ["SQLG201"] = DiagnosticSeverity.Warning,
            ["SQLG202"] = DiagnosticSeverity.Warning,
            ["SQLG203"] = DiagnosticSeverity.Warning,
            ["SQLG301"] = DiagnosticSeverity.Warning,
            ["SQLG302"] = DiagnosticSeverity.Warning,
            ["SQLG310"] = DiagnosticSeverity.Info,
            ["SQLG311"] = DiagnosticSeverity.Warning,
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), advice.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.False(Catalogue.All.Single(d => d.Id == "SQLG310").IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_rule_is_reported_by_default_and_advice_by_an_analyzer(string id)
    {
        DiagnosticDescriptor descriptor = Catalogue.All.Single(d => d.Id == id);
        Build build = Run(id, config: descriptor.IsEnabledByDefault ? null : EditorConfig(id, "warning"));
        Assert.NotEmpty(build.Of(id));
        Diagnostic diagnostic = build.Of(id).First();
        Assert.Equal(descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity : DiagnosticSeverity.Warning, diagnostic.Severity);
        if (descriptor.DefaultSeverity != DiagnosticSeverity.Error)
            Assert.DoesNotContain(build.Generator, d => d.Id == id);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_globalconfig_severity_raises_the_rule_and_none_turns_it_off(string id)
    {
        Assert.All(Run(id, GlobalConfig(id, "error")).Of(id), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.NotEmpty(Run(id, GlobalConfig(id, "error")).Of(id));
        Assert.Empty(Run(id, GlobalConfig(id, "none")).Of(id));
    }

    /// <summary>
    /// A per-file setting reaches every rule an analyzer reports. The generator's errors (the ones that stop a database or
    /// a [Query] from being generated) are located by path, not in a syntax tree: its cached models hold no trees, so that
    /// an edit elsewhere re-runs nothing. Only a global setting reaches them, and the test pins that, as
    /// docs/rules/README.md says.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public void An_editorconfig_severity_reaches_the_rule_in_the_file_it_is_reported_in(string id)
    {
        Build raised = Run(id, EditorConfig(id, "error"));
        Build off = Run(id, EditorConfig(id, "none"));
        Assert.NotEmpty(raised.Of(id));
        if (ReportedByTheGenerator(id))
        {
            Assert.Equal(raised.Of(id).Count(), off.Of(id).Count());
            return;
        }
        Assert.All(raised.Of(id).Where(InSource), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.DoesNotContain(off.Of(id), InSource);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_pragma_silences_the_rule_in_the_file_it_is_reported_in(string id)
    {
        DiagnosticDescriptor descriptor = Catalogue.All.Single(d => d.Id == id);
        string? enable = descriptor.IsEnabledByDefault ? null : EditorConfig(id, "warning");
        Build shown = Run(id, enable);
        Build silenced = Run(id, enable, pragma: true);
        Assert.NotEmpty(shown.Of(id));
        if (ReportedByTheGenerator(id))
        {
            Assert.Equal(shown.Of(id).Count(), silenced.Of(id).Count()); // see the editorconfig test
            return;
        }
        Assert.DoesNotContain(silenced.Of(id), InSource);
        // What is left is reported in a file C# cannot hold a #pragma in (a snapshot's line).
        Assert.All(silenced.Of(id), d => Assert.EndsWith(".json", d.Location.GetLineSpan().Path, StringComparison.Ordinal));
    }

    /// <summary>Only errors that stop generation come from the generator; a rule comes from one component only.</summary>
    private static bool ReportedByTheGenerator(string id)
    {
        Build build = Run(id, Catalogue.All.Single(d => d.Id == id).IsEnabledByDefault ? null : EditorConfig(id, "warning"));
        bool byGenerator = build.Generator.Any(d => d.Id == id);
        Assert.False(byGenerator && build.Analyzers.Any(d => d.Id == id), $"{id} is reported by the generator and by an analyzer");
        Assert.True(!byGenerator || Catalogue.All.Single(d => d.Id == id).DefaultSeverity == DiagnosticSeverity.Error, $"{id} is advice, and the generator reports it");
        return byGenerator;
    }

    private static bool InSource(Diagnostic diagnostic) => !diagnostic.Location.GetLineSpan().Path.EndsWith(".json", StringComparison.Ordinal);

    private static string EditorConfig(string id, string severity) => $"{Folder}/.editorconfig\nroot = true\n\n[*.cs]\ndotnet_diagnostic.{id}.severity = {severity}\n";

    private static string GlobalConfig(string id, string severity) => $"{Folder}/.globalconfig\nis_global = true\n\ndotnet_diagnostic.{id}.severity = {severity}\n";

    /// <summary>What the build reported: the generator's diagnostics and every analyzer's.</summary>
    private sealed record Build(ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Analyzers)
    {
        public IEnumerable<Diagnostic> Of(string id) => Generator.Concat(Analyzers).Where(d => d.Id == id && d.Severity != DiagnosticSeverity.Hidden);
    }

    /// <summary>
    /// Builds the rule's input with <paramref name="config"/> (its path, a newline, its text) as the compiler would:
    /// the options handed to the compilation per tree, the generator run by a driver (which filters its diagnostics by the
    /// compilation's options, as csc's does), then every analyzer with the additional files.
    /// </summary>
    private static Build Run(string id, string? config, bool pragma = false)
    {
        Input input = s_inputs.Value[id];
        var configs = new List<AnalyzerConfig>();
        if (config is not null)
        {
            int newline = config.IndexOf('\n', StringComparison.Ordinal);
            configs.Add(AnalyzerConfig.Parse(config.Substring(newline + 1), config.Substring(0, newline)));
        }
        AnalyzerConfigSet set = AnalyzerConfigSet.Create(configs);
        SyntaxTree[] trees = input.Sources.Select((source, i) => CSharpSyntaxTree.ParseText(
            (pragma ? $"#pragma warning disable {id}\n" : "") + source, Harness.ParseOptions, $"{Folder}/Source{i}.cs")).ToArray();
        Compilation compilation = Harness.Compile().AddSyntaxTrees(trees);
        if (input.PostgreSql)
            compilation = compilation.AddReferences(PostgreSqlTargetTests.PostgreSqlReferences);
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new ConfigSetOptions(set)));

        ImmutableArray<AdditionalText> additional = input.AdditionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        Harness.CreateDriver().AddAdditionalTexts(additional).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generator);

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), (e, _, _) => exceptions.Add(e), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> analyzers = output.WithAnalyzers(Catalogue.Analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.Empty(exceptions);
        return new Build(generator, analyzers);
    }

    /// <summary>The severities of an <see cref="AnalyzerConfigSet"/>: per tree by its path, and the global ones.</summary>
    private sealed class ConfigSetOptions(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }
}

extern alias analyzers;

using System;
using System.Collections.Generic;
using System.IO;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The analyzers over code that uses Microsoft.Data.Sqlite, System.Data.SQLite and Dapper directly (Corpus/: one
/// folder per project, compiled together; Corpus/README.md says where each comes from). A line that must get a
/// diagnostic ends with "// expect: ID[, ID]"; every other line must get none. The test prints precision and recall
/// per rule and fails below the targets in docs/rules/README.md; it also fails on any analyzer exception.
/// </summary>
public sealed class AnalyzerCorpusTests
{
    private static readonly Regex s_expect = new(@"// expect: (?<ids>SQLG\d{3}(?:\s*,\s*SQLG\d{3})*)\s*$", RegexOptions.CultureInvariant);

    private readonly ITestOutputHelper _output;

    public AnalyzerCorpusTests(ITestOutputHelper output) => _output = output;

    /// <summary>Precision at least this for every rule that reports on the corpus.</summary>
    private const double PrecisionTarget = 0.95;

    /// <summary>SQLG301's recall at least this: values spliced through literals, concatenation, interpolation, Format, StringBuilder, locals and helpers.</summary>
    private const double ValueRecallTarget = 0.95;

    [Fact]
    public void Precision_and_recall_per_rule_meet_the_targets()
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var actual = new HashSet<string>(StringComparer.Ordinal);
        int files = 0;
        foreach (CorpusProject project in CorpusProject.All())
        {
            files += project.Files.Length;
            Compilation compilation = project.Compile();
            Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, project.Name + ": " + errors.Describe());
            foreach ((string file, string source) in project.Files)
            {
                string[] lines = source.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    Match match = s_expect.Match(lines[i].TrimEnd('\r'));
                    if (match.Success)
                    {
                        foreach (string id in match.Groups["ids"].Value.Split(','))
                            expected.Add($"{id.Trim()} {project.Name}/{file}:{i + 1}");
                    }
                }
            }
            (Diagnostic[] diagnostics, Exception[] exceptions) = Analyze(compilation);
            Assert.True(exceptions.Length == 0, project.Name + ": " + string.Join(Environment.NewLine, exceptions.Select(e => e.ToString())));
            foreach (Diagnostic diagnostic in diagnostics)
                actual.Add($"{diagnostic.Id} {project.Name}/{Path.GetFileName(diagnostic.Location.SourceTree!.FilePath)}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}");
        }

        string[] rules = expected.Concat(actual).Select(k => k.Substring(0, 7)).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        var table = new StringBuilder();
        table.AppendLine(FormattableString.Invariant($"{CorpusProject.All().Count()} projects, {files} files"));
        table.AppendLine("| rule | expected | reported | correct | precision | recall |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var failures = new List<string>();
        foreach (string rule in rules)
        {
            int wanted = expected.Count(k => k.StartsWith(rule, StringComparison.Ordinal));
            int got = actual.Count(k => k.StartsWith(rule, StringComparison.Ordinal));
            int right = actual.Count(k => k.StartsWith(rule, StringComparison.Ordinal) && expected.Contains(k));
            double precision = got == 0 ? 1 : (double)right / got;
            double recall = wanted == 0 ? 1 : (double)right / wanted;
            table.AppendLine(FormattableString.Invariant($"| {rule} | {wanted} | {got} | {right} | {precision:P0} | {recall:P0} |"));
            if (precision < PrecisionTarget)
                failures.Add(FormattableString.Invariant($"{rule} precision {precision:P1} < {PrecisionTarget:P0}"));
            if (rule == "SQLG301" && recall < ValueRecallTarget)
                failures.Add(FormattableString.Invariant($"{rule} recall {recall:P1} < {ValueRecallTarget:P0}"));
        }
        _output.WriteLine(table.ToString());
        foreach (string missed in expected.Except(actual).OrderBy(k => k, StringComparer.Ordinal))
            _output.WriteLine("missed:   " + missed);
        foreach (string extra in actual.Except(expected).OrderBy(k => k, StringComparer.Ordinal))
            _output.WriteLine("unwanted: " + extra);
        Assert.True(failures.Count == 0, string.Join("; ", failures) + Environment.NewLine + table
            + string.Join(Environment.NewLine, expected.Except(actual).Select(k => "missed: " + k).Concat(actual.Except(expected).Select(k => "unwanted: " + k))));
        Assert.Contains("SQLG301", rules);
        Assert.Contains("SQLG201", rules);
    }

    /// <summary>
    /// Counted work, not time: the corpus's method-like bodies (methods, constructors, accessors, expression-bodied
    /// properties, top-level programs) against those ConnectionAnalyzer builds an operation tree for, the ones whose text
    /// names what one of its rules needs (with SQLG201 on: the most it reads). Each operation tree binds the whole body.
    /// </summary>
    [Fact]
    public void ConnectionAnalyzer_builds_operation_trees_only_for_bodies_that_name_what_its_rules_need()
    {
        int bodies = 0, read = 0;
        foreach (CorpusProject project in CorpusProject.All())
        {
            Compilation compilation = project.Compile();
            ConnectionNames names = ConnectionNames.Read(compilation, walAdvice: true, default);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SyntaxNode root = tree.GetRoot();
                IEnumerable<SyntaxNode> blocks = root.DescendantNodes().Where(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax { Body: not null } or Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax { ExpressionBody: not null }
                    or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax { Body: not null } or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax { ExpressionBody: not null }
                    or Microsoft.CodeAnalysis.CSharp.Syntax.ArrowExpressionClauseSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.BasePropertyDeclarationSyntax });
                if (root.ChildNodes().Any(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax))
                    blocks = blocks.Append(root);
                foreach (SyntaxNode block in blocks)
                {
                    bodies++;
                    if (names.MayReport(new[] { block }))
                        read++;
                }
            }
        }
        _output.WriteLine(FormattableString.Invariant($"bodies {bodies}, operation trees built by ConnectionAnalyzer {read} ({(double)read / bodies:P0})"));
        Assert.True(read * 2 < bodies, $"{read} of {bodies}");
    }

    /// <summary>
    /// Mutations of the corpus's real code (a token, a line or a range deleted, two lines swapped, the file cut short):
    /// the analyzers throw on none. Seeded; SQLITEGEN_FUZZ_CASES raises the count (60 by default).
    /// </summary>
    [Fact]
    public void The_analyzers_throw_nothing_on_mutated_corpus_code()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("SQLITEGEN_FUZZ_CASES"), out int n) ? n : 60;
        var random = new Random(1717);
        CorpusProject[] projects = CorpusProject.All().ToArray();
        for (int i = 0; i < cases; i++)
        {
            CorpusProject project = projects[random.Next(projects.Length)];
            int target = random.Next(project.Files.Length);
            string mutated = Mutate(project.Files[target].Source, random, out string how);
            Compilation compilation = project.Compile(target, mutated);
            (_, Exception[] exceptions) = Analyze(compilation);
            Assert.True(exceptions.Length == 0, $"case {i}: {project.Name}/{project.Files[target].File} {how}: {string.Join(Environment.NewLine, exceptions.Select(e => e.ToString()))}");
        }
    }

    private static string Mutate(string source, Random random, out string how)
    {
        string[] lines = source.Split('\n');
        switch (random.Next(5))
        {
            case 0:
                SyntaxToken[] tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToArray();
                SyntaxToken token = tokens[random.Next(tokens.Length)];
                how = $"token '{token.Text}' at {token.SpanStart} deleted";
                return source.Remove(token.SpanStart, token.Span.Length);
            case 1:
                int line = random.Next(lines.Length);
                how = $"line {line + 1} deleted";
                return string.Join("\n", lines.Where((_, index) => index != line));
            case 2:
                int a = random.Next(lines.Length), b = random.Next(lines.Length);
                how = $"lines {a + 1} and {b + 1} swapped";
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join("\n", lines);
            case 3:
                int start = random.Next(source.Length), length = random.Next(Math.Min(200, source.Length - start));
                how = $"{length} characters at {start} deleted";
                return source.Remove(start, length);
            default:
                int cut = random.Next(source.Length);
                how = $"cut at {cut}";
                return source.Substring(0, cut);
        }
    }

    private static (Diagnostic[] Diagnostics, Exception[] Exceptions) Analyze(Compilation compilation)
    {
        DiagnosticAnalyzer[] analyzers = { new DeclarationAnalyzer(), new SqlTextAnalyzer(), new ConnectionAnalyzer() };
        AnalyzerOutput[] outputs = analyzers.Select(a => Harness.Analyze(compilation, a)).ToArray();
        return (outputs.SelectMany(o => o.Diagnostics).ToArray(), outputs.SelectMany(o => o.Exceptions).ToArray());
    }

    /// <summary>The quick-start sample, with the code the generator writes for it: every analyzer stays silent and throws nothing.</summary>
    [Fact]
    public void The_sample_gets_no_diagnostics()
    {
        string folder = Path.Combine(CorpusFolder(), "..", "..", "..", "samples", "QuickStart");
        string[] sources = Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        Assert.NotEmpty(sources);
        // What System.Text.Json's source generator (not run here) would add to the sample's context.
        sources = sources.Append("""
            namespace QuickStart;
            public partial class QuickStartJson
            {
                public QuickStartJson() : base(null) { }
                public static QuickStartJson Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            }
            """).ToArray();
        Compilation compilation = Harness.Generate(Harness.Compile(sources).WithOptions(Harness.Compile().Options.WithOutputKind(OutputKind.ConsoleApplication))).Compilation;
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());

        DiagnosticAnalyzer[] analyzers = { new DeclarationAnalyzer(), new SqlTextAnalyzer(), new ConnectionAnalyzer() };
        AnalyzerOutput[] outputs = analyzers.Select(a => Harness.Analyze(compilation, a)).ToArray();
        Assert.Empty(outputs.SelectMany(o => o.Exceptions));
        Assert.Empty(outputs.SelectMany(o => o.Diagnostics));
    }

    internal static string CorpusFolder([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Corpus");
}

/// <summary>
/// One folder of Corpus/: its files compiled together against the framework, Microsoft.Data.Sqlite,
/// System.Data.SQLite and Dapper (the project's other dependencies are stubbed in its Stubs.cs). A folder with a
/// Program.cs of top-level statements is a console program.
/// </summary>
internal sealed class CorpusProject
{
    public static readonly ImmutableArray<MetadataReference> References = Harness.References
        .Add(MetadataReference.CreateFromFile(typeof(System.Data.SQLite.SQLiteConnection).Assembly.Location))
        .Add(MetadataReference.CreateFromFile(typeof(Dapper.SqlMapper).Assembly.Location));

    private CorpusProject(string name, (string File, string Source)[] files)
    {
        Name = name;
        Files = files;
    }

    public string Name { get; }

    public (string File, string Source)[] Files { get; }

    public static IEnumerable<CorpusProject> All() =>
        Directory.GetDirectories(AnalyzerCorpusTests.CorpusFolder())
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new CorpusProject(Path.GetFileName(d), Directory.GetFiles(d, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray()));

    /// <summary>The project, with file <paramref name="replaced"/> (if any) replaced by <paramref name="replacement"/>.</summary>
    public Compilation Compile(int replaced = -1, string? replacement = null)
    {
        CSharpCompilationOptions options = Options;
        _trees ??= Files.Select(f => Parse(f.Source, f.File)).ToArray();
        return CSharpCompilation.Create(Name,
            _trees.Select((tree, i) => i == replaced ? Parse(replacement!, Files[i].File) : tree),
            References, options);
    }

    /// <summary>A console program when a Program.cs holds top-level statements, else a library; nullable annotations on.</summary>
    public CSharpCompilationOptions Options =>
        new CSharpCompilationOptions(Files.Any(f => f.File == "Program.cs" && !f.Source.Contains("static void Main", StringComparison.Ordinal)) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable);

    public static CSharpParseOptions ParseOptions => Harness.ParseOptions.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>The files parsed once (a mutation replaces one tree, the others are shared).</summary>
    private SyntaxTree[]? _trees;

    private static SyntaxTree Parse(string source, string file) =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path: file);
}

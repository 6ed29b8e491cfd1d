extern alias analyzers;

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// Runs the real generator and analyzer in-process on source strings, as a build would: one shared set of
/// metadata references (the framework, SqliteGen.dll, Microsoft.Data.Sqlite), C# 12 (what a net8.0 user compiles with).
/// </summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithDeterministic(true);

    /// <summary>
    /// The runtime library, Microsoft.Data.Sqlite and System.Text.Json with everything they reference, plus the
    /// assemblies test inputs use. A closure rather than the whole framework: binding ~40 assemblies instead of ~170
    /// keeps the fuzz test fast.
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        Assembly[] seeds =
        {
            typeof(SqliteDatabaseAttribute).Assembly,
            typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly,
            typeof(System.Text.Json.JsonSerializer).Assembly,
            typeof(object).Assembly,
            typeof(List<>).Assembly,
            typeof(Enumerable).Assembly,
            Assembly.Load("System.Runtime"),
            Assembly.Load("System.Collections"),
            Assembly.Load("netstandard"),
        };
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(seeds);
        while (pending.Count > 0)
        {
            Assembly assembly = pending.Dequeue();
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
                continue;
            foreach (AssemblyName referenced in assembly.GetReferencedAssemblies())
            {
                if (!found.ContainsKey(referenced.Name!))
                    pending.Enqueue(Assembly.Load(referenced));
            }
        }
        return found.Values
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))
            .ToImmutableArray();
    }

    /// <summary>A compilation of the given files (named Source0.cs, Source1.cs, ...).</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        Empty.AddSyntaxTrees(sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")));

    /// <summary>
    /// Every test compilation derives from this one, so they share its bound references (a fresh
    /// CSharpCompilation.Create would load ~170 framework assemblies' symbols again each time).
    /// </summary>
    private static readonly CSharpCompilation Empty = CSharpCompilation.Create("TestInput", null, References, CompilationOptions);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new SqliteGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; the result holds the output compilation and what the generator said.</summary>
    public static GeneratorOutput Generate(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        return new GeneratorOutput(output, diagnostics, run);
    }

    public static GeneratorOutput Generate(params string[] sources) => Generate(Compile(sources));

    /// <summary>Runs the generator once with additional files (path, text), as MSBuild's AdditionalFiles pass them.</summary>
    public static GeneratorOutput Generate(Compilation compilation, IEnumerable<(string Path, string Text)> additionalFiles)
    {
        GeneratorDriver driver = CreateDriver()
            .AddAdditionalTexts(additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorOutput(output, diagnostics, driver.GetRunResult().Results.Single())
        {
            AdditionalFiles = additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray(),
        };
    }

    /// <summary>
    /// Runs <see cref="DeclarationAnalyzer"/> (compilation-end actions included) on a compilation, optionally with the
    /// compiler's own diagnostics; analyzer exceptions are collected so a test can fail on them instead of an AD0001.
    /// </summary>
    public static AnalyzerOutput Analyze(Compilation compilation) => AnalyzeAsync(compilation, withCompilerDiagnostics: false).GetAwaiter().GetResult();

    /// <summary>Runs one given analyzer; see <see cref="Analyze(Compilation)"/>.</summary>
    public static AnalyzerOutput Analyze(Compilation compilation, DiagnosticAnalyzer analyzer) =>
        AnalyzeAsync(compilation, withCompilerDiagnostics: false, analyzer).GetAwaiter().GetResult();

    /// <summary>The diagnostics of <see cref="DatabaseAdviceAnalyzer"/>, which must throw nothing.</summary>
    public static ImmutableArray<Diagnostic> Advice(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles)
    {
        AnalyzerOutput output = AnalyzeAsync(compilation, withCompilerDiagnostics: false, new DatabaseAdviceAnalyzer(), additionalFiles).GetAwaiter().GetResult();
        Xunit.Assert.Empty(output.Exceptions);
        return output.Diagnostics;
    }

    public static async Task<AnalyzerOutput> AnalyzeAsync(Compilation compilation, bool withCompilerDiagnostics, DiagnosticAnalyzer? analyzer = null, ImmutableArray<AdditionalText> additionalFiles = default)
    {
        var exceptions = new ConcurrentBag<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles),
            (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer ?? new DeclarationAnalyzer()), options);
        // With compiler diagnostics, one pass binds the compilation for both (the fuzz test's budget is mostly binding).
        ImmutableArray<Diagnostic> diagnostics = withCompilerDiagnostics
            ? await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false)
            : await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        return new AnalyzerOutput(diagnostics, exceptions.ToArray());
    }

    /// <summary>
    /// Generates <paramref name="source"/> (which, with the generated code, must compile without warnings) and runs
    /// <see cref="DeclarationAnalyzer"/> on the result, which must throw nothing.
    /// </summary>
    public static (GeneratorOutput Output, ImmutableArray<Diagnostic> Diagnostics) GenerateAndAnalyze(string source)
    {
        GeneratorOutput output = Generate(source);
        Xunit.Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        AnalyzerOutput analysis = Analyze(output.Compilation);
        Xunit.Assert.Empty(analysis.Exceptions);
        return (output, analysis.Diagnostics);
    }

    /// <summary>
    /// The one diagnostic the analyzer reports on a valid declaration (<paramref name="markedSource"/>, with the expected
    /// span [|marked|]): advice (<paramref name="id"/>, not an error) on that span, while the generator generates as usual.
    /// </summary>
    public static Diagnostic SingleAdvice(string markedSource, string id)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan expected) = RuleTests.Unmark(markedSource);
        (GeneratorOutput output, ImmutableArray<Diagnostic> diagnostics) = GenerateAndAnalyze(source);
        Xunit.Assert.Empty(output.GeneratorDiagnostics);
        Diagnostic diagnostic = Xunit.Assert.Single(diagnostics);
        Xunit.Assert.Equal(id, diagnostic.Id);
        Xunit.Assert.NotEqual(DiagnosticSeverity.Error, diagnostic.Severity); // advice: the severity of each is CatalogueTests' business
        Xunit.Assert.True(expected == diagnostic.Location.SourceSpan,
            $"expected '{source.Substring(expected.Start, expected.Length)}' but got '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        return diagnostic;
    }

    /// <summary>Errors and warnings (hidden and info diagnostics are not a build's business).</summary>
    public static IEnumerable<Diagnostic> Visible(this IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error);

    public static string Describe(this IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span.Start}: {d}"));
}

internal sealed record GeneratorOutput(Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorRunResult Run)
{
    private ImmutableArray<Diagnostic>? _reported;

    /// <summary>The additional files the generator was given (the advice analyzer reads the same).</summary>
    public ImmutableArray<AdditionalText> AdditionalFiles { get; init; } = ImmutableArray<AdditionalText>.Empty;

    /// <summary>
    /// What a build reports about the database step: the generator's errors, then the advice of
    /// <see cref="DatabaseAdviceAnalyzer"/> (SQLG101, SQLG302, SQLG051...), run on the output as the compiler runs it.
    /// </summary>
    public ImmutableArray<Diagnostic> Reported => _reported ??= GeneratorDiagnostics.AddRange(Harness.Advice(Compilation, AdditionalFiles));

    /// <summary>Hint name to source text, in the order the generator added them.</summary>
    public IReadOnlyList<(string HintName, string Source)> Sources =>
        Run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    public IEnumerable<Diagnostic> CompilationDiagnostics => Compilation.GetDiagnostics().Visible();
}

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8);
}

internal sealed record AnalyzerOutput(ImmutableArray<Diagnostic> Diagnostics, Exception[] Exceptions);

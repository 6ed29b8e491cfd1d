extern alias analyzers;

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
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

    /// <summary>The framework assemblies plus the runtime library and its SQLite dependency.</summary>
    public static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        IEnumerable<string> framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal));
        string[] libraries =
        {
            typeof(SqliteDatabaseAttribute).Assembly.Location,
            typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location,
        };
        return framework.Concat(libraries).Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>A compilation of the given files (named Source0.cs, Source1.cs, ...).</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "TestInput",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            CompilationOptions);

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

    /// <summary>
    /// Runs <see cref="DeclarationAnalyzer"/> (compilation-end actions included) on a compilation; an analyzer
    /// exception fails the calling test instead of hiding as AD0001.
    /// </summary>
    public static AnalyzerOutput Analyze(Compilation compilation)
    {
        var exceptions = new ConcurrentBag<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer()), options);
        ImmutableArray<Diagnostic> diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new AnalyzerOutput(diagnostics, exceptions.ToArray());
    }

    /// <summary>Errors and warnings (hidden and info diagnostics are not a build's business).</summary>
    public static IEnumerable<Diagnostic> Visible(this IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error);

    public static string Describe(this IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span.Start}: {d}"));
}

internal sealed record GeneratorOutput(Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorRunResult Run)
{
    /// <summary>Hint name to source text, in the order the generator added them.</summary>
    public IReadOnlyList<(string HintName, string Source)> Sources =>
        Run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    public IEnumerable<Diagnostic> CompilationDiagnostics => Compilation.GetDiagnostics().Visible();
}

internal sealed record AnalyzerOutput(ImmutableArray<Diagnostic> Diagnostics, Exception[] Exceptions);

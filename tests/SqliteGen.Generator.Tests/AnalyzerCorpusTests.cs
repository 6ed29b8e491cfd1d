extern alias analyzers;

using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The analyzers over realistic code that uses Microsoft.Data.Sqlite directly (Corpus/): no analyzer exception,
/// and exactly the diagnostics its "// expect: ID" comments name, on those lines.
/// </summary>
public sealed class AnalyzerCorpusTests
{
    private static readonly Regex s_expect = new(@"// expect: (?<id>SQLG\d{3})\s*$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("LegacyNotesStore.cs")]
    public void The_analyzers_report_exactly_the_expected_diagnostics(string file)
    {
        string source = File.ReadAllText(Path.Combine(CorpusFolder(), file));
        Compilation compilation = Harness.Compile(source);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());

        DiagnosticAnalyzer[] analyzers = { new DeclarationAnalyzer(), new SqlTextAnalyzer(), new ConnectionAnalyzer() };
        AnalyzerOutput[] outputs = analyzers.Select(a => Harness.Analyze(compilation, a)).ToArray();
        Assert.Empty(outputs.SelectMany(o => o.Exceptions));

        string[] expected = source.Split('\n')
            .Select((line, index) => (Match: s_expect.Match(line.TrimEnd('\r')), Line: index + 1))
            .Where(l => l.Match.Success)
            .Select(l => $"line {l.Line}: {l.Match.Groups["id"].Value}")
            .ToArray();
        string[] actual = outputs.SelectMany(o => o.Diagnostics)
            .Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), actual);
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

    private static string CorpusFolder([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Corpus");
}

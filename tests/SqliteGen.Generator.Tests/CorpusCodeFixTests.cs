extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.Text;
using SqliteGen.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG301's parameter fix on real code: for every SQLG301 the analyzer reports on the corpus (Corpus/, see
/// <see cref="AnalyzerCorpusTests"/>), the fix is asked for as an IDE asks; where it is offered, the project with the
/// fixed file must compile without errors and report one SQLG301 fewer. The test prints how many hits got a fix.
/// </summary>
public sealed class CorpusCodeFixTests
{
    private readonly ITestOutputHelper _output;

    public CorpusCodeFixTests(ITestOutputHelper output) => _output = output;

    /// <summary>The fix must be offered on at least this many of the corpus's SQLG301 hits (the count when it was last measured).</summary>
    private const int OfferedAtLeast = 30;

    [Fact]
    public async Task Where_the_parameter_fix_is_offered_on_corpus_code_the_fixed_project_compiles_and_the_value_is_bound()
    {
        int hits = 0;
        var offered = new List<string>();
        var failures = new List<string>();
        var notOffered = new List<string>();
        foreach (CorpusProject corpus in CorpusProject.All())
        {
            using var workspace = new AdhocWorkspace();
            Project project = workspace.CurrentSolution
                .AddProject(corpus.Name, corpus.Name, LanguageNames.CSharp)
                .WithCompilationOptions(corpus.Options)
                .WithParseOptions(CorpusProject.ParseOptions)
                .AddMetadataReferences(CorpusProject.References);
            foreach ((string file, string source) in corpus.Files)
                project = project.AddDocument(file, SourceText.From(source), filePath: file).Project;
            Compilation compilation = (await project.GetCompilationAsync())!;
            Diagnostic[] found = SqlValueDiagnostics(compilation);
            foreach (Diagnostic diagnostic in found)
            {
                hits++;
                string where = $"{corpus.Name}/{diagnostic.Location.SourceTree!.FilePath}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}";
                Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                await new InterpolationToParametersCodeFix().RegisterCodeFixesAsync(new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count == 0)
                {
                    notOffered.Add(where);
                    continue;
                }
                offered.Add(where);
                ImmutableArray<CodeActionOperation> operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                Compilation fixedCompilation = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
                Diagnostic[] errors = fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                if (errors.Length > 0)
                    failures.Add($"{where}: the fixed project does not compile: {errors.Describe()}");
                else if (SqlValueDiagnostics(fixedCompilation).Length != found.Length - 1)
                    failures.Add($"{where}: SQLG301 still reported after the fix");
                string fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
                _output.WriteLine($"fixed: {where}");
                foreach (string line in ChangedLines((await document.GetTextAsync()).ToString(), fixedText))
                    _output.WriteLine("    " + line);
            }
        }
        foreach (string where in notOffered)
            _output.WriteLine("not offered: " + where);
        _output.WriteLine(FormattableString.Invariant($"SQLG301 hits {hits}, fix offered {offered.Count} ({(double)offered.Count / hits:P0}), compiled and bound {offered.Count - failures.Count}"));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(offered.Count >= OfferedAtLeast, $"the fix was offered on {offered.Count} hits, fewer than {OfferedAtLeast}");
    }

    private static Diagnostic[] SqlValueDiagnostics(Compilation compilation)
    {
        AnalyzerOutput output = Harness.Analyze(compilation, new SqlTextAnalyzer());
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.Where(d => d.Id == "SQLG301").ToArray();
    }

    /// <summary>The lines of <paramref name="after"/> that are not lines of <paramref name="before"/>, trimmed.</summary>
    private static IEnumerable<string> ChangedLines(string before, string after)
    {
        var old = new HashSet<string>(before.Split('\n').Select(l => l.Trim()), StringComparer.Ordinal);
        return after.Split('\n').Select(l => l.Trim()).Where(l => !old.Contains(l));
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// Applies a code fix the way an IDE does: the source as one document of an <see cref="AdhocWorkspace"/> project
/// (the <see cref="Harness"/> references and options), the analyzer's diagnostic, the provider's first action,
/// its operations (which format and simplify), and the changed document's text.
/// The same fixes are also verified with Microsoft.CodeAnalysis.Testing (Verifiers/CodeFixVerifierTests, offline
/// through <see cref="Verifiers.Offline"/>); this helper stays for the tests that go on from the fixed text, e.g. running
/// the generator on it (CodeFixTests.AssertIndexed), and reuses <see cref="Harness.References"/>.
/// </summary>
internal static class CodeFixHarness
{
    /// <summary>
    /// The fixed source, or null when the provider offers no fix. The source must compile cleanly and the
    /// analyzer must report <paramref name="diagnosticId"/> exactly once. <paramref name="outputKind"/>: a console
    /// application for top-level statements.
    /// </summary>
    public static string? Fix(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        using var workspace = new AdhocWorkspace();
        Document document = CreateDocument(workspace, source, outputKind);
        Diagnostic diagnostic = Assert.Single(Diagnose(document, analyzer), d => d.Id == diagnosticId);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions.Count == 0 ? null : Apply(actions[0], document);
    }

    /// <summary>The fixed source for the first of the (one or more) <paramref name="diagnosticId"/> the analyzer reports, or null when the provider offers no fix.</summary>
    public static string? FixFirst(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId)
    {
        using var workspace = new AdhocWorkspace();
        Document document = CreateDocument(workspace, source, OutputKind.DynamicallyLinkedLibrary);
        Diagnostic diagnostic = Diagnose(document, analyzer).Where(d => d.Id == diagnosticId).OrderBy(d => d.Location.SourceSpan.Start).First();
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions.Count == 0 ? null : Apply(actions[0], document);
    }

    /// <summary>"Fix all in document": the source after the provider's fix-all fixed every <paramref name="diagnosticId"/> the analyzer reports (at least two).</summary>
    public static string FixAll(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId, string equivalenceKey)
    {
        using var workspace = new AdhocWorkspace();
        Document document = CreateDocument(workspace, source, OutputKind.DynamicallyLinkedLibrary);
        Diagnostic[] diagnostics = Diagnose(document, analyzer).Where(d => d.Id == diagnosticId).ToArray();
        Assert.True(diagnostics.Length >= 2, $"fix-all needs several diagnostics, got {diagnostics.Length}");
        var context = new FixAllContext(document, fix, FixAllScope.Document, equivalenceKey, new[] { diagnosticId }, new KnownDiagnostics(diagnostics), CancellationToken.None);
        CodeAction? action = fix.GetFixAllProvider()!.GetFixAsync(context).GetAwaiter().GetResult();
        Assert.NotNull(action);
        return Apply(action, document);
    }

    /// <summary>
    /// The fixed source for the one <paramref name="diagnosticId"/> the generator reports on <paramref name="source"/> (no
    /// analyzer reports it: an IDE shows it from the generator), or null when the provider offers no fix.
    /// </summary>
    public static string? FixGeneratorDiagnostic(string source, CodeFixProvider fix, string diagnosticId)
    {
        Diagnostic reported = Assert.Single(Harness.Generate(source).Reported, d => d.Id == diagnosticId);
        using var workspace = new AdhocWorkspace();
        Document document = CreateDocument(workspace, source, OutputKind.DynamicallyLinkedLibrary);
        SyntaxTree tree = document.GetSyntaxTreeAsync().GetAwaiter().GetResult()!;
        Diagnostic diagnostic = Diagnostic.Create(reported.Descriptor, Location.Create(tree, reported.Location.SourceSpan));
        var actions = new List<CodeAction>();
        fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)).GetAwaiter().GetResult();
        return actions.Count == 0 ? null : Apply(actions[0], document);
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string source, OutputKind outputKind) =>
        workspace.CurrentSolution
            .AddProject("TestInput", "TestInput", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(Harness.ParseOptions)
            .AddMetadataReferences(Harness.References)
            .AddDocument("Source0.cs", SourceText.From(source));

    /// <summary>Runs the action's operations (which format and simplify, as an IDE does) and returns the changed text.</summary>
    private static string Apply(CodeAction action, Document document)
    {
        ImmutableArray<CodeActionOperation> operations = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        return changed.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    private sealed class KnownDiagnostics(Diagnostic[] diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }

    /// <summary>The analyzer's diagnostics on the document, after checking it compiles without warnings.</summary>
    private static ImmutableArray<Diagnostic> Diagnose(Document document, DiagnosticAnalyzer analyzer)
    {
        Compilation compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.AnalyzeAsync(compilation, withCompilerDiagnostics: false, analyzer).GetAwaiter().GetResult();
        Assert.Empty(output.Exceptions);
        return output.Diagnostics;
    }

    /// <summary>The analyzer's diagnostics on a fixed source, which must compile without warnings too.</summary>
    public static ImmutableArray<Diagnostic> Reanalyze(string fixedSource, DiagnosticAnalyzer analyzer, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        Compilation compilation = Harness.Compile(fixedSource);
        compilation = compilation.WithOptions(compilation.Options.WithOutputKind(outputKind));
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, analyzer);
        Assert.Empty(output.Exceptions);
        return output.Diagnostics;
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
/// Microsoft.CodeAnalysis.CSharp.CodeFix.Testing is not used: on the package mirror only 1.1.4 restores, and only
/// with four dependency versions lifted (NU1603: NuGet.Packaging/Protocol/Resolver, System.ComponentModel.Composition),
/// and its tests download reference assemblies from NuGet at run time unless given their own; this helper
/// reuses <see cref="Harness.References"/> and runs offline.
/// </summary>
internal static class CodeFixHarness
{
    /// <summary>
    /// The fixed source, or null when the provider offers no fix. The source must compile cleanly and the
    /// analyzer must report <paramref name="diagnosticId"/> exactly once.
    /// </summary>
    public static string? Fix(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("TestInput", "TestInput", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(Harness.ParseOptions)
            .AddMetadataReferences(Harness.References)
            .AddDocument("Source0.cs", SourceText.From(source));

        Diagnostic diagnostic = Assert.Single(Diagnose(document, analyzer), d => d.Id == diagnosticId);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        if (actions.Count == 0)
            return null;

        ImmutableArray<CodeActionOperation> operations = actions[0].GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        Document fixedDocument = changed.GetDocument(document.Id)!;
        return fixedDocument.GetTextAsync().GetAwaiter().GetResult().ToString();
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
    public static ImmutableArray<Diagnostic> Reanalyze(string fixedSource, DiagnosticAnalyzer analyzer)
    {
        Compilation compilation = Harness.Compile(fixedSource);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());
        AnalyzerOutput output = Harness.Analyze(compilation, analyzer);
        Assert.Empty(output.Exceptions);
        return output.Diagnostics;
    }
}

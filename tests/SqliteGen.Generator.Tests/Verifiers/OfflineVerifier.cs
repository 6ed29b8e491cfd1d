using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// What every Microsoft.CodeAnalysis.Testing test here shares, so that it runs offline.
/// <para>
/// References: the testing library resolves <see cref="AnalyzerTest{TVerifier}.ReferenceAssemblies"/> through NuGet
/// (its default, and every <c>ReferenceAssemblies.Net.*</c>, names a reference-assembly package that it downloads
/// into %TEMP%/test-packages at test time when the global packages folder lacks it). Here it is
/// <see cref="ReferenceAssemblies"/>: a target framework with no package and no assembly names, which resolves to
/// nothing without reading a feed (the resolver only contacts a source for a package it has to install). The
/// compilation's references are then added as plain files: <see cref="Harness.References"/>, the closure of the
/// running runtime's assemblies that SqliteGen.dll, Microsoft.Data.Sqlite (with SQLitePCLRaw) and System.Text.Json
/// need, the same set the hand-written harness compiles with. Nothing is fetched; a machine without network runs these
/// tests as it runs the rest (CONTRIBUTING.md, "Package and CI").
/// </para>
/// <para>
/// Language: C# 12 with nullable annotations on, as <see cref="Harness"/> (what a net8.0 user compiles with).
/// Compiler warnings count as well as errors: every test input, before and after a fix, must compile cleanly.
/// </para>
/// </summary>
internal static class Offline
{
    /// <summary>No reference-assembly package: resolving it returns no reference and needs no feed.</summary>
    public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = ReferenceAssemblies;
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
            // The library parses documentation comments as a build with GenerateDocumentationFile would (CS1591 on
            // every public type); the harness, like a default project, does not.
            var parseOptions = ((CSharpParseOptions)project.ParseOptions!)
                .WithLanguageVersion(Harness.ParseOptions.LanguageVersion)
                .WithDocumentationMode(Harness.ParseOptions.DocumentationMode);
            return solution.WithProjectCompilationOptions(projectId, compilationOptions).WithProjectParseOptions(projectId, parseOptions);
        });
    }
}

/// <summary>
/// An analyzer-only test: <see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/> with the library's
/// <see cref="EmptyCodeFixProvider"/>, which is what the library's own <c>CSharpCodeFixVerifier.VerifyAnalyzerAsync</c>
/// runs (Microsoft.CodeAnalysis.CSharp.Analyzer.Testing's <c>CSharpAnalyzerTest</c> does the same checks; one package
/// fewer to restore). The diagnostics are the <c>{|SQLGxxx:...|}</c> markup of the source plus
/// <see cref="AnalyzerTest{TVerifier}.ExpectedDiagnostics"/>; the library also checks that each is silenced by
/// <c>#pragma warning disable</c> and that none is reported when the file is generated code.
/// </summary>
internal sealed class AnalyzerVerifierTest<TAnalyzer> : CSharpCodeFixTest<TAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerVerifierTest() => Offline.Configure(this);

    /// <summary>Exactly the marked diagnostics (and <paramref name="expected"/>), no more, in <paramref name="source"/>.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerVerifierTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>
/// A code-fix test: the marked diagnostics in <see cref="AnalyzerTest{TVerifier}.TestCode"/>, the text after applying
/// the fix one diagnostic at a time (<see cref="CodeFixTest{TVerifier}.FixedCode"/>) and, unless told otherwise, after
/// fix-all in document, project and solution (<see cref="CodeFixTest{TVerifier}.BatchFixedCode"/>, else the same
/// text); a <see cref="CodeFixTest{TVerifier}.FixedCode"/> equal to the test code means "no fix is offered".
/// </summary>
internal sealed class CodeFixVerifierTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixVerifierTest() => Offline.Configure(this);

    public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new CodeFixVerifierTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The diagnostics are reported and no fix is offered: the "fixed" text is the source, with the same diagnostics.</summary>
    public static Task VerifyNotOfferedAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CodeFixVerifierTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>The offline set-up itself: nothing to download, and resolving it touches no feed.</summary>
public sealed class OfflineReferenceTests
{
    [Fact]
    public void The_reference_assemblies_name_no_package_and_no_assembly()
    {
        Assert.Null(Offline.ReferenceAssemblies.ReferenceAssemblyPackage);
        Assert.Empty(Offline.ReferenceAssemblies.Packages);
        Assert.Empty(Offline.ReferenceAssemblies.Assemblies);
        Assert.Empty(Offline.ReferenceAssemblies.FacadeAssemblies);
    }

    /// <summary>
    /// Resolved against a NuGet.config whose only source cannot be reached (a closed port on the loopback address)
    /// and an empty global packages folder, they still resolve, to nothing: the resolver asked no source.
    /// </summary>
    [Fact]
    public async Task Resolving_needs_no_feed()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sqlitegen-offline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string config = Path.Combine(folder, "NuGet.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" /></config>
                  <packageSources><clear /><add key="unreachable" value="http://127.0.0.1:9/v3/index.json" /></packageSources>
                </configuration>
                """);
            ImmutableArray<MetadataReference> resolved = await Offline.ReferenceAssemblies.WithNuGetConfigFilePath(config)
                .ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            Assert.Empty(resolved);
            Assert.False(Directory.Exists(Path.Combine(folder, "packages")) && Directory.EnumerateFileSystemEntries(Path.Combine(folder, "packages")).Any());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What the tests compile against instead: the runtime library, Microsoft.Data.Sqlite and SQLitePCLRaw, all files on disk.</summary>
    [Fact]
    public void The_references_are_files_of_this_run()
    {
        string[] names = Harness.References.OfType<PortableExecutableReference>().Select(r => Path.GetFileNameWithoutExtension(r.FilePath!)).ToArray();
        Assert.Equal(Harness.References.Length, names.Length);
        Assert.Contains("SqliteGen", names);
        Assert.Contains("Microsoft.Data.Sqlite", names);
        Assert.Contains("SQLitePCLRaw.core", names);
        Assert.Contains("System.Runtime", names);
        Assert.All(Harness.References.OfType<PortableExecutableReference>(), r => Assert.True(File.Exists(r.FilePath), r.FilePath));
    }
}

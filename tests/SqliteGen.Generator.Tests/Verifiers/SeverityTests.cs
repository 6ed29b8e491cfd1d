extern alias analyzers;

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// What a team sets reaches every rule of <see cref="SqlTextAnalyzer"/> and <see cref="ConnectionAnalyzer"/>: a
/// severity in .editorconfig (parsed by Roslyn's own AnalyzerConfigSet, handed to the compilation per tree as csc
/// does) changes the reported severity, turns on SQLG310 (off by default) and turns a rule off; <c>#pragma warning
/// disable</c> silences it.
/// </summary>
public sealed class SeverityTests
{
    /// <summary>One source per rule, its diagnostic marked {|#0:...|}.</summary>
    public static TheoryData<string, string> Rules() => new()
    {
        { "SQLG201", ConnectionAnalyzerTests.Source("using var connection = new SqliteConnection(\"Data Source=app.db\");\n{|#0:connection.Open()|};\n" + ConnectionAnalyzerTests.Select) },
        { "SQLG202", ConnectionAnalyzerTests.Source("new SqliteCommand({|#0:\"PRAGMA busy_timeout = 0\"|}, given).ExecuteNonQuery();") },
        { "SQLG203", ConnectionAnalyzerTests.Source("using var tx = {|#0:given.BeginTransaction(deferred: true)|};\nnew SqliteCommand(\"DELETE FROM users WHERE id = 1\", given, tx).ExecuteNonQuery();") },
        { "SQLG301", SqlTextAnalyzerTests.Source("command.CommandText = {|#0:\"SELECT * FROM users WHERE id = \" + id|};") },
        { "SQLG302", SqlTextAnalyzerTests.Source("command.CommandText = {|#0:\"DELETE FROM users\"|};") },
        { "SQLG310", SqlTextAnalyzerTests.Source("command.CommandText = \"SELECT * FROM users ORDER BY \" + {|#0:email|};") },
    };

    private static DiagnosticAnalyzer AnalyzerFor(string id) => id.StartsWith("SQLG2", StringComparison.Ordinal) ? new ConnectionAnalyzer() : new SqlTextAnalyzer();

    [Theory]
    [MemberData(nameof(Rules))]
    public void An_editorconfig_severity_reaches_the_rule(string id, string source)
    {
        Diagnostic diagnostic = Assert.Single(Analyze(id, source, $"dotnet_diagnostic.{id}.severity = error"));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void An_editorconfig_severity_of_none_turns_the_rule_off(string id, string source) =>
        Assert.Empty(Analyze(id, source, $"dotnet_diagnostic.{id}.severity = none"));

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_pragma_silences_the_rule(string id, string source)
    {
        Assert.Single(Analyze(id, source, $"dotnet_diagnostic.{id}.severity = warning"));
        Assert.Empty(Analyze(id, $"#pragma warning disable {id}\n" + source, $"dotnet_diagnostic.{id}.severity = warning"));
    }

    [Fact]
    public void SQLG310_is_off_without_a_setting()
    {
        object[] rule = Rules().Single(r => (string)r[0] == "SQLG310");
        Assert.Empty(Analyze("SQLG310", (string)rule[1], "dotnet_diagnostic.SQLG999.severity = none"));
    }

    /// <summary>
    /// The diagnostics of the rule's analyzer on <paramref name="source"/> with <paramref name="setting"/> in an
    /// .editorconfig beside it, read the way the compiler reads it (AnalyzerConfigSet -> per-tree options).
    /// </summary>
    private static Diagnostic[] Analyze(string id, string source, string setting)
    {
        const string folder = "/project";
        AnalyzerConfigSet configs = AnalyzerConfigSet.Create(new[] { AnalyzerConfig.Parse($"root = true\n\n[*.cs]\n{setting}\n", folder + "/.editorconfig") });
        string path = folder + "/UserCode.cs";
        SyntaxTree tree = CSharpSyntaxTree.ParseText(Regex.Replace(source, @"\{\|#0:(.*?)\|\}", "$1", RegexOptions.Singleline), Harness.ParseOptions, path);
        var options = new EditorConfigTreeOptions(configs.GetOptionsForSourcePath(path).TreeOptions);
        Compilation compilation = Harness.Compile().AddSyntaxTrees(tree);
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(options));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        AnalyzerOutput output = Harness.Analyze(compilation, AnalyzerFor(id));
        Assert.Empty(output.Exceptions);
        return output.Diagnostics.ToArray();
    }

    /// <summary>The per-tree severities an .editorconfig gives, handed to the compilation as the compiler's own driver does.</summary>
    private sealed class EditorConfigTreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly ImmutableDictionary<string, ReportDiagnostic> _severities;

        public EditorConfigTreeOptions(ImmutableDictionary<string, ReportDiagnostic> severities) => _severities = severities;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _severities.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}

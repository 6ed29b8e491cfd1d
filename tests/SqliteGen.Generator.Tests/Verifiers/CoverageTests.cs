extern alias analyzers;

using System;
using System.Linq;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis.CodeFixes;
using SqliteGen.CodeFixes;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// A rule or fix added to the analyzers without cases here fails this suite: the ids each test class covers are
/// listed, and must be exactly what the analyzers report and the fixes fix. (The declaration rules are checked against
/// their case table in <see cref="DeclarationAnalyzerVerifierTests"/>.)
/// </summary>
public sealed class CoverageTests
{
    [Fact]
    public void The_SQL_text_rules_are_the_ones_SqlTextAnalyzerVerifierTests_covers() =>
        Assert.Equal(new[] { "SQLG301", "SQLG302", "SQLG310" }, new SqlTextAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));

    [Fact]
    public void The_connection_rules_are_the_ones_ConnectionAnalyzerVerifierTests_covers() =>
        Assert.Equal(new[] { "SQLG201", "SQLG202", "SQLG203" }, new ConnectionAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));

    [Fact]
    public void The_fixes_are_the_ones_CodeFixVerifierTests_covers()
    {
        string[] fixedIds = typeof(SqliteGenCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { "SQLG001", "SQLG008", "SQLG016", "SQLG102", "SQLG201", "SQLG203", "SQLG301", "SQLG302", "SQLG308", "SQLG309" }, fixedIds);
        // SQLG308 and SQLG309 come from the generator, not an analyzer: their fixes are tested in CodeFixTests. SQLG008
        // shares the fix of SQLG001, whose fix-all test includes it.
        string[] analyzerFixed = fixedIds.Where(id => id is not ("SQLG308" or "SQLG309")).ToArray();
        string[] tests = typeof(CodeFixVerifierTests).GetMethods().Select(m => m.Name).ToArray();
        Assert.All(analyzerFixed.Where(id => id != "SQLG008"), id => Assert.Contains(tests, name => name.StartsWith(id + "_", StringComparison.Ordinal) && name.Contains("fix_all", StringComparison.Ordinal)));
        Assert.All(analyzerFixed.Where(id => id != "SQLG102"), id => Assert.Contains(tests, name => name.StartsWith(id + "_no_fix", StringComparison.Ordinal)));
        Assert.Contains(typeof(CodeFixTests).GetMethods(), m => m.Name.StartsWith("SQLG308_", StringComparison.Ordinal));
        Assert.Contains(typeof(CodeFixTests).GetMethods(), m => m.Name.StartsWith("SQLG309_", StringComparison.Ordinal));
    }
}

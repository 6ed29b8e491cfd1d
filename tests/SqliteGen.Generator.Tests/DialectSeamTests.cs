using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The dialect seam, read from the generator's source tree: the SQL the generator writes comes from
/// <c>Dialects/</c> alone, and only the pipeline's registration names the SQLite dialect, so a second dialect is a new
/// folder plus a registration.
/// </summary>
public sealed class DialectSeamTests
{
    /// <summary>
    /// SQL statements and clauses as the dialect writes them (upper-case keywords), and <c>$name</c> parameters: a
    /// literal of its own, a C# literal in generated code (<c>"$query"</c>) or named in a generated comment (<c>// $query</c>).
    /// </summary>
    private static readonly Regex s_sql = new(
        @"\b(SELECT\s.*\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|(CREATE|DROP)\s+(UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b|ALTER\s+TABLE\s|PRAGMA\s+\w|ON\s+CONFLICT\b|RETURNING\s+\w|IS\s+NOT\s+NULL\b|LIMIT\s+\$)|^\$\w+$|""\$[a-z_]\w*""|//\s*\$[a-z_]\w*",
        RegexOptions.CultureInvariant);

    /// <summary>SQL quoted in generated documentation (<c>&lt;c&gt;PRAGMA user_version&lt;/c&gt;</c>) is prose, not SQL the code runs.</summary>
    private static readonly Regex s_codeInDocs = new("<c>[^<]*</c>", RegexOptions.CultureInvariant);

    [Fact]
    public void Only_the_dialect_writes_SQL()
    {
        var found = new List<string>();
        // The diagnostics catalogue is exempt: its messages quote SQL to the user as advice ("execute 'PRAGMA
        // journal_mode = WAL'"), which no code runs.
        foreach ((string path, SyntaxNode root) in GeneratorSources().Where(s => !InDialects(s.Path) && !IsCatalogue(s.Path)))
        {
            foreach (string text in StringsOf(root))
            {
                if (s_sql.IsMatch(s_codeInDocs.Replace(text, "")))
                    found.Add($"{Relative(path)}: \"{text}\"");
            }
        }
        Assert.True(found.Count == 0, "SQL written outside Dialects/ (give ISqlDialect a member for it):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Only_the_registration_names_the_SQLite_dialect_and_the_dialect_builds_no_schema()
    {
        var found = new List<string>();
        foreach ((string path, SyntaxNode root) in GeneratorSources())
        {
            IEnumerable<string> names = root.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText);
            bool registration = Path.GetFileName(path) == "SqliteGenerator.cs";
            if (!InDialects(path) && !registration && names.Contains("SqliteDialect"))
                found.Add($"{Relative(path)} names SqliteDialect: take ISqlDialect");
            if (InDialects(path) && names.Contains("SchemaBuilder"))
                found.Add($"{Relative(path)} calls SchemaBuilder: the dialect writes SQL for a schema it is given");
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void The_checks_see_the_SQL_they_are_meant_to_find()
    {
        // The same reading as above on known text, so the two tests above cannot pass by reading nothing.
        SyntaxNode root = CSharpSyntaxTree.ParseText("""
            class C
            {
                string A(string t) => $"SELECT id FROM {t} WHERE x = 1";
                string B = "$query";
                string E = $"new(sql, \"$query\")";
                string C = "/// Stored in <c>PRAGMA user_version</c>.";
                void D() { SqliteDialect.Instance.Parameter("k"); }
            }
            """).GetRoot();
        List<string> strings = StringsOf(root).ToList();
        Assert.Equal(new[] { true, true, true, false, false }, strings.Select(s => s_sql.IsMatch(s_codeInDocs.Replace(s, ""))));
        Assert.Contains("SqliteDialect", root.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText));
        Assert.True(GeneratorSources().Count() > 40);
        Assert.Contains(GeneratorSources(), s => InDialects(s.Path));
    }

    /// <summary>Every string the code holds: literals, raw and verbatim strings, interpolated strings with each hole as <c>x</c>.</summary>
    private static IEnumerable<string> StringsOf(SyntaxNode root)
    {
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            if (node is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal && literal.Parent is not InterpolationSyntax)
                yield return literal.Token.ValueText;
            else if (node is InterpolatedStringExpressionSyntax interpolated)
            {
                var text = new StringBuilder();
                foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
                    text.Append(content is InterpolatedStringTextSyntax part ? part.TextToken.ValueText : "x");
                yield return text.ToString();
            }
        }
    }

    private static IEnumerable<(string Path, SyntaxNode Root)> GeneratorSources() =>
        Directory.EnumerateFiles(GeneratorFolder(), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, CSharpSyntaxTree.ParseText(File.ReadAllText(p), path: p).GetRoot()));

    private static bool IsCatalogue(string path) => Path.GetFileName(path) == "DiagnosticDescriptors.cs";

    private static bool InDialects(string path) =>
        Relative(path).StartsWith("Dialects" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(GeneratorFolder(), path);

    private static string GeneratorFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "generators", "SqliteGen.Generator"));
}

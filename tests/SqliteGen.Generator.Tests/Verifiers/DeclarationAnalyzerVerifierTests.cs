extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace SqliteGen.Generator.Tests.Verifiers;

/// <summary>
/// <see cref="DeclarationAnalyzer"/> through Microsoft.CodeAnalysis.Testing, every rule it reports (SQLG001-015,
/// SQLG102, SQLG103): a positive with the exact span (<c>{|SQLGxxx:...|}</c>, nothing else reported), the corrected
/// declaration (silent), and a near miss: a declaration that looks like the positive but is valid (silent).
/// The analyzer runs on the user's source alone, as it does live in an editor before the generator has run.
/// </summary>
public sealed class DeclarationAnalyzerVerifierTests
{
    private const string Usings = "using System;\nusing SqliteGen;\n\nnamespace App;\n\n";
    private const string Db = "[SqliteDatabase] public partial class NotesDb;\n";

    /// <summary>A rule's three cases. Sources follow <see cref="Usings"/>; include <see cref="Db"/> where a database is wanted.</summary>
    internal sealed record RuleCases(string Id, string Positive, string Negative, string NearMiss);

    /// <summary>A JsonSerializerContext written by hand (the System.Text.Json generator does not run here) that declares Meta.</summary>
    private const string JsonContext = """
        [System.Text.Json.Serialization.JsonSerializable(typeof(Meta))]
        public partial class AppJsonContext : System.Text.Json.Serialization.JsonSerializerContext
        {
            public AppJsonContext() : base(null) { }
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        """;

    internal static readonly RuleCases[] Rules =
    {
        new("SQLG001",
            Db + "[Table] public partial class {|SQLG001:Note|} { [PrimaryKey] public long Id { get; set; } }",
            Db + "[Table] public partial record Note([PrimaryKey] long Id);",
            // Nested: fine while every enclosing type is a non-generic partial type.
            Db + "public static partial class Model\n{\n    [Table] public partial record Note([PrimaryKey] long Id);\n}"),
        new("SQLG002",
            Db + "[Table] public partial record {|SQLG002:Note|}(long Id, string Text);",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, string Text);",
            // A composite key: no member is 'the' key, yet there is one.
            Db + "[Table] public partial record Note([PrimaryKey(Order = 0)] long Id, [PrimaryKey(Order = 1)] long Version, string Text);"),
        new("SQLG003",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, System.Collections.Generic.List<int> {|SQLG003:Tags|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, string Tags);",
            // The same unstorable type on a member that is not stored.
            Db + "[Table] public partial record Note([PrimaryKey] long Id)\n{\n    [Ignore] public System.Collections.Generic.List<int> Tags { get; init; } = new();\n}"),
        new("SQLG004",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Indexed, Unique] string {|SQLG004:Email|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Unique] string Email);",
            // The two attributes, each on its own member.
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Unique] string Email, [Indexed] string Name);"),
        new("SQLG005",
            Db + "[Table, {|SQLG005:Index(\"Missing\")|}] public partial record Note([PrimaryKey] long Id, string Text);",
            Db + "[Table, Index(nameof(Text))] public partial record Note([PrimaryKey] long Id, string Text);",
            // A string rather than nameof, but it names a member.
            Db + "[Table, Index(\"Text\")] public partial record Note([PrimaryKey] long Id, string Text);"),
        new("SQLG006",
            Db + "public sealed record Plain(long Id);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Plain))] long {|SQLG006:PlainId|});",
            Db + "[Table] public partial record Topic([PrimaryKey] long Id);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId);",
            // Across tenant modes: a Layered table may reference an Isolated one (both live in the tenant's file).
            Db + "[Table, TenantScoped(TenantMode.Isolated)] public partial record Topic([PrimaryKey] long Id);\n[Table, TenantScoped(TenantMode.Layered)] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId);"),
        new("SQLG007",
            "[SqliteDatabase] public partial class {|SQLG007:NotesDb|};\npublic sealed record Meta(string Title);\n[Table] public partial record Note([PrimaryKey] long Id, [JsonColumn] Meta Meta);",
            "[SqliteDatabase] public partial class NotesDb;\npublic sealed record Meta(string Title);\n[Table] public partial record Note([PrimaryKey] long Id, string Meta);",
            // A context that declares the type.
            JsonContext + "[SqliteDatabase(JsonContext = typeof(AppJsonContext))] public partial class NotesDb;\npublic sealed record Meta(string Title);\n[Table] public partial record Note([PrimaryKey] long Id, [JsonColumn] Meta Meta);"),
        new("SQLG008",
            "[SqliteDatabase] public partial record {|SQLG008:NotesDb|};\n[Table] public partial record Note([PrimaryKey] long Id);",
            "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id);",
            // Sealed is allowed: only a partial, non-generic, non-static class is asked for.
            "[SqliteDatabase] public sealed partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id);"),
        new("SQLG009",
            Db + "[Table] public partial record {|SQLG009:Note|}([PrimaryKey] long Id, string Text, [Column(\"text\")] string Body);",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, string Text, [Column(\"body\")] string Body);",
            // The same column name in two tables.
            Db + "[Table] public partial record Topic([PrimaryKey] long Id, string Text);\n[Table] public partial record Note([PrimaryKey] long Id, string Text);"),
        new("SQLG010",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Column(\"sqlite_text\")] string {|SQLG010:Text|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Column(\"text\")] string Text);",
            // 'sqlite_' is reserved as a prefix only.
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Column(\"text_sqlite_\")] string Text);"),
        new("SQLG011",
            "[SqliteDatabase(Version = 0)] public partial class {|SQLG011:NotesDb|};\n[Table] public partial record Note([PrimaryKey] long Id);",
            "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id);",
            // The lowest valid version.
            "[SqliteDatabase(Version = 1)] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id);"),
        new("SQLG012",
            Db + "[Table] public partial record {|SQLG012:Note|}\n{\n    public Note(long id) => Id = id;\n    [PrimaryKey] public long Id { get; init; }\n}",
            Db + "[Table] public partial record Note([PrimaryKey] long Id);",
            // The same record without the constructor: the implicit parameterless one and init setters do.
            Db + "[Table] public partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n}"),
        new("SQLG013",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(0)] float[] {|SQLG013:Embedding|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] float[] Embedding);",
            // The largest dimension count allowed.
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(8192)] float[] Embedding);"),
        new("SQLG014",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] double[] {|SQLG014:Embedding|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] float[] Embedding);",
            // The other accepted type.
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] ReadOnlyMemory<float> Embedding);"),
        new("SQLG015",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [FullText] int {|SQLG015:Priority|});",
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [FullText] string Body, int Priority);",
            // A nullable string is still a string.
            Db + "[Table] public partial record Note([PrimaryKey] long Id, [FullText] string? Body);"),
        new("SQLG016",
            "[{|SQLG016:SqliteDatabase(Version = 2)|}] public partial class NotesDb;\n[SqliteDatabase(Tables = new[] { typeof(Audit) })] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);",
            "[SqliteDatabase(Version = 2, Tables = new[] { typeof(Note) })] public partial class NotesDb;\n[SqliteDatabase(Tables = new[] { typeof(Audit) })] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);",
            // One database taking every table is the intended default.
            "[SqliteDatabase(Version = 2)] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);"),
        new("SQLG102",
            Db + "[Table] public partial record Topic([PrimaryKey] long TopicId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long {|SQLG102:TopicId|}, string Text);",
            Db + "[Table] public partial record Topic([PrimaryKey] long TopicId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId, string Text);",
            // The leading column of a composite index serves the foreign key.
            Db + "[Table] public partial record Topic([PrimaryKey] long TopicId);\n[Table, Index(nameof(TopicId), nameof(Text))] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, string Text);"),
        new("SQLG103",
            Db + "[Table] public partial record Order([PrimaryKey] long Id, double {|SQLG103:Price|});",
            Db + "[Table] public partial record Order([PrimaryKey] long Id, decimal Price);",
            // A rate next to the money word, and the word inside another word.
            Db + "[Table] public partial record Order([PrimaryKey] long Id, double TaxRate, double Priceless);"),
    };

    private static RuleCases Rule(string id) => Rules.Single(r => r.Id == id);

    public static IEnumerable<object[]> Ids => Rules.Select(r => new object[] { r.Id });

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Positive_is_reported_on_the_marked_span(string id) => AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(Usings + Rule(id).Positive);

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Corrected_declaration_is_silent(string id) => AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(Usings + Rule(id).Negative);

    [Theory]
    [MemberData(nameof(Ids))]
    public Task Near_miss_is_silent(string id) => AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(Usings + Rule(id).NearMiss);

    /// <summary>The message arguments, not only the span: the foreign key's member, table, column and target.</summary>
    [Fact]
    public Task SQLG102_names_the_member_table_column_and_target() =>
        AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(
            Usings + Db + "[Table] public partial record Topic([PrimaryKey] long TopicId);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long {|#0:TopicId|});",
            new DiagnosticResult("SQLG102", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Note", "TopicId", "note", "topic_id", "topic"));

    /// <summary>SQLG016's message: the database, the tables it takes, the other databases.</summary>
    [Fact]
    public Task SQLG016_names_the_database_its_tables_and_the_others() =>
        AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(
            Usings + "[{|#0:SqliteDatabase|}] public partial class NotesDb;\n[{|#1:SqliteDatabase|}] public partial class AuditDb;\n[Table] public partial record Note([PrimaryKey] long Id);\n[Table] public partial record Audit([PrimaryKey] long Id);",
            new DiagnosticResult("SQLG016", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("NotesDb", "Audit, Note", "'App.AuditDb'"),
            new DiagnosticResult("SQLG016", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("AuditDb", "Audit, Note", "'App.NotesDb'"));

    /// <summary>Two rules on one declaration, each on its own span: the test fails on any extra or missing diagnostic.</summary>
    [Fact]
    public Task Two_problems_are_reported_separately() =>
        AnalyzerVerifierTest<DeclarationAnalyzer>.VerifyAsync(
            Usings + Db + "[Table] public partial record Note([PrimaryKey] long Id, [Indexed, Unique] string {|SQLG004:Email|}, [FullText] int {|SQLG015:Priority|});");

    [Fact]
    public void Every_rule_the_analyzer_reports_has_its_three_cases()
    {
        string[] supported = new DeclarationAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(supported, Rules.Select(r => r.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(Rules, r =>
        {
            Assert.Contains("{|" + r.Id + ":", r.Positive, StringComparison.Ordinal);
            Assert.DoesNotContain("{|", r.Negative, StringComparison.Ordinal);
            Assert.DoesNotContain("{|", r.NearMiss, StringComparison.Ordinal);
        });
    }
}

extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using analyzers::SqliteGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// One minimal declaration per rule: the analyzer reports exactly that rule on the marked span ([|...|]) with a
/// message naming the entity and member, and the generator emits nothing for the invalid type and nothing broken.
/// </summary>
public sealed class RuleTests
{
    private const string Usings = "using System;\nusing SqliteGen;\n\nnamespace App;\n\n";

    /// <summary>A rule case: the source with the expected location marked, the type that must get no code, and what the message must name.</summary>
    private sealed record RuleCase(string Id, string Source, string InvalidType, params string[] MessageNames);

    private static readonly Dictionary<string, RuleCase> Cases = new RuleCase[]
    {
        new("SQLG001", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial class [|Note|] { [PrimaryKey] public long Id { get; set; } }", "App.Note", "'Note'"),
        new("SQLG001", "[SqliteDatabase] public partial class NotesDb;\n[Table] public record [|Note|]([PrimaryKey] long Id);", "App.Note", "'Note'"),
        new("SQLG001", "[SqliteDatabase] public partial class NotesDb;\n[Table] public abstract partial record [|Note|]([PrimaryKey] long Id);", "App.Note", "'Note'", "abstract"), // found by the long fuzz run
        new("SQLG001", "[SqliteDatabase] public partial class NotesDb;\npublic partial class Outer { [Table] private partial record [|Note|]([PrimaryKey] long Id); }", "App.Outer.Note", "'Note'", "it is private", "internal or public"),
        new("SQLG001", "[SqliteDatabase] public partial class NotesDb;\npublic partial class Outer { protected partial class Inner { [Table] public partial record [|Note|]([PrimaryKey] long Id); } }", "App.Outer.Inner.Note", "'Note'", "nested in 'Inner', which is protected"),
        new("SQLG002", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record [|Note|](long Id, string Text);", "App.Note", "'Note'", "'note'"),
        new("SQLG003", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, System.Collections.Generic.List<int> [|Tags|]);", "App.Note", "'Note.Tags'"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Indexed, Unique] string [|Email|]);", "App.Note", "'Note.Email'"),
        new("SQLG005", "[SqliteDatabase] public partial class NotesDb;\n[Table, [|Index(\"Missing\")|]] public partial record Note([PrimaryKey] long Id, string Text);", "App.Note", "'Note'", "'Missing'"),
        new("SQLG006", "[SqliteDatabase] public partial class NotesDb;\npublic sealed record Plain(long Id);\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Plain))] long [|PlainId|]);", "App.Note", "'Note.PlainId'", "'Plain'"),
        new("SQLG007", "[SqliteDatabase] public partial class [|NotesDb|];\npublic sealed record Meta(string Title);\n[Table] public partial record Note([PrimaryKey] long Id, [JsonColumn] Meta Meta);", "App.NotesDb", "'NotesDb'", "'Note.Meta'"),
        new("SQLG008", "[SqliteDatabase] public partial record [|NotesDb|];\n[Table] public partial record Note([PrimaryKey] long Id);", "App.NotesDb", "'NotesDb'"),
        new("SQLG009", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record [|Note|]([PrimaryKey] long Id, string Text, [Column(\"text\")] string Body);", "App.Note", "'Note.Text'", "'Note.Body'", "'text'"),
        new("SQLG009", "[SqliteDatabase] public partial class NotesDb;\n[Table, [|Index(nameof(Note.Text), nameof(Note.Text))|]] public partial record Note([PrimaryKey] long Id, string Text);", "App.Note", "'Note'", "'Text' twice"),
        new("SQLG010", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Column(\"sqlite_text\")] string [|Text|]);", "App.Note", "'Note.Text'", "'sqlite_text'"),
        new("SQLG011", "[SqliteDatabase(Version = 0)] public partial class [|NotesDb|];\n[Table] public partial record Note([PrimaryKey] long Id);", "App.NotesDb", "'NotesDb'", "Version = 0"),
        new("SQLG012", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record [|Note|]\n{\n    public Note(long id) => Id = id;\n    [PrimaryKey] public long Id { get; init; }\n}", "App.Note", "'Note'"),
        new("SQLG012", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n    [Indexed] public string [|Computed|] => \"x\";\n}", "App.Note", "'Note'", "'Computed'"),
        new("SQLG013", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(0)] float[] [|Embedding|]);", "App.Note", "'Note.Embedding'", "[Vector(0)]"),
        new("SQLG013", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(8193)] float[] [|Embedding|]);", "App.Note", "'Note.Embedding'", "8192"),
        new("SQLG013", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(4, Metric = (VectorMetric)7)] float[] [|Embedding|]);", "App.Note", "'Note.Embedding'", "Metric = 7"),
        new("SQLG014", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] double[] [|Embedding|]);", "App.Note", "'Note.Embedding'", "'double[]'"),
        new("SQLG014", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(4)] System.Memory<float> [|Embedding|]);", "App.Note", "'Note.Embedding'", "Memory<float>"),
        new("SQLG015", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [FullText] int [|Priority|]);", "App.Note", "'Note.Priority'", "'int'"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [Vector(4), Indexed] float[] [|Embedding|]);", "App.Note", "'Note.Embedding'", "[Indexed]"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey(Generated = true)] string [|Id|]);", "App.Note", "'Note.Id'", "Generated needs a long or int key"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record [|Note|]([PrimaryKey(Order = 0, Generated = true)] long Id, [PrimaryKey(Order = 1)] long Part);", "App.Note", "'Note.Id'", "Generated needs a single-column primary key"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[EnumAsText, Flags] public enum Access { None = 0, Read = 1, Write = 2 }\n[Table] public partial record Note([PrimaryKey] long Id, Access [|Access|]);", "App.Note", "'Note.Access'", "[Flags] enum 'Access'"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[EnumAsText] public enum Level { Low = 1, Minor = 1 }\n[Table] public partial record Note([PrimaryKey] long Id, Level [|Level|]);", "App.Note", "'Low' and 'Minor' the same value 1"),
        new("SQLG004", "[SqliteDatabase] public partial class NotesDb;\n[EnumAsText] public enum Level { NeedsReview, [System.Runtime.Serialization.EnumMember(Value = \"needs_review\")] Other }\n[Table] public partial record Note([PrimaryKey] long Id, Level? [|Level|]);", "App.Note", "'NeedsReview' and 'Other' under the same name 'needs_review'"),
        new("SQLG010", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Note([PrimaryKey] long Id, [FullText] string [|Rank|]);", "App.Note", "'Note.Rank'", "'rank'"),
        new("SQLG010", "[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record [|Note|]([PrimaryKey] long Id, [FullText] string Body, [Column(\"OID\")] string Other);", "App.Note", "'Note.Other'", "'OID'", "rowid"),
    }.Select((c, i) => (Key: $"{c.Id}#{i}", Case: c)).ToDictionary(p => p.Key, p => p.Case);

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    /// <summary>The first case of each rule, unmarked: a whole source file that makes the analyzer report it.</summary>
    internal static IEnumerable<(string Id, string Source)> FirstCaseOfEachRule =>
        Cases.Values.GroupBy(c => c.Id).Select(g => (g.Key, Unmark(Usings + g.First().Source).Source));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Analyzer_reports_the_rule_on_the_member_and_the_generator_skips_the_type(string caseName)
    {
        RuleCase rule = Cases[caseName];
        (string source, TextSpan expectedSpan) = Unmark(Usings + rule.Source);
        Compilation input = Harness.Compile(source);
        Assert.True(!input.GetDiagnostics().Visible().Any(), input.GetDiagnostics().Visible().Describe()); // the C# itself is fine

        GeneratorOutput generated = Harness.Generate(input);
        AnalyzerOutput analysis = Harness.Analyze(generated.Compilation);

        Assert.Empty(analysis.Exceptions);
        Diagnostic diagnostic = Assert.Single(analysis.Diagnostics);
        Assert.Equal(rule.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath);
        Assert.True(expectedSpan == diagnostic.Location.SourceSpan,
            $"expected the location '{source.Substring(expectedSpan.Start, expectedSpan.Length)}' but got '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(rule.MessageNames, name => Assert.Contains(name, message, StringComparison.Ordinal));

        Assert.Empty(generated.Reported);
        // Nothing for the invalid type, but for a database the stand-in whose members throw naming the error (no CS0117 at
        // its uses), beside its valid tables' accessor classes.
        Assert.All(generated.Sources.Where(s => s.HintName.StartsWith(rule.InvalidType + ".", StringComparison.Ordinal) && !s.HintName.EndsWith("Table.g.cs", StringComparison.Ordinal)), s =>
        {
            Assert.Equal(rule.InvalidType + ".Database.g.cs", s.HintName);
            Assert.Contains($"SqliteGen reported {rule.Id} for it", s.Source, StringComparison.Ordinal);
        });
        Assert.True(!generated.CompilationDiagnostics.Any(), generated.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void Every_rule_the_analyzer_supports_has_a_case()
    {
        // SQLG102 and SQLG103 (advice on valid tables, not errors that skip the type) have their own tests: ForeignKeyIndexTests,
        // LossyTypeTests; SQLG016 (a warning across databases) has Verifiers/DeclarationAnalyzerVerifierTests and CodeFixVerifierTests.
        string[] supported = new DeclarationAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => id is not ("SQLG102" or "SQLG103" or "SQLG016")).OrderBy(id => id, StringComparer.Ordinal).ToArray();

        Assert.Equal(Enumerable.Range(1, 15).Select(n => $"SQLG{n:000}"), supported);
        Assert.Equal(supported, Cases.Values.Select(c => c.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
    }

    /// <summary>Every descriptor of the one catalogue, whoever reports it: a help link to its page, the page, a release note.</summary>
    [Fact]
    public void Every_rule_has_a_help_page_and_a_release_note()
    {
        string root = RepositoryRoot();
        string[] releaseLines = File.ReadAllLines(Path.Combine(root, "analyzers", "SqliteGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(Catalogue.All, d => d.Id == "SQLG999");
        foreach (DiagnosticDescriptor descriptor in Catalogue.All)
        {
            Assert.EndsWith($"/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            string page = Path.Combine(root, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{page} is missing");
            Assert.StartsWith($"# {descriptor.Id}:", File.ReadAllText(page), StringComparison.Ordinal);
            Assert.Contains(releaseLines, line => line.StartsWith(descriptor.Id + " |", StringComparison.Ordinal) && line.Contains(descriptor.Category, StringComparison.Ordinal));
        }
    }

    /// <summary>The analyzers report from the catalogue, not from descriptors of their own.</summary>
    [Fact]
    public void Every_analyzer_reports_descriptors_of_the_catalogue()
    {
        foreach (DiagnosticDescriptor descriptor in Catalogue.Analyzers.SelectMany(a => a.SupportedDiagnostics))
            Assert.Contains(descriptor, Catalogue.All);
    }

    /// <summary>Removes the <c>[|...|]</c> marker and returns where it was.</summary>
    internal static (string Source, TextSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the case has no [|marked|] location");
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}

/// <summary>Foreign keys are checked by SQLite within one file, so they may not cross from a tenant's file to the base.</summary>
public sealed class TenantReferenceRuleTests
{
    [Theory]
    [InlineData("Isolated", "None", "a tenant-scoped table cannot reference a shared one")]
    [InlineData("None", "Isolated", "a shared table cannot reference a tenant-scoped one")]
    [InlineData("Isolated", "Layered", "a foreign key cannot point at a Layered table")]
    public void A_foreign_key_across_files_is_refused_with_the_reason(string source, string target, string reason)
    {
        static string Scope(string mode) => mode == "None" ? "" : $", TenantScoped(TenantMode.{mode})";
        string code = $$"""
            using SqliteGen;
            namespace App;
            [SqliteDatabase] public partial class NotesDb;
            [Table{{Scope(target)}}] public partial record Topic([PrimaryKey] long Id);
            [Table{{Scope(source)}}] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId);
            """;
        GeneratorOutput output = Harness.Generate(code);
        AnalyzerOutput analysis = Harness.Analyze(output.Compilation);
        Diagnostic error = Assert.Single(analysis.Diagnostics, d => d.Id == "SQLG006");
        Assert.Contains("'Note.TopicId' references", error.GetMessage());
        Assert.Contains(reason, error.GetMessage());
        // The database is not generated: a stand-in whose Open throws naming the error keeps its uses compiling.
        Assert.Contains("SqliteGen reported SQLG006 for it", Assert.Single(output.Sources, s => s.HintName.EndsWith("Database.g.cs", System.StringComparison.Ordinal)).Source);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void A_tenant_scoped_table_may_reference_an_Isolated_one()
    {
        GeneratorOutput output = Harness.Generate("""
            using SqliteGen;
            namespace App;
            [SqliteDatabase] public partial class NotesDb;
            [Table, TenantScoped(TenantMode.Isolated)] public partial record Topic([PrimaryKey] long Id);
            [Table, TenantScoped(TenantMode.Layered)] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId);
            """);
        Assert.Empty(Harness.Analyze(output.Compilation).Diagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }
}

/// <summary>
/// One mistake, one error: user code that opens a database and calls its queries compiles whatever is wrong with the
/// database or a query, so the build's only errors are the SQLG ones that say what is wrong (no CS0117 "does not contain
/// a definition for 'Open'", no CS8795 "partial method must have an implementation", no CS0246). What does not exist
/// throws when called, naming the diagnostic.
/// </summary>
public sealed class OneMistakeOneErrorTests
{
    private const string Declarations = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SqliteGen;

        namespace App;

        public sealed record Meta(string Title);

        [Table("notes")]
        public partial record Note([PrimaryKey] long Id, string Title, [Indexed] long TopicId);

        [SqliteDatabase]
        public partial class NotesDb
        {
            [Query("SELECT * FROM notes WHERE id = $id")]
            public partial Note? Find(long id);

            [Query("SELECT title FROM notes WHERE topic_id = $topicId")]
            public partial ValueTask<IReadOnlyList<string>> TitlesAsync(long topicId, CancellationToken cancellationToken);

            [Query("SELECT count(*) FROM notes WHERE topic_id = $topicId")]
            public partial long CountIn(long topicId);
        }

        [SqliteQueries(typeof(NotesDb))]
        public partial class NoteQueries
        {
            [Query("SELECT count(*) FROM notes WHERE topic_id = $topicId")]
            public partial long Count(long topicId);
        }
        """;

    /// <summary>
    /// Code that uses everything above: Open, OpenAsync, a table the usual ways (sync, async, writes, a lookup, every row),
    /// ad-hoc SQL, a write transaction, the database's queries and the query class's (not CountIn, whose mistakes below
    /// would make its calls wrong).
    /// </summary>
    private const string Uses = """
        using System.Linq;
        using System.Threading.Tasks;

        namespace App;

        public static class Program
        {
            public static async Task<long> Run(string path)
            {
                using NotesDb db = NotesDb.Open(path);
                await using NotesDb other = await NotesDb.OpenAsync(path);
                Note? note = db.Find(1) ?? db.Notes.Find(2) ?? await db.Notes.FindAsync(3);
                db.Notes.Insert(note! with { Id = 4 });
                await db.Notes.UpsertAsync(db.Notes.Get(4) with { Title = "4" });
                bool changed = db.Notes.Update(note with { TopicId = 2 }) && await db.Notes.DeleteAsync(4);
                var titles = await db.TitlesAsync(2, default);
                long rows = db.Sql.QuerySingle<long>("SELECT count(*) FROM notes") + db.Write(tx => tx.Notes.Count())
                    + db.Notes.All().Count(n => n.TopicId == 1) + db.Notes.FindByTopicId(1).Count + (changed ? 1 : 0);
                await foreach (Note each in db.Notes.AllAsync())
                    rows += each.Id;
                return rows + new NoteQueries(db).Count(note?.TopicId ?? titles.Count);
            }
        }
        """;

    /// <summary>
    /// Each mistake, and how the declarations change to make it. Two make <c>db.Notes</c> itself wrong and its uses still
    /// compile: SQLG006 here makes the Note record invalid (its foreign key names a type that is not a table), so the
    /// accessor is a stand-in with the record's signatures; SQLG009 gives two tables the accessor name <c>Notes</c>, and the
    /// one accessor is typed as Note's table, whose type name the accessor is the plural of.
    /// </summary>
    public static TheoryData<string, string, string, string> Mistakes() => new()
    {
        // Database-level: the whole database cannot be generated.
        { "SQLG007", "a JSON column and no JSON context", "string Title, [Indexed] long TopicId", "string Title, [Indexed] long TopicId, [JsonColumn] Meta? Meta" },
        { "SQLG006", "a foreign key to a type that is not a table", "[Indexed] long TopicId", "[Indexed, References(typeof(Meta))] long TopicId" },
        { "SQLG009", "two tables of one name", "public sealed record Meta(string Title);", "[Table(\"notes\")] public partial record Meta([PrimaryKey] long Id);" },
        // Query-level: one query cannot be generated; the rest of the database is.
        { "SQLG304", "a column that does not exist", "WHERE id = $id", "WHERE idd = $id" },
        { "SQLG303", "a table that does not exist in a query class's SQL", "count(*) FROM notes", "count(*) FROM notez" },
        { "SQLG306", "a result that does not fit an async query's return type", "SELECT title FROM notes WHERE topic_id", "SELECT title, id FROM notes WHERE topic_id" },
        { "SQLG307", "SQL that cannot be read", "SELECT * FROM notes WHERE id = $id", "SELECT * FROM notes WHERE (id = $id" },
        // A wrong declaration whose signature a body can repeat: it gets one that throws, so no CS8795 beside the error.
        { "SQLG305", "a parameter passed by reference", "CountIn(long topicId)", "CountIn(ref long topicId)" },
        { "SQLG305", "an out parameter", "CountIn(long topicId)", "CountIn(out long topicId)" },
        { "SQLG305", "an in parameter of a type that cannot be bound", "CountIn(long topicId)", "CountIn(in System.Text.StringBuilder topicId)" },
        { "SQLG305", "a params array", "CountIn(long topicId)", "CountIn(params System.Text.StringBuilder[] topicId)" },
        { "SQLG308", "a return type no shape fits", "public partial long CountIn(", "public partial List<long> CountIn(" },
        { "SQLG308", "a static query", "public partial long CountIn(", "public static partial long CountIn(" },
        { "SQLG308", "a generic query with constraints", "CountIn(long topicId);", "CountIn<TKey, TRow>(TKey topicId) where TKey : struct, System.IComparable<TKey> where TRow : class?, System.IDisposable, new();" },
        { "SQLG308", "a generic static query in a query class", "public partial class NoteQueries\n{", "public partial class NoteQueries\n{\n    [Query(\"SELECT count(*) FROM notes\")] internal static partial T Total<T>() where T : notnull;" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void The_build_reports_the_mistake_alone(string id, string what, string replace, string with)
    {
        Assert.False(string.IsNullOrEmpty(what));
        string declarations = Declarations.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Declarations, declarations);
        GeneratorOutput output = Harness.Generate(declarations, Uses);

        ImmutableArray<Diagnostic> analyzers = Harness.Analyze(output.Compilation).Diagnostics.AddRange(output.Reported);
        string[] errors = analyzers.Concat(output.Compilation.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().ToArray();
        Assert.True(errors.SequenceEqual(new[] { id }), $"expected only {id}, got: " + analyzers.Concat(output.Compilation.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).Describe());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void Without_the_mistake_the_same_code_builds_cleanly()
    {
        GeneratorOutput output = Harness.Generate(Declarations, Uses);
        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>The stand-ins run: a database that was not generated, and a query that was not, throw naming the diagnostic.</summary>
    [Theory]
    [InlineData("SQLG007", "string Title, [Indexed] long TopicId", "string Title, [Indexed] long TopicId, [JsonColumn] Meta? Meta", "NotesDb was not generated: SqliteGen reported SQLG007 for it.")]
    [InlineData("SQLG304", "WHERE id = $id", "WHERE idd = $id", "[Query] NotesDb.Find was not generated: SqliteGen reported SQLG304 for it.")]
    public void What_was_not_generated_throws_naming_the_diagnostic(string id, string replace, string with, string message)
    {
        GeneratorOutput output = Harness.Generate(Declarations.Replace(replace, with, StringComparison.Ordinal), Uses);
        Assert.Contains(output.Reported.Concat(Harness.Analyze(output.Compilation).Diagnostics), d => d.Id == id);
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Compilation.Emit(stream);
        Assert.True(emitted.Success, emitted.Diagnostics.Describe());
        System.Reflection.Assembly assembly = System.Reflection.Assembly.Load(stream.ToArray());
        string path = Path.Combine(Path.GetTempPath(), $"sqlitegen-one-error-{Guid.NewGuid():N}.db");
        try
        {
            var run = (System.Threading.Tasks.Task<long>)assembly.GetType("App.Program")!.GetMethod("Run")!.Invoke(null, new object[] { path })!;
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => run.GetAwaiter().GetResult());
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (string file in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(file);
        }
    }
}

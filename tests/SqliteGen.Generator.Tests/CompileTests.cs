using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>Layer 2: the generated code compiles with zero errors and zero warnings.</summary>
public sealed class CompileTests
{
    public static IEnumerable<object[]> InputNames => Inputs.All.Select(input => new object[] { input.Name });

    [Theory]
    [MemberData(nameof(InputNames))]
    public void Generated_code_compiles_without_errors_or_warnings(string input)
    {
        Compilation compilation = Harness.Compile(Inputs.Files(input));
        // The input itself is clean, so anything below is the generator's; a [Query] method lacks its body (CS8795) until generated.
        Assert.DoesNotContain(compilation.GetDiagnostics().Visible(), d => d.Id != "CS8795");

        GeneratorOutput output = Harness.Generate(compilation);

        Assert.Null(output.Run.Exception);
        Assert.Empty(output.Reported);
        Assert.NotEmpty(output.Sources);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>
    /// Members named with C# keywords (<c>@class</c>, <c>@event</c>) as key, unique, indexed, vector and full-text
    /// columns of a layered tenant table: every place the generated code names a member must escape it (the long fuzz run
    /// found <c>entity.class</c> in a table's BindRow).
    /// </summary>
    [Fact]
    public void Members_named_with_keywords_are_escaped_everywhere_the_generated_code_names_them()
    {
        const string source = """
            using System;
            using SqliteGen;

            namespace App;

            [SqliteDatabase] public partial class KeywordsDb;

            [Table("events"), TenantScoped(TenantMode.Layered)]
            public partial record Event([PrimaryKey] string @class, [Unique] long @event, [Indexed] int @int, [FullText] string @string, [Vector(3)] float[] @float);

            // Two members whose names differ only in the case of the first letter (the fuzz found a local declared twice).
            [Table("cases")]
            public partial record Cased([PrimaryKey] int Id, [Column("other_id")] Guid? id, [Indexed] string Name, [Column("name2")] string? name);
            """;
        GeneratorOutput output = Harness.Generate(Harness.Compile(source));

        Assert.Null(output.Run.Exception);
        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>
    /// Table, column and index names and SQL holding XML's <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>, C#'s line break
    /// U+2028, a form feed and a multi-line partial-index predicate, across a layered tenant table (lookups, full text,
    /// vectors, import), a shared one and a [Query]: with documentation comments diagnosed, as
    /// <c>GenerateDocumentationFile</c> does, the generated comments are well-formed XML (no CS1570) and no line of
    /// them spills into code, so a project that turns documentation and warnings-as-errors on still builds.
    /// </summary>
    [Fact]
    public void Names_and_SQL_with_markup_characters_make_well_formed_doc_comments()
    {
        const string source = """
            using System.Collections.Generic;
            using SqliteGen;

            namespace App;

            /// <summary>A database whose names are markup.</summary>
            [SqliteDatabase]
            public partial class MarkupDb
            {
                /// <summary>A query whose SQL holds a line break C# knows.</summary>
                [Query("SELECT * FROM \"line\u2028break>\" WHERE id < $most AND \"x<y>\" <> '\u2028&'")]
                public partial IReadOnlyList<Broken> Odd(long most);
            }

            /// <summary>A layered table.</summary>
            [Table("a&b <c>", Accessor = "Priced"), TenantScoped(TenantMode.Layered)]
            [Index(nameof(Amount), Name = "ix<amount>&", Where = "amount < 10\n      AND \"x&y\" <> ''\f")]
            public partial record Priced(
                [PrimaryKey] long Id,
                [Column("amount", Check = "amount < 10 AND amount >= 0")] int Amount,
                [Column("x&y"), Indexed] string Tag,
                [Column("body<>"), FullText] string Body,
                [Column("v<&>"), Vector(3)] float[]? V = null);

            /// <summary>A shared table.</summary>
            [Table("line\u2028break>", Accessor = "Broken")]
            public partial record Broken([PrimaryKey] long Id, [Column("x<y>"), Indexed] string Text, [Column("w\u2029&"), Vector(3)] float[]? W = null, [Column("c*/d")] string? Note = null);
            """;
        CSharpParseOptions documented = Harness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        Compilation compilation = Harness.Compile().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, documented, path: "Source0.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new SqliteGenerator().AsSourceGenerator() }, parseOptions: documented)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);

        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.Empty(generatorDiagnostics);
        Diagnostic[] problems = output.GetDiagnostics().Visible().ToArray();
        Assert.True(problems.Length == 0, problems.Describe());
        // The names reached the comments, and the comments were read as documentation.
        SyntaxTree[] generated = output.SyntaxTrees.Skip(1).ToArray();
        Assert.Contains(generated, tree => tree.ToString().Contains("/// The <c>a&amp;b &lt;c&gt;</c> table"));
        Assert.All(generated, tree => Assert.Equal(DocumentationMode.Diagnose, tree.Options.DocumentationMode));
    }

    /// <summary>
    /// The natural file for a JSON column: the records, the database and its <c>JsonSerializerContext</c> together, with
    /// <c>using SqliteGen;</c> beside <c>using System.Text.Json.Serialization;</c>. <c>[JsonColumn]</c> must not be
    /// ambiguous there (the attribute was once <c>[Json]</c>, which clashed with System.Text.Json's <c>JsonAttribute</c>).
    /// </summary>
    [Fact]
    public void JsonColumn_compiles_beside_System_Text_Json_Serialization()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using SqliteGen;

            namespace App;

            public sealed record Meta(string Title, List<string> Tags);

            // What System.Text.Json's generator would write for the context (it does not run in this harness).
            [JsonSerializable(typeof(Meta))]
            public partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                public static AppJson Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            }

            [SqliteDatabase(JsonContext = typeof(AppJson))] public partial class NotesDb;

            [Table("notes")]
            public partial record Note([PrimaryKey] long Id, [JsonColumn] Meta Meta);
            """;
        Compilation compilation = Harness.Compile(source);
        Assert.True(!compilation.GetDiagnostics().Visible().Any(), compilation.GetDiagnostics().Visible().Describe());

        GeneratorOutput output = Harness.Generate(compilation);

        Assert.Null(output.Run.Exception);
        Assert.Empty(output.Reported);
        Assert.Contains(output.Sources, s => s.HintName.EndsWith("NotesDb.NotesTable.g.cs", System.StringComparison.Ordinal));
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>
    /// The foreign keys of the inputs that no index leads (SQLG102, info): genuine advice, left in the runtime tests'
    /// entities on purpose (they mirror the SPEC's example, whose syllabi.user_id has no index).
    /// </summary>
    private static readonly Dictionary<string, string[]> s_foreignKeyAdvice = new()
    {
        ["Learning"] = new[] { "Enrollment.SyllabusId", "Syllabus.UserId" },
        ["Search"] = new[] { "Place.FolderId" },
        ["Types"] = new[] { "Thing.OuterId" },
    };

    [Theory]
    [MemberData(nameof(InputNames))]
    public void Analyzer_reports_nothing_on_valid_declarations_but_foreign_key_advice(string input)
    {
        GeneratorOutput output = Harness.Generate(Inputs.Files(input));

        AnalyzerOutput analysis = Harness.Analyze(output.Compilation);

        Assert.Empty(analysis.Exceptions);
        // "Types" declares a second database (App.Data.Databases.TypesDb) without Tables beside the runtime tests' TypesDb:
        // it takes every table of both, which is what SQLG016 is for.
        var advice = analysis.Diagnostics.Where(d => !(input == "Types" && d.Id == "SQLG016")).ToList();
        Assert.Equal(input == "Types" ? 1 : 0, analysis.Diagnostics.Count(d => d.Id == "SQLG016"));
        Assert.True(advice.All(d => d.Id == "SQLG102" && d.Severity == DiagnosticSeverity.Warning), analysis.Diagnostics.Describe());
        Assert.Equal(
            s_foreignKeyAdvice.TryGetValue(input, out string[]? expected) ? expected : System.Array.Empty<string>(),
            advice.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split('\'')[1]).OrderBy(m => m, System.StringComparer.Ordinal));
    }

    [Fact]
    public void Every_table_gets_an_entity_file_and_an_accessor_file_per_database_even_in_two_databases_of_equal_name()
    {
        IEnumerable<string> hints = Harness.Generate(Inputs.Files("Types")).Sources.Select(s => s.HintName);

        Assert.Equal(
            new[]
            {
                "App.Data.Databases.TypesDb.AllTypesTable.g.cs", "App.Data.Databases.TypesDb.CountersTable.g.cs", "App.Data.Databases.TypesDb.Database.g.cs",
                "App.Data.Databases.TypesDb.OrderTable.g.cs", "App.Data.Databases.TypesDb.OtherThingsTable.g.cs", "App.Data.Databases.TypesDb.OuterThingsTable.g.cs", "App.Data.Databases.TypesDb.Snapshot.g.cs",
                "App.Model.Order.Table.g.cs", "App.Model.Other.Thing.Table.g.cs", "App.Model.Outer.Thing.Table.g.cs",
                "SqliteGen.Tests.Entities.AllTypes.Table.g.cs", "SqliteGen.Tests.Entities.Counter.Table.g.cs",
                "SqliteGen.Tests.Entities.TypesDb.AllTypesTable.g.cs", "SqliteGen.Tests.Entities.TypesDb.CountersTable.g.cs", "SqliteGen.Tests.Entities.TypesDb.Database.g.cs", "SqliteGen.Tests.Entities.TypesDb.Snapshot.g.cs",
            },
            hints.OrderBy(h => h, System.StringComparer.Ordinal));
    }
}

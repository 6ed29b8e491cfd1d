using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The <c>--generator</c> mode: what the SqliteGen generator costs the compiler (and so the IDE) per edit, beside the
/// System.Text.Json generator on the same synthetic project. Both generators are loaded from their files as the
/// compiler loads them (SqliteGen from its build output, System.Text.Json from the SDK's reference pack) and driven
/// in process by Roslyn's <see cref="CSharpGeneratorDriver"/>, each on a driver of its own.
/// <para>
/// The project: N tables (one <c>[Table]</c> record per file, an index, a unique index, a foreign key to the table
/// before), a database class with N / 5 <c>[Query]</c> methods (a join and a filter each), a JSON context listing every
/// record (System.Text.Json's input), and an unrelated helper file. Scenarios, each repeated and reported as a median:
/// the first run of a new driver on a new compilation (after the first run in the process, which also pays for loading
/// and JIT-compiling the generator, reported apart), an
/// edit of a method body in the helper file, a comment added to a table's file, and a new member on a table. For each
/// edit the mode also counts the source outputs Roslyn ran again (from its step tracking: an output runs again when
/// its input model compares unequal) and the generated files whose text changed: a comment or an unrelated edit
/// should do neither.
/// </para>
/// <code>dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --generator [--tables 50,300] [--repeat 9] [--results]</code>
/// </summary>
public static class GeneratorCost
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static int Run(string[] args)
    {
        int[] sizes = Option(args, "--tables")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? new[] { 50, 300 };
        int repeat = int.TryParse(Option(args, "--repeat"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) ? r : 9;

        var report = new StringWriter();
        void Line(string text = "")
        {
            Console.WriteLine(text);
            report.WriteLine(text);
        }

        ISourceGenerator sqliteGen = LoadGenerator(SqliteGenGeneratorPath(), "SqliteGen.Generator.SqliteGenerator");
        ISourceGenerator json = LoadGenerator(JsonGeneratorPath(), "System.Text.Json.SourceGeneration.JsonSourceGenerator");
        MetadataReference[] references = References();

        Line($"Generator cost per edit, in process (Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}), median of {repeat} runs each");
        Line($"  SqliteGen generator:        {SqliteGenGeneratorPath()}");
        Line($"  System.Text.Json generator: {JsonGeneratorPath()}");
        bool firstInProcess = true;
        var checks = new List<(string Text, bool Met)>();
        foreach (int tables in sizes)
        {
            Project project = Project.Create(tables);
            CSharpCompilation compilation = CSharpCompilation.Create("Synthetic", project.Trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Line();
            Line($"{tables} tables, {project.Queries} queries ({project.Trees.Length} files)");
            Line($"  {"scenario",-34} {"SqliteGen",12} {"System.Text.Json",18} {"ratio",7}   outputs re-run / files changed: SqliteGen, STJ");

            var results = new Dictionary<string, (double Gen, double Json)>();
            int commentReEmits = -1;
            foreach ((string name, Func<CSharpCompilation, CSharpCompilation>? edit) in Scenarios(project))
            {
                if (edit is null && firstInProcess)
                {
                    // The process's first run of each generator also pays for loading and JIT, as a compiler server's first
                    // build with it does. The compiler itself has run once before (binding the whole project), so neither
                    // generator is charged for JIT-compiling Roslyn's binder.
                    compilation.Clone().GetDiagnostics();
                    double coldGen = FirstRun(sqliteGen, compilation);
                    double coldJson = FirstRun(json, compilation);
                    Line($"  {"first run, first in the process",-34} {Ms(coldGen),12} {Ms(coldJson),18} {coldGen / coldJson,7:0.0}x");
                    firstInProcess = false;
                }
                double gen = Median(repeat, () => edit is null ? FirstRun(sqliteGen, compilation) : EditRun(sqliteGen, compilation, edit));
                double js = Median(repeat, () => edit is null ? FirstRun(json, compilation) : EditRun(json, compilation, edit));
                string changed = "";
                if (edit is not null)
                {
                    (int genRuns, int genChanged) = Outputs(sqliteGen, compilation, edit);
                    (int jsonRuns, int jsonChanged) = Outputs(json, compilation, edit);
                    changed = $"{genRuns} / {genChanged}   {jsonRuns} / {jsonChanged}";
                    if (name == CommentEditName)
                        commentReEmits = genRuns;
                }
                Line($"  {name,-34} {Ms(gen),12} {Ms(js),18} {gen / js,7:0.0}x   {changed}");
                results[name] = (gen, js);
            }

            (double firstGen, _) = results[FirstRunName];
            checks.Add(($"{tables} tables: first run <= 1.5 s ({Ms(firstGen)})", firstGen <= 1500));
            foreach (string name in new[] { UnrelatedEditName, CommentEditName, NewMemberName })
            {
                (double gen, double js) = results[name];
                checks.Add(($"{tables} tables: {name} <= 2x System.Text.Json ({gen / js:0.0}x)", gen <= 2 * js));
            }
            checks.Add(($"{tables} tables: a comment in a table's file re-runs no output ({commentReEmits} re-run)", commentReEmits == 0));
        }

        Line();
        Line("Targets:");
        foreach ((string text, bool met) in checks)
            Line($"  {(met ? "PASS" : "MISS")}  {text}");

        if (args.Contains("--results"))
        {
            string markdown = $"## Generator cost (`--generator`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- {string.Join(' ', args)}`; "
                + "this section is replaced by the next `--generator --results` run and kept by full runs.\n\n> Conditions: " + ResultsWriter.Conditions() + ".\n\n```\n"
                + report.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the generator section of {ResultsWriter.WriteSection("generator", markdown)}");
        }
        return 0;
    }

    private const string FirstRunName = "first run (new driver)";
    private const string UnrelatedEditName = "edit a method in another file";
    private const string CommentEditName = "add a comment to a table's file";
    private const string NewMemberName = "add a member to a table";

    private static IEnumerable<(string Name, Func<CSharpCompilation, CSharpCompilation>? Edit)> Scenarios(Project project)
    {
        yield return (FirstRunName, null);
        yield return (UnrelatedEditName, project.EditHelper);
        yield return (CommentEditName, project.AddComment);
        yield return (NewMemberName, project.AddMember);
    }

    private static double FirstRun(ISourceGenerator generator, CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: ParseOptions);
        // A clone has new symbols and no bound state, as a compilation the compiler has just created.
        CSharpCompilation fresh = compilation.Clone();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long start = Stopwatch.GetTimestamp();
        driver.RunGenerators(fresh);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>A driver that has run on the project, then the timed run on the edited project (as an IDE re-runs after a keystroke).</summary>
    private static double EditRun(ISourceGenerator generator, CSharpCompilation compilation, Func<CSharpCompilation, CSharpCompilation> edit)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: ParseOptions).RunGenerators(compilation);
        CSharpCompilation edited = edit(compilation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long start = Stopwatch.GetTimestamp();
        driver.RunGenerators(edited);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// What an edit made the generator do again: how many of its source outputs Roslyn ran again (their input model
    /// compared unequal, from its step tracking), and how many generated files changed text (new, modified or removed).
    /// </summary>
    private static (int ReEmitted, int Changed) Outputs(ISourceGenerator generator, CSharpCompilation compilation, Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: ParseOptions, driverOptions: options).RunGenerators(compilation);
        Dictionary<string, string> before = Sources(driver);
        driver = driver.RunGenerators(edit(compilation));
        Dictionary<string, string> after = Sources(driver);
        int reEmitted = driver.GetRunResult().Results
            .SelectMany(r => r.TrackedOutputSteps.Values).SelectMany(steps => steps).SelectMany(step => step.Outputs)
            .Count(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        int changed = before.Keys.Union(after.Keys).Count(k => !before.TryGetValue(k, out string? b) || !after.TryGetValue(k, out string? a) || a != b);
        return (reEmitted, changed);
    }

    private static Dictionary<string, string> Sources(GeneratorDriver driver) =>
        driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    private static double Median(int repeat, Func<double> measure)
    {
        double[] times = Enumerable.Range(0, repeat).Select(_ => measure()).OrderBy(t => t).ToArray();
        return times[times.Length / 2];
    }

    private static string Ms(double ms) => ms >= 100 ? $"{ms:N0} ms" : $"{ms:0.0} ms";

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static ISourceGenerator LoadGenerator(string path, string typeName)
    {
        var reference = new AnalyzerFileReference(path, new DefaultLoader());
        ISourceGenerator? generator = reference.GetGenerators(LanguageNames.CSharp)
            .FirstOrDefault(g => g.GetGeneratorType().FullName == typeName);
        return generator ?? throw new InvalidOperationException($"{path} has no generator {typeName}.");
    }

    /// <summary>The generator as this configuration built it (the benchmark project references it as an analyzer, so it is built first).</summary>
    private static string SqliteGenGeneratorPath()
    {
        string repo = Path.GetDirectoryName(ResultsWriter.FindBenchmarksFolder())!;
        string configuration = typeof(GeneratorCost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string path = Path.Combine(repo, "generators", "SqliteGen.Generator", "bin", configuration, "netstandard2.0", "SqliteGen.Generator.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The SqliteGen generator is not built at {path}: build benchmarks/SqliteGen.Benchmarks in {configuration} first.", path);
    }

    /// <summary>System.Text.Json's generator from the reference pack of the running .NET (the one the SDK gives every net10.0 project).</summary>
    private static string JsonGeneratorPath()
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string pack = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string? version = Directory.Exists(pack)
            ? Directory.GetDirectories(pack).Select(Path.GetFileName).Where(v => v!.StartsWith(Environment.Version.Major + ".", StringComparison.Ordinal))
                .OrderByDescending(v => Version.TryParse(v!.Split('-')[0], out Version? parsed) ? parsed : new Version()).FirstOrDefault()
            : null;
        string path = Path.Combine(pack, version ?? "?", "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"System.Text.Json's generator is not at {path} (no .NET {Environment.Version.Major} reference pack).", path);
    }

    /// <summary>The running framework's assemblies plus SqliteGen's runtime (its attributes are what the generator reads).</summary>
    private static MetadataReference[] References()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(framework, "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Where(IsManaged)
            .Append(typeof(SqliteDatabaseAttribute).Assembly.Location)
            .Append(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToArray();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class DefaultLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    /// <summary>The synthetic project and the edits made to it.</summary>
    private sealed class Project
    {
        public required ImmutableArray<SyntaxTree> Trees { get; init; }

        public required int Queries { get; init; }

        private int _edits;

        public static Project Create(int tables)
        {
            var trees = new List<SyntaxTree>();
            for (int i = 0; i < tables; i++)
                trees.Add(Parse($"Tables/T{i}.cs", Table(i)));
            int queries = Math.Max(1, tables / 5);
            trees.Add(Parse("AppDb.cs", Database(tables, queries)));
            trees.Add(Parse("AppJson.cs", JsonContext(tables)));
            trees.Add(Parse("Helpers.cs", Helper(0)));
            return new Project { Trees = trees.ToImmutableArray(), Queries = queries };
        }

        public CSharpCompilation EditHelper(CSharpCompilation compilation) =>
            Replace(compilation, "Helpers.cs", Helper(++_edits));

        public CSharpCompilation AddComment(CSharpCompilation compilation) =>
            Replace(compilation, "Tables/T0.cs", $"// Edit {++_edits}: a note about this table.\n" + Table(0));

        public CSharpCompilation AddMember(CSharpCompilation compilation) =>
            Replace(compilation, "Tables/T0.cs", Table(0).Replace("long? ParentId)", $"long? ParentId, string? Extra{++_edits})", StringComparison.Ordinal));

        private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text)
        {
            SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            return compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText.From(text, Encoding.UTF8)));
        }

        private static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), ParseOptions, path);

        private static string Table(int i) => $$"""
            using System;
            using SqliteGen;

            namespace Synthetic;

            /// <summary>Table {{i}}.</summary>
            [Table("t{{i}}"), Index(nameof(Name), nameof(CreatedAt))]
            public partial record T{{i}}(
                [PrimaryKey(AutoIncrement = true)] long Id,
                string Name,
                [Unique] string Code,
                int Count,
                DateTimeOffset CreatedAt,
                decimal? Price,
                bool Active,
                {{(i == 0 ? "" : $"[References(typeof(T{i - 1}))] ")}}long? ParentId)
            {
                public string Label => Name + " (" + Code + ")";
            }
            """;

        private static string Database(int tables, int queries)
        {
            var text = new StringBuilder("""
                using System;
                using System.Collections.Generic;
                using SqliteGen;

                namespace Synthetic;

                [SqliteDatabase(Version = 1, Tables = new[] {
                """);
            text.Append(string.Join(", ", Enumerable.Range(0, tables).Select(i => $"typeof(T{i})")));
            text.AppendLine(" })]");
            text.AppendLine("public partial class AppDb");
            text.AppendLine("{");
            for (int q = 0; q < queries; q++)
            {
                int t = 1 + (q * 5 % Math.Max(1, tables - 1));
                if (t >= tables)
                    t = tables - 1;
                string parent = t == 0 ? $"t{t}" : $"t{t - 1}";
                text.AppendLine($"    [Query(\"SELECT c.* FROM t{t} c JOIN {parent} p ON p.id = c.parent_id WHERE p.code = $code AND c.active ORDER BY c.name\")]");
                text.AppendLine($"    public partial IReadOnlyList<T{t}> Query{q}(string code);");
                text.AppendLine();
            }
            text.AppendLine("}");
            return text.ToString();
        }

        private static string JsonContext(int tables)
        {
            var text = new StringBuilder("""
                using System.Text.Json.Serialization;

                namespace Synthetic;


                """);
            for (int i = 0; i < tables; i++)
                text.AppendLine($"[JsonSerializable(typeof(T{i}))]");
            text.AppendLine("public partial class AppJson : JsonSerializerContext;");
            return text.ToString();
        }

        private static string Helper(int edit) => $$"""
            namespace Synthetic.Other;

            public static class Helpers
            {
                public static int Answer() => {{edit}} + 42;
            }
            """;
    }
}

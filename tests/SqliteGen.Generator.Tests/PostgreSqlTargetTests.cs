using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// The PostgreSQL target: generated only when the project references SqliteGen.PostgreSql (and so Npgsql), compiling
/// cleanly for every representative input then, and leaving a project without it exactly as it was.
/// </summary>
public sealed class PostgreSqlTargetTests
{
    /// <summary>Npgsql and SqliteGen.PostgreSql with what they reference, beyond the harness's own references.</summary>
    internal static readonly ImmutableArray<MetadataReference> s_postgreSql = Closure(typeof(SqliteGen.PostgreSql.PostgreSqlDatabase).Assembly);

    /// <summary>The references that turn the PostgreSQL target on, for other tests' compilations.</summary>
    internal static ImmutableArray<MetadataReference> PostgreSqlReferences => s_postgreSql;

    /// <summary>Npgsql alone: a project that talks to PostgreSQL for its own reasons, without SqliteGen.PostgreSql.</summary>
    private static readonly ImmutableArray<MetadataReference> s_npgsqlOnly = Closure(typeof(Npgsql.NpgsqlDataSource).Assembly);

    private static ImmutableArray<MetadataReference> Closure(Assembly root)
    {
        var present = new HashSet<string>(Harness.References.Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display!)), StringComparer.Ordinal);
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([root]);
        while (pending.Count > 0)
        {
            Assembly assembly = pending.Dequeue();
            string name = assembly.GetName().Name!;
            if (present.Contains(name) || !found.TryAdd(name, assembly))
                continue;
            foreach (AssemblyName referenced in assembly.GetReferencedAssemblies())
                pending.Enqueue(Assembly.Load(referenced));
        }
        return found.Values.Where(a => !a.IsDynamic && a.Location.Length > 0)
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))
            .ToImmutableArray();
    }

    private static bool IsTargetFile(string hintName) =>
        hintName.Contains(".PostgreSql.", StringComparison.Ordinal) || hintName.EndsWith(".Interfaces.g.cs", StringComparison.Ordinal);

    private static GeneratorOutput Generate(string input, ImmutableArray<MetadataReference> extra) =>
        Harness.Generate(Harness.Compile(Inputs.Files(input)).AddReferences(extra));

    public static IEnumerable<object[]> InputNames => Inputs.All.Select(input => new object[] { input.Name });

    [Theory]
    [MemberData(nameof(InputNames))]
    public void With_SqliteGen_PostgreSql_referenced_the_generated_code_compiles_without_errors_or_warnings(string input)
    {
        GeneratorOutput output = Generate(input, s_postgreSql);

        Assert.Null(output.Run.Exception);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains(output.Sources, s => s.HintName.EndsWith(".PostgreSql.g.cs", StringComparison.Ordinal));
        Assert.Contains(output.Sources, s => s.HintName.EndsWith(".Interfaces.g.cs", StringComparison.Ordinal));
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void The_PostgreSQL_class_of_the_learning_schema_matches_the_baseline()
    {
        GeneratorOutput output = Generate("Learning", s_postgreSql);

        // The files the target adds (the SQLite files differ from the Learning baselines only by the partial keyword:
        // The_target_turns_on_only_the_files_it_adds_and_the_partial_keyword).
        Snapshot.Verify("LearningPostgreSql", output.Sources.Where(s => IsTargetFile(s.HintName)).ToList());
    }

    [Fact]
    public void The_PostgreSQL_queries_of_the_monitor_schema_match_the_baseline()
    {
        GeneratorOutput output = Generate("Monitor", s_postgreSql);

        // [Query] methods (one with its [PostgreSqlQuery]) on the PostgreSQL class and its write transaction, one core each,
        // and both interfaces declaring them.
        Snapshot.Verify("MonitorPostgreSql", output.Sources.Where(s => IsTargetFile(s.HintName)).ToList());
    }

    [Fact]
    public void The_PostgreSQL_queries_and_query_class_of_the_queries_schema_match_the_baseline()
    {
        GeneratorOutput output = Generate("Queries", s_postgreSql);

        // The database's [Query] methods (writes with RETURNING among them) on PostgreSQL, and the [SqliteQueries] class on
        // either engine: its SQLite part, whose queries run the SQLite body or the PostgreSQL core, and its PostgreSQL part.
        Snapshot.Verify("QueriesPostgreSql", output.Sources.Where(s => IsTargetFile(s.HintName) || s.HintName.EndsWith(".PostQueries.Queries.g.cs", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public void The_PostgreSQL_tenant_routing_of_the_patterns_schema_matches_the_baseline()
    {
        GeneratorOutput output = Generate("Tenancy", s_postgreSql);

        // The target's files for a database with Isolated and Layered tables: every table's class, the layered table,
        // the tenant view, router and transaction.
        Snapshot.Verify("TenancyPostgreSql", output.Sources.Where(s => IsTargetFile(s.HintName)).ToList());
    }

    [Theory]
    [MemberData(nameof(InputNames))]
    public void Without_SqliteGen_PostgreSql_the_output_is_what_it_was_even_with_Npgsql_referenced(string input)
    {
        IReadOnlyList<(string HintName, string Source)> plain = Harness.Generate(Inputs.Files(input)).Sources;
        GeneratorOutput withNpgsql = Generate(input, s_npgsqlOnly);

        Assert.DoesNotContain(plain, s => IsTargetFile(s.HintName));
        Assert.Equal(plain, withNpgsql.Sources);
        Assert.True(!withNpgsql.CompilationDiagnostics.Any(), withNpgsql.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void The_target_turns_on_only_the_files_it_adds_and_the_partial_keyword()
    {
        var plain = Harness.Generate(Inputs.Files("Learning")).Sources.ToDictionary(s => s.HintName, s => s.Source);
        var target = Generate("Learning", s_postgreSql).Sources.ToDictionary(s => s.HintName, s => s.Source);

        // Every SQLite file is there with the target on, changed at most by declaring an accessor or the transaction partial.
        foreach ((string hint, string source) in plain)
            Assert.Equal(source, target[hint].Replace("sealed partial class", "sealed class", StringComparison.Ordinal));
        Assert.Equal(
            ["Interfaces", "PostgreSql", "PostgreSql.EnrollmentsTable", "PostgreSql.LessonsTable", "PostgreSql.SyllabiTable", "PostgreSql.UsersTable"],
            target.Keys.Except(plain.Keys).Select(h => h["SqliteGen.Tests.Entities.LearningDb.".Length..^".g.cs".Length]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_target_and_every_output_cached()
    {
        CSharpCompilation compilation = Harness.Compile(Inputs.Files("Learning")).AddReferences(s_postgreSql);
        GeneratorDriver driver = Harness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace App.Other; public static class Helpers { public static int Answer() => 42; }", Harness.ParseOptions, path: "Helpers.cs")));
        GeneratorRunResult run = driver.GetRunResult().Results.Single();

        Assert.All(run.TrackedSteps[TrackingNames.PostgreSqlTarget].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".PostgreSql.g.cs", StringComparison.Ordinal));
    }
}

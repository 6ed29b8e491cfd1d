using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>Layer 4: an edit that cannot change the generated code leaves every stage and output cached.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_stage_has_a_tracking_name()
    {
        Assert.Equal(8, StepNames.Length);
    }

    [Theory]
    [InlineData("Learning")]
    [InlineData("Queries")]
    public void Adding_an_unrelated_file_leaves_everything_cached(string input)
    {
        CSharpCompilation compilation = Harness.Compile(Inputs.Files(input));

        GeneratorRunResult second = RunTwice(compilation, compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace App.Other; public static class Helpers { public static int Answer() => 42; }", Harness.ParseOptions, path: "Helpers.cs")));

        AssertAllCached(second);
    }

    /// <summary>
    /// Work, not time: after an edit in a file without SqliteGen attributes, no step of the generator runs but the attribute
    /// transforms, which Roslyn runs again on each new compilation (ForAttributeWithMetadataName) and whose equal models
    /// stop there. A step that runs (its input New or Modified) is listed; a step on the compilation itself (a type lookup,
    /// a Combine with the CompilationProvider) would run on every keystroke, whatever the size of the project.
    /// </summary>
    [Theory]
    [InlineData("Learning")]
    [InlineData("Queries")]
    public void An_unrelated_edit_runs_no_step_but_the_attribute_transforms(string input)
    {
        CSharpCompilation compilation = Harness.Compile(Inputs.Files(input).Append("namespace App.Other; public static class Helpers { public static int Answer() => 42; }").ToArray());
        SyntaxTree helper = compilation.SyntaxTrees.Last();
        GeneratorRunResult second = RunTwice(compilation, compilation.ReplaceSyntaxTree(helper,
            helper.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(helper.ToString().Replace("42", "43", StringComparison.Ordinal)))));

        // Roslyn's own steps: the compilation, and the attribute search, which looks again at the edited file only.
        static bool Roslyns(string name) => name is "Compilation" or "CompilationOptions" || name.Contains("_ForAttribute", StringComparison.Ordinal);
        string[] ran = second.TrackedSteps
            .Where(step => !Roslyns(step.Key) && step.Key != TrackingNames.Entities) // Entities names the attribute transform itself
            .Where(step => step.Value.SelectMany(s => s.Inputs).Any(i => i.Source.Outputs[i.OutputIndex].Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified))
            .Select(step => step.Key)
            .ToArray();
        Assert.Contains(TrackingNames.PostgreSqlTarget, second.TrackedSteps.Keys);
        Assert.True(ran.Length == 0, "steps that ran after an unrelated edit: " + string.Join(", ", ran));
        AssertAllCached(second);
    }

    [Fact]
    public void Search_entities_stay_cached_after_an_unrelated_edit()
    {
        // [Vector] dimensions and metric and [FullText] are plain values in the column models, so they compare equal.
        CSharpCompilation compilation = Harness.Compile(Inputs.Search);

        GeneratorRunResult second = RunTwice(compilation, compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace App.Other; public static class Helpers { public static int Answer() => 42; }", Harness.ParseOptions, path: "Helpers.cs")));

        AssertAllCached(second);
    }

    [Fact]
    public void Editing_a_method_body_in_an_entity_file_leaves_everything_cached()
    {
        // The edit is inside the [Table] record's own declaration, so its transform re-runs: the model must compare equal.
        GeneratorRunResult second = RunBeforeAndAfterEdit("Title.ToLowerInvariant()", "Title.ToUpperInvariant()");

        AssertAllCached(second);
    }

    [Fact]
    public void Adding_a_column_modifies_the_outputs_of_that_table()
    {
        GeneratorRunResult second = RunBeforeAndAfterEdit("DateTimeOffset CreatedAt);", "DateTimeOffset CreatedAt, string? Bio);");

        Assert.Contains(Outputs(second.TrackedSteps[TrackingNames.ValidEntities]), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.GeneratedSources, s => s.HintName == "SqliteGen.Tests.Entities.User.Table.g.cs" && s.SourceText.ToString().Contains("bio TEXT", StringComparison.Ordinal));
    }

    /// <summary>Runs the learning schema, then the same with one replacement in its entity file.</summary>
    private static GeneratorRunResult RunBeforeAndAfterEdit(string before, string after)
    {
        CSharpCompilation compilation = Harness.Compile(Inputs.Learning, Inputs.LearningJson);
        SyntaxTree entities = compilation.SyntaxTrees.First();
        string edited = entities.ToString().Replace(before, after, StringComparison.Ordinal);
        Assert.NotEqual(entities.ToString(), edited);
        return RunTwice(compilation, compilation.ReplaceSyntaxTree(entities, entities.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited))));
    }

    [Fact]
    public void Models_hold_no_roslyn_types_and_no_reference_compared_collections()
    {
        Type[] models = typeof(SqliteGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace == "SqliteGen.Generator.Model" && !t.IsEnum && !t.IsAbstract && !IsEquatableArray(t) && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .Append(typeof(EntityOutcome))
            .ToArray();
        Assert.Contains(models, t => t.Name == "EntityModel");

        var problems = new List<string>();
        foreach (Type model in models)
        {
            if (!typeof(IEquatable<>).MakeGenericType(model).IsAssignableFrom(model))
                problems.Add($"{model.Name} is not IEquatable<{model.Name}>");
            foreach (FieldInfo field in model.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (ForbiddenPart(field.FieldType) is { } forbidden)
                    problems.Add($"{model.Name}.{field.Name} is a {field.FieldType} (contains {forbidden})");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_model_shape_check_catches_forbidden_types()
    {
        Assert.NotNull(ForbiddenPart(typeof(ISymbol)));
        Assert.NotNull(ForbiddenPart(typeof(Location)));
        Assert.NotNull(ForbiddenPart(typeof(ImmutableArray<string>)));
        Assert.NotNull(ForbiddenPart(typeof(List<int>)));
        Assert.NotNull(ForbiddenPart(typeof(Model.EquatableArray<SyntaxToken>)));
        Assert.Null(ForbiddenPart(typeof(Model.EquatableArray<string>)));
        Assert.Null(ForbiddenPart(typeof(string)));
    }

    /// <summary>The part of <paramref name="type"/> that breaks value equality or holds a compilation alive; null if none.</summary>
    private static Type? ForbiddenPart(Type type)
    {
        if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
            return type;
        if (type.IsArray)
            return type; // arrays compare by reference: use EquatableArray
        if (type.IsGenericType)
        {
            Type definition = type.GetGenericTypeDefinition();
            if (definition == typeof(ImmutableArray<>) || definition == typeof(List<>) || definition == typeof(Dictionary<,>) || definition == typeof(HashSet<>))
                return type;
            return type.GetGenericArguments().Select(ForbiddenPart).FirstOrDefault(t => t is not null);
        }
        return null;
    }

    private static bool IsEquatableArray(Type type) =>
        type.IsGenericTypeDefinition && type.Name.StartsWith("EquatableArray", StringComparison.Ordinal) || type.Name == "EquatableArray";

    private static GeneratorRunResult RunTwice(Compilation first, Compilation second)
    {
        GeneratorDriver driver = Harness.CreateDriver(trackSteps: true).RunGenerators(first);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);
        driver = driver.RunGenerators(second);
        return driver.GetRunResult().Results.Single();
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(IEnumerable<IncrementalGeneratorRunStep> steps) =>
        steps.SelectMany(step => step.Outputs);

    private static void AssertAllCached(GeneratorRunResult run)
    {
        var problems = new List<string>();
        // A [Query] outside a database class is an error case, and most inputs have no [SqliteQueries] class: such a step
        // may have nothing to compare (the Queries input has a query class, so that step is compared there).
        string[] optional = { TrackingNames.MisplacedQueries, TrackingNames.QueryClasses };
        foreach (string name in StepNames.Where(n => System.Array.IndexOf(optional, n) < 0 || run.TrackedSteps.ContainsKey(n) && Outputs(run.TrackedSteps[n]).Any()))
        {
            if (!run.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps))
            {
                problems.Add($"step '{name}' did not run");
                continue;
            }
            if (!Outputs(steps).Any())
                problems.Add($"step '{name}' has no outputs, so there is nothing to compare");
            foreach ((object value, IncrementalStepRunReason reason) in Outputs(steps))
            {
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    problems.Add($"step '{name}': {reason} {value}");
            }
        }
        foreach (KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>> output in run.TrackedOutputSteps)
        {
            foreach ((object value, IncrementalStepRunReason reason) in Outputs(output.Value))
            {
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    problems.Add($"output '{output.Key}': {reason} {value}");
            }
        }
        Assert.NotEmpty(run.TrackedOutputSteps);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>What a developer sees at build time when the version history and the records disagree.</summary>
public sealed class MigrationDiagnosticTests
{
    private static readonly List<(string Path, string Text)> Frozen = FreezeUpTo(3);

    /// <summary>Snapshots of versions 1..n, frozen from each version's own build.</summary>
    internal static List<(string Path, string Text)> FreezeUpTo(int last)
    {
        var snapshots = new List<(string Path, string Text)>();
        for (int version = 1; version <= last; version++)
        {
            GeneratorOutput output = Harness.Generate(Harness.Compile(ShopHistory.Source(version)), snapshots);
            snapshots.Add(($"/repo/sqlitegen/ShopDb.v{version}.json", GeneratedMigrationTests.FrozenSnapshot(output)));
        }
        return snapshots;
    }

    private static ImmutableDiagnostics Build(string source, IEnumerable<(string Path, string Text)> snapshots) =>
        new(Harness.Generate(Harness.Compile(source), snapshots).Reported);

    private sealed record ImmutableDiagnostics(System.Collections.Immutable.ImmutableArray<Diagnostic> All)
    {
        public Diagnostic Single(string id) => Assert.Single(All, d => d.Id == id);
    }

    [Fact]
    public void Records_changed_after_their_version_was_frozen_are_an_error_that_says_what_changed()
    {
        string changed = ShopHistory.Source(3)
            .Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"0\")] long Age, string? Nickname")
            .Replace("[Unique] string Email", "[Indexed] string Email");

        Diagnostic error = Build(changed, Frozen).Single("SQLG050");

        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        string message = error.GetMessage();
        Assert.Contains("ShopDb's tables differ from version 3 as frozen in sqlitegen/ShopDb.v3.json", message);
        Assert.Contains("column users.nickname added", message);
        Assert.Contains("index ix_users_email added", message);
        Assert.Contains("index ux_users_email dropped", message);
        Assert.Contains("Raise Version to 4", message);
        // Reported at the [SqliteDatabase] class: its file and line.
        Assert.Equal(5, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("ShopDb", changed.Split('\n')[5].Substring(error.Location.GetLineSpan().StartLinePosition.Character, "ShopDb".Length));
    }

    [Fact]
    public void The_same_change_with_a_new_version_builds_cleanly()
    {
        string next = ShopHistory.Source(3).Replace("Version = 3", "Version = 4")
            .Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"0\")] int Age, string? Nickname");

        GeneratorOutput output = Harness.Generate(Harness.Compile(next), Frozen);

        Assert.DoesNotContain(output.Reported, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains("ALTER TABLE users ADD COLUMN nickname TEXT;", output.Sources.Single(s => s.HintName.EndsWith("Database.g.cs")).Source);
    }

    [Fact]
    public void A_missing_snapshot_of_an_earlier_version_names_the_file_and_what_to_do()
    {
        Diagnostic error = Build(ShopHistory.Source(3), Frozen.Where(f => !f.Path.EndsWith("v1.json"))).Single("SQLG053");

        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("the snapshot of version 1 (sqlitegen/ShopDb.v1.json) is missing", error.GetMessage());
        Assert.Contains("dotnet build -t:SqliteGenFreeze", error.GetMessage());
    }

    [Fact]
    public void A_broken_snapshot_file_is_reported_at_its_line()
    {
        string broken = Frozen[0].Text.Replace("\"type\": \"TEXT\"", "\"type\" \"TEXT\"");
        Diagnostic error = Build(ShopHistory.Source(2), new[] { (Frozen[0].Path, broken) }).Single("SQLG054");

        Assert.Equal("/repo/sqlitegen/ShopDb.v1.json", error.Location.GetLineSpan().Path);
        int line = broken.Split('\n').ToList().FindIndex(l => l.Contains("\"type\" \"TEXT\""));
        Assert.Equal(line, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("expected ':'", error.GetMessage());
    }

    [Fact]
    public void A_snapshot_of_a_newer_version_than_the_code_is_an_error()
    {
        Diagnostic error = Build(ShopHistory.Source(2), Frozen).Single("SQLG054");
        Assert.Contains("it is version 3, newer than ShopDb's Version = 2", error.GetMessage());
    }

    [Fact]
    public void A_RenamedFrom_that_names_nothing_is_a_warning_and_the_column_is_new()
    {
        string typo = ShopHistory.Source(4).Replace("RenamedFrom(\"name\")", "RenamedFrom(\"nmae\")");
        ImmutableDiagnostics diagnostics = Build(typo, Frozen);

        Diagnostic warning = diagnostics.Single("SQLG055");
        Assert.Contains("column users.display_name: [RenamedFrom(\"nmae\")] names no column of users", warning.GetMessage());
        Assert.Contains("drops column users.name", diagnostics.Single("SQLG051").GetMessage());
    }

    [Fact]
    public void A_lossy_step_warns_while_its_version_is_in_development_and_not_once_it_is_frozen()
    {
        // Version 7 drops users.display_name. While v7 is in development, its build warns SQLG051.
        List<(string Path, string Text)> upToSix = FreezeUpTo(ShopHistory.Latest - 1);
        GeneratorOutput developing = Harness.Generate(Harness.Compile(ShopHistory.Source(ShopHistory.Latest)), upToSix);
        Assert.Contains(developing.Reported, d => d.Id == "SQLG051" && d.GetMessage().Contains("up to version 7 drops column users.display_name"));

        // Frozen and shipped, it is history: rebuilding v7, and every later version, builds without the warning
        // (a project with TreatWarningsAsErrors must keep building).
        var upToSeven = new List<(string Path, string Text)>(upToSix) { ($"/repo/sqlitegen/ShopDb.v{ShopHistory.Latest}.json", GeneratedMigrationTests.FrozenSnapshot(developing)) };
        GeneratorOutput frozen = Harness.Generate(Harness.Compile(ShopHistory.Source(ShopHistory.Latest)), upToSeven);
        string later = ShopHistory.Source(ShopHistory.Latest).Replace("Version = 7", "Version = 8");
        Assert.NotEqual(ShopHistory.Source(ShopHistory.Latest), later);
        GeneratorOutput next = Harness.Generate(Harness.Compile(later), upToSeven);
        foreach (GeneratorOutput output in new[] { frozen, next })
        {
            Assert.DoesNotContain(output.Reported, d => d.Severity >= DiagnosticSeverity.Warning || d.Id == "SQLG052");
            Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        }
        // The step itself still knows what it drops: Open refuses it without AllowDataLoss.
        Assert.Contains("upLosesData: \"column users.display_name\"", next.Sources.Single(s => s.HintName.EndsWith("Database.g.cs")).Source);
    }

    [Fact]
    public void A_NOT_NULL_column_without_a_default_added_to_a_table_is_a_warning()
    {
        string next = ShopHistory.Source(3).Replace("Version = 3", "Version = 4")
            .Replace("[Column(Default = \"0\")] int Age", "[Column(Default = \"0\")] int Age, string Nickname");

        Diagnostic warning = Build(next, Frozen).Single("SQLG057");
        Assert.Contains("adds column users.nickname as NOT NULL without a Default", warning.GetMessage());
    }

    [Fact]
    public void A_data_step_on_version_1_can_never_run_and_is_an_error()
    {
        // Open creates a new file at the latest version directly; no file is ever migrated from 0 to 1 by it.
        string withStep = ShopHistory.Source(2).Replace("public partial class ShopDb;", """
            public partial class ShopDb
            {
                [DataStep(1)]
                static void SeedUsers(MigrationContext context) => context.Execute("INSERT INTO users (email) VALUES ('admin')");
            }
            """);
        Assert.NotEqual(ShopHistory.Source(2), withStep);

        GeneratorOutput output = Harness.Generate(Harness.Compile(withStep), Frozen.Take(1));

        Diagnostic error = Assert.Single(output.Reported, d => d.Id == "SQLG056");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("[DataStep(1)] on 'ShopDb.SeedUsers' never runs", error.GetMessage());
        Assert.DoesNotContain(".WithDataStep(", output.Sources.Single(s => s.HintName.EndsWith("Database.g.cs")).Source);
    }

    [Fact]
    public void A_data_step_is_attached_to_its_version_and_a_misdeclared_one_is_an_error()
    {
        string withStep = ShopHistory.Source(3).Replace("public partial class ShopDb;", """
            public partial class ShopDb
            {
                [DataStep(3)]
                static void FillNames(MigrationContext context) => context.Execute("UPDATE users SET name = email");

                [DataStep(9)]
                static void Nowhere(MigrationContext context) { }

                [DataStep(2)]
                void NotStatic(MigrationContext context) { }
            }
            """);
        GeneratorOutput output = Harness.Generate(Harness.Compile(withStep), Frozen.Take(2));

        Assert.Contains(".WithDataStep(\"FillNames\", FillNames)", output.Sources.Single(s => s.HintName.EndsWith("Database.g.cs")).Source);
        var errors = output.Reported.Where(d => d.Id == "SQLG056").Select(d => d.GetMessage()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("[DataStep(9)] on 'ShopDb.Nowhere' names no version of ShopDb (1 to 3)"));
        Assert.Contains(errors, e => e.Contains("'ShopDb.NotStatic' must be declared 'static void NotStatic(MigrationContext context)'"));
    }
}

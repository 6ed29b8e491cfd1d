using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>Layer 1: the generated source, compared with committed baselines (Snapshots/).</summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("Learning")]
    [InlineData("Types")]
    [InlineData("Tenancy")]
    [InlineData("TwoNamespaces")]
    [InlineData("Search")]
    [InlineData("Queries")]
    [InlineData("OddNames")]
    [InlineData("Monitor")]
    public void Generated_source_matches_the_baseline(string input)
    {
        GeneratorOutput output = Harness.Generate(Inputs.Files(input));

        Snapshot.Verify(input, output.Sources);
    }

    [Fact]
    public void A_difference_is_reported_with_its_first_differing_line()
    {
        string? difference = Snapshot.FirstDifference("a\nb\nc", "a\nB\nc");

        Assert.Equal("line 2:" + System.Environment.NewLine + "- expected: b" + System.Environment.NewLine + "+ actual:   B", difference);
        Assert.Null(Snapshot.FirstDifference("same\n", "same\n"));
        Assert.Contains("(end of file)", Snapshot.FirstDifference("a", "a\nextra"));
    }
}

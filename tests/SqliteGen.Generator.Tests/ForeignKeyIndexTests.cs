using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG102: a [References] member that no index leads is reported on the member (info); the leading column of the
/// primary key or of any index (composite, unique, partial) is left alone, and so is everything the generator skips.
/// </summary>
public sealed class ForeignKeyIndexTests
{
    private const string Head = "using System;\nusing SqliteGen;\n\nnamespace App;\n\n[SqliteDatabase] public partial class NotesDb;\n[Table] public partial record Topic([PrimaryKey] long TopicId, string Name);\n";

    public static IEnumerable<object[]> Positives => new[]
    {
        // A positional parameter, with and without a delete action (every parent delete looks for children).
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long [|TopicId|], string Text);",
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic), OnDelete = ForeignKeyAction.Cascade)] long [|TopicId|]);",
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic), OnDelete = ForeignKeyAction.SetNull)] long? [|TopicId|]);",
        // A property.
        "[Table] public partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n    [References(typeof(Topic))] public long [|TopicId|] { get; init; }\n}",
        // Near misses that are still reported: the second column of a composite index or key serves nothing alone.
        "[Table, Index(nameof(Text), nameof(TopicId))] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long [|TopicId|], string Text);",
        "[Table] public partial record Note([PrimaryKey(Order = 0)] long Id, [PrimaryKey(Order = 1), References(typeof(Topic))] long [|TopicId|]);",
        // Order decides the key's first column, not the declaration order.
        "[Table] public partial record Note([PrimaryKey(Order = 1), References(typeof(Topic))] long [|TopicId|], [PrimaryKey(Order = 0)] long Id);",
        // An index on another member.
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long [|TopicId|], [Indexed] string Text);",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Positives))]
    public void A_foreign_key_no_index_leads_is_reported_on_its_member(string declaration)
    {
        Diagnostic diagnostic = Harness.SingleAdvice(Head + declaration, "SQLG102");
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("Foreign key 'Note.TopicId' (column note.topic_id, referencing topic) is not the first column of any index", message, StringComparison.Ordinal);
        Assert.Contains("add [Indexed] to TopicId", message, StringComparison.Ordinal);
        Assert.EndsWith("/docs/rules/SQLG102.md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> Negatives => new[]
    {
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Indexed] long TopicId);",
        "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic)), Unique] long TopicId);",
        "[Table] public partial record Note\n{\n    [PrimaryKey] public long Id { get; init; }\n    [References(typeof(Topic)), Indexed] public long TopicId { get; init; }\n}",
        // The leading column of a composite index, unique or not.
        "[Table, Index(nameof(TopicId), nameof(Text))] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, string Text);",
        "[Table, Index(nameof(TopicId), nameof(Text), Unique = true)] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, string Text);",
        // A partial index counts (quiet rather than wrong; docs/rules/SQLG102.md says when SQLite can use it).
        "[Table, Index(nameof(TopicId), Where = \"topic_id IS NOT NULL\")] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long? TopicId);",
        // The key itself (one-to-one), and the first column of a composite key, by Order.
        "[Table] public partial record Note([PrimaryKey, References(typeof(Topic))] long TopicId, string Text);",
        "[Table] public partial record Note([PrimaryKey(Order = 0), References(typeof(Topic))] long TopicId, [PrimaryKey(Order = 1)] long Id);",
        "[Table] public partial record Note([PrimaryKey(Order = 1)] long Id, [PrimaryKey(Order = 0), References(typeof(Topic))] long TopicId);",
        // No foreign key at all.
        "[Table] public partial record Note([PrimaryKey] long Id, long TopicId);",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_foreign_key_an_index_leads_is_left_alone(string declaration)
    {
        Assert.Empty(Harness.GenerateAndAnalyze(Head + declaration).Diagnostics);
    }

    [Fact]
    public void An_invalid_table_gets_its_error_and_no_advice()
    {
        // The reference is valid but the record is not (SQLG004): the generator skips it, so there is no table to advise on.
        GeneratorOutput output = Harness.Generate(Head + "[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, [Indexed, Unique] string Text);");
        AnalyzerOutput analysis = Harness.Analyze(output.Compilation);
        Assert.Empty(analysis.Exceptions);
        Assert.Equal("SQLG004", Assert.Single(analysis.Diagnostics).Id);
    }

    [Fact]
    public void Pragma_warning_disable_silences_it()
    {
        GeneratorOutput output = Harness.Generate(Head + "#pragma warning disable SQLG102\n[Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId);\n#pragma warning restore SQLG102");
        AnalyzerOutput analysis = Harness.Analyze(output.Compilation);
        Assert.Empty(analysis.Exceptions);
        Assert.DoesNotContain(analysis.Diagnostics, d => d.Id == "SQLG102" && !d.IsSuppressed);
    }

    [Fact]
    public void Each_unindexed_foreign_key_is_reported_once()
    {
        GeneratorOutput output = Harness.Generate(Head + """
            [Table] public partial record Tag([PrimaryKey] long TagId);
            [Table] public partial record Note([PrimaryKey] long Id, [References(typeof(Topic))] long TopicId, [References(typeof(Tag))] long TagId, [References(typeof(Tag)), Indexed] long OtherTagId);
            """);
        AnalyzerOutput analysis = Harness.Analyze(output.Compilation);
        Assert.Empty(analysis.Exceptions);
        Assert.Equal(new[] { "'Note.TagId'", "'Note.TopicId'" },
            analysis.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture).Split(' ')[2]).OrderBy(s => s, StringComparer.Ordinal));
    }
}

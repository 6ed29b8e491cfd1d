using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Import;

/// <summary>The seeds' shapes imported whole: NDJSON, a JSON array, TinyDB tables; summaries checked against the input.</summary>
public sealed class ImportFormatTests : ImportTest
{
    [Fact]
    public void Ndjson_patterns_are_all_imported_and_the_summary_matches_the_file()
    {
        int records = Records("response_patterns.ndjson");

        ImportSummary summary;
        using (FileStream file = Open("response_patterns.ndjson"))
            summary = Db.ResponsePatterns.ImportJson(file);

        Assert.Equal(25, records);
        Assert.Equal((records, records, 0L, 0L), (summary.Read, summary.Inserted, summary.Skipped, summary.Failed));
        Assert.Equal(Length("response_patterns.ndjson"), summary.Bytes);
        Assert.Equal(1, summary.Batches);
        Assert.Empty(summary.Issues);
        Assert.Equal(records, Db.ResponsePatterns.Count());

        // Every field as written, checked against the file parsed independently.
        foreach (string line in File.ReadLines(Fixture("response_patterns.ndjson")).Where(l => l.Length > 0))
        {
            JsonElement json = JsonDocument.Parse(line).RootElement;
            SeedPattern row = Db.ResponsePatterns.Get(json.GetProperty("fragment_id").GetString()!);
            Assert.Equal(json.GetProperty("trigger_context").GetString(), row.TriggerContext);
            Assert.Equal(json.GetProperty("response_text").GetString(), row.ResponseText);
            Assert.Equal(json.GetProperty("success_score").GetDouble(), row.SuccessScore);
            Assert.Equal(json.GetProperty("intent").GetString(), row.Intent);
            Assert.Equal(json.GetProperty("usage_count").GetInt32(), row.UsageCount);
            Assert.Equal(DateTimeOffset.Parse(json.GetProperty("created_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture), row.CreatedAt);
        }
    }

    [Fact]
    public void A_json_array_gives_the_same_rows_as_ndjson_and_auto_detects_its_format()
    {
        using (FileStream file = Open("response_patterns.json"))
            Assert.Equal(25, Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { BatchSize = 7 }).Inserted);
        var fromArray = Db.ResponsePatterns.All().OrderBy(p => p.FragmentId, StringComparer.Ordinal).ToList();

        using var other = ImportDb.Open(DbPath + ".ndjson.db");
        using (FileStream file = Open("response_patterns.ndjson"))
            other.ResponsePatterns.ImportJson(file, new JsonImportOptions { Format = JsonImportFormat.NdJson });
        Assert.Equal(other.ResponsePatterns.All().OrderBy(p => p.FragmentId, StringComparer.Ordinal).ToList(), fromArray);
    }

    [Fact]
    public void TinyDb_tables_import_by_name_with_nested_json_and_nulls()
    {
        ImportUsersAndSyllabi();
        ImportSummary progress;
        using (FileStream file = Open("techtree_tinydb.json"))
            progress = Db.Progress.ImportJson(file, new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "user_progress" });

        Assert.Equal(3, Db.Users.Count());
        Assert.Equal(2, Db.Syllabi.Count());
        Assert.Equal((4L, 4L), (progress.Read, progress.Inserted));
        Assert.Equal(Length("techtree_tinydb.json"), progress.Bytes > 0 ? Length("techtree_tinydb.json") : 0);

        SeedUser grace = Db.Users.Get("u-grace");
        Assert.Equal("grace@example.com", grace.Email);
        Assert.Equal(new DateTime(2023, 2, 11, 8, 30, 0, 250), grace.CreatedAt);
        SeedSyllabus python = Db.Syllabi.Get("s-python");
        Assert.Equal("Python for beginners", python.Content.Title);
        Assert.Equal(new[] { "Def", "Closures" }, python.Content.Modules[1].Lessons);
        Assert.Null(Db.Syllabi.Get("s-sql").UserId);
        Assert.Null(Db.Progress.Get("p-2").Score);
        Assert.Equal(0.75, Db.Progress.Get("p-4").Score);
    }

    [Fact]
    public void TinyDb_default_table_is_read_unless_another_is_named_and_a_missing_table_lists_the_tables()
    {
        using (FileStream file = Open("techtree_tinydb.json"))
        {
            // "_default" is empty in the fixture, as in most TinyDB files that use named tables.
            ImportSummary summary = Db.Users.ImportJson(file, new JsonImportOptions { Format = JsonImportFormat.TinyDb });
            Assert.Equal((0L, 0L), (summary.Read, summary.Inserted));
        }
        using FileStream again = Open("techtree_tinydb.json");
        var error = Assert.Throws<ImportException>(() =>
            Db.Users.ImportJson(again, new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "accounts" }));
        Assert.Contains("no table 'accounts'", error.Message);
        Assert.Contains("_default, users, syllabi, user_progress", error.Message);
    }

    [Fact]
    public void AutoIncrement_keys_are_kept_when_given_and_assigned_when_absent()
    {
        ImportUsersAndSyllabi();
        using (FileStream file = Open("lessons.ndjson"))
            Assert.Equal(4, Db.Lessons.ImportJson(file).Inserted);

        var lessons = Db.Lessons.All().OrderBy(l => l.LessonId).ToList();
        Assert.Equal(new long[] { 10, 11, 12, 13 }, lessons.Select(l => l.LessonId));
        Assert.Equal(TimeSpan.FromMinutes(15), lessons[0].Duration);
        Assert.Null(lessons[1].Summary);
        Assert.Null(lessons[2].Duration);
        Assert.Equal("Inner", lessons[3].Title);
    }

    [Fact]
    public void Property_names_match_the_column_or_the_member_in_any_case()
    {
        string ndjson =
            "{\"FragmentId\":\"a\",\"TriggerContext\":\"t\",\"ResponseText\":\"r\",\"SuccessScore\":0.5,\"Intent\":\"i\",\"UsageCount\":1,\"CreatedAt\":\"2025-01-01T00:00:00Z\"}\n" +
            "{\"FRAGMENT_ID\":\"b\",\"trigger_CONTEXT\":\"t\",\"responsetext\":\"r\",\"success_score\":0.5,\"INTENT\":\"i\",\"usage_count\":2,\"created_at\":\"2025-01-01T00:00:00\"}\n" +
            "{\"fragment_\\u0069d\":\"c\",\"trigger_context\":\"t\",\"response_text\":\"r\",\"success_score\":1,\"intent\":\"i\",\"usage_count\":3,\"created_at\":\"2025-01-01T02:00:00+02:00\"}";
        ImportSummary summary = Db.ResponsePatterns.ImportJson(Utf8(ndjson));

        Assert.Equal(3, summary.Inserted);
        Assert.Equal(2, Db.ResponsePatterns.Get("b").UsageCount);
        Assert.Equal(TimeSpan.Zero, Db.ResponsePatterns.Get("b").CreatedAt.Offset); // no offset: UTC, never the machine's zone
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Db.ResponsePatterns.Get("c").CreatedAt);
    }

    [Fact]
    public void Unknown_properties_are_an_error_by_default_and_skipped_when_asked()
    {
        using (FileStream file = Open("broken/unknown_property.ndjson"))
        {
            var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file));
            Assert.Equal((2L, "mood"), (error.Line, error.Field));
            Assert.Contains("UnknownProperties", error.Message);
        }
        using FileStream again = Open("broken/unknown_property.ndjson");
        ImportSummary summary = Db.ResponsePatterns.ImportJson(again, new JsonImportOptions { UnknownProperties = UnknownPropertyPolicy.Ignore });
        Assert.Equal(6, summary.Inserted);
    }

    [Fact]
    public void Progress_is_reported_per_batch_with_rows_and_bytes()
    {
        var log = new ProgressLog();
        ImportSummary summary;
        using (FileStream file = Open("response_patterns.ndjson"))
            summary = Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { BatchSize = 10 }, log);

        Assert.Equal(new long[] { 10, 20, 25 }, log.Reports.Select(r => r.Inserted));
        Assert.Equal(new long[] { 10, 20, 25 }, log.Reports.Select(r => r.Read));
        Assert.Equal(new[] { 1, 2, 3 }, log.Reports.Select(r => r.Batches));
        Assert.True(log.Reports[0].Bytes > 0 && log.Reports[0].Bytes < log.Reports[1].Bytes);
        // The 10th record ends its line: bytes are the first 10 lines.
        string[] lines = File.ReadAllLines(Fixture("response_patterns.ndjson"));
        Assert.Equal(lines.Take(10).Sum(l => Encoding.UTF8.GetByteCount(l) + 1), log.Reports[0].Bytes);
        Assert.Equal(Length("response_patterns.ndjson"), log.Reports[^1].Bytes);
        Assert.Equal(summary.Bytes, log.Reports[^1].Bytes);
    }

    [Fact]
    public async Task The_async_import_reads_the_stream_asynchronously_and_honours_cancellation()
    {
        using (FileStream file = Open("response_patterns.json"))
        {
            ImportSummary summary = await Db.ResponsePatterns.ImportJsonAsync(file, new JsonImportOptions { BatchSize = 4 });
            Assert.Equal((25L, 7), (summary.Inserted, summary.Batches));
        }
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        using FileStream again = Open("lessons.ndjson");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Db.Lessons.ImportJsonAsync(again, cancellationToken: canceled.Token));
    }

    [Fact]
    public void An_import_inside_a_write_transaction_is_part_of_it()
    {
        using (ImportDb.WriteTransaction tx = Db.BeginWrite())
        {
            tx.ResponsePatterns.ImportJson(Open("response_patterns.ndjson"), new JsonImportOptions { BatchSize = 5 });
            Assert.Equal(25, tx.ResponsePatterns.Count());
            // disposed without Commit: every batch (a savepoint each) goes with the transaction
        }
        Assert.Equal(0, Db.ResponsePatterns.Count());
    }

    [Fact]
    public void Empty_input_imports_nothing_and_the_stream_is_left_open_when_asked()
    {
        var stream = new MemoryStream(Array.Empty<byte>());
        ImportSummary summary = Db.ResponsePatterns.ImportJson(stream, new JsonImportOptions { LeaveOpen = true });
        Assert.Equal((0L, 0L, 0), (summary.Read, summary.Inserted, summary.Batches));
        Assert.True(stream.CanRead);
        Db.ResponsePatterns.ImportJson(stream);
        Assert.False(stream.CanRead);
    }

    internal static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}

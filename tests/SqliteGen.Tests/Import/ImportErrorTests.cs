using System;
using System.IO;
using System.Linq;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Import;

/// <summary>Broken input: each error names the line (or document id) and field; earlier batches stay, the failing one goes.</summary>
public sealed class ImportErrorTests : ImportTest
{
    private static readonly JsonImportOptions SkipInvalid = new() { OnInvalid = ImportInvalidPolicy.Skip };

    [Fact]
    public void A_wrong_type_stops_the_import_naming_line_and_field()
    {
        using FileStream file = Open("broken/wrong_type.ndjson");
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file));

        Assert.Equal(("response_patterns", 3L, "usage_count", (string?)null), (error.Table, error.Line, error.Field, error.DocumentId));
        Assert.Contains("expected a whole number, found a string", error.Message);
        Assert.Contains("line 3, field 'usage_count'", error.Message);
        Assert.Equal(0, Db.ResponsePatterns.Count()); // one batch: nothing of it
        Assert.Equal(0, error.Committed.Batches);
    }

    [Fact]
    public void Invalid_records_are_skipped_and_counted_when_asked()
    {
        using FileStream file = Open("broken/wrong_type.ndjson");
        ImportSummary summary = Db.ResponsePatterns.ImportJson(file, SkipInvalid);

        Assert.Equal((6L, 5L, 0L, 1L), (summary.Read, summary.Inserted, summary.Skipped, summary.Failed));
        ImportIssue issue = Assert.Single(summary.Issues);
        Assert.Equal((3L, "usage_count"), (issue.Line, issue.Field));
        Assert.Equal(5, Db.ResponsePatterns.Count());
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        using FileStream file = Open("broken/missing_field.ndjson");
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file));
        Assert.Equal((2L, "intent"), (error.Line, error.Field));
        Assert.Contains("is missing", error.Message);
    }

    [Fact]
    public void A_null_for_a_non_null_member_is_invalid()
    {
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(ImportFormatTests.Utf8(
            "{\"fragment_id\":\"a\",\"trigger_context\":null,\"response_text\":\"r\",\"success_score\":0.5,\"intent\":\"i\",\"usage_count\":1,\"created_at\":\"2025-01-01T00:00:00Z\"}")));
        Assert.Equal((1L, "trigger_context"), (error.Line, error.Field));
        Assert.Contains("is null", error.Message);
    }

    [Fact]
    public void A_malformed_line_names_its_line_and_can_be_skipped()
    {
        using (FileStream file = Open("broken/malformed_line.ndjson"))
        {
            var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { BatchSize = 2 }));
            Assert.Equal(4L, error.Line);
            Assert.Contains("malformed JSON", error.Message);
            Assert.Equal((1, 2L), (error.Committed.Batches, error.Committed.Inserted)); // lines 1-2 committed, line 3 went with its batch
            Assert.Equal(2, Db.ResponsePatterns.Count());
        }
        using FileStream again = Open("broken/malformed_line.ndjson");
        ImportSummary summary = Db.ResponsePatterns.ImportJson(again, SkipInvalid with { OnConflict = ImportConflictPolicy.Skip });
        Assert.Equal((6L, 3L, 2L, 1L), (summary.Read, summary.Inserted, summary.Skipped, summary.Failed));
    }

    [Fact]
    public void A_truncated_array_stops_at_the_record_it_ends_in_with_earlier_batches_committed()
    {
        var log = new ProgressLog();
        using FileStream file = Open("broken/truncated.json");
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { BatchSize = 3, OnInvalid = ImportInvalidPolicy.Skip }, log));

        // Records are 9 lines each after the '[' line: the fifth starts on line 38.
        Assert.Equal(38L, error.Line);
        Assert.Contains("truncated", error.Message);
        Assert.Equal((1, 3L), (error.Committed.Batches, error.Committed.Inserted));
        Assert.Equal(3, Db.ResponsePatterns.Count());
        Assert.Single(log.Reports);
    }

    [Fact]
    public void The_failing_batch_is_rolled_back_whole_and_earlier_batches_stay()
    {
        // BatchSize 2: lines 1-2 commit, lines 3-4 hold the duplicate of line 2 (line 5 here) ... see duplicate_key.ndjson:
        // records 1..6, record 5 repeats record 2's key. Batches: [1,2] [3,4] [5,6] -> the third fails.
        using FileStream file = Open("broken/duplicate_key.ndjson");
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { BatchSize = 2 }));

        Assert.Equal((5L, "fragment_id"), (error.Line, error.Field));
        Assert.Contains("OnConflict", error.Message);
        Assert.Equal((2, 4L, 4L), (error.Committed.Batches, error.Committed.Inserted, error.Committed.Read));
        Assert.Equal(4, Db.ResponsePatterns.Count()); // record 6 was in the failing batch: not written
        Assert.IsType<ConstraintViolationException>(error.InnerException);
    }

    [Fact]
    public void Duplicates_are_skipped_under_Skip_and_overwrite_under_Replace()
    {
        string[] lines = File.ReadAllLines(Fixture("broken/duplicate_key.ndjson"));
        string duplicated = System.Text.Json.JsonDocument.Parse(lines[1]).RootElement.GetProperty("fragment_id").GetString()!;

        using (FileStream file = Open("broken/duplicate_key.ndjson"))
        {
            ImportSummary skipped = Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { OnConflict = ImportConflictPolicy.Skip });
            Assert.Equal((6L, 5L, 1L, 0L), (skipped.Read, skipped.Inserted, skipped.Skipped, skipped.Failed));
            Assert.NotEqual("A replacement text.", Db.ResponsePatterns.Get(duplicated).ResponseText);
        }
        using (FileStream file = Open("broken/duplicate_key.ndjson"))
        {
            // Every record is now a duplicate: all six overwrite, the later of the two wins.
            ImportSummary replaced = Db.ResponsePatterns.ImportJson(file, new JsonImportOptions { OnConflict = ImportConflictPolicy.Replace });
            Assert.Equal((6L, 6L, 0L), (replaced.Read, replaced.Inserted, replaced.Skipped));
            Assert.Equal(("A replacement text.", 999), (Db.ResponsePatterns.Get(duplicated).ResponseText, Db.ResponsePatterns.Get(duplicated).UsageCount));
        }
        Assert.Equal(5, Db.ResponsePatterns.Count());
    }

    [Fact]
    public void A_bad_TinyDb_document_is_named_by_its_id()
    {
        var options = new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "users" };
        using (FileStream file = Open("broken/bad_doc_tinydb.json"))
        {
            var error = Assert.Throws<ImportException>(() => Db.Users.ImportJson(file, options));
            Assert.Equal(("2", "created_at"), (error.DocumentId, error.Field));
            Assert.Contains("document '2', field 'created_at'", error.Message);
            Assert.Contains("\"yesterday\" is not an ISO 8601 date", error.Message);
        }
        using FileStream again = Open("broken/bad_doc_tinydb.json");
        ImportSummary summary = Db.Users.ImportJson(again, options with { OnInvalid = ImportInvalidPolicy.Skip });
        Assert.Equal((3L, 2L, 1L), (summary.Read, summary.Inserted, summary.Failed));
        Assert.Equal("2", Assert.Single(summary.Issues).DocumentId);
        Assert.Equal(new[] { "u-ada", "u-alan" }, Db.Users.All().Select(u => u.UserId).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void A_TinyDb_document_that_is_not_an_object_is_an_invalid_record()
    {
        var options = new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "users", OnInvalid = ImportInvalidPolicy.Skip };
        ImportSummary summary = Db.Users.ImportJson(ImportFormatTests.Utf8(
            "{\"users\": {\"1\": {\"user_id\": \"a\", \"email\": \"a@x\", \"name\": \"A\", \"password_hash\": \"h\", \"created_at\": \"2023-01-01T00:00:00\", \"updated_at\": \"2023-01-01T00:00:00\"}, \"2\": 5}}"),
            options);
        Assert.Equal((2L, 1L, 1L), (summary.Read, summary.Inserted, summary.Failed));
        ImportIssue issue = Assert.Single(summary.Issues);
        Assert.Equal("2", issue.DocumentId);
        Assert.Contains("expected a JSON object, found a number", issue.Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_async_import_reports_the_same_errors_with_earlier_batches_committed()
    {
        using FileStream file = Open("broken/duplicate_key.ndjson");
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
            await Db.ResponsePatterns.ImportJsonAsync(file, new JsonImportOptions { BatchSize = 2 }));
        Assert.Equal((5L, "fragment_id", 2), (error.Line, error.Field, error.Committed.Batches));
        Assert.Equal(4, Db.ResponsePatterns.Count());
    }

    [Fact]
    public void A_TinyDb_file_that_is_not_json_names_the_line()
    {
        var error = Assert.Throws<ImportException>(() => Db.Users.ImportJson(
            ImportFormatTests.Utf8("{\"users\": {\"1\": {\"user_id\": \"a\",\n \"email\": }}}"),
            new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "users" }));
        Assert.Equal(2L, error.Line);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_check_constraint_the_schema_enforces_is_an_invalid_record()
    {
        ImportUsersAndSyllabi();
        using (FileStream file = Open("broken/progress_bad_score.ndjson"))
        {
            var error = Assert.Throws<ImportException>(() => Db.Progress.ImportJson(file));
            Assert.Equal(2L, error.Line);
            Assert.Contains("score BETWEEN 0 AND 1", error.Message);
            Assert.Equal(0, Db.Progress.Count());
        }
        using FileStream again = Open("broken/progress_bad_score.ndjson");
        ImportSummary summary = Db.Progress.ImportJson(again, SkipInvalid);
        Assert.Equal((2L, 1L, 1L), (summary.Read, summary.Inserted, summary.Failed));
        Assert.Equal(1, Db.Progress.Count());
    }

    [Fact]
    public void Values_out_of_range_and_bad_options_are_refused()
    {
        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(ImportFormatTests.Utf8(
            "{\"fragment_id\":\"a\",\"trigger_context\":\"t\",\"response_text\":\"r\",\"success_score\":0.5,\"intent\":\"i\",\"usage_count\":3000000000,\"created_at\":\"2025-01-01T00:00:00Z\"}")));
        Assert.Equal("usage_count", error.Field);
        Assert.Contains("out of range", error.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Db.ResponsePatterns.ImportJson(new MemoryStream(), new JsonImportOptions { BatchSize = 0 }));
        var notAnObject = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(ImportFormatTests.Utf8("[1]")));
        Assert.Contains("expected an object", notAnObject.Message);
    }
}

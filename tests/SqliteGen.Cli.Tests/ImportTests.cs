using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <c>import</c> of JSON arrays, NDJSON and CSV: counts checked against the input, types inferred as
/// sqlite-utils does, and a bad record reported by line with exactly the earlier batches committed.
/// </summary>
public sealed class ImportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Ndjson(int records, Func<int, string>? line = null) =>
        string.Concat(Enumerable.Range(1, records).Select(i => (line?.Invoke(i) ?? $$"""{"id": {{i}}, "name": "user {{i}}", "score": {{i}}.5, "active": {{(i % 2 == 0 ? "true" : "false")}}}""") + "\n"));

    [Fact]
    public void NDJSON_creates_the_table_with_inferred_types_and_inserts_every_record()
    {
        string input = _folder.Write("users.ndjson", Ndjson(2500));
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "users", input, "--pk", "id");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith($"read 2,500 records from {input}; inserted 2,500 rows into 'users' (3 batch(es) committed, table created,", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
        Assert.Equal(2500, Db.Long(database, "SELECT count(*) FROM users"));
        Assert.Equal("CREATE TABLE \"users\" (\"id\" INTEGER, \"name\" TEXT, \"score\" REAL, \"active\" INTEGER, PRIMARY KEY (\"id\"))",
            Db.Text(database, "SELECT sql FROM sqlite_schema WHERE name = 'users'"));
        Assert.Equal("integer|text|real|integer", Db.Text(database, "SELECT typeof(id) || '|' || typeof(name) || '|' || typeof(score) || '|' || typeof(active) FROM users WHERE id = 7"));
        Assert.Equal(1250, Db.Long(database, "SELECT sum(active) FROM users"));
        Assert.Equal(2500L * 2501 / 2, Db.Long(database, "SELECT sum(id) FROM users"));
    }

    [Fact]
    public void A_JSON_array_keeps_nested_values_as_JSON_text_and_strings_with_braces_intact()
    {
        string input = _folder.Write("events.json", """
            [
              {"id": 1, "kind": "login", "meta": {"ip": "10.0.0.1", "tags": ["a", "b"]}, "note": "brace } and quote \" inside"},
              {"id": 2, "kind": "logout", "meta": null, "note": "[not an array]"},
              {"id": 3, "kind": "login", "extra": 12345678901234567890123}
            ]
            """);
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "events", input);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("read 3 records", result.Out, StringComparison.Ordinal);
        Assert.Equal(3, Db.Long(database, "SELECT count(*) FROM events"));
        Assert.Equal("""{"ip": "10.0.0.1", "tags": ["a", "b"]}""", Db.Text(database, "SELECT meta FROM events WHERE id = 1"));
        Assert.Equal("10.0.0.1", Db.Text(database, "SELECT meta ->> '$.ip' FROM events WHERE id = 1"));
        Assert.Equal("brace } and quote \" inside", Db.Text(database, "SELECT note FROM events WHERE id = 1"));
        Assert.Equal("12345678901234567890123", Db.Text(database, "SELECT extra FROM events WHERE id = 3")); // too big for 64 bits: digits kept
        Assert.Equal(1, Db.Long(database, "SELECT count(*) FROM events WHERE meta IS NULL AND id = 2"));
    }

    [Fact]
    public void CSV_with_quoted_fields_infers_types_and_keeps_leading_zeros_as_text()
    {
        string input = _folder.Write("places.csv",
            "name,zip,population,area\r\n" +
            "\"Springfield, IL\",062701,116250,66.4\r\n" +
            "\"Quote \"\"Town\"\"\",90210,,3.1\r\n" +
            "\"Two\nLines\",10001,1600000,\r\n");
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "places", input);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("read 3 records", result.Out, StringComparison.Ordinal);
        Assert.Equal("CREATE TABLE \"places\" (\"name\" TEXT, \"zip\" TEXT, \"population\" INTEGER, \"area\" REAL)",
            Db.Text(database, "SELECT sql FROM sqlite_schema WHERE name = 'places'"));
        Assert.Equal("062701", Db.Text(database, "SELECT zip FROM places WHERE name = 'Springfield, IL'"));
        Assert.Equal("integer", Db.Text(database, "SELECT typeof(population) FROM places WHERE zip = '10001'"));
        Assert.Equal("null", Db.Text(database, "SELECT typeof(population) FROM places WHERE zip = '90210'")); // empty numeric field
        Assert.Equal("Quote \"Town\"", Db.Text(database, "SELECT name FROM places WHERE zip = '90210'"));
        Assert.Equal("Two\nLines", Db.Text(database, "SELECT name FROM places WHERE zip = '10001'"));
    }

    [Theory]
    [InlineData("rows.tsv", "a\tb\n1\tx y\n2\tz\n", null)]
    [InlineData("rows.jsonl", "{\"a\": 1, \"b\": \"x y\"}\n\n{\"a\": 2, \"b\": \"z\"}\n", null)]
    [InlineData("rows.json", "{\"a\": 1, \"b\": \"x y\"}\n{\"a\": 2, \"b\": \"z\"}\n", null)]
    [InlineData("rows.txt", "[{\"a\": 1, \"b\": \"x y\"}, {\"a\": 2, \"b\": \"z\"}]", null)]
    [InlineData("rows.data", "a,b\n1,x y\n2,z\n", "csv")]
    public void The_format_comes_from_the_option_the_extension_or_the_first_character(string name, string text, string? format)
    {
        string input = _folder.Write(name, text);
        string database = _folder.File("app.db");

        CliResult result = format is null ? Cli.Run("import", database, "rows", input) : Cli.Run("import", database, "rows", input, "--format", format);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("1:x y|2:z", Db.Text(database, "SELECT group_concat(a || ':' || b, '|' ORDER BY a) FROM rows"));
        Assert.Equal("integer", Db.Text(database, "SELECT typeof(a) FROM rows LIMIT 1"));
    }

    [Fact]
    public void A_malformed_NDJSON_line_is_reported_by_number_and_the_table_holds_exactly_the_earlier_batches()
    {
        string input = _folder.Write("users.ndjson", Ndjson(400, i => i == 250 ? """{"id": 250, "name": "broken" """ : null!));
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "users", input, "--batch-size", "100");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith($"sqlitegen import: {input} line 250: malformed JSON", result.Error, StringComparison.Ordinal);
        Assert.Contains("the 200 records of the first 2 batch(es) are committed; nothing of the failing batch (from line 201) was written", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("read 249 records", result.Out, StringComparison.Ordinal);
        Assert.Contains("inserted 200 rows", result.Out, StringComparison.Ordinal);
        Assert.Equal(200, Db.Long(database, "SELECT count(*) FROM users"));
        Assert.Equal(200, Db.Long(database, "SELECT max(id) FROM users"));
    }

    [Fact]
    public void A_malformed_record_in_the_first_batch_leaves_no_table_and_no_new_file_behind()
    {
        string input = _folder.Write("users.ndjson", Ndjson(50, i => i == 30 ? "[1, 2]" : null!));
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "users", input);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"{input} line 30: expected a JSON object, found an array (nothing was written)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database)); // the run created it and wrote nothing: removed

        string existing = _folder.File("existing.db");
        Db.CreateNotes(existing, rows: 5);
        Assert.Equal(ExitCodes.BadInput, Cli.Run("import", existing, "users", input).ExitCode);
        Assert.Equal(0, Db.Long(existing, "SELECT count(*) FROM sqlite_schema WHERE name = 'users'")); // no table left behind
        Assert.Equal(5, Db.Long(existing, "SELECT count(*) FROM notes"));
    }

    [Fact]
    public void A_malformed_object_in_a_JSON_array_is_reported_on_its_own_line()
    {
        var json = new StringBuilder("[\n");
        for (int i = 1; i <= 30; i++)
            json.Append(i == 17 ? "  {\"id\": 17,\n   \"name\": oops},\n" : $"  {{\"id\": {i}, \"name\": \"n{i}\"}},\n");
        json.Append("  {\"id\": 31}\n]\n");
        string input = _folder.Write("users.json", json.ToString());
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "users", input, "--batch-size", "10");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith($"sqlitegen import: {input} line 19: malformed JSON: 'o' is an invalid start of a value", result.Error, StringComparison.Ordinal);
        Assert.Equal(10, Db.Long(database, "SELECT count(*) FROM users"));
    }

    [Fact]
    public void A_CSV_row_with_the_wrong_number_of_fields_is_reported_by_line()
    {
        string input = _folder.Write("t.csv", "a,b\n1,2\n3,4\n5\n");
        string database = _folder.File("app.db");

        CliResult result = Cli.Run("import", database, "t", input);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith($"sqlitegen import: {input} line 4: 1 field(s), but the header has 2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_the_table_rejects_is_reported_by_line_and_conflicts_can_be_skipped()
    {
        string database = _folder.File("app.db");
        Assert.Equal(0, Cli.Run("import", database, "users", _folder.Write("first.ndjson", Ndjson(10)), "--pk", "id").ExitCode);
        string again = _folder.Write("again.ndjson", Ndjson(15));

        CliResult failed = Cli.Run("import", database, "users", again);
        Assert.Equal(ExitCodes.BadInput, failed.ExitCode);
        Assert.Contains($"{again} line 1: table 'users' rejected the record:", failed.Error, StringComparison.Ordinal);
        Assert.Contains("UNIQUE constraint failed: users.id", failed.Error, StringComparison.Ordinal);
        Assert.Equal(10, Db.Long(database, "SELECT count(*) FROM users"));

        CliResult skipped = Cli.Run("import", database, "users", again, "--on-conflict", "ignore");
        Assert.Equal(ExitCodes.Ok, skipped.ExitCode);
        Assert.StartsWith($"read 15 records from {again}; inserted 5 rows into 'users', skipped 10 already there (1 batch(es) committed,", skipped.Out, StringComparison.Ordinal);
        Assert.Equal(15, Db.Long(database, "SELECT count(*) FROM users"));
    }

    [Fact]
    public void A_key_the_table_lacks_is_an_error_unless_alter_adds_the_column()
    {
        string database = _folder.File("app.db");
        Assert.Equal(0, Cli.Run("import", database, "users", _folder.Write("first.ndjson", Ndjson(5))).ExitCode);
        string wider = _folder.Write("wider.ndjson", """
            {"id": 6, "name": "six"}
            {"id": 7, "name": "seven", "email": "seven@example.com"}
            """);

        CliResult refused = Cli.Run("import", database, "users", wider);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains($"{wider} line 2: 'email' is not a column of table 'users' (columns: id, name, score, active); use --alter to add it", refused.Error, StringComparison.Ordinal);
        Assert.Equal(5, Db.Long(database, "SELECT count(*) FROM users"));

        Assert.Equal(ExitCodes.Ok, Cli.Run("import", database, "users", wider, "--alter").ExitCode);
        Assert.Equal("seven@example.com", Db.Text(database, "SELECT email FROM users WHERE id = 7"));
        Assert.Equal(7, Db.Long(database, "SELECT count(*) FROM users"));
    }

    [Fact]
    public void Progress_goes_to_stderr_only_for_long_imports()
    {
        string input = _folder.Write("users.ndjson", Ndjson(300));

        // The clock stands still: the import takes no time, so no progress lines.
        CliResult quick = Cli.Run("import", _folder.File("quick.db"), "users", input);
        Assert.Equal(ExitCodes.Ok, quick.ExitCode);
        Assert.Equal("", quick.Error);

        // A second passes at every reading of the clock: a line for every record read, counting up.
        CliResult slow = Cli.Run(new SteppingClock(TimeSpan.FromSeconds(1)), default, "import", _folder.File("slow.db"), "users", input);
        Assert.Equal(ExitCodes.Ok, slow.ExitCode);
        string[] lines = slow.Error.TrimEnd('\n').Split('\n');
        Assert.Equal(300, lines.Length);
        for (int i = 0; i < lines.Length; i++)
            Assert.StartsWith($"import: {i + 1:N0} records, ", lines[i], StringComparison.Ordinal);
        Assert.StartsWith("read 300 records from ", slow.Out, StringComparison.Ordinal);
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary><c>inspect</c> shows what a user checks first: the tables, indexes, row counts, sizes and settings.</summary>
public sealed class InspectTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Lists_tables_with_row_counts_indexes_with_columns_and_the_settings()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 1500);

        CliResult result = Cli.Run("inspect", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Matches(@"journal mode\s+wal", result.Out);
        Assert.Matches(@"user_version\s+7", result.Out);
        Assert.Matches(@"page size\s+4,096 bytes", result.Out);
        Assert.Matches(@"tables \(2\)", result.Out);
        Assert.Matches(@"\n\s+notes\s+1,500\s+[\d,]+\n", result.Out);
        Assert.Matches(@"\n\s+tags\s+750\s+[\d,]+\n", result.Out);
        Assert.Matches(@"indexes \(2\)", result.Out);
        Assert.Matches(@"\n\s+ix_tags_tag\s+tags\s+tag\s+no\s+[\d,]+\n", result.Out);
        Assert.Matches(@"\n\s+ux_notes_slug\s+notes\s+slug\s+yes\s+[\d,]+\n", result.Out);
    }

    [Fact]
    public void Sizes_of_the_tables_indexes_and_schema_add_up_to_the_file()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 1500);

        CliResult result = Cli.Run("inspect", path);

        long total = 4096; // page 1 (sqlite_schema) is not listed
        foreach (string name in new[] { "notes", "tags", "ux_notes_slug", "ix_tags_tag" })
        {
            Match row = Regex.Match(result.Out, @"\n\s+" + name + @"\s.*?([\d,]+)\n");
            Assert.True(row.Success, name + " is listed with a size");
            total += long.Parse(row.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal(new FileInfo(path).Length, total);
    }

    [Fact]
    public void With_json_the_same_figures_come_as_one_object()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 1500);

        CliResult result = Cli.Run("inspect", path, "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.Equal("wal", root.GetProperty("journal_mode").GetString());
        Assert.Equal(7, root.GetProperty("user_version").GetInt64());
        JsonElement notes = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "notes");
        Assert.Equal(1500, notes.GetProperty("rows").GetInt64());
        JsonElement slug = root.GetProperty("indexes").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "ux_notes_slug");
        Assert.Equal("notes", slug.GetProperty("table").GetString());
        Assert.Equal("slug", Assert.Single(slug.GetProperty("columns").EnumerateArray()).GetString());
        Assert.True(slug.GetProperty("unique").GetBoolean());
        long bytes = root.GetProperty("page_size").GetInt64() // page 1, the schema
            + root.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("bytes").GetInt64())
            + root.GetProperty("indexes").EnumerateArray().Sum(i => i.GetProperty("bytes").GetInt64());
        Assert.Equal(root.GetProperty("file_bytes").GetInt64(), bytes);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sizes_not_measured").ValueKind);
    }

    [Fact]
    public void Sizes_are_not_guessed_while_another_connection_has_pages_in_the_WAL()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 200);
        using var writer = Db.Open(path);
        Db.Execute(writer, "PRAGMA wal_autocheckpoint = 0");
        Db.InsertNotes(writer, 1000, 50);

        CliResult result = Cli.Run("inspect", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\n\s+notes\s+250\s+-\n", result.Out); // the row count includes the WAL's rows
        Assert.Contains("(sizes not measured: the WAL holds pages not yet copied into the file; run a TRUNCATE checkpoint first)", result.Out, StringComparison.Ordinal);
    }
}

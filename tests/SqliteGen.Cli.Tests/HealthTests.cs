using System;
using System.IO;
using System.Text.Json;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary><c>health</c> gives the right verdict on good, damaged, bloated and fragmented files.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_good_file_is_ok_with_its_figures()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 500);

        CliResult result = Cli.Run("health", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Matches(@"^verdict\s+ok\n", result.Out);
        Assert.Matches(@"check\s+quick_check: ok", result.Out);
        Assert.Matches(@"journal mode\s+wal", result.Out);
        Assert.Matches(@"user_version\s+7", result.Out);
        Assert.Matches(@"free pages\s+0 \(0%", result.Out);
        Assert.Matches(@"fragmentation\s+[\d.]+% of leaf pages out of order", result.Out);
        Assert.DoesNotContain("problem", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void With_json_the_report_is_one_object_with_the_same_figures_and_exit_code()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 8000);
        using (var connection = Db.Open(path))
            Db.Execute(connection, "DELETE FROM notes WHERE id >= 1000");

        CliResult result = Cli.Run("health", path, "--json", "--full");

        Assert.Equal(ExitCodes.HealthWarning, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement report = json.RootElement;
        Assert.Equal(path, report.GetProperty("file").GetString());
        Assert.Equal("warning", report.GetProperty("verdict").GetString());
        Assert.Equal("integrity_check", report.GetProperty("check").GetString());
        Assert.Equal(0, report.GetProperty("problems").GetArrayLength());
        Assert.Contains("free pages", report.GetProperty("findings")[0].GetString()!, StringComparison.Ordinal);
        Assert.Equal(Db.Long(path, "PRAGMA page_count"), report.GetProperty("pages").GetInt64());
        Assert.Equal(Db.Long(path, "PRAGMA freelist_count"), report.GetProperty("free_pages").GetInt64());
        Assert.Equal(7, report.GetProperty("user_version").GetInt64());
        Assert.Equal(new FileInfo(path).Length, report.GetProperty("file_bytes").GetInt64());
        Assert.InRange(report.GetProperty("fragmentation").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("fragmentation_not_measured").ValueKind);
    }

    [Theory]
    [InlineData("--full", "integrity_check")]
    [InlineData(null, "quick_check")]
    public void A_copy_with_zeroed_cells_is_corrupt_and_the_problems_name_the_page(string? flag, string check)
    {
        string good = _folder.File("notes.db");
        Db.CreateNotes(good, rows: 500, wal: false);
        string damaged = Damage(good, offsetInPage: 100, bytes: new byte[2000]); // page 6's cells, zeroed

        CliResult result = flag is null ? Cli.Run("health", damaged) : Cli.Run("health", damaged, flag);

        Assert.Equal(ExitCodes.HealthCorrupt, result.ExitCode);
        Assert.Matches(@"^verdict\s+corrupt\n", result.Out);
        Assert.Matches(check + @": \d+ problem\(s\)", result.Out);
        Assert.Matches(@"\n  problem\s+Tree \d+ page 6 cell \d+: ", result.Out);
        Assert.Matches(@"fragmentation\s+not measured: the integrity check found damage", result.Out);
        Assert.Equal(ExitCodes.Ok, Cli.Run("health", good).ExitCode); // the original is untouched
    }

    [Fact]
    public void A_copy_with_a_broken_page_header_is_corrupt()
    {
        string good = _folder.File("notes.db");
        Db.CreateNotes(good, rows: 500, wal: false);
        string damaged = Damage(good, offsetInPage: 0, bytes: [0x0D, 0xFF, 0xFF, 0xFF, 0xFF]); // a leaf claiming 65,535 cells

        CliResult result = Cli.Run("health", damaged);

        Assert.Equal(ExitCodes.HealthCorrupt, result.ExitCode);
        Assert.Matches(@"^verdict\s+corrupt\n", result.Out);
        Assert.Matches(@"\n  problem\s+", result.Out);
    }

    /// <summary>A copy of <paramref name="path"/> with <paramref name="bytes"/> written into page 6 (a page of the notes table).</summary>
    private string Damage(string path, int offsetInPage, byte[] bytes)
    {
        string damaged = _folder.File("damaged.db");
        File.Copy(path, damaged);
        using FileStream file = File.OpenWrite(damaged);
        file.Position = 4096L * 5 + offsetInPage;
        file.Write(bytes);
        return damaged;
    }

    [Fact]
    public void Deleting_most_rows_warns_about_free_pages_and_a_vacuum_clears_it()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 8000);
        using (var connection = Db.Open(path))
            Db.Execute(connection, "DELETE FROM notes WHERE id >= 1000");

        CliResult bloated = Cli.Run("health", path);
        Assert.Equal(ExitCodes.HealthWarning, bloated.ExitCode);
        Assert.Matches(@"^verdict\s+warning\n", bloated.Out);
        Assert.Matches(@"finding\s+\d+% of the file is free pages \([\d,]+ bytes\): a vacuum would give them back", bloated.Out);

        Assert.Equal(ExitCodes.Ok, Cli.Run("vacuum", path).ExitCode);
        Assert.Equal(ExitCodes.Ok, Cli.Run("health", path).ExitCode);
    }

    [Fact]
    public void Tables_written_in_turns_are_fragmented_until_a_full_vacuum()
    {
        string path = _folder.File("interleaved.db");
        using (var connection = Db.Open(path))
        {
            Db.Execute(connection, "CREATE TABLE a (id INTEGER PRIMARY KEY, body TEXT)");
            Db.Execute(connection, "CREATE TABLE b (id INTEGER PRIMARY KEY, body TEXT)");
            Db.Execute(connection, "BEGIN");
            for (int i = 0; i < 3000; i++) // each row fills most of a page: the two tables' leaves alternate on disk
            {
                Db.Execute(connection, $"INSERT INTO a (body) VALUES (printf('%.1500c', 'a'))");
                Db.Execute(connection, $"INSERT INTO b (body) VALUES (printf('%.1500c', 'b'))");
            }
            Db.Execute(connection, "COMMIT");
        }

        CliResult before = Cli.Run("health", path);
        Assert.Equal(ExitCodes.HealthWarning, before.ExitCode);
        Assert.Matches(@"finding\s+\d+% of the leaf pages are out of order: a full vacuum would defragment the file", before.Out);

        Assert.Equal(ExitCodes.Ok, Cli.Run("vacuum", path).ExitCode);
        CliResult after = Cli.Run("health", path);
        Assert.Equal(ExitCodes.Ok, after.ExitCode);
        Assert.Matches(@"fragmentation\s+[0-9](\.\d)?% of leaf pages", after.Out); // under 10%
    }
}

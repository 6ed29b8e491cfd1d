using System;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary><c>vacuum</c> gives space back and says how much; <c>checkpoint</c> empties the WAL.</summary>
public sealed class VacuumCheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static long Figure(string output, string pattern) =>
        long.Parse(Regex.Match(output, pattern).Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_full_vacuum_after_deleting_rows_shrinks_the_file_by_the_reported_bytes()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 6000);
        using (var connection = Db.Open(path))
            Db.Execute(connection, "DELETE FROM notes WHERE id % 4 <> 0");
        long before = new FileInfo(path).Length;

        CliResult result = Cli.Run("vacuum", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        long after = new FileInfo(path).Length;
        long reclaimed = Figure(result.Out, @"reclaimed\s+([\d,]+) bytes");
        Assert.True(after < before / 2, $"the file went from {before} to {after} bytes");
        Assert.Equal(before - after, reclaimed);
        Assert.Matches(@$"file size\s+{before:N0} bytes.* -> {after:N0} bytes", result.Out);
        Assert.Equal(1500, Db.Long(path, "SELECT count(*) FROM notes"));
        Assert.Equal("ok", Db.Text(path, "PRAGMA integrity_check"));
    }

    [Fact]
    public void An_incremental_vacuum_frees_pages_of_an_auto_vacuum_incremental_file()
    {
        string path = _folder.File("incremental.db");
        using (var connection = Db.Open(path))
        {
            Db.Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL");
            Db.Execute(connection, "CREATE TABLE notes (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, body TEXT NOT NULL)");
            Db.InsertNotes(connection, 0, 4000);
            Db.Execute(connection, "DELETE FROM notes WHERE id >= 1000");
            Assert.True(Db.Long(connection, "PRAGMA freelist_count") > 100);
        }
        long before = new FileInfo(path).Length;

        CliResult result = Cli.Run("vacuum", path, "--incremental");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("vacuum (incremental)", result.Out, StringComparison.Ordinal);
        Assert.Equal(before - new FileInfo(path).Length, Figure(result.Out, @"reclaimed\s+([\d,]+) bytes"));
        Assert.Equal(0, Db.Long(path, "PRAGMA freelist_count"));
        Assert.Equal(1000, Db.Long(path, "SELECT count(*) FROM notes"));
    }

    [Fact]
    public void An_incremental_vacuum_on_a_file_without_it_fails_with_what_to_do_and_changes_nothing()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 100);
        byte[] before = File.ReadAllBytes(path);

        CliResult result = Cli.Run("vacuum", path, "--incremental");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("its auto_vacuum is 'none', not 'incremental'", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_truncate_checkpoint_copies_every_frame_and_empties_the_WAL_while_a_writer_stays_open()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 10);
        using var writer = Db.Open(path);
        Db.Execute(writer, "PRAGMA wal_autocheckpoint = 0");
        Db.InsertNotes(writer, 100, 500);
        long wal = new FileInfo(path + "-wal").Length;
        Assert.True(wal > 100_000);

        CliResult result = Cli.Run("checkpoint", path, "--mode", "truncate");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Match frames = Regex.Match(result.Out, @"frames\s+([\d,]+) of ([\d,]+) copied");
        Assert.True(frames.Success);
        Assert.Equal(frames.Groups[2].Value, frames.Groups[1].Value);
        Assert.Equal((wal - 32) / (4096 + 24), Figure(result.Out, @"of ([\d,]+) copied")); // WAL header, then frames of header + page
        Assert.Matches(@$"wal size\s+{wal:N0} bytes.* -> 0 bytes", result.Out);
        Assert.Equal(0, new FileInfo(path + "-wal").Length);
        Assert.Equal(510, Db.Long(writer, "SELECT count(*) FROM notes"));
    }

    [Fact]
    public void A_checkpoint_of_a_rollback_journal_file_says_there_is_nothing_to_do()
    {
        string path = _folder.File("notes.db");
        Db.CreateNotes(path, rows: 10, wal: false);

        CliResult result = Cli.Run("checkpoint", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal($"{path} is not in WAL mode: nothing to checkpoint\n", result.Out);
    }
}

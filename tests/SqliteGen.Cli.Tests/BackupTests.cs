using System;
using System.IO;
using System.Threading;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary><c>backup</c> takes a consistent copy of a live database, and never leaves a partial file.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_backup_taken_while_a_writer_keeps_inserting_is_consistent_and_between_the_before_and_after_counts()
    {
        string source = _folder.File("live.db");
        Db.CreateNotes(source, rows: 2000);
        using var stop = new CancellationTokenSource();
        long committed = 0;
        var writer = new Thread(() =>
        {
            using var connection = Db.Open(source);
            for (int batch = 0; !stop.IsCancellationRequested; batch++)
            {
                Db.InsertNotes(connection, 10_000 + batch * 50, 50);
                Interlocked.Add(ref committed, 50);
            }
        });
        writer.Start();
        SpinWait.SpinUntil(() => Interlocked.Read(ref committed) >= 500, TimeSpan.FromSeconds(10));
        long before = 2000 + Interlocked.Read(ref committed);

        string copy = _folder.File("copy.db");
        CliResult result = Cli.Run("backup", source, copy);
        long after = 2000 + Interlocked.Read(ref committed) + 50; // a batch may have been committing when we read the counter
        stop.Cancel();
        writer.Join();

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"to        {copy}", result.Out, StringComparison.Ordinal);
        Assert.Equal("ok", Db.Text(copy, "PRAGMA integrity_check"));
        long rows = Db.Long(copy, "SELECT count(*) FROM notes");
        Assert.InRange(rows, before, after);
        Assert.Equal(0, rows % 50); // whole batches only: the copy is one commit's state
        Assert.Equal(rows, Db.Long(copy, "SELECT count(*) FROM notes INDEXED BY ux_notes_slug WHERE slug > ''"));
        Assert.Equal(7, Db.Long(copy, "PRAGMA user_version"));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp*"));
    }

    [Fact]
    public void A_backup_includes_rows_still_in_the_WAL()
    {
        string source = _folder.File("live.db");
        Db.CreateNotes(source, rows: 100);
        using var writer = Db.Open(source);
        Db.Execute(writer, "PRAGMA wal_autocheckpoint = 0");
        Db.InsertNotes(writer, 1000, 300);
        Assert.True(new FileInfo(source + "-wal").Length > 0);

        string copy = _folder.File("copy.db");
        Assert.Equal(ExitCodes.Ok, Cli.Run("backup", source, copy).ExitCode);

        Assert.Equal(400, Db.Long(copy, "SELECT count(*) FROM notes"));
    }

    [Fact]
    public void An_existing_destination_is_refused_unless_overwrite_is_given()
    {
        string source = _folder.File("live.db");
        Db.CreateNotes(source, rows: 100);
        string copy = _folder.Write("copy.db", "keep me");

        CliResult refused = Cli.Run("backup", source, copy);
        Assert.Equal(ExitCodes.FileProblem, refused.ExitCode);
        Assert.Contains("already exists (use --overwrite to replace it)", refused.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(copy));

        Assert.Equal(ExitCodes.Ok, Cli.Run("backup", source, copy, "--overwrite").ExitCode);
        Assert.Equal(100, Db.Long(copy, "SELECT count(*) FROM notes"));
    }

    [Fact]
    public void A_missing_source_or_destination_folder_exits_3_and_writes_nothing()
    {
        string source = _folder.File("live.db");
        Db.CreateNotes(source, rows: 10);

        CliResult noSource = Cli.Run("backup", _folder.File("nope.db"), _folder.File("copy.db"));
        Assert.Equal(ExitCodes.FileProblem, noSource.ExitCode);
        Assert.Contains("nope.db' does not exist", noSource.Error, StringComparison.Ordinal);

        CliResult noFolder = Cli.Run("backup", source, Path.Combine(_folder.Path, "no-such-folder", "copy.db"));
        Assert.Equal(ExitCodes.FileProblem, noFolder.ExitCode);
        Assert.Contains("no-such-folder' does not exist", noFolder.Error, StringComparison.Ordinal);

        Assert.Equal(new[] { source }, Directory.GetFiles(_folder.Path));
    }
}

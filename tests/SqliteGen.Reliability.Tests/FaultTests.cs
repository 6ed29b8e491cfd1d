using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqliteGen.CrashWorker;
using SqliteGen.Runtime;
using SqliteGen.Tests;
using Xunit;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Faults a user meets: a full disk, read-only files and folders, files that are not databases, a file from a
/// newer version of the application. Each must be a SqliteGen exception that names the file, must leave the
/// file as it was, and the database must work again once the cause is gone.
/// The permission cases need Unix file modes.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FaultTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        // A read-only folder made by a test would stop the clean-up.
        foreach (string folder in Directory.EnumerateDirectories(_folder.Path, "*", SearchOption.AllDirectories).Prepend(_folder.Path))
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        _folder.Dispose();
    }

    private static Note NoteOf(int i) => new($"note-{i}", $"title {i}", new string('b', 1500), new byte[] { (byte)i, 1, 2, 3 });

    /// <summary>
    /// The generated tables over a pool whose writer has a small <c>PRAGMA max_page_count</c>: the database
    /// is "full" after a few pages. (max_page_count is a per-connection setting, so it has to be set on the
    /// pool's own writer; the tables are the generated ones.)
    /// </summary>
    private static (SqliteConnectionPool Pool, ProbeDb.NotesTable Notes) OpenWithPageLimit(string path, int extraPages, SynchronousMode synchronous = SynchronousMode.Normal)
    {
        using (ProbeDb.Open(path)) { } // creates the schema the way an application does
        SqliteConnectionPool pool = SqliteConnectionPool.Open(path, SqliteGenOptions.Default with { Synchronous = synchronous });
        using (ConnectionLease writer = pool.RentWriter())
        {
            long pages = (long)writer.Connection.ExecuteScalar("PRAGMA page_count")!;
            writer.Connection.ExecuteNonQuery($"PRAGMA max_page_count = {pages + extraPages}");
        }
        return (pool, new ProbeDb.NotesTable(pool));
    }

    private static void ReturnSpace(SqliteConnectionPool pool)
    {
        using ConnectionLease writer = pool.RentWriter();
        writer.Connection.ExecuteNonQuery("PRAGMA max_page_count = 1073741823");
    }

    [Fact]
    public void Disk_full_is_an_error_naming_the_file_and_after_space_returns_the_database_works()
    {
        string path = _folder.File();
        (SqliteConnectionPool pool, ProbeDb.NotesTable notes) = OpenWithPageLimit(path, extraPages: 12);
        int written = 0;
        SqliteGenException? full = null;
        using (pool)
        {
            for (; written < 1000 && full is null; written++)
            {
                try
                {
                    notes.Insert(NoteOf(written));
                }
                catch (SqliteGenException error)
                {
                    full = error;
                    written--;
                }
            }
            Assert.NotNull(full);
            Assert.IsNotType<ConstraintViolationException>(full);
            Assert.Contains(pool.FilePath, full!.Message);
            Assert.Contains("full", full.Message);
            Assert.Null(notes.Find(NoteOf(written).Key));

            // A batch that does not fit: none of it is written.
            var batch = Enumerable.Range(10_000, 50).Select(NoteOf).ToList();
            SqliteGenException batchError = Assert.ThrowsAny<SqliteGenException>(() => notes.InsertMany(batch));
            Assert.Contains(pool.FilePath, batchError.Message);
            Assert.Equal(written, notes.Count());

            ReturnSpace(pool);
            notes.Insert(NoteOf(written));
            Assert.Equal(50, notes.InsertMany(batch));
        }

        using ProbeDb db = ProbeDb.Open(path);
        Assert.Equal("ok", Ledger.Query(path, "PRAGMA integrity_check")[0][0]);
        Assert.Equal(written + 1 + 50, db.Notes.Count());
        for (int i = 0; i <= written; i++)
            NoteAssert.Same(NoteOf(i), db.Notes.Find(NoteOf(i).Key));
    }

    /// <summary>
    /// Writers racing into a full database through group commit: every write that returned is there, every
    /// write that threw is not, and the database takes them all once space returns. Under FULL the batches take the
    /// other path (commit at NORMAL, acknowledged after the WAL flush: WalFileSync), with the same outcome.
    /// </summary>
    [Theory]
    [InlineData(SynchronousMode.Normal)]
    [InlineData(SynchronousMode.Full)]
    public async Task Disk_full_under_concurrent_writes_keeps_exactly_the_writes_that_returned(SynchronousMode synchronous)
    {
        string path = _folder.File();
        (SqliteConnectionPool pool, ProbeDb.NotesTable notes) = OpenWithPageLimit(path, extraPages: 40, synchronous);
        var succeeded = new System.Collections.Concurrent.ConcurrentBag<int>();
        var failed = new System.Collections.Concurrent.ConcurrentBag<int>();
        using (pool)
        {
            using var start = new Barrier(6);
            Task[] writers = Enumerable.Range(0, 6).Select(w => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (int i = w * 100_000; i < w * 100_000 + 2000; i++)
                {
                    try
                    {
                        notes.Insert(NoteOf(i));
                        succeeded.Add(i);
                    }
                    catch (SqliteGenException error) when (error is not ConstraintViolationException)
                    {
                        Assert.Contains(pool.FilePath, error.Message);
                        failed.Add(i);
                        if (failed.Count > 200)
                            return;
                    }
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(writers);

            Assert.NotEmpty(failed);
            Assert.NotEmpty(succeeded);
            Assert.Equal(succeeded.Count, notes.Count());
            Assert.All(succeeded, i => Assert.NotNull(notes.Find(NoteOf(i).Key)));
            Assert.All(failed, i => Assert.Null(notes.Find(NoteOf(i).Key)));

            ReturnSpace(pool);
            Assert.Equal(failed.Count, notes.InsertMany(failed.Select(NoteOf)));
        }
        Assert.Equal("ok", Ledger.Query(path, "PRAGMA integrity_check")[0][0]);
        using ProbeDb db = ProbeDb.Open(path);
        Assert.Equal(succeeded.Count + failed.Count, db.Notes.Count());
    }

    /// <summary>
    /// A real I/O error in the middle of writing (the worker may not grow any file past 1 MiB, so a WAL append
    /// or a checkpoint fails with EFBIG, as on a full disk): every failed write is a SqliteGenException naming
    /// the file, every acknowledged write is there afterwards, no batch is partly there, and the next Open
    /// without the limit works and takes writes.
    /// </summary>
    [Theory]
    [InlineData("single")]
    [InlineData("batch")]
    [InlineData("concurrent")]
    public void An_IO_error_mid_write_names_the_file_and_loses_nothing_acknowledged(string mode)
    {
        string path = _folder.File();
        var ledger = new Ledger();
        var errors = new List<string>();
        using (WorkerProcess worker = WorkerProcess.StartWithFileSizeLimit(1024, mode, path, "normal", "0", "7"))
        {
            while (worker.ReadLine() is string line)
            {
                if (line.StartsWith("error ", StringComparison.Ordinal))
                    errors.Add(line);
                else
                    ledger.Record(line);
            }
            Assert.True(worker.WaitForExit() == 3, "The worker did not stop on its write error: " + worker.Stderr);
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.StartsWith("error SqliteGenException||", error));
        Assert.All(errors, error => Assert.Contains(path, error));
        Assert.True(ledger.Acknowledged > 0);
        Assert.Empty(ledger.Check(path));
        using CrashDb db = CrashDb.Open(path);
        const long After = 9_000_000_000_000;
        db.Items.Insert(new Item(After, 0, Payloads.For(After, 0)));
        Assert.Equal(Payloads.For(After, 0), db.Items.Get(After).Payload);
    }

    public static TheoryData<string, byte[]> NotDatabases() => new()
    {
        { "random-4096.bin", RandomBytes(4096, seed: 1) },
        { "random-100.bin", RandomBytes(100, seed: 2) },
        { "random-70000.bin", RandomBytes(70_000, seed: 3) },
        { "notes.txt", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Dear diary, nothing to see here.\n", 200))) },
        { "header-only.db", System.Text.Encoding.ASCII.GetBytes("SQLite format 3\0").Concat(RandomBytes(1000, seed: 4)).ToArray() },
    };

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(NotDatabases))]
    public void A_file_that_is_not_a_database_is_refused_naming_it_and_left_byte_for_byte(string name, byte[] content)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<DatabaseOpenException>(() => ProbeDb.Open(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("not a SQLite database", error.Message);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(new[] { name }, Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_from_a_newer_schema_version_is_refused_and_left_byte_for_byte()
    {
        string path = _folder.File();
        using (CrashDb db = CrashDb.Open(path))
            db.Items.Insert(new Item(7, 0, Payloads.For(7, 0)));
        Ledger.Query(path, $"PRAGMA user_version = {CrashDb.SchemaVersion + 1}");
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<MigrationException>(() => CrashDb.Open(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(CrashDb.SchemaVersion + 1, error.CurrentVersion);
        Assert.Contains($"schema version {CrashDb.SchemaVersion + 1}, newer than CrashDb's latest version {CrashDb.SchemaVersion}", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_read_only_file_is_refused_at_open_naming_it_and_left_byte_for_byte()
    {
        string path = _folder.File();
        using (CrashDb db = CrashDb.Open(path))
            db.Items.Insert(new Item(7, 0, Payloads.For(7, 0)));
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)0b111_111_111); // the folder is writable: only the file is not
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        byte[] before = File.ReadAllBytes(path);

        string result = OpenAsAnotherUser(path);
        Assert.StartsWith($"error DatabaseOpenException|{path}|", result);
        Assert.Contains("read-only", result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "test.db" }, Directory.GetFiles(_folder.Path).Select(Path.GetFileName)); // no -wal or -shm left beside it
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_read_only_folder_is_refused_at_open_naming_the_file_and_nothing_is_written(bool fileExists)
    {
        string folder = Path.Combine(_folder.Path, "locked");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "app.db");
        if (fileExists)
        {
            using (CrashDb db = CrashDb.Open(path))
                db.Items.Insert(new Item(7, 0, Payloads.For(7, 0)));
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110); // the file itself is writable
        }
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        byte[]? before = fileExists ? File.ReadAllBytes(path) : null;

        string result = OpenAsAnotherUser(path);
        Assert.StartsWith($"error DatabaseOpenException|{path}|", result);
        Assert.Contains("read-only", result);
        Assert.Contains(folder, result);
        if (fileExists)
            Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(fileExists ? new[] { "app.db" } : Array.Empty<string>(), Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    /// <summary>
    /// Opens the file in the worker (mode <c>open</c>: open, insert one item) and returns its one result line.
    /// Root ignores file modes, so as root the worker runs as 'nobody'.
    /// </summary>
    private static string OpenAsAnotherUser(string path)
    {
        using WorkerProcess worker = Environment.UserName == "root"
            ? WorkerProcess.StartAs(Nobody, "open", path)
            : WorkerProcess.Start("open", path);
        string? line = worker.ReadLine();
        Assert.True(line is not null, "The worker printed nothing: " + worker.Stderr);
        return line!;
    }
}

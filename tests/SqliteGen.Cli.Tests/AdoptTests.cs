using System;
using System.Diagnostics;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <c>sqlitegen migrate adopt</c> on files written by Python's sqlite3, against the quick start's snapshot of
/// version 1 and a version 2 that adds <c>users.bio</c> (as in <see cref="MigrateTests"/>).
/// </summary>
public sealed class AdoptTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _snapshots;

    public AdoptTests() => _snapshots = QuickStartSnapshots.WriteTo(_folder.Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private CliResult Migrate(params string[] args) => Cli.Run(["migrate", .. args, "--snapshots", _snapshots]);

    /// <summary>
    /// Version 1's DDL as the tool creates it (read back from sqlite_schema by Python), edited by
    /// <paramref name="edit"/> (Python <c>str.replace</c> pairs), written into a new file by Python with two rows.
    /// </summary>
    private string PythonFile(params (string Old, string New)[] edit)
    {
        string reference = _folder.File(Guid.NewGuid().ToString("N") + ".db");
        File.WriteAllBytes(reference, []);
        Assert.Equal(0, Migrate("up", reference, "--to", "1").ExitCode);
        string path = _folder.File(Guid.NewGuid().ToString("N") + ".db");
        string edits = string.Join(", ", Array.ConvertAll(edit, e => $"({Py(e.Old)}, {Py(e.New)})"));
        string script = $$"""
            import sqlite3, sys
            ddl = [sql for (sql,) in sqlite3.connect(sys.argv[1]).execute(
                "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite%' ORDER BY rowid")]
            ddl = ";\n".join(ddl) + ";"
            for old, new in [{{edits}}]:
                if old not in ddl: sys.exit("not in the DDL: " + old)
                ddl = ddl.replace(old, new)
            db = sqlite3.connect(sys.argv[2])
            db.executescript(ddl)
            db.execute("INSERT INTO users (user_id, email, name, joined_at) VALUES ('u1', 'ada@example.com', 'Ada', '2024-05-01')")
            db.execute("INSERT INTO notes (user_id, title, body, pinned, meta) VALUES ('u1', 'hello', 'first note', 0, '{}')")
            db.commit()
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true };
        foreach (string arg in new[] { "-c", script, reference, path })
            start.ArgumentList.Add(arg);
        using Process python = Process.Start(start)!;
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, error);
        return path;
    }

    private static string Py(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n") + "'";

    [Fact]
    public void A_matching_file_is_adopted_then_migrated_up_with_its_rows()
    {
        string db = PythonFile();

        CliResult check = Migrate("adopt", db, "--version", "1", "--check");
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("against NotesDb version 1: the schema matches.", check.Out);
        Assert.Equal(0, Db.Long(db, "PRAGMA user_version"));

        CliResult adopt = Migrate("adopt", db, "--version", "1");
        Assert.Equal(0, adopt.ExitCode);
        Assert.Contains("adopted as NotesDb version 1", adopt.Out);
        Assert.Equal(1, Db.Long(db, "PRAGMA user_version"));

        CliResult up = Migrate("up", db);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("NotesDb version 1 -> 2", up.Out);
        Assert.Equal(1, Db.Long(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'"));
        Assert.Equal(2, Db.Long(db, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM notes)"));
        Assert.Equal("1 adopted,2 up", Db.Text(db, "SELECT group_concat(version || ' ' || how, ',') FROM sqlitegen_migrations"));
        Assert.Equal(0, Migrate("status", db).ExitCode);
    }

    [Fact]
    public void Near_misses_are_printed_by_table_and_column_and_nothing_is_written()
    {
        string db = PythonFile(
            ("title TEXT NOT NULL", "title ANY NOT NULL"),                // a column of another type
            ("CREATE INDEX ix_notes_pinned_title ON notes (pinned, title);", ""), // a missing index
            ("email TEXT NOT NULL", "email TEXT"));                        // a missing NOT NULL
        byte[] before = File.ReadAllBytes(db);

        CliResult adopt = Migrate("adopt", db, "--version", "1");

        Assert.Equal(1, adopt.ExitCode);
        Assert.Contains("3 differences", adopt.Out);
        Assert.Contains("column notes.title: type ANY in the file, TEXT in version 1 [column-type, refuses adoption]", adopt.Out);
        Assert.Contains("index ix_notes_pinned_title on notes: missing (version 1 has it on (pinned, title)) [missing-index, refuses adoption]", adopt.Out);
        Assert.Contains("column users.email: NULL allowed in the file, NOT NULL in version 1 [column-not-null, refuses adoption]", adopt.Out);
        Assert.Contains("was not adopted: 3 of its differences from NotesDb version 1 refuse adoption", adopt.Error);
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void An_extra_index_needs_accept_and_a_bad_accept_or_version_is_a_usage_error()
    {
        string db = PythonFile(("CREATE UNIQUE INDEX ux_users_email ON users (email);", "CREATE UNIQUE INDEX ux_users_email ON users (email);\nCREATE INDEX idx_users_name ON users (name);"));

        CliResult refused = Migrate("adopt", db, "--version", "1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("index idx_users_name on users: on (name), not in version 1", refused.Out);
        Assert.Contains("[extra-index, can be accepted]", refused.Out);
        Assert.Contains("need --accept", refused.Error);

        Assert.Equal(2, Migrate("adopt", db, "--version", "1", "--accept", "column-type").ExitCode);
        Assert.Equal(2, Migrate("adopt", db).ExitCode);
        Assert.Equal(2, Migrate("adopt", db, "--version", "7").ExitCode);

        CliResult adopted = Migrate("adopt", db, "--version", "1", "--accept", "extra-index");
        Assert.Equal(0, adopted.ExitCode);
        Assert.Contains("[extra-index, accepted]", adopted.Out);
        Assert.Equal(1, Db.Long(db, "PRAGMA user_version"));
    }

    [Fact]
    public void A_foreign_file_with_a_high_user_version_is_not_called_newer()
    {
        string db = _folder.File("foreign.db");
        using (SqliteConnection connection = Db.Open(db))
            Db.Execute(connection, "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 57;");
        CliResult status = Migrate("status", db);
        Assert.Contains("the file is not a NotesDb file: user_version 57", status.Out);
        Assert.DoesNotContain("newer", status.Out);
    }
}

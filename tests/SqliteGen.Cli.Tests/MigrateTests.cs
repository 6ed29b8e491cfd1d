using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <c>sqlitegen migrate</c> on real files, from the quick start's committed snapshot of version 1 and a
/// version 2 that adds <c>users.bio</c> (what the quick start's records say).
/// </summary>
public sealed class MigrateTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _snapshots;

    public MigrateTests() => _snapshots = QuickStartSnapshots.WriteTo(_folder.Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private CliResult Migrate(params string[] args) => Cli.Run(["migrate", .. args, "--snapshots", _snapshots]);

    [Fact]
    public void Up_then_status_then_down_with_the_data_loss_opt_in()
    {
        string db = _folder.File("notes.db");
        File.WriteAllBytes(db, []); // an empty file: version 0

        CliResult up = Migrate("up", db);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("NotesDb version 0 -> 2", up.Out);
        Assert.Equal(2, Db.Long(db, "PRAGMA user_version"));
        Assert.Equal(1, Db.Long(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'"));

        CliResult status = Migrate("status", db);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("file at version 2; snapshots up to version 2", status.Out);
        Assert.DoesNotContain("DRIFT", status.Out);
        Assert.Contains("column users.bio", status.Out); // what version 2's down drops

        CliResult refused = Migrate("down", db, "--to", "1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("drops data (column users.bio)", refused.Error);
        Assert.Contains("run it again with --allow-data-loss", refused.Error); // the tool's own flag, not the API's
        Assert.DoesNotContain("MigrationOptions", refused.Error);
        Assert.Equal(2, Db.Long(db, "PRAGMA user_version"));

        CliResult down = Migrate("down", db, "--to", "1", "--allow-data-loss");
        Assert.Equal(0, down.ExitCode);
        Assert.Equal(1, Db.Long(db, "PRAGMA user_version"));
        Assert.Equal(0, Db.Long(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'"));
    }

    [Fact]
    public void Script_prints_the_plan_without_touching_the_file_and_running_it_gives_the_same_schema()
    {
        string db = _folder.File("plan.db");
        File.WriteAllBytes(db, []);
        CliResult script = Migrate("script", db);
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("from version 0 to 2", script.Out);
        Assert.Contains("ALTER TABLE users ADD COLUMN bio TEXT;", script.Out);
        Assert.Equal(0, new FileInfo(db).Length);

        string byHand = _folder.File("by-hand.db");
        using (SqliteConnection connection = Db.Open(byHand))
            Db.Execute(connection, script.Out);
        string migrated = _folder.File("migrated.db");
        File.WriteAllBytes(migrated, []);
        Assert.Equal(0, Migrate("up", migrated).ExitCode);
        Assert.Equal(Db.Text(migrated, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite%' ORDER BY name)"),
            Db.Text(byHand, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite%' ORDER BY name)"));
    }

    [Fact]
    public void A_changed_checksum_in_the_file_is_reported_as_drift()
    {
        string db = _folder.File("drift.db");
        File.WriteAllBytes(db, []);
        Assert.Equal(0, Migrate("up", db).ExitCode);
        using (SqliteConnection connection = Db.Open(db))
            Db.Execute(connection, "UPDATE sqlitegen_migrations SET checksum = 'deadbeefdeadbeef' WHERE version = 1");

        CliResult status = Migrate("status", db);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("DRIFT: recorded deadbeefdead", status.Out);
        Assert.Contains("(drift)", status.Error);
        Assert.Equal(1, Migrate("up", db).ExitCode); // and nothing is applied on top of it
    }

    [Fact]
    public void Missing_snapshots_and_bad_arguments_get_one_clear_line()
    {
        string db = _folder.File("x.db");
        File.WriteAllBytes(db, []);
        CliResult noFolder = Cli.Run("migrate", "status", db, "--snapshots", _folder.File("nowhere"));
        Assert.Equal(3, noFolder.ExitCode);
        Assert.Contains("the snapshot folder", noFolder.Error);

        CliResult badAction = Migrate("sideways", db);
        Assert.Equal(2, badAction.ExitCode);
        Assert.Contains("unknown action 'sideways'", badAction.Error);

        CliResult downWithoutTarget = Migrate("down", db);
        Assert.Equal(2, downWithoutTarget.ExitCode);
        Assert.Contains("down needs --to", downWithoutTarget.Error);

        CliResult tooFar = Migrate("up", db, "--to", "9");
        Assert.Equal(2, tooFar.ExitCode);
        Assert.Contains("the snapshots go up to version 2", tooFar.Error);

        File.Delete(Path.Combine(_snapshots, "NotesDb.v1.json"));
        CliResult gap = Migrate("status", db);
        Assert.Equal(3, gap.ExitCode);
        Assert.Contains("not version 1: the history has a gap", gap.Error);
    }

    [Fact]
    public void Status_without_database_finds_it_by_the_file_tables_when_the_folder_holds_several()
    {
        // A second database in the same folder, with a table of its own.
        File.WriteAllText(Path.Combine(_snapshots, "AuditDb.v1.json"), """
            {
              "database": "AuditDb",
              "version": 1,
              "tables": [
                {
                  "name": "audit_entries",
                  "columns": [
                    { "name": "entry_id", "type": "INTEGER", "notNull": true, "primaryKey": 1 },
                    { "name": "text", "type": "TEXT", "notNull": true }
                  ]
                }
              ]
            }
            """);
        string notes = _folder.File("notes.db");
        string audit = _folder.File("audit.db");
        File.WriteAllBytes(notes, []);
        File.WriteAllBytes(audit, []);
        Assert.Equal(0, Migrate("up", notes, "--database", "NotesDb").ExitCode);
        Assert.Equal(0, Migrate("up", audit, "--database", "AuditDb").ExitCode);
        Assert.Equal(1, Db.Long(audit, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_entries'"));

        CliResult notesStatus = Migrate("status", notes);
        Assert.Equal(0, notesStatus.ExitCode);
        Assert.Contains("NotesDb, file at version 2", notesStatus.Out);
        CliResult auditStatus = Migrate("status", audit);
        Assert.Equal(0, auditStatus.ExitCode);
        Assert.Contains("AuditDb, file at version 1", auditStatus.Out);

        // An empty file says nothing about which database it is: then --database is asked for, as before.
        string empty = _folder.File("empty.db");
        File.WriteAllBytes(empty, []);
        CliResult unknown = Migrate("up", empty);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("name one with --database", unknown.Error);
    }
}

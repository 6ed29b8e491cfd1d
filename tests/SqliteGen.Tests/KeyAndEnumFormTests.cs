using System;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// The two database-assigned key forms and enums stored by name (docs/type-mapping.md, "Keys" and "Enums"), checked
/// against SQLite's own catalogue and against Python's sqlite3 writing and reading the same file.
/// </summary>
public sealed class KeyAndEnumFormTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _path;
    private readonly MonitorDb _db;

    public KeyAndEnumFormTests()
    {
        _path = _folder.File();
        _db = MonitorDb.Open(_path);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void The_DDL_is_a_plain_rowid_alias_AUTOINCREMENT_only_where_asked_and_a_CHECK_of_the_enum_names()
    {
        string services = (string)Scalar("SELECT sql FROM sqlite_schema WHERE name = 'services'")!;
        string incidents = (string)Scalar("SELECT sql FROM sqlite_schema WHERE name = 'incidents'")!;
        Assert.Contains("id INTEGER NOT NULL PRIMARY KEY,", services);
        Assert.DoesNotContain("AUTOINCREMENT", services);
        Assert.Contains("status TEXT NOT NULL CHECK (status IN ('healthy', 'warning', 'critical', 'needs_review'))", services);
        Assert.Contains("previous_status TEXT CHECK (previous_status IN ('healthy', 'warning', 'critical', 'needs_review'))", services);
        Assert.Contains("id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", incidents);
        Assert.Contains("severity TEXT NOT NULL CHECK (severity IN ('low', 'SEV-1'))", incidents); // [EnumMember(Value)] names a member
    }

    [Fact]
    public void A_generated_rowid_key_may_be_reused_after_the_top_row_is_deleted_and_an_AUTOINCREMENT_one_never_is()
    {
        Service[] services = Enumerable.Range(1, 3).Select(i => _db.Services.Insert(new Service(0, "s" + i, Health.Healthy, null))).ToArray();
        Assert.Equal(new long[] { 1, 2, 3 }, services.Select(s => s.Id));
        Incident[] incidents = Enumerable.Range(1, 3).Select(_ => _db.Incidents.Insert(new Incident(0, 1, Severity.Low))).ToArray();
        Assert.Equal(new long[] { 1, 2, 3 }, incidents.Select(s => s.Id));

        Assert.True(_db.Services.Delete(3));
        Assert.True(_db.Incidents.Delete(3));
        Assert.Equal(3, _db.Services.Insert(new Service(0, "again", Health.Warning, null)).Id); // SQLite's max(rowid) + 1
        Assert.Equal(4, _db.Incidents.Insert(new Incident(0, 1, Severity.High)).Id);           // never handed out twice
        Assert.Equal(4L, Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'incidents'"));
        Assert.Null(Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'services'"));
    }

    [Fact]
    public void Python_writes_a_name_and_CSharp_reads_it_CSharp_writes_and_Python_reads_the_name()
    {
        Service written = _db.Services.Insert(new Service(0, "api", Health.NeedsReview, Health.Critical));
        _db.Incidents.Insert(new Incident(0, written.Id, Severity.High));
        string python = PythonScript.Run("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT status, previous_status FROM services WHERE id = ?", (int(sys.argv[2]),)).fetchone())
            print(db.execute("SELECT severity FROM incidents").fetchone()[0])
            db.execute("INSERT INTO services (name, status) VALUES ('worker', 'warning')")
            try:
                db.execute("INSERT INTO services (name, status) VALUES ('cron', 'Warning')")
                print("accepted")
            except sqlite3.IntegrityError as error:
                print("refused:", error)
            db.commit()
            """, _path, written.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string[] lines = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("('needs_review', 'critical')", lines[0]);
        Assert.Equal("SEV-1", lines[1]);
        Assert.StartsWith("refused: CHECK constraint failed", lines[2]);

        Service fromPython = Assert.Single(_db.ServicesIn(Health.Warning));
        Assert.Equal(new Service(fromPython.Id, "worker", Health.Warning, null), fromPython);
        Assert.Equal(Health.Warning, _db.StatusOf(fromPython.Id));
        Assert.Equal(written, _db.Services.Get(written.Id));
    }

    [Fact]
    public void A_name_the_enum_lacks_is_an_error_naming_table_column_key_and_value()
    {
        Service service = _db.Services.Insert(new Service(0, "api", Health.Healthy, null));
        PythonScript.Run("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("PRAGMA ignore_check_constraints = ON")
            db.execute("UPDATE services SET status = 'degraded'")
            db.commit()
            """, _path);
        var error = Assert.Throws<SqliteGenException>(() => _db.Services.Get(service.Id));
        Assert.Contains("'services.status'", error.Message);
        Assert.Contains($"key '{service.Id}'", error.Message);
        Assert.Contains("'degraded'", error.Message);
        Assert.Contains("healthy, warning, critical, needs_review", error.Message);
        Assert.Throws<SqliteGenException>(() => _db.Services.All().ToList()); // every reader of the row, not only Get
    }

    [Fact]
    public void A_value_the_enum_does_not_declare_is_refused_on_write_and_nothing_is_stored()
    {
        var error = Assert.Throws<SqliteGenException>(() => _db.Services.Insert(new Service(0, "api", (Health)42, null)));
        Assert.Contains("'services.status'", error.Message);
        Assert.Contains("42", error.Message);
        Assert.Equal(0L, _db.Services.Count());
    }

    [Fact]
    public void Import_reads_the_stored_name_a_member_name_or_a_number_and_refuses_an_unknown_name_by_line()
    {
        string json = """
            {"name": "api", "status": "needs_review"}
            {"name": "db", "status": "Critical", "previous_status": 1}
            """;
        ImportSummary summary = _db.Services.ImportJson(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(2, summary.Inserted);
        Assert.Equal(new[] { "1|api|needs_review|", "2|db|critical|warning" },
            PythonScript.Run("""
                import sqlite3, sys
                for row in sqlite3.connect(sys.argv[1]).execute("SELECT id, name, status, previous_status FROM services ORDER BY id"):
                    print("|".join("" if v is None else str(v) for v in row))
                """, _path).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var error = Assert.ThrowsAny<SqliteGenException>(() => _db.Services.ImportJson(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"name\": \"x\", \"status\": \"degraded\"}\n"))));
        Assert.Contains("line 1", error.Message);
        Assert.Contains("degraded", error.Message);
        Assert.Equal(2, _db.Services.Count());
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

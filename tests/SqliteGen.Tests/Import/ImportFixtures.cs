using System;
using System.IO;
using System.Linq;
using SqliteGen.Tests.Entities;

namespace SqliteGen.Tests.Import;

/// <summary>A fresh ImportDb file per test, and the fixtures under Import/Fixtures (copied beside the test assembly).</summary>
public abstract class ImportTest : IDisposable
{
    private readonly TempFolder _folder = new();

    protected ImportTest() => Db = ImportDb.Open(_folder.File());

    protected ImportDb Db { get; }

    protected string DbPath => _folder.File();

    protected static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", name);

    protected static FileStream Open(string name) => File.OpenRead(Fixture(name));

    /// <summary>The non-blank lines of an NDJSON fixture.</summary>
    protected static int Records(string name) => File.ReadAllLines(Fixture(name)).Count(line => line.Trim().Length > 0);

    protected static long Length(string name) => new FileInfo(Fixture(name)).Length;

    /// <summary>Imports the TinyDB fixture's users and syllabi (what the progress rows refer to).</summary>
    protected void ImportUsersAndSyllabi()
    {
        using (FileStream users = Open("techtree_tinydb.json"))
            Db.Users.ImportJson(users, new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "users" });
        using (FileStream syllabi = Open("techtree_tinydb.json"))
            Db.Syllabi.ImportJson(syllabi, new JsonImportOptions { Format = JsonImportFormat.TinyDb, TinyDbTable = "syllabi" });
    }

    public void Dispose()
    {
        Db.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Records every report synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
public sealed class ProgressLog : IProgress<ImportProgress>
{
    public System.Collections.Generic.List<ImportProgress> Reports { get; } = new();

    public void Report(ImportProgress value) => Reports.Add(value);
}

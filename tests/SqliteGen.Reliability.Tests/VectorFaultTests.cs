using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.CrashWorker;
using SqliteGen.Tests;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Vector search faults: a sqlite-vec build that does not load, and the resident index's data changed behind its back.
/// The vectors are the base rows of <see cref="TenantCrashDb"/>'s <c>facts</c> (8 dimensions, cosine).
/// </summary>
public sealed class VectorFaultTests : IDisposable
{
    private const int Rows = 300;
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public VectorFaultTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string Seeded()
    {
        string path = _folder.File("vectors.db");
        using TenantCrashDb db = TenantCrashDb.Open(path, SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        db.Base.Facts.InsertMany(Enumerable.Range(0, Rows).Select(i => Facts.Of($"f{i}", "base", 0)));
        return path;
    }

    /// <summary>The k nearest keys by a double-precision cosine distance over every row, nearest first.</summary>
    private static List<string> BruteForce(string path, float[] query, int k) =>
        Ledger.Query(path, "SELECT fact_id, embedding FROM facts").Select(row => (Key: (string)row[0], Distance: Cosine(query, (byte[])row[1])))
            .OrderBy(r => r.Distance).Take(k).Select(r => r.Key).ToList();

    private static double Cosine(float[] a, byte[] blob)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double b = BitConverter.ToSingle(blob, i * 4);
            dot += a[i] * b;
            na += a[i] * (double)a[i];
            nb += b * b;
        }
        return 1 - dot / Math.Sqrt(na * nb);
    }

    /// <summary>Files that are not a loadable sqlite-vec: name, and how to make it in <paramref name="folder"/>.</summary>
    public static IEnumerable<object[]> BrokenBuilds()
    {
        yield return new object[] { "random bytes" };
        yield return new object[] { "a text file" };
        yield return new object[] { "a truncated shared library" };
        yield return new object[] { "a shared library that is not a SQLite extension" };
        if (File.Exists("/usr/bin/cc"))
            yield return new object[] { "a SQLite extension that is not sqlite-vec" };
    }

    private string MakeBrokenBuild(string kind)
    {
        string path = _folder.File("vec0.so");
        // A library every .NET process on Linux has, so the test needs nothing installed.
        string native = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libSystem.Native.so");
        switch (kind)
        {
            case "random bytes":
                var bytes = new byte[64 * 1024];
                new Random(77).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "a text file":
                File.WriteAllText(path, "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 0\n"); // e.g. an LFS pointer
                break;
            case "a truncated shared library":
                File.WriteAllBytes(path, File.ReadAllBytes(native)[..4096]);
                break;
            case "a shared library that is not a SQLite extension":
                File.Copy(native, path);
                break;
            default:
                // Loads and registers nothing: SQLite accepts it; sqlite-vec's functions are missing.
                string source = _folder.File("stub.c");
                File.WriteAllText(source, "int sqlite3_extension_init(void *db, char **error, const void *api) { return 0; }\n");
                using (Process cc = Process.Start("/usr/bin/cc", new[] { "-shared", "-fPIC", "-o", path, source })!)
                {
                    cc.WaitForExit();
                    Assert.Equal(0, cc.ExitCode);
                }
                break;
        }
        return path;
    }

    [Theory]
    [MemberData(nameof(BrokenBuilds))]
    public void A_sqlite_vec_build_that_does_not_load_is_a_clear_error_when_forced_and_the_exact_answer_under_Auto(string kind)
    {
        string path = Seeded();
        string broken = MakeBrokenBuild(kind);
        float[] query = Facts.Embedding("query", kind, 1);
        List<string> expected = BruteForce(path, query, 10);

        using (TenantCrashDb forced = TenantCrashDb.Open(path, SqliteGenOptions.Default with { VectorBackend = VectorBackend.SqliteVec, SqliteVecPath = broken }))
        {
            var error = Assert.Throws<SqliteGenException>(() => forced.Base.Facts.Nearest(query, 10));
            Assert.Contains("facts.embedding", error.Message);
            Assert.Contains(broken, error.Message);
            _output.WriteLine($"{kind}, forced: {error.Message}");
            // The same clear error every time (no half-loaded state), and everything else keeps working.
            Assert.Equal(error.Message, Assert.Throws<SqliteGenException>(() => forced.Base.Facts.Nearest(query, 10)).Message);
            forced.Base.Facts.Insert(Facts.Of("after", "base", 0));
            Assert.Single(forced.Base.Facts.Search("after", 5));
            forced.Base.Facts.Delete("after");
        }

        using (TenantCrashDb auto = TenantCrashDb.Open(path, SqliteGenOptions.Default with { SqliteVecPath = broken }))
        {
            Assert.Equal(expected, auto.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId));
            Assert.Equal(expected, auto.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId)); // and again, on a loaded connection
        }
    }

    /// <summary>Plain SQL on its own connection, as another process or tool would write.</summary>
    private static void Behind(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static byte[] Blob(float[] vector) => vector.SelectMany(BitConverter.GetBytes).ToArray();

    /// <summary>
    /// "A corrupt vector cache" in this design: the resident index lives in memory only and is built from the table
    /// (never stored), so no crash can leave a damaged one; what can go wrong is the table changing behind an open
    /// index's back (another process or plain SQL), which the generated writes' version does not see. Measured here:
    /// a row deleted behind its back is never returned (the read by rowid misses, the index is rebuilt); a row
    /// inserted or a vector updated behind its back is not seen (and an updated row keeps its old distance) until
    /// the next write to the table through the generated code or the next Open, both of which give the exact answer
    /// again. docs/vectors.md ("Known limits") and docs/RELIABILITY.md say so.
    /// </summary>
    [Fact]
    public void Changes_behind_the_resident_index_s_back_are_seen_at_the_next_search()
    {
        string path = Seeded();
        float[] query = Facts.Embedding("query", "behind", 1);
        using TenantCrashDb db = TenantCrashDb.Open(path, SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        List<string> before = db.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId).ToList();
        Assert.Equal(BruteForce(path, query, 10), before);

        // A delete behind its back: never returned, the answer is exact at once.
        Behind(path, "DELETE FROM facts WHERE fact_id = $id", ("$id", before[0]));
        Assert.Equal(BruteForce(path, query, 10), db.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId));

        // An insert exactly at the query, and the farthest row's vector moved onto it, behind its back.
        Behind(path, "INSERT INTO facts (fact_id, owner, version, text, embedding) VALUES ('outside', 'base', 0, 'written outside', $v)", ("$v", Blob(query)));
        string farthest = BruteForce(path, query, Rows).Last();
        Behind(path, "UPDATE facts SET embedding = $v WHERE fact_id = $id", ("$v", Blob(query.Select(x => x * 2).ToArray())), ("$id", farthest));
        List<string> exact = BruteForce(path, query, 10);
        Assert.Equal(new[] { "outside", farthest }.Order(StringComparer.Ordinal), exact.Take(2).Order(StringComparer.Ordinal));
        // Commits made by another connection move the pool's epoch of outside commits (ExternalCommitWatch): the
        // cached index is retired and the next search is exact.
        Assert.Equal(exact, db.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId));
        using (TenantCrashDb reopened = TenantCrashDb.Open(path, SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact }))
            Assert.Equal(exact, reopened.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId)); // a new Open builds from the table

        // A write through the generated code after that is followed in place, and still exact.
        db.Base.Facts.Upsert(Facts.Of("f1", "base", 1));
        Assert.Equal(BruteForce(path, query, 10), db.Base.Facts.Nearest(query, 10).Select(n => n.Item.FactId));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Vectors;
using Xunit;

namespace SqliteGen.Tests.Search;

/// <summary>
/// The generated <c>Nearest</c> on real files: sqlite-vec (the real extension, loaded from beside the tests) and the
/// resident exact index return the same rows in the same order with the same distances, both equal to a
/// double-precision brute force; writes are seen at once by the exact index; bad input is a clear error.
/// </summary>
public sealed class NearestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static readonly (string Column, VectorMetric Metric, Func<VectorRow, float[]?> Vector, int Dimensions)[] Columns =
    {
        ("Cosine8", VectorMetric.Cosine, r => r.Cosine8, 8),
        ("L2x8", VectorMetric.L2, r => r.L2x8, 8),
        ("Cosine96", VectorMetric.Cosine, r => r.Cosine96.ToArray(), 96),
        ("L2x384", VectorMetric.L2, r => r.L2x384, 384),
    };

    private static IReadOnlyList<VectorNeighbor<VectorRow>> Nearest(SearchDb db, string column, float[] query, int k, SearchDb.VectorRowsTable.NearestFilter? filter) => column switch
    {
        "Cosine8" => db.VectorRows.NearestByCosine8(query, k, filter),
        "L2x8" => db.VectorRows.NearestByL2x8(query, k, filter),
        "Cosine96" => db.VectorRows.NearestByCosine96(query, k, filter),
        "L2x384" => db.VectorRows.NearestByL2x384(query, k, filter),
        _ => db.VectorRows.NearestByDot16(query, k, filter),
    };

    private static List<VectorMatch> Matches(IReadOnlyList<VectorNeighbor<VectorRow>> neighbors) =>
        neighbors.Select(n => new VectorMatch(n.Item.Id, n.Distance)).ToList();

    [Fact]
    public void Both_backends_agree_with_each_other_and_with_brute_force_on_random_data()
    {
        string path = _folder.File();
        var random = new Random(6);
        List<VectorRow> rows = Enumerable.Range(1, 600).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        using SearchDb exact = SearchFixture.Open(path, VectorBackend.Exact);
        using SearchDb withVec = SearchFixture.Open(path, VectorBackend.SqliteVec);
        exact.VectorRows.InsertMany(rows);

        var filters = new SearchDb.VectorRowsTable.NearestFilter?[]
        {
            null,
            new() { Bucket = 3 },
            new() { Tag = "t1", Bucket = 0 },
            new() { Tag = "no such tag" },
        };
        int compared = 0;
        foreach (var (column, metric, vectorOf, dimensions) in Columns)
        {
            foreach (int k in new[] { 1, 10, 100, 4096 })
            {
                foreach (var filter in filters)
                {
                    float[] query = SearchFixture.RandomVector(random, dimensions);
                    var candidates = rows.Where(r => (filter?.Bucket is not { } b || r.Bucket == b) && (filter?.Tag is not { } t || r.Tag == t));
                    List<VectorMatch> expected = SearchFixture.BruteForce(candidates.Select(r => (r.Id, vectorOf(r))), query, k, metric);

                    List<VectorMatch> fromExact = Matches(Nearest(exact, column, query, k, filter));
                    List<VectorMatch> fromVec = Matches(Nearest(withVec, column, query, k, filter));

                    Ranking.AssertSame(expected, fromExact);
                    Ranking.AssertSame(expected, fromVec);
                    Ranking.AssertSame(fromVec, fromExact);
                    compared += expected.Count;
                }
            }
        }
        Assert.True(compared > 4 * 4 * 100, $"only {compared} neighbours compared: the filters left too little");
    }

    [Fact]
    public void Rows_come_back_whole_with_their_vectors_and_rows_without_a_vector_are_left_out()
    {
        var random = new Random(7);
        List<VectorRow> rows = Enumerable.Range(1, 50).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        foreach (VectorBackend backend in new[] { VectorBackend.Exact, VectorBackend.SqliteVec })
        {
            using SearchDb db = SearchFixture.Open(_folder.File(backend + ".db"), backend);
            db.VectorRows.InsertMany(rows);
            VectorRow target = rows[20];

            VectorNeighbor<VectorRow> nearest = db.VectorRows.NearestByCosine96(target.Cosine96, 1).Single();
            Assert.Equal(target.Id, nearest.Item.Id);
            Assert.Equal(target.Cosine96.ToArray(), nearest.Item.Cosine96.ToArray());
            Assert.Equal(target.L2x8, nearest.Item.L2x8);
            Assert.True(Math.Abs(nearest.Distance) < 1e-5, $"{backend}: distance to itself {nearest.Distance}");

            IReadOnlyList<VectorNeighbor<VectorRow>> all = db.VectorRows.NearestByL2x384(SearchFixture.RandomVector(random, 384), 4096);
            Assert.Equal(rows.Count(r => r.L2x384 is not null), all.Count);
            Assert.DoesNotContain(all, n => n.Item.Id % 7 == 0);
        }
    }

    [Fact]
    public void Dot_metric_runs_on_the_exact_index_under_auto_and_matches_brute_force()
    {
        var random = new Random(8);
        List<VectorRow> rows = Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Auto);
        db.VectorRows.InsertMany(rows);
        float[] query = SearchFixture.RandomVector(random, 16);

        List<VectorMatch> expected = SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.Dot16)), query, 25, VectorMetric.Dot);
        Ranking.AssertSame(expected, Matches(db.VectorRows.NearestByDot16(query, 25)));
    }

    [Theory]
    [InlineData(VectorBackend.Exact)]
    [InlineData(VectorBackend.SqliteVec)]
    public void A_write_is_seen_by_the_next_search(VectorBackend backend)
    {
        var random = new Random(9);
        using SearchDb db = SearchFixture.Open(_folder.File(), backend);
        db.VectorRows.InsertMany(Enumerable.Range(1, 200).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = SearchFixture.RandomVector(random, 8);
        Assert.NotEqual(1000, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // builds (and caches) the index

        VectorRow added = SearchFixture.RandomRow(random, 1000) with { Cosine8 = query };
        db.VectorRows.Insert(added);
        Assert.Equal(1000, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);

        float[] moved = query.Select(c => -c).ToArray();
        Assert.True(db.VectorRows.Update(added with { Cosine8 = moved }));
        Assert.NotEqual(1000, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);
        Assert.Equal(1000, db.VectorRows.NearestByCosine8(moved, 1).Single().Item.Id);

        db.VectorRows.Upsert(added);
        Assert.Equal(1000, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);

        Assert.True(db.VectorRows.Delete(1000));
        Assert.DoesNotContain(db.VectorRows.NearestByCosine8(query, 4096), n => n.Item.Id == 1000);
    }

    [Fact]
    public void Searches_reuse_the_resident_index_and_a_write_to_the_table_updates_it_in_place()
    {
        var random = new Random(17);
        using var pool = SqliteGen.Runtime.SqliteConnectionPool.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.Exact });
        SqliteGen.Runtime.Migrator.MigrateToLatest(pool, nameof(SearchDb), SearchDb.Migrations, SearchDb.CreateSchemaSql);
        var rows = new SearchDb.VectorRowsTable(pool);
        var other = new SearchDb.ContextItemsTable(pool);
        rows.InsertMany(Enumerable.Range(1, 100).Select(id => SearchFixture.RandomRow(random, id)));
        int Builds() => SqliteGen.Runtime.SearchTableSource.IndexBuilds(pool, "vector_rows");

        float[] query = SearchFixture.RandomVector(random, 8);
        for (int i = 0; i < 5; i++)
            rows.NearestByCosine8(query, 3);
        Assert.Equal(1, Builds());

        other.Insert(new ContextItem("x", "a write to another table", null, "t", 1, new[] { 1f, 0f, 0f, 0f }));
        rows.NearestByCosine8(query, 3);
        Assert.Equal(1, Builds());

        rows.Insert(SearchFixture.RandomRow(random, 101) with { Cosine8 = query });
        Assert.Equal(101, rows.NearestByCosine8(query, 3)[0].Item.Id);
        rows.NearestByCosine8(query, 3);
        Assert.Equal(1, Builds()); // the write's row went into the cached index (IndexDeltaTests has the rest)
        Assert.Equal(1, SqliteGen.Runtime.SearchTableSource.IndexDeltas(pool, "vector_rows"));
    }

    [Fact]
    public void Exact_index_follows_transactions_that_commit_or_roll_back()
    {
        var random = new Random(10);
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Exact);
        db.VectorRows.InsertMany(Enumerable.Range(1, 100).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = SearchFixture.RandomVector(random, 8);
        VectorRow added = SearchFixture.RandomRow(random, 500) with { Cosine8 = query };

        using (SearchDb.WriteTransaction tx = db.BeginWrite())
        {
            tx.VectorRows.Insert(added);
            Assert.Equal(500, tx.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // the transaction sees its own write
            Assert.NotEqual(500, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // others do not, yet
            tx.Rollback();
        }
        Assert.NotEqual(500, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);

        using (SearchDb.WriteTransaction tx = db.BeginWrite())
        {
            tx.VectorRows.Insert(added);
            Assert.NotEqual(500, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // index read while the transaction is open
            tx.Commit();
        }
        Assert.Equal(500, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task Concurrent_group_committed_writes_are_all_seen_afterwards()
    {
        var random = new Random(11);
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Exact);
        List<VectorRow> rows = Enumerable.Range(1, 64).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        float[] query = SearchFixture.RandomVector(random, 8);
        var writers = rows.Select(row => System.Threading.Tasks.Task.Run(async () =>
        {
            await db.VectorRows.InsertAsync(row);
            await db.VectorRows.NearestByCosine8Async(query, 5); // searches interleaved with the writes
        }));
        await System.Threading.Tasks.Task.WhenAll(writers);

        List<VectorMatch> expected = SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.Cosine8)), query, 64, VectorMetric.Cosine);
        Ranking.AssertSame(expected, Matches(await db.VectorRows.NearestByCosine8Async(query, 64)));
    }

    [Fact]
    public void Bad_queries_are_errors_naming_the_table_and_column()
    {
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Auto);
        db.VectorRows.Insert(SearchFixture.RandomRow(new Random(12), 1));

        var wrongLength = Assert.Throws<ArgumentException>(() => db.VectorRows.NearestByCosine8(new float[3], 1));
        Assert.Contains("vector_rows.cosine8", wrongLength.Message);
        Assert.Contains("3 components", wrongLength.Message);
        Assert.Contains("8-dimensional", wrongLength.Message);

        float[] withNaN = new float[8];
        withNaN[5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => db.VectorRows.NearestByL2x8(withNaN, 1));
        Assert.Contains("vector_rows.l2x8", nan.Message);
        Assert.Contains("component 5 = NaN", nan.Message);

        float[] infinite = Enumerable.Repeat(1f, 8).ToArray();
        infinite[0] = float.PositiveInfinity;
        Assert.Contains("component 0", Assert.Throws<ArgumentException>(() => db.VectorRows.NearestByL2x8(infinite, 1)).Message);

        var zero = Assert.Throws<ArgumentException>(() => db.VectorRows.NearestByCosine8(new float[8], 1));
        Assert.Contains("zero vector", zero.Message);
        Assert.Single(db.VectorRows.NearestByL2x8(new float[8], 1)); // a zero query is fine under L2

        foreach (int k in new[] { 0, -1, 4097 })
        {
            var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => db.VectorRows.NearestByCosine8(Enumerable.Repeat(1f, 8).ToArray(), k));
            Assert.Contains("vector_rows.cosine8", outOfRange.Message);
            Assert.Contains("4096", outOfRange.Message);
        }
    }

    [Fact]
    public void Bad_vectors_are_not_written_and_the_error_names_the_table_and_column()
    {
        var random = new Random(13);
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Auto);
        VectorRow good = SearchFixture.RandomRow(random, 1);

        var shortVector = Assert.Throws<ArgumentException>(() => db.VectorRows.Insert(good with { L2x384 = new float[383] }));
        Assert.Contains("vector_rows.l2x384", shortVector.Message);
        Assert.Contains("383 components", shortVector.Message);

        float[] nan = (float[])good.Cosine8.Clone();
        nan[2] = float.NaN;
        Assert.Contains("vector_rows.cosine8", Assert.Throws<ArgumentException>(() => db.VectorRows.Insert(good with { Cosine8 = nan })).Message);
        Assert.Contains("zero vector", Assert.Throws<ArgumentException>(() => db.VectorRows.Insert(good with { Cosine96 = new float[96] })).Message);
        Assert.Throws<ArgumentException>(() => db.VectorRows.InsertMany(new[] { good, SearchFixture.RandomRow(random, 2) with { Dot16 = new float[15] } }));

        Assert.Equal(0, db.VectorRows.Count());
    }

    [Fact]
    public void Vectors_are_stored_as_little_endian_float32_blobs_that_sqlite_vec_reads_and_the_schema_checks_their_length()
    {
        string path = _folder.File();
        float[] vector = { 1.5f, -2f, 0.25f, 3f, 0f, 1f, -1f, 8f };
        using (SearchDb db = SearchFixture.Open(path, VectorBackend.Exact))
            db.VectorRows.Insert(SearchFixture.RandomRow(new Random(14), 1) with { Cosine8 = vector });

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.NotNull(SqliteVec.TryLoad(connection, SqliteVec.Find()!, out string? error));
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT cosine8, vec_to_json(cosine8) FROM vector_rows";
        using (SqliteDataReader reader = read.ExecuteReader())
        {
            Assert.True(reader.Read(), error);
            byte[] blob = (byte[])reader[0];
            Assert.Equal(32, blob.Length);
            Assert.Equal(BitConverter.GetBytes(1.5f), blob[..4]);
            Assert.Equal("[1.500000,-2.000000,0.250000,3.000000,0.000000,1.000000,-1.000000,8.000000]", reader.GetString(1));
        }

        using SqliteCommand write = connection.CreateCommand();
        write.CommandText = "UPDATE vector_rows SET cosine8 = zeroblob(28) WHERE true";
        var rejected = Assert.Throws<SqliteException>(() => write.ExecuteNonQuery());
        Assert.Contains("CHECK constraint failed", rejected.Message);
    }

    [Fact]
    public void Forcing_sqlite_vec_without_the_extension_is_a_clear_error()
    {
        string missing = _folder.File("no-such-vec0.so");
        using SearchDb db = SearchDb.Open(_folder.File(), SqliteGenOptions.Default with { VectorBackend = VectorBackend.SqliteVec, SqliteVecPath = missing });
        db.VectorRows.Insert(SearchFixture.RandomRow(new Random(15), 1));

        var error = Assert.Throws<SqliteGenException>(() => db.VectorRows.NearestByCosine8(Enumerable.Repeat(1f, 8).ToArray(), 1));
        Assert.Contains("vector_rows.cosine8", error.Message);
        Assert.Contains(missing, error.Message);

        // Dot has no sqlite-vec distance: it always runs on the exact index, so it works without the extension.
        Assert.Equal(1, db.VectorRows.NearestByDot16(Enumerable.Repeat(1f, 16).ToArray(), 1).Single().Item.Id);
    }

    [Fact]
    public void Auto_without_the_extension_falls_back_to_the_exact_index_with_the_same_answer()
    {
        var random = new Random(16);
        string path = _folder.File();
        List<VectorRow> rows = Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        using SearchDb withVec = SearchFixture.Open(path, VectorBackend.SqliteVec);
        using SearchDb fallback = SearchDb.Open(path, SqliteGenOptions.Default with { SqliteVecPath = _folder.File("absent.so") });
        withVec.VectorRows.InsertMany(rows);
        float[] query = SearchFixture.RandomVector(random, 8);

        Ranking.AssertSame(Matches(withVec.VectorRows.NearestByL2x8(query, 30)), Matches(fallback.VectorRows.NearestByL2x8(query, 30)));
    }
}

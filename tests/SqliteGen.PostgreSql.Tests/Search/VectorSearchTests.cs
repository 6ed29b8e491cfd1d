using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Search;
using SqliteGen.Tests.Vectors;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Search;

/// <summary>
/// <c>Nearest…</c> and <c>HybridSearch…</c> through the generated interfaces (<see cref="ISearchDb"/>), the same rows on a
/// SQLite file and on the real PostgreSQL server: each answer equal to a double-precision brute force computed here and to
/// the SQLite side's (sqlite-vec, loaded from the repository's .tools, for the cosine and L2 columns; the exact index for
/// Dot), ties aside; the same errors for the same bad calls; and on PostgreSQL, another connection's insert, update and
/// delete seen by the next search (the table's signature, docs/postgresql.md "Vector search on PostgreSQL").
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class VectorSearchTests(PostgresServer server) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-pgvector-").FullName;

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The real sqlite-vec of the repository (scripts/fetch-sqlite-vec.sh), or null where it is missing.</summary>
    private static string? SqliteVecPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, ".tools", "sqlite-vec", "vec0.so");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>A new SQLite file; its vector searches through sqlite-vec where the extension is, unless <paramref name="exact"/>.</summary>
    private ISearchDb OpenSqlite(bool exact = false)
    {
        string? vec = SqliteVecPath();
        var options = SqliteGenOptions.Default with
        {
            VectorBackend = exact || vec is null || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? VectorBackend.Exact : VectorBackend.SqliteVec,
            SqliteVecPath = vec,
        };
        return SearchDb.Open(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"), options);
    }

    private SearchDb.PostgreSql OpenPostgres(SqliteGenOptions? options = null) =>
        SearchDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources), options: options);

    private (ISearchDb Sqlite, ISearchDb Postgres) OpenBoth() => (OpenSqlite(), OpenPostgres());

    private static readonly (string Column, VectorMetric Metric, Func<VectorRow, float[]?> Vector, int Dimensions)[] Columns =
    [
        ("Cosine8", VectorMetric.Cosine, r => r.Cosine8, 8),
        ("L2x8", VectorMetric.L2, r => r.L2x8, 8),
        ("Cosine96", VectorMetric.Cosine, r => r.Cosine96.ToArray(), 96),
        ("L2x384", VectorMetric.L2, r => r.L2x384, 384),
        ("Dot16", VectorMetric.Dot, r => r.Dot16, 16),
    ];

    private static IReadOnlyList<VectorNeighbor<VectorRow>> Nearest(ISearchDb db, string column, float[] query, int k, SearchDb.VectorRowsTable.NearestFilter? filter) => column switch
    {
        "Cosine8" => db.VectorRows.NearestByCosine8(query, k, filter),
        "L2x8" => db.VectorRows.NearestByL2x8(query, k, filter),
        "Cosine96" => db.VectorRows.NearestByCosine96(query, k, filter),
        "L2x384" => db.VectorRows.NearestByL2x384(query, k, filter),
        _ => db.VectorRows.NearestByDot16(query, k, filter),
    };

    private static List<VectorMatch> Matches(IEnumerable<VectorNeighbor<VectorRow>> neighbors) =>
        neighbors.Select(n => new VectorMatch(n.Item.Id, n.Distance)).ToList();

    [Fact]
    public async Task Nearest_on_both_engines_equals_brute_force_with_and_without_filters_sync_and_async()
    {
        (ISearchDb sqlite, ISearchDb postgres) = OpenBoth();
        using (sqlite)
        using (postgres)
        {
            var random = new Random(20);
            List<VectorRow> rows = Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)).ToList();
            Assert.Equal(300, sqlite.VectorRows.InsertMany(rows));
            Assert.Equal(300, postgres.VectorRows.InsertMany(rows));

            var filters = new SearchDb.VectorRowsTable.NearestFilter?[]
            {
                null,
                new(), // empty: no condition
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
                        List<VectorMatch> onSqlite = Matches(Nearest(sqlite, column, query, k, filter));
                        IReadOnlyList<VectorNeighbor<VectorRow>> onPostgres = Nearest(postgres, column, query, k, filter);

                        Ranking.AssertSame(expected, Matches(onPostgres));
                        Ranking.AssertSame(expected, onSqlite);
                        Ranking.AssertSame(onSqlite, Matches(onPostgres));
                        // Whole rows come back, as the table holds them.
                        foreach (VectorNeighbor<VectorRow> neighbor in onPostgres)
                            Assert.Equal(rows[(int)neighbor.Item.Id - 1].L2x8, neighbor.Item.L2x8);
                        compared += expected.Count;
                    }
                }
            }
            Assert.True(compared > 5 * 4 * 100, $"only {compared} neighbours compared: the filters left too little");

            // The async forms, through the interface too.
            float[] q = SearchFixture.RandomVector(random, 8);
            var bucket2 = new SearchDb.VectorRowsTable.NearestFilter { Bucket = 2 };
            List<VectorMatch> oracle = SearchFixture.BruteForce(rows.Where(r => r.Bucket == 2).Select(r => (r.Id, (float[]?)r.L2x8)), q, 15, VectorMetric.L2);
            Ranking.AssertSame(oracle, Matches(await postgres.VectorRows.NearestByL2x8Async(q, 15, bucket2)));
            Ranking.AssertSame(oracle, Matches(await sqlite.VectorRows.NearestByL2x8Async(q, 15, bucket2)));
        }
    }

    [Fact]
    public void Rows_without_a_vector_are_left_out_and_k_above_the_rows_returns_every_row_with_one()
    {
        (ISearchDb sqlite, ISearchDb postgres) = OpenBoth();
        using (sqlite)
        using (postgres)
        {
            var random = new Random(21);
            List<VectorRow> rows = Enumerable.Range(1, 60).Select(id => SearchFixture.RandomRow(random, id)).ToList();
            // A Guid key, a nullable vector, no filter: the other shape of table.
            List<Place> places = Enumerable.Range(0, 40).Select(i => new Place(Guid.NewGuid(), "p" + i,
                i % 4 == 0 ? (ReadOnlyMemory<float>?)null : new ReadOnlyMemory<float>([(float)random.NextDouble(), (float)random.NextDouble()]))).ToList();
            foreach (ISearchDb db in new[] { sqlite, postgres })
            {
                db.VectorRows.InsertMany(rows);
                db.Places.InsertMany(places);
            }
            float[] query = SearchFixture.RandomVector(random, 384);
            List<VectorMatch> expected = SearchFixture.BruteForce(rows.Select(r => (r.Id, r.L2x384)), query, 4096, VectorMetric.L2);
            Assert.Equal(rows.Count(r => r.L2x384 is not null), expected.Count);
            foreach (ISearchDb db in new[] { sqlite, postgres })
            {
                IReadOnlyList<VectorNeighbor<VectorRow>> all = db.VectorRows.NearestByL2x384(query, 4096);
                Ranking.AssertSame(expected, Matches(all));
                Assert.DoesNotContain(all, n => n.Item.Id % 7 == 0);
            }

            float[] at = [0.5f, 0.5f];
            var placeIds = places.Select((p, i) => (Place: p, Index: (long)i)).ToList();
            List<VectorMatch> expectedPlaces = SearchFixture.BruteForce(placeIds.Select(p => (p.Index, p.Place.Position?.ToArray())), at, 4096, VectorMetric.L2);
            List<Guid> ExpectedPlaceIds() => expectedPlaces.Select(m => places[(int)m.Key].PlaceId).ToList();
            Assert.Equal(30, expectedPlaces.Count);
            IReadOnlyList<VectorNeighbor<Place>> onSqlite = sqlite.Places.Nearest(at, 4096);
            IReadOnlyList<VectorNeighbor<Place>> onPostgres = postgres.Places.Nearest(at, 4096);
            Assert.Equal(ExpectedPlaceIds(), onPostgres.Select(n => n.Item.PlaceId));
            Assert.Equal(onSqlite.Select(n => n.Item.PlaceId), onPostgres.Select(n => n.Item.PlaceId));
            Assert.All(onPostgres, n => Assert.NotNull(n.Item.Position));
        }
    }

    [Fact]
    public void Equal_distances_come_in_key_order_on_both_engines()
    {
        (ISearchDb sqlite, ISearchDb postgres) = OpenBoth();
        using (sqlite)
        using (postgres)
        {
            var random = new Random(22);
            float[] same = SearchFixture.RandomVector(random, 8);
            // Inserted out of key order; an integer key is SQLite's rowid, so SQLite's tie order is the key's.
            List<VectorRow> rows = new[] { 7L, 3L, 9L, 1L, 5L, 2L }.Select(id => SearchFixture.RandomRow(random, id) with { Cosine8 = same, L2x8 = same }).ToList();
            foreach (ISearchDb db in new[] { sqlite, postgres })
            {
                db.VectorRows.InsertMany(rows);
                Assert.Equal([1L, 2L, 3L, 5L, 7L, 9L], db.VectorRows.NearestByL2x8(same, 10).Select(n => n.Item.Id));
                Assert.Equal([1L, 2L, 3L], db.VectorRows.NearestByCosine8(same, 3).Select(n => n.Item.Id));
            }
        }
    }

    /// <summary>What a call threw: its type, message and parameter name (the same on both engines).</summary>
    private static string Failure(Action call)
    {
        Exception error = Assert.ThrowsAny<Exception>(call);
        return $"{error.GetType().FullName}: {error.Message} ({(error as ArgumentException)?.ParamName})";
    }

    [Fact]
    public void Bad_arguments_fail_with_the_same_errors_on_both_engines()
    {
        (ISearchDb sqlite, ISearchDb postgres) = OpenBoth();
        using (sqlite)
        using (postgres)
        {
            var random = new Random(23);
            List<VectorRow> rows = Enumerable.Range(1, 20).Select(id => SearchFixture.RandomRow(random, id)).ToList();
            var items = Enumerable.Range(0, 10).Select(i => new ContextItem($"ctx-{i}", "alpha beta " + i, null, "topic", i, SearchFixture.RandomVector(random, 4))).ToList();
            foreach (ISearchDb db in new[] { sqlite, postgres })
            {
                db.VectorRows.InsertMany(rows);
                db.ContextItems.InsertMany(items);
            }
            float[] four = [1, 2, 3, 4];
            var calls = new (string What, Action<ISearchDb> Call)[]
            {
                ("7 components for 8", db => db.VectorRows.NearestByCosine8(new float[7], 3)),
                ("9 components for 8, L2", db => db.VectorRows.NearestByL2x8(new float[9], 3)),
                ("zero vector, cosine", db => db.VectorRows.NearestByCosine8(new float[8], 3)),
                ("NaN", db => db.VectorRows.NearestByL2x8(new float[] { 1, 2, float.NaN, 4, 5, 6, 7, 8 }, 3)),
                ("k = 0", db => db.VectorRows.NearestByDot16(new float[16], 0)),
                ("k = 4097", db => db.VectorRows.NearestByL2x384(new float[384], 4097)),
                ("k = 0 and a bad vector: k first", db => db.VectorRows.NearestByCosine96(new float[3], 0)),
                ("hybrid: no word", db => db.ContextItems.HybridSearch("  ...  ", four, 5)),
                ("hybrid: bad vector before the text", db => db.ContextItems.HybridSearch("...", new float[] { 1, 2 }, 5)),
                ("hybrid: k", db => db.ContextItems.HybridSearch("alpha", four, -1)),
                ("hybrid: options", db => db.ContextItems.HybridSearch("alpha", four, 5, new HybridSearchOptions { Candidates = 0 })),
                ("search: limit", db => db.ContextItems.Search("alpha", 0)),
            };
            foreach ((string what, Action<ISearchDb> call) in calls)
            {
                string onSqlite = Failure(() => call(sqlite));
                string onPostgres = Failure(() => call(postgres));
                Assert.True(onSqlite == onPostgres, $"{what}:\n SQLite:     {onSqlite}\n PostgreSQL: {onPostgres}");
            }
            Assert.Contains("vector_rows.cosine8 has 7 components", Failure(() => calls[0].Call(postgres)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Another_connections_insert_update_and_delete_are_seen_by_the_next_nearest()
    {
        using SearchDb.PostgreSql db = OpenPostgres();
        var random = new Random(24);
        List<VectorRow> rows = Enumerable.Range(1, 200).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        db.VectorRows.InsertMany(rows);
        float[] query = SearchFixture.RandomVector(random, 8);
        List<long> Ids(int k) => db.VectorRows.NearestByL2x8(query, k).Select(n => n.Item.Id).ToList();
        List<long> Expected(int k) => SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.L2x8)), query, k, VectorMetric.L2).Select(m => m.Key).ToList();

        Assert.Equal(Expected(5), Ids(5)); // loads the index
        int loads = PostgreSqlVectorSearch<long>.Loads;
        Assert.Equal(Expected(5), Ids(5));
        Assert.Equal(Expected(20), Ids(20));
        Assert.Equal(loads, PostgreSqlVectorSearch<long>.Loads); // unchanged table: the cached index, not loaded again

        using var other = new NpgsqlConnection(db.DataSource.ConnectionString);
        other.Open();
        void Run(string sql, params object[] values)
        {
            using var command = new NpgsqlCommand(sql, other);
            foreach (object value in values)
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        static byte[] Blob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

        // Insert: a row whose vector is the query is nearest at once.
        VectorRow added = SearchFixture.RandomRow(random, 1000) with { L2x8 = query };
        Run("INSERT INTO vector_rows (id, bucket, tag, cosine8, l2x8, cosine96, l2x384, dot16) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
            added.Id, added.Bucket, added.Tag, Blob(added.Cosine8), Blob(query), Blob(added.Cosine96.ToArray()), Blob(added.Dot16));
        rows.Add(added with { L2x384 = null });
        Assert.Equal(1000L, Ids(1).Single());
        Assert.Equal(Expected(10), Ids(10));

        // Update: moved away, it is no longer nearest; the old nearest comes back.
        float[] away = query.Select(c => c + 100).ToArray();
        Run("UPDATE vector_rows SET l2x8 = $1 WHERE id = 1000", Blob(away));
        rows[^1] = rows[^1] with { L2x8 = away };
        Assert.Equal(Expected(10), Ids(10));
        Assert.DoesNotContain(1000L, Ids(10));

        // An update of another column only (the row's version changes; its vector does not): still right.
        Run("UPDATE vector_rows SET tag = 'changed' WHERE id = $1", Expected(1)[0]);
        Assert.Equal(Expected(10), Ids(10));

        // Delete: the nearest row goes.
        long nearest = Expected(1)[0];
        Run("DELETE FROM vector_rows WHERE id = $1", nearest);
        rows.RemoveAll(r => r.Id == nearest);
        Assert.Equal(Expected(10), Ids(10));
        Assert.DoesNotContain(nearest, Ids(4096));

        // A [Query] write and the generated writes are seen by the same rule.
        Assert.Equal(1, db.CopyVectorRow(Expected(1)[0], 2000));
        VectorRow copied = rows.First(r => r.Id == Expected(1)[0]) with { Id = 2000 };
        rows.Add(copied);
        Assert.Equal(Expected(10), Ids(10));
        Assert.True(db.VectorRows.Delete(2000));
        rows.Remove(copied);
        Assert.Equal(Expected(10), Ids(10));
        db.VectorRows.Insert(added with { Id = 3000, L2x8 = query });
        Assert.Equal(3000L, Ids(1).Single());
    }

    [Fact]
    public void A_write_transaction_searches_its_own_rows_and_a_rolled_back_row_is_not_found_afterwards()
    {
        using SearchDb.PostgreSql db = OpenPostgres();
        var random = new Random(25);
        db.VectorRows.InsertMany(Enumerable.Range(1, 50).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = SearchFixture.RandomVector(random, 8);
        Assert.NotEqual(500L, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);

        using (SearchDb.PostgreSql.WriteTransaction tx = db.BeginWrite())
        {
            tx.VectorRows.Insert(SearchFixture.RandomRow(random, 500) with { Cosine8 = query });
            Assert.Equal(500L, tx.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);
            Assert.NotEqual(500L, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id); // not committed: others do not see it
            tx.Rollback();
        }
        Assert.NotEqual(500L, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);

        db.Write(tx => tx.VectorRows.Insert(SearchFixture.RandomRow(random, 501) with { Cosine8 = query }));
        Assert.Equal(501L, db.VectorRows.NearestByCosine8(query, 1).Single().Item.Id);
    }

    [Fact]
    public void Quantized_indexes_on_postgresql_return_exact_distances_and_every_neighbour_when_the_candidates_cover_the_table()
    {
        using SearchDb.PostgreSql db = OpenPostgres(SqliteGenOptions.Default with { VectorBackend = VectorBackend.Quantized });
        var random = new Random(26);
        List<VectorRow> rows = Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        db.VectorRows.InsertMany(rows);
        for (int i = 0; i < 5; i++)
        {
            float[] query = SearchFixture.RandomVector(random, 96);
            // 20 results x 20 candidates each (the default oversample) cover the 300 rows: the answer is exact.
            List<VectorMatch> expected = SearchFixture.BruteForce(rows.Select(r => (r.Id, (float[]?)r.Cosine96.ToArray())), query, 20, VectorMetric.Cosine);
            Ranking.AssertSame(expected, Matches(db.VectorRows.NearestByCosine96(query, 20)));
        }
    }

    [Fact]
    public async Task HybridSearch_ranks_the_same_rows_on_both_engines()
    {
        // SQLite on the exact index too, so both vector rankings come from the same float arithmetic: near-ties cannot
        // swap, and the vector ranks can be compared row by row (the agreement with sqlite-vec is the test above).
        ISearchDb sqlite = OpenSqlite(exact: true), postgres = OpenPostgres();
        using (sqlite)
        using (postgres)
        {
            var random = new Random(27);
            List<string> paragraphs = SeedTexts.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Take(150).ToList();
            List<ContextItem> items = paragraphs.Select((p, i) => new ContextItem($"ctx-{i:D4}", p, i % 3 == 0 ? null : "summary " + i, "t" + (i % 4), i % 5, SearchFixture.RandomVector(random, 4))).ToList();
            sqlite.ContextItems.InsertMany(items);
            postgres.ContextItems.InsertMany(items);
            var everything = new HybridSearchOptions { Candidates = 4096 };
            int textMatched = 0;
            foreach (string text in new[] { "SQLite", "tenant database", "concurrent write", "migration JSON", "index" })
            {
                float[] vector = SearchFixture.RandomVector(random, 4);
                // Every row in both rankings' reach: the same rows, each with the same vector rank (the vector rankings
                // agree, ties aside) and found by the text on both or on neither (bm25 and ts_rank order them differently).
                var onSqlite = sqlite.ContextItems.HybridSearch(text, vector, 4096, everything).ToDictionary(m => m.Item.ContextId);
                var onPostgres = (await postgres.ContextItems.HybridSearchAsync(text, vector, 4096, everything)).ToDictionary(m => m.Item.ContextId);
                Assert.Equal(onSqlite.Keys.Order(StringComparer.Ordinal), onPostgres.Keys.Order(StringComparer.Ordinal));
                Assert.Equal(items.Count, onPostgres.Count);
                foreach ((string id, HybridMatch<ContextItem> match) in onSqlite)
                {
                    Assert.Equal(match.VectorRank, onPostgres[id].VectorRank);
                    Assert.Equal(match.TextRank is null, onPostgres[id].TextRank is null);
                    Assert.Equal(match.Item.Content, onPostgres[id].Item.Content);
                }
                textMatched += onPostgres.Values.Count(m => m.TextRank is not null);

                // The vector ranking alone: the same rows in the same order; the text ranking alone: the same set.
                var vectorOnly = new HybridSearchOptions { TextWeight = 0 };
                Assert.Equal(sqlite.ContextItems.HybridSearch(text, vector, 10, vectorOnly).Select(m => m.Item.ContextId),
                    postgres.ContextItems.HybridSearch(text, vector, 10, vectorOnly).Select(m => m.Item.ContextId));
                Assert.Equal(sqlite.ContextItems.Nearest(vector, 10).Select(n => n.Item.ContextId),
                    postgres.ContextItems.HybridSearch(text, vector, 10, vectorOnly).Select(m => m.Item.ContextId));
                var textOnly = new HybridSearchOptions { VectorWeight = 0, Candidates = 4096 };
                Assert.Equal(sqlite.ContextItems.HybridSearch(text, vector, 4096, textOnly).Select(m => m.Item.ContextId).Order(StringComparer.Ordinal),
                    postgres.ContextItems.HybridSearch(text, vector, 4096, textOnly).Select(m => m.Item.ContextId).Order(StringComparer.Ordinal));
            }
            Assert.True(textMatched > 20, $"only {textMatched} text matches: the comparison is close to vacuous");

            // With a filter on the SQLite accessor's NearestFilter, through the interface.
            var topic = new SearchDb.ContextItemsTable.NearestFilter { Topic = "t1", Priority = 2 };
            float[] q = SearchFixture.RandomVector(random, 4);
            Assert.Equal(sqlite.ContextItems.Nearest(q, 50, topic).Select(n => n.Item.ContextId),
                (await postgres.ContextItems.NearestAsync(q, 50, topic)).Select(n => n.Item.ContextId));
            Assert.All(postgres.ContextItems.Nearest(q, 50, topic), n => Assert.Equal(("t1", 2), (n.Item.Topic, n.Item.Priority)));
        }
    }
}

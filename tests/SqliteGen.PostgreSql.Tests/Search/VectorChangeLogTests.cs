using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using CsCheck;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Search;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Search;

/// <summary>
/// The resident vector index kept current from the change log the tables' triggers write (docs/postgresql.md, "Vector
/// search on PostgreSQL"): against writers that are not SqliteGen (plain Npgsql SQL on other connections, transactions
/// held open while later ones commit, deletes, updates of the vector, of a filter column and of the key, TRUNCATE), every
/// search equals a double-precision brute force over a fresh SELECT of the table; the log stays bounded; an unchanged
/// search reads no row of the table (PostgreSQL's own statistics).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class VectorChangeLogTests(PostgresServer server) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
    }

    internal static byte[] Blob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    internal static int Execute(NpgsqlConnection connection, string sql, params object[] values)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command.ExecuteNonQuery();
    }

    private static void Insert(NpgsqlConnection connection, VectorRow row) => Execute(connection,
        "INSERT INTO vector_rows (id, bucket, tag, cosine8, l2x8, cosine96, l2x384, dot16) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
        row.Id, row.Bucket, row.Tag, Blob(row.Cosine8), Blob(row.L2x8), Blob(row.Cosine96.ToArray()), Blob(row.Dot16));

    /// <summary>The table as a fresh statement on its own connection sees it: key, bucket and the L2 vector.</summary>
    private static List<(long Id, int Bucket, float[] Vector)> Table(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT id, bucket, l2x8 FROM vector_rows", connection);
        using var row = command.ExecuteReader();
        var rows = new List<(long, int, float[])>();
        while (row.Read())
            rows.Add((row.GetInt64(0), row.GetInt32(1), MemoryMarshal.Cast<byte, float>(row.GetFieldValue<byte[]>(2)).ToArray()));
        return rows;
    }

    /// <summary>The search equals the brute force over what the table holds now (keys exact, distances to float precision).</summary>
    private static void Check(SearchDb.PostgreSql db, NpgsqlConnection reader, Random random, string step)
    {
        float[] query = SearchFixture.RandomVector(random, 8);
        int k = random.Next(1, 40);
        int? bucket = random.Next(3) == 0 ? random.Next(5) : null;
        var rows = Table(reader).Where(r => bucket is null || r.Bucket == bucket).Select(r => (r.Id, (float[]?)r.Vector));
        List<VectorMatch> expected = SearchFixture.BruteForce(rows, query, k, VectorMetric.L2);
        var filter = bucket is null ? null : new SearchDb.VectorRowsTable.NearestFilter { Bucket = bucket };
        IReadOnlyList<VectorNeighbor<VectorRow>> found = random.Next(2) == 0
            ? db.VectorRows.NearestByL2x8(query, k, filter)
            : db.VectorRows.NearestByL2x8Async(query, k, filter).AsTask().GetAwaiter().GetResult();
        Assert.True(expected.Select(m => m.Key).SequenceEqual(found.Select(n => n.Item.Id)),
            $"after {step}: expected [{string.Join(", ", expected.Select(m => m.Key))}], found [{string.Join(", ", found.Select(n => n.Item.Id))}]");
        for (int i = 0; i < expected.Count; i++)
            Assert.InRange(Math.Abs(expected[i].Distance - found[i].Distance), 0, 1e-4);
    }

    [Fact]
    public void Searches_equal_a_brute_force_of_the_table_under_other_connections_writes_committed_out_of_order()
    {
        // Each step: a kind and a seed for its details. Seeded, so every run replays the same sequences.
        Gen<(int Kind, int Seed)[]> steps = Gen.Select(Gen.Int[0, 99], Gen.Int[0, int.MaxValue]).Array[40, 70];
        steps.Sample(sequence =>
        {
            using SearchDb.PostgreSql db = SearchDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources));
            var random = new Random(sequence.Length);
            long nextId = 1;
            db.VectorRows.InsertMany(Enumerable.Range(0, 150).Select(_ => SearchFixture.RandomRow(random, nextId++)));
            var writers = Enumerable.Range(0, 3).Select(_ => new NpgsqlConnection(db.DataSource.ConnectionString)).ToList();
            using var reader = new NpgsqlConnection(db.DataSource.ConnectionString);
            reader.Open();
            var open = new NpgsqlTransaction?[writers.Count];
            // The rows a held transaction wrote stay locked until it ends: the other writers leave them alone (they would wait).
            var locked = writers.Select(_ => new HashSet<long>()).ToArray();
            try
            {
                foreach (NpgsqlConnection writer in writers)
                    writer.Open();
                Check(db, reader, random, "the first load");
                int at = 0;
                foreach ((int kind, int seed) in sequence)
                {
                    at++;
                    var details = new Random(seed);
                    int w = details.Next(writers.Count);
                    NpgsqlConnection writer = writers[w];
                    List<long> ids = Table(reader).Select(r => r.Id).Where(id => !locked.Where((_, other) => other != w).Any(l => l.Contains(id))).ToList();
                    long Existing()
                    {
                        long id = ids.Count == 0 ? -1 : ids[details.Next(ids.Count)];
                        if (open[w] is not null)
                            locked[w].Add(id);
                        return id;
                    }
                    string step = $"step {at} (kind {kind}, writer {w})";
                    switch (kind)
                    {
                        case < 20: // insert
                            Insert(writer, SearchFixture.RandomRow(details, nextId++));
                            break;
                        case < 35: // the vector moves
                            Execute(writer, "UPDATE vector_rows SET l2x8 = $1 WHERE id = $2", Blob(SearchFixture.RandomVector(details, 8)), Existing());
                            break;
                        case < 45: // a filter column changes
                            Execute(writer, "UPDATE vector_rows SET bucket = $1 WHERE id = $2", details.Next(5), Existing());
                            break;
                        case < 55: // delete
                            Execute(writer, "DELETE FROM vector_rows WHERE id = $1", Existing());
                            break;
                        case < 60: // the key changes: the old key goes, the new one comes
                            Execute(writer, "UPDATE vector_rows SET id = $1 WHERE id = $2", nextId++, Existing());
                            break;
                        case < 75: // begin on this writer (its xid taken now, by a write), commit later
                            if (open[w] is null)
                            {
                                open[w] = writer.BeginTransaction();
                                Insert(writer, SearchFixture.RandomRow(details, nextId++));
                                Execute(writer, "UPDATE vector_rows SET l2x8 = $1 WHERE id = $2", Blob(SearchFixture.RandomVector(details, 8)), Existing());
                            }
                            break;
                        case < 88: // commit (or, one time in four, roll back) a transaction held open
                            if (open[w] is { } held)
                            {
                                if (details.Next(4) == 0)
                                    held.Rollback();
                                else
                                    held.Commit();
                                held.Dispose();
                                open[w] = null;
                                locked[w].Clear();
                            }
                            break;
                        case < 90: // TRUNCATE, then a few rows again
                            if (open.All(t => t is null))
                            {
                                Execute(writer, "TRUNCATE vector_rows");
                                for (int i = 0; i < 20; i++)
                                    Insert(writer, SearchFixture.RandomRow(details, nextId++));
                            }
                            break;
                        default: // a generated write
                            db.VectorRows.Insert(SearchFixture.RandomRow(details, nextId++));
                            break;
                    }
                    Check(db, reader, random, step);
                }
                foreach (NpgsqlTransaction? held in open)
                    held?.Commit();
                Check(db, reader, random, "the last commits");
            }
            finally
            {
                foreach (NpgsqlConnection writer in writers)
                    writer.Dispose();
            }
        }, seed: "0pgsig5eed01", iter: 4, threads: 1);
    }

    [Fact]
    public void An_unchanged_search_reads_no_row_of_the_table_and_a_change_costs_its_rows_not_a_load()
    {
        // One pooled connection, so every search runs on the backend whose statistics are flushed and read here.
        var builder = new NpgsqlConnectionStringBuilder(server.CreateDatabase()) { Pooling = true, MaxPoolSize = 1 };
        NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
        _dataSources.Add(dataSource);
        using SearchDb.PostgreSql db = SearchDb.OpenPostgreSql(dataSource);
        var random = new Random(31);
        db.VectorRows.InsertMany(Enumerable.Range(1, 2000).Select(id => SearchFixture.RandomRow(random, id)));
        float[] query = SearchFixture.RandomVector(random, 8);
        db.VectorRows.NearestByL2x8(query, 10); // the load

        (long SeqScans, long SeqRows, long IndexRows) Statistics()
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            using (var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush()", connection))
                flush.ExecuteNonQuery();
            using var command = new NpgsqlCommand("SELECT seq_scan, seq_tup_read, coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'vector_rows'", connection);
            using var row = command.ExecuteReader();
            Assert.True(row.Read());
            return (row.GetInt64(0), row.GetInt64(1), row.GetInt64(2));
        }

        var before = Statistics();
        int loads = PostgreSqlVectorSearch<long>.Loads;
        for (int i = 0; i < 20; i++)
            db.VectorRows.NearestByL2x8(query, 10);
        var after = Statistics();
        Assert.Equal(loads, PostgreSqlVectorSearch<long>.Loads);
        Assert.Equal(before.SeqScans, after.SeqScans); // the signature this replaced scanned the table once per search
        Assert.Equal(before.SeqRows, after.SeqRows);
        // The 20 searches read the 10 nearest rows each by key, and nothing else of the table.
        Assert.Equal(before.IndexRows + 20 * 10, after.IndexRows);

        // Three rows changed by another connection: the next search applies three changes and loads nothing.
        using (NpgsqlConnection other = new NpgsqlConnection(builder.ConnectionString))
        {
            other.Open();
            Execute(other, "UPDATE vector_rows SET l2x8 = $1 WHERE id = 5", Blob(query));
            Execute(other, "DELETE FROM vector_rows WHERE id = 6");
            Insert(other, SearchFixture.RandomRow(random, 5000));
        }
        int changes = PostgreSqlVectorSearch<long>.Changes;
        Assert.Equal(5L, db.VectorRows.NearestByL2x8(query, 1).Single().Item.Id);
        Assert.Equal(loads, PostgreSqlVectorSearch<long>.Loads);
        Assert.Equal(changes + 3, PostgreSqlVectorSearch<long>.Changes);
    }

    [Fact]
    public void The_log_stays_bounded_as_writers_prune_it_and_a_search_behind_a_prune_loads_again()
    {
        using SearchDb.PostgreSql db = SearchDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources));
        var random = new Random(32);
        db.VectorRows.InsertMany(Enumerable.Range(1, 100).Select(id => SearchFixture.RandomRow(random, id)));
        using var writer = new NpgsqlConnection(db.DataSource.ConnectionString);
        writer.Open();
        Check(db, writer, random, "the first load");
        int loads = PostgreSqlVectorSearch<long>.Loads;
        Execute(writer, "SELECT setseed(0.5)"); // the triggers' prune draws on this session's random(): the same every run
        const int Transactions = 80, Updates = 100;
        long Logged()
        {
            using var count = new NpgsqlCommand("SELECT count(*) FROM sqlitegen.vector_changes WHERE table_name = 'vector_rows'", writer);
            return (long)count.ExecuteScalar()!;
        }
        long most = 0;
        for (int t = 0; t < Transactions; t++)
        {
            using (NpgsqlTransaction transaction = writer.BeginTransaction())
            {
                for (int u = 0; u < Updates; u++)
                    Execute(writer, "UPDATE vector_rows SET l2x8 = $1 WHERE id = $2", Blob(SearchFixture.RandomVector(random, 8)), (long)random.Next(1, 101));
                transaction.Commit();
            }
            most = Math.Max(most, Logged());
            if (t % 20 == 19)
                Check(db, writer, random, $"transaction {t}");
        }
        // 8,000 logged updates; a prune (one logged row in 1,024 on average) keeps what came since the mark before it.
        Assert.True(most < Transactions * Updates / 2, $"the log held {most} entries of {Transactions * Updates} logged");
        Assert.True(most > 0);
        // 2,000 logged rows between searches: a prune removed entries the index had not seen, so it was loaded again.
        Assert.True(PostgreSqlVectorSearch<long>.Loads > loads);
        Check(db, writer, random, "the end");
    }
}

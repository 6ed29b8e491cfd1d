using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using Xunit;

namespace SqliteGen.Tests.Vectors;

/// <summary>
/// The real sqlite-vec extension (fetched by scripts/fetch-sqlite-vec.sh, copied beside the tests)
/// and the exact scan return the same keys in the same order and the same distances.
/// </summary>
public sealed class SqliteVecAgreementTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private SqliteConnection OpenWithVec()
    {
        string path = SqliteVec.Find() ?? throw new InvalidOperationException($"{SqliteVec.FileName} is not beside the tests: the test project fetches it with scripts/fetch-sqlite-vec.sh; run that script.");
        var connection = new SqliteConnection($"Data Source={_folder.File(Guid.NewGuid().ToString("N") + ".db")};Pooling=False");
        connection.Open();
        string? version = SqliteVec.TryLoad(connection, path, out string? error);
        Assert.True(version is not null, error);
        Assert.Equal("v0.1.9", version);
        return connection;
    }

    [Theory]
    [InlineData(8, 300, VectorMetric.Cosine, 10)]
    [InlineData(8, 300, VectorMetric.L2, 10)]
    [InlineData(128, 2_000, VectorMetric.Cosine, 50)]
    [InlineData(384, 1_000, VectorMetric.L2, 100)]
    [InlineData(384, 1_000, VectorMetric.Cosine, 1)]
    public void Both_backends_return_the_same_keys_in_the_same_order_and_the_same_distances(int dimensions, int count, VectorMetric metric, int k)
    {
        using SqliteConnection connection = OpenWithVec();
        Execute(connection, $"CREATE VIRTUAL TABLE items USING vec0(embedding float[{dimensions}] distance_metric={(metric == VectorMetric.Cosine ? "cosine" : "l2")})");
        var random = new Random(dimensions + count + k);
        var index = new ExactVectorIndex(dimensions, metric);
        using (SqliteTransaction transaction = connection.BeginTransaction())
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO items (rowid, embedding) VALUES ($key, $vector)";
            SqliteParameter key = insert.Parameters.Add("$key", SqliteType.Integer);
            SqliteParameter vector = insert.Parameters.Add("$vector", SqliteType.Blob);
            for (long row = 1; row <= count; row++)
            {
                float[] values = ExactVectorIndexTests.RandomVector(random, dimensions);
                key.Value = row;
                vector.Value = Blob(values);
                insert.ExecuteNonQuery();
                index.Upsert(row, values);
            }
            transaction.Commit();
        }

        for (int query = 0; query < 5; query++)
        {
            float[] q = ExactVectorIndexTests.RandomVector(random, dimensions);
            List<VectorMatch> fromVec = Query(connection, q, k);
            IReadOnlyList<VectorMatch> exact = index.Nearest(q, k);
            Assert.Equal(k, fromVec.Count);
            Ranking.AssertSame(fromVec, exact);
        }
    }

    [Fact]
    public void A_missing_or_broken_extension_is_reported_not_thrown()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Assert.Null(SqliteVec.TryLoad(connection, "/nonexistent/vec0.so", out string? missing));
        Assert.Contains("/nonexistent/vec0.so", missing);

        string notAnExtension = _folder.File("fake.so");
        System.IO.File.WriteAllText(notAnExtension, "not a shared object");
        Assert.Null(SqliteVec.TryLoad(connection, notAnExtension, out string? broken));
        Assert.Contains(notAnExtension, broken);
        Assert.Null(SqliteVec.Find(_folder.File("absent.so")));
    }

    private static List<VectorMatch> Query(SqliteConnection connection, float[] query, int k)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, distance FROM items WHERE embedding MATCH $query AND k = $k ORDER BY distance";
        command.Parameters.AddWithValue("$query", Blob(query));
        command.Parameters.AddWithValue("$k", k);
        using SqliteDataReader reader = command.ExecuteReader();
        var matches = new List<VectorMatch>();
        while (reader.Read())
            matches.Add(new VectorMatch(reader.GetInt64(0), (float)reader.GetDouble(1)));
        // vec0 allows only ORDER BY distance; equal distances are broken by key here, as the exact scan does.
        return matches.OrderBy(m => m.Distance).ThenBy(m => m.Key).ToList();
    }

    private static byte[] Blob(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

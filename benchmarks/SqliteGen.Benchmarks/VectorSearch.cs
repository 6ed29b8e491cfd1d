using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Vectors;

namespace SqliteGen.Benchmarks;

// Vector search: k = 10 nearest of 384-dimensional vectors by cosine distance, every way SqliteGen can answer it.
// Run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --vectors [--quick] [--rows N]`.

/// <summary>
/// One query (k = 10, cosine) over <see cref="Rows"/> seeded, clustered 384-dimensional vectors (a centre per 10 rows, the
/// kind of data the recall tests use): sqlite-vec's scalar distance in SQL over a BLOB column (what generated <c>Nearest</c> runs
/// when the extension loads), sqlite-vec's <c>vec0</c> virtual-table KNN, reading every vector back out of SQLite into a
/// new <see cref="ExactVectorIndex"/> (what the first search after a write costs today), the resident
/// <see cref="ExactVectorIndex"/>, a bare one-thread <c>TensorPrimitives.Dot</c> scan over a float array (the
/// memory-bandwidth floor) and
/// the <see cref="BinaryQuantizedIndex"/> at its default oversampling.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("vectors")]
public class VectorSearch
{
    public const int Dimensions = 384;
    public const int K = 10;
    private const int QueryCount = 64;

    /// <summary>The row counts to run, set by <see cref="Run"/> before BenchmarkDotNet reads <see cref="RowCounts"/>.</summary>
    public static int[] Sizes { get; set; } = { 100_000 };

    public static IEnumerable<int> RowCounts => Sizes;

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    private Fixture _data = null!;
    private SqliteCommand _scalar = null!;
    private SqliteCommand _knn = null!;
    private SqliteCommand _readAll = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _data = Fixture.For(Rows);
        _scalar = _data.Command(
            "SELECT id, vec_distance_cosine(embedding, $q) FROM items ORDER BY vec_distance_cosine(embedding, $q), id LIMIT " + K);
        _knn = _data.Command("SELECT rowid, distance FROM vec_items WHERE embedding MATCH $q AND k = " + K);
        _readAll = _data.Command("SELECT id, embedding FROM items");
        // Outside the timed region: every side finds the same ten rows for one query (the quantized index aside).
        float[] query = _data.Queries[0];
        long[] expected = _data.Exact.Nearest(query, K).Select(m => m.Key).ToArray();
        Check("sqlite-vec scalar", expected, Keys(_scalar, query));
        Check("vec0 KNN", expected, Keys(_knn, query));
        Check("re-read", expected, ReadIntoIndex(query).Select(m => m.Key).ToArray());
        Check("bare scan", expected, BareScan(_data.Normalized, Normalize(query)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scalar.Dispose();
        _knn.Dispose();
        _readAll.Dispose();
    }

    private float[] NextQuery() => _data.Queries[_next = (_next + 1) % QueryCount];

    [Benchmark(Baseline = true, Description = "sqlite-vec vec_distance_cosine in SQL (BLOB column)")]
    public long SqliteVecScalar() => Keys(_scalar, NextQuery())[0];

    [Benchmark(Description = "sqlite-vec vec0 KNN")]
    public long SqliteVecKnn() => Keys(_knn, NextQuery())[0];

    [Benchmark(Description = "re-read vectors into a new ExactVectorIndex")]
    public long RereadPerQuery() => ReadIntoIndex(NextQuery())[0].Key;

    [Benchmark(Description = "ExactVectorIndex (resident)")]
    public long Exact() => _data.Exact.Nearest(NextQuery(), K)[0].Key;

    [Benchmark(Description = "bare TensorPrimitives.Dot scan, one thread (floor)")]
    public long Bare() => BareScan(_data.Normalized, Normalize(NextQuery()))[0];

    [Benchmark(Description = "BinaryQuantizedIndex (default oversample 20)")]
    public long Quantized() => _data.Quantized.Nearest(NextQuery(), K)[0].Key;

    [Benchmark(Description = "BinaryQuantizedIndex (oversample 40)")]
    public long Quantized40() => _data.Quantized.Nearest(NextQuery(), K, oversample: 40)[0].Key;

    private IReadOnlyList<VectorMatch> ReadIntoIndex(float[] query)
    {
        var index = new ExactVectorIndex(Dimensions, VectorMetric.Cosine);
        using (SqliteDataReader reader = _readAll.ExecuteReader())
        {
            while (reader.Read())
                index.Upsert(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1)));
        }
        return index.Nearest(query, K);
    }

    private static long[] Keys(SqliteCommand command, float[] query)
    {
        command.Parameters["$q"].Value = Blob(query);
        var keys = new List<long>(K);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            keys.Add(reader.GetInt64(0));
        return keys.ToArray();
    }

    /// <summary>
    /// The floor: one thread, <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per row over
    /// normalized vectors in one <c>float[]</c>, the best ten kept in a sorted array. No locking, no key lookup, no
    /// parallelism.
    /// </summary>
    private static long[] BareScan(float[] all, float[] query)
    {
        var bestDistance = new float[K];
        var bestRow = new long[K];
        bestDistance.AsSpan().Fill(float.MaxValue);
        int rows = all.Length / Dimensions;
        for (int row = 0; row < rows; row++)
        {
            float distance = 1f - TensorPrimitives.Dot(all.AsSpan(row * Dimensions, Dimensions), query);
            if (distance >= bestDistance[K - 1])
                continue;
            int at = K - 1;
            for (; at > 0 && bestDistance[at - 1] > distance; at--)
            {
                bestDistance[at] = bestDistance[at - 1];
                bestRow[at] = bestRow[at - 1];
            }
            bestDistance[at] = distance;
            bestRow[at] = row + 1; // rows are stored with ids 1..n
        }
        return bestRow;
    }

    private static float[] Normalize(float[] vector)
    {
        float norm = MathF.Sqrt(vector.Sum(x => x * x));
        return vector.Select(x => x / norm).ToArray();
    }

    private static byte[] Blob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static void Check(string side, long[] expected, long[] actual)
    {
        if (!expected.SequenceEqual(actual))
            throw new InvalidOperationException($"{side} found [{string.Join(", ", actual)}], the exact index [{string.Join(", ", expected)}].");
    }

    /// <summary>
    /// The data of one size, built once per process (every benchmark of an in-process run shares it): the SQLite file
    /// with both tables, the resident indexes, the normalized floats of the bare scan, and the queries.
    /// </summary>
    private sealed class Fixture
    {
        private static readonly Dictionary<int, Fixture> s_built = new();

        public required SqliteConnection Connection { get; init; }
        public required ExactVectorIndex Exact { get; init; }
        public required BinaryQuantizedIndex Quantized { get; init; }
        public required float[] Normalized { get; init; }
        public required float[][] Queries { get; init; }

        public static Fixture For(int rows)
        {
            lock (s_built)
            {
                if (!s_built.TryGetValue(rows, out Fixture? fixture))
                    s_built[rows] = fixture = Build(rows);
                return fixture;
            }
        }

        public SqliteCommand Command(string sql)
        {
            SqliteCommand command = Connection.CreateCommand();
            command.CommandText = sql;
            if (sql.Contains("$q", StringComparison.Ordinal))
                command.Parameters.Add("$q", SqliteType.Blob);
            command.Prepare();
            return command;
        }

        private static Fixture Build(int rows)
        {
            float[][] vectors = Data(rows);
            string path = TempDatabase.NewPath("vectors");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                SqliteConnection.ClearAllPools();
                TempDatabase.Delete(path);
            };
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            string vec = FindSqliteVec();
            if (SqliteVec.TryLoad(connection, vec, out string? error) is null)
                throw new InvalidOperationException(error);
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -400000; PRAGMA mmap_size = 1073741824");
            Execute(connection, "CREATE TABLE items (id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)");
            Execute(connection, $"CREATE VIRTUAL TABLE vec_items USING vec0(embedding float[{Dimensions}] distance_metric=cosine)");
            var exact = new ExactVectorIndex(Dimensions, VectorMetric.Cosine);
            var quantized = new BinaryQuantizedIndex(Dimensions, VectorMetric.Cosine);
            var normalized = new float[rows * Dimensions];
            using (SqliteTransaction transaction = connection.BeginTransaction())
            {
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO items (id, embedding) VALUES ($id, $v); INSERT INTO vec_items (rowid, embedding) VALUES ($id, $v)";
                SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Integer);
                SqliteParameter blob = insert.Parameters.Add("$v", SqliteType.Blob);
                for (int row = 0; row < rows; row++)
                {
                    id.Value = row + 1L;
                    blob.Value = Blob(vectors[row]);
                    insert.ExecuteNonQuery();
                    exact.Upsert(row + 1, vectors[row]);
                    quantized.Upsert(row + 1, vectors[row]);
                    Normalize(vectors[row]).CopyTo(normalized, row * Dimensions);
                }
                transaction.Commit();
            }
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            return new Fixture
            {
                Connection = connection,
                Exact = exact,
                Quantized = quantized,
                Normalized = normalized,
                Queries = QueriesFor(rows, QueryCount),
            };
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The rows: seeded clusters of about 10 rows (one centre per 10 rows), so a query's ten nearest cross cluster
    /// borders, as in the recall tests' "fine clusters"; with larger clusters recall comes out higher.
    /// </summary>
    public static float[][] Data(int rows) => VectorData.Clustered(1, rows, Dimensions, Centres(rows), 1f, 7);

    /// <summary>The queries, drawn like the rows with another seed.</summary>
    public static float[][] QueriesFor(int rows, int count) => VectorData.Clustered(2, count, Dimensions, Centres(rows), 1f, 7);

    private static int Centres(int rows) => Math.Max(1, rows / 10);

    /// <summary>vec0.so beside the benchmark, else in the repository's .tools/sqlite-vec (scripts/fetch-sqlite-vec.sh).</summary>
    private static string FindSqliteVec()
    {
        if (SqliteVec.Find() is string beside)
            return beside;
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, ".tools", "sqlite-vec", SqliteVec.FileName);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"{SqliteVec.FileName} was not found beside the benchmark or in .tools/sqlite-vec: run scripts/fetch-sqlite-vec.sh.");
    }

    /// <summary>
    /// Recall@10 of the quantized index against the exact one at several oversamplings, over 200 queries (the 64 the
    /// benchmark cycles through and more drawn the same way), on <paramref name="rows"/> and <paramref name="queries"/>.
    /// </summary>
    public static IEnumerable<(int Oversample, double Recall)> Recall(float[][] rows, float[][] queries, IEnumerable<int> oversamples)
    {
        var exact = new ExactVectorIndex(Dimensions, VectorMetric.Cosine);
        var quantized = new BinaryQuantizedIndex(Dimensions, VectorMetric.Cosine);
        for (int row = 0; row < rows.Length; row++)
        {
            exact.Upsert(row + 1, rows[row]);
            quantized.Upsert(row + 1, rows[row]);
        }
        HashSet<long>[] truth = queries.Select(q => exact.Nearest(q, K).Select(m => m.Key).ToHashSet()).ToArray();
        foreach (int oversample in oversamples)
        {
            int found = 0;
            for (int i = 0; i < queries.Length; i++)
                found += quantized.Nearest(queries[i], K, oversample).Count(m => truth[i].Contains(m.Key));
            yield return (oversample, found / (double)(K * queries.Length));
        }
    }

    /// <summary>
    /// The <c>--vectors</c> mode: the benchmark (at 100,000 rows, or 20,000 with <c>--quick</c>, or <c>--rows N</c>), the
    /// quantized index's recall, then every side's ratio and the targets.
    /// </summary>
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int at = Array.IndexOf(args, "--rows");
        int rows = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : quick ? 20_000 : 100_000;
        Sizes = new[] { rows };
        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Program.QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        Summary summary = BenchmarkRunner.Run<VectorSearch>(config);

        // Everything printed from here on also goes into RESULTS.md with --results.
        var report = new System.IO.StringWriter();
        void Line(string text)
        {
            Console.WriteLine(text);
            report.WriteLine(text);
        }
        Console.WriteLine();
        Line($"Vector search, {rows:N0} x {Dimensions}, k = {K}, cosine ({(quick ? "quick run: indicative only; " : "")}ratios of medians)");
        double Median(string method) =>
            summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median ?? double.NaN;
        double scalar = Median(nameof(SqliteVecScalar)), knn = Median(nameof(SqliteVecKnn)), exact = Median(nameof(Exact)), bare = Median(nameof(Bare)), quantized = Median(nameof(Quantized));
        Dictionary<string, string> footprint = Footprint(rows);
        Line("Each side's query time, its ratio to sqlite-vec's vec0 KNN (its fastest path) and to the exact index, and what it holds and uses:");
        foreach (string method in new[] { nameof(SqliteVecScalar), nameof(SqliteVecKnn), nameof(RereadPerQuery), nameof(Exact), nameof(Bare), nameof(Quantized), nameof(Quantized40) })
        {
            double median = Median(method);
            Line($"  {method,-16} {median / 1e6,10:0.000} ms   {median / knn,7:0.000}x vec0 KNN   {median / exact,7:0.00}x exact index   {footprint[method]}");
        }
        int[] oversamples = { 5, 10, 20, 40, 100 }; // includes BinaryQuantizedIndex.DefaultOversample
        Line("Recall@10 of BinaryQuantizedIndex against ExactVectorIndex (200 queries), clustered as benchmarked:");
        double recallAtDefault = double.NaN;
        foreach ((int oversample, double recall) in Recall(Data(rows), QueriesFor(rows, 200), oversamples))
        {
            Line($"  oversample {oversample,3}: {recall:0.000}");
            if (oversample == BinaryQuantizedIndex.DefaultOversample)
                recallAtDefault = recall;
        }
        Line("The same on uniform noise (the worst case for sign bits):");
        foreach ((int oversample, double recall) in Recall(VectorData.Uniform(1, rows, Dimensions), VectorData.Uniform(2, 200, Dimensions), oversamples))
            Line($"  oversample {oversample,3}: {recall:0.000}");
        Line(rows == 100_000 ? "Targets (set at 100,000 rows):" : $"Targets (set at 100,000 rows; this run has {rows:N0}):");
        Line(Target("exact index at most 0.35x sqlite-vec", exact / scalar, exact / scalar <= 0.35));
        Line(Target("exact index at most 1.5x the bare scan", exact / bare, exact / bare <= 1.5));
        Line(Target("quantized at least 4x faster than the exact index", exact / quantized, exact / quantized >= 4));
        Line(Target($"quantized recall@10 at least 0.95 (oversample {BinaryQuantizedIndex.DefaultOversample}, clustered)", recallAtDefault, recallAtDefault >= 0.95));
        if (args.Contains("--results"))
        {
            string markdown = $"## Vector search (`--vectors`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- {string.Join(' ', args)}`; "
                + "this section is replaced by the next `--vectors --results` run and kept by full runs.\n\n> Conditions: " + ResultsWriter.Conditions() + ".\n\n```\n" + report.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the vector section of {ResultsWriter.WriteSection("vectors", markdown)}");
        }
        return summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    /// <summary>
    /// What each side holds in memory and how many threads one query uses, measured on a fresh build of <paramref name="rows"/>
    /// rows (managed bytes by <c>GC.GetTotalMemory</c> before and after building; SQLite's heap by <c>sqlite3_memory_used</c>).
    /// </summary>
    private static Dictionary<string, string> Footprint(int rows)
    {
        float[][] vectors = Data(rows);
        static long Managed(Func<object> build)
        {
            long before = GC.GetTotalMemory(forceFullCollection: true);
            object built = build();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(built);
            return after - before;
        }
        long exactBytes = Managed(() =>
        {
            var index = new ExactVectorIndex(Dimensions, VectorMetric.Cosine);
            for (int row = 0; row < rows; row++)
                index.Upsert(row + 1, vectors[row]);
            return index;
        });
        long quantizedBytes = Managed(() =>
        {
            var index = new BinaryQuantizedIndex(Dimensions, VectorMetric.Cosine);
            for (int row = 0; row < rows; row++)
                index.Upsert(row + 1, vectors[row]);
            return index;
        });
        Fixture data = Fixture.For(rows);
        long file = new System.IO.FileInfo(data.Connection.DataSource).Length;
        long sqliteHeap = SQLitePCL.raw.sqlite3_memory_used();
        int cores = Math.Min(Environment.ProcessorCount, 8);
        static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";
        string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
        string sqlite = $"1 thread; SQLite heap {Mb(sqliteHeap)} (page cache), file {Mb(file)} read through mmap";
        return new Dictionary<string, string>
        {
            [nameof(SqliteVecScalar)] = sqlite,
            [nameof(SqliteVecKnn)] = sqlite,
            [nameof(RereadPerQuery)] = $"1 thread reading, then the exact index's scan; builds {Mb(exactBytes)} per query",
            [nameof(Exact)] = $"{Threads((long)rows * Dimensions >= 1 << 18 ? cores : 1)}; resident {Mb(exactBytes)} managed",
            [nameof(Bare)] = $"1 thread; resident {Mb((long)rows * Dimensions * sizeof(float))} managed",
            [nameof(Quantized)] = $"{Threads((long)rows * (Dimensions / 64) >= 1 << 17 ? cores : 1)}; resident {Mb(quantizedBytes)} managed (sign bits and the full vectors it re-ranks with)",
            [nameof(Quantized40)] = $"as above",
        };
    }

    private static string Target(string what, double value, bool pass) =>
        $"  {what}: {value:0.000} {(pass ? "PASS" : "MISS")}";
}

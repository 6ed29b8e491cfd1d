using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SqliteGen.Benchmarks;

// The import workload: a generated ImportJson of 1,000,000 NDJSON rows shaped like the response-pattern seed.
// Run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --import [--rows N] [--batch N] [--breakdown]`.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(ImportedPattern) })]
public partial class ImportBenchDb;

[Table("response_patterns")]
public partial record ImportedPattern(
    [PrimaryKey] string FragmentId,
    string TriggerContext,
    string ResponseText,
    double SuccessScore,
    [Indexed] string Intent,
    int UsageCount,
    DateTimeOffset CreatedAt);

/// <summary>
/// Writes N NDJSON records to a temp file (not timed), imports them into a fresh database with the generated
/// <c>ImportJson</c> (default options: batches of 1,000, fail on conflict), and prints rows/s, CPU time, bytes
/// allocated per row and the working set sampled during the run (flat memory: the peak should not grow with N).
/// Target: at least 200,000 rows/s.
/// </summary>
public static class ImportWorkload
{
    private static readonly string[] Intents = { "greeting", "farewell", "clarification", "encouragement", "explanation" };

    public static int Run(string[] args)
    {
        int rows = Option(args, "--rows", 1_000_000);
        int batch = Option(args, "--batch", JsonImportOptions.Default.BatchSize);
        string folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-import-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string input = Path.Combine(folder, "patterns.ndjson");
            Write(input, rows);
            long size = new FileInfo(input).Length;

            using ImportBenchDb db = ImportBenchDb.Open(Path.Combine(folder, "import.db"));
            using var process = Process.GetCurrentProcess();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            long workingSetBefore = process.WorkingSet64;
            long peakSample = workingSetBefore;
            long sampleAtTenth = 0;
            var progress = new SyncProgress(p =>
            {
                if (p.Batches % 20 != 0)
                    return;
                process.Refresh();
                peakSample = Math.Max(peakSample, process.WorkingSet64);
                if (sampleAtTenth == 0 && p.Read >= rows / 10)
                    sampleAtTenth = process.WorkingSet64;
            });
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            TimeSpan cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();

            ImportSummary summary;
            using (var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                summary = db.ResponsePatterns.ImportJson(stream, new JsonImportOptions { BatchSize = batch }, progress);

            clock.Stop();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            peakSample = Math.Max(peakSample, process.WorkingSet64);
            long count = db.ResponsePatterns.Count();

            if (args.Contains("--breakdown"))
            {
                // Indicative only: the SQLite side alone (InsertMany of the imported rows, batches of the same size) and a
                // bare Utf8JsonReader pass over the lines reading every string; the rest of the import's CPU is mapping.
                var all = db.ResponsePatterns.All().ToList();
                using ImportBenchDb db2 = ImportBenchDb.Open(Path.Combine(folder, "insertmany.db"));
                TimeSpan cpu2 = process.TotalProcessorTime;
                var c2 = Stopwatch.StartNew();
                for (int i = 0; i < all.Count; i += batch)
                    db2.ResponsePatterns.InsertMany(all.Skip(i).Take(batch));
                process.Refresh();
                Console.WriteLine($"  InsertMany only  {c2.Elapsed.TotalSeconds:N2} s wall, CPU {(process.TotalProcessorTime - cpu2).TotalMilliseconds * 1000 / rows:N2} us per row");
                TimeSpan cpu3 = process.TotalProcessorTime;
                var c3 = Stopwatch.StartNew();
                long n = 0;
                foreach (string l in File.ReadLines(input))
                {
                    var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(l));
                    while (reader.Read()) if (reader.TokenType == System.Text.Json.JsonTokenType.String) { n += reader.GetString()!.Length; }
                }
                process.Refresh();
                Console.WriteLine($"  lines+json read  {c3.Elapsed.TotalSeconds:N2} s wall, CPU {(process.TotalProcessorTime - cpu3).TotalMilliseconds * 1000 / rows:N2} us per row ({n})");
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"Import: {rows:N0} NDJSON rows, {size / 1e6:N1} MB, batches of {batch:N0}, seven fields, text key + one index");
            Console.WriteLine($"  summary          {summary}");
            Console.WriteLine($"  rows in table    {count:N0}");
            Console.WriteLine($"  wall             {seconds:N2} s   {rows / seconds:N0} rows/s   {size / 1e6 / seconds:N1} MB/s");
            Console.WriteLine($"  CPU              {cpu.TotalSeconds:N2} s   {cpu.TotalMilliseconds * 1000 / rows:N2} us per row");
            Console.WriteLine($"  allocated        {allocated / 1e6:N1} MB   {(double)allocated / rows:N0} B per row   GCs gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}");
            Console.WriteLine($"  working set      before {workingSetBefore / 1e6:N0} MB, at 10% {sampleAtTenth / 1e6:N0} MB, peak sampled {peakSample / 1e6:N0} MB, process peak {process.PeakWorkingSet64 / 1e6:N0} MB");
            bool met = rows / seconds >= 200_000;
            Console.WriteLine($"  target           at least 200,000 rows/s: {(met ? "met" : "NOT met")} ({rows / seconds:N0})");
            return count == rows ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records shaped like the response-pattern seed (shared/seeds/000_...), keys unique, written streamed.</summary>
    private static void Write(string path, int rows)
    {
        var random = new Random(8);
        var start = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        var line = new StringBuilder(256);
        for (int i = 0; i < rows; i++)
        {
            string intent = Intents[i % Intents.Length];
            line.Clear();
            line.Append(CultureInfo.InvariantCulture,
                $"{{\"fragment_id\":\"pattern_{intent}_{1741944413589L + i}_{random.Next(1000, 10000)}\",\"trigger_context\":\"user asked about topic {i % 997}\",")
                .Append(CultureInfo.InvariantCulture,
                $"\"response_text\":\"Here is the idea in one sentence, then an example (variant {i % 101}).\",\"success_score\":{random.NextDouble():0.###},")
                .Append(CultureInfo.InvariantCulture,
                $"\"intent\":\"{intent}\",\"usage_count\":{random.Next(0, 500)},\"created_at\":\"{start.AddMilliseconds(i * 37.5):yyyy-MM-ddTHH:mm:ss.ffffffzzz}\"}}");
            writer.Write(line);
            writer.Write('\n');
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Reports on the importing thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

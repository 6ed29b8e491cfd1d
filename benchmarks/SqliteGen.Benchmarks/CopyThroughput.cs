using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Npgsql;
using SqliteGen.PostgreSql.Tests;

namespace SqliteGen.Benchmarks;

// `sqlitegen copy` throughput: run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --copy`.

/// <summary>
/// The <c>--copy</c> mode: builds SQLite files of the response-pattern seed's shape (<see cref="ImportBenchDb"/>, written by
/// its generated <c>InsertMany</c>; not timed), starts a PostgreSQL server of its own (<see cref="PostgresServer"/>) and runs
/// the real tool, <c>sqlitegen copy &lt;file&gt; &lt;connection&gt; --snapshots &lt;folder&gt;</c>, as a process of its own
/// into an empty database, once per size (100,000 and 1,000,000 rows unless <c>--rows N</c> names one). It reports the
/// wall time of the whole command (start, schema, COPY, identity, read-back verification, commit) and of its COPY and
/// verification phases (from the tool's progress lines), rows/s, and the tool's resident memory sampled every 20 ms from
/// /proc (peak sampled, the kernel's own peak, and the sample at a tenth of the rows): memory is flat when the 1,000,000-row
/// peak is no more than 1.25x the 100,000-row peak. Target: at least 100,000 rows/s over the whole command.
/// </summary>
public static class CopyThroughput
{
    private static readonly string[] Intents = { "greeting", "farewell", "clarification", "encouragement", "explanation" };
    private static readonly Regex s_snapshot = new(@"/\* sqlitegen-snapshot-begin\n(?<json>.*)\nsqlitegen-snapshot-end \*/", RegexOptions.Singleline);

    /// <summary>What one copy took.</summary>
    public sealed record Result(int Rows, TimeSpan Wall, TimeSpan? Copy, TimeSpan? Verify, TimeSpan Cpu, long PeakSampled, long KernelPeak, long AtTenth, int ExitCode, string Output)
    {
        public double RowsPerSecond => Rows / Wall.TotalSeconds;

        /// <summary>Rows per second of the tool's own CPU time: what a busy machine's wall time hides (the server's CPU is not in it).</summary>
        public double RowsPerCpuSecond => Rows / Cpu.TotalSeconds;
    }

    public static int Run(string[] args)
    {
        int[] sizes = Option(args, "--rows") is int rows ? new[] { rows } : new[] { 100_000, 1_000_000 };
        string tool = ToolPath();
        string folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-copy-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var results = new List<Result>();
        try
        {
            string snapshots = WriteSnapshot(folder);
            using var server = new PostgresServer();
            foreach (int size in sizes)
            {
                string file = Path.Combine(folder, $"patterns-{size}.db");
                var seeding = Stopwatch.StartNew();
                WriteFile(file, size);
                Console.WriteLine($"copy: wrote {size:N0} rows to {file} ({new FileInfo(file).Length / 1e6:N1} MB) in {seeding.Elapsed.TotalSeconds:N1} s (not timed)");
                string target = server.CreateDatabase();
                Result result = CopyOnce(tool, file, target, snapshots, size);
                results.Add(result);
                if (result.ExitCode != 0)
                {
                    Console.WriteLine(result.Output);
                    Console.WriteLine($"copy: sqlitegen copy failed with exit code {result.ExitCode}");
                    return 1;
                }
                long copied = CountRows(target);
                if (copied != size)
                {
                    Console.WriteLine($"copy: the target holds {copied:N0} rows, not {size:N0}");
                    return 1;
                }
                File.Delete(file);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"sqlitegen copy: response_patterns (seven columns: text key, two texts, double, indexed text, int, DateTimeOffset), {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
        Console.WriteLine($"{"rows",10} {"wall",9} {"rows/s",10} {"COPY",9} {"verify",9} {"tool CPU",9} {"rows/CPU s",11} {"RSS at 10%",11} {"RSS peak",10} {"VmHWM",10}");
        foreach (Result r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Rows,10:N0} {Seconds(r.Wall),9} {r.RowsPerSecond,10:N0} {Seconds(r.Copy),9} {Seconds(r.Verify),9} {Seconds(r.Cpu),9} {r.RowsPerCpuSecond,11:N0} {Mb(r.AtTenth),11} {Mb(r.PeakSampled),10} {Mb(r.KernelPeak),10}"));
        }
        Result largest = results[^1];
        bool fast = largest.RowsPerSecond >= 100_000;
        Console.WriteLine($"  {(fast ? "PASS" : "MISS")}  at least 100,000 rows/s over the whole command at {largest.Rows:N0} rows: {largest.RowsPerSecond:N0}");
        if (results.Count > 1)
        {
            double growth = (double)largest.PeakSampled / results[0].PeakSampled;
            Console.WriteLine($"  {(growth <= 1.25 ? "PASS" : "MISS")}  memory flat: peak RSS at {largest.Rows:N0} rows within 1.25x of the peak at {results[0].Rows:N0}: {growth:0.00}x");
        }
        return 0;
    }

    /// <summary>Runs the tool once and samples its resident memory until it exits.</summary>
    private static Result CopyOnce(string tool, string file, string connectionString, string snapshots, int rows)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { tool, "copy", file, connectionString, "--snapshots", snapshots })
            start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        TimeSpan? copyStarted = null, verifyStarted = null;
        long atTenth = 0;
        var error = new System.Text.StringBuilder();
        using Process process = Process.Start(start)!;
        int tenth = rows / 10;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
                return;
            lock (error)
                error.AppendLine(line);
            if (copyStarted is null && line.Contains("response_patterns (", StringComparison.Ordinal))
                copyStarted = clock.Elapsed;
            if (line.Contains("verifying", StringComparison.Ordinal))
                verifyStarted = clock.Elapsed;
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();
        long peak = 0, kernelPeak = 0;
        TimeSpan cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            cpu = Cpu(process.Id) ?? cpu; // the last sample before the tool exits: up to 20 ms short
            (long rss, long hwm) = Memory(process.Id);
            peak = Math.Max(peak, rss);
            kernelPeak = Math.Max(kernelPeak, hwm);
            if (atTenth == 0 && ProgressRows(error) >= tenth)
                atTenth = rss;
            Thread.Sleep(20);
        }
        process.WaitForExit();
        TimeSpan wall = clock.Elapsed;
        string text = output.Result + error;
        return new Result(rows, wall,
            copyStarted is { } c && verifyStarted is { } v ? v - c : null,
            verifyStarted is { } v2 ? wall - v2 : null,
            cpu, peak, kernelPeak, atTenth, process.ExitCode, text);
    }

    /// <summary>The rows the tool's last progress line reports ("response_patterns: 100,000 rows").</summary>
    private static long ProgressRows(System.Text.StringBuilder error)
    {
        string text;
        lock (error)
            text = error.ToString();
        MatchCollection lines = Regex.Matches(text, @"response_patterns: (?<n>[\d,]+) rows");
        return lines.Count == 0 ? 0 : long.Parse(lines[^1].Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS and VmHWM of the process, in bytes (0 when it has gone).</summary>
    private static (long Rss, long Hwm) Memory(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    hwm = Kilobytes(line);
            }
            return (rss, hwm);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>User and system CPU time of the process (<c>/proc/&lt;pid&gt;/stat</c>, in the kernel's 100 Hz ticks); null when it has gone.</summary>
    private static TimeSpan? Cpu(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>Rows shaped like the response-pattern seed (as the import workload writes them), keys unique.</summary>
    private static void WriteFile(string path, int rows)
    {
        var random = new Random(8);
        var start = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
        using ImportBenchDb db = ImportBenchDb.Open(path);
        var batch = new List<ImportedPattern>(10_000);
        for (int i = 0; i < rows; i++)
        {
            string intent = Intents[i % Intents.Length];
            batch.Add(new ImportedPattern(
                FragmentId: string.Create(CultureInfo.InvariantCulture, $"pattern_{intent}_{1741944413589L + i}_{random.Next(1000, 10000)}"),
                TriggerContext: string.Create(CultureInfo.InvariantCulture, $"user asked about topic {i % 997}"),
                ResponseText: string.Create(CultureInfo.InvariantCulture, $"Here is the idea in one sentence, then an example (variant {i % 101})."),
                SuccessScore: Math.Round(random.NextDouble(), 3),
                Intent: intent,
                UsageCount: random.Next(0, 500),
                CreatedAt: start.AddMilliseconds(i * 37.5)));
            if (batch.Count == batch.Capacity)
            {
                db.ResponsePatterns.InsertMany(batch);
                batch.Clear();
            }
        }
        db.ResponsePatterns.InsertMany(batch);
    }

    /// <summary>ImportBenchDb's snapshot as <c>dotnet build -t:SqliteGenFreeze</c> would commit it (from its generated <c>Snapshot.g.cs</c>).</summary>
    private static string WriteSnapshot(string folder)
    {
        string generated = Path.Combine(AppContext.BaseDirectory, "generated-snapshots");
        string source = Directory.GetFiles(generated, "*.ImportBenchDb.Snapshot.g.cs").Single();
        Match match = s_snapshot.Match(File.ReadAllText(source).Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!match.Success)
            throw new InvalidOperationException(source + " holds no snapshot");
        string snapshots = Path.Combine(folder, "sqlitegen");
        Directory.CreateDirectory(snapshots);
        File.WriteAllText(Path.Combine(snapshots, "ImportBenchDb.v1.json"), match.Groups["json"].Value + "\n");
        return snapshots;
    }

    /// <summary>
    /// The sqlitegen tool the build beside this program made (the project references it, unreferenced, so it is built), or
    /// the <c>SqliteGen.Cli.dll</c> that <c>SQLITEGEN_BENCH_COPY_TOOL</c> names (another build of the tool, to compare).
    /// </summary>
    private static string ToolPath()
    {
        if (Environment.GetEnvironmentVariable("SQLITEGEN_BENCH_COPY_TOOL") is { Length: > 0 } other)
            return File.Exists(other) ? other : throw new FileNotFoundException($"SQLITEGEN_BENCH_COPY_TOOL names '{other}', which does not exist.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        string repository = Path.GetDirectoryName(ResultsWriter.FindBenchmarksFolder())!;
        string tool = Path.Combine(repository, "src", "SqliteGen.Cli", "bin", configuration, "net10.0", "SqliteGen.Cli.dll");
        return File.Exists(tool)
            ? tool
            : throw new FileNotFoundException($"the sqlitegen tool is not built at {tool}: build benchmarks/SqliteGen.Benchmarks (it builds the tool) with -c {configuration}.");
    }

    private static long CountRows(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM response_patterns", connection);
        return (long)command.ExecuteScalar()!;
    }

    private static int? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB";
}

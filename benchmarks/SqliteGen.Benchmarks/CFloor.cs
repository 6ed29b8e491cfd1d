using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The C floor of <c>--read-snapshots</c>: <c>benchmarks/getloop.c</c> (copied beside the program) compiled with gcc
/// against the libe_sqlite3 this process loaded, then run on files seeded as the benchmark's (the orders file, and the
/// same rows keyed by INTEGER PRIMARY KEY, <see cref="NumberedOrder"/>), each with another connection's commit left in
/// the WAL as the benchmark's own files have (SQLite looks every page up in the wal-index then), and that connection
/// kept open so the C program's close leaves the WAL as it is. Gets inside one read transaction and in autocommit, in
/// SQLite's default (serialized) mode like SqliteGen's rows; each a process of its own, the median of a few runs. When
/// something is missing (not Linux, no gcc, no libe_sqlite3 found, the compile failed) each row says so instead.
/// </summary>
public static class CFloor
{
    /// <summary>One row of the report: its wall and CPU time per get (medians) and the runs' spread, or why there is none.</summary>
    public sealed record Row(string Operation, string Reader, double WallNs, double SpreadNs, double CpuNs, string? Missing);

    private static readonly (string Operation, bool IntegerKey, string Reader, bool Transaction)[] Cases =
    {
        ("get by key", false, "C, one read transaction", true),
        ("get by key", false, "C, autocommit", false),
        ("get by integer key", true, "C, one read transaction", true),
        ("get by integer key", true, "C, autocommit", false),
    };

    /// <summary>Compiles and runs the C floor: <paramref name="gets"/> timed gets per run, <paramref name="runs"/> runs per case.</summary>
    public static IReadOnlyList<Row> Measure(int gets, int runs, Action<string> note)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-cfloor-{Environment.ProcessId}");
        string text = TempDatabase.NewPath("cfloor-text");
        string numbered = TempDatabase.NewPath("cfloor-integer");
        try
        {
            TempDatabase.CreateSeeded(text, Ops.TableRows); // loads SQLite in this process, so its library can be found
            (string? program, string? missing) = Compile(folder, note);
            if (program is null)
                return Cases.Select(c => new Row(c.Operation, c.Reader, 0, 0, 0, missing)).ToList();
            NumberedOrder.CreateSeeded(numbered, Ops.TableRows);
            using var textCommits = new OutsideCommitter(text);
            using var numberedCommits = new OutsideCommitter(numbered);
            textCommits.Commit();
            numberedCommits.Commit();
            var rows = new List<Row>();
            foreach (var c in Cases)
            {
                var wall = new List<double>();
                var cpu = new List<double>();
                string? failed = null;
                for (int i = 0; i < runs && failed is null; i++)
                {
                    string arguments = $"\"{(c.IntegerKey ? numbered : text)}\" {gets.ToString(CultureInfo.InvariantCulture)}{(c.Transaction ? " tx" : "")}{(c.IntegerKey ? " int" : "")}";
                    (int exit, string output, string error) = RunProcess(program, arguments);
                    Match m = Regex.Match(output, @"wall_ns_per_get=([0-9.]+) cpu_ns_per_get=([0-9.]+)");
                    if (exit != 0 || !m.Success)
                    {
                        failed = $"getloop exited {exit}: {FirstLine(error + output)}";
                        break;
                    }
                    wall.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    cpu.Add(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
                }
                rows.Add(failed is not null
                    ? new Row(c.Operation, c.Reader, 0, 0, 0, failed)
                    : new Row(c.Operation, c.Reader, Median(wall), StandardDeviation(wall), Median(cpu), null));
            }
            return rows;
        }
        finally
        {
            TempDatabase.Delete(text);
            TempDatabase.Delete(numbered);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The compiled program, or why there is none.</summary>
    private static (string? Program, string? Missing) Compile(string folder, Action<string> note)
    {
        if (!OperatingSystem.IsLinux())
            return (null, "n/a: the C floor is built on Linux only");
        string source = Path.Combine(AppContext.BaseDirectory, "getloop.c");
        if (!File.Exists(source))
            return (null, $"n/a: {source} is missing");
        string? library = LoadedSqliteLibrary();
        if (library is null)
            return (null, "n/a: libe_sqlite3.so is not among this process's mapped files");
        Directory.CreateDirectory(folder);
        string program = Path.Combine(folder, "getloop");
        string directory = Path.GetDirectoryName(library)!;
        string arguments = $"-O2 \"{source}\" -o \"{program}\" -L\"{directory}\" -l:{Path.GetFileName(library)} -lm -Wl,-rpath,\"{directory}\"";
        (int exit, string output, string error) result;
        try
        {
            result = RunProcess("gcc", arguments);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "n/a: gcc is not installed");
        }
        if (result.exit != 0)
            return (null, $"n/a: gcc failed: {FirstLine(result.error + result.output)}");
        note($"C floor: gcc {arguments}");
        return (program, null);
    }

    /// <summary>The libe_sqlite3 this process loaded (SQLitePCLRaw's), from the kernel's list of its mapped files.</summary>
    private static string? LoadedSqliteLibrary() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : "")
            .FirstOrDefault(file => Path.GetFileName(file) == "libe_sqlite3.so" && File.Exists(file));

    private static (int Exit, string Output, string Error) RunProcess(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double StandardDeviation(List<double> values)
    {
        double mean = values.Average();
        return values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}

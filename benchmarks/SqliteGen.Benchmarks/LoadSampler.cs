using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Samples the machine's 1-minute load average every few seconds while a workload is measured, so RESULTS.md says
/// how busy the machine was during the measurement rather than at the moment the report is written: the last
/// minutes of a full run are the concurrent-writes workload, whose own dozens of threads would read as a busy
/// machine. The run itself accounts for about one runnable thread of the figure.
/// </summary>
public static class LoadSampler
{
    private static readonly List<double> s_samples = new();
    private static Timer? s_timer;

    /// <summary>Starts sampling (once per process: after <see cref="Stop"/> it does not start again).</summary>
    public static void Start()
    {
        lock (s_samples)
        {
            if (s_timer is null && s_samples.Count == 0)
                s_timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Stops sampling; the samples taken so far are what <see cref="Describe"/> reports.</summary>
    public static void Stop()
    {
        lock (s_samples)
        {
            if (s_timer is null)
                return;
            s_timer.Dispose();
            s_timer = null;
            Sample(); // the last stretch since the previous sample
        }
    }

    /// <summary>
    /// "median M, max X over N samples", and whether the median exceeds the cores (more runnable work than cores while
    /// the figures were taken); null when nothing was sampled (no /proc/loadavg).
    /// </summary>
    public static (string Text, bool Busy)? Describe()
    {
        double[] sorted;
        lock (s_samples)
            sorted = s_samples.OrderBy(s => s).ToArray();
        if (sorted.Length == 0)
            return null;
        double median = sorted[sorted.Length / 2];
        string text = string.Create(CultureInfo.InvariantCulture,
            $"1-minute load average while measuring: median {median:0.00}, max {sorted[^1]:0.00} over {sorted.Length} samples 5 s apart (the run itself counts about 1)");
        return (text, median > Environment.ProcessorCount);
    }

    private static void Sample()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load))
            {
                lock (s_samples)
                    s_samples.Add(load);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

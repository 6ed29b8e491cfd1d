using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Samples, every 5 seconds while a workload is measured, how much CPU the machine's other processes used: so RESULTS.md
/// says how busy the machine was during the measurement, apart from the run itself, rather than at the moment the report
/// is written. The run's own processes are left out: this process, every process below it (BenchmarkDotNet's benchmark
/// processes, the concurrent-writes children) and the processes given to <see cref="Exclude"/> with theirs (the
/// PostgreSQL server a mode started, which runs detached from this process, and its backends). The 1-minute load
/// average is sampled beside it, for context: it counts every process, the run's own included.
/// </summary>
/// <remarks>
/// A sample is the CPU time of the whole machine (<c>/proc/stat</c>: every state but idle and I/O wait) less the CPU time
/// of the run's processes (<c>/proc/&lt;pid&gt;/stat</c>: user and system time, with the children each has reaped, so a
/// process that ended between two samples is still counted, in its parent), since the previous sample, in cores: 1.0 is
/// one core kept busy by others for the whole 5 seconds.
/// </remarks>
public static class LoadSampler
{
    /// <summary>Other processes' median CPU, in cores, over which the machine counts as busy.</summary>
    public const double BusyCores = 0.5;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly List<double> s_others = new();
    private static readonly List<double> s_load = new();
    private static readonly HashSet<int> s_roots = new() { Environment.ProcessId };

    /// <summary>Each root's CPU ticks with its processes' at the last sample that found it running.</summary>
    private static readonly Dictionary<int, long> s_lastTree = new();
    private static Timer? s_timer;
    private static bool s_started;
    private static (long Total, long Busy, long Own)? s_previous;

    /// <summary>Starts sampling (once per process: after <see cref="Stop"/> it does not start again).</summary>
    public static void Start()
    {
        lock (s_others)
        {
            if (s_started)
                return;
            s_started = true;
            s_timer = new Timer(_ => Sample(), null, TimeSpan.Zero, Interval);
        }
    }

    /// <summary>
    /// Counts <paramref name="processId"/> and the processes below it as the run's own from now on: a server the run
    /// started that is not below this process (a daemon, such as PostgreSQL's postmaster after <c>pg_ctl start</c>).
    /// </summary>
    public static void Exclude(int processId)
    {
        lock (s_others)
            s_roots.Add(processId);
    }

    /// <summary>Stops sampling; the samples taken so far are what <see cref="Describe"/> reports.</summary>
    public static void Stop()
    {
        lock (s_others)
        {
            if (s_timer is null)
                return;
            s_timer.Dispose();
            s_timer = null;
            Sample(); // the last stretch since the previous sample
        }
    }

    /// <summary>
    /// What the samples say (other processes' CPU: median and max; the load average's median and max), and whether the
    /// other processes' median is over <see cref="BusyCores"/>; null when nothing was sampled (no /proc). Where only the
    /// load average could be read, busy is its median over the cores, as before anything was excluded.
    /// </summary>
    public static (string Text, bool Busy)? Describe()
    {
        double[] others, load;
        lock (s_others)
        {
            others = s_others.OrderBy(s => s).ToArray();
            load = s_load.OrderBy(s => s).ToArray();
        }
        if (load.Length == 0)
            return null;
        string loadText = string.Create(CultureInfo.InvariantCulture,
            $"1-minute load average median {load[load.Length / 2]:0.00}, max {load[^1]:0.00} (every process, the run's own included)");
        if (others.Length == 0)
            return ("while measuring: " + loadText, load[load.Length / 2] > Environment.ProcessorCount);
        double median = others[others.Length / 2];
        string text = string.Create(CultureInfo.InvariantCulture,
            $"other processes' CPU while measuring: median {median:0.00}, max {others[^1]:0.00} of {Environment.ProcessorCount} cores over {others.Length} samples {Interval.TotalSeconds:0} s apart ")
            + "(the run's own processes left out: this one, those below it, the PostgreSQL server it started); " + loadText;
        return (text, median > BusyCores);
    }

    private static void Sample()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            (long Total, long Busy)? cpu = MachineTicks();
            long own = cpu is null ? 0 : OwnTicks();
            lock (s_others)
            {
                if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load))
                    s_load.Add(load);
                if (cpu is not { } now)
                    return;
                if (s_previous is { } before && now.Total > before.Total)
                {
                    long others = Math.Max(0, now.Busy - before.Busy - (own - before.Own));
                    s_others.Add((double)others / (now.Total - before.Total) * CpuCount());
                }
                s_previous = (now.Total, now.Busy, own);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The machine's CPU ticks since boot, all cores: every state, and every state but idle and I/O wait (<c>/proc/stat</c>'s first line).</summary>
    private static (long Total, long Busy)? MachineTicks()
    {
        string? line = File.ReadLines("/proc/stat").FirstOrDefault();
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            return null;
        // user nice system idle iowait irq softirq steal (guest time is already in user)
        long[] ticks = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        if (ticks.Length < 8)
            return null;
        long total = ticks.Sum();
        return (total, total - ticks[3] - ticks[4]);
    }

    /// <summary>The cores /proc/stat counts (its cpuN lines): the unit of its total.</summary>
    private static int CpuCount() =>
        Math.Max(1, File.ReadLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3])));

    /// <summary>
    /// The CPU ticks of the run's processes: every process from a root (<see cref="s_roots"/>) down, each with the user
    /// and system time of the children it has reaped. A root that has ended (the server, stopped) counts what it and its
    /// processes had at the last sample that found it: its last seconds are lost, not its whole life.
    /// </summary>
    private static long OwnTicks()
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile
            }
            // After the command name in parentheses (which may hold spaces): state, ppid, ... utime (14), stime, cutime, cstime.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks[pid] = fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        }
        var children = parents.ToLookup(p => p.Value, p => p.Key);
        var counted = new HashSet<int>();
        long own = 0;
        lock (s_others)
        {
            foreach (int root in s_roots)
            {
                if (!ticks.ContainsKey(root))
                {
                    own += s_lastTree.GetValueOrDefault(root);
                    continue;
                }
                long tree = 0;
                var pending = new Queue<int>();
                if (counted.Add(root))
                    pending.Enqueue(root);
                while (pending.Count > 0)
                {
                    int pid = pending.Dequeue();
                    tree += ticks[pid];
                    foreach (int child in children[pid])
                    {
                        if (counted.Add(child))
                            pending.Enqueue(child);
                    }
                }
                s_lastTree[root] = tree;
                own += tree;
            }
        }
        return own;
    }
}

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace SqliteGen.Tests.Reads;

/// <summary>
/// The acknowledged version of each key, recorded after its commit returned (to a thread of this process, or on a
/// writing process's standard output): a read that begins after a version is recorded must see it or a later one.
/// Keys are owned by one writer each, so a key's versions only grow.
/// </summary>
internal sealed class ReadLedger
{
    private readonly long[] _acknowledged;
    private readonly ConcurrentQueue<string> _problems = new();

    public ReadLedger(int keys) => _acknowledged = new long[keys];

    public int Keys => _acknowledged.Length;

    public long ReadsChecked;

    /// <summary>Records that version <paramref name="version"/> of <paramref name="key"/> was committed and acknowledged.</summary>
    public void Acknowledge(int key, long version)
    {
        long seen;
        while ((seen = Volatile.Read(ref _acknowledged[key])) < version && Interlocked.CompareExchange(ref _acknowledged[key], version, seen) != seen)
        {
        }
    }

    /// <summary>The version every read of <paramref name="key"/> that begins now must reach.</summary>
    public long Floor(int key) => Volatile.Read(ref _acknowledged[key]);

    /// <summary>Checks one read: <paramref name="read"/> was read after <paramref name="floor"/> was taken.</summary>
    public void Check(int key, long floor, long read, string how)
    {
        Interlocked.Increment(ref ReadsChecked);
        if (read < floor)
            _problems.Enqueue($"{how}: key {key} read version {read}, but version {floor} was acknowledged before the read began");
    }

    public void Problem(string problem) => _problems.Enqueue(problem);

    public string[] Problems => _problems.ToArray();
}

/// <summary>
/// A writer in another process (Python's sqlite3, its own SQLite build): updates its keys, one commit each, and prints
/// "key version" after each commit returned. The lines feed the ledger as they arrive.
/// </summary>
internal sealed class PythonWriter : IDisposable
{
    private const string Script = """
        import sqlite3, sys, random
        path, first, count, writes, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        rng = random.Random(seed)
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        db.execute("PRAGMA busy_timeout = 30000")
        versions = {}
        for _ in range(writes):
            key = first + rng.randrange(count)
            version = versions.get(key, 0) + 1
            db.execute("UPDATE counters SET note = ? WHERE writer = ? AND sequence = 0", (str(version), key))
            versions[key] = version
            print(key, version, flush=True)
        print("done", flush=True)
        """;

    private readonly Process _process;
    private readonly Thread _reader;

    public PythonWriter(string folder, string databasePath, int firstKey, int keyCount, int writes, int seed, ReadLedger ledger)
    {
        string script = Path.Combine(folder, "writer.py");
        File.WriteAllText(script, Script);
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { script, databasePath, Invariant(firstKey), Invariant(keyCount), Invariant(writes), Invariant(seed) })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _reader = new Thread(() =>
        {
            while (_process.StandardOutput.ReadLine() is string line)
            {
                if (line == "done")
                {
                    Finished = true;
                    continue;
                }
                string[] parts = line.Split(' ');
                ledger.Acknowledge(int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
                Interlocked.Increment(ref _acknowledged);
            }
        }) { IsBackground = true };
        _reader.Start();
    }

    private long _acknowledged;

    /// <summary>Commits acknowledged so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public bool Finished { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process and its output; the error output when it failed.</summary>
    public string? WaitForExit()
    {
        _process.WaitForExit();
        _reader.Join();
        return _process.ExitCode == 0 && Finished ? null : $"python writer exited {_process.ExitCode}: {_process.StandardError.ReadToEnd()}";
    }

    /// <summary>SIGKILL, at whatever moment it is in.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        _process.WaitForExit();
        _reader.Join();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

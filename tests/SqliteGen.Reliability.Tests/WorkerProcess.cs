using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// One run of tests/SqliteGen.CrashWorker as a real child process (<c>dotnet SqliteGen.CrashWorker.dll ...</c>),
/// its stdout read line by line as the side channel of acknowledged writes.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>A guard against a hung worker, not a measurement: no assertion depends on it.</summary>
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Timer _watchdog;

    private WorkerProcess(string[] launcher, IEnumerable<string> arguments, string workerFolder, string program = "SqliteGen.CrashWorker.dll")
    {
        string dotnet = DotnetHost();
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true, // the worker exits when this closes, so a dead test leaves no worker behind
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            FileName = launcher.Length > 0 ? launcher[0] : dotnet,
        };
        foreach (string argument in launcher.Skip(1))
            start.ArgumentList.Add(argument);
        if (launcher.Length > 0)
            start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(Path.Combine(workerFolder, program));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_stderr)
                _stderr.AppendLine(line.Data);
        };
        _process.Start();
        _process.BeginErrorReadLine();
        _watchdog = new Timer(_ => Kill(), null, Watchdog, Timeout.InfiniteTimeSpan);
    }

    public static WorkerProcess Start(params string[] arguments) => new(Array.Empty<string>(), arguments, AppContext.BaseDirectory);

    /// <summary>
    /// Runs the <c>sqlitegen</c> tool (src/SqliteGen.Cli, built beside the tests) as a process of its own, as an operator
    /// would, with <paramref name="arguments"/>; read its output with <see cref="ReadAll"/>.
    /// </summary>
    public static WorkerProcess StartTool(params string[] arguments) => new(Array.Empty<string>(), arguments, AppContext.BaseDirectory, "SqliteGen.Cli.dll");

    /// <summary>
    /// Starts the worker as another user (uid = gid = <paramref name="uid"/>): root ignores file modes (util-linux setpriv).
    /// It runs from <see cref="SharedWorkerFolder"/>, since the build output may sit where that user cannot go.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static WorkerProcess StartAs(int uid, params string[] arguments) =>
        new(new[] { "setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups" }, arguments, SharedWorkerFolder.Value);

    /// <summary>
    /// The worker's files (this folder's top-level files and this platform's native SQLite) copied once per test
    /// run to a folder under the temp folder that every user may read and enter. The build output itself is often
    /// in a private folder (a clone under a home directory or <c>mktemp -d</c>, mode 700), which another user
    /// cannot reach: <c>realpath(.../SqliteGen.CrashWorker.dll) failed: Permission denied</c>.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static readonly Lazy<string> SharedWorkerFolder = new(CopyWorkerForEveryone);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string CopyWorkerForEveryone()
    {
        const UnixFileMode Readable = (UnixFileMode)0b110_100_100, Enterable = (UnixFileMode)0b111_101_101;
        string target = Path.Combine(Path.GetTempPath(), "sqlitegen-worker-" + Guid.NewGuid().ToString("N"));
        string native = Path.Combine("runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Enterable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(target, recursive: true);
        var files = Directory.EnumerateFiles(AppContext.BaseDirectory)
            .Concat(Directory.Exists(Path.Combine(AppContext.BaseDirectory, native))
                ? Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, native), "*", SearchOption.AllDirectories)
                : Enumerable.Empty<string>());
        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(AppContext.BaseDirectory, file), folder = target;
            foreach (string part in Path.GetDirectoryName(relative)!.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                folder = Path.Combine(folder, part);
                Directory.CreateDirectory(folder);
                File.SetUnixFileMode(folder, Enterable); // explicit: the creation mode is cut by the umask
            }
            string copy = Path.Combine(target, relative);
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, Readable);
        }
        return target;
    }

    /// <summary>
    /// Starts the worker with no file allowed to grow past <paramref name="kib"/> KiB (<c>ulimit -f</c>), SIGXFSZ
    /// ignored so that a write past it fails with EFBIG, an I/O error SQLite reports, as a full disk would.
    /// (The runtime's W^X double mapping uses a file too, so it is turned off for this run.)
    /// </summary>
    public static WorkerProcess StartWithFileSizeLimit(int kib, params string[] arguments) =>
        new(new[] { "bash", "-c", $"trap '' XFSZ; ulimit -f {kib}; export DOTNET_EnableWriteXorExecute=0; exec \"$@\"", "worker" }, arguments, AppContext.BaseDirectory);

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>The next complete line (one that ends with ';', without it), or null at the end of the output.</summary>
    public string? ReadLine()
    {
        while (_process.StandardOutput.ReadLine() is string line)
        {
            if (line.EndsWith(';'))
                return line[..^1];
            // A line cut short by the kill was never a whole acknowledgement: ignore it.
        }
        return null;
    }

    /// <summary>Sends one line to the worker's standard input (which it reads when its mode takes input).</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Everything the process writes on its standard output until it exits, and its exit code.</summary>
    public (int ExitCode, string Output) ReadAll()
    {
        string output = _process.StandardOutput.ReadToEnd();
        _process.WaitForExit();
        return (_process.ExitCode, output);
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Unix), then waits for the process to be gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.WaitForExit();
    }

    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        _watchdog.Dispose();
        Kill();
        _process.Dispose();
    }

    /// <summary>The dotnet host running this test (so the worker uses the same runtime), else 'dotnet' on PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is not null && File.Exists(host))
            return host;
        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}

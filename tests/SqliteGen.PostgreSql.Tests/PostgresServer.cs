using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Npgsql;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// A real PostgreSQL 15 server for one test run: <c>initdb</c> into a fresh folder under /tmp, trust authentication on
/// loopback only, a free port on 127.0.0.1 and its unix socket in the same folder; stopped (<c>pg_ctl stop -m fast</c>)
/// and deleted when the run ends, whether the tests passed or not. The binaries are Debian's postgresql-15
/// (<c>scripts/postgres.sh ensure</c> installs them). PostgreSQL refuses to run as root, so as root every server command
/// runs as the package's <c>postgres</c> user (<c>runuser</c>), and the folder is made its own; the folder is under /tmp
/// so that user reaches it even when the checkout is in a private folder.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly bool s_asRoot = Environment.UserName == "root";
    private readonly string _folder;
    private readonly string _data;
    private int _databases;

    public PostgresServer()
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The PostgreSQL tests run Debian's PostgreSQL 15 packages: Linux only.");
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}/initdb is missing): run 'bash scripts/postgres.sh ensure'.");
        // /tmp itself, not the temp folder the environment names (TMPDIR may be private to this user).
        _folder = Path.Combine("/tmp", "sqlitegen-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _data = Path.Combine(_folder, "data");
        try
        {
            if (s_asRoot)
                Run("chown", "postgres:postgres", _folder);
            Server("initdb", "-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            // Only the local socket and 127.0.0.1, trusted: the server is this run's alone and reachable from nowhere else.
            WriteAsServer(Path.Combine(_data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The server's postmaster process, the parent of its backends (the first line of its <c>postmaster.pid</c>).</summary>
    public int ProcessId => int.Parse(File.ReadLines(Path.Combine(_data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A connection string for a database of the server (127.0.0.1, the superuser, no password).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Stops the server (fast shutdown); <see cref="Restart"/> starts it again on the same port.</summary>
    public void Stop() => Server("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "120", "stop");

    /// <summary>Starts a stopped server again, on the port it had.</summary>
    public void Restart() => Server("pg_ctl", "-D", _data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "120", "start");

    /// <summary>A new empty database for one test; its connection string.</summary>
    public string CreateDatabase()
    {
        string name = "test_" + Interlocked.Increment(ref _databases).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "_" + Guid.NewGuid().ToString("N")[..8];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand("CREATE DATABASE " + name, connection); // a name made here, of [a-z0-9_]
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    private void Start()
    {
        // A free port is found by binding port 0; another process may take it before the server does, so a failed
        // start is tried again on another port.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort();
            string socket = Path.Combine(_folder, "socket");
            if (!Directory.Exists(socket))
            {
                Directory.CreateDirectory(socket);
                if (s_asRoot)
                    Run("chown", "postgres:postgres", socket);
            }
            string settings = string.Join("\n",
                "listen_addresses = '127.0.0.1'",
                $"port = {Port}",
                $"unix_socket_directories = '{socket}'",
                // A throwaway server: nothing to keep across a crash.
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "max_connections = 40",
                "shared_buffers = 32MB",
                "");
            // Appended: a later line wins, so a second attempt's port replaces the first's.
            File.AppendAllText(Path.Combine(_data, "postgresql.conf"), "\n" + settings);
            try
            {
                Server("pg_ctl", "-D", _data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "120", "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // the port was taken meanwhile: try another
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Writes a file of the server's folder, owned by the user the server runs as.</summary>
    private static void WriteAsServer(string path, string text)
    {
        File.WriteAllText(path, text);
        if (s_asRoot)
            Run("chown", "postgres:postgres", path);
    }

    /// <summary>Runs one of the server's binaries, as the postgres user when this process is root.</summary>
    private void Server(string program, params string[] args)
    {
        string path = Path.Combine(Bin, program);
        if (s_asRoot)
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else
            Run(path, args);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp", // the postgres user may not reach the current folder
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        // Both streams read to the end before waiting, so neither pipe fills and blocks the child.
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {output}{error.Result}");
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
                Server("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "120", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using SqliteGen.PostgreSql.Tests;

namespace SqliteGen.Benchmarks;

/// <summary>
/// <c>--router-loop [--gets N] [--rounds N] [--side plain|layered|both|raw] [--clear]</c>: on a PostgreSQL server of its own, the router benchmark's
/// databases (<see cref="PgTenantBench"/>), then rounds of N plain Gets and N layered Gets of a tenant row, alternating,
/// each round printing wall and CPU time per get and the bytes allocated per get. A driver for a profiler (perf with
/// <c>DOTNET_PerfMapEnabled=1</c>) on the layered Get's client-side work: one loop, no BenchmarkDotNet processes
/// (benchmarks/README.md, "Tenant router").
/// </summary>
public static class RouterLoop
{
    public static int Run(string[] args)
    {
        int gets = int.Parse(Option(args, "--gets") ?? "5000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(Option(args, "--rounds") ?? "4", CultureInfo.InvariantCulture);
        string side = Option(args, "--side") ?? "both";
        // A server named in the environment (e.g. one outside valgrind, which slows a server it runs to timeouts), else one of its own.
        using PostgresServer? server = Environment.GetEnvironmentVariable(PgOps.ServerVariable) is null ? new PostgresServer() : null;
        if (server is not null)
        {
            Environment.SetEnvironmentVariable(PgOps.ServerVariable, server.ConnectionString("postgres"));
            s_postmaster = server.ProcessId;
        }
        using PgTenantBench bench = PgTenantBench.Create();
        if (args.Contains("--clear"))
            Npgsql.NpgsqlConnection.ClearAllPools(); // physical connections opened again by the loop's own calls
        int i = 0;
        string NextEven() => "p" + 2 * (i = (i + 1) % (PgTenantBench.BaseRows / 2));
        for (int round = 0; round < rounds; round++)
        {
            if (side is "plain" or "both")
                Time("plain Get", gets, () => bench.Db.Base.Patterns.Get(NextEven()));
            if (side is "layered" or "both")
                Time("layered Get, tenant row", gets, () => bench.View.Patterns.Get(NextEven()));
            if (side is "raw")
            {
                Npgsql.NpgsqlDataSource a = bench.Servers["a"];
                Time("raw qualified Get", gets, () => RawQualified(a, NextEven()));
                Time("raw check+Get batch", gets, () => RawBatch(a, NextEven(), CheckMarkSql));
                Time("raw set_config+Get batch", gets, () => RawBatch(a, NextEven(), "SELECT set_config('search_path', $3, true) WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL"));
            }
        }
        return 0;
    }

    /// <summary>
    /// The tenant operation's mark check as the router sends it (TenantDirectory.CheckMarkSql, internal to SqliteGen.PostgreSql:
    /// keep the two alike), with a first parameter of the raw sides' own so that each raw batch binds the same three values.
    /// </summary>
    private const string CheckMarkSql =
        "SELECT CASE WHEN $1::text IS NOT NULL AND (SELECT description FROM pg_catalog.pg_description WHERE objoid = pg_catalog.to_regnamespace($3) AND classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND objsubid = 0) IS NOT DISTINCT FROM $2 "
        + "THEN pg_catalog.set_config('search_path', $3, true) ELSE pg_catalog.current_setting('sqlitegen.tenant_schema_moved') END";

    private const string GetSql = "SELECT fragment_id, response_text, intent, success_score FROM patterns WHERE fragment_id = $1";

    private static Pattern RawQualified(Npgsql.NpgsqlDataSource source, string key)
    {
        using var connection = source.OpenConnection();
        using var command = new Npgsql.NpgsqlCommand(GetSql.Replace("FROM patterns", "FROM t_alice.patterns"), connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Prepare();
        using var reader = command.ExecuteReader(System.Data.CommandBehavior.SingleRow);
        reader.Read();
        return new Pattern(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3));
    }

    private static Pattern RawBatch(Npgsql.NpgsqlDataSource source, string key, string check)
    {
        using var connection = source.OpenConnection();
        using var batch = new Npgsql.NpgsqlBatch(connection);
        var start = new Npgsql.NpgsqlBatchCommand(check);
        start.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "t_alice", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        start.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "sqlitegen tenant alice epoch 1", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        start.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "\"t_alice\"", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var get = new Npgsql.NpgsqlBatchCommand(GetSql);
        get.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        batch.BatchCommands.Add(start);
        batch.BatchCommands.Add(get);
        using var reader = batch.ExecuteReader();
        reader.NextResult();
        reader.Read();
        return new Pattern(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3));
    }

    private static void Time(string name, int gets, Func<Pattern> get)
    {
        long thread = Ticks("/proc/thread-self/stat"), server = ServerTicks();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var wall = Stopwatch.StartNew();
        for (int n = 0; n < gets; n++)
            get();
        double us = wall.Elapsed.TotalMicroseconds / gets;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        double cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / gets;
        double threadUs = (Ticks("/proc/thread-self/stat") - thread) * TickMicroseconds / gets;
        double serverUs = (ServerTicks() - server) * TickMicroseconds / gets;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} wall {us,8:F1} us  client CPU {cpuUs,7:F1} us  calling thread {threadUs,6:F1} us  server CPU {serverUs,6:F1} us  alloc {(double)allocated / gets,7:F0} B"));
    }

    /// <summary>Microseconds per clock tick of /proc's CPU times (USER_HZ, 100 on Linux).</summary>
    private const double TickMicroseconds = 10_000;

    /// <summary>User plus system CPU ticks of the process or thread whose /proc stat file is <paramref name="path"/>; 0 if unreadable.</summary>
    private static long Ticks(string path)
    {
        try
        {
            string stat = System.IO.File.ReadAllText(path);
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The postmaster of the loop's server (its own), or 0 for a server named in the environment.</summary>
    private static int s_postmaster;

    /// <summary>CPU ticks of the loop's server: its postmaster and the processes it started; every PostgreSQL process for a server named in the environment.</summary>
    private static long ServerTicks()
    {
        long total = 0;
        foreach (string dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            string pid = System.IO.Path.GetFileName(dir);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
                continue;
            try
            {
                if (System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "comm")).Trim() != "postgres")
                    continue;
                string stat = System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                string parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                if (s_postmaster == 0 || pid == s_postmaster.ToString(CultureInfo.InvariantCulture) || parent == s_postmaster.ToString(CultureInfo.InvariantCulture))
                    total += Ticks(System.IO.Path.Combine(dir, "stat"));
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
            {
                // a process that ended meanwhile
            }
        }
        return total;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

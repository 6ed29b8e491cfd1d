using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SqliteGen.Benchmarks;

// The tenancy workload: a layered read against a plain one, and reading across 1,000 tenant files.
// Run with `dotnet run -c Release --project benchmarks/SqliteGen.Benchmarks -- --tenancy [--quick]`.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(Pattern), typeof(TenantNote) })]
public partial class TenantBenchDb;

[Table("patterns"), TenantScoped(TenantMode.Layered)]
public partial record Pattern([PrimaryKey] string FragmentId, string ResponseText, [Indexed] string Intent, double SuccessScore);

[Table("tenant_notes"), TenantScoped(TenantMode.Isolated)]
public partial record TenantNote([PrimaryKey] long NoteId, string Text);

/// <summary>
/// Get by key: a plain table (<c>db.Base.Patterns</c>, one lookup), a layered table where the tenant owns the
/// row (one lookup in the tenant's file), and a layered table falling back to the base (a miss in the
/// tenant's file, then the base lookup). Target: layered at most 1.5x plain.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("tenancy")]
public class LayeredGet
{
    private const int BaseRows = 1_000;
    private string? _folder;
    private TenantBenchDb? _db;
    private TenantBenchDb.TenantView? _tenant;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-tenancy-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _db = TenantBenchDb.Open(Path.Combine(_folder, "base.db"));
        _db.Base.Patterns.InsertMany(Enumerable.Range(0, BaseRows).Select(i => new Pattern("p" + i, "base " + i, "intent" + (i % 10), 0.5)));
        _tenant = _db.ForTenant("alice");
        // The tenant overrides the even keys.
        _tenant.Patterns.InsertMany(Enumerable.Range(0, BaseRows / 2).Select(i => new Pattern("p" + (2 * i), "own " + i, "intent" + (i % 10), 0.9)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tenant?.Dispose();
        _db?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    private string NextEven() => "p" + 2 * (_i = (_i + 1) % (BaseRows / 2));

    private string NextOdd() => "p" + (2 * (_i = (_i + 1) % (BaseRows / 2)) + 1);

    [Benchmark(Baseline = true, Description = "plain Get")]
    public Pattern Plain() => _db!.Base.Patterns.Get(NextEven());

    [Benchmark(Description = "layered Get, tenant row")]
    public Pattern LayeredOwn() => _tenant!.Patterns.Get(NextEven());

    [Benchmark(Description = "layered Get, base fallback")]
    public Pattern LayeredFallback() => _tenant!.Patterns.Get(NextOdd());
}

/// <summary>
/// One read in each of 1,000 tenant files in turn (<c>ForTenant</c>, a count, dispose), with 64 kept open:
/// most calls close the least recently used file and open another. Reported per tenant.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("tenancy")]
public class AcrossTenants
{
    private const int Tenants = 1_000;
    private string? _folder;
    private TenantBenchDb? _db;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"sqlitegen-bench-tenants-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _db = TenantBenchDb.Open(Path.Combine(_folder, "base.db"), new SqliteGenOptions { MaxOpenTenants = 64 });
        for (int i = 0; i < Tenants; i++)
        {
            using TenantBenchDb.TenantView view = _db.ForTenant($"t{i:D4}");
            view.TenantNotes.Insert(new TenantNote(1, "hello"));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Tenants, Description = "open + read, 1,000 tenants round robin")]
    public long ReadEveryTenant()
    {
        long total = 0;
        for (int i = 0; i < Tenants; i++)
        {
            using TenantBenchDb.TenantView view = _db!.ForTenant($"t{i:D4}");
            total += view.TenantNotes.Count();
        }
        return total;
    }

    /// <summary>
    /// The <c>--tenancy</c> mode: both classes, then the layered/plain ratio against the 1.5x target; with
    /// <c>--results</c> the report also becomes the tenancy section of RESULTS.md.
    /// </summary>
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        IConfig config = DefaultConfig.Instance.AddDiagnoser(PageFaultDiagnoser.Instance).AddColumn(PageFaultDiagnoser.Columns);
        if (quick)
            config = config.AddJob(Program.QuickJob).WithOptions(ConfigOptions.DisableLogFile);
        else
            config = config.AddJob(Program.FullJob); // the 16 MiB gen0 budget (PageFaults)
        Summary[] summaries = BenchmarkRunner.Run(new[] { typeof(LayeredGet), typeof(AcrossTenants) }, config);
        double Median(Type type, string method) => summaries.SelectMany(s => s.Reports)
            .First(r => r.BenchmarkCase.Descriptor.Type == type && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Median;

        var report = new StringWriter(); // everything printed from here on also goes into RESULTS.md with --results
        void Line(string text)
        {
            Console.WriteLine(text);
            report.WriteLine(text);
        }
        Console.WriteLine();
        double plain = Median(typeof(LayeredGet), nameof(LayeredGet.Plain));
        Line($"Tenancy ({(quick ? "quick run: indicative only; " : "")}medians): plain Get {plain / 1e3:0.00} us");
        foreach (string method in new[] { nameof(LayeredGet.LayeredOwn), nameof(LayeredGet.LayeredFallback) })
        {
            double median = Median(typeof(LayeredGet), method), ratio = median / plain;
            Line($"  {method}: {median / 1e3:0.00} us, {ratio:0.00}x plain Get (target at most 1.5x: {(ratio <= 1.5 ? "PASS" : "MISS")})");
        }
        Line($"  open + read across 1,000 tenants (64 kept open): {Median(typeof(AcrossTenants), nameof(AcrossTenants.ReadEveryTenant)) / 1e3:0.0} us per tenant");
        if (args.Contains("--results"))
        {
            string markdown = $"## Tenancy (`--tenancy`)\n\nRun {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} logical cores with `-- {string.Join(' ', args)}`; "
                + "this section is replaced by the next `--tenancy --results` run and kept by full runs.\n\n> Conditions: " + ResultsWriter.Conditions() + ".\n\n```\n" + report.ToString().TrimEnd() + "\n```\n";
            Console.WriteLine($"Wrote the tenancy section of {ResultsWriter.WriteSection("tenancy", markdown)}");
        }
        return summaries.Any(s => s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// The b-tree reader behind sizes and fragmentation reads raw pages, so it must survive any bytes:
/// copies of a database with random garbage written over random places (fixed seed) never crash
/// <c>MeasureSpace</c>, <c>CheckHealth</c> or the <c>inspect</c>/<c>health</c> commands.
/// </summary>
public sealed class DamagedFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Random_damage_gives_reports_or_clear_errors_never_a_crash()
    {
        string good = _folder.File("good.db");
        Db.CreateNotes(good, rows: 200, wal: false);
        long length = new FileInfo(good).Length;
        var random = new Random(8);
        int corrupt = 0;
        for (int run = 0; run < 60; run++)
        {
            string copy = _folder.File($"damaged{run}.db");
            File.Copy(good, copy);
            using (FileStream file = File.OpenWrite(copy))
            {
                var garbage = new byte[1 + random.Next(64)];
                random.NextBytes(garbage);
                file.Position = run switch
                {
                    < 10 => random.Next(4096 - garbage.Length), // page 1: the header and the schema
                    < 40 => 4096L * random.Next(1, (int)(length / 4096)) + random.Next(12), // a page header
                    _ => random.Next((int)length - garbage.Length), // anywhere, mostly row contents
                };
                file.Write(garbage);
            }

            try
            {
                SpaceReport space = DatabaseMaintenance.ForFile(copy).MeasureSpace();
                Assert.True(space.NotMeasuredReason is not null || space.BTrees.Count == 5, $"run {run}");
                HealthReport health = DatabaseMaintenance.ForFile(copy).CheckHealth();
                if (health.Verdict == HealthVerdict.Corrupt)
                    corrupt++;
            }
            catch (Exception error) when (error is SqliteException or DatabaseOpenException)
            {
                corrupt++; // SQLite refused the file itself (the schema page or the header)
            }

            foreach (string command in new[] { "inspect", "health" })
            {
                CliResult result = Cli.Run(command, copy);
                Assert.True(result.ExitCode is 0 or 1 or 3 or 5 or 6, $"run {run}, {command}: exit {result.ExitCode}: {result.Error}");
                Assert.True(result.ExitCode is 0 or 5 or 6 || result.Error.StartsWith($"sqlitegen {command}: ", StringComparison.Ordinal), result.Error);
            }
        }
        Assert.True(corrupt > 20, $"only {corrupt} of 60 damaged copies were found corrupt: the damage should hit");
    }
}

using System;
using System.Globalization;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// How long the tests run: short in CI, long from one environment variable (docs/RELIABILITY.md, "Run it").
/// </summary>
internal static class RunLength
{
    /// <summary>Kills per crash case: SQLITEGEN_CRASH_ROUNDS, default 8.</summary>
    public static int CrashRounds => Positive("SQLITEGEN_CRASH_ROUNDS") ?? 8;

    /// <summary>The soak's length: SQLITEGEN_SOAK_MINUTES, default 15 seconds.</summary>
    public static TimeSpan Soak => Positive("SQLITEGEN_SOAK_MINUTES") is int minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.FromSeconds(15);

    private static int? Positive(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}

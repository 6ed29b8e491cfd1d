using System;
using System.Runtime.CompilerServices;

namespace SqliteGen.Tests;

/// <summary>
/// The options the runtime tests open databases with. <c>SQLITEGEN_TEST_REUSE_READ_SNAPSHOTS=1</c> turns
/// <see cref="SqliteGenOptions.ReuseReadSnapshots"/> on in <see cref="SqliteGenOptions.Default"/> before any test runs,
/// so every pool a test opens without options, or with <c>SqliteGenOptions.Default with { ... }</c>, keeps read snapshots:
/// the whole suite then runs with the option on (CONTRIBUTING.md, "Test"). Child processes inherit the variable, and the
/// crash worker links this file too. Tests that need the option on or off say so themselves.
/// </summary>
internal static class TestOptions
{
    public const string Variable = "SQLITEGEN_TEST_REUSE_READ_SNAPSHOTS";

    /// <summary>True when this run keeps read snapshots everywhere.</summary>
    public static bool ReuseReadSnapshots { get; } = Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>
    /// <c>SQLITEGEN_TEST_SQLITE_MULTITHREAD=1</c>: the process switches SQLite to its multi-thread mode
    /// (<see cref="SqliteThreading.UseMultiThreadMode"/>) before any test opens a connection, so every connection of the
    /// run has no mutex (CONTRIBUTING.md). Child processes inherit the variable.
    /// </summary>
    public const string MultiThreadVariable = "SQLITEGEN_TEST_SQLITE_MULTITHREAD";

    /// <summary>True when this run has SQLite in its multi-thread mode.</summary>
    public static bool MultiThread { get; } = Environment.GetEnvironmentVariable(MultiThreadVariable) == "1";

#pragma warning disable CA2255 // a module initializer in a test assembly: the defaults must change before any test opens a pool
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ApplyToDefaults()
    {
        if (MultiThread)
            SqliteThreading.UseMultiThreadMode(); // first: SQLite takes the mode only before its first connection
        if (ReuseReadSnapshots)
        {
            // The product's defaults are immutable to applications (init-only); the test run changes them once, here.
            typeof(SqliteGenOptions).GetProperty(nameof(SqliteGenOptions.ReuseReadSnapshots))!.SetValue(SqliteGenOptions.Default, true);
        }
    }
}

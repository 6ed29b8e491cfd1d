using System;
using System.Collections.Generic;
using System.Reflection;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>A database class compiled in the test (loaded from its emitted assembly), opened and migrated on real files.</summary>
internal static class GeneratedDatabase
{
    /// <summary>The generated <c>Open</c>, then disposed: a fresh file at the build's version, or an older one migrated up.</summary>
    public static void Open(Type database, string path)
    {
        try
        {
            using var db = (IDisposable)database.GetMethod("Open")!.Invoke(null, new object?[] { path, null })!;
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
        }
    }

    /// <summary>The build's <c>Migrations</c>.</summary>
    public static IReadOnlyList<Migration> Migrations(Type database) => (IReadOnlyList<Migration>)database.GetProperty("Migrations")!.GetValue(null)!;

    /// <summary>Migrates the file at <paramref name="path"/> to version <paramref name="to"/> (data loss allowed).</summary>
    public static void Migrate(string path, Type database, int to)
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
        Assert.Equal(to, Migrator.Migrate(pool, database.Name, Migrations(database), to, new MigrationOptions { AllowDataLoss = true }));
    }
}

using System;
using System.Threading.Tasks;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>Options of a <see cref="TenantDirectory"/>.</summary>
public sealed class TenantDirectoryOptions
{
    /// <summary>How new tenants are placed. Default <see cref="TenantPlacementPolicy.FewestTenants"/>.</summary>
    public TenantPlacementPolicy Placement { get; init; } = TenantPlacementPolicy.FewestTenants;

    /// <summary>
    /// How long a write transaction waits for the tenant's write lock (held by a move) before failing with
    /// <see cref="TenantBusyException"/>. Default 2 seconds.
    /// </summary>
    public TimeSpan WriteLockTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many resident vector indexes of tenants' tables this process keeps for the directory: one per tenant, table
    /// and vector column searched (each holds its rows' vectors, docs/vectors.md). The least recently searched is dropped
    /// first and loaded again by its next search. Default 64, as many as the SQLite side keeps tenant files open.
    /// </summary>
    public int MaxVectorIndexes { get; init; } = 64;

    /// <summary>
    /// Called after each step of a move (for observability, and for tests that stop a move at a chosen step). An
    /// exception it throws stops the move there, exactly as a crash would: recovery finishes or undoes it later.
    /// </summary>
    public Func<string, TenantMoveStep, ValueTask>? AfterMoveStep { get; init; }
}

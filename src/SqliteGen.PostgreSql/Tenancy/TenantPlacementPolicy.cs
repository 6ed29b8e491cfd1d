namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>How <see cref="TenantDirectory.PlaceAsync(string, System.Threading.CancellationToken)"/> picks a server for a new tenant.</summary>
public enum TenantPlacementPolicy
{
    /// <summary>
    /// The server with the fewest tenants in the directory (ties: the first name in ordinal order). Placements are
    /// serialized on the directory for the moment of choosing, so concurrent placements still spread evenly.
    /// </summary>
    FewestTenants,

    /// <summary>
    /// A jump consistent hash of the id over the servers in ordinal name order: the same id always lands on the same
    /// server while the set is unchanged, with no directory query; adding a server last moves about 1/n of new placements.
    /// </summary>
    StableHash,
}

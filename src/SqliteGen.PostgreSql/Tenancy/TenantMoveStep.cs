namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// The steps of <see cref="TenantDirectory.MoveAsync"/>, in order; docs/tenancy.md says what a kill after each leaves.
/// <see cref="TenantDirectoryOptions.AfterMoveStep"/> is called after each one.
/// </summary>
public enum TenantMoveStep
{
    /// <summary>The directory row says <c>moving</c>, with the target server.</summary>
    Marked = 1,
    /// <summary>The mover holds the tenant's exclusive write lock on the source server: new writes wait, then fail retryably.</summary>
    WritesBlocked,
    /// <summary>
    /// The copy on the target is committed under its staging name (<see cref="TenantSchemaNames.Staging"/>), verified by
    /// row counts and checksums both servers computed.
    /// </summary>
    Copied,
    /// <summary>The source schema is renamed to its retired name, marked with where the tenant went.</summary>
    Retired,
    /// <summary>
    /// The target's copy is renamed to the live name, then the directory row points to the target with the next epoch:
    /// the move's commit point.
    /// </summary>
    Switched,
    /// <summary>The retired copy on the source is dropped.</summary>
    Removed,
}

using System;

namespace SqliteGen;

/// <summary>Where a tenant-scoped table's rows live and how they are read.</summary>
public enum TenantMode
{
    /// <summary>Rows live only in each tenant's own file; a tenant never sees another's, and the base has none.</summary>
    Isolated,

    /// <summary>
    /// Each tenant's file holds the tenant's rows and the shared base file holds rows every tenant sees:
    /// reads look in the tenant's file first and fall back to the base (the tenant's row wins on an equal
    /// key); writes go to the tenant's file, and to the base only through the database's <c>Base</c> tables.
    /// </summary>
    Layered,
}

/// <summary>
/// The table's rows belong to tenants: the generated database gets <c>ForTenant(tenantId)</c>, which
/// opens (creating and migrating on first use) one file per tenant under the tenant folder. See docs/tenancy.md.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class TenantScopedAttribute : Attribute
{
    /// <summary>Declares the table tenant-scoped with <paramref name="mode"/>.</summary>
    public TenantScopedAttribute(TenantMode mode) => Mode = mode;

    /// <summary>Isolated or layered.</summary>
    public TenantMode Mode { get; }
}

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// Where a tenant lives: the server's name in <see cref="TenantServers"/>, the schema holding its tables, and the
/// directory's epoch for that placement (raised by each move). A connection checks the epoch against the mark on the
/// schema before it writes, so a location read before a move can never write to a copy the move left behind.
/// </summary>
public readonly record struct TenantLocation(string TenantId, string Server, string Schema, long Epoch);

/// <summary>
/// One row of the tenant directory (<see cref="TenantDirectory.ListAsync"/>): the server and schema, the epoch, the
/// state (<c>placing</c>, <c>active</c> or <c>moving</c>) and, while moving, the target server.
/// </summary>
public sealed record TenantDirectoryEntry(string TenantId, string Server, string Schema, long Epoch, string State, string? MoveTo);

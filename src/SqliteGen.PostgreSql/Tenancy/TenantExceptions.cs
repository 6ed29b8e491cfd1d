using System;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>The base of the tenant directory's errors; names the tenant.</summary>
public class TenantException : SqliteGenException
{
    /// <summary>Creates the exception.</summary>
    public TenantException(string tenantId, string message, Exception? innerException = null)
        : base(message, innerException) => TenantId = tenantId;

    /// <summary>The tenant involved.</summary>
    public string TenantId { get; }

    /// <summary>True when trying again later can succeed (a move in progress, a moved tenant, a server back up).</summary>
    public virtual bool IsRetryable => false;
}

/// <summary>The directory has no (finished) placement for the tenant: place it first.</summary>
public sealed class TenantNotPlacedException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantNotPlacedException(string tenantId)
        : base(tenantId, $"Tenant '{tenantId}' is not placed on any server: call PlaceAsync first.") { }
}

/// <summary>The tenant is already placed; a second placement would make two copies.</summary>
public sealed class TenantAlreadyPlacedException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantAlreadyPlacedException(string tenantId, string server)
        : base(tenantId, $"Tenant '{tenantId}' is already placed on server '{server}'; use MoveAsync to change its server.") => Server = server;

    /// <summary>The server the tenant is on.</summary>
    public string Server { get; }
}

/// <summary>
/// The tenant's writes are blocked by a move in progress (its write lock stayed held past
/// <see cref="TenantDirectoryOptions.WriteLockTimeout"/>, or the move has retired the old copy but not yet switched).
/// Nothing was written; try again.
/// </summary>
public sealed class TenantBusyException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantBusyException(string tenantId, string server, string message, Exception? innerException = null)
        : base(tenantId, message, innerException) => Server = server;

    /// <summary>The server the tenant was on when the write was refused.</summary>
    public string Server { get; }

    /// <inheritdoc />
    public override bool IsRetryable => true;
}

/// <summary>
/// The tenant's server could not be reached (refused, timed out, shutting down). Other tenants are unaffected; nothing of
/// this tenant was written; try again when the server is back.
/// </summary>
public sealed class TenantServerUnavailableException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantServerUnavailableException(string tenantId, string server, Exception innerException)
        : base(tenantId, $"Tenant '{tenantId}' lives on server '{server}', which cannot be reached: {innerException.Message}", innerException)
        => Server = server;

    /// <summary>Creates the exception with a message of the caller's (the directory's own server, for one).</summary>
    public TenantServerUnavailableException(string tenantId, string server, string message, Exception innerException)
        : base(tenantId, message, innerException) => Server = server;

    /// <summary>The server that could not be reached.</summary>
    public string Server { get; }

    /// <inheritdoc />
    public override bool IsRetryable => true;
}

/// <summary>Placing or moving a tenant failed; the message says which step and why, and what was left.</summary>
public sealed class TenantPlacementException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantPlacementException(string tenantId, string message, Exception? innerException = null)
        : base(tenantId, message, innerException) { }
}

/// <summary>
/// A statement of the tenant's found no table of the name it used in the tenant's schema, where the directory places the
/// tenant now (looked up again after the first failure, so not a move in progress): the schema lacks a table of the
/// database (dropped by hand, or a migration it did not get). Nothing of the operation was written. Trying again does
/// not help until the table is back: migrate the tenant, or restore the table.
/// </summary>
public sealed class TenantTableMissingException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantTableMissingException(string tenantId, string server, string schema, string table, Exception innerException)
        : base(tenantId,
            $"Tenant '{tenantId}' on server '{server}': table '{table}' does not exist in the tenant's schema '{schema}' ({innerException.Message}). Nothing was written; migrate the tenant or restore the table.",
            innerException)
    {
        Server = server;
        Schema = schema;
        Table = table;
    }

    /// <summary>The server the tenant is on.</summary>
    public string Server { get; }

    /// <summary>The tenant's schema on that server.</summary>
    public string Schema { get; }

    /// <summary>The table the statement named that the schema lacks.</summary>
    public string Table { get; }
}

/// <summary>
/// The tenant's schema is not where the directory places it: gone (dropped outside SqliteGen), or a schema of that name
/// that is not the tenant's copy (its mark names another epoch or none), while the directory's entry is <c>active</c> there
/// and no move of the tenant is under way (the directory's move lock was free, and its entry records no move and no
/// retired copy). Nothing of the operation was written. Trying again does not help until the schema is back: restore it,
/// with its mark, from a backup.
/// </summary>
public sealed class TenantSchemaMissingException : TenantException
{
    /// <summary>Creates the exception.</summary>
    public TenantSchemaMissingException(string tenantId, string server, string schema, long epoch, string? mark, Exception innerException)
        : base(tenantId,
            (mark is null
                ? $"Tenant '{tenantId}' on server '{server}': its schema '{schema}' does not exist"
                : $"Tenant '{tenantId}' on server '{server}': its schema '{schema}' is not the tenant's copy at epoch {epoch} (its mark is '{mark}')")
            + $", though the directory places the tenant there at epoch {epoch} and no move of it is under way: the schema was dropped or replaced outside SqliteGen. Nothing was written; trying again will not help: restore the schema from a backup.",
            innerException)
    {
        Server = server;
        Schema = schema;
        Mark = mark;
    }

    /// <summary>The server the directory places the tenant on.</summary>
    public string Server { get; }

    /// <summary>The tenant's schema on that server.</summary>
    public string Schema { get; }

    /// <summary>The mark (comment) of the schema of that name found there; null when there is no such schema.</summary>
    public string? Mark { get; }
}

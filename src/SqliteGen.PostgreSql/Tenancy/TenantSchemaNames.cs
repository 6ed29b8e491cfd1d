using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// PostgreSQL names derived from a tenant id: the tenant's schema (<c>t_</c> + id), the name a move makes its copy under
/// (<c>c{epoch}_</c> + id), the name its old copy is retired under during a move (<c>r{epoch}_</c> + id), the advisory
/// lock keys, and the mark each schema carries as its comment.
/// Ids are checked by <see cref="TenantFiles.Validate"/> first, and every name is written quoted, so no id can reach SQL
/// as anything but a name. PostgreSQL truncates names at 63 bytes: a longer name keeps its first part and ends in 16 hex
/// digits of the id's SHA-256, so two ids never share a schema.
/// </summary>
public static class TenantSchemaNames
{
    /// <summary>PostgreSQL's longest name in bytes (NAMEDATALEN - 1).</summary>
    public const int MaxNameBytes = 63;

    /// <summary>The classid of the advisory locks SqliteGen takes for tenants (<c>"SQGT"</c>).</summary>
    internal const int LockClass = 0x53514754;

    /// <summary>The schema a tenant lives in.</summary>
    public static string Live(string tenantId) => Derive("t_", tenantId);

    /// <summary>
    /// The name a move makes its copy under on the target, marked with the <paramref name="epoch"/> the move gives the
    /// tenant, and renamed to <see cref="Live"/> only after the source's copy is retired (with the tenant's writes
    /// blocked): so a schema of the live name exists only where the directory places the tenant, or is about to with the
    /// very same rows, and a statement naming the live schema directly can never read a copy that is not the tenant's.
    /// </summary>
    public static string Staging(string tenantId, long epoch) => Derive("c" + epoch.ToString(CultureInfo.InvariantCulture) + "_", tenantId);

    /// <summary>The name the copy at <paramref name="epoch"/> is renamed to when a move retires it.</summary>
    public static string Retired(string tenantId, long epoch) => Derive("r" + epoch.ToString(CultureInfo.InvariantCulture) + "_", tenantId);

    /// <summary><paramref name="name"/> as a quoted PostgreSQL identifier.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary><paramref name="text"/> as a PostgreSQL string literal.</summary>
    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The comment a live tenant schema carries: tenant and epoch.</summary>
    internal static string LiveMark(string tenantId, long epoch) =>
        "sqlitegen tenant " + tenantId + " epoch " + epoch.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The mark of the schema whose quoted name is the statement's parameter <c>$2</c>; null when the schema is missing or
    /// has none. Read from <c>pg_description</c> directly: <c>obj_description</c> is a SQL function PostgreSQL plans again
    /// on every call, which made the mark check of every tenant operation cost more than the operation's own statement.
    /// The schema is found by <c>to_regnamespace</c> (a catalog cache lookup), not by comparing
    /// <c>pg_namespace.nspname</c> with a text parameter: that comparison cannot use the catalog's index (a <c>name</c>
    /// column against <c>text</c>), so it scanned every schema of the server, once per tenant operation.
    /// </summary>
    internal const string MarkOfQuotedSchemaParameter2 = MarkOfSchemaOid + QuotedSchemaOid + "$2)" + MarkOfSchemaEnd;

    /// <summary>
    /// The mark of the schema whose quoted name is the statement's parameter <c>$1</c>, as one value: <c>''</c> when the
    /// schema has none, NULL when the schema is missing. The schema is found as in <see cref="MarkOfQuotedSchemaParameter2"/>,
    /// and no table is read but <c>pg_description</c> by its index: a query of <c>pg_namespace</c> by oid was planned as a
    /// Seq Scan while the catalog's statistics still counted the few schemas it had before a thousand tenants were placed.
    /// </summary>
    internal const string SelectMarkOfQuotedSchemaParameter1 =
        "SELECT CASE WHEN " + QuotedSchemaOid + "$1) IS NOT NULL THEN coalesce(" + MarkOfSchemaOid + QuotedSchemaOid + "$1)" + MarkOfSchemaEnd + ", '') END";

    /// <summary>The oid of a schema by its quoted name (null when missing): a catalog cache lookup, then the index on oids.</summary>
    private const string QuotedSchemaOid = "pg_catalog.to_regnamespace(";

    private const string MarkOfSchemaOid = "(SELECT description FROM pg_catalog.pg_description WHERE objoid = ";
    private const string MarkOfSchemaEnd = " AND classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND objsubid = 0)";

    /// <summary>The comment a retired copy carries: the epoch it held and where the tenant went.</summary>
    internal static string RetiredMark(string tenantId, long epoch, string toServer) =>
        "sqlitegen tenant " + tenantId + " retired at epoch " + epoch.ToString(CultureInfo.InvariantCulture) + ", moved to server " + toServer;

    /// <summary>The advisory lock objid of a tenant (the first 4 bytes of the id's SHA-256; a collision only makes two tenants wait for each other).</summary>
    internal static int LockKey(string tenantId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tenantId), hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash);
    }

    private static string Derive(string prefix, string tenantId)
    {
        TenantFiles.Validate(tenantId);
        string name = prefix + tenantId;
        if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes)
            return name;
        string digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)))[..16].ToLowerInvariant();
        return name[..(MaxNameBytes - 17)] + "_" + digest; // ASCII only (the safe set), so characters are bytes
    }
}

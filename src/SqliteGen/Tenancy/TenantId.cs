using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SqliteGen;

/// <summary>
/// Maps an application's own tenant identifiers (a user name such as <c>"Alice"</c>, an e-mail address, a number, a
/// <see cref="Guid"/> in any case) to a tenant id in the safe set <see cref="TenantFiles"/> accepts, so that any
/// external id can name a tenant file without being refused and without two ids sharing a file.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="From(string)"/> is a pure function of the exact text (ordinal, case-sensitive): the same text gives the same
/// id on every machine and in every version of SqliteGen, so it can be computed again instead of being stored. The id is
/// a readable prefix (the text lowered to <c>a-z</c>, <c>0-9</c> and <c>-</c>, at most 40 characters) and the first 16 hex
/// digits of the SHA-256 of the text's UTF-8 bytes: <c>"Alice"</c> is <c>alice-3bc51062973c458d</c>, <c>"alice"</c> is
/// <c>alice-2bd806c97f0e00af</c>. Two different texts share an id only if their hashes share 64 bits (about one chance in
/// 2^32 among four billion tenants).
/// </para>
/// <para>
/// A <see cref="Guid"/> is its own lower-case text (<c>Guid.ToString()</c>), already in the safe set, so a Guid read in
/// upper case (<c>Guid.Parse("3F25…")</c>) names the same tenant as the lower-case one; a number is its decimal digits.
/// Ids already chosen in the safe set need no mapping: pass them to <c>ForTenant</c> as they are, but do not mix the two
/// for one kind of key (<c>From("alice")</c> is not <c>"alice"</c>).
/// </para>
/// </remarks>
public static class TenantId
{
    private const int PrefixLength = 40;
    private const int HashDigits = 16;

    /// <summary>The tenant id of an external text id: a readable prefix and a hash of the exact text (see the remarks).</summary>
    /// <exception cref="ArgumentException"><paramref name="externalId"/> is null or empty.</exception>
    public static string From(string externalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(externalId);
        var id = new StringBuilder(PrefixLength + 1 + HashDigits);
        foreach (char c in externalId)
        {
            if (id.Length == PrefixLength)
                break;
            char lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                id.Append(lower);
            else if (id.Length > 0 && id[^1] != '-')
                id.Append('-');
        }
        if (id.Length > 0 && id[^1] != '-')
            id.Append('-');
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(externalId), hash);
        id.Append(Convert.ToHexString(hash[..(HashDigits / 2)]).ToLowerInvariant());
        return id.ToString();
    }

    /// <summary>The tenant id of a Guid: its lower-case <c>"D"</c> text, the same whichever case it was parsed from.</summary>
    public static string From(Guid externalId) => externalId.ToString("D");

    /// <summary>The tenant id of a number: its invariant decimal digits (a negative number gets an <c>n</c> before them).</summary>
    public static string From(long externalId) =>
        externalId < 0 ? "n" + (-(decimal)externalId).ToString(CultureInfo.InvariantCulture) : externalId.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.IO;

namespace SqliteGen;

/// <summary>
/// Maps a tenant id to its database file under a root folder, after checking the id against a small
/// safe set. The check runs before any file is touched, so a hostile id can never name a file outside
/// the root, a device, or another tenant's file.
/// </summary>
/// <remarks>
/// The safe set: 1 to <see cref="MaxLength"/> characters from <c>a-z</c>, <c>0-9</c>, <c>-</c> and
/// <c>_</c>, starting with a letter or digit, and not a Windows device name (<c>con</c>, <c>nul</c>,
/// <c>com1</c>, ...). Lowercase only, so that two ids never share a file on a case-insensitive file
/// system; ASCII only, so that no Unicode look-alike of a separator or dot gets through. GUIDs in their
/// usual form (<c>Guid.ToString()</c>) and typical user names fit.
/// </remarks>
public static class TenantFiles
{
    /// <summary>The longest id accepted (file names stay far below every file system's limit).</summary>
    public const int MaxLength = 64;

    /// <summary>The database file extension.</summary>
    public const string Extension = ".db";

    private static readonly string[] s_deviceNames =
        { "con", "prn", "aux", "nul", "clock$", "conin$", "conout$" };

    /// <summary>The full path of <paramref name="tenantId"/>'s database file under <paramref name="rootFolder"/>.</summary>
    /// <exception cref="InvalidTenantIdException">The id is outside the safe set; the message says why.</exception>
    public static string GetPath(string rootFolder, string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        Validate(tenantId);
        string root = Path.GetFullPath(rootFolder);
        string path = Path.GetFullPath(Path.Combine(root, tenantId + Extension));
        // Defence in depth: the safe set already guarantees this.
        if (!string.Equals(Path.GetDirectoryName(path), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new InvalidTenantIdException(tenantId, $"Tenant id '{Printable(tenantId)}' does not map to a file directly inside '{root}'.");
        return path;
    }

    /// <summary>True when <paramref name="tenantId"/> is in the safe set.</summary>
    public static bool IsValid(string? tenantId)
    {
        try
        {
            Validate(tenantId);
            return true;
        }
        catch (InvalidTenantIdException)
        {
            return false;
        }
    }

    /// <summary>Throws <see cref="InvalidTenantIdException"/> unless <paramref name="tenantId"/> is in the safe set.</summary>
    public static void Validate(string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId))
            throw new InvalidTenantIdException(tenantId ?? "", "A tenant id cannot be empty.");
        if (tenantId.Length > MaxLength)
            throw new InvalidTenantIdException(tenantId, $"Tenant id '{Printable(tenantId[..20])}…' is {tenantId.Length} characters long; the limit is {MaxLength}. Map a longer id with TenantId.From(...).");
        for (int i = 0; i < tenantId.Length; i++)
        {
            char c = tenantId[i];
            bool safe = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (i > 0 && c is '-' or '_');
            if (!safe)
                throw new InvalidTenantIdException(tenantId, $"Tenant id '{Printable(tenantId)}' has {Describe(c)} at position {i}: ids may use only a-z, 0-9, '-' and '_', and start with a letter or digit. Map an id of your own (a user name, an e-mail, a Guid) with TenantId.From(...).");
        }
        if (IsDeviceName(tenantId))
            throw new InvalidTenantIdException(tenantId, $"Tenant id '{tenantId}' is a reserved device name on Windows and cannot be a file name.");
    }

    private static bool IsDeviceName(string id) =>
        Array.IndexOf(s_deviceNames, id) >= 0
        || (id.Length == 4 && (id.StartsWith("com", StringComparison.Ordinal) || id.StartsWith("lpt", StringComparison.Ordinal)) && id[3] is >= '0' and <= '9');

    private static string Describe(char c) => c switch
    {
        '/' or '\\' => $"a path separator '{c}'",
        '.' => "a dot",
        '\0' => "a NUL character",
        ':' => "a colon (drive letters and streams)",
        >= 'A' and <= 'Z' => $"an uppercase letter '{c}' (ids are lowercase, so two never share a file on a case-insensitive file system)",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e' => $"the character U+{(int)c:X4}",
        _ => $"the character '{c}'",
    };

    /// <summary>The id with control and non-ASCII characters escaped, safe to put in a message or a log.</summary>
    private static string Printable(string id)
    {
        var text = new System.Text.StringBuilder(id.Length);
        foreach (char c in id)
            text.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        return text.ToString();
    }
}

/// <summary>A tenant id outside the safe set (see <see cref="TenantFiles"/>). Nothing was created or opened.</summary>
public sealed class InvalidTenantIdException : SqliteGenException
{
    /// <summary>Creates the exception.</summary>
    public InvalidTenantIdException(string tenantId, string message) : base(message) => TenantId = tenantId;

    /// <summary>The id that was refused.</summary>
    public string TenantId { get; }
}

using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SqliteGen;

/// <summary>
/// Reads a configuration section into <see cref="SqliteGenDatabaseOptions"/> by hand: every key is named here, so
/// nothing needs reflection (trim- and NativeAOT-clean, unlike <c>ConfigurationBinder.Bind</c>), and a bad value is an
/// error naming its key. Keys are case-insensitive; a missing key keeps the current value.
/// </summary>
public static class SqliteGenConfiguration
{
    /// <summary>Applies the keys present in <paramref name="section"/> to <paramref name="target"/>.</summary>
    /// <exception cref="InvalidOperationException">A value cannot be read as its setting's type; the message names the key.</exception>
    public static void Bind(IConfiguration section, SqliteGenDatabaseOptions target)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(target);
        if (section["Path"] is { Length: > 0 } path)
            target.Path = path;
        SqliteGenOptions o = target.Options ?? SqliteGenOptions.Default;
        o = o with
        {
            MaxReaders = Int(section, "MaxReaders") ?? o.MaxReaders,
            BusyTimeout = Duration(section, "BusyTimeout") ?? o.BusyTimeout,
            WriterWaitTimeout = Duration(section, "WriterWaitTimeout") ?? o.WriterWaitTimeout,
            Synchronous = Enum<SynchronousMode>(section, "Synchronous") ?? o.Synchronous,
            CacheSizeKiB = Int(section, "CacheSizeKiB") ?? o.CacheSizeKiB,
            MmapSizeBytes = Long(section, "MmapSizeBytes") ?? o.MmapSizeBytes,
            JournalSizeLimitBytes = Long(section, "JournalSizeLimitBytes") ?? o.JournalSizeLimitBytes,
            ForeignKeys = Bool(section, "ForeignKeys") ?? o.ForeignKeys,
            GroupCommit = Bool(section, "GroupCommit") ?? o.GroupCommit,
            BackgroundCheckpoint = Bool(section, "BackgroundCheckpoint") ?? o.BackgroundCheckpoint,
            WalSizeLimitBytes = Long(section, "WalSizeLimitBytes") ?? o.WalSizeLimitBytes,
            ReuseReadSnapshots = Bool(section, "ReuseReadSnapshots") ?? o.ReuseReadSnapshots,
            MaxGroupCommitBatch = Int(section, "MaxGroupCommitBatch") ?? o.MaxGroupCommitBatch,
            TenantFolder = section["TenantFolder"] is { Length: > 0 } folder ? folder : o.TenantFolder,
            MaxOpenTenants = Int(section, "MaxOpenTenants") ?? o.MaxOpenTenants,
            VectorBackend = Enum<VectorBackend>(section, "VectorBackend") ?? o.VectorBackend,
            SqliteVecPath = section["SqliteVecPath"] is { Length: > 0 } vec ? vec : o.SqliteVecPath,
            Maintenance = BindMaintenance(section.GetSection("Maintenance"), o.Maintenance),
        };
        target.Options = o;
    }

    /// <summary>
    /// A <c>Maintenance</c> section turns the schedule on (with the defaults for the keys it lacks); <c>Enabled: false</c>
    /// turns it off.
    /// </summary>
    private static MaintenanceSchedule? BindMaintenance(IConfigurationSection section, MaintenanceSchedule? current)
    {
        if (!section.Exists())
            return current;
        if (Bool(section, "Enabled") == false)
            return null;
        MaintenanceSchedule m = current ?? MaintenanceSchedule.Default;
        return m with
        {
            Interval = Duration(section, "Interval") ?? m.Interval,
            WalCheckpointBytes = Long(section, "WalCheckpointBytes") ?? m.WalCheckpointBytes,
            FreelistVacuumBytes = Long(section, "FreelistVacuumBytes") ?? m.FreelistVacuumBytes,
        };
    }

    private static string? Value(IConfiguration section, string key) =>
        section[key] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static InvalidOperationException Bad(IConfiguration section, string key, string text, string expected) =>
        new($"Configuration '{KeyPath(section, key)}' is '{text}', which is not {expected}.");

    private static string KeyPath(IConfiguration section, string key) =>
        section is IConfigurationSection { Path.Length: > 0 } s ? s.Path + ":" + key : key;

    private static int? Int(IConfiguration section, string key) =>
        Value(section, key) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
        : throw Bad(section, key, text, "a whole number");

    private static long? Long(IConfiguration section, string key) =>
        Value(section, key) is not { } text ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value
        : throw Bad(section, key, text, "a whole number");

    private static bool? Bool(IConfiguration section, string key) =>
        Value(section, key) is not { } text ? null
        : bool.TryParse(text, out bool value) ? value
        : throw Bad(section, key, text, "true or false");

    /// <summary>A <see cref="TimeSpan"/> as <c>ConfigurationBinder</c> reads it (<c>00:00:05</c>, <c>5.00:00:00</c>).</summary>
    private static TimeSpan? Duration(IConfiguration section, string key) =>
        Value(section, key) is not { } text ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value
        : throw Bad(section, key, text, "a duration such as 00:00:05");

    private static T? Enum<T>(IConfiguration section, string key) where T : struct, Enum =>
        Value(section, key) is not { } text ? null
        : System.Enum.TryParse(text, ignoreCase: true, out T value) && System.Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]) && text[0] != '-' ? value
        : throw Bad(section, key, text, "one of " + string.Join(", ", System.Enum.GetNames<T>()));
}

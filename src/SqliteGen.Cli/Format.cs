using System;
using System.Globalization;

namespace SqliteGen.Cli;

/// <summary>How figures are printed: invariant culture, thousands separators, sizes with a readable unit.</summary>
internal static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes)
    {
        string exact = Count(bytes) + " bytes";
        if (bytes < 1024)
            return exact;
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return exact + " (" + value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit] + ")";
    }

    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s"
            : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

using System;
using System.ComponentModel;
using System.Globalization;

namespace SqliteGen.Runtime;

/// <summary>
/// The lossless conversions between .NET values and SQLite storage that generated code calls (see
/// docs/type-mapping.md). Text formats are invariant-culture ISO 8601 so that files read the same in
/// the sqlite3 shell and in any other language.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SqliteValues
{
    /// <summary>
    /// DateTime and DateTimeOffset: the UTC instant in SQLite's own shape (what <c>datetime()</c> returns,
    /// <c>2026-12-06 04:50:23</c>) with up to 7 fractional digits, trailing zeros left out (<c>04:50:23.5</c>), so text order
    /// is time order and a value compares with SQLite's date functions (docs/type-mapping.md). Code that writes or reads
    /// these columns itself (another store, a benchmark's baseline) formats with this.
    /// </summary>
    public const string UtcText = "yyyy'-'MM'-'dd' 'HH':'mm':'ss.FFFFFFF";
    internal const string GuidFormat = "D";
    internal const string DateOnlyFormat = "yyyy'-'MM'-'dd";
    internal const string TimeOnlyFormat = "HH':'mm':'ss'.'fffffff";

    /// <summary>A Guid as lowercase 36-character text.</summary>
    public static string FromGuid(Guid value) => value.ToString(GuidFormat);

    /// <summary>Reads a Guid stored by <see cref="FromGuid"/>.</summary>
    public static Guid ToGuid(string text) => ToGuid(text.AsSpan());

    /// <inheritdoc cref="ToGuid(string)"/>
    public static Guid ToGuid(ReadOnlySpan<char> text) => Guid.ParseExact(text, GuidFormat);

    /// <summary>A decimal as invariant text, exact to the last digit and keeping its scale (1.10 stays 1.10).</summary>
    public static string FromDecimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a decimal stored by <see cref="FromDecimal"/>.</summary>
    public static decimal ToDecimal(string text) => ToDecimal(text.AsSpan());

    /// <inheritdoc cref="ToDecimal(string)"/>
    public static decimal ToDecimal(ReadOnlySpan<char> text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    /// <summary>
    /// A DateTime as <see cref="UtcText"/> with 100 ns precision: a Local time converted to UTC, a Utc or Unspecified one
    /// as it is (an Unspecified time is taken to be UTC, as SQLite's date functions take every time).
    /// </summary>
    public static string FromDateTime(DateTime value) => Utc(value).ToString(UtcText, CultureInfo.InvariantCulture);

    /// <summary>The UTC time a DateTime is stored as.</summary>
    internal static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;

    /// <summary>
    /// Reads a DateTime stored by <see cref="FromDateTime"/> (as <see cref="DateTimeKind.Utc"/>), or written by another
    /// tool: SQLite's <c>datetime()</c>, Microsoft.Data.Sqlite and EF Core write the same shape; ISO 8601 with a <c>T</c>,
    /// a <c>Z</c> or an offset (the round-trip form SqliteGen wrote before) is read too, an offset converted to UTC.
    /// </summary>
    public static DateTime ToDateTime(string text) => ToDateTime(text.AsSpan());

    /// <inheritdoc cref="ToDateTime(string)"/>
    public static DateTime ToDateTime(ReadOnlySpan<char> text) =>
        DateTime.TryParseExact(text, UtcText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime value)
            ? value
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>
    /// A DateTimeOffset as the UTC instant in <see cref="UtcText"/>, 100 ns precision. The offset is not kept: the value
    /// reads back as the same instant at +00:00 (equal under <c>==</c>, which compares instants).
    /// </summary>
    public static string FromDateTimeOffset(DateTimeOffset value) => value.UtcDateTime.ToString(UtcText, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a DateTimeOffset stored by <see cref="FromDateTimeOffset"/> (at +00:00), or written by another tool: text
    /// without an offset is UTC (SQLite's <c>datetime()</c>), text with one (Microsoft.Data.Sqlite, EF Core, ISO 8601)
    /// keeps it.
    /// </summary>
    public static DateTimeOffset ToDateTimeOffset(string text) => ToDateTimeOffset(text.AsSpan());

    /// <inheritdoc cref="ToDateTimeOffset(string)"/>
    public static DateTimeOffset ToDateTimeOffset(ReadOnlySpan<char> text) =>
        DateTime.TryParseExact(text, UtcText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Reads <see cref="UtcText"/>'s own shape (<c>yyyy-MM-dd HH:mm:ss</c>, then optionally <c>.</c> and one to seven
    /// fraction digits) from its UTF-8 bytes as a UTC DateTime, without DateTime's format parser (most of a get by key's
    /// conversion cost). False for anything else (another tool's text, a field out of range, leap seconds), which callers
    /// give to <see cref="ToDateTime(ReadOnlySpan{char})"/>: what this accepts, DateTime.TryParseExact with
    /// <see cref="UtcText"/> reads as the same value (SqliteValuesTests compares the two).
    /// </summary>
    internal static bool TryParseUtcText(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        utc = default;
        int length = utf8.Length;
        if (length < 19 || length == 20 || length > 27
            || utf8[4] != (byte)'-' || utf8[7] != (byte)'-' || utf8[10] != (byte)' ' || utf8[13] != (byte)':' || utf8[16] != (byte)':'
            || (length > 19 && utf8[19] != (byte)'.'))
            return false;
        // A pair that is not two digits reads as 10,000, which every range check below refuses (the year's too).
        uint year = TwoDigits(utf8, 0) * 100 + TwoDigits(utf8, 2);
        uint month = TwoDigits(utf8, 5), day = TwoDigits(utf8, 8);
        uint hour = TwoDigits(utf8, 11), minute = TwoDigits(utf8, 14), second = TwoDigits(utf8, 17);
        if (year - 1 > 9998 || month - 1 > 11 || hour > 23 || minute > 59 || second > 59)
            return false;
        uint[] daysToMonth = DateTime.IsLeapYear((int)year) ? DaysToMonth366 : DaysToMonth365;
        if (day - 1 >= daysToMonth[month] - daysToMonth[month - 1])
            return false;
        long fraction = 0;
        if (length > 19)
        {
            for (int i = 20; i < length; i++)
            {
                uint digit = (uint)(utf8[i] - '0');
                if (digit > 9)
                    return false;
                fraction = fraction * 10 + digit;
            }
            for (int i = length - 20; i < 7; i++)
                fraction *= 10; // ".5" is 5,000,000 ticks
        }
        // DateTime's own arithmetic (days before the year, before the month, in the month), without its parser.
        uint before = year - 1;
        long days = before * 365 + before / 4 - before / 100 + before / 400 + daysToMonth[month - 1] + day - 1;
        long ticks = days * TimeSpan.TicksPerDay + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute
            + second * TimeSpan.TicksPerSecond + fraction;
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static readonly uint[] DaysToMonth365 = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    private static readonly uint[] DaysToMonth366 = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    /// <summary>The two ASCII digits at <paramref name="at"/> as a number; 10,000 when either is not a digit.</summary>
    private static uint TwoDigits(ReadOnlySpan<byte> utf8, int at)
    {
        uint tens = (uint)(utf8[at] - '0'), ones = (uint)(utf8[at + 1] - '0');
        return tens > 9 || ones > 9 ? 10_000 : tens * 10 + ones;
    }

    /// <summary>A DateOnly as <c>yyyy-MM-dd</c>.</summary>
    public static string FromDateOnly(DateOnly value) => value.ToString(DateOnlyFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a DateOnly stored by <see cref="FromDateOnly"/>.</summary>
    public static DateOnly ToDateOnly(string text) => ToDateOnly(text.AsSpan());

    /// <inheritdoc cref="ToDateOnly(string)"/>
    public static DateOnly ToDateOnly(ReadOnlySpan<char> text) => DateOnly.ParseExact(text, DateOnlyFormat, CultureInfo.InvariantCulture);

    /// <summary>A TimeOnly as <c>HH:mm:ss.fffffff</c> (sorts correctly as text).</summary>
    public static string FromTimeOnly(TimeOnly value) => value.ToString(TimeOnlyFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a TimeOnly stored by <see cref="FromTimeOnly"/>.</summary>
    public static TimeOnly ToTimeOnly(string text) => ToTimeOnly(text.AsSpan());

    /// <inheritdoc cref="ToTimeOnly(string)"/>
    public static TimeOnly ToTimeOnly(ReadOnlySpan<char> text) => TimeOnly.ParseExact(text, TimeOnlyFormat, CultureInfo.InvariantCulture);

    /// <summary>A char as a one-character string.</summary>
    public static string FromChar(char value) => value.ToString();

    /// <summary>Reads a char stored by <see cref="FromChar"/>.</summary>
    public static char ToChar(string text) => text.Length == 1 ? text[0] : throw new FormatException($"Expected one character, found {text.Length}.");

    /// <summary>
    /// A double for a REAL column. SQLite stores NaN as NULL, which would not round-trip, so NaN is
    /// refused with an error naming the column.
    /// </summary>
    public static double FromDouble(double value, string column) =>
        double.IsNaN(value) ? throw new SqliteGenException($"Column '{column}' cannot store NaN: SQLite turns NaN into NULL. Store a nullable value (null) or a sentinel instead.") : value;

    /// <summary>
    /// The error for a name in an <c>[EnumAsText]</c> column that the enum does not have (written by another tool, or left
    /// by a member the enum no longer has): it names the column (<c>table.column</c>), the row's key when the read has it,
    /// the value and the names the enum has.
    /// </summary>
    public static SqliteGenException UnknownEnumName(string column, string? key, string value, string enumType, string names) =>
        new($"Column '{column}'{(key is null ? "" : $" in the row with key '{key}'")} holds '{value}', which is not a name of {enumType} ({names}). "
            + "Another writer stored a name the enum does not have: add the member to the enum, or correct the row.");

    /// <summary>The error for an <c>[EnumAsText]</c> value that has no name (a number cast to the enum that it does not declare).</summary>
    public static SqliteGenException UnnamedEnumValue(string column, string value, string enumType) =>
        new($"Column '{column}' stores {enumType} by name, but the value {value} is not a member of {enumType}, so it has no name to store.");
}

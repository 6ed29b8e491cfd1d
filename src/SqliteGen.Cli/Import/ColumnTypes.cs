using System;
using System.Globalization;

namespace SqliteGen.Cli.Import;

/// <summary>
/// Column types inferred from values, as sqlite-utils' <c>insert</c> does: a column is INTEGER when
/// every value seen is a whole number, REAL when every value is a number, TEXT otherwise (or when no
/// value was seen). CSV fields are strings, so they are classified by parsing; a number with a
/// leading zero ("007", zip and phone numbers) counts as text, so it is kept as written.
/// </summary>
internal static class ColumnTypes
{
    [Flags]
    public enum Seen
    {
        None = 0,
        Integer = 1,
        Real = 2,
        Text = 4,
    }

    public static Seen Classify(object? value, bool fromText) => value switch
    {
        null => Seen.None,
        long => Seen.Integer,
        double => Seen.Real,
        string text when fromText => ClassifyText(text),
        _ => Seen.Text,
    };

    private static Seen ClassifyText(string text)
    {
        if (text.Length == 0)
            return Seen.None;
        bool leadingZero = text.Length > 1 && text[0] == '0' && text[1] != '.';
        if (leadingZero || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            return Seen.Text;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            return Seen.Integer;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            return Seen.Real;
        return Seen.Text;
    }

    public static string SqlType(Seen seen) =>
        (seen & Seen.Text) != 0 ? "TEXT" : (seen & Seen.Real) != 0 ? "REAL" : (seen & Seen.Integer) != 0 ? "INTEGER" : "TEXT";

    /// <summary>True when a declared type has INTEGER, REAL or NUMERIC affinity (SQLite's rules), where an empty CSV field means NULL.</summary>
    public static bool IsNumeric(string declaredType)
    {
        string type = declaredType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
            return true;
        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
            return false;
        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
            return false;
        return true; // REAL, FLOA, DOUB, and anything else: NUMERIC
    }
}

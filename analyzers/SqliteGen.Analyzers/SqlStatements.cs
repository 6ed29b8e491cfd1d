using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SqliteGen.Analyzers;

/// <summary>
/// Just enough of SQL's lexical structure for the analyzers: statements split at ';', with string literals,
/// quoted names and comments blanked out so a keyword or ';' inside them does not count.
/// </summary>
internal static class SqlStatements
{
    private static readonly Regex s_literalsAndComments = new(@"'(?:[^']|'')*'|""(?:[^""]|"""")*""|--[^\n]*|/\*.*?\*/", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>
    /// The statements of <paramref name="sql"/>. A string literal or comment becomes a blank, a quoted name an
    /// <c>x</c>; with <paramref name="keepLiterals"/> string literals stay (a pragma's value may be quoted).
    /// </summary>
    public static IEnumerable<string> Split(string sql, bool keepLiterals = false)
    {
        string code = s_literalsAndComments.Replace(sql, m =>
            m.Value.StartsWith("\"", StringComparison.Ordinal) ? "x"
            : keepLiterals && m.Value.StartsWith("'", StringComparison.Ordinal) ? m.Value
            : " ");
        return code.Split(';');
    }
}

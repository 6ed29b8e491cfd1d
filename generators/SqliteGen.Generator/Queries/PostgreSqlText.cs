using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SqliteGen.Generator.Queries;

/// <summary>A named parameter of SQL as PostgreSQL reads the text: as written (<c>$email</c>), its name, and where.</summary>
internal sealed record PostgreSqlParameterUse(string Text, string Name, int Offset, int Length);

/// <summary>
/// A query's SQL as the PostgreSQL target sends it: PostgreSQL numbers its parameters (<c>$1</c>, <c>$2</c>…), so each
/// <c>$name</c>, <c>:name</c> or <c>@name</c> becomes the number of its value. The scan follows PostgreSQL's lexical
/// rules as far as a parameter's place needs: nothing inside a '…' or E'…' string, a "…" name, a $tag$…$tag$ string
/// or a comment is a parameter, and <c>::</c> is a cast. A name follows its prefix at once and starts with a letter or
/// <c>_</c> (so <c>$1</c>, <c>@&gt;</c> and <c>a[1:2]</c> are not parameters).
/// </summary>
internal static class PostgreSqlText
{
    /// <summary>The named parameters of <paramref name="sql"/>, in the order they appear; null when a quote or comment is not closed.</summary>
    public static List<PostgreSqlParameterUse>? Parameters(string sql)
    {
        var uses = new List<PostgreSqlParameterUse>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == '\'' || c == '"')
            {
                int end = Closing(sql, i, c);
                if (end < 0)
                    return null;
                i = end;
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    return null;
                i = end + 2;
            }
            else if (c == ':' && Next(sql, i) == ':')
            {
                i += 2;
            }
            else if ((c == '$' || c == ':' || c == '@') && IsNameStart(Next(sql, i)) && (i == 0 || !IsNameChar(sql[i - 1])))
            {
                int end = i + 1;
                while (end < sql.Length && IsNameChar(sql[end]) && sql[end] != '$')
                    end++;
                if (c == '$' && end < sql.Length && sql[end] == '$')
                {
                    // $tag$ opens a dollar-quoted string, closed by the same $tag$.
                    string tag = sql.Substring(i, end + 1 - i);
                    int close = sql.IndexOf(tag, end + 1, StringComparison.Ordinal);
                    if (close < 0)
                        return null;
                    i = close + tag.Length;
                    continue;
                }
                uses.Add(new PostgreSqlParameterUse(sql.Substring(i, end - i), sql.Substring(i + 1, end - i - 1), i, end - i));
                i = end;
            }
            else if (c == '$' && Next(sql, i) == '$')
            {
                int close = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
                if (close < 0)
                    return null;
                i = close + 2;
            }
            else
            {
                i++;
            }
        }
        return uses;
    }

    /// <summary>
    /// <paramref name="sql"/> with each named parameter replaced by its number: the 1-based position of its name in
    /// <paramref name="order"/>. Null when the text cannot be scanned or uses a name <paramref name="order"/> lacks.
    /// </summary>
    public static string? Numbered(string sql, IReadOnlyList<string> order)
    {
        List<PostgreSqlParameterUse>? uses = Parameters(sql);
        if (uses is null)
            return null;
        var text = new StringBuilder(sql.Length);
        int copied = 0;
        foreach (PostgreSqlParameterUse use in uses)
        {
            int index = IndexOf(order, use.Name);
            if (index < 0)
                return null;
            text.Append(sql, copied, use.Offset - copied).Append('$').Append((index + 1).ToString(CultureInfo.InvariantCulture));
            copied = use.Offset + use.Length;
        }
        return text.Append(sql, copied, sql.Length - copied).ToString();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
                return i;
        }
        return -1;
    }

    /// <summary>The index after the quote that closes the one at <paramref name="open"/> (a doubled quote is inside), or -1.</summary>
    private static int Closing(string sql, int open, char quote)
    {
        // E'…' strings take backslash escapes: \' does not close them.
        bool escapes = quote == '\'' && open > 0 && (sql[open - 1] == 'E' || sql[open - 1] == 'e') && (open == 1 || !IsNameChar(sql[open - 2]));
        for (int i = open + 1; i < sql.Length; i++)
        {
            if (escapes && sql[i] == '\\')
            {
                i++;
                continue;
            }
            if (sql[i] != quote)
                continue;
            if (i + 1 < sql.Length && sql[i + 1] == quote)
            {
                i++;
                continue;
            }
            return i + 1;
        }
        return -1;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_' || c > 127;

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
}

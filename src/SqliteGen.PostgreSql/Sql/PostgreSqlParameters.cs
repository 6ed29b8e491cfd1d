using System;
using System.Collections.Generic;
using System.Text;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Turns the named parameters ad-hoc SQL is written with (<c>$name</c>, <c>:name</c>, <c>@name</c>, as SQLite's
/// <c>db.Sql</c> takes them) into PostgreSQL's positional <c>$1</c>, <c>$2</c>…, numbered in order of first use (a name
/// used twice is one number). The SQL is read as PostgreSQL reads it, so text that only looks like a parameter is left
/// alone: <c>'…'</c> strings (<c>''</c> inside), <c>E'…'</c> strings (with backslash escapes), <c>"quoted names"</c>,
/// <c>--</c> and <c>/* */</c> comments (nested, as PostgreSQL nests them), <c>$tag$…$tag$</c> dollar quotes, and
/// <c>::type</c> casts. A name starts with a letter or underscore, so <c>a[1:2]</c> is a slice, not a parameter.
/// </summary>
/// <remarks>
/// The generator numbers a <c>[Query]</c>'s parameters at compile time; ad-hoc SQL arrives at run time, so this is the
/// runtime's own reader: one pass over the text, no allocation beyond the result.
/// </remarks>
internal static class PostgreSqlParameters
{
    /// <summary>Rewrites <paramref name="sql"/>; a problem (a positional <c>$1</c>, a second statement) is in the result, not thrown.</summary>
    public static Rewritten Rewrite(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var names = new List<string>();
        var written = new List<string>();
        StringBuilder? text = null;
        int copied = 0;
        int at = 0;
        bool ended = false; // a ';' was seen: anything but white space and comments after it is a second statement
        string? firstWord = null;
        string? problem = null;
        while (at < sql.Length && problem is null)
        {
            char c = sql[at];
            char next = at + 1 < sql.Length ? sql[at + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                at++;
                continue;
            }
            if (c == '-' && next == '-')
            {
                int end = sql.IndexOf('\n', at);
                at = end < 0 ? sql.Length : end + 1;
                continue;
            }
            if (c == '/' && next == '*')
            {
                at = SkipBlockComment(sql, at);
                continue;
            }
            if (c == ';')
            {
                ended = true;
                at++;
                continue;
            }
            if (ended)
            {
                problem = "it holds more than one statement; run one per call";
                break;
            }
            if (c == '\'')
            {
                at = SkipQuoted(sql, at, '\'', backslashes: false);
            }
            else if (c == '"')
            {
                at = SkipQuoted(sql, at, '"', backslashes: false);
            }
            else if (IsNameStart(c))
            {
                int start = at;
                while (at < sql.Length && (IsNamePart(sql[at]) || sql[at] == '$'))
                    at++;
                firstWord ??= sql.Substring(start, at - start);
                // E'…': a string with backslash escapes (the E is a word of its own, directly before the quote).
                if (at - start == 1 && (sql[start] is 'e' or 'E') && at < sql.Length && sql[at] == '\'')
                    at = SkipQuoted(sql, at, '\'', backslashes: true);
            }
            else if (c == ':' && next == ':')
            {
                at += 2; // a cast: the type's name follows as a word
            }
            else if (c == '$' && DollarTag(sql, at) is int tagEnd)
            {
                // $tag$…$tag$ (or $$…$$): everything up to the same tag is the string's.
                string tag = sql.Substring(at, tagEnd - at);
                int close = sql.IndexOf(tag, tagEnd, StringComparison.Ordinal);
                at = close < 0 ? sql.Length : close + tag.Length;
            }
            else if (c == '$' && char.IsAsciiDigit(next))
            {
                int end = at + 1;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                    end++;
                problem = $"the parameter {sql.Substring(at, end - at)} is positional; ad-hoc SQL binds by name only: write $name and pass the value as {{ \"name\", value }}";
            }
            else if ((c is '$' or ':' or '@') && IsNameStart(next))
            {
                int end = at + 1;
                while (end < sql.Length && IsNamePart(sql[end]))
                    end++;
                string name = sql.Substring(at + 1, end - at - 1);
                int number = names.IndexOf(name);
                if (number < 0)
                {
                    names.Add(name);
                    written.Add(sql.Substring(at, end - at));
                    number = names.Count - 1;
                }
                text ??= new StringBuilder(sql.Length + 8);
                text.Append(sql, copied, at - copied).Append('$').Append(number + 1);
                copied = end;
                at = end;
            }
            else
            {
                at++;
            }
        }
        string rewritten = text is null ? sql : text.Append(sql, copied, sql.Length - copied).ToString();
        return new Rewritten(rewritten, names.ToArray(), written.ToArray(), firstWord ?? "", problem);
    }

    /// <summary>A letter or underscore (any script's letters, as PostgreSQL takes them in names).</summary>
    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_' || (c > 0x7F && !char.IsWhiteSpace(c));

    private static bool IsNamePart(char c) => IsNameStart(c) || char.IsAsciiDigit(c);

    /// <summary>The index just past a dollar quote's opening tag at <paramref name="at"/> (<c>$$</c> or <c>$tag$</c>, the tag not starting with a digit), or null.</summary>
    private static int? DollarTag(string sql, int at)
    {
        int end = at + 1;
        if (end < sql.Length && char.IsAsciiDigit(sql[end]))
            return null;
        while (end < sql.Length && IsNamePart(sql[end]))
            end++;
        return end < sql.Length && sql[end] == '$' ? end + 1 : null;
    }

    /// <summary>The index past the quoted text opening at <paramref name="at"/>: a doubled quote is one quote; with <paramref name="backslashes"/> a backslash escapes the next character.</summary>
    private static int SkipQuoted(string sql, int at, char quote, bool backslashes)
    {
        int i = at + 1;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (backslashes && c == '\\')
            {
                i += 2;
            }
            else if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                    i += 2;
                else
                    return i + 1;
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    /// <summary>The index past the comment opening at <paramref name="at"/>; comments nest, as PostgreSQL's do.</summary>
    private static int SkipBlockComment(string sql, int at)
    {
        int depth = 0;
        int i = at;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                    return i;
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    /// <summary>
    /// The SQL with <c>$1</c>…<c>$n</c>; <see cref="Names"/>[i] is the name (without its prefix) of <c>$(i+1)</c> and
    /// <see cref="Written"/>[i] the name as first written; <see cref="FirstWord"/> the statement's first word; a
    /// <see cref="Problem"/> when the SQL cannot be run as one statement with named parameters.
    /// </summary>
    internal sealed record Rewritten(string Sql, string[] Names, string[] Written, string FirstWord, string? Problem);
}

using System.Collections.Generic;
using SqliteGen.Generator.Dialects.Sqlite;

namespace SqliteGen.Generator.Queries.Lexing;

/// <summary>The kinds of SQLite tokens the checker tells apart.</summary>
internal enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or a name.</summary>
    Word,
    /// <summary>A quoted name: "name", [name] or `name`.</summary>
    QuotedName,
    String,
    Blob,
    Number,
    Parameter,
    Symbol,
    End,
}

/// <summary>
/// One token. <see cref="Value"/> is the name without its quotes (for names), the text otherwise;
/// <see cref="Start"/> and <see cref="Length"/> are offsets into the SQL text.
/// </summary>
internal sealed record SqlToken(SqlTokenKind Kind, string Value, int Start, int Length)
{
    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Value, keyword, System.StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Value == symbol;

    /// <summary>A name: a quoted name, or a bare word that is neither one of SQLite's keywords nor TRUE or FALSE.</summary>
    public bool IsName => Kind == SqlTokenKind.QuotedName || (Kind == SqlTokenKind.Word && !SqliteKeywords.IsKeyword(Value) && !SqliteKeywords.IsLiteralWord(Value));
}

/// <summary>Thrown inside the query checker when the SQL cannot be read; the checker catches it, it never escapes.</summary>
internal sealed class SqlSyntaxException(int offset, string message) : System.Exception(message)
{
    public int Offset { get; } = offset;
}

/// <summary>Splits SQLite SQL into tokens, skipping whitespace and comments (SQLite's tokenizer rules, simplified).</summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            int start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                    i++;
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                int end = sql.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                if (end < 0)
                    throw new SqlSyntaxException(start, "the comment is not closed ('*/' is missing)");
                i = end + 2;
            }
            else if (c == '\'')
            {
                i = Quoted(sql, i, '\'', "string");
                tokens.Add(new SqlToken(SqlTokenKind.String, sql.Substring(start, i - start), start, i - start));
            }
            else if ((c == 'x' || c == 'X') && Next(sql, i) == '\'')
            {
                i = Quoted(sql, i + 1, '\'', "blob literal");
                tokens.Add(new SqlToken(SqlTokenKind.Blob, sql.Substring(start, i - start), start, i - start));
            }
            else if (c == '"' || c == '`' || c == '[')
            {
                char close = c == '[' ? ']' : c;
                i = Quoted(sql, i, close, "quoted name");
                string inner = sql.Substring(start + 1, i - start - 2);
                if (c != '[')
                    inner = inner.Replace(new string(close, 2), close.ToString());
                tokens.Add(new SqlToken(SqlTokenKind.QuotedName, inner, start, i - start));
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(Next(sql, i))))
            {
                i++;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.' || sql[i] == '_'
                    || ((sql[i] == '+' || sql[i] == '-') && (sql[i - 1] == 'e' || sql[i - 1] == 'E') && !IsHex(sql, start))))
                    i++;
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql.Substring(start, i - start), start, i - start));
            }
            else if (c == '$' || c == ':' || c == '@' || c == '?')
            {
                i++;
                while (i < sql.Length && IsNameChar(sql[i]))
                    i++;
                if (c != '?' && i == start + 1)
                    throw new SqlSyntaxException(start, $"'{c}' must be followed by a parameter name");
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql.Substring(start, i - start), start, i - start));
            }
            else if (IsNameStart(c))
            {
                while (i < sql.Length && IsNameChar(sql[i]))
                    i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql.Substring(start, i - start), start, i - start));
            }
            else
            {
                string symbol = TwoCharSymbol(sql, i) ?? c.ToString();
                if (symbol == "->" && Next(sql, i + 1) == '>')
                    symbol = "->>";
                if (symbol.Length == 1 && "(),.;*+-/%<>=!|&~".IndexOf(c) < 0)
                    throw new SqlSyntaxException(start, $"unexpected character '{c}'");
                i += symbol.Length;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, symbol, start, symbol.Length));
            }
        }
        tokens.Add(new SqlToken(SqlTokenKind.End, "", sql.Length, 0));
        return tokens;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static bool IsHex(string sql, int start) => sql[start] == '0' && start + 1 < sql.Length && (sql[start + 1] == 'x' || sql[start + 1] == 'X');

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_' || c > 127;

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 127;

    /// <summary>The index after the closing quote; a doubled quote inside is part of the text.</summary>
    private static int Quoted(string sql, int open, char close, string what)
    {
        int i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] == close)
            {
                if (close != ']' && i + 1 < sql.Length && sql[i + 1] == close)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new SqlSyntaxException(open, $"the {what} is not closed ({close} is missing)");
    }

    private static string? TwoCharSymbol(string sql, int i)
    {
        if (i + 1 >= sql.Length)
            return null;
        string two = sql.Substring(i, 2);
        return two is "<=" or ">=" or "<>" or "!=" or "==" or "||" or "<<" or ">>" or "->" ? two : null;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Queries;

/// <summary>A construct of a query's SQL that SQLite accepts and PostgreSQL refuses: where, what, and PostgreSQL's form.</summary>
internal sealed record SqliteOnlyConstruct(int Offset, int Length, string Construct, string Instead);

/// <summary>
/// Finds what in a <c>[Query]</c>'s SQLite SQL PostgreSQL refuses (SQLG312), from the statement's tokens. The list is
/// the constructs both engines' documentation disagree on and that a real server was seen to refuse
/// (tests/SqliteGen.Generator.Tests/QueryEngineCheckOracleTests.cs prepares and runs each on PostgreSQL and SQLite):
/// <c>INSERT OR …</c>/<c>REPLACE INTO</c>, <c>GLOB</c>, <c>==</c>, <c>IS</c> between two values, <c>LIMIT -1</c> and
/// <c>LIMIT offset, count</c>, a <c>[name]</c> or <c>`name`</c>, <c>rowid</c>, <c>CAST(… AS BLOB)</c>, and SQLite's own
/// functions (<see cref="Functions"/>, and <c>min</c>/<c>max</c> of several arguments). <c>$name</c>, <c>:name</c> and
/// <c>@name</c> parameters are not among them: the PostgreSQL target rewrites them to <c>$1</c>, <c>$2</c>…
/// (<see cref="PostgreSqlText"/>). What differs only in meaning (LIKE's case, integer division, how a text compares)
/// is not a refusal and is not reported.
/// </summary>
internal static class PostgreSqlPortability
{
    /// <summary>SQLite's functions that PostgreSQL has no function of (for these argument types), with its form.</summary>
    private static readonly Dictionary<string, string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ifnull"] = "write coalesce(a, b)",
        ["iif"] = "write CASE WHEN … THEN … ELSE … END",
        ["instr"] = "write strpos(text, part)",
        ["printf"] = "write format(…) (its placeholders differ)",
        ["group_concat"] = "write string_agg(value, separator)",
        ["total"] = "write coalesce(sum(x), 0)",
        ["typeof"] = "write pg_typeof(x)",
        ["julianday"] = "use date and timestamp arithmetic (now(), interval '…')",
        ["strftime"] = "write to_char(timestamp, format) (its format letters differ)",
        ["datetime"] = "write now(), or a timestamptz parameter, with interval '…' arithmetic",
        ["unixepoch"] = "write extract(epoch FROM …)",
        ["json_extract"] = "write column ->> 'key' (or #>> '{a,b}') on jsonb",
        ["json_group_array"] = "write jsonb_agg(value)",
        ["json_group_object"] = "write jsonb_object_agg(key, value)",
        ["last_insert_rowid"] = "return the key with a returning clause",
        ["changes"] = "return int (the rows changed) from the method",
        ["total_changes"] = "count the rows changed in the application",
        ["randomblob"] = "write gen_random_uuid() or a bytea parameter",
        ["zeroblob"] = "write a bytea parameter",
        ["hex"] = "write encode(bytes, 'hex')",
        ["unlikely"] = "drop the planner hint",
        ["likely"] = "drop the planner hint",
        ["likelihood"] = "drop the planner hint",
        ["sqlite_version"] = "write version()",
    };

    public static List<SqliteOnlyConstruct> Find(string sql, IReadOnlyList<SqlToken> tokens, IReadOnlyList<TableSchema> tables)
    {
        var found = new List<SqliteOnlyConstruct>();
        void Add(SqlToken from, SqlToken to, string construct, string instead) =>
            found.Add(new SqliteOnlyConstruct(from.Start, to.Start + to.Length - from.Start, construct, instead));
        SqlToken At(int i) => i < tokens.Count ? tokens[i] : tokens[tokens.Count - 1];

        for (int i = 0; i < tokens.Count; i++)
        {
            SqlToken token = tokens[i];
            SqlToken previous = i > 0 ? tokens[i - 1] : token;
            if (token.Kind == SqlTokenKind.QuotedName && token.Length > 0 && (sql[token.Start] == '[' || sql[token.Start] == '`'))
            {
                // The quote is the SQL's character at the token's start: [name] and `name` are SQLite's (from SQL Server and MySQL).
                Add(token, token, sql[token.Start] == '[' ? "a [name] quoted in brackets" : "a `name` quoted in backticks", "quote it with double quotes: \"name\"");
            }
            else if (token.Kind == SqlTokenKind.Word && token.IsWord("OR") && (previous.IsWord("INSERT") || previous.IsWord("UPDATE")) && i > 0)
            {
                Add(previous, At(i + 1), $"{previous.Value.ToUpperInvariant()} OR {At(i + 1).Value.ToUpperInvariant()}",
                    "write insert … on conflict (key) do update set … (or do nothing)");
            }
            else if (token.IsWord("REPLACE") && (i == 0 || previous.IsSymbol(")") || previous.Kind == SqlTokenKind.Word && !previous.IsName) && At(i + 1).IsWord("INTO"))
            {
                Add(token, At(i + 1), "REPLACE INTO", "write insert … on conflict (key) do update set …");
            }
            else if (token.IsWord("GLOB"))
            {
                Add(token, token, "GLOB", "write LIKE (with % and _) or a regular expression (~)");
            }
            else if (token.IsSymbol("=="))
            {
                Add(token, token, "==", "write =");
            }
            else if (token.IsWord("IS") && IsBetweenValues(tokens, i))
            {
                Add(token, At(i + 1).IsWord("NOT") ? At(i + 1) : token, At(i + 1).IsWord("NOT") ? "IS NOT between two values" : "IS between two values",
                    At(i + 1).IsWord("NOT") ? "write IS DISTINCT FROM" : "write IS NOT DISTINCT FROM");
            }
            else if (token.IsWord("LIMIT") && At(i + 1).IsSymbol("-") && At(i + 2).Kind == SqlTokenKind.Number)
            {
                Add(token, At(i + 2), "LIMIT with a negative count", "write LIMIT ALL, or leave LIMIT out");
            }
            else if (token.IsWord("LIMIT") && LimitComma(tokens, i) is int comma)
            {
                Add(token, tokens[comma], "LIMIT offset, count", "write LIMIT count OFFSET offset");
            }
            else if (token.Kind == SqlTokenKind.Word && (token.IsWord("rowid") || token.IsWord("_rowid_") || token.IsWord("oid"))
                && !At(i + 1).IsSymbol("(") && !tables.Any(t => t.Columns.Any(c => string.Equals(c.Name, token.Value, StringComparison.OrdinalIgnoreCase))))
            {
                Add(token, token, token.Value, "select the table's primary key");
            }
            else if (token.IsWord("AS") && At(i + 1).IsWord("BLOB") && IsInsideCast(tokens, i))
            {
                Add(token, At(i + 1), "CAST to BLOB", "write CAST(… AS bytea)");
            }
            else if (token.Kind == SqlTokenKind.Word && At(i + 1).IsSymbol("(") && !previous.IsSymbol("."))
            {
                if (Functions.TryGetValue(token.Value, out string? instead))
                    Add(token, token, token.Value + "()", instead);
                else if ((token.IsWord("min") || token.IsWord("max")) && ArgumentCount(tokens, i + 1) > 1)
                    Add(token, token, token.Value + "() of several arguments", $"write {(token.IsWord("min") ? "least" : "greatest")}(a, b, …)");
            }
        }
        return found;
    }

    /// <summary>
    /// <c>a IS b</c> (or <c>IS NOT</c>) where b is a value, not NULL, TRUE, FALSE, UNKNOWN, DISTINCT FROM, JSON... that
    /// PostgreSQL's IS also takes.
    /// </summary>
    private static bool IsBetweenValues(IReadOnlyList<SqlToken> tokens, int i)
    {
        int next = i + 1 < tokens.Count && tokens[i + 1].IsWord("NOT") ? i + 2 : i + 1;
        if (next >= tokens.Count)
            return false;
        SqlToken operand = tokens[next];
        if (operand.Kind == SqlTokenKind.End)
            return false;
        foreach (string allowed in new[] { "NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT", "NOT", "JSON", "DOCUMENT", "NORMALIZED", "NFC", "NFD", "NFKC", "NFKD", "OF" })
        {
            if (operand.IsWord(allowed))
                return false;
        }
        return true;
    }

    /// <summary>The comma of <c>LIMIT a, b</c> at the top level of the LIMIT clause, or null.</summary>
    private static int? LimitComma(IReadOnlyList<SqlToken> tokens, int limit)
    {
        int depth = 0;
        for (int i = limit + 1; i < tokens.Count; i++)
        {
            SqlToken token = tokens[i];
            if (token.IsSymbol("("))
                depth++;
            else if (token.IsSymbol(")"))
            {
                if (--depth < 0)
                    return null;
            }
            else if (depth == 0 && (token.IsSymbol(",")))
                return i;
            else if (depth == 0 && (token.IsSymbol(";") || token.Kind == SqlTokenKind.End || token.IsWord("OFFSET") || token.IsWord("UNION") || token.IsWord("RETURNING")))
                return null;
        }
        return null;
    }

    /// <summary>Whether the AS at <paramref name="i"/> is a CAST's: the innermost open parenthesis before it follows CAST.</summary>
    private static bool IsInsideCast(IReadOnlyList<SqlToken> tokens, int i)
    {
        int depth = 0;
        for (int j = i - 1; j >= 0; j--)
        {
            if (tokens[j].IsSymbol(")"))
                depth++;
            else if (tokens[j].IsSymbol("("))
            {
                if (depth == 0)
                    return j > 0 && tokens[j - 1].IsWord("CAST");
                depth--;
            }
        }
        return false;
    }

    /// <summary>The number of arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    private static int ArgumentCount(IReadOnlyList<SqlToken> tokens, int open)
    {
        int depth = 0, count = 1;
        for (int i = open + 1; i < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol("("))
                depth++;
            else if (tokens[i].IsSymbol(")"))
            {
                if (depth-- == 0)
                    return i == open + 1 ? 0 : count;
            }
            else if (depth == 0 && tokens[i].IsSymbol(","))
                count++;
        }
        return count;
    }
}

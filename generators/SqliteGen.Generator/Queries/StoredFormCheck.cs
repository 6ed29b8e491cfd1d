using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// SQLG311: a comparison or ordering in <c>[Query]</c> SQL whose result would be wrong for how the column is stored
/// (docs/type-mapping.md): a decimal (text) or ulong (signed 64 bits) column under <c>&lt;</c>, <c>&gt;</c>, <c>BETWEEN</c>,
/// <c>ORDER BY</c>, <c>min</c> or <c>max</c>; a date and time column (UTC text, <c>2026-12-06 04:50:23</c>) compared with a
/// number (<c>julianday</c>, <c>unixepoch</c>, <c>strftime('%s')</c>, a numeric literal), a time of day, or a text literal
/// of another shape. Reads the tokens around each column reference the checker resolved (the parser's, not a second
/// lexing); silent where it cannot tell.
/// </summary>
internal static class StoredFormCheck
{
    private static readonly HashSet<string> Ordering = new(StringComparer.Ordinal) { "<", "<=", ">", ">=" };
    private static readonly HashSet<string> Comparison = new(StringComparer.Ordinal) { "<", "<=", ">", ">=", "=", "==", "<>", "!=" };
    private static readonly Regex StoredDateShape = new(@"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Each problem as (offset, length, message), in SQL order; one per column reference at most. Reads the references
    /// <paramref name="sql"/>'s check resolved to a table and the tokens around each, as the parser read them.
    /// </summary>
    public static List<(int Offset, int Length, string Message)> Problems(SqlCheckResult sql, IReadOnlyList<EntityModel> tables)
    {
        var problems = new List<(int, int, string)>();
        List<SqlToken> tokens = sql.Tokens;
        foreach (SqlColumnRef reference in sql.ColumnReferences.OrderBy(r => r.Name.Start))
        {
            ColumnModel? column = tables.FirstOrDefault(t => string.Equals(t.TableName, reference.Table, StringComparison.OrdinalIgnoreCase))
                ?.Columns.FirstOrDefault(c => string.Equals(c.ColumnName, reference.Name.Value, StringComparison.OrdinalIgnoreCase));
            if (column is null)
                continue;
            int at = reference.NameAt;
            string use = $"{reference.Table}.{reference.Name.Value}";
            string? message = column.Kind switch
            {
                ValueKind.Decimal => NumericProblem(tokens, at, use, "a decimal stored as text (exact), so it compares as text ('10.5' < '9')"),
                ValueKind.UInt64 => NumericProblem(tokens, at, use, "a ulong stored as the same 64 bits signed, so values from 2^63 up are negative to SQL"),
                ValueKind.DateTime or ValueKind.DateTimeOffset => DateProblem(tokens, at, use),
                _ => null,
            };
            if (message is not null)
                problems.Add((reference.Name.Start, reference.Name.Length, message));
        }
        return problems;
    }

    private static string? NumericProblem(List<SqlToken> tokens, int at, string use, string stored)
    {
        string where = $"{use} is {stored}";
        const string fix = "compare or sort the values in C#, or CAST the column AS REAL where an approximation is enough";
        if (Operator(tokens, at + 1) is { } after && (Ordering.Contains(after) || after == "BETWEEN"))
            return $"{where}: '{after}' on it does not compare numbers; {fix}";
        if (at > 0 && tokens[at - 1].Kind == SqlTokenKind.Symbol && Ordering.Contains(tokens[at - 1].Value))
            return $"{where}: '{tokens[at - 1].Value}' on it does not compare numbers; {fix}";
        if (at >= 2 && tokens[at - 1].IsSymbol("(") && (tokens[at - 2].IsWord("min") || tokens[at - 2].IsWord("max")) && tokens[at + 1].IsSymbol(")"))
            return $"{where}: {tokens[at - 2].Value.ToLowerInvariant()}() of it is not the numeric {tokens[at - 2].Value.ToLowerInvariant()}imum; {fix}";
        if (InOrderBy(tokens, at))
            return $"{where}: ORDER BY it is not numeric order; {fix}";
        return null;
    }

    private static string? DateProblem(List<SqlToken> tokens, int at, string use)
    {
        // The operand on the other side of a comparison: after the column (col < x, col BETWEEN x AND y) or before it (x < col).
        var operands = new List<int>();
        string? after = Operator(tokens, at + 1);
        if (after is not null && Comparison.Contains(after))
            operands.Add(at + 2);
        else if (after == "BETWEEN")
        {
            operands.Add(at + 2);
            int and = SkipOperand(tokens, at + 2);
            if (and < tokens.Count && tokens[and].IsWord("AND"))
                operands.Add(and + 1);
        }
        if (at > 0 && tokens[at - 1].Kind == SqlTokenKind.Symbol && Comparison.Contains(tokens[at - 1].Value) && OperandBefore(tokens, at - 1) is { } before)
            operands.Add(before);
        foreach (int operand in operands)
        {
            if (OtherShape(tokens, operand) is { } what)
                return $"{use} holds UTC text in SQLite's shape ('2026-12-06 04:50:23'), but it is compared with {what}, so the result is not a comparison of times: "
                    + "compare with datetime(...), CURRENT_TIMESTAMP, a parameter, or text in that shape";
        }
        return null;
    }

    /// <summary>What is wrong with the operand starting at <paramref name="index"/> for a date column, or null when it fits (or is unknown).</summary>
    private static string? OtherShape(List<SqlToken> tokens, int index)
    {
        if (index >= tokens.Count)
            return null;
        SqlToken token = tokens[index];
        if (token.Kind == SqlTokenKind.Number || (token.IsSymbol("-") && index + 1 < tokens.Count && tokens[index + 1].Kind == SqlTokenKind.Number))
            return "a number (SQLite orders every number before every text)";
        if (token.Kind == SqlTokenKind.String && !StoredDateShape.IsMatch(token.Value.Trim('\'').Replace("''", "'")))
            return $"{token.Value}, text of another shape (text compares character by character: 'T', an offset or 'Z' put it out of order)";
        if (token.Kind == SqlTokenKind.Word && index + 1 < tokens.Count && tokens[index + 1].IsSymbol("("))
        {
            string function = token.Value.ToLowerInvariant();
            if (function is "julianday" or "unixepoch")
                return $"{function}(...), a number (SQLite orders every number before every text)";
            if (function == "time")
                return "time(...), a time of day without its date";
            if (function == "strftime" && index + 2 < tokens.Count && tokens[index + 2].Kind == SqlTokenKind.String
                && !tokens[index + 2].Value.Trim('\'').StartsWith("%Y-%m-%d", StringComparison.Ordinal))
                return $"strftime({tokens[index + 2].Value}, ...), text of another shape";
        }
        return null;
    }

    /// <summary>The comparison operator or BETWEEN at <paramref name="index"/> (NOT BETWEEN too), or null.</summary>
    private static string? Operator(List<SqlToken> tokens, int index)
    {
        if (index >= tokens.Count)
            return null;
        SqlToken token = tokens[index];
        if (token.Kind == SqlTokenKind.Symbol && Comparison.Contains(token.Value))
            return token.Value;
        if (token.IsWord("BETWEEN") || (token.IsWord("NOT") && index + 1 < tokens.Count && tokens[index + 1].IsWord("BETWEEN")))
            return "BETWEEN";
        return null;
    }

    /// <summary>The index after one operand starting at <paramref name="index"/>: a token, or a name with its parenthesized arguments.</summary>
    private static int SkipOperand(List<SqlToken> tokens, int index)
    {
        if (index + 1 < tokens.Count && tokens[index].Kind == SqlTokenKind.Word && tokens[index + 1].IsSymbol("("))
            return Matching(tokens, index + 1) + 1;
        return index + 1;
    }

    /// <summary>The start of the operand that ends just before the operator at <paramref name="op"/>.</summary>
    private static int? OperandBefore(List<SqlToken> tokens, int op)
    {
        int end = op - 1;
        if (end < 0)
            return null;
        if (!tokens[end].IsSymbol(")"))
            return end;
        int depth = 0;
        for (int i = end; i >= 0; i--)
        {
            if (tokens[i].IsSymbol(")")) depth++;
            else if (tokens[i].IsSymbol("(") && --depth == 0)
                return i > 0 && tokens[i - 1].Kind == SqlTokenKind.Word ? i - 1 : null;
        }
        return null;
    }

    private static int Matching(List<SqlToken> tokens, int open)
    {
        int depth = 0;
        for (int i = open; i < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol("(")) depth++;
            else if (tokens[i].IsSymbol(")") && --depth == 0)
                return i;
        }
        return tokens.Count;
    }

    /// <summary>Whether the reference at <paramref name="at"/> is a whole term of an ORDER BY at its own depth.</summary>
    private static bool InOrderBy(List<SqlToken> tokens, int at)
    {
        SqlToken next = tokens[at + 1];
        bool wholeTerm = next.Kind == SqlTokenKind.End || next.IsSymbol(",") || next.IsSymbol(")") || next.IsSymbol(";")
            || next.IsWord("ASC") || next.IsWord("DESC") || next.IsWord("NULLS") || next.IsWord("LIMIT") || next.IsWord("COLLATE");
        if (!wholeTerm)
            return false;
        int start = at;
        if (start >= 2 && tokens[start - 1].IsSymbol(".")) start -= 2; // table.column
        int depth = 0;
        for (int i = start - 1; i >= 0; i--)
        {
            SqlToken token = tokens[i];
            if (token.IsSymbol(")")) { depth++; continue; }
            if (token.IsSymbol("(")) { if (depth-- == 0) return false; continue; }
            if (depth > 0) continue;
            if (token.IsWord("BY")) return i > 0 && tokens[i - 1].IsWord("ORDER");
            if (token.IsSymbol(",")) continue;
            if (token.Kind == SqlTokenKind.Word && SqliteKeywords.IsKeyword(token.Value) && !token.IsWord("ASC") && !token.IsWord("DESC") && !token.IsWord("NULLS")
                && !token.IsWord("FIRST") && !token.IsWord("LAST") && !token.IsWord("COLLATE"))
                return false;
        }
        return false;
    }
}

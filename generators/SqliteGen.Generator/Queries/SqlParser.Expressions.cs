using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

// Expressions, read loosely token by token: what matters is the column references in them and the terms index advice judges.
internal sealed partial class SqlParser
{
    /// <summary>Keywords that end an expression at nesting depth 0.</summary>
    private static readonly HashSet<string> ExpressionEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "WINDOW",
        "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SET", "RETURNING", "DO",
        "VALUES", "SELECT", "ASC", "DESC", "NULLS",
    };

    /// <summary>Keywords after which an expression continues (so a following name is an operand, not an alias).</summary>
    private static readonly HashSet<string> OperandWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "END",
    };

    /// <summary>Comma-separated expressions (with ASC/DESC/NULLS FIRST/LAST/COLLATE when <paramref name="orderingTerms"/>); returns the count.</summary>
    private int ExpressionList(SqlScope scope, bool orderingTerms, List<SqlColumnRef?>? plainTerms = null)
    {
        int count = 0;
        do
        {
            SqlColumnRef? plain = Expression(scope).Plain;
            plainTerms?.Add(plain);
            count++;
            if (orderingTerms)
            {
                if (!AcceptWord("ASC"))
                    AcceptWord("DESC");
                if (AcceptWord("NULLS") && !AcceptWord("FIRST"))
                    ExpectWord("LAST");
            }
        }
        while (AcceptSymbol(","));
        return count;
    }

    /// <summary>
    /// What an expression is, for the clause that reads it: <see cref="Plain"/> when the whole expression is one column
    /// reference; the <c>column = value</c> (<see cref="ValueEqualities"/>) and <c>column = column</c>
    /// (<see cref="ColumnEqualities"/>) terms at its top level, both empty when an OR there makes them optional.
    /// A WHERE keeps the first (index advice on filters), an ON the second (on joins).
    /// </summary>
    private sealed record ExpressionShape(
        SqlColumnRef? Plain, List<SqlColumnRef> ValueEqualities, List<(SqlColumnRef Left, SqlColumnRef Right)> ColumnEqualities);

    /// <summary>
    /// Reads one expression, recording the column references in it and checking its subqueries. Stops (without
    /// consuming) at a comma, a closing parenthesis or a clause keyword at depth 0, or, when
    /// <paramref name="aliasMayFollow"/> (a result column, CAST's operand), at an alias or AS.
    /// </summary>
    private ExpressionShape Expression(SqlScope scope, bool aliasMayFollow = false)
    {
        var valueEqualities = new List<SqlColumnRef>();
        var columnEqualities = new List<(SqlColumnRef, SqlColumnRef)>();
        SqlColumnRef? pairLeft = null; // "column =" that starts a term, waiting for a column that ends it
        int pairLeftAt = 0;
        bool or = false;
        int depth = 0;
        int tokens = 0;
        SqlColumnRef? single = null;
        bool afterOperand = false;
        while (true)
        {
            SqlToken token = Peek();
            if (token.Kind == SqlTokenKind.End)
            {
                if (depth > 0)
                    throw new SqlSyntaxException(token.Start, "a '(' is not closed");
                break;
            }
            if (depth == 0)
            {
                if (token.IsSymbol(",") || token.IsSymbol(")") || token.IsSymbol(";"))
                    break;
                if (token.Kind == SqlTokenKind.Word && (ExpressionEnd.Contains(token.Value) || (aliasMayFollow && token.IsWord("AS"))))
                    break;
                if (aliasMayFollow && afterOperand && (token.IsName || token.Kind == SqlTokenKind.String))
                    break;
            }
            tokens++;
            if (token.IsSymbol("("))
            {
                Advance();
                if (Peek().IsWord("SELECT") || Peek().IsWord("WITH") || Peek().IsWord("VALUES"))
                {
                    Select(scope);
                    ExpectSymbol(")");
                    afterOperand = true;
                }
                else
                {
                    depth++;
                    afterOperand = false;
                }
                continue;
            }
            if (token.IsSymbol(")"))
            {
                Advance();
                depth--;
                afterOperand = true;
                continue;
            }
            if (token.IsWord("CAST"))
            {
                Advance();
                ExpectSymbol("(");
                Expression(scope, aliasMayFollow: true); // stops at AS
                ExpectWord("AS");
                while (!Peek().IsSymbol(")") && Peek().Kind != SqlTokenKind.End)
                    Advance(); // the type name, possibly with (n, m)
                ExpectSymbol(")");
                afterOperand = true;
                continue;
            }
            if (token.IsWord("COLLATE"))
            {
                Advance();
                Advance(); // the collation's name
                afterOperand = true;
                continue;
            }
            if (token.IsWord("OVER"))
            {
                Advance();
                if (Peek().IsName)
                    Advance(); // a window defined in the WINDOW clause
                afterOperand = false;
                continue;
            }
            if (token.IsWord("DISTINCT") && Peek(1).IsWord("FROM"))
            {
                Advance(); // IS [NOT] DISTINCT FROM
                Advance();
                afterOperand = false;
                continue;
            }
            if (token.Kind == SqlTokenKind.Parameter)
            {
                Advance();
                Parameter(token);
                afterOperand = true;
                continue;
            }
            if (token.IsName)
            {
                int at = _position;
                Advance();
                if (Peek().IsSymbol("("))
                {
                    afterOperand = false; // a function call: its arguments follow
                    continue;
                }
                SqlColumnRef reference = ColumnReference(token, scope);
                if (depth == 0)
                {
                    bool equals = Peek().IsSymbol("=") || Peek().IsSymbol("==");
                    if (pairLeft is not null && pairLeftAt == tokens - 2 && EndsTerm(Peek()))
                        columnEqualities.Add((pairLeft, reference));
                    pairLeft = null;
                    if (equals && (tokens == 1 || _tokens[at - 1].IsWord("AND")))
                    {
                        pairLeft = reference;
                        pairLeftAt = tokens;
                    }
                    if (equals && Peek(1).Kind is SqlTokenKind.Parameter or SqlTokenKind.String or SqlTokenKind.Number)
                        valueEqualities.Add(reference);
                }
                if (tokens == 1)
                    single = reference;
                afterOperand = true;
                continue;
            }
            Advance();
            or |= depth == 0 && token.IsWord("OR");
            afterOperand = token.Kind is SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Blob
                || (token.Kind == SqlTokenKind.Word && OperandWords.Contains(token.Value));
        }
        if (or)
        {
            valueEqualities.Clear();
            columnEqualities.Clear();
        }
        return new ExpressionShape(tokens == 1 ? single : null, valueEqualities, columnEqualities);
    }

    /// <summary>A WHERE condition: its <c>column = value</c> terms are what index advice judges.</summary>
    private void Where(SqlScope scope) => scope.Equalities.AddRange(Expression(scope).ValueEqualities);

    /// <summary>
    /// A window definition up to its closing parenthesis: <c>[base] PARTITION BY ... ORDER BY ... [frame]</c>, whose
    /// commas and clause words (ORDER, ASC, ...) would end an expression elsewhere.
    /// </summary>
    private void WindowDefinition(SqlScope scope)
    {
        while (!Peek().IsSymbol(")") && !Peek().IsSymbol(";") && Peek().Kind != SqlTokenKind.End)
        {
            if (Peek().IsSymbol(",") || (Peek().Kind == SqlTokenKind.Word && ExpressionEnd.Contains(Peek().Value)))
                Advance();
            else
                Expression(scope);
        }
    }

    /// <summary>Whether <paramref name="token"/> ends a term of an AND-only condition: AND, or the end of the expression.</summary>
    private static bool EndsTerm(SqlToken token) =>
        token.Kind == SqlTokenKind.End || token.IsSymbol(")") || token.IsSymbol(",") || token.IsSymbol(";")
        || (token.Kind == SqlTokenKind.Word && (token.IsWord("AND") || ExpressionEnd.Contains(token.Value)));
}

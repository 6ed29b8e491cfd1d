using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// A bound <c>[Query]</c> as the PostgreSQL target runs it: <see cref="Sql"/> is the text sent (the <c>[Query]</c> SQL or
/// its <c>[PostgreSqlQuery]</c>, parameters numbered in the order of <see cref="BoundQuery.Parameters"/>' method
/// parameters), null when the check refused it (the method then throws, naming the diagnostic).
/// </summary>
internal sealed record PostgreSqlQuery(BoundQuery Query, string? Sql, IReadOnlyList<string> ParameterOrder, string? BlockingIds);

/// <summary>
/// The <c>[Query]</c> check for the PostgreSQL target, after the SQLite check bound the method: SQL without a variant must
/// hold nothing PostgreSQL refuses (<see cref="PostgreSqlPortability"/>, SQLG312, one per query, naming every construct);
/// a <c>[PostgreSqlQuery]</c> variant must use the same parameters (SQLG305) and, where the SQLite checker can read it,
/// name tables and columns that exist (SQLG303, SQLG304) and return the same columns in the same order (SQLG306). A
/// variant the checker cannot read (PostgreSQL syntax such as <c>::</c> casts) is taken as written: the server checks it.
/// </summary>
internal static class PostgreSqlQueryCheck
{
    public static (PostgreSqlQuery Query, List<QueryDiagnostic> Diagnostics) Check(BoundQuery bound, DatabaseSchema schema, ISqlDialect dialect, string owner)
    {
        QueryMethodModel method = bound.Method;
        string name = $"{owner}.{method.Name}";
        var diagnostics = new List<QueryDiagnostic>();
        List<string> order = bound.Parameters.Select(p => p.Method.Name).Distinct().ToList();
        if (method.PostgreSqlSql is not { } variant)
        {
            List<SqliteOnlyConstruct> constructs = PostgreSqlPortability.Find(method.Sql, SqlTokenizer.Tokenize(method.Sql), schema.Tables);
            if (constructs.Count > 0)
            {
                SqliteOnlyConstruct first = constructs[0];
                string what = string.Join("; ", constructs.Select(c => c.Construct).Distinct());
                string instead = string.Join("; ", constructs.Select(c => $"for {c.Construct}, {c.Instead}").Distinct());
                diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QuerySqliteOnly,
                    QueryBinder.SqlLocation(method, method.Sql, method.SqlLocation, method.SqlLiteralStart, first.Offset, first.Length),
                    new object[] { name, what, QueryBinder.Position(method.Sql, first.Offset), instead }));
                return (new PostgreSqlQuery(bound, null, order, "SQLG312"), diagnostics);
            }
            return (new PostgreSqlQuery(bound, PostgreSqlText.Numbered(method.Sql, order), order, null), diagnostics);
        }

        LocationInfo? At(int offset, int length) =>
            QueryBinder.SqlLocation(method, variant, method.PostgreSqlSqlLocation, method.PostgreSqlSqlLiteralStart, offset, length);
        if (variant.Trim().Length == 0)
        {
            diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QueryMethodInvalid, method.PostgreSqlSqlLocation ?? method.Location,
                new object[] { DiagnosticDescriptors.QueryMethodProblem(name, "has no SQL in its [PostgreSqlQuery]: write [PostgreSqlQuery(\"SELECT ...\")] with a constant string") }));
            return (new PostgreSqlQuery(bound, null, order, "SQLG308"), diagnostics);
        }
        List<PostgreSqlParameterUse>? uses = PostgreSqlText.Parameters(variant);
        if (uses is null)
        {
            diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QuerySyntax, At(0, variant.Length),
                new object[] { name, "its [PostgreSqlQuery] SQL", "a quote or comment is not closed" }));
            return (new PostgreSqlQuery(bound, null, order, "SQLG307"), diagnostics);
        }
        foreach (PostgreSqlParameterUse use in uses.Where(u => !order.Contains(u.Name)))
        {
            diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QueryParameterMismatch, At(use.Offset, use.Length),
                new object[] { name, $"{use.Text} ({QueryBinder.Position(variant, use.Offset)} of the [PostgreSqlQuery] SQL) is not a parameter of the [Query] SQL: the two take the same parameters ({(order.Count == 0 ? "none" : string.Join(", ", order))})" }));
        }
        foreach (string unused in order.Where(p => !uses.Any(u => u.Name == p)))
        {
            diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QueryParameterMismatch, method.PostgreSqlSqlLocation ?? method.Location,
                new object[] { name, $"parameter '{unused}' is used in the [Query] SQL but not in the [PostgreSqlQuery] SQL: write ${unused} where its value goes" }));
        }
        if (diagnostics.Count > 0)
            return (new PostgreSqlQuery(bound, null, order, "SQLG305"), diagnostics);

        // As far as the SQLite checker reads it: names, the statement's kind and its result columns.
        SqlCheckResult checkedVariant = QueryChecker.Check(variant, schema.Tables, dialect);
        if (!checkedVariant.Problems.Any(p => p.Kind == SqlProblemKind.Syntax))
        {
            foreach (SqlProblem problem in checkedVariant.Problems.Where(p => p.Kind == SqlProblemKind.UnknownTable || p.Kind == SqlProblemKind.UnknownColumn && !IsPostgreSqlWord(variant, p.Offset)))
            {
                diagnostics.Add(new QueryDiagnostic(problem.Kind == SqlProblemKind.UnknownTable ? DiagnosticDescriptors.QueryUnknownTable : DiagnosticDescriptors.QueryUnknownColumn,
                    At(problem.Offset, problem.Length), new object[] { name, "in its [PostgreSqlQuery], " + problem.Message, QueryBinder.Position(variant, problem.Offset) }));
            }
            if (diagnostics.Count > 0)
                return (new PostgreSqlQuery(bound, null, order, string.Join(", ", diagnostics.Select(d => d.Descriptor.Id).Distinct())), diagnostics);
            SqlCheckResult original = QueryChecker.Check(method.Sql, schema.Tables, dialect);
            string? mismatch = checkedVariant.Kind != original.Kind || checkedVariant.ReturnsRows != original.ReturnsRows
                ? $"its [PostgreSqlQuery] is {Describe(checkedVariant)} and its [Query] {Describe(original)}: give both the same kind of statement"
                : !checkedVariant.Columns.Select(c => c.Name).SequenceEqual(original.Columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase)
                    ? $"its [PostgreSqlQuery] returns the columns ({Columns(checkedVariant)}) and its [Query] ({Columns(original)}): return the same columns in the same order"
                    : null;
            if (mismatch is not null)
            {
                diagnostics.Add(new QueryDiagnostic(DiagnosticDescriptors.QueryResultMismatch, method.PostgreSqlSqlLocation ?? method.Location,
                    new object[] { name, method.ReturnTypeName.Replace("global::", ""), mismatch }));
                return (new PostgreSqlQuery(bound, null, order, "SQLG306"), diagnostics);
            }
        }
        return (new PostgreSqlQuery(bound, PostgreSqlText.Numbered(variant, order), order, null), diagnostics);
    }

    /// <summary>
    /// Whether the "column" the SQLite checker found at <paramref name="offset"/> is PostgreSQL syntax it reads as a name:
    /// an unquoted key word of PostgreSQL (<c>interval</c>, <c>timestamp</c>…) or a type name before a string, as in a
    /// typed literal (<c>date '2026-01-01'</c>).
    /// </summary>
    private static bool IsPostgreSqlWord(string sql, int offset)
    {
        if (offset >= sql.Length || !(char.IsLetter(sql[offset]) || sql[offset] == '_'))
            return false;
        int end = offset;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            end++;
        int next = end;
        while (next < sql.Length && char.IsWhiteSpace(sql[next]))
            next++;
        return Dialects.PostgreSql.PostgreSqlKeywords.IsKeyword(sql.Substring(offset, end - offset)) || (next < sql.Length && sql[next] == '\'');
    }

    private static string Describe(SqlCheckResult result) =>
        result.Kind.ToString().ToUpperInvariant() + (result.Kind != SqlStatementKind.Select && result.ReturnsRows ? " with RETURNING" : "");

    private static string Columns(SqlCheckResult result) =>
        result.Columns.Count == 0 ? "none" : string.Join(", ", result.Columns.Select(c => c.Name ?? "an unnamed expression"));
}

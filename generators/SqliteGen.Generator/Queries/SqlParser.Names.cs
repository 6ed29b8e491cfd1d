using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

// Names: the tables of a FROM clause (tables, subqueries, joins, aliases), column references and parameters.
internal sealed partial class SqlParser
{
    private void From(SqlScope scope)
    {
        TableOrSubquery(scope);
        while (true)
        {
            if (AcceptSymbol(","))
            {
                TableOrSubquery(scope);
                continue;
            }
            bool natural = AcceptWord("NATURAL");
            bool joinWord = natural;
            // Judged joins: inner ones (SQLite may loop over either table first), LEFT and CROSS (the joined table is always the inner loop).
            bool judged = !natural, orderFixed = false;
            if (AcceptWord("LEFT"))
            {
                AcceptWord("OUTER");
                joinWord = orderFixed = true;
            }
            else if (AcceptWord("RIGHT") || AcceptWord("FULL"))
            {
                AcceptWord("OUTER");
                joinWord = true;
                judged = false;
            }
            else if (AcceptWord("CROSS"))
                joinWord = orderFixed = true;
            else if (AcceptWord("INNER"))
                joinWord = true;
            if (!AcceptWord("JOIN"))
            {
                if (joinWord)
                    throw Unexpected("'JOIN'");
                return;
            }
            scope.Natural |= natural;
            int before = scope.Sources.Count;
            TableOrSubquery(scope);
            SqlSource? joined = judged && scope.Sources.Count == before + 1 && scope.Sources[before].Table is not null ? scope.Sources[before] : null;
            if (AcceptWord("ON"))
            {
                ExpressionShape on = Expression(scope);
                if (joined is not null)
                {
                    foreach ((SqlColumnRef a, SqlColumnRef b) in on.ColumnEqualities)
                        scope.Joins.Add((a, b, joined, orderFixed));
                }
            }
            else if (AcceptWord("USING"))
            {
                ExpectSymbol("(");
                do
                {
                    SqlToken column = ExpectColumnName();
                    scope.Using.Add(column.Value);
                    scope.References.Add(new SqlColumnRef(null, column, _position - 1, AllowAlias: false));
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
        }
    }

    private void TableOrSubquery(SqlScope scope)
    {
        SqlToken start = Peek();
        if (AcceptSymbol("("))
        {
            if (Peek().IsWord("SELECT") || Peek().IsWord("WITH") || Peek().IsWord("VALUES"))
            {
                // A FROM subquery does not see this query's tables, only the enclosing queries'.
                List<SqlResultColumn> results = Select(scope.Parent);
                ExpectSymbol(")");
                string alias = OptionalAlias() ?? "";
                scope.Sources.Add(new SqlSource(alias, null, Names(results)));
                return;
            }
            From(scope);
            ExpectSymbol(")");
            return;
        }
        SqlToken name = ExpectName("a table name");
        SqlToken? schema = null;
        if (AcceptSymbol("."))
        {
            schema = name;
            name = ExpectName("a table name");
        }
        if (Peek().IsSymbol("("))
        {
            // A table-valued function (json_each, generate_series, ...): its columns are not known here.
            Advance();
            if (!Peek().IsSymbol(")"))
                ExpressionList(scope, orderingTerms: false);
            ExpectSymbol(")");
            scope.Sources.Add(new SqlSource(OptionalAlias() ?? name.Value, null, null));
            return;
        }
        SqlSource table = Table(name, schema);
        string? aliasName = OptionalAlias();
        if (AcceptWord("INDEXED"))
        {
            ExpectWord("BY");
            ExpectName("an index name");
        }
        else if (AcceptWord("NOT"))
        {
            ExpectWord("INDEXED");
        }
        scope.Sources.Add(table with { Alias = aliasName ?? name.Value });
    }

    private string? OptionalAlias()
    {
        if (AcceptWord("AS"))
            return ExpectName("an alias").Value;
        return Peek().IsName ? Advance().Value : null;
    }

    /// <summary>A table (or CTE) by name; an unknown one is reported and accepts any column afterwards.</summary>
    private SqlSource Table(SqlToken name, SqlToken? schema)
    {
        if (schema is null)
        {
            for (int i = _ctes.Count - 1; i >= 0; i--)
            {
                if (_ctes[i].TryGetValue(name.Value, out SqlSource? cte))
                    return cte;
            }
        }
        return _names.Table(name, schema);
    }

    /// <summary>name, table.name or main.table.name, recorded for resolution once every table of the query is known.</summary>
    private SqlColumnRef ColumnReference(SqlToken first, SqlScope scope)
    {
        SqlToken? qualifier = null;
        SqlToken name = first;
        if (Peek().IsSymbol(".") && IsNameOrWord(Peek(1)))
        {
            Advance();
            qualifier = first;
            name = Advance();
            if (Peek().IsSymbol(".") && IsNameOrWord(Peek(1)))
            {
                Advance();
                qualifier = name; // schema.table.column: the schema is main (other schemas are reported at their table)
                name = Advance();
            }
        }
        var reference = new SqlColumnRef(qualifier, name, _position - 1, AllowAlias: true);
        scope.References.Add(reference);
        return reference;
    }

    /// <summary>After a dot, or where only a column can be, a keyword is a name too (SQLite's fallback).</summary>
    private static bool IsNameOrWord(SqlToken token) => token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName;

    private SqlToken ExpectColumnName()
    {
        if (!IsNameOrWord(Peek()))
            throw Unexpected("a column name");
        return Advance();
    }

    private void Parameter(SqlToken token)
    {
        if (token.Value[0] == '?')
        {
            Problem(SqlProblemKind.Parameter, token, $"positional parameter '{token.Value}': name it after the method parameter it takes ($name)");
            return;
        }
        _result.Parameters.Add(new SqlParameterUse(token.Value, token.Value.Substring(1), token.Start, token.Length));
    }
}

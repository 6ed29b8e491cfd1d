using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

// The statement as a whole: which kind it is, WITH, and SELECT (cores, compounds, result columns, ORDER BY and LIMIT).
internal sealed partial class SqlParser
{
    private void Statement()
    {
        int withs = With();
        SqlToken first = Peek();
        if (first.IsWord("SELECT") || first.IsWord("VALUES"))
        {
            _result.Kind = SqlStatementKind.Select;
            _result.ReturnsRows = true;
            _result.Columns.AddRange(SelectRest(parent: null));
        }
        else if (first.IsWord("INSERT") || first.IsWord("REPLACE"))
        {
            Insert();
        }
        else if (first.IsWord("UPDATE"))
        {
            Update();
        }
        else if (first.IsWord("DELETE"))
        {
            Delete();
        }
        else
        {
            throw new SqlSyntaxException(first.Start, first.Kind == SqlTokenKind.End
                ? "the SQL is empty"
                : $"'{Text(first)}' cannot start a query: a [Query] runs one SELECT, INSERT, UPDATE or DELETE statement (optionally with WITH)");
        }
        PopCtes(withs);
        AcceptSymbol(";");
        if (Peek().Kind != SqlTokenKind.End)
            throw new SqlSyntaxException(Peek().Start, Peek().IsSymbol(";") || _tokens[_position - 1].IsSymbol(";")
                ? "a [Query] runs one statement: remove what follows the ';'"
                : $"unexpected '{Text(Peek())}'");
    }

    /// <summary>Reads a WITH clause, making its tables visible; returns how many CTE levels to pop afterwards.</summary>
    private int With()
    {
        if (!AcceptWord("WITH"))
            return 0;
        AcceptWord("RECURSIVE");
        var ctes = new Dictionary<string, SqlSource>(StringComparer.OrdinalIgnoreCase);
        _ctes.Add(ctes);
        do
        {
            SqlToken name = ExpectName("a common table expression name");
            List<string>? columns = null;
            if (AcceptSymbol("("))
            {
                columns = new List<string>();
                do
                {
                    columns.Add(ExpectName("a column name").Value);
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
            // Visible in its own body (recursive CTEs); until its columns are known, any column of it is accepted.
            var source = new SqlSource(name.Value, null, columns);
            ctes[name.Value] = source;
            ExpectWord("AS");
            if (AcceptWord("NOT"))
                ExpectWord("MATERIALIZED");
            else
                AcceptWord("MATERIALIZED");
            ExpectSymbol("(");
            List<SqlResultColumn> results = Select(parent: null);
            ExpectSymbol(")");
            if (columns is null)
                ctes[name.Value] = new SqlSource(name.Value, null, Names(results));
        }
        while (AcceptSymbol(","));
        return 1;
    }

    private void PopCtes(int count)
    {
        for (int i = 0; i < count; i++)
            _ctes.RemoveAt(_ctes.Count - 1);
    }

    /// <summary>The result names; null (any column accepted) when one has no name.</summary>
    private static List<string>? Names(List<SqlResultColumn> results) =>
        results.All(r => r.Name is not null) ? results.Select(r => r.Name!).ToList() : null;

    /// <summary>A full SELECT (with its own WITH, compound operators, ORDER BY and LIMIT).</summary>
    private List<SqlResultColumn> Select(SqlScope? parent)
    {
        int withs = With();
        List<SqlResultColumn> results = SelectRest(parent);
        PopCtes(withs);
        return results;
    }

    private List<SqlResultColumn> SelectRest(SqlScope? parent)
    {
        (List<SqlResultColumn> results, SqlScope first) = SelectCore(parent);
        bool compound = false;
        while (Peek().IsWord("UNION") || Peek().IsWord("INTERSECT") || Peek().IsWord("EXCEPT"))
        {
            Advance();
            AcceptWord("ALL");
            SelectCore(parent);
            compound = true;
        }
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            // After a compound SELECT, ORDER BY sees only the result columns.
            SqlScope scope = compound ? NewScope(parent, new SqlSource("", null, Names(results))) : first;
            var terms = new List<SqlColumnRef?>();
            ExpressionList(scope, orderingTerms: true, terms);
            if (!compound && Peek().IsWord("LIMIT") && terms[0] is { } ordered && first.Sources.Count == 1 && !first.FiltersOrGroups)
                first.LimitedOrder = ordered;
        }
        Limit(parent);
        return results;
    }

    private void Limit(SqlScope? parent)
    {
        if (!AcceptWord("LIMIT"))
            return;
        SqlScope scope = NewScope(parent);
        Expression(scope);
        if (AcceptWord("OFFSET") || AcceptSymbol(","))
            Expression(scope);
    }

    private (List<SqlResultColumn> Results, SqlScope Scope) SelectCore(SqlScope? parent)
    {
        SqlScope scope = NewScope(parent);
        if (AcceptWord("VALUES"))
        {
            int count = ValuesRows(scope);
            return (Enumerable.Range(1, count).Select(i => new SqlResultColumn("column" + i, null, null, 0, 0)).ToList(), scope);
        }
        ExpectWord("SELECT");
        if (AcceptWord("DISTINCT"))
            scope.FiltersOrGroups = true;
        else
            AcceptWord("ALL");
        List<SqlResultItem> items = ResultItems(scope);
        if (AcceptWord("FROM"))
            From(scope);
        if (AcceptWord("WHERE"))
        {
            scope.FiltersOrGroups = true;
            Where(scope);
        }
        if (AcceptWord("GROUP"))
        {
            scope.FiltersOrGroups = true;
            ExpectWord("BY");
            ExpressionList(scope, orderingTerms: false);
            if (AcceptWord("HAVING"))
                Expression(scope);
        }
        if (AcceptWord("WINDOW"))
        {
            do
            {
                ExpectName("a window name");
                ExpectWord("AS");
                ExpectSymbol("(");
                WindowDefinition(scope);
                ExpectSymbol(")");
            }
            while (AcceptSymbol(","));
        }
        scope.Items = items;
        return (Expand(scope, items), scope);
    }

    /// <summary>VALUES (…), (…): returns the number of columns of the first row.</summary>
    private int ValuesRows(SqlScope scope)
    {
        int columns = 0;
        do
        {
            ExpectSymbol("(");
            int count = ExpressionList(scope, orderingTerms: false);
            columns = columns == 0 ? count : columns;
            ExpectSymbol(")");
        }
        while (AcceptSymbol(","));
        return columns;
    }

    /// <summary>The result column list of a SELECT or a RETURNING clause.</summary>
    private List<SqlResultItem> ResultItems(SqlScope scope)
    {
        var items = new List<SqlResultItem>();
        do
        {
            SqlToken start = Peek();
            if (AcceptSymbol("*"))
            {
                items.Add(new SqlResultItem(null, null, null, start, Star: true));
                continue;
            }
            if (IsNameOrWord(start) && Peek(1).IsSymbol(".") && Peek(2).IsSymbol("*"))
            {
                Advance();
                Advance();
                Advance();
                items.Add(new SqlResultItem(start.Value, null, null, start, Star: true));
                continue;
            }
            SqlColumnRef? plain = Expression(scope, aliasMayFollow: true).Plain;
            string? alias = null;
            if (AcceptWord("AS"))
                alias = ExpectAlias();
            else if (Peek().IsName || Peek().Kind == SqlTokenKind.String)
                alias = ExpectAlias();
            items.Add(new SqlResultItem(null, alias, plain, start, Star: false));
        }
        while (AcceptSymbol(","));
        return items;
    }

    private string ExpectAlias()
    {
        SqlToken token = Peek();
        if (token.Kind == SqlTokenKind.String)
        {
            Advance();
            return token.Value.Substring(1, token.Value.Length - 2).Replace("''", "'");
        }
        return ExpectName("an alias").Value;
    }

    /// <summary>Result columns with <c>*</c> and <c>t.*</c> expanded over the scope's tables.</summary>
    private List<SqlResultColumn> Expand(SqlScope scope, List<SqlResultItem> items)
    {
        var results = new List<SqlResultColumn>();
        foreach (SqlResultItem item in items)
        {
            if (!item.Star)
            {
                string? name = item.Alias ?? item.Plain?.Name.Value;
                var result = new SqlResultColumn(name, null, item.Plain?.Name.Value, item.At.Start, item.At.Length);
                if (item.Plain is not null)
                    _plainResults.Add((result, item.Plain)); // its table is known once names are resolved
                results.Add(result);
                continue;
            }
            IEnumerable<SqlSource> sources = scope.Sources;
            if (item.Qualifier is not null)
            {
                SqlSource? source = scope.Sources.FirstOrDefault(s => SqlSource.Same(s.Alias, item.Qualifier));
                if (source is null)
                {
                    Problem(SqlProblemKind.UnknownTable, item.At, $"'{item.Qualifier}.*' names no table of this query's FROM clause");
                    continue;
                }
                sources = new[] { source };
            }
            else if (scope.Sources.Count == 0)
            {
                throw new SqlSyntaxException(item.At.Start, "'*' needs a FROM clause");
            }
            foreach (SqlSource source in sources)
            {
                if (source.Columns is null)
                    results.Add(new SqlResultColumn(null, null, null, item.At.Start, item.At.Length));
                else
                    results.AddRange(source.Columns.Select(c => new SqlResultColumn(c, source.Table, c, item.At.Start, item.At.Length)));
            }
        }
        return results;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// Reads one SQLite statement into scopes (<see cref="SqlScope"/>): the tables of each SELECT core, the column
/// references in it, and the result columns (<c>*</c> expanded). Table names are looked up as they are read
/// (<see cref="NameResolver.Table"/>: <c>*</c> needs their columns); column references are resolved afterwards, once
/// every table of the query is known. Expressions are read loosely, token by token (functions, operators, CASE,
/// CAST, window clauses pass through). SQL it cannot read throws <see cref="SqlSyntaxException"/>, which
/// <see cref="QueryChecker"/> turns into a <see cref="SqlProblemKind.Syntax"/> problem. The subset is in docs/queries.md.
/// </summary>
internal sealed class SqlParser
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

    private readonly List<SqlToken> _tokens;
    private readonly NameResolver _names;
    private readonly SqlCheckResult _result;
    private readonly List<SqlScope> _scopes = new();
    private readonly List<(SqlResultColumn Result, SqlColumnRef Reference)> _plainResults = new();
    private readonly List<Dictionary<string, SqlSource>> _ctes = new();
    private int _position;

    private SqlParser(List<SqlToken> tokens, NameResolver names, SqlCheckResult result)
    {
        _tokens = tokens;
        _names = names;
        _result = result;
    }

    /// <summary>
    /// Reads the statement of <paramref name="tokens"/> into <paramref name="result"/> (its kind, target, result columns,
    /// parameters, and the problems of unknown tables); the scopes it returns still have their column references to resolve.
    /// </summary>
    public static SqlSyntax Parse(List<SqlToken> tokens, NameResolver names, SqlCheckResult result)
    {
        var parser = new SqlParser(tokens, names, result);
        parser.Statement();
        return new SqlSyntax(parser._scopes, parser._plainResults);
    }

    // ---- tokens ----

    private SqlToken Peek(int ahead = 0) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private SqlToken Advance()
    {
        SqlToken token = Peek();
        if (_position < _tokens.Count - 1)
            _position++;
        return token;
    }

    private bool AcceptWord(string word)
    {
        if (!Peek().IsWord(word))
            return false;
        Advance();
        return true;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Peek().IsSymbol(symbol))
            return false;
        Advance();
        return true;
    }

    private void ExpectWord(string word)
    {
        if (!AcceptWord(word))
            throw Unexpected($"'{word}'");
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
            throw Unexpected($"'{symbol}'");
    }

    private SqlToken ExpectName(string what)
    {
        if (!Peek().IsName)
            throw Unexpected(what);
        return Advance();
    }

    private SqlSyntaxException Unexpected(string expected)
    {
        SqlToken token = Peek();
        string found = token.Kind == SqlTokenKind.End ? "the end of the SQL" : $"'{Text(token)}'";
        return new SqlSyntaxException(token.Start, $"expected {expected} but found {found}");
    }

    private static string Text(SqlToken token) => token.Kind == SqlTokenKind.QuotedName ? "\"" + token.Value + "\"" : token.Value;

    private void Problem(SqlProblemKind kind, SqlToken token, string message) =>
        _result.Problems.Add(new SqlProblem(kind, token.Start, Math.Max(1, token.Length), message));

    // ---- statements ----

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

    // ---- FROM ----

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
                    scope.References.Add(new SqlColumnRef(null, column, AllowAlias: false));
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

    // ---- writes ----

    private void Insert()
    {
        _result.Kind = SqlStatementKind.Insert;
        if (!AcceptWord("REPLACE"))
        {
            ExpectWord("INSERT");
            if (AcceptWord("OR"))
                ExpectOneOf("ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE");
        }
        ExpectWord("INTO");
        SqlSource target = TargetTable();
        if (AcceptWord("AS"))
            target = target with { Alias = ExpectName("an alias").Value };
        if (AcceptSymbol("("))
        {
            do
            {
                TargetColumn(target, ExpectColumnName());
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
        }
        if (AcceptWord("DEFAULT"))
        {
            ExpectWord("VALUES");
        }
        else if (Peek().IsWord("VALUES"))
        {
            Advance();
            ValuesRows(NewScope(null));
        }
        else
        {
            Select(parent: null);
        }
        while (AcceptWord("ON"))
        {
            ExpectWord("CONFLICT");
            if (AcceptSymbol("("))
            {
                SqlScope conflictScope = NewScope(null, target);
                ExpressionList(conflictScope, orderingTerms: true);
                ExpectSymbol(")");
                if (AcceptWord("WHERE"))
                    Expression(conflictScope);
            }
            ExpectWord("DO");
            if (AcceptWord("NOTHING"))
                continue;
            ExpectWord("UPDATE");
            SqlScope scope = NewScope(null, target, target with { Alias = "excluded" });
            Assignments(scope, target);
            if (AcceptWord("WHERE"))
                Expression(scope);
        }
        Returning(target);
    }

    private void ExpectOneOf(params string[] words)
    {
        foreach (string word in words)
        {
            if (AcceptWord(word))
                return;
        }
        throw Unexpected(string.Join(", ", words));
    }

    private void Update()
    {
        _result.Kind = SqlStatementKind.Update;
        ExpectWord("UPDATE");
        if (AcceptWord("OR"))
            ExpectOneOf("ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE");
        SqlSource target = TargetTable();
        string? alias = OptionalAlias();
        if (alias is not null)
            target = target with { Alias = alias };
        SqlScope scope = NewScope(null, target);
        Assignments(scope, target);
        if (AcceptWord("FROM"))
            From(scope);
        if (AcceptWord("WHERE"))
            Where(scope);
        Returning(target);
        OrderAndLimit(scope);
    }

    private void Delete()
    {
        _result.Kind = SqlStatementKind.Delete;
        ExpectWord("DELETE");
        ExpectWord("FROM");
        SqlSource target = TargetTable();
        string? alias = OptionalAlias();
        if (alias is not null)
            target = target with { Alias = alias };
        SqlScope scope = NewScope(null, target);
        if (AcceptWord("WHERE"))
            Where(scope);
        Returning(target);
        OrderAndLimit(scope);
    }

    private void OrderAndLimit(SqlScope scope)
    {
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            ExpressionList(scope, orderingTerms: true);
        }
        Limit(null);
    }

    private SqlSource TargetTable()
    {
        SqlToken name = ExpectName("a table name");
        SqlToken? schema = null;
        if (AcceptSymbol("."))
        {
            schema = name;
            name = ExpectName("a table name");
        }
        SqlSource table = Table(name, schema);
        _result.TargetTable = table.Table ?? name.Value;
        return table;
    }

    private void TargetColumn(SqlSource target, SqlToken column) => _names.TargetColumn(target, column);

    /// <summary>SET col = expr, (a, b) = (…), …</summary>
    private void Assignments(SqlScope scope, SqlSource target)
    {
        ExpectWord("SET");
        do
        {
            if (AcceptSymbol("("))
            {
                do
                {
                    TargetColumn(target, ExpectColumnName());
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
            else
            {
                TargetColumn(target, ExpectColumnName());
            }
            ExpectSymbol("=");
            Expression(scope);
        }
        while (AcceptSymbol(","));
    }

    private void Returning(SqlSource target)
    {
        if (!AcceptWord("RETURNING"))
            return;
        _result.ReturnsRows = true;
        SqlScope scope = NewScope(null, target);
        List<SqlResultItem> items = ResultItems(scope);
        scope.Items = items;
        _result.Columns.AddRange(Expand(scope, items));
    }

    // ---- expressions ----

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
        var reference = new SqlColumnRef(qualifier, name, AllowAlias: true);
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

    // ---- scopes ----

    private SqlScope NewScope(SqlScope? parent, params SqlSource[] sources)
    {
        var scope = new SqlScope(parent);
        scope.Sources.AddRange(sources);
        _scopes.Add(scope);
        return scope;
    }
}

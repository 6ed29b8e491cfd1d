using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Queries;

/// <summary>What kind of statement a query is.</summary>
internal enum SqlStatementKind
{
    Select,
    Insert,
    Update,
    Delete,
}

/// <summary>What is wrong with a query's SQL, by family: each maps to one diagnostic (SQLG303-SQLG307).</summary>
internal enum SqlProblemKind
{
    UnknownTable,
    UnknownColumn,
    Parameter,
    Syntax,
}

/// <summary>A problem at <see cref="Offset"/> (length <see cref="Length"/>) of the SQL text.</summary>
internal sealed record SqlProblem(SqlProblemKind Kind, int Offset, int Length, string Message);

/// <summary>
/// A result column: its name (null for an expression without <c>AS</c>), and, when it is a plain reference to a
/// column of a schema table (or from <c>*</c>), that table and column (<see cref="Table"/> is set once names are resolved).
/// </summary>
internal sealed class SqlResultColumn(string? name, string? table, string? column, int offset, int length)
{
    public string? Name { get; } = name;

    public string? Table { get; set; } = table;

    public string? Column { get; } = column;

    public int Offset { get; } = offset;

    public int Length { get; } = length;
}

/// <summary>
/// A WHERE condition <c>column = value</c> (a parameter or literal) on a column of <see cref="Table"/>, in an
/// AND-only WHERE clause, so an index on the column could serve it (SQLG101 checks that one does).
/// </summary>
internal sealed record SqlEqualityFilter(string Table, string Column, int Offset, int Length);

/// <summary>
/// An <c>ON a.x = b.y</c> term (at the top level of an AND-only ON clause) of a <c>JOIN</c>: <see cref="Joined"/> is the
/// column of the table that JOIN brings in, <see cref="Other"/> the column of a table before it. <see cref="OrderFixed"/>:
/// a LEFT or CROSS join, whose joined table SQLite always reads in the inner loop. <see cref="JoinedFilters"/> and
/// <see cref="OtherFilters"/>: the columns the same SELECT's WHERE compares with a value on each of the two tables.
/// </summary>
internal sealed record SqlJoinTerm(
    SqlEqualityFilter Joined, SqlEqualityFilter Other, bool OrderFixed, IReadOnlyList<string> JoinedFilters, IReadOnlyList<string> OtherFilters);

/// <summary>A parameter as written (<c>$email</c>), its name without the prefix, and where.</summary>
internal sealed record SqlParameterUse(string Text, string Name, int Offset, int Length);

/// <summary>What the checker learned about one statement.</summary>
internal sealed class SqlCheckResult
{
    public SqlStatementKind Kind { get; set; }

    /// <summary>The table an INSERT, UPDATE or DELETE writes.</summary>
    public string? TargetTable { get; set; }

    /// <summary>An UPDATE or DELETE has a WHERE clause (SQLG302 otherwise).</summary>
    public bool HasWhere { get; set; }

    /// <summary>A SELECT, or a write with RETURNING.</summary>
    public bool ReturnsRows { get; set; }

    public List<SqlResultColumn> Columns { get; } = new();

    public List<SqlParameterUse> Parameters { get; } = new();

    public List<SqlEqualityFilter> Filters { get; } = new();

    /// <summary>Equality join terms between two tables (SQLG101 checks that the inner side has an index).</summary>
    public List<SqlJoinTerm> Joins { get; } = new();

    /// <summary>
    /// The first <c>ORDER BY</c> term when it is a plain column of the only table of a SELECT that has a <c>LIMIT</c> and
    /// no WHERE, GROUP BY, DISTINCT or compound part: an index on it lets SQLite read just the first rows in order.
    /// </summary>
    public List<SqlEqualityFilter> LimitedOrders { get; } = new();

    public List<SqlProblem> Problems { get; } = new();

    /// <summary>Every column reference resolved to a table, in SQL order (what <see cref="StoredFormCheck"/> reads).</summary>
    public List<SqlEqualityFilter> ColumnUses { get; } = new();
}

/// <summary>
/// Reads one SQLite statement and checks its names against the schema: every table must exist, every column
/// reference must name a column of a table in scope (and only one), and the result columns are worked out
/// (<c>*</c> expanded). Expressions are read loosely, token by token (functions, operators, CASE, CAST,
/// window clauses pass through); names are checked strictly. Never throws: SQL it cannot read is a
/// <see cref="SqlProblemKind.Syntax"/> problem. The supported subset is in docs/queries.md.
/// </summary>
internal sealed class QueryChecker
{
    private static readonly string[] RowIdNames = { "rowid", "oid", "_rowid_" };

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

    private readonly IReadOnlyList<TableSchema> _tables;
    private readonly SqlCheckResult _result = new();
    private readonly List<Scope> _scopes = new();
    private readonly List<(SqlResultColumn Result, ColumnRef Reference)> _plainResults = new();
    private readonly List<Dictionary<string, Source>> _ctes = new();
    private List<SqlToken> _tokens = new();
    private int _position;

    private QueryChecker(IReadOnlyList<TableSchema> tables) => _tables = tables;

    /// <summary>Checks <paramref name="sql"/> against <paramref name="tables"/>.</summary>
    public static SqlCheckResult Check(string sql, IReadOnlyList<TableSchema> tables)
    {
        var checker = new QueryChecker(tables);
        try
        {
            checker._tokens = SqlTokenizer.Tokenize(sql);
            checker.Statement();
            checker.ResolveColumns();
        }
        catch (SqlSyntaxException error)
        {
            checker._result.Problems.Add(new SqlProblem(SqlProblemKind.Syntax, Math.Min(error.Offset, sql.Length), 1, error.Message));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug of the checker must not take the build down: report it as SQL it cannot read.
            checker._result.Problems.Add(new SqlProblem(SqlProblemKind.Syntax, 0, 1, "the SQL checker failed (" + error.GetType().Name + "); please report this query"));
        }
        return checker._result;
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
        var ctes = new Dictionary<string, Source>(StringComparer.OrdinalIgnoreCase);
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
            var source = new Source(name.Value, null, columns);
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
                ctes[name.Value] = new Source(name.Value, null, Names(results));
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
    private List<SqlResultColumn> Select(Scope? parent)
    {
        int withs = With();
        List<SqlResultColumn> results = SelectRest(parent);
        PopCtes(withs);
        return results;
    }

    private List<SqlResultColumn> SelectRest(Scope? parent)
    {
        (List<SqlResultColumn> results, Scope first) = SelectCore(parent);
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
            Scope scope = compound ? NewScope(parent, new Source("", null, Names(results))) : first;
            var terms = new List<ColumnRef?>();
            ExpressionList(scope, orderingTerms: true, terms);
            if (!compound && Peek().IsWord("LIMIT") && terms[0] is { } ordered && first.Sources.Count == 1 && !first.FiltersOrGroups)
                first.LimitedOrder = ordered;
        }
        Limit(parent);
        return results;
    }

    private void Limit(Scope? parent)
    {
        if (!AcceptWord("LIMIT"))
            return;
        Scope scope = NewScope(parent);
        Expression(scope);
        if (AcceptWord("OFFSET") || AcceptSymbol(","))
            Expression(scope);
    }

    private (List<SqlResultColumn> Results, Scope Scope) SelectCore(Scope? parent)
    {
        Scope scope = NewScope(parent);
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
        List<ResultItem> items = ResultItems(scope);
        if (AcceptWord("FROM"))
            From(scope);
        if (AcceptWord("WHERE"))
        {
            scope.FiltersOrGroups = true;
            Expression(scope, where: true);
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
                Expression(scope, untilClose: true);
                ExpectSymbol(")");
            }
            while (AcceptSymbol(","));
        }
        scope.Items = items;
        return (Expand(scope, items), scope);
    }

    /// <summary>VALUES (…), (…): returns the number of columns of the first row.</summary>
    private int ValuesRows(Scope scope)
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
    private List<ResultItem> ResultItems(Scope scope)
    {
        var items = new List<ResultItem>();
        do
        {
            SqlToken start = Peek();
            if (AcceptSymbol("*"))
            {
                items.Add(new ResultItem(null, null, null, start, Star: true));
                continue;
            }
            if (IsNameOrWord(start) && Peek(1).IsSymbol(".") && Peek(2).IsSymbol("*"))
            {
                Advance();
                Advance();
                Advance();
                items.Add(new ResultItem(start.Value, null, null, start, Star: true));
                continue;
            }
            ColumnRef? plain = Expression(scope, aliasMayFollow: true);
            string? alias = null;
            if (AcceptWord("AS"))
                alias = ExpectAlias();
            else if (Peek().IsName || Peek().Kind == SqlTokenKind.String)
                alias = ExpectAlias();
            items.Add(new ResultItem(null, alias, plain, start, Star: false));
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
    private List<SqlResultColumn> Expand(Scope scope, List<ResultItem> items)
    {
        var results = new List<SqlResultColumn>();
        foreach (ResultItem item in items)
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
            IEnumerable<Source> sources = scope.Sources;
            if (item.Qualifier is not null)
            {
                Source? source = scope.Sources.FirstOrDefault(s => Same(s.Alias, item.Qualifier));
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
            foreach (Source source in sources)
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

    private void From(Scope scope)
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
            Source? joined = judged && scope.Sources.Count == before + 1 && scope.Sources[before].Table is not null ? scope.Sources[before] : null;
            if (AcceptWord("ON"))
            {
                var pairs = new List<(ColumnRef, ColumnRef)>();
                Expression(scope, columnPairs: joined is null ? null : pairs);
                foreach ((ColumnRef a, ColumnRef b) in pairs)
                    scope.Joins.Add((a, b, joined!, orderFixed));
            }
            else if (AcceptWord("USING"))
            {
                ExpectSymbol("(");
                do
                {
                    SqlToken column = ExpectColumnName();
                    scope.Using.Add(column.Value);
                    scope.References.Add(new ColumnRef(null, column, AllowAlias: false));
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
        }
    }

    private void TableOrSubquery(Scope scope)
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
                scope.Sources.Add(new Source(alias, null, Names(results)));
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
            scope.Sources.Add(new Source(OptionalAlias() ?? name.Value, null, null));
            return;
        }
        Source table = Table(name, schema);
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
    private Source Table(SqlToken name, SqlToken? schema)
    {
        if (schema is null)
        {
            for (int i = _ctes.Count - 1; i >= 0; i--)
            {
                if (_ctes[i].TryGetValue(name.Value, out Source? cte))
                    return cte;
            }
        }
        if (schema is not null && !Same(schema.Value, "main"))
        {
            Problem(SqlProblemKind.UnknownTable, schema, $"schema '{schema.Value}' is not this database: a [Query] reads only its own tables (main)");
            return new Source(name.Value, null, null);
        }
        foreach (TableSchema table in _tables)
        {
            if (Same(table.Name, name.Value))
                return new Source(name.Value, table.Name, table.Columns.Select(c => c.Name).ToList());
            foreach (CompanionSchema companion in table.Companions)
            {
                // A full-text table: its columns are the indexed ones plus hidden ones (rank, the table's own name).
                if (companion.Kind == "fts5" && Same(companion.Name, name.Value))
                    return new Source(name.Value, null, null);
            }
        }
        string known = string.Join(", ", _tables.Select(t => t.Name));
        Problem(SqlProblemKind.UnknownTable, name, $"table '{name.Value}' does not exist (the tables are {known})");
        return new Source(name.Value, null, null);
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
        Source target = TargetTable();
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
                Scope conflictScope = NewScope(null, target);
                ExpressionList(conflictScope, orderingTerms: true);
                ExpectSymbol(")");
                if (AcceptWord("WHERE"))
                    Expression(conflictScope);
            }
            ExpectWord("DO");
            if (AcceptWord("NOTHING"))
                continue;
            ExpectWord("UPDATE");
            Scope scope = NewScope(null, target, target with { Alias = "excluded" });
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
        Source target = TargetTable();
        string? alias = OptionalAlias();
        if (alias is not null)
            target = target with { Alias = alias };
        Scope scope = NewScope(null, target);
        Assignments(scope, target);
        if (AcceptWord("FROM"))
            From(scope);
        if (AcceptWord("WHERE"))
        {
            _result.HasWhere = true;
            Expression(scope, where: true);
        }
        Returning(target);
        OrderAndLimit(scope);
    }

    private void Delete()
    {
        _result.Kind = SqlStatementKind.Delete;
        ExpectWord("DELETE");
        ExpectWord("FROM");
        Source target = TargetTable();
        string? alias = OptionalAlias();
        if (alias is not null)
            target = target with { Alias = alias };
        Scope scope = NewScope(null, target);
        if (AcceptWord("WHERE"))
        {
            _result.HasWhere = true;
            Expression(scope, where: true);
        }
        Returning(target);
        OrderAndLimit(scope);
    }

    private void OrderAndLimit(Scope scope)
    {
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            ExpressionList(scope, orderingTerms: true);
        }
        Limit(null);
    }

    private Source TargetTable()
    {
        SqlToken name = ExpectName("a table name");
        SqlToken? schema = null;
        if (AcceptSymbol("."))
        {
            schema = name;
            name = ExpectName("a table name");
        }
        Source table = Table(name, schema);
        _result.TargetTable = table.Table ?? name.Value;
        return table;
    }

    private void TargetColumn(Source target, SqlToken column)
    {
        if (target.Columns is not null && !target.Columns.Any(c => Same(c, column.Value)) && !RowIdNames.Any(r => Same(r, column.Value)))
            Problem(SqlProblemKind.UnknownColumn, column, $"column '{column.Value}' is not a column of {target.Table ?? target.Alias} ({string.Join(", ", target.Columns)})");
    }

    /// <summary>SET col = expr, (a, b) = (…), …</summary>
    private void Assignments(Scope scope, Source target)
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

    private void Returning(Source target)
    {
        if (!AcceptWord("RETURNING"))
            return;
        _result.ReturnsRows = true;
        Scope scope = NewScope(null, target);
        List<ResultItem> items = ResultItems(scope);
        scope.Items = items;
        _result.Columns.AddRange(Expand(scope, items));
    }

    // ---- expressions ----

    /// <summary>Comma-separated expressions (with ASC/DESC/NULLS FIRST/LAST/COLLATE when <paramref name="orderingTerms"/>); returns the count.</summary>
    private int ExpressionList(Scope scope, bool orderingTerms, List<ColumnRef?>? plainTerms = null)
    {
        int count = 0;
        do
        {
            ColumnRef? plain = Expression(scope);
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
    /// Reads one expression, recording the column references in it and checking its subqueries. Returns the
    /// reference when the whole expression is one plain column reference. Stops (without consuming) at a comma,
    /// a closing parenthesis or a clause keyword at depth 0, or, when <paramref name="aliasMayFollow"/>, at an
    /// alias; with <paramref name="untilClose"/> it reads up to the closing parenthesis of a window definition.
    /// With <paramref name="columnPairs"/> (an ON clause), it adds the whole <c>column = column</c> terms at depth 0,
    /// unless an OR at depth 0 makes them optional.
    /// </summary>
    private ColumnRef? Expression(Scope scope, bool aliasMayFollow = false, bool untilClose = false, bool where = false, List<(ColumnRef, ColumnRef)>? columnPairs = null)
    {
        // In a WHERE clause: "column = value" terms at depth 0, kept only if no OR at depth 0 makes them optional.
        var equalities = new List<ColumnRef>();
        var pairs = new List<(ColumnRef, ColumnRef)>();
        ColumnRef? pairLeft = null; // "column =" that starts a term, waiting for a column that ends it
        int pairLeftAt = 0;
        bool or = false;
        int depth = 0;
        int tokens = 0;
        ColumnRef? single = null;
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
                if (token.IsSymbol(",") && !untilClose || token.IsSymbol(")") || token.IsSymbol(";"))
                    break;
                if (token.Kind == SqlTokenKind.Word && !untilClose && (ExpressionEnd.Contains(token.Value) || (aliasMayFollow && token.IsWord("AS"))))
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
                ColumnRef reference = ColumnReference(token, scope);
                if (columnPairs is not null && depth == 0)
                {
                    if (pairLeft is not null && pairLeftAt == tokens - 2 && EndsTerm(Peek()))
                        pairs.Add((pairLeft, reference));
                    pairLeft = null;
                    if ((Peek().IsSymbol("=") || Peek().IsSymbol("==")) && (tokens == 1 || _tokens[at - 1].IsWord("AND")))
                    {
                        pairLeft = reference;
                        pairLeftAt = tokens;
                    }
                }
                if (tokens == 1)
                    single = reference;
                if (where && depth == 0 && (Peek().IsSymbol("=") || Peek().IsSymbol("==")) && Peek(1).Kind is SqlTokenKind.Parameter or SqlTokenKind.String or SqlTokenKind.Number)
                    equalities.Add(reference);
                afterOperand = true;
                continue;
            }
            Advance();
            or |= depth == 0 && token.IsWord("OR");
            afterOperand = token.Kind is SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Blob
                || (token.Kind == SqlTokenKind.Word && OperandWords.Contains(token.Value));
        }
        if (!or)
        {
            scope.Equalities.AddRange(equalities);
            columnPairs?.AddRange(pairs);
        }
        return tokens == 1 ? single : null;
    }

    /// <summary>Whether <paramref name="token"/> ends a term of an AND-only condition: AND, or the end of the expression.</summary>
    private static bool EndsTerm(SqlToken token) =>
        token.Kind == SqlTokenKind.End || token.IsSymbol(")") || token.IsSymbol(",") || token.IsSymbol(";")
        || (token.Kind == SqlTokenKind.Word && (token.IsWord("AND") || ExpressionEnd.Contains(token.Value)));

    /// <summary>name, table.name or main.table.name, recorded for resolution once every table of the query is known.</summary>
    private ColumnRef ColumnReference(SqlToken first, Scope scope)
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
        var reference = new ColumnRef(qualifier, name, AllowAlias: true);
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

    // ---- resolution ----

    private Scope NewScope(Scope? parent, params Source[] sources)
    {
        var scope = new Scope(parent);
        scope.Sources.AddRange(sources);
        _scopes.Add(scope);
        return scope;
    }

    private void ResolveColumns()
    {
        foreach (Scope scope in _scopes)
        {
            foreach (ColumnRef reference in scope.References)
            {
                Resolve(scope, reference);
                if (reference.Table is not null)
                    _result.ColumnUses.Add(Use(reference));
            }
            foreach (ColumnRef equality in scope.Equalities.Where(e => e.Table is not null))
                _result.Filters.Add(Use(equality));
            foreach ((ColumnRef a, ColumnRef b, Source joined, bool orderFixed) in scope.Joins)
            {
                if (a.Table is null || b.Table is null || a.Source is null || b.Source is null || ReferenceEquals(a.Source, b.Source)
                    || !scope.Sources.Contains(a.Source) || !scope.Sources.Contains(b.Source))
                    continue; // not two tables of this SELECT (an outer query's, a subquery's, a function's)
                (ColumnRef inner, ColumnRef other) = ReferenceEquals(a.Source, joined) ? (a, b) : ReferenceEquals(b.Source, joined) ? (b, a) : (null!, null!);
                if (inner is null)
                    continue; // a term between two tables joined earlier
                _result.Joins.Add(new SqlJoinTerm(Use(inner), Use(other), orderFixed, FilteredColumns(scope, inner.Source!), FilteredColumns(scope, other.Source!)));
            }
            if (scope.LimitedOrder is { Table: not null, Source: { } orderedSource } ordered && scope.Sources.Contains(orderedSource))
                _result.LimitedOrders.Add(Use(ordered));
        }
        foreach ((SqlResultColumn result, ColumnRef reference) in _plainResults)
            result.Table = reference.Table;
    }

    private static SqlEqualityFilter Use(ColumnRef reference) =>
        new(reference.Table!, reference.Name.Value, reference.Name.Start, reference.Name.Length);

    /// <summary>The columns of <paramref name="source"/> that the scope's WHERE compares with a value.</summary>
    private static List<string> FilteredColumns(Scope scope, Source source) =>
        scope.Equalities.Where(e => ReferenceEquals(e.Source, source)).Select(e => e.Name.Value).ToList();

    private void Resolve(Scope scope, ColumnRef reference)
    {
        string name = reference.Name.Value;
        if (reference.Qualifier is { } qualifier)
        {
            for (Scope? s = scope; s is not null; s = s.Parent)
            {
                Source? source = s.Sources.FirstOrDefault(x => Same(x.Alias, qualifier.Value));
                if (source is null)
                    continue;
                if (source.Columns is not null && !source.Has(name))
                {
                    Problem(SqlProblemKind.UnknownColumn, reference.Name, $"column '{qualifier.Value}.{name}' does not exist: {Describe(source)} has {string.Join(", ", source.Columns)}");
                }
                else
                {
                    reference.Table = source.Table;
                    reference.Source = source;
                }
                return;
            }
            Problem(SqlProblemKind.UnknownTable, qualifier, $"'{qualifier.Value}' in '{qualifier.Value}.{name}' is not a table or alias of this query");
            return;
        }

        for (Scope? s = scope; s is not null; s = s.Parent)
        {
            List<Source> matches = s.Sources.Where(x => x.Columns is not null && x.Has(name)).ToList();
            if (matches.Count > 1 && !s.Natural && !s.Using.Contains(name))
            {
                Problem(SqlProblemKind.UnknownColumn, reference.Name, $"column '{name}' is ambiguous: it is in {string.Join(" and ", matches.Select(Describe))}; qualify it");
                return;
            }
            if (matches.Count > 0)
            {
                reference.Table = matches[0].Table;
                reference.Source = matches.Count == 1 ? matches[0] : null; // a USING or NATURAL column is in both
                return;
            }
            if (s.Sources.Any(x => x.Columns is null))
                return; // a table whose columns are not known here may have it
            if (reference.AllowAlias && s.Items is not null && s.Items.Any(i => i.Alias is not null && Same(i.Alias, name)))
                return;
        }
        string inScope = string.Join(", ", scope.Sources.Select(Describe));
        Problem(SqlProblemKind.UnknownColumn, reference.Name, inScope.Length == 0
            ? $"column '{name}' does not exist: no table is in scope here"
            : $"column '{name}' does not exist in {inScope}");
    }

    private static string Describe(Source source) =>
        source.Table is null ? $"'{source.Alias}'" : Same(source.Alias, source.Table) ? source.Table : $"{source.Table} ({source.Alias})";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A table in a FROM clause: the name it is referred to by, the schema table (if one), its columns (null: unknown, any accepted).</summary>
    private sealed record Source(string Alias, string? Table, List<string>? Columns)
    {
        public bool Has(string column) =>
            Columns is null || Columns.Any(c => Same(c, column)) || (Table is not null && RowIdNames.Any(r => Same(r, column)));
    }

    private sealed record ResultItem(string? Qualifier, string? Alias, ColumnRef? Plain, SqlToken At, bool Star);

    private sealed class ColumnRef(SqlToken? qualifier, SqlToken name, bool AllowAlias)
    {
        public SqlToken? Qualifier { get; } = qualifier;

        public SqlToken Name { get; } = name;

        public bool AllowAlias { get; } = AllowAlias;

        /// <summary>The schema table it resolved to, if any (set during resolution).</summary>
        public string? Table { get; set; }

        /// <summary>The FROM item it resolved to (set during resolution; null for a column of several, USING or NATURAL).</summary>
        public Source? Source { get; set; }
    }

    /// <summary>One SELECT core (or a write's own scope): its tables, the column references in it, its parent query.</summary>
    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;

        public List<Source> Sources { get; } = new();

        public List<ColumnRef> References { get; } = new();

        /// <summary>The references of <see cref="References"/> that are "column = value" terms of an AND-only WHERE.</summary>
        public List<ColumnRef> Equalities { get; } = new();

        public HashSet<string> Using { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Natural { get; set; }

        /// <summary><c>ON a.x = b.y</c> terms and the table their JOIN brings in (<see cref="SqlJoinTerm"/>).</summary>
        public List<(ColumnRef A, ColumnRef B, Source Joined, bool OrderFixed)> Joins { get; } = new();

        /// <summary>A WHERE, GROUP BY or DISTINCT: what ORDER BY ... LIMIT advice leaves alone.</summary>
        public bool FiltersOrGroups { get; set; }

        /// <summary>The first ORDER BY term, a plain column, of a SELECT with a LIMIT (<see cref="SqlCheckResult.LimitedOrders"/>).</summary>
        public ColumnRef? LimitedOrder { get; set; }

        public List<ResultItem>? Items { get; set; }
    }
}

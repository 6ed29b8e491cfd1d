using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Queries.Lexing;

namespace SqliteGen.Generator.Queries;

// INSERT, UPDATE and DELETE: the target table, the columns written, and RETURNING.
internal sealed partial class SqlParser
{
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
}

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
/// This file holds the entry, the token helpers and the scopes; the statements are read in SqlParser.Statements.cs
/// (WITH and SELECT) and SqlParser.Writes.cs, names (FROM, column references, parameters) in SqlParser.Names.cs, and
/// expressions in SqlParser.Expressions.cs.
/// </summary>
internal sealed partial class SqlParser
{
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
        return new SqlSyntax(tokens, parser._scopes, parser._plainResults);
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

    // ---- scopes ----

    private SqlScope NewScope(SqlScope? parent, params SqlSource[] sources)
    {
        var scope = new SqlScope(parent);
        scope.Sources.AddRange(sources);
        _scopes.Add(scope);
        return scope;
    }
}

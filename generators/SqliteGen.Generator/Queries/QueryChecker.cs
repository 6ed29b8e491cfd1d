using System;
using System.Collections.Generic;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// Checks one SQLite statement of a <c>[Query]</c> against the schema, in three parts: <see cref="SqlParser"/> reads it
/// (tokens from <see cref="SqlTokenizer"/>), <see cref="NameResolver"/> checks its table and column names, and
/// <see cref="IndexAdvisor"/> gathers what index advice judges. Names are checked strictly, expressions loosely.
/// Never throws: SQL it cannot read is a <see cref="SqlProblemKind.Syntax"/> problem. The subset is in docs/queries.md.
/// </summary>
internal static class QueryChecker
{
    /// <summary>Checks <paramref name="sql"/> against <paramref name="tables"/>, whose companions <paramref name="dialect"/> knows.</summary>
    public static SqlCheckResult Check(string sql, IReadOnlyList<TableSchema> tables, ISqlDialect dialect)
    {
        var result = new SqlCheckResult();
        try
        {
            var names = new NameResolver(tables, dialect, result);
            result.Tokens = SqlTokenizer.Tokenize(sql);
            SqlSyntax syntax = SqlParser.Parse(result.Tokens, names, result);
            names.Resolve(syntax);
            IndexAdvisor.Advise(syntax, result);
        }
        catch (SqlSyntaxException error)
        {
            result.Problems.Add(new SqlProblem(SqlProblemKind.Syntax, Math.Min(error.Offset, sql.Length), 1, error.Message));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug of the checker must not take the build down: report it as SQL it cannot read.
            result.Problems.Add(new SqlProblem(SqlProblemKind.Syntax, 0, 1, "the SQL checker failed (" + error.GetType().Name + "); please report this query"));
        }
        return result;
    }
}

using System.Collections.Generic;
using System.Linq;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// Gathers what index advice (SQLG101) judges from a resolved statement: the <c>column = value</c> terms of AND-only
/// WHEREs, the equality terms of joins between two tables, and a LIMIT's leading ORDER BY column.
/// </summary>
internal static class IndexAdvisor
{
    public static void Advise(SqlSyntax syntax, SqlCheckResult result)
    {
        foreach (SqlScope scope in syntax.Scopes)
        {
            foreach (SqlColumnRef equality in scope.Equalities.Where(e => e.Table is not null))
                result.Filters.Add(Use(equality));
            foreach ((SqlColumnRef a, SqlColumnRef b, SqlSource joined, bool orderFixed) in scope.Joins)
            {
                if (a.Table is null || b.Table is null || a.Source is null || b.Source is null || ReferenceEquals(a.Source, b.Source)
                    || !scope.Sources.Contains(a.Source) || !scope.Sources.Contains(b.Source))
                    continue; // not two tables of this SELECT (an outer query's, a subquery's, a function's)
                (SqlColumnRef inner, SqlColumnRef other) = ReferenceEquals(a.Source, joined) ? (a, b) : ReferenceEquals(b.Source, joined) ? (b, a) : (null!, null!);
                if (inner is null)
                    continue; // a term between two tables joined earlier
                result.Joins.Add(new SqlJoinTerm(Use(inner), Use(other), orderFixed, FilteredColumns(scope, inner.Source!), FilteredColumns(scope, other.Source!)));
            }
            if (scope.LimitedOrder is { Table: not null, Source: { } orderedSource } ordered && scope.Sources.Contains(orderedSource))
                result.LimitedOrders.Add(Use(ordered));
        }
    }

    private static SqlEqualityFilter Use(SqlColumnRef reference) =>
        new(reference.Table!, reference.Name.Value, reference.Name.Start, reference.Name.Length);

    /// <summary>The columns of <paramref name="source"/> that the scope's WHERE compares with a value.</summary>
    private static List<string> FilteredColumns(SqlScope scope, SqlSource source) =>
        scope.Equalities.Where(e => ReferenceEquals(e.Source, source)).Select(e => e.Name.Value).ToList();
}

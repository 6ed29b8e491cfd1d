using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Queries;

/// <summary>A problem with a [Query] method, as plain values: where (in the file, or nowhere) and what.</summary>
internal sealed record QueryDiagnostic(DiagnosticDescriptor Descriptor, LocationInfo? Location, object[] Arguments);

/// <summary>One SQL parameter the statement binds, and the method parameter it takes its value from.</summary>
internal sealed record BoundParameter(string SqlName, QueryParameterModel Method);

/// <summary>
/// A [Query] method ready to emit: its statement and parameters, whether it writes, and how a row is read
/// (<see cref="Entity"/> with the ordinal of each of its columns, or a scalar <see cref="QueryMethodModel.Element"/>).
/// </summary>
internal sealed record BoundQuery(
    QueryMethodModel Method,
    SqlStatementKind Kind,
    string? TargetTable,
    IReadOnlyList<BoundParameter> Parameters,
    QueryReturnShape Shape,
    EntityModel? Entity,
    IReadOnlyDictionary<string, int>? Ordinals)
{
    public bool IsWrite => Kind != SqlStatementKind.Select;
}

/// <summary>
/// Checks a [Query] method against the database: its SQL (<see cref="QueryChecker"/>), its parameters against
/// the SQL's, its return type against the result columns. Gives a <see cref="BoundQuery"/> or the diagnostics.
/// </summary>
internal static class QueryBinder
{
    /// <param name="owner">The class that declares the method: the database, or a <c>[SqliteQueries]</c> class of it (null: the database).</param>
    public static (BoundQuery? Query, List<QueryDiagnostic> Diagnostics) Bind(
        DatabaseModel database, QueryMethodModel method, IReadOnlyList<EntityModel> tables, DatabaseSchema schema, ISqlDialect dialect, QueryClassModel? owner = null)
    {
        var diagnostics = new List<QueryDiagnostic>();
        string name = $"{owner?.TypeName ?? database.TypeName}.{method.Name}";
        if (method.Problem is not null)
        {
            diagnostics.Add(new(DiagnosticDescriptors.QueryMethodInvalid, method.Location ?? owner?.Location ?? database.Location, new object[] { $"[Query] method '{name}' {method.Problem}" }));
            return (null, diagnostics);
        }
        foreach (QueryParameterModel parameter in method.Parameters.Where(p => p.Problem is not null))
            diagnostics.Add(new(DiagnosticDescriptors.QueryParameterMismatch, method.Location, new object[] { name, parameter.Problem! }));
        if (diagnostics.Count > 0)
            return (null, diagnostics);

        SqlCheckResult sql = QueryChecker.Check(method.Sql, schema.Tables, dialect);
        foreach (SqlProblem problem in sql.Problems)
        {
            LocationInfo? at = SqlLocation(method, problem.Offset, problem.Length);
            string where = Position(method.Sql, problem.Offset);
            diagnostics.Add(problem.Kind switch
            {
                SqlProblemKind.UnknownTable => new(DiagnosticDescriptors.QueryUnknownTable, at, new object[] { name, problem.Message, where }),
                SqlProblemKind.UnknownColumn => new(DiagnosticDescriptors.QueryUnknownColumn, at, new object[] { name, problem.Message, where }),
                SqlProblemKind.Parameter => new(DiagnosticDescriptors.QueryParameterMismatch, at, new object[] { name, problem.Message + $" ({where} of the SQL)" }),
                _ => new(DiagnosticDescriptors.QuerySyntax, at, new object[] { name, where, problem.Message }),
            });
        }
        if (sql.Problems.Any(p => p.Kind == SqlProblemKind.Syntax))
            return (null, diagnostics);

        List<BoundParameter> parameters = Parameters(method, sql, name, diagnostics);
        if (sql.Problems.Count > 0)
            return (null, diagnostics); // the result is not worth checking against names that do not exist
        (QueryReturnShape shape, EntityModel? entity, Dictionary<string, int>? ordinals) = Result(database, method, sql, tables, schema, dialect, name, diagnostics);
        if (diagnostics.Count > 0)
            return (null, diagnostics);
        diagnostics.AddRange(ColumnsWithoutIndex(method, sql, tables, name));
        foreach ((int offset, int length, string message) in StoredFormCheck.Problems(sql, tables))
            diagnostics.Add(new(DiagnosticDescriptors.QueryStoredForm, SqlLocation(method, offset, length), new object[] { name, message, Position(method.Sql, offset) }));
        if (sql.Kind is SqlStatementKind.Update or SqlStatementKind.Delete && UnfilteredWrites.Find(method.Sql) is not null)
        {
            string verb = sql.Kind.ToString().ToUpperInvariant();
            diagnostics.Add(new(DiagnosticDescriptors.WriteWithoutWhere, SqlLocation(method, Math.Max(0, method.Sql.IndexOf(verb, StringComparison.OrdinalIgnoreCase)), verb.Length),
                new object[] { $"{name}: {verb}", sql.TargetTable ?? "" }));
        }
        return (new BoundQuery(method, sql.Kind, sql.TargetTable, parameters, shape, entity, ordinals), diagnostics);
    }

    /// <summary>$name binds the method parameter called exactly <c>name</c> (SQLite's parameter names are exact too).</summary>
    private static List<BoundParameter> Parameters(QueryMethodModel method, SqlCheckResult sql, string name, List<QueryDiagnostic> diagnostics)
    {
        var bound = new List<BoundParameter>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (SqlParameterUse use in sql.Parameters)
        {
            QueryParameterModel? parameter = method.Parameters.FirstOrDefault(p => p.Name == use.Name && !p.IsCancellationToken);
            if (parameter is null)
            {
                QueryParameterModel? near = method.Parameters.FirstOrDefault(p => string.Equals(p.Name, use.Name, StringComparison.OrdinalIgnoreCase));
                string hint = near is not null
                    ? $": names are matched exactly; did you mean ${near.Name}?"
                    : method.Parameters.Count == 0 ? ": the method has no parameters" : $": the method's parameters are {string.Join(", ", method.Parameters.Select(p => p.Name))}";
                diagnostics.Add(new(DiagnosticDescriptors.QueryParameterMismatch, SqlLocation(method, use.Offset, use.Length),
                    new object[] { name, $"{use.Text} ({Position(method.Sql, use.Offset)} of the SQL) is not a parameter of the method{hint}" }));
                continue;
            }
            used.Add(parameter.Name);
            if (!bound.Any(b => b.SqlName == use.Text))
                bound.Add(new BoundParameter(use.Text, parameter));
        }
        foreach (QueryParameterModel parameter in method.Parameters.Where(p => !used.Contains(p.Name) && !p.IsCancellationToken))
        {
            diagnostics.Add(new(DiagnosticDescriptors.QueryParameterMismatch, method.Location,
                new object[] { name, $"parameter '{parameter.Name}' is not used in the SQL: write ${parameter.Name} where its value goes, or remove it" }));
        }
        // Bound in the method's parameter order, so the generated code reads like the signature.
        return bound.OrderBy(b => IndexOf(method, b.Method)).ThenBy(b => b.SqlName, StringComparer.Ordinal).ToList();
    }

    private static int IndexOf(QueryMethodModel method, QueryParameterModel parameter)
    {
        for (int i = 0; i < method.Parameters.Count; i++)
        {
            if (method.Parameters[i].Name == parameter.Name)
                return i;
        }
        return -1;
    }

    private static (QueryReturnShape Shape, EntityModel? Entity, Dictionary<string, int>? Ordinals) Result(
        DatabaseModel database, QueryMethodModel method, SqlCheckResult sql, IReadOnlyList<EntityModel> tables, DatabaseSchema schema, ISqlDialect dialect, string name, List<QueryDiagnostic> diagnostics)
    {
        void Mismatch(string why) =>
            diagnostics.Add(new(DiagnosticDescriptors.QueryResultMismatch, method.Location, new object[] { name, method.ReturnTypeName.Replace("global::", ""), why }));

        if (!sql.ReturnsRows)
        {
            if (method.Shape == QueryReturnShape.Void)
                return (QueryReturnShape.Void, null, null);
            if (method.Shape == QueryReturnShape.One && method.Element?.Kind == ValueKind.Int32 && !method.Element.IsNullable)
                return (QueryReturnShape.RowsChanged, null, null);
            Mismatch($"its {sql.Kind.ToString().ToUpperInvariant()} returns no rows: return {(method.IsAsync ? "ValueTask<int> (the number of rows changed) or ValueTask" : "int (the number of rows changed) or void")}, or add RETURNING");
            return default;
        }
        if (method.Shape == QueryReturnShape.Void)
        {
            if (sql.Kind != SqlStatementKind.Select)
                return (QueryReturnShape.Void, null, null);
            Mismatch("a SELECT whose rows are thrown away does nothing: return its rows");
            return default;
        }
        if (method.Shape == QueryReturnShape.Stream && sql.Kind != SqlStatementKind.Select)
        {
            Mismatch($"a write cannot be streamed (it must finish before the writer is free): return {(method.IsAsync ? "ValueTask<IReadOnlyList<T>>" : "IReadOnlyList<T>")}");
            return default;
        }
        QueryValueModel element = method.Element!;
        EntityModel? entity = tables.FirstOrDefault(t => t.FullyQualifiedName == element.NonNullableTypeName);
        if (entity is null && element.Kind is null && element.RowMembers.Count > 0)
            return RecordOfColumns(method, sql, element, Mismatch);
        if (entity is null)
        {
            if (element.Kind is null)
            {
                Mismatch($"'{element.NonNullableTypeName.Replace("global::", "")}' is neither a table of {database.TypeName} nor a scalar type SqliteGen can read (see docs/type-mapping.md)");
                return default;
            }
            if (sql.Columns.Count != 1)
            {
                Mismatch($"a scalar needs exactly one result column and the SQL returns {sql.Columns.Count} ({Describe(sql.Columns)})");
                return default;
            }
            // A plain column of a table: its storage class must be the one the scalar is read as.
            SqlResultColumn only = sql.Columns[0];
            ColumnSchema? stored = schema.Tables.FirstOrDefault(t => string.Equals(t.Name, only.Table, StringComparison.OrdinalIgnoreCase))?
                .Columns.FirstOrDefault(c => string.Equals(c.Name, only.Column, StringComparison.OrdinalIgnoreCase));
            string expected = dialect.ColumnType(element.Kind.Value);
            if (stored is not null && stored.Type != expected)
            {
                Mismatch($"column {only.Table}.{stored.Name} ({Position(method.Sql, only.Offset)} of the SQL) is stored as {stored.Type}, and '{element.NonNullableTypeName.Replace("global::", "")}' is read from {expected}: return the column's own type, or CAST it");
                return default;
            }
            return (method.Shape, null, null);
        }

        // An entity: every column of it, by name, in any order, and nothing else.
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var unnamed = sql.Columns.Select((c, i) => (c, i)).Where(p => p.c.Name is null).Select(p => $"{p.i + 1} ({Position(method.Sql, p.c.Offset)} of the SQL)").ToList();
        if (unnamed.Count > 0)
            problems.Add($"result column{(unnamed.Count == 1 ? "" : "s")} {string.Join(", ", unnamed)} {(unnamed.Count == 1 ? "has" : "have")} no name: name {(unnamed.Count == 1 ? "it" : "them")} with AS");
        foreach (ColumnModel column in entity.Columns)
        {
            var matches = sql.Columns.Select((c, i) => (c, i)).Where(p => p.c.Name is not null && string.Equals(p.c.Name, column.ColumnName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 1)
                ordinals[column.MemberName] = matches[0].i;
            else if (matches.Count > 1)
                problems.Add($"the result has {matches.Count} columns named '{column.ColumnName}': select it once");
        }
        var missing = entity.Columns.Where(c => !ordinals.ContainsKey(c.MemberName) && !problems.Any(p => p.Contains($"'{c.ColumnName}'"))).Select(c => c.ColumnName).ToList();
        if (missing.Count > 0)
            problems.Add($"the result lacks column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} of {entity.TableName}: select every column of the table (for example {entity.TableName}.*)");
        var extra = sql.Columns.Where(c => c.Name is not null && !entity.Columns.Any(e => string.Equals(e.ColumnName, c.Name, StringComparison.OrdinalIgnoreCase))).Select(c => c.Name!).ToList();
        if (extra.Count > 0)
            problems.Add($"the result has column{(extra.Count == 1 ? "" : "s")} {string.Join(", ", extra)}, which {(extra.Count == 1 ? "is" : "are")} not in {entity.TableName}: select only its columns");
        if (problems.Count > 0)
        {
            Mismatch(string.Join("; ", problems));
            return default;
        }
        return (method.Shape, entity, ordinals);
    }

    /// <summary>
    /// SQLG101 (advice, the query still runs; docs/rules/SQLG101.md says why each case is judged as it is), for a column
    /// that is not the rowid, nor the first column of the primary key or of an index (a partial index counts: the checker
    /// cannot tell whether its condition holds):
    /// - a WHERE term <c>column = value</c> on it;
    /// - an equality join on it where SQLite reads its table in the inner loop: the joined table of a LEFT or CROSS join;
    ///   of an inner join, when neither side has an index, or when the other table is the one the WHERE narrows with an
    ///   index and this one has no filter;
    /// - the first ORDER BY term of a SELECT with LIMIT from this table alone, without WHERE, GROUP BY or DISTINCT.
    /// One diagnostic per column.
    /// </summary>
    private static IEnumerable<QueryDiagnostic> ColumnsWithoutIndex(QueryMethodModel method, SqlCheckResult sql, IReadOnlyList<EntityModel> tables, string name)
    {
        (EntityModel Entity, ColumnModel Column)? Find(SqlEqualityFilter use)
        {
            EntityModel? entity = tables.FirstOrDefault(t => string.Equals(t.TableName, use.Table, StringComparison.OrdinalIgnoreCase));
            ColumnModel? column = entity?.Columns.FirstOrDefault(c => string.Equals(c.ColumnName, use.Column, StringComparison.OrdinalIgnoreCase));
            return entity is null || column is null ? null : (entity, column); // null: the rowid, or not a table's column
        }
        bool Served(SqlEqualityFilter use) => Find(use) is not { } found || IndexCoverage.LeadsAnIndex(found.Entity, found.Column.MemberName);

        var candidates = new List<(SqlEqualityFilter Use, string What, string Cost)>();
        foreach (SqlEqualityFilter filter in sql.Filters)
            candidates.Add((filter, $"filters {filter.Table} on", "each run reads the whole table"));
        foreach (SqlJoinTerm join in sql.Joins)
        {
            bool joinedServed = Served(join.Joined), otherServed = Served(join.Other);
            // The table SQLite starts from: one the WHERE narrows with an index while the other has no filter.
            bool startsFromOther = join.JoinedFilters.Count == 0 && join.OtherFilters.Any(c => Served(join.Other with { Column = c }));
            bool startsFromJoined = join.OtherFilters.Count == 0 && join.JoinedFilters.Any(c => Served(join.Joined with { Column = c }));
            SqlEqualityFilter? inner =
                join.OrderFixed || startsFromOther ? (joinedServed ? null : join.Joined)
                : startsFromJoined ? (otherServed ? null : join.Other)
                : !joinedServed && !otherServed ? join.Joined // no plan uses an index: one on the joined column gives one
                : null; // one side has an index: SQLite loops over the other table and looks that side up
            if (inner is not null)
                candidates.Add((inner, $"joins {inner.Table} on", $"each run reads the whole of {inner.Table} to match the rows of {(inner == join.Joined ? join.Other : join.Joined).Table}"));
        }
        foreach (SqlEqualityFilter order in sql.LimitedOrders)
            candidates.Add((order, $"orders {order.Table} by", "each run reads and sorts the whole table to return the first rows"));

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((SqlEqualityFilter use, string what, string cost) in candidates)
        {
            if (Find(use) is not { } found || IndexCoverage.LeadsAnIndex(found.Entity, found.Column.MemberName) || !reported.Add(found.Entity.TableName + "." + found.Column.ColumnName))
                continue;
            yield return new QueryDiagnostic(DiagnosticDescriptors.QueryFilterWithoutIndex, SqlLocation(method, use.Offset, use.Length),
                new object[] { name, what, found.Column.ColumnName, Position(method.Sql, use.Offset), cost, $"{found.Entity.TypeName}.{found.Column.MemberName}" });
        }
    }

    /// <summary>
    /// A record of selected columns: each constructor parameter takes the result column of its name (compared
    /// case-insensitively, also as snake_case: <c>JoinedAt</c> takes <c>joined_at</c>), and every result column is taken.
    /// </summary>
    private static (QueryReturnShape, EntityModel?, Dictionary<string, int>?) RecordOfColumns(QueryMethodModel method, SqlCheckResult sql, QueryValueModel row, Action<string> mismatch)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        string type = row.NonNullableTypeName.Replace("global::", "");
        foreach (QueryParameterModel member in row.RowMembers)
        {
            if (member.Problem is not null)
            {
                problems.Add($"{type}'s constructor parameter '{member.Name}' has type '{member.Type.TypeName.Replace("global::", "")}', which SqliteGen cannot read from a column");
                continue;
            }
            string snake = Parsing.Naming.ToSnakeCase(member.Name);
            var matches = sql.Columns.Select((c, i) => (c, i))
                .Where(p => p.c.Name is not null && (string.Equals(p.c.Name, member.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.c.Name, snake, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (matches.Count == 1)
                ordinals[member.Name] = matches[0].i;
            else
                problems.Add(matches.Count == 0
                    ? $"no result column is named '{member.Name}' or '{snake}' for {type}'s constructor parameter '{member.Name}'"
                    : $"the result has {matches.Count} columns named '{member.Name}'");
        }
        var used = new HashSet<int>(ordinals.Values);
        var extra = sql.Columns.Select((c, i) => (c, i)).Where(p => !used.Contains(p.i))
            .Select(p => p.c.Name ?? $"the unnamed column {p.i + 1} ({Position(method.Sql, p.c.Offset)} of the SQL)").ToList();
        if (extra.Count > 0 && problems.Count == 0)
            problems.Add($"{string.Join(", ", extra)} {(extra.Count == 1 ? "matches" : "match")} no constructor parameter of {type}");
        if (problems.Count > 0)
        {
            mismatch(string.Join("; ", problems));
            return default;
        }
        return (method.Shape, null, ordinals);
    }

    private static string Describe(List<SqlResultColumn> columns) =>
        columns.Count == 0 ? "none" : string.Join(", ", columns.Select(c => c.Name ?? "an unnamed expression"));

    /// <summary>"column 15" for one-line SQL, "line 2, column 4" otherwise (both 1-based).</summary>
    internal static string Position(string sql, int offset)
    {
        offset = Math.Max(0, Math.Min(offset, sql.Length));
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        string column = (offset - lineStart + 1).ToString(CultureInfo.InvariantCulture);
        return sql.IndexOf('\n') < 0 ? "column " + column : $"line {line.ToString(CultureInfo.InvariantCulture)}, column {column}";
    }

    /// <summary>The problem's own span when the SQL is a plain one-line literal; else the attribute argument; else the method.</summary>
    private static LocationInfo? SqlLocation(QueryMethodModel method, int offset, int length) =>
        SqlLocation(method, method.Sql, method.SqlLocation, method.SqlLiteralStart, offset, length);

    /// <summary>The same for another SQL text of the method (its <c>[PostgreSqlQuery]</c>): its literal and the offset of its first character.</summary>
    internal static LocationInfo? SqlLocation(QueryMethodModel method, string sql, LocationInfo? literalLocation, int literalStart, int offset, int length)
    {
        if (literalLocation is not { } literal)
            return method.Location;
        if (literalStart < 0)
            return literal;
        int start = literalStart + Math.Min(offset, sql.Length);
        int character = literal.StartCharacter + (start - literal.Start);
        length = Math.Max(0, Math.Min(length, sql.Length - offset));
        return new LocationInfo(literal.FilePath, start, length, literal.StartLine, character, literal.StartLine, character + length);
    }
}

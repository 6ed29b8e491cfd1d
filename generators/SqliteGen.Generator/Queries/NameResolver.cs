using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Queries;

/// <summary>
/// Checks a statement's names against the schema: every table must exist (looked up while the statement is read,
/// <see cref="Table"/>), every column a statement writes must be its target's, and every column reference must name a
/// column of a table in scope, and only one (<see cref="Resolve"/>, once the whole statement is read). Unknown names are
/// problems in the result; a table whose columns are not known here (a subquery's, a function's) accepts any column.
/// </summary>
internal sealed class NameResolver(IReadOnlyList<TableSchema> tables, ISqlDialect dialect, SqlCheckResult result)
{
    /// <summary>A schema table (or its full-text index) by name; an unknown one is reported and accepts any column afterwards.</summary>
    public SqlSource Table(SqlToken name, SqlToken? schema)
    {
        if (schema is not null && !SqlSource.Same(schema.Value, "main"))
        {
            Problem(SqlProblemKind.UnknownTable, schema, $"schema '{schema.Value}' is not this database: a [Query] reads only its own tables (main)");
            return new SqlSource(name.Value, null, null);
        }
        foreach (TableSchema table in tables)
        {
            if (SqlSource.Same(table.Name, name.Value))
                return new SqlSource(name.Value, table.Name, table.Columns.Select(c => c.Name).ToList());
            foreach (CompanionSchema companion in table.Companions)
            {
                if (dialect.IsFullTextIndex(companion) && SqlSource.Same(companion.Name, name.Value))
                    return new SqlSource(name.Value, null, null);
            }
        }
        string known = string.Join(", ", tables.Select(t => t.Name));
        Problem(SqlProblemKind.UnknownTable, name, $"table '{name.Value}' does not exist (the tables are {known})");
        return new SqlSource(name.Value, null, null);
    }

    /// <summary>A column an INSERT or UPDATE writes: one of the target table's (or its rowid).</summary>
    public void TargetColumn(SqlSource target, SqlToken column)
    {
        if (target.Columns is not null && !target.Columns.Any(c => SqlSource.Same(c, column.Value)) && !SqlSource.RowIdNames.Any(r => SqlSource.Same(r, column.Value)))
            Problem(SqlProblemKind.UnknownColumn, column, $"column '{column.Value}' is not a column of {target.Table ?? target.Alias} ({string.Join(", ", target.Columns)})");
    }

    /// <summary>Resolves every column reference of <paramref name="syntax"/>, then gives each plain result column its table.</summary>
    public void Resolve(SqlSyntax syntax)
    {
        foreach (SqlScope scope in syntax.Scopes)
        {
            foreach (SqlColumnRef reference in scope.References)
            {
                Resolve(scope, reference);
                if (reference.Table is not null)
                    result.ColumnReferences.Add(reference);
            }
        }
        foreach ((SqlResultColumn column, SqlColumnRef reference) in syntax.PlainResults)
            column.Table = reference.Table;
    }

    private void Resolve(SqlScope scope, SqlColumnRef reference)
    {
        string name = reference.Name.Value;
        if (reference.Qualifier is { } qualifier)
        {
            for (SqlScope? s = scope; s is not null; s = s.Parent)
            {
                SqlSource? source = s.Sources.FirstOrDefault(x => SqlSource.Same(x.Alias, qualifier.Value));
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

        for (SqlScope? s = scope; s is not null; s = s.Parent)
        {
            List<SqlSource> matches = s.Sources.Where(x => x.Columns is not null && x.Has(name)).ToList();
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
            if (reference.AllowAlias && s.Items is not null && s.Items.Any(i => i.Alias is not null && SqlSource.Same(i.Alias, name)))
                return;
        }
        string inScope = string.Join(", ", scope.Sources.Select(Describe));
        Problem(SqlProblemKind.UnknownColumn, reference.Name, inScope.Length == 0
            ? $"column '{name}' does not exist: no table is in scope here"
            : $"column '{name}' does not exist in {inScope}");
    }

    private static string Describe(SqlSource source) =>
        source.Table is null ? $"'{source.Alias}'" : SqlSource.Same(source.Alias, source.Table) ? source.Table : $"{source.Table} ({source.Alias})";

    private void Problem(SqlProblemKind kind, SqlToken token, string message) =>
        result.Problems.Add(new SqlProblem(kind, token.Start, System.Math.Max(1, token.Length), message));
}

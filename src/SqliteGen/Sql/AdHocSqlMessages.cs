using System;
using System.Collections.Generic;

namespace SqliteGen;

/// <summary>
/// What ad-hoc SQL says when a call does not fit, worded once for both engines (<see cref="DatabaseSql"/> and
/// SqliteGen.PostgreSql's <c>PostgreSqlDatabaseSql</c>), so the same mistake reads the same on either.
/// </summary>
internal static class AdHocSqlMessages
{
    public static string NotOneRow(Type type, int rows, string sql) =>
        $"Sql.QuerySingle<{type.Name}> expected exactly one row and got {rows}. SQL: {DatabaseSql.Shown(sql)}";

    public static string NotReadable(Type type, string database) =>
        $"{type.FullName} is neither an entity of {database} nor a stored scalar type (long, int, double, bool, string, byte[], Guid, decimal, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan or their nullable forms). For a record of selected columns declare a [Query] method (docs/queries.md).";

    public static string NullInto(Type type) =>
        $"the result's column was NULL, which {type.Name} cannot hold: read it as {type.Name}? (or {type.Name} for a reference type) or filter the NULLs out";

    public static string NotOneColumn(Type type, IReadOnlyList<string> columns) =>
        $"a {type.Name} is read from a result of one column, and this one has {columns.Count} ({string.Join(", ", columns)})";

    public static string NotEntityColumns(Type type, string table, IEnumerable<string> result, IEnumerable<string> columns) =>
        $"the result columns ({string.Join(", ", result)}) are not the columns of {table} in table order ({string.Join(", ", columns)}), which a {type.Name} is read from: select them with SELECT * FROM {table} (or alias.* in a join)";

    public static string ValueNotUsed(string name) =>
        $"a value was given for the parameter '{name}', which the SQL does not use (write it as ${SqlParameters.Bare(name)})";

    public static string NoValue(string parameter) => $"the parameter {parameter} has no value: add it to the SqlParameters";
}

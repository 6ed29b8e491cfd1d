using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen;

/// <summary>
/// Ad-hoc SQL on either engine (<c>db.Sql</c>): <see cref="DatabaseSql"/> on a SQLite file and
/// <c>SqliteGen.PostgreSql.PostgreSqlDatabaseSql</c> on PostgreSQL implement it, with the same parameters, result types and
/// errors, so code written against the generated database interface (<c>IShopDb.Sql</c>) runs on both as long as its SQL
/// does. docs/queries.md, "Ad-hoc SQL", and docs/postgresql.md, "Ad-hoc SQL on PostgreSQL".
/// </summary>
public interface IDatabaseSql
{
    /// <summary>
    /// Runs <paramref name="sql"/> and reads every row as <typeparamref name="T"/>: an entity of this database (the result's
    /// columns are its table's columns in table order) or a stored scalar type from a one-column result.
    /// </summary>
    IReadOnlyList<T> Query<T>(string sql, SqlParameters? parameters = null);

    /// <inheritdoc cref="Query{T}"/>
    ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="sql"/> and returns its only row as <typeparamref name="T"/>; no row or more than one is an error.</summary>
    T QuerySingle<T>(string sql, SqlParameters? parameters = null);

    /// <summary>Runs one statement that writes and returns the number of rows it changed.</summary>
    int Execute(string sql, SqlParameters? parameters = null);

    /// <inheritdoc cref="Execute"/>
    ValueTask<int> ExecuteAsync(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default);
}

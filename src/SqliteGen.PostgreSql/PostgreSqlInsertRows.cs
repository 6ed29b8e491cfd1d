using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>Binds one row's parameters of a statement from position <paramref name="at"/> on (0 is <c>$1</c>).</summary>
public delegate void PostgreSqlRowBinder<in T>(NpgsqlParameterCollection parameters, T entity, int at);

/// <summary>
/// Writes one row's fields to a binary COPY (after <see cref="NpgsqlBinaryImporter.StartRow()"/>), in the COPY's column
/// order; synchronously when <paramref name="async"/> is false (the returned task is then complete).
/// </summary>
public delegate ValueTask PostgreSqlRowWriter<in T>(NpgsqlBinaryImporter row, T entity, bool async, CancellationToken cancellationToken);

/// <summary>
/// How a generated <c>InsertMany</c> sends a list of rows in bulk. A list of at least <see cref="CopyFrom"/> rows goes as
/// one binary COPY (<c>COPY t (...) FROM STDIN (FORMAT BINARY)</c>, each row written by <see cref="Write"/>): PostgreSQL
/// parses no statement and binds no parameter, and the rows stream in one round trip. A shorter one of at least
/// <see cref="Rows"/> rows goes as multi-row INSERTs (<c>INSERT INTO t (...) VALUES ($1, ...), ($8, ...), ...</c>),
/// <see cref="Rows"/> rows a statement, so PostgreSQL runs one statement for them instead of one per row. Built once per
/// table; the statement's text the first time it is used.
/// </summary>
/// <remarks>
/// A table whose INSERT computes its key from the table's rows (a <c>Generated</c> key that is not an identity) has
/// none: every row of a multi-row INSERT would compute the same key, and a COPY computes none.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlInsertRows<T>
{
    /// <summary>The most rows one statement carries.</summary>
    internal const int MaxRows = 500;

    /// <summary>
    /// The fewest rows sent with COPY. Its start costs a round trip of its own (the server answers the COPY before the rows
    /// go): measured against the row-by-row batch of <see cref="PostgreSqlLease"/> on one server, a COPY was as fast from
    /// about 10 rows and faster from 20 on.
    /// </summary>
    internal const int CopyFrom = 20;

    /// <summary>
    /// The most parameters one statement binds: well under the protocol's 65,535, so a wide table sends fewer rows per
    /// statement rather than a statement PostgreSQL cannot take.
    /// </summary>
    internal const int MaxParameters = 16_384;

    private readonly string _head;
    private string? _sql;

    /// <param name="head">The INSERT up to its values: <c>INSERT INTO t (a, b) VALUES </c>.</param>
    /// <param name="columns">The parameters of one row.</param>
    /// <param name="bind">Binds one row's parameters, in the head's column order.</param>
    /// <param name="copyIn">The COPY of the same columns: <c>COPY t (a, b) FROM STDIN (FORMAT BINARY)</c>.</param>
    /// <param name="write">Writes one row's fields to the COPY, in the same order.</param>
    public PostgreSqlInsertRows(string head, int columns, PostgreSqlRowBinder<T> bind, string copyIn, PostgreSqlRowWriter<T> write)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        _head = head;
        Columns = columns;
        Bind = bind;
        CopyIn = copyIn;
        Write = write;
        Rows = Math.Clamp(MaxParameters / columns, 1, MaxRows);
    }

    /// <summary>The parameters of one row.</summary>
    internal int Columns { get; }

    /// <summary>The rows of one statement.</summary>
    internal int Rows { get; }

    /// <summary>Binds one row's parameters from a position on.</summary>
    internal PostgreSqlRowBinder<T> Bind { get; }

    /// <summary>The COPY statement that starts a binary import of the rows.</summary>
    internal string CopyIn { get; }

    /// <summary>Writes one row of the COPY.</summary>
    internal PostgreSqlRowWriter<T> Write { get; }

    /// <summary>The statement of <see cref="Rows"/> rows.</summary>
    internal string Sql => _sql ??= Build();

    private string Build()
    {
        var sql = new StringBuilder(_head, _head.Length + Rows * Columns * 8);
        int parameter = 1;
        for (int row = 0; row < Rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (int column = 0; column < Columns; column++)
            {
                if (column > 0)
                    sql.Append(", ");
                sql.Append('$').Append(parameter++.ToString(CultureInfo.InvariantCulture));
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}

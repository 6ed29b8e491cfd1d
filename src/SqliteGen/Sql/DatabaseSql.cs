using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SQLitePCL;

namespace SqliteGen;

/// <summary>
/// Ad-hoc SQL through a generated database's own connections (<c>db.Sql</c>, and <c>tx.Sql</c> inside a write
/// transaction): a statement that only reads runs on a pooled reader, one that writes on the writer, queued and
/// committed with the other writes like the table accessors' (inside a transaction, on its connection: it sees the
/// transaction's changes and rolls back with it). Values are bound by name from <see cref="SqlParameters"/>, never
/// spliced; results are read as the database's entity types (by their generated row readers) or as a stored scalar
/// type, without reflection. One statement per call. docs/queries.md, "Ad-hoc SQL", says why it looks like this.
/// </summary>
public sealed class DatabaseSql : IDatabaseSql
{
    private const int MessageSqlLength = 400;

    private static readonly HashSet<string> RefusedStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ATTACH", "DETACH", "VACUUM",
    };

    /// <summary>Pragmas that take an argument in parentheses and only read (any other pragma with an argument sets something).</summary>
    private static readonly HashSet<string> ReadingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check",
    };

    private readonly ConnectionSource _source;
    private readonly EntityReaders _readers;

    /// <summary>Created by the generated database class (<c>db.Sql</c>) and its write transaction (<c>tx.Sql</c>).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DatabaseSql(ConnectionSource source, EntityReaders readers)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(readers);
        _source = source;
        _readers = readers;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and reads every row as <typeparamref name="T"/>: an entity of this database (the
    /// result's columns are its table's columns in table order, as <c>SELECT *</c> or <c>SELECT t.*</c> gives them) or a
    /// stored scalar type (<c>long</c>, <c>int</c>, <c>double</c>, <c>bool</c>, <c>string</c>, <c>byte[]</c>,
    /// <c>Guid</c>, <c>decimal</c>, the date and time types, each also nullable) from a one-column result.
    /// A read runs on a reader; a statement that writes (<c>INSERT … RETURNING</c>) on the writer.
    /// </summary>
    /// <exception cref="SqliteGenException">The SQL is invalid, refused, its parameters and the given values differ, or a column does not fit <typeparamref name="T"/>; the message names the SQL and the parameter or column.</exception>
    /// <exception cref="ConstraintViolationException">A write broke a constraint; nothing of it was written.</exception>
    public IReadOnlyList<T> Query<T>(string sql, SqlParameters? parameters = null)
    {
        var call = new Call<T>(this, sql, parameters, "Query");
        using (ConnectionLease lease = _source.RentReader())
        {
            if (call.TryRunReadOnly(lease.Connection, out List<T>? rows))
                return rows;
        }
        return WriteSource().Write(call, static (connection, c) => c.Run(connection));
    }

    /// <inheritdoc cref="Query{T}"/>
    public async ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        var call = new Call<T>(this, sql, parameters, "QueryAsync");
        using (ConnectionLease lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (call.TryRunReadOnly(lease.Connection, out List<T>? rows))
                return rows;
        }
        return await WriteSource().WriteAsync(call, static (connection, c) => (IReadOnlyList<T>)c.Run(connection), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and returns its only row as <typeparamref name="T"/> (<see cref="Query{T}"/> says
    /// which types): a scalar such as <c>SELECT count(*) …</c>, or one entity.
    /// </summary>
    /// <exception cref="SqliteGenException">No row or more than one, or what <see cref="Query{T}"/> throws.</exception>
    public T QuerySingle<T>(string sql, SqlParameters? parameters = null)
    {
        IReadOnlyList<T> rows = Query<T>(sql, parameters);
        if (rows.Count != 1)
            throw new SqliteGenException(AdHocSqlMessages.NotOneRow(typeof(T), rows.Count, sql));
        return rows[0];
    }

    /// <summary>
    /// Runs one statement that writes (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, DDL, <c>ANALYZE</c>, …) on the
    /// writer and returns the rows it changed (<c>sqlite3_changes</c>). Outside a transaction it is atomic and
    /// committed with the other queued writes; inside <c>tx.Sql</c> it is part of the transaction.
    /// </summary>
    /// <exception cref="SqliteGenException">The SQL is invalid or refused, its parameters and the given values differ, or SQLite failed; the message names the SQL.</exception>
    /// <exception cref="ConstraintViolationException">The write broke a constraint; nothing of it was written.</exception>
    public int Execute(string sql, SqlParameters? parameters = null)
    {
        var call = new Call<bool>(this, sql, parameters, "Execute");
        return WriteSource().Write(call, static (connection, c) => c.Execute(connection));
    }

    /// <inheritdoc cref="Execute"/>
    public ValueTask<int> ExecuteAsync(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        var call = new Call<bool>(this, sql, parameters, "ExecuteAsync");
        return WriteSource().WriteAsync(call, static (connection, c) => c.Execute(connection), cancellationToken);
    }

    /// <summary>
    /// Where writes go: the source, wrapped for each table with <c>[Vector]</c> columns so that the write retires its
    /// resident index (the SQL may have changed any of their rows; the next search rebuilds it).
    /// </summary>
    private ConnectionSource WriteSource()
    {
        ConnectionSource source = _source;
        foreach (string table in _readers.VectorTables)
            source = SearchTableSource.Wrap(source, table);
        return source;
    }

    internal static string Shown(string sql) => sql.Length <= MessageSqlLength ? sql : string.Concat(sql.AsSpan(0, MessageSqlLength), "…");

    /// <summary>One call: the SQL, its values and how to read a row, checked before any connection is taken.</summary>
    private sealed class Call<T>
    {
        private readonly string _sql;
        private readonly SqlParameters? _parameters;
        private readonly string _what;
        private readonly string _database;
        private readonly EntityReader<T>? _entity;
        private readonly Func<StatementRunner, int, T>? _scalar;

        public Call(DatabaseSql owner, string sql, SqlParameters? parameters, string method)
        {
            ArgumentNullException.ThrowIfNull(sql);
            _sql = sql;
            _parameters = parameters;
            _database = owner._readers.Database;
            bool reads = method.StartsWith("Query", StringComparison.Ordinal);
            _what = reads ? $"Sql.{method}<{typeof(T).Name}>" : $"Sql.{method}";
            if (reads)
            {
                _entity = owner._readers.Find<T>();
                _scalar = _entity is null ? ScalarReader<T>.Read : null;
                if (_entity is null && _scalar is null)
                    throw Error(AdHocSqlMessages.NotReadable(typeof(T), _database));
            }
            CheckStatementKind();
        }

        /// <summary>Runs the statement on <paramref name="connection"/> when it only reads; false (nothing run) when it writes.</summary>
        public bool TryRunReadOnly(PooledConnection connection, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out List<T>? rows)
        {
            RawStatement statement = Prepare(connection);
            try
            {
                if (raw.sqlite3_stmt_readonly(statement.Handle) == 0)
                {
                    rows = null;
                    return false;
                }
                rows = ReadAll(statement, write: false);
                return true;
            }
            finally
            {
                statement.Dispose();
            }
        }

        /// <summary>Runs the statement on the writer (or the transaction's connection) and reads its rows.</summary>
        public List<T> Run(PooledConnection connection)
        {
            RawStatement statement = Prepare(connection);
            try
            {
                return ReadAll(statement, write: true);
            }
            finally
            {
                statement.Dispose();
            }
        }

        public int Execute(PooledConnection connection)
        {
            RawStatement statement = Prepare(connection);
            try
            {
                using var runner = new StatementRunner(statement);
                Bind(runner, statement);
                return runner.Execute();
            }
            catch (SqliteException error)
            {
                throw Failed(error, write: true);
            }
            finally
            {
                statement.Dispose();
            }
        }

        private List<T> ReadAll(RawStatement statement, bool write)
        {
            try
            {
                using var runner = new StatementRunner(statement);
                Bind(runner, statement);
                CheckColumns(statement);
                var rows = new List<T>();
                while (runner.Step())
                    rows.Add(ReadRow(runner));
                return rows;
            }
            catch (SqliteException error)
            {
                throw Failed(error, write);
            }
        }

        private T ReadRow(StatementRunner row)
        {
            if (_entity is not null)
                return _entity.Read(row);
            if (row.IsNull(0))
            {
                if (!ScalarReader<T>.TakesNull)
                    throw Error(AdHocSqlMessages.NullInto(typeof(T)));
                return default!;
            }
            try
            {
                return _scalar!(row, 0);
            }
            catch (Exception error) when (error is FormatException or OverflowException)
            {
                throw Error($"the result's column does not read as {typeof(T).Name}: {error.Message}", error);
            }
        }

        private void CheckColumns(RawStatement statement)
        {
            int count = raw.sqlite3_column_count(statement.Handle);
            var names = new string[count];
            for (int i = 0; i < count; i++)
                names[i] = raw.sqlite3_column_name(statement.Handle, i).utf8_to_string() ?? "";
            if (_entity is not null)
            {
                bool same = count == _entity.Columns.Length;
                for (int i = 0; same && i < count; i++)
                    same = string.Equals(names[i], _entity.Columns[i], StringComparison.OrdinalIgnoreCase);
                if (!same)
                    throw Error(AdHocSqlMessages.NotEntityColumns(typeof(T), _entity.Table, names, _entity.Columns));
            }
            else if (count != 1)
            {
                throw Error(AdHocSqlMessages.NotOneColumn(typeof(T), names));
            }
        }

        /// <summary>Binds the values to the SQL's parameters by name: every parameter needs a value, every value a parameter.</summary>
        private void Bind(StatementRunner runner, RawStatement statement)
        {
            sqlite3_stmt handle = statement.Handle;
            int count = _parameters?.Count ?? 0;
            var indexes = new int[count];
            for (int i = 0; i < count; i++)
            {
                string name = _parameters!.NameAt(i);
                int index = name[0] is '$' or ':' or '@'
                    ? raw.sqlite3_bind_parameter_index(handle, name)
                    : FirstIndex(handle, name);
                if (index == 0)
                    throw Error(AdHocSqlMessages.ValueNotUsed(name));
                indexes[i] = index;
            }
            int used = raw.sqlite3_bind_parameter_count(handle);
            for (int index = 1; index <= used; index++)
            {
                if (Array.IndexOf(indexes, index) >= 0)
                    continue;
                string? name = raw.sqlite3_bind_parameter_name(handle, index).utf8_to_string();
                throw name is null
                    ? Error($"parameter {index} is positional ('?'); ad-hoc SQL binds by name only: write $name and pass the value as {{ \"name\", value }}")
                    : Error(AdHocSqlMessages.NoValue(name));
            }
            statement.Indexes = indexes;
            for (int i = 0; i < count; i++)
            {
                SqlValue value = _parameters!.ValueAt(i);
                switch (value.Kind)
                {
                    case SqlValueKind.Integer: runner.BindInt64(i, value.Integer); break;
                    case SqlValueKind.Real: runner.BindDouble(i, value.Real); break;
                    case SqlValueKind.Text: runner.BindText(i, (string)value.Reference!); break;
                    case SqlValueKind.Blob: runner.BindBlob(i, (byte[])value.Reference!); break;
                    default: runner.BindNull(i); break;
                }
            }
        }

        private static int FirstIndex(sqlite3_stmt handle, string name)
        {
            foreach (string prefix in new[] { "$", ":", "@" })
            {
                int index = raw.sqlite3_bind_parameter_index(handle, prefix + name);
                if (index != 0)
                    return index;
            }
            return 0;
        }

        private RawStatement Prepare(PooledConnection connection)
        {
            RawStatement? statement;
            string tail;
            try
            {
                statement = RawStatement.PrepareOnce(connection.Connection.Handle!, _sql, connection.Connection.DataSource, out tail);
            }
            catch (SqliteException error)
            {
                throw Error(error.Message, error);
            }
            if (statement is null)
                throw Error("it holds no statement");
            if (!OnlyComments(tail))
            {
                // A second statement would not be atomic with the first inside a group commit.
                statement.Dispose();
                throw Error("it holds more than one statement; run one per call (several writes that belong together go in db.Write(tx => { tx.Sql.Execute(…); … }))");
            }
            statement.InUse = true;
            return statement;
        }

        /// <summary>Refuses what would break the pool: transaction control, ATTACH, VACUUM, and pragmas that set a connection's state.</summary>
        private void CheckStatementKind()
        {
            var words = new SqlWords(_sql);
            string first = words.Next();
            if (RefusedStatements.Contains(first))
            {
                string instead = first.ToUpperInvariant() switch
                {
                    "VACUUM" => "use db.Maintenance.Vacuum()",
                    "ATTACH" or "DETACH" => "an attached database would stay on one pooled connection only; open it as a database of its own",
                    _ => "use db.Write(tx => …) or db.BeginWrite() for a transaction, with tx.Sql for SQL inside it",
                };
                throw Error($"{first.ToUpperInvariant()} is not run through the pool: {instead}");
            }
            if (string.Equals(first, "PRAGMA", StringComparison.OrdinalIgnoreCase))
            {
                string name = words.Next();
                string next = words.Next();
                if (next == ".")
                {
                    name = words.Next();
                    next = words.Next();
                }
                if (next == "=" || (next == "(" && !ReadingPragmas.Contains(name)))
                    throw Error($"PRAGMA {name} with a value would change one pooled connection's setting and not the others: set it through SqliteGenOptions, or use a connection of your own. Pragmas that read (PRAGMA {name}, table_info(t), integrity_check, …) are fine");
            }
        }

        private static bool OnlyComments(string text)
        {
            var words = new SqlWords(text);
            while (true)
            {
                string word = words.Next();
                if (word.Length == 0)
                    return true;
                if (word != ";")
                    return false;
            }
        }

        private SqliteGenException Failed(SqliteException error, bool write)
        {
            if (!write)
                return Error(error.Message, error);
            string table = ConstraintTable(error.Message) ?? _database;
            return SqliteErrors.WriteFailed(error, table, $"{_what} of \"{Shown(_sql)}\"");
        }

        /// <summary>The table of a UNIQUE / NOT NULL failure ("UNIQUE constraint failed: users.email").</summary>
        private static string? ConstraintTable(string message)
        {
            int colon = message.IndexOf("constraint failed: ", StringComparison.Ordinal);
            if (colon < 0)
                return null;
            string rest = message.Substring(colon + "constraint failed: ".Length);
            int dot = rest.IndexOf('.');
            return dot > 0 ? rest.Substring(0, dot) : null;
        }

        private SqliteGenException Error(string problem, Exception? inner = null) =>
            new($"{_what} on {_database} failed: {problem}. SQL: {Shown(_sql)}", inner);
    }

    /// <summary>The words and punctuation of SQL text, skipping white space and comments: enough to see what a statement is.</summary>
    private ref struct SqlWords
    {
        private readonly ReadOnlySpan<char> _text;
        private int _at;

        public SqlWords(string text)
        {
            _text = text;
            _at = 0;
        }

        /// <summary>The next word (letters, digits, underscores; a quoted name without its quotes) or punctuation character; empty at the end.</summary>
        public string Next()
        {
            while (_at < _text.Length)
            {
                char c = _text[_at];
                if (char.IsWhiteSpace(c))
                {
                    _at++;
                }
                else if (c == '-' && _at + 1 < _text.Length && _text[_at + 1] == '-')
                {
                    int end = _text.Slice(_at).IndexOf('\n');
                    _at = end < 0 ? _text.Length : _at + end + 1;
                }
                else if (c == '/' && _at + 1 < _text.Length && _text[_at + 1] == '*')
                {
                    int end = _text.Slice(_at + 2).IndexOf("*/");
                    _at = end < 0 ? _text.Length : _at + 2 + end + 2;
                }
                else
                {
                    break;
                }
            }
            if (_at >= _text.Length)
                return "";
            int start = _at;
            char first = _text[_at];
            if (first is '"' or '`' or '[')
            {
                char close = first == '[' ? ']' : first;
                int end = _text.Slice(_at + 1).IndexOf(close);
                _at = end < 0 ? _text.Length : _at + 1 + end + 1;
                return _text.Slice(start + 1, Math.Max(0, _at - start - 2)).ToString();
            }
            if (char.IsLetterOrDigit(first) || first == '_')
            {
                while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_'))
                    _at++;
                return _text.Slice(start, _at - start).ToString();
            }
            _at++;
            return first.ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Ad-hoc SQL on a generated database on PostgreSQL (<c>db.Sql</c> of <c>ShopDb.PostgreSql</c>): the methods, parameters,
/// result types and errors of SQLite's <see cref="DatabaseSql"/>. The named parameters become PostgreSQL's <c>$1</c>…
/// (<see cref="PostgreSqlParameters"/>), each value bound as the PostgreSQL type of what it was (a Guid as <c>uuid</c>, a
/// bool as <c>boolean</c>, a date as <c>timestamptz</c>, a list as one <c>jsonb</c> array); rows are read as the
/// database's entities by their tables' generated readers (<see cref="PostgreSqlEntityReaders"/>) or as scalars. Each call
/// of <c>db.Sql</c> takes a connection from the data source for its own duration; a statement that is not a read
/// (<c>Execute</c>, or a <c>Query</c> of <c>INSERT … RETURNING</c>) is a write, refused inside a write transaction on the
/// same flow as the tables' writes are. <c>tx.Sql</c> runs on the transaction's connection, each statement in a savepoint
/// (a refused one is undone alone). One statement per call. docs/postgresql.md, "Ad-hoc SQL on PostgreSQL".
/// </summary>
public sealed class PostgreSqlDatabaseSql : IDatabaseSql
{
    /// <summary>Statements that would change the pooled connection's state or transaction rather than the data.</summary>
    private static readonly HashSet<string> RefusedStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE", "SET", "RESET", "DISCARD",
        "LISTEN", "UNLISTEN",
    };

    /// <summary>The first words of a statement that reads (a <c>WITH</c> that writes is the caller's to run with <c>Execute</c>).</summary>
    private static readonly HashSet<string> ReadingStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "VALUES", "TABLE", "WITH", "SHOW", "EXPLAIN",
    };

    /// <summary>The savepoint each statement of <c>tx.Sql</c> runs in.</summary>
    private const string Savepoint = "sqlitegen_sql";

    private readonly PostgreSqlSource _source;
    private readonly PostgreSqlEntityReaders _readers;
    private readonly bool _inTransaction;

    /// <summary>Created by the generated <c>ShopDb.PostgreSql</c> (<c>db.Sql</c>) and its write transaction (<c>tx.Sql</c>, on the <see cref="PostgreSqlTransaction"/>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public PostgreSqlDatabaseSql(PostgreSqlSource source, PostgreSqlEntityReaders readers)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(readers);
        _source = source;
        _readers = readers;
        _inTransaction = source is PostgreSqlTransaction;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and reads every row as <typeparamref name="T"/>: an entity of this database (the
    /// result's columns are its table's columns in table order, with their types, as <c>SELECT *</c> or <c>SELECT t.*</c>
    /// gives them) or a stored scalar type (<c>long</c>, <c>int</c>, <c>double</c>, <c>bool</c>, <c>string</c>,
    /// <c>byte[]</c>, <c>Guid</c>, <c>decimal</c>, the date and time types, each also nullable) from a one-column result.
    /// </summary>
    /// <exception cref="SqliteGenException">The SQL is invalid, refused, its parameters and the given values differ, or a column does not fit <typeparamref name="T"/>; the message names the SQL and the parameter or column.</exception>
    /// <exception cref="ConstraintViolationException">A write broke a constraint; nothing of it was written.</exception>
    public IReadOnlyList<T> Query<T>(string sql, SqlParameters? parameters = null) =>
        QueryCore<T>(async: false, new Call<T>(this, sql, parameters, "Query"), CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Query{T}"/>
    public async ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default) =>
        await QueryCore<T>(async: true, new Call<T>(this, sql, parameters, "QueryAsync"), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs <paramref name="sql"/> and returns its only row as <typeparamref name="T"/> (<see cref="Query{T}"/> says which types).</summary>
    /// <exception cref="SqliteGenException">No row or more than one, or what <see cref="Query{T}"/> throws.</exception>
    public T QuerySingle<T>(string sql, SqlParameters? parameters = null)
    {
        IReadOnlyList<T> rows = Query<T>(sql, parameters);
        if (rows.Count != 1)
            throw new SqliteGenException(AdHocSqlMessages.NotOneRow(typeof(T), rows.Count, sql));
        return rows[0];
    }

    /// <summary>Runs one statement that writes (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, DDL…) and returns the rows it changed; outside a write transaction it is its own transaction.</summary>
    /// <exception cref="SqliteGenException">The SQL is invalid or refused, its parameters and the given values differ, or PostgreSQL refused it; the message names the SQL.</exception>
    /// <exception cref="ConstraintViolationException">The write broke a constraint; nothing of it was written.</exception>
    public int Execute(string sql, SqlParameters? parameters = null) =>
        ExecuteCore(async: false, new Call<bool>(this, sql, parameters, "Execute"), CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Execute"/>
    public ValueTask<int> ExecuteAsync(string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default) =>
        ExecuteCore(async: true, new Call<bool>(this, sql, parameters, "ExecuteAsync"), cancellationToken);

    /// <summary>
    /// The sync and async forms in one body: with <paramref name="async"/> false every call completes synchronously. A
    /// read takes a read lease; a statement that writes and returns rows (<c>INSERT … RETURNING</c>) a write lease; inside a
    /// write transaction every statement runs in a savepoint (<see cref="InTransaction{T}"/>).
    /// </summary>
    private async ValueTask<IReadOnlyList<T>> QueryCore<T>(bool async, Call<T> call, CancellationToken cancellationToken)
    {
        if (_inTransaction)
            return (await InTransaction(async, call, query: true, cancellationToken).ConfigureAwait(false)).Rows!;
        if (call.Reads)
        {
            PostgreSqlReadLease read = async ? await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false) : _source.RentReader();
            try
            {
                return await Rows(async, call, read, static (lease, sql) => lease.Command(sql),
                    static (lease, command, inAsync, token) => inAsync ? lease.ExecuteReaderAsync(command, token) : new(lease.ExecuteReader(command)),
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (async)
                    await read.DisposeAsync().ConfigureAwait(false);
                else
                    read.Dispose();
            }
        }
        PostgreSqlLease write = await RentWriter(async, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Rows(async, call, write, static (lease, sql) => lease.Command(sql),
                static (lease, command, inAsync, token) => inAsync ? lease.ExecuteReaderAsync(command, token) : new(lease.ExecuteReader(command)),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await write.Release(async).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the call's statement through <paramref name="lease"/> (a read lease, or the writer's for a write that returns
    /// rows) and reads every row. The lease's methods come as static lambdas, the lease as their argument: a call allocates
    /// no closure.
    /// </summary>
    private static async ValueTask<IReadOnlyList<T>> Rows<T, TLease>(bool async, Call<T> call, TLease lease,
        Func<TLease, string, NpgsqlCommand> command, Func<TLease, NpgsqlCommand, bool, CancellationToken, ValueTask<NpgsqlDataReader>> execute,
        CancellationToken cancellationToken)
    {
        using NpgsqlCommand statement = command(lease, call.Sql);
        call.Bind(statement.Parameters);
        NpgsqlDataReader reader;
        try
        {
            reader = await execute(lease, statement, async, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error)
        {
            throw call.Failed(error);
        }
        return await ReadRows(async, call, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every row of <paramref name="reader"/> (positioned on the statement's result) and disposes it; PostgreSQL's
    /// error on a row is translated as the statement's (<see cref="Call{T}.Failed"/>).
    /// </summary>
    private static async ValueTask<IReadOnlyList<T>> ReadRows<T>(bool async, Call<T> call, NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAll(async, call, reader, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error)
        {
            throw call.Failed(error);
        }
        finally
        {
            await PostgreSqlLease.DisposeReader(async, reader).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the result's columns and reads every row; PostgreSQL's errors pass through.</summary>
    private static async ValueTask<IReadOnlyList<T>> ReadAll<T>(bool async, Call<T> call, NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        call.CheckColumns(reader);
        var rows = new List<T>();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
            rows.Add(call.ReadRow(reader));
        return rows;
    }

    private async ValueTask<int> ExecuteCore(bool async, Call<bool> call, CancellationToken cancellationToken)
    {
        if (_inTransaction)
            return (await InTransaction(async, call, query: false, cancellationToken).ConfigureAwait(false)).Changed;
        PostgreSqlLease lease = await RentWriter(async, cancellationToken).ConfigureAwait(false);
        try
        {
            using NpgsqlCommand command = lease.Command(call.Sql);
            call.Bind(command.Parameters);
            int changed = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
            return Math.Max(changed, 0); // -1 for a statement that changes no rows (DDL), 0 as on SQLite
        }
        catch (PostgresException error)
        {
            throw call.Failed(error);
        }
        finally
        {
            await lease.Release(async).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A statement of <c>tx.Sql</c>: on the transaction's connection, inside it, between <c>SAVEPOINT</c> and
    /// <c>RELEASE</c> sent with it in one round trip. A statement PostgreSQL refuses (a constraint, an error in the SQL, a
    /// value that does not fit) is rolled back to the savepoint, so the transaction goes on without it, as a SQLite
    /// transaction does after a failed statement; PostgreSQL would otherwise refuse every later statement of the
    /// transaction. The tables' writes do the same (<see cref="PostgreSqlLease"/>). With <c>query</c> the rows are read
    /// (<c>Query</c>), otherwise the rows changed are counted (<c>Execute</c>).
    /// </summary>
    private async ValueTask<(IReadOnlyList<T>? Rows, int Changed)> InTransaction<T>(bool async, Call<T> call, bool query, CancellationToken cancellationToken)
    {
        PostgreSqlReadLease lease = _source.RentReader(); // the transaction's own connection: nothing to give back
        NpgsqlTransaction transaction = lease.Transaction!;
        using var batch = new NpgsqlBatch(lease.Connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint));
        var statement = new NpgsqlBatchCommand(call.Sql);
        call.Bind(statement.Parameters);
        batch.BatchCommands.Add(statement);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint));
        try
        {
            if (!query)
            {
                if (async)
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                else
                    batch.ExecuteNonQuery();
                return (null, Math.Max(statement.RecordsAffected, 0));
            }
            // The reader stops at the statement's result (SAVEPOINT has none); disposing it runs the RELEASE.
            NpgsqlDataReader reader = async ? await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : batch.ExecuteReader();
            try
            {
                return (await ReadAll(async, call, reader, cancellationToken).ConfigureAwait(false), 0);
            }
            finally
            {
                await PostgreSqlLease.DisposeReader(async, reader).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is PostgresException or OperationCanceledException or NpgsqlException)
        {
            await PostgreSqlTransaction.RollBackTo(async, _source, lease.Connection, transaction, Savepoint, error).ConfigureAwait(false);
            if (error is PostgresException refused)
                throw call.Failed(refused);
            throw;
        }
    }

    private async ValueTask<PostgreSqlLease> RentWriter(bool async, CancellationToken cancellationToken) =>
        async ? await _source.RentWriterAsync(cancellationToken).ConfigureAwait(false) : _source.RentWriter();

    /// <summary>One call: the rewritten SQL, its values in <c>$n</c> order and how to read a row, checked before any connection is taken.</summary>
    private sealed class Call<T>
    {
        private readonly string _sql;
        private readonly string _what;
        private readonly string _database;
        private readonly PostgreSqlEntityReaders _readers;
        private readonly PostgreSqlEntityReader<T>? _entity;
        private readonly Func<NpgsqlDataReader, int, T>? _scalar;
        private readonly PostgreSqlParameters.Rewritten _rewritten;
        private readonly SqlValue[] _values;

        public Call(PostgreSqlDatabaseSql owner, string sql, SqlParameters? parameters, string method)
        {
            ArgumentNullException.ThrowIfNull(sql);
            _sql = sql;
            _readers = owner._readers;
            _database = owner._readers.Database;
            bool query = method.StartsWith("Query", StringComparison.Ordinal);
            _what = query ? $"Sql.{method}<{typeof(T).Name}>" : $"Sql.{method}";
            if (query)
            {
                _entity = _readers.Find<T>();
                _scalar = _entity is null ? PostgreSqlScalarReader<T>.Read : null;
                if (_entity is null && _scalar is null)
                    throw Error(AdHocSqlMessages.NotReadable(typeof(T), _database));
            }
            _rewritten = PostgreSqlParameters.Rewrite(sql);
            if (_rewritten.Problem is { } problem)
                throw Error(problem);
            if (_rewritten.FirstWord.Length == 0)
                throw Error("it holds no statement");
            if (RefusedStatements.Contains(_rewritten.FirstWord))
                throw Error($"{_rewritten.FirstWord.ToUpperInvariant()} is not run through the data source's connections: use db.Write(tx => …) or db.BeginWrite() for a transaction, and set a connection's settings in the connection string or the data source");
            Reads = query && ReadingStatements.Contains(_rewritten.FirstWord);
            _values = Match(parameters);
        }

        /// <summary>Whether the statement reads (a connection for reading) rather than writes (the writer's checks).</summary>
        public bool Reads { get; }

        /// <summary>The value of each <c>$n</c>, in order: every parameter of the SQL needs a value and every value a parameter.</summary>
        private SqlValue[] Match(SqlParameters? parameters)
        {
            string[] names = _rewritten.Names;
            int count = parameters?.Count ?? 0;
            var values = new SqlValue[names.Length];
            var found = new bool[names.Length];
            for (int i = 0; i < count; i++)
            {
                string given = parameters!.NameAt(i);
                int number = Array.IndexOf(names, SqlParameters.Bare(given));
                if (number < 0)
                    throw Error(AdHocSqlMessages.ValueNotUsed(given));
                values[number] = parameters.ValueAt(i);
                found[number] = true;
            }
            int missing = Array.IndexOf(found, false);
            if (missing >= 0)
                throw Error(AdHocSqlMessages.NoValue(_rewritten.Written[missing]));
            return values;
        }

        /// <summary>The SQL PostgreSQL runs: the call's text with its parameters numbered <c>$1</c>, <c>$2</c>…</summary>
        public string Sql => _rewritten.Sql;

        /// <summary>Adds the call's values to a command's or a batch statement's parameters, in <c>$n</c> order.</summary>
        public void Bind(NpgsqlParameterCollection parameters)
        {
            foreach (SqlValue value in _values)
                Bind(parameters, value);
        }

        /// <summary>Binds a value as the PostgreSQL type of what it was before it took its stored form.</summary>
        private static void Bind(NpgsqlParameterCollection parameters, SqlValue value)
        {
            string text = value.Reference as string ?? "";
            switch (value.Origin)
            {
                case SqlValueOrigin.Boolean: PostgreSqlValues.Add(parameters, value.Integer != 0, NpgsqlDbType.Boolean); return;
                case SqlValueOrigin.Guid: PostgreSqlValues.Add(parameters, SqliteValues.ToGuid(text), NpgsqlDbType.Uuid); return;
                case SqlValueOrigin.Decimal: PostgreSqlValues.Add(parameters, SqliteValues.ToDecimal(text), NpgsqlDbType.Numeric); return;
                case SqlValueOrigin.DateTime: PostgreSqlValues.Add(parameters, PostgreSqlValues.Utc(SqliteValues.ToDateTime(text)), NpgsqlDbType.TimestampTz); return;
                case SqlValueOrigin.DateTimeOffset: PostgreSqlValues.Add(parameters, SqliteValues.ToDateTimeOffset(text).ToUniversalTime(), NpgsqlDbType.TimestampTz); return;
                case SqlValueOrigin.DateOnly: PostgreSqlValues.Add(parameters, SqliteValues.ToDateOnly(text), NpgsqlDbType.Date); return;
                case SqlValueOrigin.TimeOnly: PostgreSqlValues.Add(parameters, SqliteValues.ToTimeOnly(text), NpgsqlDbType.Time); return;
                case SqlValueOrigin.TimeSpan: PostgreSqlValues.Add(parameters, new TimeSpan(value.Integer), NpgsqlDbType.Interval); return;
                case SqlValueOrigin.JsonList: PostgreSqlValues.Add(parameters, text, NpgsqlDbType.Jsonb); return;
            }
            switch (value.Kind)
            {
                case SqlValueKind.Integer: PostgreSqlValues.Add(parameters, value.Integer, NpgsqlDbType.Bigint); break;
                case SqlValueKind.Real: PostgreSqlValues.Add(parameters, value.Real, NpgsqlDbType.Double); break;
                case SqlValueKind.Text: PostgreSqlValues.Add(parameters, text, NpgsqlDbType.Text); break;
                case SqlValueKind.Blob: PostgreSqlValues.Add(parameters, (byte[])value.Reference!, NpgsqlDbType.Bytea); break;
                default: parameters.Add(new NpgsqlParameter { Value = DBNull.Value }); break; // untyped: PostgreSQL takes the type the SQL gives it
            }
        }

        /// <summary>An entity's result is its table's columns, by name and type, in table order; a scalar's is one column.</summary>
        public void CheckColumns(NpgsqlDataReader reader)
        {
            int count = reader.FieldCount;
            if (_entity is null)
            {
                if (count != 1)
                    throw Error(AdHocSqlMessages.NotOneColumn(typeof(T), Names(reader)));
                return;
            }
            (string Name, string Type)[] columns = _entity.Columns;
            string entity = typeof(T).Name;
            for (int i = 0; i < Math.Max(count, columns.Length); i++)
            {
                if (i >= count || i >= columns.Length || !string.Equals(reader.GetName(i), columns[i].Name, StringComparison.OrdinalIgnoreCase))
                {
                    string column = i < count ? $"the result's column {i + 1} is {reader.GetName(i)}" : $"the result has no column {columns[i].Name}";
                    throw Error($"{column}: {AdHocSqlMessages.NotEntityColumns(typeof(T), _entity.Table.Name, Names(reader), Array.ConvertAll(columns, c => c.Name))}");
                }
                string type = TypeName(reader.GetDataTypeName(i));
                if (type != columns[i].Type && !(columns[i].Type == "text" && type is "character varying" or "character" or "name"))
                    throw Error($"the result's column {reader.GetName(i)} is {type}, and {entity} reads {_entity.Table.Name}.{columns[i].Name} as {columns[i].Type}: select the table's column, or cast the expression (::{columns[i].Type})");
            }
        }

        /// <summary>PostgreSQL's name of a result column's type, in the form the generated table declares it (<c>timestamptz</c>, not <c>timestamp with time zone</c>).</summary>
        private static string TypeName(string dataTypeName)
        {
            int facets = dataTypeName.IndexOf('(');
            string name = facets < 0 ? dataTypeName : dataTypeName.Substring(0, facets);
            return name switch
            {
                "timestamp with time zone" => "timestamptz",
                "time without time zone" => "time",
                _ => name,
            };
        }

        private static string[] Names(NpgsqlDataReader reader)
        {
            var names = new string[reader.FieldCount];
            for (int i = 0; i < names.Length; i++)
                names[i] = reader.GetName(i);
            return names;
        }

        public T ReadRow(NpgsqlDataReader row)
        {
            if (_entity is not null)
            {
                try
                {
                    return _entity.Read(row);
                }
                catch (Exception error) when (error is InvalidCastException or FormatException or OverflowException)
                {
                    throw Error($"a row does not read as {typeof(T).Name} ({_entity.Table.Name}): {error.Message}", error);
                }
            }
            if (row.IsDBNull(0))
            {
                if (!PostgreSqlScalarReader<T>.TakesNull)
                    throw Error(AdHocSqlMessages.NullInto(typeof(T)));
                return default!;
            }
            try
            {
                return _scalar!(row, 0);
            }
            catch (Exception error) when (error is InvalidCastException or FormatException or OverflowException)
            {
                throw Error($"the result's column ({row.GetName(0)}, {row.GetDataTypeName(0)}) does not read as {typeof(T).Name}: {error.Message}", error);
            }
        }

        /// <summary>A constraint PostgreSQL refused (SQLSTATE class 23) as the tables' writes report it; anything else named with the SQL.</summary>
        public SqliteGenException Failed(PostgresException error) =>
            error.SqlState.StartsWith("23", StringComparison.Ordinal)
                ? PostgreSqlErrors.WriteFailed(error, _readers.TableOf(error.TableName), $"{_what} of \"{DatabaseSql.Shown(_sql)}\"")
                : Error($"{error.MessageText} (PostgreSQL {error.SqlState})", error);

        private SqliteGenException Error(string problem, Exception? inner = null) =>
            new($"{_what} on {_database} (PostgreSQL) failed: {problem}. SQL: {DatabaseSql.Shown(_sql)}", inner);
    }
}

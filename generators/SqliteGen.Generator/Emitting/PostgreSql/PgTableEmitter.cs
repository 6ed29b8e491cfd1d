using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// Emits one PostgreSQL table class (<c>ShopDb.PostgreSql.OrdersTable</c>): the same methods as the SQLite accessor
/// (<see cref="TableShape"/> gives both their signatures), each renting a connection from its source (the database's
/// data source, or a write transaction's connection) through the runtime's <c>PostgreSqlLease</c>, which runs the
/// statements and turns PostgreSQL's errors into SqliteGen's. Sync and async forms are written out in full: Npgsql does
/// its I/O asynchronously, so an async method awaits the server rather than wrapping the sync one.
/// </summary>
internal static class PgTableEmitter
{
    private const string Runtime = "global::SqliteGen.PostgreSql";
    private const string Parameters = "global::Npgsql.NpgsqlParameterCollection";
    private const string Reader = "global::Npgsql.NpgsqlDataReader";
    private const string SingleRow = "global::System.Data.CommandBehavior.SingleRow";

    public static string Emit(DatabaseModel database, EntityModel table, TableSchema schema)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        w.Open("partial class PostgreSql");
        new Writer(w, database, table, schema).Write();
        w.Close();
        PgImportEmitter.SqliteSide(w, table);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    private sealed class Writer
    {
        private static readonly PostgreSqlDialect Dialect = PostgreSqlDialect.Instance;
        private readonly SourceWriter _w;
        private readonly DatabaseModel _database;
        private readonly EntityModel _table;
        private readonly TableSchema _schema;
        private readonly TableShape _shape;
        private readonly string _entity;
        private readonly bool _keyLock;

        public Writer(SourceWriter w, DatabaseModel database, EntityModel table, TableSchema schema)
        {
            _w = w;
            _database = database;
            _table = table;
            _schema = schema;
            _shape = new TableShape(table);
            _entity = table.FullyQualifiedName;
            _keyLock = PostgreSqlDialect.NeedsKeyLock(table);
        }

        private string Nullable => _entity + "?";

        /// <summary>The INSERT binds every column (<c>BindRow</c>) unless the database assigns the key (<c>BindInsert</c>).</summary>
        private string InsertBinder => _shape.GeneratedKey is null ? "BindRow" : "BindInsert";

        private string LockArgument => _keyLock ? "LockKeySql" : "null";

        /// <summary>The multi-row INSERT InsertMany sends; none where the INSERT computes its key from the table's rows.</summary>
        private string InsertRowsArgument => _keyLock ? "null" : "s_insertRows";

        public void Write()
        {
            _w.Line("/// <summary>");
            _w.Line($"/// The <c>{SourceWriter.DocText(_table.TableName)}</c> table on PostgreSQL: <see cref=\"{DatabaseEmitter.Cref(_entity)}\"/> rows. Each call takes a");
            _w.Line("/// connection from the data source for its own duration; inside a <see cref=\"WriteTransaction\"/> it uses the transaction's.");
            _w.Line("/// </summary>");
            _w.Line(EmitterCommon.GeneratedCode);
            _w.Open($"{EmitterCommon.AccessorAccessibility(_table)} sealed class {_table.AccessorName}Table : {InterfaceEmitter.TableInterface(_table)}");
            _w.Line($"private const string TableName = {SourceWriter.Literal(_table.TableName)};");
            _w.Line();
            Statements();
            ErrorTable();
            InsertRowsField();
            PgImportEmitter.Field(_w, _database, _table);
            ValueCode.JsonFields(_w, _table, _database.JsonContextTypeName, explain: true);
            foreach (ColumnModel vector in _table.Columns.Where(c => c.Kind == ValueKind.Vector))
            {
                _w.Line($"private static readonly global::SqliteGen.Runtime.VectorColumn {ValueCode.VectorField(vector)} = new(TableName, {SourceWriter.Literal(vector.ColumnName)}, {vector.VectorDimensions.ToString(CultureInfo.InvariantCulture)}, global::SqliteGen.VectorMetric.{vector.VectorMetric});");
                _w.Line();
            }
            _w.Line($"private readonly {Runtime}.PostgreSqlSource _source;");
            if (PgSearchEmitter.HasVectors(_table))
            {
                PgSearchEmitter.Field(_w, _table);
                _w.Line();
                _w.Open($"internal {_table.AccessorName}Table({Runtime}.PostgreSqlSource source)");
                _w.Line("_source = source;");
                _w.Line(PgSearchEmitter.Setup(_table));
                _w.Close();
            }
            else
            {
                _w.Line();
                _w.Line($"internal {_table.AccessorName}Table({Runtime}.PostgreSqlSource source) => _source = source;");
            }
            Insert();
            InsertMany();
            Write("Upsert", "void", _shape.EntityParameter, "UpsertSql", "BindRow(statement.Parameters, entity);", _shape.EntityGuard, result: null,
                first: PostgreSqlDialect.NeedsIdentityLock(_table) ? "LockIdentitySql" : null);
            GetAndFind();
            if (_shape.HasUpdate)
                Write("Update", "bool", _shape.EntityParameter, "UpdateSql", "BindRow(statement.Parameters, entity);", _shape.EntityGuard, result: "changed > 0");
            Write("Delete", "bool", _shape.KeyParameters, "DeleteSql", null, guard: null, result: "changed > 0", keys: _shape.Keys);
            Count();
            All();
            FindByIndexes();
            PgImportEmitter.Methods(_w);
            PgSearchEmitter.Write(_w, _database, _table);
            Binder("BindRow", "every column, in the table's order (INSERT, UPSERT and UPDATE number their parameters so)", _table.Columns,
                fromPosition: !_keyLock && _shape.GeneratedKey is null);
            if (_shape.GeneratedKey is not null)
                Binder("BindInsert", "every column the INSERT writes: all but the key the database assigns", PostgreSqlDialect.InsertColumns(_table), fromPosition: !_keyLock);
            RowWriter();
            ReadRow();
            _w.Close();
        }

        private void Statements()
        {
            var statements = new List<(string Name, string Sql)>();
            if (_keyLock)
                statements.Add(("LockKeySql", Dialect.LockGeneratedKey(_table)));
            statements.Add(("InsertSql", Dialect.Insert(_table, returningKey: false)));
            if (_shape.GeneratedKey is not null)
                statements.Add(("InsertReturningKeySql", Dialect.Insert(_table, returningKey: true)));
            if (PostgreSqlDialect.NeedsIdentityLock(_table))
                statements.Add(("LockIdentitySql", Dialect.LockIdentity(_table)));
            statements.Add(("UpsertSql", Dialect.Upsert(_table)));
            if (Dialect.Update(_table) is { } update)
                statements.Add(("UpdateSql", update));
            statements.Add(("DeleteSql", Dialect.Delete(_table)));
            var reads = new List<(string Name, string Sql)>
            {
                ("FindSql", Dialect.SelectByKey(_table)),
                ("CountSql", Dialect.Count(_table)),
                ("AllSql", Dialect.SelectAll(_table)),
            };
            foreach (Lookup lookup in _shape.Lookups)
                reads.Add((lookup.Method + "Sql", Dialect.SelectByIndex(_table, _schema, lookup.Index)));
            foreach ((string name, string sql) in statements.Concat(reads))
                _w.Line($"private const string {name} = {SourceWriter.Literal(sql)};");
            _w.Line();
            _w.Line("// Where each read names the table: a tenant's read puts the tenant's schema there and goes as one statement.");
            foreach ((string name, string sql) in reads)
                _w.Line($"private const int {name}TableAt = {Dialect.TableAt(_table, sql).ToString(CultureInfo.InvariantCulture)};");
            _w.Line();
        }

        /// <summary>The table as the error translation sees it: its key's and unique indexes' columns, named as SQLite names them.</summary>
        private void ErrorTable()
        {
            string Columns(IEnumerable<ColumnModel> columns) => string.Join(", ", columns.Select(c => _table.TableName + "." + c.ColumnName));
            var uniques = _table.Indexes.Where(i => i.IsUnique).ToList();
            string declaration = $"internal static readonly {Runtime}.PostgreSqlTable s_table = new {Runtime}.PostgreSqlTable(TableName, {SourceWriter.Literal(Columns(_shape.Keys))})";
            if (uniques.Count == 0)
            {
                _w.Line(declaration + ";");
            }
            else
            {
                _w.Line(declaration);
                _w.Indent();
                for (int i = 0; i < uniques.Count; i++)
                    _w.Line($".Unique({SourceWriter.Literal(uniques[i].Name)}, {SourceWriter.Literal(Columns(uniques[i].Members.Select(_shape.Column)))}){(i == uniques.Count - 1 ? ";" : "")}");
                _w.Outdent();
            }
            _w.Line();
        }

        /// <summary>
        /// The bulk forms of InsertMany (<c>PostgreSqlInsertRows</c>): the multi-row INSERT with its binder, the binary COPY
        /// with its row writer (<see cref="RowWriter"/>); none where every row would compute the same key.
        /// </summary>
        private void InsertRowsField()
        {
            if (_keyLock)
                return;
            int columns = PostgreSqlDialect.InsertColumns(_table).Count;
            _w.Line($"private static readonly {Runtime}.PostgreSqlInsertRows<{_entity}> s_insertRows = new(");
            _w.Indent();
            _w.Line($"{SourceWriter.Literal(Dialect.InsertHead(_table))}, {columns.ToString(CultureInfo.InvariantCulture)}, {InsertBinder},");
            _w.Line($"{SourceWriter.Literal(Dialect.CopyIn(_table))}, WriteRow);");
            _w.Outdent();
            _w.Line();
        }

        /// <summary>
        /// <c>WriteRow</c>: one row of InsertMany's binary COPY, the INSERT's columns in order, each value converted and
        /// typed as the binder binds it.
        /// </summary>
        private void RowWriter()
        {
            if (_keyLock)
                return;
            _w.Line();
            _w.Line("/// <summary>Writes one row of <c>s_insertRows</c>' COPY: the columns the INSERT writes, in its order.</summary>");
            _w.Open($"private static async {ValueTask} WriteRow(global::Npgsql.NpgsqlBinaryImporter row, {_entity} entity, bool async, {Token} cancellationToken)");
            foreach (ColumnModel column in PostgreSqlDialect.InsertColumns(_table))
                _w.Line(PgValueCode.Write(column, "entity." + column.Member(), "row", _table.TableName + "." + column.ColumnName) + " // " + SourceWriter.DocText(column.ColumnName));
            _w.Close();
        }

        private void Insert()
        {
            ColumnModel? key = _shape.GeneratedKey;
            string returnType = _shape.InsertReturnType;
            string sql = key is null ? "InsertSql" : "InsertReturningKeySql";
            string binder = $"{InsertBinder}(lease.Statement({sql}).Parameters, entity);";
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async ? $"public async {AsyncOf(returnType)} InsertAsync({_shape.EntityParameter.DeclarationWithToken})" : $"public {returnType} Insert({_shape.EntityParameter.Declaration})");
                if (_shape.EntityGuard is { } guard)
                    _w.Line(guard);
                RentWriter(async);
                if (_keyLock)
                    _w.Line("lease.Statement(LockKeySql);");
                _w.Line(binder);
                if (key is null)
                {
                    _w.Line(async ? "await lease.ExecuteAsync(s_table, \"Insert\", cancellationToken).ConfigureAwait(false);" : "lease.Execute(s_table, \"Insert\");");
                }
                else
                {
                    _w.Line(async
                        ? "long key = await lease.ExecuteReturningInt64Async(s_table, \"Insert\", cancellationToken).ConfigureAwait(false);"
                        : "long key = lease.ExecuteReturningInt64(s_table, \"Insert\");");
                    string cast = key.Kind == ValueKind.Int32 ? "checked((int)key)" : "key";
                    _w.Line($"return entity with {{ {key.Member()} = {cast} }};");
                }
                _w.Close();
            }
        }

        private void InsertMany()
        {
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async ? $"public async {AsyncOf("int")} InsertManyAsync({_shape.EntitiesParameter.DeclarationWithToken})" : $"public int InsertMany({_shape.EntitiesParameter.Declaration})");
                _w.Line("global::System.ArgumentNullException.ThrowIfNull(entities);");
                RentWriter(async);
                _w.Line(async
                    ? $"return await lease.InsertManyAsync(entities, InsertSql, {LockArgument}, {InsertBinder}, s_table, {InsertRowsArgument}, cancellationToken).ConfigureAwait(false);"
                    : $"return lease.InsertMany(entities, InsertSql, {LockArgument}, {InsertBinder}, s_table, {InsertRowsArgument});");
                _w.Close();
            }
        }

        /// <summary>
        /// A one-statement write and its async twin: <paramref name="bind"/> fills <c>statement</c>'s parameters (or the
        /// <paramref name="keys"/> arguments do), and <paramref name="result"/> (of <c>changed</c>, the rows it changed) is returned.
        /// <paramref name="first"/>: a statement sent before it in the same round trip (a lock).
        /// </summary>
        private void Write(string name, string returnType, ParameterList parameters, string sql, string? bind, string? guard, string? result, IReadOnlyList<ColumnModel>? keys = null, string? first = null)
        {
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async ? $"public async {AsyncOf(returnType)} {name}Async({parameters.DeclarationWithToken})" : $"public {returnType} {name}({parameters.Declaration})");
                if (guard is not null)
                    _w.Line(guard);
                RentWriter(async);
                if (first is not null)
                    _w.Line($"lease.Statement({first});");
                _w.Line($"var statement = lease.Statement({sql});");
                if (bind is not null)
                    _w.Line(bind);
                else
                    BindArguments("statement.Parameters", keys!);
                string run = async ? $"await lease.ExecuteAsync(s_table, {SourceWriter.Literal(name)}, cancellationToken).ConfigureAwait(false)" : $"lease.Execute(s_table, {SourceWriter.Literal(name)})";
                if (result is null)
                {
                    _w.Line(run + ";");
                }
                else
                {
                    _w.Line($"int changed = {run};");
                    _w.Line($"return {result};");
                }
                _w.Close();
            }
        }

        private void RentWriter(bool async) => _w.Line(async
            ? "await using var lease = await _source.RentWriterAsync(cancellationToken).ConfigureAwait(false);"
            : "using var lease = _source.RentWriter();");

        /// <summary>Rents a reader connection and makes the command of <paramref name="sql"/> with <paramref name="columns"/>' arguments bound.</summary>
        private void ReadCommand(bool async, string sql, IEnumerable<ColumnModel> columns)
        {
            _w.Line(async
                ? "await using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);"
                : "using var lease = _source.RentReader();");
            _w.Line($"{(async ? "await " : "")}using var command = lease.Command({sql}, {sql}TableAt);");
            BindArguments("command.Parameters", columns);
        }

        /// <summary>
        /// Runs the command of <see cref="ReadCommand"/>, prepared on its connection: the table's statements are a fixed set,
        /// so each physical connection prepares each of them once and later reads only look it up.
        /// </summary>
        private void ExecuteReader(bool async, string? behavior = null)
        {
            string tail = behavior is null ? "" : ", " + behavior;
            _w.Line(async
                ? $"await using var row = await lease.ExecutePreparedReaderAsync(command, cancellationToken{tail}).ConfigureAwait(false);"
                : $"using var row = lease.ExecutePreparedReader(command{tail});");
        }

        private static string Read(bool async) => async ? "await row.ReadAsync(cancellationToken).ConfigureAwait(false)" : "row.Read()";

        /// <summary>Binds the method's key or index arguments, in the statement's parameter order.</summary>
        private void BindArguments(string parameters, IEnumerable<ColumnModel> columns)
        {
            int index = 0;
            foreach (ColumnModel column in columns)
                _w.Line(PgValueCode.Bind(column, EmitterCommon.ParameterName(column), parameters, index++, _table.TableName + "." + column.ColumnName));
        }

        /// <summary>A lookup returning the first row or null: <c>Find</c> and the unique <c>FindBy…</c>.</summary>
        private void FindOne(string method, string sql, IEnumerable<ColumnModel> columns, ParameterList parameters)
        {
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async ? $"public async {AsyncOf(Nullable)} {method}Async({parameters.DeclarationWithToken})" : $"public {Nullable} {method}({parameters.Declaration})");
                ReadCommand(async, sql, columns);
                ExecuteReader(async, SingleRow);
                _w.Line($"return {Read(async)} ? ReadRow(row) : null;");
                _w.Close();
            }
        }

        private void GetAndFind()
        {
            ParameterList keys = _shape.KeyParameters;
            string keyText = SourceWriter.InterpolatedLiteral(_shape.Keys
                .SelectMany((k, i) => new[] { (i == 0 ? "" : ", ") + k.ColumnName + " = ", EmitterCommon.ParameterName(k) })
                .Append("").ToArray());
            _w.Line();
            _w.Line("/// <inheritdoc/>");
            _w.Line($"public {_entity} Get({keys.Declaration}) => Find({keys.Arguments}) ?? throw NotFound({keys.Arguments});");
            _w.Line();
            _w.Line("/// <inheritdoc/>");
            _w.Line($"public async {AsyncOf(_entity)} GetAsync({keys.DeclarationWithToken}) =>");
            _w.Line($"    await FindAsync({keys.ArgumentsWithToken}).ConfigureAwait(false) ?? throw NotFound({keys.Arguments});");
            _w.Line();
            _w.Line($"private static global::SqliteGen.EntityNotFoundException NotFound({keys.Declaration}) =>");
            _w.Line($"    new(TableName, string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {keyText}));");
            FindOne("Find", "FindSql", _shape.Keys, keys);
        }

        private void Count()
        {
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async ? $"public async {AsyncOf("long")} CountAsync({TokenParameter})" : "public long Count()");
                ReadCommand(async, "CountSql", Enumerable.Empty<ColumnModel>());
                ExecuteReader(async, SingleRow);
                _w.Line($"return {Read(async)} ? row.GetInt64(0) : 0;");
                _w.Close();
            }
        }

        private void All()
        {
            foreach (bool async in new[] { false, true })
            {
                _w.Line();
                _w.Line("/// <inheritdoc/>");
                _w.Open(async
                    ? $"public async global::System.Collections.Generic.IAsyncEnumerable<{_entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {TokenParameter})"
                    : $"public global::System.Collections.Generic.IEnumerable<{_entity}> All()");
                ReadCommand(async, "AllSql", Enumerable.Empty<ColumnModel>());
                ExecuteReader(async);
                _w.Open($"while ({Read(async)})");
                _w.Line("yield return ReadRow(row);");
                _w.Close();
                _w.Close();
            }
        }

        private void FindByIndexes()
        {
            foreach (Lookup lookup in _shape.Lookups)
            {
                if (lookup.Index.IsUnique)
                {
                    FindOne(lookup.Method, lookup.Method + "Sql", lookup.Columns, lookup.Parameters);
                    continue;
                }
                string list = ReadOnlyList(_entity);
                foreach (bool async in new[] { false, true })
                {
                    _w.Line();
                    _w.Line("/// <inheritdoc/>");
                    _w.Open(async ? $"public async {AsyncOf(list)} {lookup.Method}Async({lookup.Parameters.DeclarationWithToken})" : $"public {list} {lookup.Method}({lookup.Parameters.Declaration})");
                    ReadCommand(async, lookup.Method + "Sql", lookup.Columns);
                    ExecuteReader(async);
                    _w.Line($"var rows = new global::System.Collections.Generic.List<{_entity}>();");
                    _w.Open($"while ({Read(async)})");
                    _w.Line("rows.Add(ReadRow(row));");
                    _w.Close();
                    _w.Line("return rows;");
                    _w.Close();
                }
            }
        }

        /// <summary>
        /// A binder <paramref name="name"/>; with <paramref name="fromPosition"/> it also binds a row of the multi-row INSERT
        /// (<c>s_insertRows</c>) from a position on, and the one-row form binds from the first.
        /// </summary>
        private void Binder(string name, string what, IEnumerable<ColumnModel> columns, bool fromPosition)
        {
            _w.Line();
            _w.Line($"/// <summary>Binds the parameters of {what}: adds them to a new statement, sets them again in a reused one.</summary>");
            if (fromPosition)
            {
                _w.Line($"private static void {name}({Parameters} parameters, {_entity} entity) => {name}(parameters, entity, 0);");
                _w.Line();
                _w.Line($"/// <summary>Binds the same parameters from position <paramref name=\"at\"/> on (0 is <c>$1</c>): one row of <c>s_insertRows</c>.</summary>");
                _w.Open($"private static void {name}({Parameters} parameters, {_entity} entity, int at)");
            }
            else
            {
                _w.Open($"private static void {name}({Parameters} parameters, {_entity} entity)");
            }
            int index = 0;
            foreach (ColumnModel column in columns)
            {
                string bind = PgValueCode.Bind(column, "entity." + column.Member(), "parameters", index, _table.TableName + "." + column.ColumnName,
                    fromPosition ? "at" : null);
                index++;
                _w.Line(bind + " // $" + index.ToString(CultureInfo.InvariantCulture) + " " + SourceWriter.DocText(column.ColumnName));
            }
            _w.Close();
        }

        private void ReadRow()
        {
            _w.Line();
            _w.Line($"/// <summary>Reads the current row; columns are in <c>{SourceWriter.DocText(Dialect.SelectAll(_table))}</c> order.</summary>");
            var ordinals = _table.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.MemberName, p => p.i);
            // The row's key as text, for an error about a value of this row (a text enum's unknown name).
            string key = string.Join(" + \", \" + ", _shape.Keys.Select(k =>
                $"global::System.Convert.ToString(row.GetValue({ordinals[k.MemberName].ToString(CultureInfo.InvariantCulture)}), global::System.Globalization.CultureInfo.InvariantCulture)"));
            EmitterCommon.NewEntity(_w, _table, $"internal static {_entity} ReadRow({Reader} row) => ",
                column => PgValueCode.Read(column, "row", ordinals[column.MemberName], _table.TableName + "." + column.ColumnName, key));
        }
    }
}

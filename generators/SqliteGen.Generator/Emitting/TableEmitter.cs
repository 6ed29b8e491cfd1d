using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits one table accessor: its statements (prepared once per connection), the row binder and reader,
/// and Insert/InsertMany/Upsert/Get/Find/Update/Delete/Count/All/FindBy… with async variants.
/// Each operation is a static <c>…Core</c> method over a connection, wrapped by a sync and an async entry
/// point that differ only in how they wait for the connection. Signatures come from the table's <see cref="TableShape"/>;
/// what a table has beyond its rows (search, the resident vector index) its <see cref="TableFeature"/>s add through hooks.
/// </summary>
internal static class TableEmitter
{
    private const string SqliteException = "global::Microsoft.Data.Sqlite.SqliteException";
    private const string Errors = "global::SqliteGen.Runtime.SqliteErrors";

    /// <param name="partialClass">The accessor is declared partial: the PostgreSQL target adds its interface in another file.</param>
    public static string Emit(DatabaseModel database, EntityModel table, ISqlDialect dialect, bool partialClass = false)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        new Writer(w, database, table, dialect).Write(partialClass);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    private sealed class Writer
    {
        private readonly SourceWriter _w;
        private readonly DatabaseModel _database;
        private readonly EntityModel _table;
        private readonly ISqlDialect _dialect;
        private readonly TableShape _shape;
        private readonly string _entity;
        private readonly string _class;
        private readonly IReadOnlyList<TableFeature> _features;
        private readonly ImportEmitter _importEmitter;

        public Writer(SourceWriter w, DatabaseModel database, EntityModel table, ISqlDialect dialect)
        {
            _w = w;
            _database = database;
            _table = table;
            _dialect = dialect;
            _shape = new TableShape(table);
            _entity = table.FullyQualifiedName;
            _class = table.AccessorName + "Table";
            _features = TableFeature.For(w, _shape, dialect);
            _importEmitter = new ImportEmitter(w, table);
        }

        private string Nullable => _entity + "?";

        private ParameterList KeyParameters => _shape.KeyParameters;

        public void Write(bool partialClass)
        {
            _w.Line("/// <summary>");
            _w.Line($"/// The <c>{SourceWriter.DocText(_table.TableName)}</c> table: <see cref=\"{DatabaseEmitter.Cref(_entity)}\"/> rows. Reads use a pooled reader connection,");
            _w.Line("/// writes the single writer; inside a <see cref=\"WriteTransaction\"/> both use the transaction.");
            _w.Line("/// </summary>");
            _w.Line(EmitterCommon.GeneratedCode);
            _w.Open($"{EmitterCommon.AccessorAccessibility(_table)} sealed {(partialClass ? "partial " : "")}class {_class}");
            _w.Line($"private const string TableName = {SourceWriter.Literal(_table.TableName)};");
            _w.Line();
            Statements();
            ValueCode.JsonFields(_w, _table, _database.JsonContextTypeName, explain: true);
            _importEmitter.Field();
            foreach (TableFeature feature in _features)
                feature.Fields();
            _w.Line($"private readonly {ConnectionSource} _source;");
            _w.Line();
            if (_features.Select(f => f.Source).FirstOrDefault(s => s is not null) is { } wrapped)
            {
                _w.Line($"private readonly {wrapped.Type} {wrapped.Field};");
                _w.Line();
                _w.Line($"internal {_class}({ConnectionSource} source) => _source = {wrapped.Field} = {wrapped.Wrap};");
            }
            else
            {
                _w.Line($"internal {_class}({ConnectionSource} source) => _source = source;");
            }
            Insert();
            InsertMany();
            Upsert();
            GetAndFind();
            Update();
            Delete();
            Count();
            All();
            FindByIndexes();
            foreach (TableFeature feature in _features)
                feature.Methods();
            _importEmitter.Methods();
            BindRow();
            ReadRow();
            _importEmitter.ReadImportRow();
            _w.Close();
        }

        private IEnumerable<(string Field, string Sql, IEnumerable<ColumnModel> Parameters)> StatementList()
        {
            yield return ("s_insert", _dialect.Insert(_table, returningKey: false), _table.Columns);
            if (_shape.GeneratedKey is not null)
                yield return ("s_insertReturningKey", _dialect.Insert(_table, returningKey: true), _table.Columns);
            yield return ("s_upsert", _dialect.Upsert(_table), _table.Columns);
            if (_shape.HasUpdate)
                yield return ("s_update", _dialect.Update(_table)!, _table.Columns); // an UPDATE exactly when a column is not in the key
            yield return ("s_delete", _dialect.Delete(_table), _shape.Keys);
            yield return ("s_find", _dialect.SelectByKey(_table), _shape.Keys);
            foreach (TableFeature feature in _features)
            {
                foreach ((string field, string sql) in feature.KeyStatements())
                    yield return (field, sql, _shape.Keys);
            }
            yield return ("s_count", _dialect.Count(_table), Enumerable.Empty<ColumnModel>());
            yield return ("s_all", _dialect.SelectAll(_table), Enumerable.Empty<ColumnModel>());
            foreach (Lookup lookup in _shape.Lookups)
                yield return (lookup.Field, _dialect.SelectByIndex(_table, lookup.Index), lookup.Columns);
            foreach ((string field, string sql) in ImportEmitter.Statements(_table, _dialect))
                yield return (field, sql, _table.Columns);
        }

        private void Statements()
        {
            foreach ((string field, string sql, IEnumerable<ColumnModel> parameters) in StatementList())
            {
                string names = string.Concat(parameters.Select(p => ", " + SourceWriter.Literal(_dialect.Parameter(p))));
                _w.Line($"private static readonly {Statement} {field} = new({SourceWriter.Literal(sql)}{names});");
            }
            _w.Line();
        }

        /// <summary>A read's sync and async entry points: each rents a reader connection and runs <c>{name}Core</c> on it.</summary>
        private void ReadEntryPoints(string summary, string returnType, string name, ParameterList parameters)
        {
            string call = $"{name}Core({parameters.ArgumentsAfter("lease.Connection")})";
            string ret = returnType == "void" ? "" : "return ";

            _w.Line();
            _w.Line($"/// <summary>{summary}</summary>");
            _w.Open($"public {returnType} {name}({parameters.Declaration})");
            _w.Line("using var lease = _source.RentReader();");
            _w.Line($"{ret}{call};");
            _w.Close();
            _w.Line();
            _w.Line($"/// <inheritdoc cref=\"{name}\"/>");
            _w.Open($"public async {AsyncOf(returnType)} {name}Async({parameters.DeclarationWithToken})");
            _w.Line("using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);");
            _w.Line($"{ret}{call};");
            _w.Close();
        }

        /// <summary>
        /// A write's sync and async entry points. A write goes through <c>ConnectionSource.Write</c>, which may run it in a
        /// group commit with other callers' writes, on another thread: the arguments travel as its state (one value, or a
        /// tuple) to a static lambda whose parameter is named <paramref name="state"/>, so nothing is captured or allocated per call.
        /// </summary>
        private void WriteEntryPoints(string summary, string returnType, string name, ParameterList parameters, string state, string? guard)
        {
            string operation = $"static (connection, {state}) => {name}Core(connection, {parameters.FromState(state)})";
            string ret = returnType == "void" ? "" : "return ";

            _w.Line();
            _w.Line($"/// <summary>{summary}</summary>");
            _w.Open($"public {returnType} {name}({parameters.Declaration})");
            if (guard is not null) _w.Line(guard);
            _w.Line($"{ret}_source.Write({parameters.State}, {operation});");
            _w.Close();
            _w.Line();
            _w.Line($"/// <inheritdoc cref=\"{name}\"/>");
            _w.Open($"public {AsyncOf(returnType)} {name}Async({parameters.DeclarationWithToken})");
            if (guard is not null) _w.Line(guard);
            _w.Line($"return _source.WriteAsync({parameters.State}, {operation}, cancellationToken);");
            _w.Close();
        }

        /// <summary>
        /// Binds (the entity's columns, or the <paramref name="keys"/> arguments) and runs <c>statement</c>,
        /// turning a <c>SqliteException</c> into SqliteGen's exception for <paramref name="operation"/>.
        /// </summary>
        private void ExecuteWrite(string operation, string execute, string? itemIndex = null, IEnumerable<ColumnModel>? keys = null)
        {
            _w.Open("try");
            if (keys is null)
                _w.Line("BindRow(statement, entity);");
            else
                BindArguments(keys);
            _w.Line(execute);
            _w.Close();
            _w.Open($"catch ({SqliteException} error)");
            _w.Line($"throw {Errors}.WriteFailed(error, TableName, {SourceWriter.Literal(operation)}{(itemIndex is null ? "" : ", " + itemIndex)});");
            _w.Close();
        }

        private void Insert()
        {
            ColumnModel? generatedKey = _shape.GeneratedKey;
            string summary = generatedKey is null
                ? "Inserts <paramref name=\"entity\"/>; a row with the same key or unique value is a <see cref=\"global::SqliteGen.ConstraintViolationException\"/>."
                : $"Inserts <paramref name=\"entity\"/> and returns it with the {generatedKey.MemberName} SQLite assigned (the given {generatedKey.MemberName} is ignored).";
            WriteEntryPoints(summary, _shape.InsertReturnType, "Insert", _shape.EntityParameter, "item", _shape.EntityGuard);
            _w.Line();
            _w.Open($"private static {_shape.InsertReturnType} InsertCore({Connection} connection, {_shape.EntityParameter.Declaration})");
            if (generatedKey is null)
            {
                _w.Line("using var statement = connection.Rent(s_insert);");
                ExecuteWrite("Insert", "statement.Execute();");
                AfterInsert("connection.LastInsertRowid");
            }
            else
            {
                _w.Line("using var statement = connection.Rent(s_insertReturningKey);");
                _w.Line("long key;");
                ExecuteWrite("Insert", "key = statement.ExecuteInt64();");
                AfterInsert("key"); // a generated key is the rowid
                string cast = generatedKey.Kind == ValueKind.Int32 ? "checked((int)key)" : "key";
                _w.Line($"return entity with {{ {generatedKey.Member()} = {cast} }};");
            }
            _w.Close();
        }

        private void AfterInsert(string rowid)
        {
            foreach (TableFeature feature in _features)
                feature.AfterInsert(rowid);
        }

        private void InsertMany()
        {
            WriteEntryPoints("Inserts every entity in one transaction with one prepared statement: all rows or, on any error, none. Returns the number inserted.",
                "int", "InsertMany", _shape.EntitiesParameter, "items", "global::System.ArgumentNullException.ThrowIfNull(entities);");
            _w.Line();
            _w.Open($"private static int InsertManyCore({Connection} connection, {_shape.EntitiesParameter.Declaration})");
            _w.Line("using var scope = global::SqliteGen.Runtime.WriteScope.Begin(connection);");
            _w.Line("using var statement = connection.Rent(s_insert);");
            _w.Line("int count = 0;");
            _w.Open("foreach (var entity in entities)");
            if (!_table.IsValueType)
                _w.Line($"if (entity is null) throw new global::System.ArgumentException({SourceWriter.InterpolatedLiteral($"InsertMany into '{_table.TableName}': item ", "count", " is null; nothing was inserted.")}, nameof(entities));");
            ExecuteWrite("InsertMany", "statement.Execute();", "count");
            AfterInsert("connection.LastInsertRowid");
            _w.Line("count++;");
            _w.Close();
            _w.Line("scope.Commit();");
            _w.Line("return count;");
            _w.Close();
        }

        private void Upsert()
        {
            WriteEntryPoints("Inserts <paramref name=\"entity\"/>, or updates every column of the row with the same key (<c>ON CONFLICT DO UPDATE</c>).",
                "void", "Upsert", _shape.EntityParameter, "item", _shape.EntityGuard);
            _w.Line();
            _w.Open($"private static void UpsertCore({Connection} connection, {_shape.EntityParameter.Declaration})");
            _w.Line("using var statement = connection.Rent(s_upsert);");
            ExecuteWrite("Upsert", "statement.Execute();");
            foreach (TableFeature feature in _features)
                feature.AfterUpsert();
            _w.Close();
        }

        /// <summary>Binds the method's key or index arguments to <c>statement</c>, in the statement's parameter order.</summary>
        private void BindArguments(IEnumerable<ColumnModel> columns) => EmitterCommon.BindColumns(_w, _dialect, _table, columns, EmitterCommon.ParameterName);

        /// <summary>A lookup returning the first row or null: <c>Find</c> and the unique <c>FindBy…</c>.</summary>
        private void FindOne(string method, string field, IEnumerable<ColumnModel> columns, ParameterList parameters)
        {
            _w.Line();
            _w.Open($"private static {Nullable} {method}Core({Connection} connection, {parameters.Declaration})");
            _w.Line($"using var statement = connection.Rent({field});");
            BindArguments(columns);
            _w.Line("return statement.Step() ? ReadRow(statement) : null;");
            _w.Close();
        }

        private void GetAndFind()
        {
            // "column = value, ..." as an interpolated string: the column names are text, the parameters holes.
            string keyText = SourceWriter.InterpolatedLiteral(_shape.Keys
                .SelectMany((k, i) => new[] { (i == 0 ? "" : ", ") + k.ColumnName + " = ", EmitterCommon.ParameterName(k) })
                .Append("").ToArray());
            _w.Line();
            _w.Line("/// <summary>The row with the given key.</summary>");
            _w.Line($"/// <exception cref=\"global::SqliteGen.EntityNotFoundException\">No row has that key.</exception>");
            _w.Line($"public {_entity} Get({KeyParameters.Declaration}) => Find({KeyParameters.Arguments}) ?? throw NotFound({KeyParameters.Arguments});");
            _w.Line();
            _w.Line("/// <inheritdoc cref=\"Get\"/>");
            _w.Line($"public async {AsyncOf(_entity)} GetAsync({KeyParameters.DeclarationWithToken}) =>");
            _w.Line($"    await FindAsync({KeyParameters.ArgumentsWithToken}).ConfigureAwait(false) ?? throw NotFound({KeyParameters.Arguments});");
            _w.Line();
            _w.Line($"private static global::SqliteGen.EntityNotFoundException NotFound({KeyParameters.Declaration}) =>");
            _w.Line($"    new(TableName, string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {keyText}));");

            ReadEntryPoints("The row with the given key, or null.", Nullable, "Find", KeyParameters);
            FindOne("Find", "s_find", _shape.Keys, KeyParameters);
        }

        private void Update()
        {
            if (!_shape.HasUpdate)
                return;
            WriteEntryPoints("Writes every non-key column of <paramref name=\"entity\"/> to the row with its key. Returns false when no row has that key.",
                "bool", "Update", _shape.EntityParameter, "item", _shape.EntityGuard);
            _w.Line();
            _w.Open($"private static bool UpdateCore({Connection} connection, {_shape.EntityParameter.Declaration})");
            _w.Line("using var statement = connection.Rent(s_update);");
            _w.Line("int changed;");
            ExecuteWrite("Update", "changed = statement.Execute();");
            foreach (TableFeature feature in _features)
                feature.AfterUpdate();
            _w.Line("return changed > 0;");
            _w.Close();
        }

        private void Delete()
        {
            WriteEntryPoints("Deletes the row with the given key. Returns false when no row has that key.", "bool", "Delete", KeyParameters, "key", guard: null);
            _w.Line();
            _w.Open($"private static bool DeleteCore({Connection} connection, {KeyParameters.Declaration})");
            foreach (TableFeature feature in _features)
                feature.BeforeDelete();
            _w.Line("using var statement = connection.Rent(s_delete);");
            _w.Line("int changed;");
            ExecuteWrite("Delete", "changed = statement.Execute();", keys: _shape.Keys);
            foreach (TableFeature feature in _features)
                feature.AfterDelete();
            _w.Line("return changed > 0;");
            _w.Close();
        }

        private void Count()
        {
            ReadEntryPoints("The number of rows.", "long", "Count", ParameterList.None);
            _w.Line();
            _w.Open($"private static long CountCore({Connection} connection)");
            _w.Line("using var statement = connection.Rent(s_count);");
            _w.Line("return statement.ExecuteInt64();");
            _w.Close();
        }

        private void All()
        {
            _w.Line();
            _w.Line("/// <summary>Every row, streamed in storage order: the reader connection is held until the enumeration ends, so dispose it (foreach does).</summary>");
            _w.Open($"public global::System.Collections.Generic.IEnumerable<{_entity}> All()");
            _w.Line("using var lease = _source.RentReader();");
            _w.Line("using var statement = lease.Connection.Rent(s_all);");
            _w.Open("while (statement.Step())");
            _w.Line("yield return ReadRow(statement);");
            _w.Close();
            _w.Close();
            _w.Line();
            _w.Line("/// <inheritdoc cref=\"All\"/>");
            _w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{_entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {TokenParameter})");
            _w.Line("using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);");
            _w.Line("using var statement = lease.Connection.Rent(s_all);");
            _w.Open("while (statement.Step())");
            _w.Line("cancellationToken.ThrowIfCancellationRequested();");
            _w.Line("yield return ReadRow(statement);");
            _w.Close();
            _w.Close();
        }

        private void FindByIndexes()
        {
            foreach (Lookup lookup in _shape.Lookups)
            {
                IndexModel index = lookup.Index;
                string where = index.Where is null ? "" : $" (rows matching <c>{SourceWriter.DocText(index.Where)}</c>, as the partial index does)";
                if (index.IsUnique)
                {
                    ReadEntryPoints($"The row with these values{where} (unique index <c>{SourceWriter.DocText(index.Name)}</c>), or null.", Nullable, lookup.Method, lookup.Parameters);
                    FindOne(lookup.Method, lookup.Field, lookup.Columns, lookup.Parameters);
                }
                else
                {
                    string list = ReadOnlyList(_entity);
                    ReadEntryPoints($"Every row with these values{where} (index <c>{SourceWriter.DocText(index.Name)}</c>).", list, lookup.Method, lookup.Parameters);
                    _w.Line();
                    _w.Open($"private static {list} {lookup.Method}Core({Connection} connection, {lookup.Parameters.Declaration})");
                    _w.Line($"using var statement = connection.Rent({lookup.Field});");
                    BindArguments(lookup.Columns);
                    _w.Line($"var rows = new global::System.Collections.Generic.List<{_entity}>();");
                    _w.Open("while (statement.Step())");
                    _w.Line("rows.Add(ReadRow(statement));");
                    _w.Close();
                    _w.Line("return rows;");
                    _w.Close();
                }
            }
        }

        private void BindRow()
        {
            _w.Line();
            _w.Line("/// <summary>Binds every column parameter from <paramref name=\"entity\"/>; statements that do not use one ignore it.</summary>");
            _w.Open($"private static void BindRow({Runner} statement, {_entity} entity)");
            EmitterCommon.BindColumns(_w, _dialect, _table, _table.Columns, column => "entity." + column.Member());
            _w.Close();
        }

        private void ReadRow()
        {
            _w.Line();
            _w.Line($"/// <summary>Reads the current row; columns are in <c>{SourceWriter.DocText(_dialect.SelectAll(_table))}</c> order (also <c>db.Sql.Query</c>'s reader).</summary>");
            var ordinals = _table.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.MemberName, p => p.i);
            EmitterCommon.NewEntity(_w, _table, $"internal static {_entity} ReadRow({Runner} row)", ordinals);
        }
    }
}

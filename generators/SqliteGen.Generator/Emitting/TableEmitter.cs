using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits one table accessor: its statements (prepared once per connection), the row binder and reader,
/// and Insert/InsertMany/Upsert/Get/Find/Update/Delete/Count/All/FindBy… with async variants.
/// Each operation is a static <c>…Core</c> method over a connection, wrapped by a sync and an async entry
/// point that differ only in how they wait for the connection.
/// </summary>
internal static class TableEmitter
{
    private const string Connection = "global::SqliteGen.Runtime.PooledConnection";
    private const string Source = "global::SqliteGen.Runtime.ConnectionSource";
    private const string Statement = "global::SqliteGen.Runtime.Statement";
    private const string Runner = "global::SqliteGen.Runtime.StatementRunner";
    private const string SqliteException = "global::Microsoft.Data.Sqlite.SqliteException";
    private const string Errors = "global::SqliteGen.Runtime.SqliteErrors";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    /// <summary>The FindBy… lookups of an entity, one per index, named after the members; the first index wins a name.</summary>
    internal static List<(IndexModel Index, string Method)> Lookups(EntityModel table)
    {
        var result = new List<(IndexModel, string)>();
        var names = new HashSet<string>();
        foreach (IndexModel index in table.Indexes)
        {
            string method = "FindBy" + string.Join("And", index.Members);
            if (names.Add(method))
                result.Add((index, method));
        }
        return result;
    }

    public static string Emit(DatabaseModel database, EntityModel table, ISqlDialect dialect)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        new Writer(w, database, table, dialect).Write();
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
        private readonly string _entity;
        private readonly string _class;
        private readonly List<ColumnModel> _keys;
        private readonly ColumnModel? _autoKey;
        private readonly SearchEmitter _searchEmitter;
        private readonly ImportEmitter _importEmitter;

        public Writer(SourceWriter w, DatabaseModel database, EntityModel table, ISqlDialect dialect)
        {
            _w = w;
            _database = database;
            _table = table;
            _dialect = dialect;
            _entity = table.FullyQualifiedName;
            _class = table.AccessorName + "Table";
            _keys = EmitterCommon.Keys(table);
            _autoKey = _keys.Count == 1 && _keys[0].GeneratedKey ? _keys[0] : null;
            _searchEmitter = new SearchEmitter(w, table, dialect);
            _importEmitter = new ImportEmitter(w, table);
        }

        private string Nullable => _entity + "?";

        private string KeyParameters => string.Join(", ", _keys.Select(k => $"{k.NonNullableTypeName} {Naming.ToParameterName(k.MemberName)}"));

        private string KeyArguments => string.Join(", ", _keys.Select(k => Naming.ToParameterName(k.MemberName)));

        private string Qualified(ColumnModel column) => _table.TableName + "." + column.ColumnName;

        public void Write()
        {
            _w.Line("/// <summary>");
            _w.Line($"/// The <c>{_table.TableName}</c> table: <see cref=\"{DatabaseEmitter.Cref(_entity)}\"/> rows. Reads use a pooled reader connection,");
            _w.Line("/// writes the single writer; inside a <see cref=\"WriteTransaction\"/> both use the transaction.");
            _w.Line("/// </summary>");
            _w.Line(EmitterCommon.GeneratedCode);
            _w.Open($"{EmitterCommon.AccessorAccessibility(_table)} sealed class {_class}");
            _w.Line($"private const string TableName = {SourceWriter.Literal(_table.TableName)};");
            _w.Line();
            Statements();
            JsonFields();
            _importEmitter.Field();
            _searchEmitter.Fields();
            _w.Line($"private readonly {Source} _source;");
            _w.Line();
            if (_searchEmitter.HasVectors)
            {
                // Writes go through the search source, so the resident vector index never misses a committed one.
                _w.Line("private readonly global::SqliteGen.Runtime.SearchTableSource _search;");
                _w.Line();
                _w.Line($"internal {_class}({Source} source) => _source = _search = global::SqliteGen.Runtime.SearchTableSource.Wrap(source, TableName);");
            }
            else
            {
                _w.Line($"internal {_class}({Source} source) => _source = source;");
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
            _searchEmitter.Methods();
            VectorNotes();
            _importEmitter.Methods();
            BindRow();
            ReadRow();
            _importEmitter.ReadImportRow();
            _w.Close();
        }

        private IEnumerable<(string Field, string Sql, IEnumerable<ColumnModel> Parameters)> StatementList()
        {
            yield return ("s_insert", _dialect.Insert(_table, returningKey: false), _table.Columns);
            if (_autoKey is not null)
                yield return ("s_insertReturningKey", _dialect.Insert(_table, returningKey: true), _table.Columns);
            yield return ("s_upsert", _dialect.Upsert(_table), _table.Columns);
            if (_dialect.Update(_table) is { } update)
                yield return ("s_update", update, _table.Columns);
            yield return ("s_delete", _dialect.Delete(_table), _keys);
            yield return ("s_find", _dialect.SelectByKey(_table), _keys);
            if (_searchEmitter.HasVectors)
                yield return ("s_rowidOf", _dialect.SelectRowidByKey(_table), _keys);
            yield return ("s_count", _dialect.Count(_table), Enumerable.Empty<ColumnModel>());
            yield return ("s_all", _dialect.SelectAll(_table), Enumerable.Empty<ColumnModel>());
            foreach ((IndexModel index, string method) in Lookups(_table))
                yield return ("s_" + DatabaseEmitter.Field(method), _dialect.SelectByIndex(_table, index), index.Members.Select(Column));
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

        private void JsonFields()
        {
            foreach (ColumnModel column in _table.Columns.Where(c => c.Kind == ValueKind.Json))
            {
                string info = $"global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{column.NonNullableTypeName}>";
                _w.Line($"// {column.MemberName} is stored as JSON through {_database.JsonContextTypeName}: source-generated, no reflection.");
                _w.Line($"private static readonly {info} {ValueCode.JsonField(column)} =");
                _w.Line($"    ({info}){_database.JsonContextTypeName}.Default.GetTypeInfo(typeof({column.NonNullableTypeName}))!;");
                _w.Line();
            }
        }

        private ColumnModel Column(string member) => _table.Columns.First(c => c.MemberName == member);

        private void SyncAndAsync(string summary, string returnType, string name, string parameters, string arguments, bool writer, string? guard = null)
        {
            if (writer)
            {
                WriteSyncAndAsync(summary, returnType, name, parameters, arguments, guard);
                return;
            }
            string asyncReturn = returnType == "void" ? ValueTask : $"{ValueTask}<{returnType}>";
            string call = $"{name}Core(lease.Connection{(arguments.Length > 0 ? ", " + arguments : "")})";
            string ret = returnType == "void" ? "" : "return ";

            _w.Line();
            _w.Line($"/// <summary>{summary}</summary>");
            _w.Open($"public {returnType} {name}({parameters})");
            if (guard is not null) _w.Line(guard);
            _w.Line("using var lease = _source.RentReader();");
            _w.Line($"{ret}{call};");
            _w.Close();
            _w.Line();
            _w.Line($"/// <inheritdoc cref=\"{name}\"/>");
            _w.Open($"public async {asyncReturn} {name}Async({WithToken(parameters)})");
            if (guard is not null) _w.Line(guard);
            _w.Line("using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);");
            _w.Line($"{ret}{call};");
            _w.Close();
        }

        /// <summary>
        /// A write goes through <c>ConnectionSource.Write</c>, which may run it in a group commit with other
        /// callers' writes, on another thread: the arguments travel as its state (one value, or a tuple) to a
        /// static lambda, so nothing is captured or allocated per call.
        /// </summary>
        private void WriteSyncAndAsync(string summary, string returnType, string name, string parameters, string arguments, string? guard)
        {
            string[] names = arguments.Split(new[] { ", " }, System.StringSplitOptions.RemoveEmptyEntries);
            bool isKey = name == "Delete";
            string stateName = isKey ? "key" : names[0] == "entities" ? "items" : "item";
            string state = names.Length == 1 ? names[0] : $"({arguments})";
            string coreArguments = names.Length == 1 ? stateName : string.Join(", ", names.Select(n => $"{stateName}.{n}"));
            string operation = $"static (connection, {stateName}) => {name}Core(connection, {coreArguments})";
            string asyncReturn = returnType == "void" ? ValueTask : $"{ValueTask}<{returnType}>";
            string ret = returnType == "void" ? "" : "return ";

            _w.Line();
            _w.Line($"/// <summary>{summary}</summary>");
            _w.Open($"public {returnType} {name}({parameters})");
            if (guard is not null) _w.Line(guard);
            _w.Line($"{ret}_source.Write({state}, {operation});");
            _w.Close();
            _w.Line();
            _w.Line($"/// <inheritdoc cref=\"{name}\"/>");
            _w.Open($"public {asyncReturn} {name}Async({WithToken(parameters)})");
            if (guard is not null) _w.Line(guard);
            _w.Line($"return _source.WriteAsync({state}, {operation}, cancellationToken);");
            _w.Close();
        }

        private static string WithToken(string parameters) =>
            parameters.Length > 0 ? parameters + $", {Token} cancellationToken = default" : $"{Token} cancellationToken = default";

        /// <summary>The null check on an entity argument; none for record structs.</summary>
        private string? EntityGuard => _table.IsValueType ? null : "global::System.ArgumentNullException.ThrowIfNull(entity);";

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
            string? guard = EntityGuard;
            if (_autoKey is null)
            {
                SyncAndAsync("Inserts <paramref name=\"entity\"/>; a row with the same key or unique value is a <see cref=\"global::SqliteGen.ConstraintViolationException\"/>.",
                    "void", "Insert", $"{_entity} entity", "entity", writer: true, guard);
                _w.Line();
                _w.Open($"private static void InsertCore({Connection} connection, {_entity} entity)");
                _w.Line("using var statement = connection.Rent(s_insert);");
                ExecuteWrite("Insert", "statement.Execute();");
                NoteInserted("connection.LastInsertRowid");
                _w.Close();
                return;
            }

            SyncAndAsync($"Inserts <paramref name=\"entity\"/> and returns it with the {_autoKey.MemberName} SQLite assigned (the given {_autoKey.MemberName} is ignored).",
                _entity, "Insert", $"{_entity} entity", "entity", writer: true, guard);
            _w.Line();
            _w.Open($"private static {_entity} InsertCore({Connection} connection, {_entity} entity)");
            _w.Line("using var statement = connection.Rent(s_insertReturningKey);");
            _w.Line("long key;");
            ExecuteWrite("Insert", "key = statement.ExecuteInt64();");
            NoteInserted("key"); // an auto-increment key is the rowid
            string cast = _autoKey.Kind == ValueKind.Int32 ? "checked((int)key)" : "key";
            _w.Line($"return entity with {{ {_autoKey.Member()} = {cast} }};");
            _w.Close();
        }

        private void InsertMany()
        {
            string parameters = $"global::System.Collections.Generic.IEnumerable<{_entity}> entities";
            SyncAndAsync("Inserts every entity in one transaction with one prepared statement: all rows or, on any error, none. Returns the number inserted.",
                "int", "InsertMany", parameters, "entities", writer: true, "global::System.ArgumentNullException.ThrowIfNull(entities);");
            _w.Line();
            _w.Open($"private static int InsertManyCore({Connection} connection, {parameters})");
            _w.Line("using var scope = global::SqliteGen.Runtime.WriteScope.Begin(connection);");
            _w.Line("using var statement = connection.Rent(s_insert);");
            _w.Line("int count = 0;");
            _w.Open("foreach (var entity in entities)");
            if (!_table.IsValueType)
                _w.Line($"if (entity is null) throw new global::System.ArgumentException({SourceWriter.InterpolatedLiteral($"InsertMany into '{_table.TableName}': item ", "count", " is null; nothing was inserted.")}, nameof(entities));");
            ExecuteWrite("InsertMany", "statement.Execute();", "count");
            NoteInserted("connection.LastInsertRowid");
            _w.Line("count++;");
            _w.Close();
            _w.Line("scope.Commit();");
            _w.Line("return count;");
            _w.Close();
        }

        private void Upsert()
        {
            SyncAndAsync("Inserts <paramref name=\"entity\"/>, or updates every column of the row with the same key (<c>ON CONFLICT DO UPDATE</c>).",
                "void", "Upsert", $"{_entity} entity", "entity", writer: true, EntityGuard);
            _w.Line();
            _w.Open($"private static void UpsertCore({Connection} connection, {_entity} entity)");
            _w.Line("using var statement = connection.Rent(s_upsert);");
            ExecuteWrite("Upsert", "statement.Execute();");
            if (_searchEmitter.HasVectors) // inserted or updated: the rowid is the key's row either way
                _w.Line($"if (connection.VectorChanges is {{ }} vectorChanges && RowidOf(connection, {EntityKeys}) is long vectorRowid) NoteVectors(vectorChanges, vectorRowid, entity);");
            _w.Close();
        }

        /// <summary>Binds the method's key or index arguments to <c>statement</c>, in the statement's parameter order.</summary>
        private void BindArguments(IEnumerable<ColumnModel> columns)
        {
            int i = 0;
            foreach (ColumnModel column in columns)
            {
                _w.Line(ValueCode.Bind(column, _dialect.Storage(column.Kind), Naming.ToParameterName(column.MemberName), "statement", i, Qualified(column)) + $" // {_dialect.Parameter(column)}");
                i++;
            }
        }

        /// <summary>A lookup returning the first row or null: <c>Find</c> and the unique <c>FindBy…</c>.</summary>
        private void FindOne(string method, string field, IEnumerable<ColumnModel> columns, string parameters)
        {
            _w.Line();
            _w.Open($"private static {Nullable} {method}Core({Connection} connection, {parameters})");
            _w.Line($"using var statement = connection.Rent({field});");
            BindArguments(columns);
            _w.Line("return statement.Step() ? ReadRow(statement) : null;");
            _w.Close();
        }

        private void GetAndFind()
        {
            // "column = value, ..." as an interpolated string: the column names are text, the parameters holes.
            string keyText = SourceWriter.InterpolatedLiteral(_keys
                .SelectMany((k, i) => new[] { (i == 0 ? "" : ", ") + k.ColumnName + " = ", Naming.ToParameterName(k.MemberName) })
                .Append("").ToArray());
            _w.Line();
            _w.Line("/// <summary>The row with the given key.</summary>");
            _w.Line($"/// <exception cref=\"global::SqliteGen.EntityNotFoundException\">No row has that key.</exception>");
            _w.Line($"public {_entity} Get({KeyParameters}) => Find({KeyArguments}) ?? throw NotFound({KeyArguments});");
            _w.Line();
            _w.Line("/// <inheritdoc cref=\"Get\"/>");
            _w.Line($"public async {ValueTask}<{_entity}> GetAsync({KeyParameters}, {Token} cancellationToken = default) =>");
            _w.Line($"    await FindAsync({KeyArguments}, cancellationToken).ConfigureAwait(false) ?? throw NotFound({KeyArguments});");
            _w.Line();
            _w.Line($"private static global::SqliteGen.EntityNotFoundException NotFound({KeyParameters}) =>");
            _w.Line($"    new(TableName, string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {keyText}));");

            SyncAndAsync("The row with the given key, or null.", Nullable, "Find", KeyParameters, KeyArguments, writer: false);
            FindOne("Find", "s_find", _keys, KeyParameters);
        }

        private void Update()
        {
            if (_dialect.Update(_table) is null)
                return;
            SyncAndAsync("Writes every non-key column of <paramref name=\"entity\"/> to the row with its key. Returns false when no row has that key.",
                "bool", "Update", $"{_entity} entity", "entity", writer: true, EntityGuard);
            _w.Line();
            _w.Open($"private static bool UpdateCore({Connection} connection, {_entity} entity)");
            _w.Line("using var statement = connection.Rent(s_update);");
            _w.Line("int changed;");
            ExecuteWrite("Update", "changed = statement.Execute();");
            if (_searchEmitter.HasVectors)
            {
                _w.Open("if (connection.VectorChanges is { } vectorChanges)");
                _w.Line($"if (changed > 0 && RowidOf(connection, {EntityKeys}) is long vectorRowid) NoteVectors(vectorChanges, vectorRowid, entity);");
                _w.Line("else vectorChanges.Unchanged();");
                _w.Close();
            }
            _w.Line("return changed > 0;");
            _w.Close();
        }

        private void Delete()
        {
            SyncAndAsync("Deletes the row with the given key. Returns false when no row has that key.", "bool", "Delete", KeyParameters, KeyArguments, writer: true);
            _w.Line();
            _w.Open($"private static bool DeleteCore({Connection} connection, {KeyParameters})");
            if (_searchEmitter.HasVectors) // the rowid, read before the row goes, leaves the resident index after the commit
                _w.Line($"long? removedRowid = connection.VectorChanges is null ? null : RowidOf(connection, {KeyArguments});");
            _w.Line("using var statement = connection.Rent(s_delete);");
            _w.Line("int changed;");
            ExecuteWrite("Delete", "changed = statement.Execute();", keys: _keys);
            if (_searchEmitter.HasVectors)
            {
                _w.Open("if (connection.VectorChanges is { } vectorChanges)");
                _w.Open("if (changed > 0 && removedRowid is long vectorRowid)");
                foreach (ColumnModel vector in _table.Columns.Where(c => c.Kind == ValueKind.Vector))
                    _w.Line($"vectorChanges.Remove({ValueCode.VectorField(vector)}, vectorRowid);");
                _w.Close();
                _w.Line("else");
                _w.Line("    vectorChanges.Unchanged();");
                _w.Close();
            }
            _w.Line("return changed > 0;");
            _w.Close();
        }

        /// <summary>The entity's key members, as arguments.</summary>
        private string EntityKeys => string.Join(", ", _keys.Select(k => "entity." + k.Member()));

        /// <summary>After an insert of <c>entity</c>: notes its vectors under <paramref name="rowid"/> (an expression) for the resident index.</summary>
        private void NoteInserted(string rowid)
        {
            if (_searchEmitter.HasVectors)
                _w.Line($"if (connection.VectorChanges is {{ }} vectorChanges) NoteVectors(vectorChanges, {rowid}, entity);");
        }

        /// <summary>
        /// For tables with vectors: the helpers the writes use to tell the resident index which rows they changed
        /// (<c>SearchTableSource</c> applies the notes once the write has committed).
        /// </summary>
        private void VectorNotes()
        {
            if (!_searchEmitter.HasVectors)
                return;
            _w.Line();
            _w.Line("/// <summary>Notes the vectors <paramref name=\"entity\"/> stored in row <paramref name=\"rowid\"/>, for the resident index.</summary>");
            _w.Open($"private static void NoteVectors(global::SqliteGen.Runtime.VectorChanges changes, long rowid, {_entity} entity)");
            foreach (ColumnModel vector in _table.Columns.Where(c => c.Kind == ValueKind.Vector))
                _w.Line($"changes.Set({ValueCode.VectorField(vector)}, rowid, entity.{vector.Member()});");
            _w.Close();
            _w.Line();
            _w.Line("/// <summary>The rowid of the row with this key, or null.</summary>");
            _w.Open($"private static long? RowidOf({Connection} connection, {KeyParameters})");
            _w.Line("using var statement = connection.Rent(s_rowidOf);");
            BindArguments(_keys);
            _w.Line("return statement.Step() ? statement.GetInt64(0) : null;");
            _w.Close();
        }

        private void Count()
        {
            SyncAndAsync("The number of rows.", "long", "Count", "", "", writer: false);
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
            _w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{_entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {Token} cancellationToken = default)");
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
            foreach ((IndexModel index, string method) in Lookups(_table))
            {
                List<ColumnModel> columns = index.Members.Select(Column).ToList();
                string parameters = string.Join(", ", columns.Select(c => $"{c.TypeName} {Naming.ToParameterName(c.MemberName)}"));
                string arguments = string.Join(", ", columns.Select(c => Naming.ToParameterName(c.MemberName)));
                string where = index.Where is null ? "" : $" (rows matching <c>{Xml(index.Where)}</c>, as the partial index does)";
                string field = "s_" + DatabaseEmitter.Field(method);
                if (index.IsUnique)
                {
                    SyncAndAsync($"The row with these values{where} (unique index <c>{index.Name}</c>), or null.", Nullable, method, parameters, arguments, writer: false);
                    FindOne(method, field, columns, parameters);
                }
                else
                {
                    string list = $"global::System.Collections.Generic.IReadOnlyList<{_entity}>";
                    SyncAndAsync($"Every row with these values{where} (index <c>{index.Name}</c>).", list, method, parameters, arguments, writer: false);
                    _w.Line();
                    _w.Open($"private static {list} {method}Core({Connection} connection, {parameters})");
                    _w.Line($"using var statement = connection.Rent({field});");
                    BindArguments(columns);
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
            int i = 0;
            foreach (ColumnModel column in _table.Columns)
            {
                _w.Line(ValueCode.Bind(column, _dialect.Storage(column.Kind), "entity." + column.Member(), "statement", i, Qualified(column)) + $" // {_dialect.Parameter(column)}");
                i++;
            }
            _w.Close();
        }

        private void ReadRow()
        {
            _w.Line();
            _w.Line($"/// <summary>Reads the current row; columns are in <c>{Xml(_dialect.SelectAll(_table))}</c> order (also <c>db.Sql.Query</c>'s reader).</summary>");
            var ordinals = _table.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.MemberName, p => p.i);
            EmitterCommon.NewEntity(_w, _table, $"internal static {_entity} ReadRow({Runner} row)", ordinals);
        }

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}

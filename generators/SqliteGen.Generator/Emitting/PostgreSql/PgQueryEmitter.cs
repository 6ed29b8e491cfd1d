using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The <c>[Query]</c> methods on PostgreSQL: the database's (<c>{Database}.PostgreSql.Queries.g.cs</c>), each a method of
/// the nested <c>PostgreSql</c> class with the declaration's signature, and a <c>[SqliteQueries]</c> class's
/// (<c>{QueryClass}.PostgreSql.Queries.g.cs</c>, <see cref="EmitQueryClass"/>). Each runs the SQL
/// <see cref="PostgreSqlQueryCheck"/> settled (the <c>[Query]</c> text or its <c>[PostgreSqlQuery]</c>, parameters
/// numbered <c>$1</c>, <c>$2</c>… in the method's order): reads on a connection of the data source, writes through the
/// writer's lease like the tables' writes (inside a transaction in a savepoint, so a refused one is undone alone).
/// Parameters are bound and columns read with <see cref="PgValueCode"/>, as the tables do; an entity is read by a reader
/// per query (its columns in that query's order). A query the check refused throws, naming the diagnostic. The write
/// transaction has the same methods; both forward to one static core per query.
/// </summary>
internal static class PgQueryEmitter
{
    private const string Runtime = "global::SqliteGen.PostgreSql";
    private const string Reader = "global::Npgsql.NpgsqlDataReader";

    /// <param name="queries">The bound queries as checked for PostgreSQL.</param>
    /// <param name="unavailable">Methods of the interface (public, repeatable) that have no PostgreSQL query: each throws.</param>
    public static string Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables, IReadOnlyList<PostgreSqlQuery> queries, IReadOnlyList<UnavailableQuery> unavailable)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        w.Open("partial class PostgreSql");
        // Each query once for the database (on its data source) and once for the write transaction (on its connection).
        var entries = new List<(QueryMethodModel Method, string? Reason)>();
        bool first = true;
        foreach (PostgreSqlQuery query in queries)
        {
            if (!first)
                w.Line();
            first = false;
            QueryMethodModel method = query.Query.Method;
            string? reason = Refused(query);
            if (reason is null)
            {
                w.Line($"private const string {Field(query.Query.Method)} = {SourceWriter.Literal(query.Sql!)};");
                w.Line();
                Comment(w, query);
                w.Line($"{Signature(method, core: null)} =>");
                w.Line($"    {Call(method, "_database")};");
                w.Line();
                Core(w, query, "private", database, tables);
            }
            else
            {
                Throwing(w, $"{database.TypeName}.PostgreSql", method, reason);
            }
            entries.Add((method, reason));
        }
        foreach (UnavailableQuery query in unavailable)
        {
            if (!first)
                w.Line();
            first = false;
            Throwing(w, $"{database.TypeName}.PostgreSql", query.Method, query.Reason);
            entries.Add((query.Method, query.Reason));
        }
        // The same queries on the PostgreSQL WriteTransaction, as SQLite's transaction has them: each runs its core on the
        // transaction (its connection, inside it); a query that is not generated throws there too.
        QueryEmitter.TransactionCopies(w, entries.Where(e => OnTransaction(e.Method)).ToList(), e => e.Reason is null ? "PostgreSql." + e.Method.Name : null, e =>
        {
            if (e.Reason is not null)
            {
                Throwing(w, $"{database.TypeName}.PostgreSql.WriteTransaction", e.Method, e.Reason);
                return;
            }
            w.Line($"{Signature(e.Method, core: null)} =>");
            w.Line($"    {Call(e.Method, "_transaction")};");
        });
        Readers(w, database, queries);
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The PostgreSQL part of a <c>[SqliteQueries]</c> class (<c>{QueryClass}.PostgreSql.Queries.g.cs</c>): a constructor
    /// that takes the database interface (<c>IShopDb</c>: the SQLite class or <c>ShopDb.PostgreSql</c>), an overload of each
    /// query that takes the transaction interface first, and in the nested <c>OnPostgreSql</c> each query's SQL, core and
    /// row readers, as on the database's PostgreSQL class. The query's own method (in the SQLite part,
    /// <see cref="QueryEmitter.EmitQueryClass"/>) runs the core when the class was made over <c>ShopDb.PostgreSql</c>.
    /// </summary>
    /// <param name="queries">The queries SQLite's check bound, as checked for PostgreSQL (one the check refused throws there).</param>
    public static string EmitQueryClass(QueryClassModel queryClass, DatabaseModel database, IReadOnlyList<EntityModel> tables, IReadOnlyList<PostgreSqlQuery> queries)
    {
        string db = database.FullyQualifiedName;
        string face = db.Substring(0, db.Length - database.TypeName.Length) + InterfaceEmitter.DatabaseInterface(database); // a sibling of the database class
        string transactionFace = $"{db}.{InterfaceEmitter.TransactionInterface}";
        // Public when the class, the database and the interfaces all are.
        string access = queryClass.ConstructorAccessibility == "public" && InterfaceEmitter.Accessibility(database, InterfaceEmitter.Shared(tables)) == "public" ? "public" : "internal";
        string name = queryClass.TypeName;
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, queryClass.Namespace, queryClass.ContainingTypes);
        w.Open($"partial class {name}");
        w.Line($"private readonly {Runtime}.PostgreSqlSource? _postgreSql;");
        w.Line();
        w.Line($"/// <summary>The [Query] methods of this class, run on <paramref name=\"database\"/> on either engine: <see cref=\"{DatabaseEmitter.Cref(db)}\"/> (SQLite) or <see cref=\"{DatabaseEmitter.Cref(db)}.PostgreSql\"/>. The class holds no connection of its own; <paramref name=\"database\"/> must stay open while they are used.</summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{access} {name}({face} database)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(database);");
        w.Line($"if (database is {db})");
        w.Line($"    _pool = (({db})database).QueryPool;");
        w.Line("else");
        w.Line("    _postgreSql = OnPostgreSql.Source(database);");
        w.Close();
        foreach (PostgreSqlQuery query in queries)
        {
            QueryMethodModel method = query.Query.Method;
            w.Line();
            w.Line($"/// <summary>[Query] <c>{method.Name}</c> inside <paramref name=\"transaction\"/>, on either engine: {QueryEmitter.SeesTransaction}</summary>");
            QueryMethodModel overload = method with { Accessibility = QueryEmitter.NoWiderThan(method.Accessibility, access) };
            QueryEmitter.Dispatch(w, QueryEmitter.Signature(overload, async: false, partial: false, transaction: transactionFace), method,
                $"transaction is {db}.WriteTransaction", $"{method.Name}({Arguments(method, $"({db}.WriteTransaction)transaction")})",
                "OnPostgreSql." + Call(method, "OnPostgreSql.Source(transaction)"));
        }
        w.Line();
        w.Line("/// <summary>The queries on PostgreSQL: each one's SQL, the core that runs it on the database or in a write transaction, and their row readers.</summary>");
        w.Open("private static class OnPostgreSql");
        w.Lines($$"""
            /// <summary>The source of <see cref="{{DatabaseEmitter.Cref(db)}}.PostgreSql"/>; any other implementation of the interface is refused.</summary>
            internal static {{Runtime}}.PostgreSqlSource Source({{face}} database) =>
                database is {{db}}.PostgreSql postgreSql
                    ? postgreSql.QuerySource
                    : throw new global::System.ArgumentException({{SourceWriter.InterpolatedLiteral($"{name} runs on {database.TypeName} (SQLite) or {database.TypeName}.PostgreSql, not on ", "database.GetType().Name", ".")}}, nameof(database));

            /// <summary>The transaction of <see cref="{{DatabaseEmitter.Cref(db)}}.PostgreSql.WriteTransaction"/>; any other implementation of the interface is refused.</summary>
            internal static {{Runtime}}.PostgreSqlSource Source({{transactionFace}} transaction) =>
                transaction is {{db}}.PostgreSql.WriteTransaction postgreSql
                    ? postgreSql.QuerySource
                    : transaction is null
                        ? throw new global::System.ArgumentNullException(nameof(transaction))
                        : throw new global::System.ArgumentException({{SourceWriter.InterpolatedLiteral($"{name} runs in a write transaction of {database.TypeName} (SQLite) or {database.TypeName}.PostgreSql, not in ", "transaction.GetType().Name", ".")}}, nameof(transaction));
            """);
        foreach (PostgreSqlQuery query in queries)
        {
            w.Line();
            if (Refused(query) is { } reason)
            {
                Throwing(w, name, query.Query.Method, reason, core: "internal");
                continue;
            }
            w.Line($"private const string {Field(query.Query.Method)} = {SourceWriter.Literal(query.Sql!)};");
            w.Line();
            Comment(w, query);
            Core(w, query, "internal", database, tables);
        }
        Readers(w, database, queries);
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>Why a query has no PostgreSQL body (its PostgreSQL check's errors), or null when it has one.</summary>
    private static string? Refused(PostgreSqlQuery query) =>
        query.Sql is null ? $"SqliteGen reported {query.BlockingIds} for its PostgreSQL SQL" : null;

    private static void Comment(SourceWriter w, PostgreSqlQuery query) =>
        w.Line($"// [Query] on PostgreSQL{(query.Query.Method.PostgreSqlSql is null ? "" : " ([PostgreSqlQuery])")}: {SourceWriter.CommentText(query.Sql!)}");

    /// <summary>Names the PostgreSQL class or the interface already has: a query of one of them stays SQLite's.</summary>
    private static readonly string[] Taken = { "Open", "OpenAsync", "DataSource", "CreateSchemaSql", "BeginWrite", "BeginWriteAsync", "Write", "WriteAsync", "Dispose", "DisposeAsync", "WriteTransaction", "PostgreSql" };

    /// <summary>Names the write transactions already have (SQLite's leaves out the first four too): a query of one of them has no copy there.</summary>
    private static readonly string[] TransactionTaken = { "Commit", "Rollback", "Dispose", "DisposeAsync", "CommitAsync" };

    /// <summary>Whether the PostgreSQL write transaction (and so the transaction interface) has a copy of <paramref name="method"/>.</summary>
    public static bool OnTransaction(QueryMethodModel method) => System.Array.IndexOf(TransactionTaken, method.Name) < 0;

    /// <summary>
    /// Whether the PostgreSQL class implements <paramref name="method"/>: a declaration whose body can be repeated, with no
    /// problem of its own, whose name is not one of the class's members (<see cref="Taken"/>, the tables' accessors).
    /// </summary>
    public static bool Implements(QueryMethodModel method, IReadOnlyList<EntityModel> shared) =>
        method.Problem is null && method.SignatureRepeatable && method.Parameters.All(p => p.Problem is null)
        && System.Array.IndexOf(Taken, method.Name) < 0 && !shared.Any(t => t.AccessorName == method.Name);

    /// <summary>The queries the interface declares: the public ones the PostgreSQL class implements, each name once.</summary>
    public static IEnumerable<QueryMethodModel> OnInterface(DatabaseModel database, IReadOnlyList<EntityModel> shared) =>
        database.Queries.Where(q => q.Accessibility == "public" && Implements(q, shared)).GroupBy(q => q.Name).Where(g => g.Count() == 1).Select(g => g.First());

    private static string Field(QueryMethodModel method) => method.Name + "Sql";

    /// <summary>
    /// The method callers call (<paramref name="core"/> null: the declaration's signature, forwarding to the core) or its
    /// core, with the accessibility <paramref name="core"/> gives: static, <c>async</c> where it awaits or is an async
    /// iterator, taking the source it runs on first (the database or a write transaction).
    /// </summary>
    private static string Signature(QueryMethodModel method, string? core)
    {
        bool iterator = method.IsAsync && method.Shape == QueryReturnShape.Stream;
        IEnumerable<string> parameters = method.Parameters.Select(p =>
            (core is not null && iterator && p.IsCancellationToken ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " : "") + $"{p.Type.TypeName} {p.Identifier}");
        if (core is null)
            return $"{Accessibility(method)} {method.ReturnTypeName} {method.Name}({string.Join(", ", parameters)})";
        // "connection", a name a query parameter cannot have (QueryParser.ReservedNames), as SQLite's core names its connection.
        return $"{core} static {(method.IsAsync ? "async " : "")}{method.ReturnTypeName} {method.Name}Core({string.Join(", ", parameters.Prepend($"{Runtime}.PostgreSqlSource connection"))})";
    }

    /// <summary>The call of the core on <paramref name="source"/>, with the method's arguments.</summary>
    private static string Call(QueryMethodModel method, string source) => $"{method.Name}Core({Arguments(method, source)})";

    /// <summary>The method's arguments after <paramref name="first"/>.</summary>
    private static string Arguments(QueryMethodModel method, string first) =>
        string.Join(", ", method.Parameters.Select(p => p.Identifier).Prepend(first));

    /// <summary>The declaration's accessibility without <c>protected</c>, which a member of the sealed PostgreSQL class cannot have (CS0628).</summary>
    private static string Accessibility(QueryMethodModel method) => method.Accessibility switch
    {
        "protected internal" => "internal",
        "protected" or "private protected" => "private",
        var other => other,
    };

    /// <summary>A method that throws, naming why the query has no PostgreSQL body.</summary>
    /// <param name="owner">The class the method is on: <c>ShopDb.PostgreSql</c>, <c>ShopDb.PostgreSql.WriteTransaction</c>, or the query class.</param>
    /// <param name="core">For a query class: the core's accessibility (the method is its core, taking the source first).</param>
    private static void Throwing(SourceWriter w, string owner, QueryMethodModel method, string reason, string? core = null)
    {
        string message = $"[Query] {owner}.{method.Name} was not generated for PostgreSQL: {reason}. Fix the error the build reports and rebuild.";
        w.Line($"// [Query] not generated for PostgreSQL: {SourceWriter.CommentText(reason)}.");
        IEnumerable<string> parameters = method.Parameters.Select(p => $"{p.Modifiers}{p.Type.TypeName} {p.Identifier}");
        w.Line(core is null
            ? $"{Accessibility(method)} {method.ReturnTypeName} {method.Name}({string.Join(", ", parameters)}) =>"
            : $"{core} static {method.ReturnTypeName} {method.Name}Core({string.Join(", ", parameters.Prepend($"{Runtime}.PostgreSqlSource connection"))}) =>");
        w.Line($"    throw new global::System.InvalidOperationException({SourceWriter.Literal(message)});");
    }

    private static string Token(QueryMethodModel method) =>
        method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Identifier ?? "default";

    /// <summary>
    /// The table a write's refused row is named in: the PostgreSQL table class's own (so a unique violation names its
    /// columns, as the tables' writes and SQLite do).
    /// </summary>
    private static string TableOf(DatabaseModel database, IReadOnlyList<EntityModel> tables, BoundQuery bound)
    {
        EntityModel? target = tables.FirstOrDefault(t => string.Equals(t.TableName, bound.TargetTable, System.StringComparison.OrdinalIgnoreCase));
        return target is null
            ? $"new {Runtime}.PostgreSqlTable({SourceWriter.Literal(bound.TargetTable ?? "")}, \"\")"
            : $"{database.FullyQualifiedName}.PostgreSql.{target.AccessorName}Table.s_table";
    }

    /// <summary>
    /// The core: on the database (a connection of its data source) or on a write transaction (its connection, inside it).
    /// A read runs its command and reads the rows; a write goes through the writer's lease (a savepoint inside a
    /// transaction), its rows, if it returns any, read by a static lambda the lease calls.
    /// </summary>
    private static void Core(SourceWriter w, PostgreSqlQuery query, string accessibility, DatabaseModel database, IReadOnlyList<EntityModel> tables)
    {
        BoundQuery bound = query.Query;
        QueryMethodModel method = bound.Method;
        bool async = method.IsAsync;
        string token = Token(method);
        w.Line("// On the database (a connection of its data source) or on a write transaction (its connection, inside it).");
        w.Open(Signature(method, core: accessibility));
        string lease = bound.IsWrite ? "Writer" : "Reader";
        w.Line(async
            ? $"await using var lease = await connection.Rent{lease}Async({token}).ConfigureAwait(false);"
            : $"using var lease = connection.Rent{lease}();");
        if (!bound.IsWrite)
        {
            w.Line($"{(async ? "await " : "")}using var command = lease.Command({Field(method)});");
            Bind(w, query, "command.Parameters");
            w.Line(async
                ? $"await using var row = await lease.ExecuteReaderAsync(command, {token}).ConfigureAwait(false);"
                : "using var row = lease.ExecuteReader(command);");
            Body(w, query, async ? $"await row.ReadAsync({token}).ConfigureAwait(false)" : "row.Read()");
            w.Close();
            return;
        }
        // A write: through the lease, which turns a refused row into SqliteGen's errors and, inside a transaction, runs it
        // in a savepoint, so a refused one is undone alone.
        w.Line($"var statement = lease.Statement({Field(method)});");
        Bind(w, query, "statement.Parameters");
        string table = TableOf(database, tables, bound);
        string operation = SourceWriter.Literal("Query " + method.Name);
        if (bound.Shape is QueryReturnShape.Void or QueryReturnShape.RowsChanged)
        {
            string run = async
                ? $"await lease.ExecuteAsync({table}, {operation}, {token}).ConfigureAwait(false)"
                : $"lease.Execute({table}, {operation})";
            w.Line(bound.Shape == QueryReturnShape.Void ? run + ";" : $"return {run};");
            w.Close();
            return;
        }
        // RETURNING: the rows are read by a static lambda, so the lease undoes the statement whether it fails when it runs or while its rows are read.
        w.Line(async
            ? $"return await lease.ReturningAsync<{method.ResultTypeName}>({table}, {operation}, static async (row, cancellationToken) =>"
            : $"return lease.Returning<{method.ResultTypeName}>({table}, {operation}, static row =>");
        w.Line("{");
        w.Indent();
        Body(w, query, async ? "await row.ReadAsync(cancellationToken).ConfigureAwait(false)" : "row.Read()");
        w.Outdent();
        w.Line(async ? $"}}, {token}).ConfigureAwait(false);" : "});");
        w.Close();
    }

    /// <summary>The entity readers of the queries that read entities, one nested class per entity.</summary>
    private static void Readers(SourceWriter w, DatabaseModel database, IReadOnlyList<PostgreSqlQuery> queries)
    {
        foreach (IGrouping<string, PostgreSqlQuery> group in queries.Where(q => q.Sql is not null && q.Query.Entity is not null).GroupBy(q => q.Query.Entity!.FullyQualifiedName))
        {
            w.Line();
            Readers(w, database, group.First().Query.Entity!, group.ToList());
        }
    }

    private static void Body(SourceWriter w, PostgreSqlQuery query, string read)
    {
        BoundQuery bound = query.Query;
        QueryMethodModel method = bound.Method;
        switch (bound.Shape)
        {
            case QueryReturnShape.Stream:
                w.Open($"while ({read})");
                w.Line($"yield return {ReadExpression(bound)};");
                w.Close();
                return;
            case QueryReturnShape.List:
                w.Line($"var rows = new global::System.Collections.Generic.List<{method.Element!.TypeName}>();");
                w.Open($"while ({read})");
                w.Line($"rows.Add({ReadExpression(bound)});");
                w.Close();
                w.Line("return rows;");
                return;
        }
        string type = method.ResultTypeName.Replace("global::", "");
        w.Open($"if (!{read})");
        w.Line(bound.Shape == QueryReturnShape.OneOrNone
            ? "return null;"
            : $"throw new global::System.InvalidOperationException({SourceWriter.Literal($"Query '{method.Name}' returned no row, and its return type ({type}) needs one: declare it nullable when no row is an answer.")});");
        w.Close();
        w.Line($"var result = {ReadExpression(bound)};");
        w.Open($"if ({read})");
        w.Line($"throw new global::System.InvalidOperationException({SourceWriter.Literal($"Query '{method.Name}' returned more than one row, and its return type ({type}) holds one: return IReadOnlyList<> or narrow the WHERE clause.")});");
        w.Close();
        w.Line("return result;");
    }

    /// <summary>One value per parameter number: the method parameters in <see cref="PostgreSqlQuery.ParameterOrder"/>.</summary>
    private static void Bind(SourceWriter w, PostgreSqlQuery query, string parameters)
    {
        for (int i = 0; i < query.ParameterOrder.Count; i++)
        {
            QueryParameterModel parameter = query.Query.Parameters.First(p => p.Method.Name == query.ParameterOrder[i]).Method;
            ColumnModel column = QueryEmitter.ScalarColumn(parameter.Identifier.TrimStart('@'), parameter.Type);
            w.Line(PgValueCode.Bind(column, parameter.Identifier, parameters, i, "parameter " + parameter.Name) + " // $" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static string ReadExpression(BoundQuery query)
    {
        if (query.Entity is { } entity)
            return $"{entity.AccessorName}QueryRows.{query.Method.Name}(row)";
        QueryValueModel value = query.Method.Element!;
        if (value.Kind is null && query.Ordinals is { } ordinals)
        {
            IEnumerable<string> arguments = value.RowMembers.Select(m =>
                $"{m.Identifier}: {PgValueCode.Read(QueryEmitter.ScalarColumn(m.Identifier.TrimStart('@'), m.Type), "row", ordinals[m.Name], null, null)}");
            return $"new {value.NonNullableTypeName}({string.Join(", ", arguments)})";
        }
        return PgValueCode.Read(QueryEmitter.ScalarColumn("result", value), "row", 0, null, null);
    }

    /// <summary>A nested class per entity that queries read: one reader per query (its ordinals), and the entity's JSON type infos.</summary>
    private static void Readers(SourceWriter w, DatabaseModel database, EntityModel entity, List<PostgreSqlQuery> queries)
    {
        w.Line($"/// <summary>Reads <see cref=\"{DatabaseEmitter.Cref(entity.FullyQualifiedName)}\"/> rows from [Query] results on PostgreSQL, each query's columns in its own order.</summary>");
        w.Open($"private static class {entity.AccessorName}QueryRows");
        ValueCode.JsonFields(w, entity, database.JsonContextTypeName, explain: false);
        for (int i = 0; i < queries.Count; i++)
        {
            if (i > 0)
                w.Line();
            BoundQuery query = queries[i].Query;
            IReadOnlyDictionary<string, int> ordinals = query.Ordinals!;
            string key = string.Join(" + \", \" + ", entity.KeyColumns().Select(k =>
                $"global::System.Convert.ToString(row.GetValue({ordinals[k.MemberName].ToString(System.Globalization.CultureInfo.InvariantCulture)}), global::System.Globalization.CultureInfo.InvariantCulture)"));
            w.Line($"/// <summary>A row of <see cref=\"{query.Method.Name}\"/>.</summary>");
            EmitterCommon.NewEntity(w, entity, $"internal static {entity.FullyQualifiedName} {query.Method.Name}({Reader} row) => ",
                column => PgValueCode.Read(column, "row", ordinals[column.MemberName], entity.TableName + "." + column.ColumnName, key));
        }
        w.Close();
    }
}

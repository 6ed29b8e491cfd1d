using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits the bodies of the database's [Query] methods (<c>{Database}.Queries.g.cs</c>): a prepared <c>Statement</c> per
/// query; the partial method (reads on a pooled reader, writes through the writer like the table accessors' writes)
/// over a static <c>…Core</c> that binds, runs and reads on one connection; the same methods on the
/// <c>WriteTransaction</c>; and per entity a nested class of row readers, one per query (columns by name, in the order
/// that query returns them). Scalars and records of selected columns are read inline.
/// </summary>
internal static class QueryEmitter
{
    private const string Pool = "global::SqliteGen.Runtime.SqliteConnectionPool";
    private const string List = "global::System.Collections.Generic.List";

    /// <param name="vectorTables">
    /// Tables with <c>[Vector]</c> columns: a write to one goes through its <c>SearchTableSource</c>, so the resident
    /// vector index learns that the table changed (and is rebuilt) instead of answering from rows it no longer has.
    /// </param>
    /// <param name="unavailable">Queries whose check failed: each gets a body that throws (see <see cref="Unavailable"/>).</param>
    public static string Emit(DatabaseModel database, IReadOnlyList<BoundQuery> queries, HashSet<string> vectorTables, ISqlDialect dialect, IReadOnlyList<UnavailableQuery>? unavailable = null)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        Statements(w, queries);
        foreach (BoundQuery query in queries)
        {
            w.Line();
            Method(w, query, dialect, vectorTables);
        }
        Unavailable(w, database.TypeName, unavailable);
        Transaction(w, database, queries, dialect, vectorTables, unavailable);
        Readers(w, database, queries);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// A <c>[SqliteQueries]</c> class (<c>{QueryClass}.Queries.g.cs</c>): a constructor that takes the open database and
    /// keeps its pool, and the queries as on the database class (same statements, entry methods and cores). Instead of
    /// copies on the <c>WriteTransaction</c> (that type is the database's; its members should not depend on every query
    /// class), each query gets an overload here that takes the transaction first.
    /// </summary>
    /// <param name="postgreSql">
    /// With the PostgreSQL target: the class runs on either engine (<see cref="PostgreSql.PgQueryEmitter.EmitQueryClass"/>
    /// adds the constructor over the database interface and the PostgreSQL cores), so each query's method runs its SQLite
    /// body (<c>…OnSqlite</c>) or its PostgreSQL core, by the engine the class was made over; <c>_pool</c> is null on PostgreSQL.
    /// </param>
    public static string EmitQueryClass(QueryClassModel queryClass, DatabaseModel database, IReadOnlyList<BoundQuery> queries, HashSet<string> vectorTables, ISqlDialect dialect, IReadOnlyList<UnavailableQuery>? unavailable = null, bool postgreSql = false)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, queryClass.Namespace, queryClass.ContainingTypes);
        w.Open($"partial class {queryClass.TypeName}");
        w.Line($"private readonly {Pool}{(postgreSql ? "?" : "")} _pool;");
        w.Line();
        w.Line($"/// <summary>The [Query] methods of this class, run on <paramref name=\"database\"/>: reads on its pooled readers, writes through its writer. The class holds no connection of its own; <paramref name=\"database\"/> must stay open while they are used.</summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{queryClass.ConstructorAccessibility} {queryClass.TypeName}({database.FullyQualifiedName} database)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(database);");
        w.Line("_pool = database.QueryPool;");
        w.Close();
        if (queries.Count > 0)
        {
            w.Line();
            Statements(w, queries);
        }
        foreach (BoundQuery query in queries)
        {
            w.Line();
            if (postgreSql)
                MethodOnEitherEngine(w, query, dialect, vectorTables);
            else
                Method(w, query, dialect, vectorTables);
        }
        foreach (BoundQuery query in queries)
        {
            w.Line();
            w.Line($"/// <summary>[Query] <c>{query.Method.Name}</c> inside <paramref name=\"transaction\"/>: {SeesTransaction}</summary>");
            QueryMethodModel overload = query.Method with { Accessibility = NoWiderThan(query.Method.Accessibility, queryClass.ConstructorAccessibility) };
            Entry(w, query with { Method = overload }, dialect, WriteSource("transaction.QuerySource", query, vectorTables), partial: false, transaction: database.FullyQualifiedName + ".WriteTransaction");
        }
        Unavailable(w, queryClass.TypeName, unavailable);
        Readers(w, database, queries);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The part of a class whose database could not be generated: its <c>[Query]</c> methods (and, for a
    /// <c>[SqliteQueries]</c> class, its <paramref name="constructor"/>) throw, naming the error, so the user's calls
    /// compile and the build shows that error alone.
    /// </summary>
    public static string EmitUnavailable(string ns, EquatableArray<ContainingType> containingTypes, string typeName, string? constructor, IReadOnlyList<UnavailableQuery> queries)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, ns, containingTypes);
        w.Open($"partial class {typeName}");
        if (constructor is not null)
        {
            string reason = queries.FirstOrDefault()?.Reason ?? "its database was not generated";
            w.Line("// Not generated: " + SourceWriter.CommentText(reason) + ".");
            w.Line(EmitterCommon.GeneratedCode);
            w.Line($"{constructor} => throw new global::System.InvalidOperationException({SourceWriter.Literal($"{typeName} was not generated: {reason}. Fix the error the build reports and rebuild.")});");
        }
        Unavailable(w, typeName, queries);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// A body for each query that could not be generated: it throws an <c>InvalidOperationException</c> naming the
    /// diagnostic, instead of leaving the partial method without an implementation (CS8795 beside the real error). That
    /// holds for a wrong declaration too (a parameter by reference or of a type that cannot be bound, a return type no
    /// shape fits, static, generic), with its signature repeated, modifiers, type parameters and constraints included. A
    /// declaration whose signature a body cannot repeat (not partial, already implemented, async...: <see cref="QueryMethodModel.SignatureRepeatable"/>)
    /// gets none, and C#'s own error there, if any, is apt.
    /// </summary>
    /// <param name="partial">False for the write transaction's copies (plain methods; a static declaration gets none there).</param>
    private static void Unavailable(SourceWriter w, string typeName, IReadOnlyList<UnavailableQuery>? queries, bool partial = true)
    {
        foreach (UnavailableQuery query in (queries ?? System.Array.Empty<UnavailableQuery>()).Where(q => HasBody(q, partial)))
        {
            w.Line();
            Unavailable(w, typeName, query, partial);
        }
    }

    /// <summary>Whether a query that could not be generated gets a throwing body (<see cref="Unavailable(SourceWriter, string, IReadOnlyList{UnavailableQuery}?, bool)"/>).</summary>
    private static bool HasBody(UnavailableQuery query, bool partial) => query.Method.SignatureRepeatable && (partial || !query.Method.IsStatic);

    private static void Unavailable(SourceWriter w, string typeName, UnavailableQuery query, bool partial)
    {
        QueryMethodModel method = query.Method;
        string parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Modifiers}{p.Type.TypeName} {p.Identifier}"));
        string message = $"[Query] {typeName}.{method.Name} was not generated: {query.Reason}. Fix the error the build reports and rebuild.";
        w.Line($"// [Query] not generated: {SourceWriter.CommentText(query.Reason)}.");
        w.Line($"{method.Accessibility} {(method.IsStatic ? "static " : "")}{(partial ? "partial " : "")}{method.ReturnTypeName} {method.Name}{method.TypeParameters}({parameters}){method.ConstraintClauses} =>");
        w.Line($"    throw new global::System.InvalidOperationException({SourceWriter.Literal(message)});");
    }

    /// <summary>
    /// The transaction overload's accessibility: the query's, but not wider than the constructor's, which is internal when
    /// the database is (a public or protected method cannot take the internal database's <c>WriteTransaction</c>).
    /// </summary>
    internal static string NoWiderThan(string accessibility, string constructorAccessibility) =>
        constructorAccessibility == "public" ? accessibility : accessibility switch
        {
            "public" or "protected internal" => "internal",
            "protected" => "private protected",
            _ => accessibility,
        };

    /// <summary>A prepared statement per query, with the names of the parameters it binds.</summary>
    private static void Statements(SourceWriter w, IReadOnlyList<BoundQuery> queries)
    {
        foreach (BoundQuery query in queries)
        {
            string names = string.Concat(query.Parameters.Select(p => ", " + SourceWriter.Literal(p.SqlName)));
            w.Line($"private static readonly {Statement} {Field(query)} = new({SourceWriter.Literal(query.Method.Sql)}{names});");
        }
    }

    private static void Readers(SourceWriter w, DatabaseModel database, IReadOnlyList<BoundQuery> queries)
    {
        foreach (IGrouping<string, BoundQuery> group in queries.Where(q => q.Entity is not null).GroupBy(q => q.Entity!.FullyQualifiedName))
        {
            w.Line();
            Readers(w, database, group.First().Entity!, group.ToList());
        }
    }

    /// <summary>Names the write transaction already has: a query with one of them gets no copy there.</summary>
    private static readonly string[] TransactionMembers = { "Commit", "Rollback", "Dispose", "DisposeAsync" };

    /// <summary>
    /// The same queries on <c>WriteTransaction</c>: inside <c>db.Write(tx => …)</c> or <c>BeginWrite()</c> they run on the
    /// transaction's connection, so they see its uncommitted writes and their own writes commit or roll back with it. A
    /// query that could not be generated throws there too, so the transaction has every method the database has (and the
    /// transaction interface of the PostgreSQL target declares).
    /// </summary>
    private static void Transaction(SourceWriter w, DatabaseModel database, IReadOnlyList<BoundQuery> queries, ISqlDialect dialect, HashSet<string> vectorTables, IReadOnlyList<UnavailableQuery>? unavailable)
    {
        var copies = queries.Where(q => System.Array.IndexOf(TransactionMembers, q.Method.Name) < 0).Select(q => (Query: (BoundQuery?)q, Unavailable: (UnavailableQuery?)null))
            .Concat((unavailable ?? System.Array.Empty<UnavailableQuery>()).Where(q => HasBody(q, partial: false) && System.Array.IndexOf(TransactionMembers, q.Method.Name) < 0)
                .Select(q => (Query: (BoundQuery?)null, Unavailable: (UnavailableQuery?)q)))
            .ToList();
        TransactionCopies(w, copies, c => c.Query is { } query ? $"{database.TypeName}.{query.Method.Name}" : null, c =>
        {
            if (c.Query is { } query)
                Entry(w, query, dialect, WriteSource("_transaction", query, vectorTables), partial: false);
            else
                Unavailable(w, database.TypeName + ".WriteTransaction", c.Unavailable!, partial: false);
        });
    }

    /// <summary>
    /// The database's queries copied onto its write transaction (SQLite's or PostgreSQL's): the nested <c>partial class
    /// WriteTransaction</c>, nothing when there is no copy. <paramref name="cref"/> names the method a copy repeats (null
    /// for one that throws, which says why itself); <paramref name="copy"/> writes the copy.
    /// </summary>
    internal static void TransactionCopies<T>(SourceWriter w, IReadOnlyList<T> copies, System.Func<T, string?> cref, System.Action<T> copy)
    {
        if (copies.Count == 0)
            return;
        w.Line();
        w.Open("partial class WriteTransaction");
        for (int i = 0; i < copies.Count; i++)
        {
            if (i > 0)
                w.Line();
            if (cref(copies[i]) is { } repeated)
                w.Line($"/// <summary><see cref=\"{repeated}\"/> in this transaction: {SeesTransaction}</summary>");
            copy(copies[i]);
        }
        w.Close();
    }

    /// <summary>What a query run inside a write transaction does, for the doc comments of its copies and overloads.</summary>
    internal const string SeesTransaction = "it sees the transaction's uncommitted writes, and its own writes are part of it.";

    private static string Field(BoundQuery query) => "s_" + DatabaseEmitter.Field(query.Method.Name) + "Query";

    /// <summary>
    /// The implementing declaration: the user's signature, plus <c>async</c> where the body awaits or is an async
    /// iterator; for the write transaction's copy (<paramref name="partial"/> false) a plain method whose last
    /// CancellationToken defaults to <c>default</c>.
    /// </summary>
    /// <param name="transaction">For a query class's transaction overload: the database's WriteTransaction type, taken first.</param>
    /// <param name="name">The method's name when it is not the query's (the SQLite body of a query class's query, <c>…OnSqlite</c>).</param>
    internal static string Signature(QueryMethodModel method, bool async, bool partial, string? transaction = null, string? name = null)
    {
        bool iterator = async && method.Shape == QueryReturnShape.Stream;
        IEnumerable<string> parameters = (transaction is null ? Enumerable.Empty<string>() : new[] { transaction + " transaction" }).Concat(method.Parameters.Select((p, i) =>
            (iterator && p.IsCancellationToken ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " : "") + $"{p.Type.TypeName} {p.Identifier}"
            + (!partial && p.IsCancellationToken && i == method.Parameters.Count - 1 ? " = default" : "")));
        return $"{method.Accessibility} {(async ? "async " : "")}{(partial ? "partial " : "")}{method.ReturnTypeName} {name ?? method.Name}({string.Join(", ", parameters)})";
    }

    /// <summary>
    /// A method that runs one of two calls of the query's signature, chosen by <paramref name="condition"/>: a query class's
    /// query on the engine it was made over, or its transaction overload in the engine's transaction.
    /// </summary>
    internal static void Dispatch(SourceWriter w, string signature, QueryMethodModel method, string condition, string whenTrue, string whenFalse)
    {
        string result = method.ReturnTypeName == "void" ? "" : "return ";
        w.Open(signature);
        w.Line($"if ({condition})");
        w.Line($"    {result}{whenTrue};");
        w.Line("else");
        w.Line($"    {result}{whenFalse};");
        w.Close();
    }

    /// <summary>The SQL's parameters (every method parameter but a CancellationToken).</summary>
    private static IEnumerable<QueryParameterModel> Values(BoundQuery query) => query.Method.Parameters.Where(p => !p.IsCancellationToken);

    /// <summary>The SQL's parameters as the core's parameters (after its connection).</summary>
    private static ParameterList CoreParameters(BoundQuery query) =>
        new(Values(query).Select(p => new Parameter(p.Type.TypeName, p.Identifier)));

    /// <summary>The method's CancellationToken argument, or <c>default</c> when it takes none.</summary>
    private static string Token(BoundQuery query) =>
        query.Method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Identifier ?? "default";

    private static void Method(SourceWriter w, BoundQuery query, ISqlDialect dialect, HashSet<string> vectorTables)
    {
        QueryMethodModel method = query.Method;
        // Generated doc comments would replace the user's own on the declaration: the SQL goes in a plain comment.
        w.Line($"// [Query] {Where(query)}: {SourceWriter.CommentText(method.Sql)}");
        Entry(w, query, dialect, WriteSource("_pool", query, vectorTables), partial: true);
        EndMethod(w, query, dialect);
    }

    private static string Where(BoundQuery query) =>
        query.IsWrite ? "on the writer (queued and committed with other writes when the writer is busy)" : "on a pooled reader connection";

    /// <summary>The static core after the entry method (a stream has none: its entry reads the rows itself).</summary>
    private static void EndMethod(SourceWriter w, BoundQuery query, ISqlDialect dialect)
    {
        if (query.Shape == QueryReturnShape.Stream)
            return;
        w.Line();
        Core(w, query, dialect);
    }

    /// <summary>
    /// A query class's query with the PostgreSQL target: the method runs the PostgreSQL core when the class was made over
    /// the PostgreSQL database, else its SQLite body, a private method (<c>…OnSqlite</c>) that is the entry method
    /// <see cref="Method"/> writes.
    /// </summary>
    private static void MethodOnEitherEngine(SourceWriter w, BoundQuery query, ISqlDialect dialect, HashSet<string> vectorTables)
    {
        QueryMethodModel method = query.Method;
        string arguments = string.Join(", ", method.Parameters.Select(p => p.Identifier));
        w.Line($"// [Query] on either engine: {SourceWriter.CommentText(method.Sql)}");
        Dispatch(w, Signature(method, async: false, partial: true), method, "_postgreSql is not null",
            $"OnPostgreSql.{method.Name}Core({ParameterList.Join("_postgreSql", arguments)})", $"{method.Name}OnSqlite({arguments})");
        w.Line();
        w.Line($"// On SQLite, {Where(query)}.");
        Entry(w, query with { Method = method with { Accessibility = "private" } }, dialect, WriteSource("_pool!", query, vectorTables), partial: false, name: method.Name + "OnSqlite");
        EndMethod(w, query, dialect);
    }

    /// <summary><paramref name="source"/>, or for a write to a table with vectors, its search source (see <see cref="Emit"/>).</summary>
    private static string WriteSource(string source, BoundQuery query, HashSet<string> vectorTables) =>
        query.IsWrite && query.TargetTable is { } table && vectorTables.Contains(table)
            ? $"global::SqliteGen.Runtime.SearchTableSource.Wrap({source}, {SourceWriter.Literal(vectorTables.First(t => string.Equals(t, table, System.StringComparison.OrdinalIgnoreCase)))})"
            : source;

    /// <summary>The method callers call: it gets a connection from <paramref name="source"/> (the pool, or a write transaction) and runs the core.</summary>
    /// <param name="transaction">Set for a query class's transaction overload: the type of its leading <c>transaction</c> parameter.</param>
    /// <param name="name">The method's name when it is not the query's (<see cref="Signature"/>).</param>
    private static void Entry(SourceWriter w, BoundQuery query, ISqlDialect dialect, string source, bool partial, string? transaction = null, string? name = null)
    {
        QueryMethodModel method = query.Method;
        if (query.Shape == QueryReturnShape.Stream)
        {
            // An iterator: the reader is held until the enumeration ends (foreach disposes it).
            w.Open(Signature(method, async: method.IsAsync, partial, transaction, name));
            if (transaction is not null)
                w.Line("global::System.ArgumentNullException.ThrowIfNull(transaction);");
            w.Line(method.IsAsync ? $"using var lease = await {source}.RentReaderAsync({Token(query)}).ConfigureAwait(false);" : $"using var lease = {source}.RentReader();");
            w.Line($"using var statement = lease.Connection.Rent({Field(query)});");
            Bind(w, query, dialect);
            w.Open("while (statement.Step())");
            if (method.IsAsync && Token(query) != "default")
                w.Line($"{Token(query)}.ThrowIfCancellationRequested();");
            w.Line($"yield return {ReadExpression(query)};");
            w.Close();
            w.Close();
            return;
        }

        string core = method.Name + "Core";
        ParameterList values = CoreParameters(query);
        if (!query.IsWrite)
        {
            w.Open(Signature(method, async: method.IsAsync, partial, transaction, name));
            if (transaction is not null)
                w.Line("global::System.ArgumentNullException.ThrowIfNull(transaction);");
            w.Line(method.IsAsync ? $"using var lease = await {source}.RentReaderAsync({Token(query)}).ConfigureAwait(false);" : $"using var lease = {source}.RentReader();");
            w.Line($"return {core}({values.ArgumentsAfter("lease.Connection")});");
            w.Close();
        }
        else
        {
            // The arguments travel as the write's state to a static lambda, as the table accessors' writes do.
            string lambda = $"static (connection, state) => {core}({ParameterList.Join("connection", values.FromState("state"))})";
            w.Open(Signature(method, async: false, partial, transaction, name));
            if (transaction is not null)
                w.Line("global::System.ArgumentNullException.ThrowIfNull(transaction);");
            if (method.IsAsync)
                w.Line($"return {source}.WriteAsync({values.State}, {lambda}, {Token(query)});");
            else
                w.Line($"{(query.Shape == QueryReturnShape.Void ? "" : "return ")}{source}.Write({values.State}, {lambda});");
            w.Close();
        }
    }

    /// <summary>The static core: binds, runs and reads on one connection (shared by the database's method and the transaction's).</summary>
    private static void Core(SourceWriter w, BoundQuery query, ISqlDialect dialect)
    {
        QueryMethodModel method = query.Method;
        string core = method.Name + "Core";
        string returnType = query.Shape == QueryReturnShape.Void ? "void" : method.ResultTypeName;
        w.Open($"private static {returnType} {core}({ParameterList.Join($"{Connection} connection", CoreParameters(query).Declaration)})");
        w.Line($"using var statement = connection.Rent({Field(query)});");
        if (query.IsWrite)
        {
            w.Open("try");
            Bind(w, query, dialect);
            Body(w, query);
            w.Close();
            w.Open("catch (global::Microsoft.Data.Sqlite.SqliteException error)");
            w.Line($"throw global::SqliteGen.Runtime.SqliteErrors.WriteFailed(error, {SourceWriter.Literal(query.TargetTable ?? "")}, {SourceWriter.Literal("Query " + method.Name)});");
            w.Close();
        }
        else
        {
            Bind(w, query, dialect);
            Body(w, query);
        }
        w.Close();
    }

    private static void Body(SourceWriter w, BoundQuery query)
    {
        QueryMethodModel method = query.Method;
        switch (query.Shape)
        {
            case QueryReturnShape.Void:
                w.Line("statement.Execute();");
                return;
            case QueryReturnShape.RowsChanged:
                w.Line("return statement.Execute();");
                return;
            case QueryReturnShape.List:
                w.Line($"var rows = new {List}<{method.Element!.TypeName}>();");
                w.Open("while (statement.Step())");
                w.Line($"rows.Add({ReadExpression(query)});");
                w.Close();
                w.Line("return rows;");
                return;
        }
        string type = method.ResultTypeName.Replace("global::", "");
        if (query.Shape == QueryReturnShape.OneOrNone)
        {
            w.Open("if (!statement.Step())");
            w.Line("return null;");
            w.Close();
        }
        else
        {
            w.Open("if (!statement.Step())");
            w.Line($"throw new global::System.InvalidOperationException({SourceWriter.Literal($"Query '{method.Name}' returned no row, and its return type ({type}) needs one: declare it nullable when no row is an answer.")});");
            w.Close();
        }
        w.Line($"var result = {ReadExpression(query)};");
        w.Open("if (statement.Step())");
        w.Line($"throw new global::System.InvalidOperationException({SourceWriter.Literal($"Query '{method.Name}' returned more than one row, and its return type ({type}) holds one: return IReadOnlyList<> or narrow the WHERE clause.")});");
        w.Close();
        w.Line("return result;");
    }

    private static string ReadExpression(BoundQuery query)
    {
        if (query.Entity is { } entity)
            return $"{entity.AccessorName}QueryRows.{query.Method.Name}(statement)";
        QueryValueModel row = query.Method.Element!;
        if (row.Kind is null && query.Ordinals is { } ordinals)
        {
            // A record of selected columns: its constructor, each argument from its column.
            IEnumerable<string> arguments = row.RowMembers.Select(m => $"{m.Identifier}: {ValueCode.Read(ScalarColumn(m.Identifier.TrimStart('@'), m.Type), "statement", ordinals[m.Name])}");
            return $"new {row.NonNullableTypeName}({string.Join(", ", arguments)})";
        }
        return ValueCode.Read(ScalarColumn("result", query.Method.Element!), "statement", 0);
    }

    private static void Bind(SourceWriter w, BoundQuery query, ISqlDialect dialect)
    {
        for (int i = 0; i < query.Parameters.Count; i++)
        {
            BoundParameter parameter = query.Parameters[i];
            ColumnModel column = ScalarColumn(parameter.Method.Identifier.TrimStart('@'), parameter.Method.Type);
            w.Line(ValueCode.Bind(column, parameter.Method.Identifier, "statement", i, "parameter " + parameter.SqlName) + $" // {parameter.SqlName}");
        }
    }

    /// <summary>A value read or bound by a query, described as the column model the value code works from.</summary>
    internal static ColumnModel ScalarColumn(string name, QueryValueModel value) => new(
        MemberName: name,
        ColumnName: name,
        TypeName: value.TypeName,
        NonNullableTypeName: value.NonNullableTypeName,
        Kind: value.Kind ?? ValueKind.String,
        IsNullable: value.IsNullable,
        IsReferenceType: value.IsReferenceType,
        IsPrimaryKey: false,
        PrimaryKeyOrder: 0,
        AutoIncrement: false,
        SetThroughConstructor: false,
        Default: null,
        Check: null,
        Collate: null,
        EnumUnderlyingType: value.EnumUnderlyingType,
        RenamedFrom: EquatableArray<string>.Empty,
        EnumNames: value.EnumNames);

    /// <summary>A nested class per entity that queries read: one reader per query (its ordinals), and the entity's JSON type infos.</summary>
    private static void Readers(SourceWriter w, DatabaseModel database, EntityModel entity, List<BoundQuery> queries)
    {
        w.Line($"/// <summary>Reads <see cref=\"{DatabaseEmitter.Cref(entity.FullyQualifiedName)}\"/> rows from [Query] results, each query's columns in its own order.</summary>");
        w.Open($"private static class {entity.AccessorName}QueryRows");
        ValueCode.JsonFields(w, entity, database.JsonContextTypeName, explain: false);
        bool first = true;
        foreach (BoundQuery query in queries)
        {
            if (!first)
                w.Line();
            first = false;
            Reader(w, entity, query);
        }
        w.Close();
    }

    private static void Reader(SourceWriter w, EntityModel entity, BoundQuery query)
    {
        w.Line($"/// <summary>A row of <see cref=\"{query.Method.Name}\"/>.</summary>");
        EmitterCommon.NewEntity(w, entity, $"internal static {entity.FullyQualifiedName} {query.Method.Name}({Runner} row)", query.Ordinals!);
    }

}

/// <summary>A <c>[Query]</c> method that is not generated, and why (the diagnostic's ID, for the exception it throws).</summary>
internal sealed record UnavailableQuery(QueryMethodModel Method, string Reason);

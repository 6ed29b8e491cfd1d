using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The database's <c>[Query]</c> methods on PostgreSQL (<c>{Database}.PostgreSql.Queries.g.cs</c>): each a method of the
/// nested <c>PostgreSql</c> class with the declaration's signature, running the SQL <see cref="PostgreSqlQueryCheck"/>
/// settled (the <c>[Query]</c> text or its <c>[PostgreSqlQuery]</c>, parameters numbered <c>$1</c>, <c>$2</c>… in the
/// method's order): reads on a connection of the data source, writes through the writer's lease like the tables'
/// writes. Parameters are bound and columns read with <see cref="PgValueCode"/>, as the tables do; an entity is read
/// by a reader per query (its columns in that query's order). A query the check refused throws, naming the diagnostic.
/// The write transaction has the same methods (<see cref="Transaction"/>); both forward to one static core per query.
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
            string? reason = query.Sql is null ? $"SqliteGen reported {query.BlockingIds} for its PostgreSQL SQL" : null;
            if (reason is null)
                Method(w, tables, query);
            else
                Throwing(w, database, query.Query.Method, reason, "PostgreSql");
            entries.Add((query.Query.Method, reason));
        }
        foreach (UnavailableQuery query in unavailable)
        {
            if (!first)
                w.Line();
            first = false;
            Throwing(w, database, query.Method, query.Reason, "PostgreSql");
            entries.Add((query.Method, query.Reason));
        }
        Transaction(w, database, entries);
        foreach (IGrouping<string, PostgreSqlQuery> group in queries.Where(q => q.Sql is not null && q.Query.Entity is not null).GroupBy(q => q.Query.Entity!.FullyQualifiedName))
        {
            w.Line();
            Readers(w, database, group.First().Query.Entity!, group.ToList());
        }
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The same queries on the PostgreSQL <c>WriteTransaction</c>, as SQLite's transaction has them: each runs its core on
    /// the transaction (its connection, inside it), so it sees the transaction's uncommitted writes and its own writes
    /// commit or roll back with it; a query that is not generated throws there too.
    /// </summary>
    private static void Transaction(SourceWriter w, DatabaseModel database, List<(QueryMethodModel Method, string? Reason)> entries)
    {
        var copies = entries.Where(e => OnTransaction(e.Method)).ToList();
        if (copies.Count == 0)
            return;
        w.Line();
        w.Open("partial class WriteTransaction");
        for (int i = 0; i < copies.Count; i++)
        {
            if (i > 0)
                w.Line();
            (QueryMethodModel method, string? reason) = copies[i];
            if (reason is not null)
            {
                Throwing(w, database, method, reason, "PostgreSql.WriteTransaction");
                continue;
            }
            w.Line($"/// <summary><see cref=\"PostgreSql.{method.Name}\"/> in this transaction: it sees the transaction's uncommitted writes, and its own writes are part of it.</summary>");
            w.Line($"{Signature(method, core: false)} =>");
            w.Line($"    {Call(method, "_transaction")};");
        }
        w.Close();
    }

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
    /// The method callers call (<paramref name="core"/> false: the declaration's signature, forwarding to the core) or its
    /// core: private, static, <c>async</c> where it awaits or is an async iterator, taking the source it runs on first
    /// (the database or a write transaction).
    /// </summary>
    private static string Signature(QueryMethodModel method, bool core)
    {
        bool iterator = method.IsAsync && method.Shape == QueryReturnShape.Stream;
        IEnumerable<string> parameters = method.Parameters.Select(p =>
            (core && iterator && p.IsCancellationToken ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " : "") + $"{p.Type.TypeName} {p.Identifier}");
        if (!core)
            return $"{Accessibility(method)} {method.ReturnTypeName} {method.Name}({string.Join(", ", parameters)})";
        // "connection", a name a query parameter cannot have (QueryParser.ReservedNames), as SQLite's core names its connection.
        return $"private static {(method.IsAsync ? "async " : "")}{method.ReturnTypeName} {method.Name}Core({string.Join(", ", parameters.Prepend($"{Runtime}.PostgreSqlSource connection"))})";
    }

    /// <summary>The call of the core on <paramref name="source"/>, with the method's arguments.</summary>
    private static string Call(QueryMethodModel method, string source) =>
        $"{method.Name}Core({string.Join(", ", method.Parameters.Select(p => p.Identifier).Prepend(source))})";

    /// <summary>The declaration's accessibility without <c>protected</c>, which a member of the sealed PostgreSQL class cannot have (CS0628).</summary>
    private static string Accessibility(QueryMethodModel method) => method.Accessibility switch
    {
        "protected internal" => "internal",
        "protected" or "private protected" => "private",
        var other => other,
    };

    /// <param name="owner">The class the method is on, after the database's name: <c>PostgreSql</c> or <c>PostgreSql.WriteTransaction</c>.</param>
    private static void Throwing(SourceWriter w, DatabaseModel database, QueryMethodModel method, string reason, string owner)
    {
        string message = $"[Query] {database.TypeName}.{owner}.{method.Name} was not generated: {reason}. Fix the error the build reports and rebuild.";
        w.Line($"// [Query] not generated for PostgreSQL: {SourceWriter.CommentText(reason)}.");
        string parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Modifiers}{p.Type.TypeName} {p.Identifier}"));
        w.Line($"{Accessibility(method)} {method.ReturnTypeName} {method.Name}({parameters}) =>");
        w.Line($"    throw new global::System.InvalidOperationException({SourceWriter.Literal(message)});");
    }

    private static string Token(QueryMethodModel method) =>
        method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Identifier ?? "default";

    private static void Method(SourceWriter w, IReadOnlyList<EntityModel> tables, PostgreSqlQuery query)
    {
        BoundQuery bound = query.Query;
        QueryMethodModel method = bound.Method;
        bool async = method.IsAsync;
        string token = Token(method);
        w.Line($"private const string {Field(method)} = {SourceWriter.Literal(query.Sql!)};");
        if (bound.IsWrite && bound.Shape is QueryReturnShape.Void or QueryReturnShape.RowsChanged)
        {
            // The table a refused row is named in (its key columns, for the error's message).
            EntityModel? target = tables.FirstOrDefault(t => string.Equals(t.TableName, bound.TargetTable, System.StringComparison.OrdinalIgnoreCase));
            string keys = target is null ? "" : string.Join(", ", target.KeyColumns().Select(k => target.TableName + "." + k.ColumnName));
            w.Line($"private static readonly {Runtime}.PostgreSqlTable s_{DatabaseEmitter.Field(method.Name)}Table = new({SourceWriter.Literal(target?.TableName ?? bound.TargetTable ?? "")}, {SourceWriter.Literal(keys)});");
        }
        w.Line();
        w.Line($"// [Query] on PostgreSQL{(method.PostgreSqlSql is null ? "" : " ([PostgreSqlQuery])")}: {SourceWriter.CommentText(query.Sql!)}");
        w.Line($"{Signature(method, core: false)} =>");
        w.Line($"    {Call(method, "_database")};");
        w.Line();
        w.Line("// On the database (a connection of its data source) or on a write transaction (its connection, inside it).");
        w.Open(Signature(method, core: true));
        bool readsRows = bound.Shape is not (QueryReturnShape.Void or QueryReturnShape.RowsChanged);
        string lease = bound.IsWrite ? "Writer" : "Reader";
        w.Line(async
            ? $"await using var lease = await connection.Rent{lease}Async({token}).ConfigureAwait(false);"
            : $"using var lease = connection.Rent{lease}();");
        if (!readsRows)
        {
            // A write without RETURNING: through the lease's write, which turns a refused row into SqliteGen's errors.
            w.Line($"var statement = lease.Statement({Field(method)});");
            Bind(w, query, "statement.Parameters");
            string table = "s_" + DatabaseEmitter.Field(method.Name) + "Table";
            string run = async
                ? $"await lease.ExecuteAsync({table}, {SourceWriter.Literal("Query " + method.Name)}, {token}).ConfigureAwait(false)"
                : $"lease.Execute({table}, {SourceWriter.Literal("Query " + method.Name)})";
            w.Line(bound.Shape == QueryReturnShape.Void ? run + ";" : $"return {run};");
            w.Close();
            return;
        }
        w.Line($"{(async ? "await " : "")}using var command = lease.Command({Field(method)});");
        Bind(w, query, "command.Parameters");
        w.Line(async
            ? $"await using var row = await lease.ExecuteReaderAsync(command, {token}).ConfigureAwait(false);"
            : "using var row = lease.ExecuteReader(command);");
        string read = async ? $"await row.ReadAsync({token}).ConfigureAwait(false)" : "row.Read()";
        Body(w, query, read);
        w.Close();
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

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
        bool first = true;
        foreach (PostgreSqlQuery query in queries)
        {
            if (!first)
                w.Line();
            first = false;
            if (query.Sql is null)
                Throwing(w, database, query.Query.Method, $"SqliteGen reported {query.BlockingIds} for its PostgreSQL SQL");
            else
                Method(w, tables, query);
        }
        foreach (UnavailableQuery query in unavailable)
        {
            if (!first)
                w.Line();
            first = false;
            Throwing(w, database, query.Method, query.Reason);
        }
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

    /// <summary>Names the PostgreSQL class or the interface already has: a query of one of them stays SQLite's.</summary>
    private static readonly string[] Taken = { "Open", "OpenAsync", "DataSource", "CreateSchemaSql", "BeginWrite", "BeginWriteAsync", "Write", "WriteAsync", "Dispose", "DisposeAsync", "WriteTransaction", "PostgreSql" };

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

    private static string Signature(QueryMethodModel method, bool async)
    {
        bool iterator = method.IsAsync && method.Shape == QueryReturnShape.Stream;
        string parameters = string.Join(", ", method.Parameters.Select(p =>
            (iterator && p.IsCancellationToken ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " : "") + $"{p.Type.TypeName} {p.Identifier}"));
        return $"{Accessibility(method)} {(async ? "async " : "")}{method.ReturnTypeName} {method.Name}({parameters})";
    }

    /// <summary>The declaration's accessibility without <c>protected</c>, which a member of the sealed PostgreSQL class cannot have (CS0628).</summary>
    private static string Accessibility(QueryMethodModel method) => method.Accessibility switch
    {
        "protected internal" => "internal",
        "protected" or "private protected" => "private",
        var other => other,
    };

    private static void Throwing(SourceWriter w, DatabaseModel database, QueryMethodModel method, string reason)
    {
        string message = $"[Query] {database.TypeName}.PostgreSql.{method.Name} was not generated: {reason}. Fix the error the build reports and rebuild.";
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
        w.Open(Signature(method, async));
        bool readsRows = bound.Shape is not (QueryReturnShape.Void or QueryReturnShape.RowsChanged);
        string lease = bound.IsWrite ? "Writer" : "Reader";
        w.Line(async
            ? $"await using var lease = await _database.Rent{lease}Async({token}).ConfigureAwait(false);"
            : $"using var lease = _database.Rent{lease}();");
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

using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The interfaces application code writes against to run on either engine: <c>IShopDb</c> (the database: its shared
/// tables and write transactions), <c>ShopDb.IOrdersTable</c> per table (the accessor methods) and
/// <c>ShopDb.IWriteTransaction</c>; and SQLite's side of them: the generated SQLite classes implement them (their
/// public members already match; the database and transaction add explicit implementations where a type differs).
/// The PostgreSQL classes (<see cref="PgDatabaseEmitter"/>) implement the same interfaces. Emitted only with the
/// PostgreSQL target (a project referencing SqliteGen.PostgreSql), so a SQLite-only project's code is as before.
/// </summary>
/// <remarks>
/// The table interfaces carry the searches too (<c>Search</c>, <c>Nearest…</c>, <c>HybridSearch…</c>); a vector
/// filter is the SQLite accessor's <c>NearestFilter</c>, which the PostgreSQL class takes as well. The database
/// interface and the transaction's carry ad-hoc SQL (<c>Sql</c>, <c>IDatabaseSql</c>) and the public [Query] methods. A
/// <c>[SqliteQueries]</c> class is not on them: it takes the database interface in a constructor of its own and the
/// transaction interface in its overloads (<see cref="PgQueryEmitter.EmitQueryClass"/>). What the interfaces leave out
/// is what runs on SQLite only, maintenance; the tenant views are each engine's own classes (docs/tenancy.md).
/// </remarks>
internal static class InterfaceEmitter
{
    /// <summary>The database interface's name: <c>IShopDb</c>.</summary>
    public static string DatabaseInterface(DatabaseModel database) => "I" + database.TypeName;

    /// <summary>A table interface's name, nested in the database class: <c>IOrdersTable</c>.</summary>
    public static string TableInterface(EntityModel table) => "I" + table.AccessorName + "Table";

    public const string TransactionInterface = "IWriteTransaction";

    /// <summary>The tables the database and its write transaction cover: the shared ones (tenant-scoped tables are reached through a tenant view).</summary>
    public static List<EntityModel> Shared(IEnumerable<EntityModel> tables) => tables.Where(t => t.Tenancy == TenantScope.None).ToList();

    /// <summary>Public when the database and every shared table are (a public interface cannot hand out an internal one).</summary>
    public static string Accessibility(DatabaseModel database, IEnumerable<EntityModel> shared) =>
        database.Accessibility == "public" && shared.All(t => t.IsPublic) ? "public" : "internal";

    public static string Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables)
    {
        List<EntityModel> shared = Shared(tables);
        string name = database.TypeName;
        string face = DatabaseInterface(database);
        string access = Accessibility(database, shared);
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);

        w.Line("/// <summary>");
        w.Line($"/// {name} on either engine: <see cref=\"{name}\"/> (SQLite) and <see cref=\"{name}.PostgreSql\"/> (PostgreSQL) implement it,");
        w.Line("/// so code written against it runs unchanged on both. Open one with <c>Open</c> or <c>OpenPostgreSql</c>.");
        w.Line("/// </summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{access} interface {face} : global::System.IDisposable, global::System.IAsyncDisposable");
        foreach (EntityModel table in shared)
        {
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table (<see cref=\"{DatabaseEmitter.Cref(table.FullyQualifiedName)}\"/> rows).</summary>");
            w.Line($"{name}.{TableInterface(table)} {table.AccessorName} {{ get; }}");
            w.Line();
        }
        string tx = $"{name}.{TransactionInterface}";
        w.Lines($$"""
            /// <summary>Ad-hoc SQL: named parameters, rows read as this database's entities or as scalars (docs/queries.md, "Ad-hoc SQL").</summary>
            global::SqliteGen.IDatabaseSql Sql { get; }

            /// <summary>Starts a write transaction; disposing it without <c>Commit</c> rolls everything back.</summary>
            {{tx}} BeginWrite();

            /// <inheritdoc cref="BeginWrite"/>
            {{ValueTask}}<{{tx}}> BeginWriteAsync({{TokenParameter}});

            /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls it back.</summary>
            void Write(global::System.Action<{{tx}}> work);

            /// <summary>Runs <paramref name="work"/> in one write transaction, commits it and returns its result; an exception rolls it back.</summary>
            TResult Write<TResult>(global::System.Func<{{tx}}, TResult> work);

            /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls it back.</summary>
            {{ValueTask}} WriteAsync(global::System.Func<{{tx}}, {{Token}}, {{ValueTask}}> work, {{TokenParameter}});
            """);
        foreach (QueryMethodModel query in PgQueryEmitter.OnInterface(database, shared))
        {
            w.Line();
            w.Line($"/// <summary>The [Query] method <c>{query.Name}</c>: on PostgreSQL, its SQL or its [PostgreSqlQuery].</summary>");
            QueryDeclaration(w, query);
        }
        w.Close();
        w.Line();

        w.Open($"partial class {name} : {face}");
        // Every table has its interface, tenant-scoped ones too: the accessor of a tenant's Isolated table, and of the
        // tenant's or the base's own rows of a Layered one, has the same methods on both engines.
        foreach (EntityModel table in tables)
        {
            TableInterfaceDeclaration(w, new TableShape(table));
            w.Line();
        }
        w.Line("/// <summary>A write transaction on either engine: its tables read and write inside it.</summary>");
        w.Open($"{access} interface {TransactionInterface} : global::System.IDisposable, global::System.IAsyncDisposable");
        foreach (EntityModel table in shared)
        {
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table, inside this transaction.</summary>");
            w.Line($"{TableInterface(table)} {table.AccessorName} {{ get; }}");
            w.Line();
        }
        w.Lines("""
            /// <summary>Ad-hoc SQL inside this transaction: it sees the transaction's uncommitted writes, and its own writes commit or roll back with it.</summary>
            global::SqliteGen.IDatabaseSql Sql { get; }

            /// <summary>Commits every write of this transaction.</summary>
            void Commit();

            /// <summary>Undoes every write of this transaction.</summary>
            void Rollback();
            """);
        foreach (QueryMethodModel query in PgQueryEmitter.OnInterface(database, shared).Where(PgQueryEmitter.OnTransaction))
        {
            w.Line();
            w.Line($"/// <summary>The [Query] method <c>{query.Name}</c> inside this transaction: it sees the transaction's uncommitted writes, and its own writes are part of it.</summary>");
            QueryDeclaration(w, query);
        }
        w.Close();
        w.Line();

        // SQLite's side: the accessors' public methods are the interface's; the properties' and Write's types differ.
        w.Line($"// {name} (SQLite) as {face}.");
        ExplicitDatabaseMembers(w, face, shared, "WriteTransaction");
        foreach (EntityModel table in tables)
        {
            w.Line();
            w.Line($"partial class {table.AccessorName}Table : {TableInterface(table)}");
            w.Line("{");
            w.Line("}");
        }
        w.Line();
        w.Open($"partial class WriteTransaction : {TransactionInterface}");
        ExplicitTransactionMembers(w, shared);
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The database interface's members that a database class implements explicitly: its table properties (typed as its
    /// own accessor classes) and the write transactions (taking its own transaction class), each forwarding to the
    /// class's public member. <paramref name="transaction"/> is the class's transaction type.
    /// </summary>
    public static void ExplicitDatabaseMembers(SourceWriter w, string face, IEnumerable<EntityModel> shared, string transaction)
    {
        foreach (EntityModel table in shared)
            w.Line($"{TableInterface(table)} {face}.{table.AccessorName} => {table.AccessorName};");
        w.Lines($$"""

            global::SqliteGen.IDatabaseSql {{face}}.Sql => Sql;

            {{TransactionInterface}} {{face}}.BeginWrite() => BeginWrite();

            async {{ValueTask}}<{{TransactionInterface}}> {{face}}.BeginWriteAsync({{Token}} cancellationToken) =>
                await BeginWriteAsync(cancellationToken).ConfigureAwait(false);

            void {{face}}.Write(global::System.Action<{{TransactionInterface}}> work)
            {
                global::System.ArgumentNullException.ThrowIfNull(work);
                Write((global::System.Action<{{transaction}}>)(transaction => work(transaction)));
            }

            TResult {{face}}.Write<TResult>(global::System.Func<{{TransactionInterface}}, TResult> work)
            {
                global::System.ArgumentNullException.ThrowIfNull(work);
                return Write((global::System.Func<{{transaction}}, TResult>)(transaction => work(transaction)));
            }

            {{ValueTask}} {{face}}.WriteAsync(global::System.Func<{{TransactionInterface}}, {{Token}}, {{ValueTask}}> work, {{Token}} cancellationToken)
            {
                global::System.ArgumentNullException.ThrowIfNull(work);
                return WriteAsync((transaction, token) => work(transaction, token), cancellationToken);
            }
            """);
    }

    /// <summary>A [Query] method's declaration on an interface (the database's or the transaction's).</summary>
    private static void QueryDeclaration(SourceWriter w, QueryMethodModel query) =>
        w.Line($"{query.ReturnTypeName} {query.Name}({string.Join(", ", query.Parameters.Select(p => $"{p.Type.TypeName} {p.Identifier}"))});");

    /// <summary>
    /// The transaction interface's members a transaction class implements explicitly, with its own types: the table
    /// properties and <c>Sql</c> (SQLite's <c>DatabaseSql</c>, PostgreSQL's <c>PostgreSqlDatabaseSql</c>).
    /// </summary>
    public static void ExplicitTransactionMembers(SourceWriter w, IEnumerable<EntityModel> shared)
    {
        foreach (EntityModel table in shared)
            w.Line($"{TableInterface(table)} {TransactionInterface}.{table.AccessorName} => {table.AccessorName};");
        w.Line($"global::SqliteGen.IDatabaseSql {TransactionInterface}.Sql => Sql;");
    }

    /// <summary>One table's interface: the accessor methods both engines generate, with the same signatures.</summary>
    private static void TableInterfaceDeclaration(SourceWriter w, TableShape shape)
    {
        EntityModel table = shape.Table;
        string entity = shape.Entity;
        string nullable = entity + "?";
        w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table (<see cref=\"{DatabaseEmitter.Cref(entity)}\"/> rows) on either engine.</summary>");
        w.Open($"{EmitterCommon.AccessorAccessibility(table)} interface {TableInterface(table)}");
        string insertSummary = shape.GeneratedKey is { } key
            ? $"Inserts <paramref name=\"entity\"/> and returns it with the {key.MemberName} the database assigned (the given {key.MemberName} is ignored)."
            : "Inserts <paramref name=\"entity\"/>; a row with the same key or unique value is a <see cref=\"global::SqliteGen.ConstraintViolationException\"/>.";
        Pair(w, insertSummary, shape.InsertReturnType, "Insert", shape.EntityParameter);
        Pair(w, "Inserts every entity in one transaction: all rows or, on any error, none. Returns the number inserted.", "int", "InsertMany", shape.EntitiesParameter);
        Pair(w, "Inserts <paramref name=\"entity\"/>, or updates every column of the row with the same key.", "void", "Upsert", shape.EntityParameter);
        Pair(w, "The row with the given key; a <see cref=\"global::SqliteGen.EntityNotFoundException\"/> when there is none.", entity, "Get", shape.KeyParameters);
        Pair(w, "The row with the given key, or null.", nullable, "Find", shape.KeyParameters);
        if (shape.HasUpdate)
            Pair(w, "Writes every non-key column of <paramref name=\"entity\"/> to the row with its key. Returns false when no row has that key.", "bool", "Update", shape.EntityParameter);
        Pair(w, "Deletes the row with the given key. Returns false when no row has that key.", "bool", "Delete", shape.KeyParameters);
        Pair(w, "The number of rows.", "long", "Count", ParameterList.None);
        w.Line("/// <summary>Every row, streamed: the connection is held until the enumeration ends, so dispose it (foreach does).</summary>");
        w.Line($"global::System.Collections.Generic.IEnumerable<{entity}> All();");
        w.Line();
        w.Line("/// <inheritdoc cref=\"All\"/>");
        w.Line($"global::System.Collections.Generic.IAsyncEnumerable<{entity}> AllAsync({TokenParameter});");
        ImportJson(w);
        foreach (Lookup lookup in shape.Lookups)
        {
            w.Line();
            string where = lookup.Index.Where is null ? "" : $" (rows matching <c>{SourceWriter.DocText(lookup.Index.Where)}</c>, as the partial index does)";
            if (lookup.Index.IsUnique)
                Pair(w, $"The row with these values{where} (unique index <c>{SourceWriter.DocText(lookup.Index.Name)}</c>), or null.", nullable, lookup.Method, lookup.Parameters, last: true);
            else
                Pair(w, $"Every row with these values{where} (index <c>{SourceWriter.DocText(lookup.Index.Name)}</c>).", ReadOnlyList(entity), lookup.Method, lookup.Parameters, last: true);
        }
        SearchMembers(w, shape);
        w.Close();
    }

    /// <summary>
    /// The searches, with the SQLite accessor's signatures (<see cref="SearchFeature"/>), which the PostgreSQL class's
    /// (<see cref="PgSearchEmitter"/>) repeat: <c>Search</c> with <c>[FullText]</c> columns, <c>Nearest…</c> per
    /// <c>[Vector]</c> column, and <c>HybridSearch…</c> with both.
    /// </summary>
    private static void SearchMembers(SourceWriter w, TableShape shape)
    {
        EntityModel table = shape.Table;
        bool fullText = table.Columns.Any(c => c.IsFullText);
        string filter = SearchFeature.FilterColumns(table).Count == 0
            ? ""
            : $", {table.AccessorName}Table.NearestFilter? filter = null"; // the SQLite accessor's (the interface is nested in the database class)
        if (fullText)
        {
            w.Line();
            SearchPair(w, "Up to <paramref name=\"limit\"/> rows whose full-text columns contain any word of <paramref name=\"text\"/>, most relevant first, with their scores (bm25 on SQLite, ts_rank on PostgreSQL).",
                ReadOnlyList($"global::SqliteGen.TextMatch<{shape.Entity}>"), "Search", "string text, int limit");
        }
        foreach (var (vector, suffix) in SearchFeature.VectorSearches(table))
        {
            w.Line();
            SearchPair(w, $"The <paramref name=\"k\"/> rows whose <c>{SourceWriter.DocText(vector.ColumnName)}</c> is nearest to <paramref name=\"query\"/> by {vector.VectorMetric} distance, nearest first, with their distances; rows without a vector are left out.",
                ReadOnlyList($"global::SqliteGen.VectorNeighbor<{shape.Entity}>"), "Nearest" + suffix, "global::System.ReadOnlyMemory<float> query, int k" + filter);
            if (fullText)
            {
                w.Line();
                SearchPair(w, $"The <paramref name=\"k\"/> best rows by reciprocal rank fusion of <c>Search</c> on <paramref name=\"text\"/> and <c>Nearest{suffix}</c> on <paramref name=\"vector\"/>, best first.",
                    ReadOnlyList($"global::SqliteGen.HybridMatch<{shape.Entity}>"), "HybridSearch" + suffix, "string text, global::System.ReadOnlyMemory<float> vector, int k, global::SqliteGen.HybridSearchOptions? options = null");
            }
        }
    }

    /// <summary>A search and its async twin; <paramref name="parameters"/> as declared (defaults included).</summary>
    private static void SearchPair(SourceWriter w, string summary, string returnType, string name, string parameters)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"{returnType} {name}({parameters});");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{name}\"/>");
        w.Line($"{AsyncOf(returnType)} {name}Async({ParameterList.Join(parameters, TokenParameter)});");
    }

    /// <summary>The JSON import, the same on both engines (the SQLite accessor's documentation says what it does).</summary>
    private static void ImportJson(SourceWriter w)
    {
        const string Options = "global::SqliteGen.JsonImportOptions? options = null, global::System.IProgress<global::SqliteGen.ImportProgress>? progress = null";
        w.Line();
        w.Line("/// <summary>Imports a JSON array, newline-delimited JSON or a TinyDB table in batches, each in one transaction; returns what was read, inserted, skipped and failed.</summary>");
        w.Line("/// <exception cref=\"global::SqliteGen.ImportException\">A malformed or invalid record, named by line or document id and field; the batches before it are committed, nothing of its batch.</exception>");
        w.Line($"global::SqliteGen.ImportSummary ImportJson(global::System.IO.Stream json, {Options});");
        w.Line();
        w.Line("/// <inheritdoc cref=\"ImportJson\"/>");
        w.Line($"{AsyncOf("global::SqliteGen.ImportSummary")} ImportJsonAsync(global::System.IO.Stream json, {Options}, {TokenParameter});");
    }

    /// <summary>A method and its async twin (a <c>CancellationToken</c> last), each followed by a blank line unless <paramref name="last"/>.</summary>
    private static void Pair(SourceWriter w, string summary, string returnType, string name, ParameterList parameters, bool last = false)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"{returnType} {name}({parameters.Declaration});");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{name}\"/>");
        w.Line($"{AsyncOf(returnType)} {name}Async({parameters.DeclarationWithToken});");
        if (!last)
            w.Line();
    }
}

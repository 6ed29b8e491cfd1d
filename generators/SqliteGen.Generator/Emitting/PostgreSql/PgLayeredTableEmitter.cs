using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// Emits <c>ShopDb.PostgreSql.{Accessor}LayeredTable</c> for a <c>[TenantScoped(TenantMode.Layered)]</c> entity: the table a
/// PostgreSQL tenant view hands out, with the layered semantics of the SQLite one (<see cref="LayeredTableEmitter"/>, whose
/// write and single-row members it shares): reads take the tenant's row (its schema on its server) first and the base
/// row (the base database) as fallback, a tenant row hiding the base row with the same key; writes go to the tenant.
/// </summary>
/// <remarks>
/// <c>All</c> and <c>Count</c> read the tenant's rows first and keep their keys in a set, so each base row is checked
/// against the set instead of by a lookup on the tenant's server, when the key's C# equality is PostgreSQL's
/// (<see cref="LayeredTableEmitter.CanFilterKeys"/>: ordinal text under <c>COLLATE "C"</c>, integers, GUIDs); other keys
/// are looked up one base row at a time, as SQLite does without its key filter.
/// </remarks>
internal static class PgLayeredTableEmitter
{
    public static string Emit(DatabaseModel database, EntityModel table)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");
        w.Open("partial class PostgreSql");

        var shape = new TableShape(table);
        string entity = shape.Entity;
        string plain = table.AccessorName + "Table";
        string name = table.AccessorName + "LayeredTable";
        IReadOnlyList<ColumnModel> keys = shape.Keys;
        ParameterList keyParameters = shape.KeyParameters;
        string rowKey = shape.KeyOf("row");
        bool keySet = LayeredTableEmitter.CanFilterKeys(keys);
        string keyType = LayeredTableEmitter.KeyType(keys);
        string keyOf = LayeredTableEmitter.KeyValue(keys, rowKey);

        w.Line("/// <summary>");
        w.Line($"/// The <c>{SourceWriter.DocText(table.TableName)}</c> table as one tenant sees it on PostgreSQL: the tenant's own rows (its schema on");
        w.Line("/// its server) first, then the base database's rows whose key the tenant has no row for. Writes go to the tenant; the base");
        w.Line("/// rows change only through <see cref=\"Base\"/>.");
        w.Line("/// </summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{EmitterCommon.AccessorAccessibility(table)} sealed class {name}");
        w.Line($"private readonly {plain} _base;");
        w.Line();
        w.Line("/// <param name=\"tenant\">The tenant's source, or a write transaction on the tenant's schema.</param>");
        w.Line("/// <param name=\"base\">The base database's table.</param>");
        w.Open($"internal {name}(global::SqliteGen.PostgreSql.PostgreSqlSource tenant, {plain} @base)");
        w.Line($"Tenant = new {plain}(tenant);");
        w.Line("_base = @base;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Only the tenant's own rows (its schema), without the base rows.</summary>");
        w.Line($"public {plain} Tenant {{ get; }}");

        LayeredTableEmitter.Delegate(w, "Inserts into the tenant's schema.", shape.InsertReturnType, "Insert", shape.EntityParameter, shape.EntityGuard);
        LayeredTableEmitter.Delegate(w, "Inserts into the tenant's schema, in one transaction.", "int", "InsertMany", shape.EntitiesParameter, guard: null);
        LayeredTableEmitter.Delegate(w, "Inserts or replaces the tenant's row (a base row with the same key is then hidden, not changed).", "void", "Upsert", shape.EntityParameter, shape.EntityGuard);
        if (shape.HasUpdate)
            LayeredTableEmitter.Delegate(w, "Updates the tenant's row; false when the tenant has none with this key (base rows are not changed here).", "bool", "Update", shape.EntityParameter, shape.EntityGuard);
        LayeredTableEmitter.Delegate(w, "Deletes the tenant's row; a base row with the same key shows again. False when the tenant had none.", "bool", "Delete", keyParameters, guard: null);

        w.Line();
        w.Line("/// <summary>The tenant's row with this key, else the base row; a clear error when neither has one.</summary>");
        w.Line($"public {entity} Get({keyParameters.Declaration}) => Tenant.Find({keyParameters.Arguments}) ?? _base.Get({keyParameters.Arguments});");
        w.Line();
        w.Line("/// <inheritdoc cref=\"Get\"/>");
        w.Line($"public async {AsyncOf(entity)} GetAsync({keyParameters.DeclarationWithToken}) =>");
        w.Line($"    await Tenant.FindAsync({keyParameters.ArgumentsWithToken}).ConfigureAwait(false) ?? await _base.GetAsync({keyParameters.ArgumentsWithToken}).ConfigureAwait(false);");
        LayeredTableEmitter.FindOne(w, entity, "Find", keyParameters, "The tenant's row with this key, else the base row, else null.", null);

        foreach (Lookup lookup in shape.Lookups)
        {
            IndexModel index = lookup.Index;
            if (index.IsUnique)
            {
                LayeredTableEmitter.FindOne(w, entity, lookup.Method, lookup.Parameters, $"The tenant's row with these values (unique index <c>{SourceWriter.DocText(index.Name)}</c>), else the base row, else null.", null);
                continue;
            }
            string list = ReadOnlyList(entity);
            string method = lookup.Method;
            LayeredTableEmitter.MergedLookup(w, entity, lookup, $"Tenant.Find({rowKey}) is null");
            w.Line();
            w.Line($"/// <inheritdoc cref=\"{method}\"/>");
            w.Open($"public async {AsyncOf(list)} {method}Async({lookup.Parameters.DeclarationWithToken})");
            w.Line($"var rows = new global::System.Collections.Generic.List<{entity}>(await Tenant.{method}Async({lookup.Parameters.ArgumentsWithToken}).ConfigureAwait(false));");
            w.Open($"foreach ({entity} row in await _base.{method}Async({lookup.Parameters.ArgumentsWithToken}).ConfigureAwait(false))");
            w.Line($"if (await Tenant.FindAsync({rowKey}, cancellationToken).ConfigureAwait(false) is null)");
            w.Line("    rows.Add(row);");
            w.Close();
            w.Line("return rows;");
            w.Close();
        }

        foreach (bool async in new[] { false, true })
        {
            string each = async ? "await foreach" : "foreach";
            string tenantRows = async ? NoContext("Tenant.AllAsync(cancellationToken)") : "Tenant.All()";
            string baseRows = async ? NoContext("_base.AllAsync(cancellationToken)") : "_base.All()";
            w.Line();
            if (async)
            {
                w.Line("/// <inheritdoc cref=\"All\"/>");
                w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {TokenParameter})");
            }
            else
            {
                w.Line("/// <summary>Every row the tenant sees: its own, then the base rows it does not override. Streamed.</summary>");
                w.Open($"public global::System.Collections.Generic.IEnumerable<{entity}> All()");
            }
            if (keySet)
            {
                w.Line($"var tenantKeys = new global::System.Collections.Generic.HashSet<{keyType}>();");
                w.Open($"{each} ({entity} row in {tenantRows})");
                w.Line($"tenantKeys.Add({keyOf});");
                w.Line("yield return row;");
                w.Close();
                w.Open($"{each} ({entity} row in {baseRows})");
                w.Line($"if (!tenantKeys.Contains({keyOf}))");
                w.Line("    yield return row;");
                w.Close();
            }
            else
            {
                w.Line($"{each} ({entity} row in {tenantRows})");
                w.Line("    yield return row;");
                w.Open($"{each} ({entity} row in {baseRows})");
                w.Line(async
                    ? $"if (await Tenant.FindAsync({rowKey}, cancellationToken).ConfigureAwait(false) is null)"
                    : $"if (Tenant.Find({rowKey}) is null)");
                w.Line("    yield return row;");
                w.Close();
            }
            w.Close();
        }

        w.Line();
        w.Line("/// <summary>How many rows <see cref=\"All\"/> returns: the tenant's, plus the base rows it does not override (reads every row of both).</summary>");
        w.Open("public long Count()");
        w.Line("long count = 0;");
        w.Line($"foreach ({entity} row in All())");
        w.Line("    count++;");
        w.Line("return count;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc cref=\"Count\"/>");
        w.Open($"public async {AsyncOf("long")} CountAsync({TokenParameter})");
        w.Line("long count = 0;");
        w.Line($"await foreach ({entity} row in {NoContext("AllAsync(cancellationToken)")})");
        w.Line("    count++;");
        w.Line("return count;");
        w.Close();

        bool fullText = table.Columns.Any(c => c.IsFullText);
        if (fullText)
            Search(w, entity);
        if (PgSearchEmitter.HasVectors(table))
            Vectors(w, database, table, shape, fullText);
        if (fullText || PgSearchEmitter.HasVectors(table))
            ShowsBase(w, entity, rowKey);

        w.Close();
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The layered <c>Search</c> and <c>SearchAsync</c>: the tenant's matches and the base's whose key the tenant has no
    /// row for, merged as SQLite's layered <c>Search</c> merges them (<c>LayeredResults</c>), each side ranked by its own
    /// <c>ts_rank</c>. Whether the tenant has a base match's key is a lookup in the tenant's schema per base match.
    /// </summary>
    private static void Search(SourceWriter w, string entity)
    {
        const string Layered = "global::SqliteGen.Runtime.LayeredResults";
        string[] doc =
        [
            "<summary>",
            "Up to <paramref name=\"limit\"/> matches this tenant sees (its own rows and the base rows it does not override), best first by",
            "<c>ts_rank</c>, the tenant's first on a tie; a tenant row hides the base row with its key even when only the base row matches.",
            "The rows are those SQLite's layered <c>Search</c> finds; the order may differ (docs/tenancy.md).",
            "</summary>",
            "<exception cref=\"global::System.ArgumentException\">The text has no word to search for.</exception>",
            "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"limit\"/> is less than 1.</exception>",
        ];
        PgSearchEmitter.SyncAndAsync(w, ReadOnlyList($"global::SqliteGen.TextMatch<{entity}>"), "Search", "string text, int limit", doc, async =>
        {
            if (async)
            {
                w.Line($"var shared = await {Layered}.VisibleBaseAsync(want => _base.SearchAsync(text, want, cancellationToken), m => ShowsBaseAsync(m.Item, cancellationToken), limit).ConfigureAwait(false);");
                w.Line($"return {Layered}.Merge(await Tenant.SearchAsync(text, limit, cancellationToken).ConfigureAwait(false), shared, m => m.Score, limit);");
            }
            else
            {
                w.Line($"var shared = {Layered}.VisibleBase(want => _base.Search(text, want), m => ShowsBase(m.Item), limit);");
                w.Line($"return {Layered}.Merge(Tenant.Search(text, limit), shared, m => m.Score, limit);");
            }
        });
    }

    /// <summary>
    /// The layered <c>Nearest…</c> and, with full text, <c>HybridSearch…</c> (and their async forms), as SQLite's layered
    /// table has them (<see cref="SearchFeature.LayeredMethods"/>): the tenant's nearest rows (the resident index of its
    /// schema, kept by the directory) and the base's whose key the tenant has no row for, merged by distance with
    /// <c>LayeredResults</c>; the hybrid search fuses the layered rankings with <c>LayeredResults.Fuse</c>, the same code
    /// as SQLite's.
    /// </summary>
    private static void Vectors(SourceWriter w, DatabaseModel database, EntityModel table, TableShape shape, bool fullText)
    {
        const string Layered = "global::SqliteGen.Runtime.LayeredResults";
        const string Memory = "global::System.ReadOnlyMemory<float>";
        string entity = shape.Entity;
        bool filtered = SearchFeature.FilterColumns(table).Count > 0;
        string filterParameter = filtered ? $", {database.TypeName}.{table.AccessorName}Table.NearestFilter? filter = null" : "";
        string filterArgument = filtered ? ", filter" : "";
        foreach (var (vector, suffix) in SearchFeature.VectorSearches(table))
        {
            string name = "Nearest" + suffix;
            string[] doc =
            [
                "<summary>",
                $"The <paramref name=\"k\"/> rows nearest to <paramref name=\"query\"/> by <c>{SourceWriter.DocText(vector.ColumnName)}</c> that this tenant sees (its own rows and the base rows",
                "it does not override; a tenant row hides the base row with its key even when only the base row is near), nearest first,",
                "the tenant's first at equal distance. The tenant's come from the resident index of its schema, kept current from its change log.",
                "</summary>",
            ];
            PgSearchEmitter.SyncAndAsync(w, ReadOnlyList($"global::SqliteGen.VectorNeighbor<{entity}>"), name, $"{Memory} query, int k{filterParameter}", doc, async =>
            {
                if (async)
                {
                    w.Line($"var shared = await {Layered}.VisibleBaseAsync(want => _base.{name}Async(query, want{filterArgument}, cancellationToken), n => ShowsBaseAsync(n.Item, cancellationToken), k).ConfigureAwait(false);");
                    w.Line($"return {Layered}.Merge(await Tenant.{name}Async(query, k{filterArgument}, cancellationToken).ConfigureAwait(false), shared, n => -n.Distance, k);");
                }
                else
                {
                    w.Line($"var shared = {Layered}.VisibleBase(want => _base.{name}(query, want{filterArgument}), n => ShowsBase(n.Item), k);");
                    w.Line($"return {Layered}.Merge(Tenant.{name}(query, k{filterArgument}), shared, n => -n.Distance, k);");
                }
            });
        }
        if (!fullText)
            return;
        foreach (var (_, suffix) in SearchFeature.VectorSearches(table))
        {
            string[] doc =
            [
                "<summary>",
                $"The layered <see cref=\"Search\"/> and <see cref=\"Nearest{suffix}\"/> rankings fused by reciprocal rank fusion (weights and",
                "constant from <paramref name=\"options\"/>, else the base database's), best first; equal scores in the order first found.",
                "</summary>",
            ];
            string parameters = $"string text, {Memory} vector, int k, global::SqliteGen.HybridSearchOptions? options = null";
            string key = $"row => {shape.KeyValueOf("row")}";
            PgSearchEmitter.SyncAndAsync(w, ReadOnlyList($"global::SqliteGen.HybridMatch<{entity}>"), "HybridSearch" + suffix, parameters, doc, async =>
            {
                w.Line(async
                    ? $"return await {Layered}.FuseAsync<{entity}, {shape.KeyType}>(limit => SearchAsync(text, limit, cancellationToken), limit => Nearest{suffix}Async(vector, limit, cancellationToken: cancellationToken), {key}, k, options ?? _base.HybridOptions).ConfigureAwait(false);"
                    : $"return {Layered}.Fuse<{entity}, {shape.KeyType}>(limit => Search(text, limit), limit => Nearest{suffix}(vector, limit), {key}, k, options ?? _base.HybridOptions);");
            });
        }
    }

    /// <summary>Whether the tenant has a row with a base row's key: a lookup in the tenant's schema.</summary>
    private static void ShowsBase(SourceWriter w, string entity, string rowKey)
    {
        w.Line();
        w.Line("/// <summary>Whether the tenant has no row with <paramref name=\"row\"/>'s key, so that base row shows.</summary>");
        w.Line($"private bool ShowsBase({entity} row) => Tenant.Find({rowKey}) is null;");
        w.Line();
        w.Line("/// <inheritdoc cref=\"ShowsBase\"/>");
        w.Line($"private async {AsyncOf("bool")} ShowsBaseAsync({entity} row, {Token} cancellationToken) => await Tenant.FindAsync({rowKey}, cancellationToken).ConfigureAwait(false) is null;");
    }

    /// <summary>An async sequence enumerated without the caller's synchronization context.</summary>
    private static string NoContext(string sequence) =>
        $"global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait({sequence}, false)";
}

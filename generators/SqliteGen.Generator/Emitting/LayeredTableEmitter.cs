using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits <c>{Accessor}LayeredTable</c> for a <c>[TenantScoped(TenantMode.Layered)]</c> entity: the table a
/// tenant view hands out. Reads look in the tenant's file first and fall back to the shared base file (a
/// tenant row hides the base row with the same key); writes go to the tenant's file only.
/// </summary>
internal static class LayeredTableEmitter
{
    private const string Token = "global::System.Threading.CancellationToken";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    public static string Emit(DatabaseModel database, EntityModel table, ISqlDialect dialect)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");

        string entity = table.FullyQualifiedName;
        string plain = table.AccessorName + "Table";
        string name = table.AccessorName + "LayeredTable";
        List<ColumnModel> keys = EmitterCommon.Keys(table);
        string keyParameters = string.Join(", ", keys.Select(k => $"{k.NonNullableTypeName} {Naming.ToParameterName(k.MemberName)}"));
        string keyArguments = string.Join(", ", keys.Select(k => Naming.ToParameterName(k.MemberName)));
        string rowKey = string.Join(", ", keys.Select(k => "row." + k.Member()));
        bool returnsEntity = keys.Count == 1 && keys[0].GeneratedKey;
        string guard = table.IsValueType ? "" : "global::System.ArgumentNullException.ThrowIfNull(entity); ";
        bool filtered = CanFilterKeys(keys);
        string keyType = keys.Count == 1 ? keys[0].NonNullableTypeName : "(" + string.Join(", ", keys.Select(k => k.NonNullableTypeName)) + ")";
        string keyOf = keys.Count == 1 ? "row." + keys[0].Member() : "(" + rowKey + ")";
        string keyOfArguments = keys.Count == 1 ? keyArguments : "(" + keyArguments + ")";
        // "The tenant has no such row" without a lookup, when the key filter says so (see TenantKeyFilter).
        string? mayHave = filtered ? $"_tenantKeys.MayContain({keyOfArguments})" : null;
        string lacksRow = filtered ? $"!_tenantKeys.MayContain({keyOf}) || Tenant.Find({rowKey}) is null" : $"Tenant.Find({rowKey}) is null";
        string lacksRowAsync = (filtered ? $"!_tenantKeys.MayContain({keyOf}) || " : "") + $"await Tenant.FindAsync({rowKey}, cancellationToken).ConfigureAwait(false) is null";

        w.Line("/// <summary>");
        w.Line($"/// The <c>{table.TableName}</c> table as one tenant sees it: the tenant's own rows first, then the shared");
        w.Line("/// base rows whose key the tenant has no row for. Writes go to the tenant's file; the base rows change only");
        w.Line($"/// through <see cref=\"{database.TypeName}.Base\"/>.");
        w.Line("/// </summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{EmitterCommon.AccessorAccessibility(table)} sealed class {name}");
        if (filtered)
        {
            w.Line($"private static readonly global::SqliteGen.Runtime.Statement s_tenantKeys = new({SourceWriter.Literal(dialect.SelectKeys(table))});");
            w.Line();
            w.Line($"private readonly global::SqliteGen.Runtime.TenantKeyFilter<{keyType}> _tenantKeys;");
        }
        w.Line($"private readonly {plain} _base;");
        w.Line("private readonly global::SqliteGen.SqliteGenOptions _options;");
        w.Line();
        w.Line("/// <param name=\"tenant\">The tenant's pool, or a write transaction on it.</param>");
        w.Line("/// <param name=\"base\">The base file's table.</param>");
        w.Line("/// <param name=\"options\">The database's options.</param>");
        w.Open($"internal {name}(global::SqliteGen.Runtime.ConnectionSource tenant, {plain} @base, global::SqliteGen.SqliteGenOptions options)");
        w.Line($"Tenant = new {plain}(tenant);");
        if (filtered)
        {
            string readKey = keys.Count == 1
                ? ValueCode.FromStorage(keys[0], "row", 0)
                : "(" + string.Join(", ", keys.Select((k, i) => ValueCode.FromStorage(k, "row", i))) + ")";
            w.Line($"_tenantKeys = global::SqliteGen.Runtime.TenantKeyFilter<{keyType}>.For(tenant, {SourceWriter.Literal(table.TableName)}, s_tenantKeys, static row => {readKey});");
        }
        w.Line("_base = @base;");
        w.Line("_options = options;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Only the tenant's own rows (its file), without the base rows.</summary>");
        w.Line($"public {plain} Tenant {{ get; }}");

        // Writes: the tenant's file.
        string insertReturn = returnsEntity ? entity : "void";
        Delegate(w, "Inserts into the tenant's file.", insertReturn, "Insert", $"{entity} entity", "entity", guard);
        Delegate(w, "Inserts into the tenant's file, in one transaction.", "int", "InsertMany", $"global::System.Collections.Generic.IEnumerable<{entity}> entities", "entities", "");
        Delegate(w, "Inserts or replaces the tenant's row (a base row with the same key is then hidden, not changed).", "void", "Upsert", $"{entity} entity", "entity", guard);
        if (table.Columns.Any(c => !c.IsPrimaryKey))
            Delegate(w, "Updates the tenant's row; false when the tenant has none with this key (base rows are not changed here).", "bool", "Update", $"{entity} entity", "entity", guard);
        Delegate(w, "Deletes the tenant's row; a base row with the same key shows again. False when the tenant had none.", "bool", "Delete", keyParameters, keyArguments, "");

        // Single-row reads: tenant, then base.
        w.Line();
        w.Line("/// <summary>The tenant's row with this key, else the base row; a clear error when neither has one.</summary>");
        w.Line($"public {entity} Get({keyParameters}) => {TenantFirst(mayHave, $"Tenant.Find({keyArguments})")} ?? _base.Get({keyArguments});");
        w.Line();
        w.Line("/// <inheritdoc cref=\"Get\"/>");
        w.Line($"public async {ValueTask}<{entity}> GetAsync({WithToken(keyParameters)}) =>");
        w.Line($"    {TenantFirst(mayHave, $"await Tenant.FindAsync({keyArguments}{Comma(keyArguments)}cancellationToken).ConfigureAwait(false)")} ?? await _base.GetAsync({keyArguments}{Comma(keyArguments)}cancellationToken).ConfigureAwait(false);");
        FindOne(w, entity, "Find", keyParameters, keyArguments, "The tenant's row with this key, else the base row, else null.", mayHave);

        foreach ((IndexModel index, string method) in TableEmitter.Lookups(table))
        {
            List<ColumnModel> columns = index.Members.Select(m => table.Columns.First(c => c.MemberName == m)).ToList();
            string parameters = string.Join(", ", columns.Select(c => $"{c.TypeName} {Naming.ToParameterName(c.MemberName)}"));
            string arguments = string.Join(", ", columns.Select(c => Naming.ToParameterName(c.MemberName)));
            if (index.IsUnique)
            {
                FindOne(w, entity, method, parameters, arguments, $"The tenant's row with these values (unique index <c>{index.Name}</c>), else the base row, else null.", null);
                continue;
            }
            string list = $"global::System.Collections.Generic.IReadOnlyList<{entity}>";
            w.Line();
            w.Line($"/// <summary>The tenant's rows with these values (index <c>{index.Name}</c>), then the base rows the tenant does not override.</summary>");
            w.Open($"public {list} {method}({parameters})");
            w.Line($"var rows = new global::System.Collections.Generic.List<{entity}>(Tenant.{method}({arguments}));");
            w.Open($"foreach ({entity} row in _base.{method}({arguments}))");
            w.Line($"if ({lacksRow})");
            w.Line("    rows.Add(row);");
            w.Close();
            w.Line("return rows;");
            w.Close();
            w.Line();
            w.Line($"/// <inheritdoc cref=\"{method}\"/>");
            w.Line($"public {ValueTask}<{list}> {method}Async({WithToken(parameters)})");
            w.Line("{");
            w.Line("    cancellationToken.ThrowIfCancellationRequested();");
            w.Line($"    return new({method}({arguments})); // Microsoft.Data.Sqlite reads synchronously; this completes synchronously too");
            w.Line("}");
        }

        // Whole-table reads.
        w.Line();
        w.Line("/// <summary>Every row the tenant sees: its own, then the base rows it does not override. Streamed.</summary>");
        w.Open($"public global::System.Collections.Generic.IEnumerable<{entity}> All()");
        w.Line($"foreach ({entity} row in Tenant.All())");
        w.Line("    yield return row;");
        w.Open($"foreach ({entity} row in _base.All())");
        w.Line($"if ({lacksRow})");
        w.Line("    yield return row;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc cref=\"All\"/>");
        w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {Token} cancellationToken = default)");
        w.Line($"await foreach ({entity} row in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(Tenant.AllAsync(cancellationToken), false))");
        w.Line("    yield return row;");
        w.Open($"await foreach ({entity} row in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(_base.AllAsync(cancellationToken), false))");
        w.Line($"if ({lacksRowAsync})");
        w.Line("    yield return row;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>How many rows <see cref=\"All\"/> returns: the tenant's, plus the base rows it does not override (reads every base key).</summary>");
        w.Open("public long Count()");
        w.Line("long count = Tenant.Count();");
        w.Open($"foreach ({entity} row in _base.All())");
        w.Line($"if ({lacksRow})");
        w.Line("    count++;");
        w.Close();
        w.Line("return count;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc cref=\"Count\"/>");
        w.Open($"public {ValueTask}<long> CountAsync({Token} cancellationToken = default)");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("return new(Count()); // Microsoft.Data.Sqlite reads synchronously; this completes synchronously too");
        w.Close();

        Searches(w, table, plain, keyType, keyOf, lacksRow);

        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// Layered <c>Nearest…</c> and <c>Search</c>: the tenant's matches and the base's, merged by distance (or score),
    /// with base rows the tenant overrides left out. Base results are asked for in growing batches until enough
    /// of them are not overridden (or the base has no more).
    /// </summary>
    private static void Searches(SourceWriter w, EntityModel table, string plain, string keyType, string keyOf, string lacksRow)
    {
        string entity = table.FullyQualifiedName;
        List<ColumnModel> vectors = table.Columns.Where(c => c.Kind == ValueKind.Vector).ToList();
        var indexed = new HashSet<string>(table.Indexes.SelectMany(i => i.Members));
        bool hasFilter = table.Columns.Any(c => indexed.Contains(c.MemberName) && c.Kind is not (ValueKind.Json or ValueKind.Bytes or ValueKind.Vector));
        foreach (ColumnModel vector in vectors)
        {
            string name = "Nearest" + (vectors.Count == 1 ? "" : "By" + vector.MemberName);
            string result = $"global::SqliteGen.VectorNeighbor<{entity}>";
            string filterParameter = hasFilter ? $", {plain}.NearestFilter? filter = null" : "";
            string filterArgument = hasFilter ? ", filter" : "";
            w.Line();
            w.Line($"/// <summary>The <paramref name=\"k\"/> nearest rows this tenant sees (its own and the base rows it does not override), nearest first; at equal distance its own first.</summary>");
            w.Open($"public global::System.Collections.Generic.IReadOnlyList<{result}> {name}(global::System.ReadOnlyMemory<float> query, int k{filterParameter})");
            w.Line($"var shared = VisibleBase(want => _base.{name}(query, want{filterArgument}), n => n.Item, k);");
            w.Line($"return Merge(Tenant.{name}(query, k{filterArgument}), shared, n => -n.Distance, k);");
            w.Close();
        }
        if (table.Columns.Any(c => c.IsFullText))
        {
            string result = $"global::SqliteGen.TextMatch<{entity}>";
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Up to <paramref name=\"limit\"/> matches this tenant sees (its own and the base rows it does not override), best first.");
            w.Line("/// Each file ranks by its own full-text index, so scores from the two files are close to, not exactly, comparable.");
            w.Line("/// </summary>");
            w.Open($"public global::System.Collections.Generic.IReadOnlyList<{result}> Search(string text, int limit)");
            w.Line("var shared = VisibleBase(want => _base.Search(text, want), m => m.Item, limit);");
            w.Line("return Merge(Tenant.Search(text, limit), shared, m => m.Score, limit);");
            w.Close();
        }
        if (table.Columns.Any(c => c.IsFullText))
        {
            foreach (ColumnModel vector in vectors)
            {
                string suffix = vectors.Count == 1 ? "" : "By" + vector.MemberName;
                string result = $"global::SqliteGen.HybridMatch<{entity}>";
                w.Line();
                w.Line("/// <summary>");
                w.Line($"/// The layered <see cref=\"Search\"/> and <see cref=\"Nearest{suffix}\"/> rankings fused by reciprocal rank fusion (weights and");
                w.Line("/// constant from <paramref name=\"options\"/>, else the database's), best first; equal scores in the order first found.");
                w.Line("/// </summary>");
                w.Open($"public global::System.Collections.Generic.IReadOnlyList<{result}> HybridSearch{suffix}(string text, global::System.ReadOnlyMemory<float> vector, int k, global::SqliteGen.HybridSearchOptions? options = null)");
                w.Line("options ??= _options.HybridSearch;");
                w.Line("int candidates = global::SqliteGen.Runtime.RankFusion.Candidates(options, k);");
                w.Line("// Rows come from two files, so rowids can collide: each row gets an id from its key instead.");
                w.Line($"var ids = new global::System.Collections.Generic.Dictionary<{keyType}, long>();");
                w.Line($"var rows = new global::System.Collections.Generic.List<{entity}>();");
                w.Open($"long IdOf({entity} row)");
                w.Open($"if (!ids.TryGetValue({keyOf}, out long id))");
                w.Line($"ids.Add({keyOf}, id = rows.Count);");
                w.Line("rows.Add(row);");
                w.Close();
                w.Line("return id;");
                w.Close();
                w.Line("var textRanking = new global::System.Collections.Generic.List<long>();");
                w.Line("if (options.TextWeight > 0)");
                w.Line("    foreach (var match in Search(text, candidates)) textRanking.Add(IdOf(match.Item));");
                w.Line("var vectorRanking = new global::System.Collections.Generic.List<long>();");
                w.Line("if (options.VectorWeight > 0)");
                w.Line($"    foreach (var neighbor in Nearest{suffix}(vector, candidates)) vectorRanking.Add(IdOf(neighbor.Item));");
                w.Line($"var fused = new global::System.Collections.Generic.List<{result}>(k);");
                w.Line("foreach (global::SqliteGen.Runtime.FusedRank rank in global::SqliteGen.Runtime.RankFusion.Fuse(textRanking, vectorRanking, k, options))");
                w.Line("    fused.Add(new(rows[(int)rank.Rowid], rank.Score, rank.TextRank, rank.VectorRank));");
                w.Line("return fused;");
                w.Close();
            }
        }
        if (vectors.Count == 0 && !table.Columns.Any(c => c.IsFullText))
            return;
        w.Line();
        w.Line("/// <summary>Up to <paramref name=\"count\"/> results of <paramref name=\"search\"/> on the base whose row the tenant does not override.</summary>");
        w.Open($"private global::System.Collections.Generic.List<TResult> VisibleBase<TResult>(global::System.Func<int, global::System.Collections.Generic.IReadOnlyList<TResult>> search, global::System.Func<TResult, {entity}> item, int count)");
        w.Open("for (int want = count; ; want = global::System.Math.Min(4096, want * 2))");
        w.Line("global::System.Collections.Generic.IReadOnlyList<TResult> found = search(want);");
        w.Line("var visible = new global::System.Collections.Generic.List<TResult>(found.Count);");
        w.Open("foreach (TResult result in found)");
        w.Line($"{entity} row = item(result);");
        w.Line($"if ({lacksRow})");
        w.Line("    visible.Add(result);");
        w.Close();
        w.Line("if (visible.Count >= count || found.Count < want || want == 4096)");
        w.Line("    return visible;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>The first <paramref name=\"count\"/> of two lists each sorted best first by <paramref name=\"goodness\"/>; on a tie the tenant's result first.</summary>");
        w.Open("private static global::System.Collections.Generic.List<TResult> Merge<TResult>(global::System.Collections.Generic.IReadOnlyList<TResult> own, global::System.Collections.Generic.List<TResult> shared, global::System.Func<TResult, double> goodness, int count)");
        w.Line("var merged = new global::System.Collections.Generic.List<TResult>(count);");
        w.Line("int i = 0, j = 0;");
        w.Open("while (merged.Count < count && (i < own.Count || j < shared.Count))");
        w.Line("bool takeOwn = j >= shared.Count || (i < own.Count && goodness(own[i]) >= goodness(shared[j]));");
        w.Line("merged.Add(takeOwn ? own[i++] : shared[j++]);");
        w.Close();
        w.Line("return merged;");
        w.Close();
    }

    private static void Delegate(SourceWriter w, string summary, string returnType, string method, string parameters, string arguments, string guard)
    {
        string call = $"Tenant.{method}({arguments})";
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line(guard.Length == 0
            ? $"public {returnType} {method}({parameters}) => {call};"
            : $"public {returnType} {method}({parameters}) {{ {guard}{(returnType == "void" ? "" : "return ")}{call}; }}");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{method}\"/>");
        string asyncReturn = returnType == "void" ? ValueTask : $"{ValueTask}<{returnType}>";
        w.Line($"public {asyncReturn} {method}Async({WithToken(parameters)}) => Tenant.{method}Async({arguments}{Comma(arguments)}cancellationToken);");
    }

    /// <param name="mayHave">For a lookup by key with the key filter: the test that lets it skip the tenant's file.</param>
    private static void FindOne(SourceWriter w, string entity, string method, string parameters, string arguments, string summary, string? mayHave)
    {
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public {entity}? {method}({parameters}) => {TenantFirst(mayHave, $"Tenant.{method}({arguments})")} ?? _base.{method}({arguments});");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{method}\"/>");
        w.Line($"public async {ValueTask}<{entity}?> {method}Async({WithToken(parameters)}) =>");
        w.Line($"    {TenantFirst(mayHave, $"await Tenant.{method}Async({arguments}{Comma(arguments)}cancellationToken).ConfigureAwait(false)")} ?? await _base.{method}Async({arguments}{Comma(arguments)}cancellationToken).ConfigureAwait(false);");
    }

    /// <summary>The tenant's lookup, skipped (null) when the key filter rules the key out.</summary>
    private static string TenantFirst(string? mayHave, string lookup) => mayHave is null ? lookup : $"({mayHave} ? {lookup} : null)";

    /// <summary>
    /// Whether an in-memory set of the tenant's keys answers "no such row" exactly as SQLite would: the key's C#
    /// equality must never call two keys different that SQLite calls equal (a false "no" would show the base row
    /// instead of the tenant's). Byte arrays compare by reference and collations other than BINARY fold text, so
    /// those tables look the key up every time, and so do decimal and floating-point keys (SQLite may compare them as
    /// REAL, calling two different C# values equal); for the others C# equality is at least as coarse as SQLite's.
    /// </summary>
    private static bool CanFilterKeys(List<ColumnModel> keys) =>
        keys.Count is > 0 and <= 7 && keys.All(k =>
            (k.Collate is null || string.Equals(k.Collate, "BINARY", System.StringComparison.OrdinalIgnoreCase)) &&
            k.Kind is ValueKind.Boolean or ValueKind.SByte or ValueKind.Byte or ValueKind.Int16 or ValueKind.UInt16 or ValueKind.Int32
                or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum or ValueKind.EnumText or ValueKind.String or ValueKind.Char
                or ValueKind.Guid or ValueKind.DateTime or ValueKind.DateTimeOffset or ValueKind.DateOnly or ValueKind.TimeOnly
                or ValueKind.TimeSpan);

    private static string WithToken(string parameters) =>
        parameters.Length == 0 ? $"{Token} cancellationToken = default" : $"{parameters}, {Token} cancellationToken = default";

    private static string Comma(string arguments) => arguments.Length == 0 ? "" : ", ";
}

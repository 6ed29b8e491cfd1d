using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits <c>{Accessor}LayeredTable</c> for a <c>[TenantScoped(TenantMode.Layered)]</c> entity: the table a
/// tenant view hands out. Reads look in the tenant's file first and fall back to the shared base file (a
/// tenant row hides the base row with the same key); writes go to the tenant's file only.
/// </summary>
internal static class LayeredTableEmitter
{
    public static string Emit(DatabaseModel database, EntityModel table, ISqlDialect dialect)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {database.TypeName}");

        var shape = new TableShape(table);
        string entity = shape.Entity;
        string plain = table.AccessorName + "Table";
        string name = table.AccessorName + "LayeredTable";
        IReadOnlyList<ColumnModel> keys = shape.Keys;
        ParameterList keyParameters = shape.KeyParameters;
        string rowKey = shape.KeyOf("row");
        bool filtered = CanFilterKeys(keys);
        string keyType = shape.KeyType;
        string keyOf = shape.KeyValueOf("row");
        // The key as one value (a tuple for a composite key), as the filter holds it.
        string keyOfArguments = keys.Count == 1 ? keyParameters.Arguments : "(" + keyParameters.Arguments + ")";
        // "The tenant has no such row" without a lookup, when the key filter says so (see TenantKeyFilter).
        string? mayHave = filtered ? $"_tenantKeys.MayContain({keyOfArguments})" : null;
        string lacksRow = filtered ? $"!_tenantKeys.MayContain({keyOf}) || Tenant.Find({rowKey}) is null" : $"Tenant.Find({rowKey}) is null";
        string lacksRowAsync = (filtered ? $"!_tenantKeys.MayContain({keyOf}) || " : "") + $"await Tenant.FindAsync({rowKey}, cancellationToken).ConfigureAwait(false) is null";

        w.Line("/// <summary>");
        w.Line($"/// The <c>{SourceWriter.DocText(table.TableName)}</c> table as one tenant sees it: the tenant's own rows first, then the shared");
        w.Line("/// base rows whose key the tenant has no row for. Writes go to the tenant's file; the base rows change only");
        w.Line($"/// through <see cref=\"{database.TypeName}.Base\"/>.");
        w.Line("/// </summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"{EmitterCommon.AccessorAccessibility(table)} sealed class {name}");
        if (filtered)
        {
            w.Line($"private static readonly {Statement} s_tenantKeys = new({SourceWriter.Literal(dialect.SelectKeys(table))});");
            w.Line();
            w.Line($"private readonly global::SqliteGen.Runtime.TenantKeyFilter<{keyType}> _tenantKeys;");
        }
        w.Line($"private readonly {plain} _base;");
        w.Line("private readonly global::SqliteGen.SqliteGenOptions _options;");
        w.Line();
        w.Line("/// <param name=\"tenant\">The tenant's pool, or a write transaction on it.</param>");
        w.Line("/// <param name=\"base\">The base file's table.</param>");
        w.Line("/// <param name=\"options\">The database's options.</param>");
        w.Open($"internal {name}({ConnectionSource} tenant, {plain} @base, global::SqliteGen.SqliteGenOptions options)");
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
        Delegate(w, "Inserts into the tenant's file.", shape.InsertReturnType, "Insert", shape.EntityParameter, shape.EntityGuard);
        Delegate(w, "Inserts into the tenant's file, in one transaction.", "int", "InsertMany", shape.EntitiesParameter, guard: null);
        Delegate(w, "Inserts or replaces the tenant's row (a base row with the same key is then hidden, not changed).", "void", "Upsert", shape.EntityParameter, shape.EntityGuard);
        if (shape.HasUpdate)
            Delegate(w, "Updates the tenant's row; false when the tenant has none with this key (base rows are not changed here).", "bool", "Update", shape.EntityParameter, shape.EntityGuard);
        Delegate(w, "Deletes the tenant's row; a base row with the same key shows again. False when the tenant had none.", "bool", "Delete", keyParameters, guard: null);

        // Single-row reads: tenant, then base.
        w.Line();
        w.Line("/// <summary>The tenant's row with this key, else the base row; a clear error when neither has one.</summary>");
        w.Line($"public {entity} Get({keyParameters.Declaration}) => {TenantFirst(mayHave, $"Tenant.Find({keyParameters.Arguments})")} ?? _base.Get({keyParameters.Arguments});");
        w.Line();
        w.Line("/// <inheritdoc cref=\"Get\"/>");
        w.Line($"public async {AsyncOf(entity)} GetAsync({keyParameters.DeclarationWithToken}) =>");
        w.Line($"    {TenantFirst(mayHave, $"await Tenant.FindAsync({keyParameters.ArgumentsWithToken}).ConfigureAwait(false)")} ?? await _base.GetAsync({keyParameters.ArgumentsWithToken}).ConfigureAwait(false);");
        FindOne(w, entity, "Find", keyParameters, "The tenant's row with this key, else the base row, else null.", mayHave);

        foreach (Lookup lookup in shape.Lookups)
        {
            IndexModel index = lookup.Index;
            string method = lookup.Method;
            string parameters = lookup.Parameters.Declaration;
            string arguments = lookup.Parameters.Arguments;
            if (index.IsUnique)
            {
                FindOne(w, entity, method, lookup.Parameters, $"The tenant's row with these values (unique index <c>{SourceWriter.DocText(index.Name)}</c>), else the base row, else null.", null);
                continue;
            }
            string list = ReadOnlyList(entity);
            w.Line();
            w.Line($"/// <summary>The tenant's rows with these values (index <c>{SourceWriter.DocText(index.Name)}</c>), then the base rows the tenant does not override.</summary>");
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
            w.Line($"public {AsyncOf(list)} {method}Async({lookup.Parameters.DeclarationWithToken})");
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
        w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{entity}> AllAsync([global::System.Runtime.CompilerServices.EnumeratorCancellation] {TokenParameter})");
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
        w.Open($"public {AsyncOf("long")} CountAsync({TokenParameter})");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("return new(Count()); // Microsoft.Data.Sqlite reads synchronously; this completes synchronously too");
        w.Close();

        var layered = new LayeredTable(plain, keyType, keyOf, lacksRow);
        foreach (TableFeature feature in TableFeature.For(w, shape, dialect))
            feature.LayeredMethods(layered);

        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>A write, passed to the tenant's table: the sync and async methods, <paramref name="guard"/> (if any) first.</summary>
    private static void Delegate(SourceWriter w, string summary, string returnType, string method, ParameterList parameters, string? guard)
    {
        string call = $"Tenant.{method}({parameters.Arguments})";
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line(guard is null
            ? $"public {returnType} {method}({parameters.Declaration}) => {call};"
            : $"public {returnType} {method}({parameters.Declaration}) {{ {guard} {(returnType == "void" ? "" : "return ")}{call}; }}");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{method}\"/>");
        w.Line($"public {AsyncOf(returnType)} {method}Async({parameters.DeclarationWithToken}) => Tenant.{method}Async({parameters.ArgumentsWithToken});");
    }

    /// <param name="mayHave">For a lookup by key with the key filter: the test that lets it skip the tenant's file.</param>
    private static void FindOne(SourceWriter w, string entity, string method, ParameterList parameters, string summary, string? mayHave)
    {
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public {entity}? {method}({parameters.Declaration}) => {TenantFirst(mayHave, $"Tenant.{method}({parameters.Arguments})")} ?? _base.{method}({parameters.Arguments});");
        w.Line();
        w.Line($"/// <inheritdoc cref=\"{method}\"/>");
        w.Line($"public async {AsyncOf(entity + "?")} {method}Async({parameters.DeclarationWithToken}) =>");
        w.Line($"    {TenantFirst(mayHave, $"await Tenant.{method}Async({parameters.ArgumentsWithToken}).ConfigureAwait(false)")} ?? await _base.{method}Async({parameters.ArgumentsWithToken}).ConfigureAwait(false);");
    }

    /// <summary>The tenant's lookup, skipped (null) when the key filter rules the key out.</summary>
    private static string TenantFirst(string? mayHave, string lookup) => mayHave is null ? lookup : $"({mayHave} ? {lookup} : null)";

    /// <summary>
    /// Whether an in-memory set of the tenant's keys answers "no such row" exactly as SQLite would: the key's C#
    /// equality must never call two keys different that SQLite calls equal (a false "no" would show the base row
    /// instead of the tenant's). Collations other than BINARY fold text, so those tables look the key up every time, and
    /// so do tables with a key of a kind whose C# equality is finer than SQLite's (<see cref="MappedType.KeysCompareAsInSql"/>:
    /// byte arrays compare by reference, SQLite may compare decimal and floating-point keys as REAL).
    /// </summary>
    private static bool CanFilterKeys(IReadOnlyList<ColumnModel> keys) =>
        keys.Count is > 0 and <= 7 && keys.All(k =>
            (k.Collate is null || string.Equals(k.Collate, "BINARY", System.StringComparison.OrdinalIgnoreCase)) &&
            TypeMapping.Of(k.Kind).KeysCompareAsInSql);
}

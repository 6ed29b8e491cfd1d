using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The search half of a table accessor (docs/vectors.md): <c>Nearest</c> per <c>[Vector]</c> column (sqlite-vec in
/// SQL when it loads, else the resident exact index), <c>Search</c> over the FTS5 table of the <c>[FullText]</c>
/// columns, and <c>HybridSearch</c> (reciprocal rank fusion of both) when a table has both; on a layered accessor, the
/// same searches over the tenant's rows and the base rows it does not override.
/// </summary>
internal sealed class SearchFeature : TableFeature
{
    private const string Memory = "global::System.ReadOnlyMemory<float>";
    private const string Runtime = "global::SqliteGen.Runtime";

    private readonly SourceWriter _w;
    private readonly EntityModel _table;
    private readonly ISqlDialect _dialect;
    private readonly string _entity;
    private readonly List<ColumnModel> _vectors;
    private readonly List<ColumnModel> _filters;
    private readonly bool _fullText;

    public SearchFeature(SourceWriter w, TableShape shape, ISqlDialect dialect)
    {
        EntityModel table = shape.Table;
        _w = w;
        _table = table;
        _dialect = dialect;
        _entity = table.FullyQualifiedName;
        _vectors = table.Columns.Where(c => c.Kind == ValueKind.Vector).ToList();
        _fullText = table.Columns.Any(c => c.IsFullText);
        _filters = FilterColumns(table);
    }

    /// <summary>
    /// The columns a <c>NearestFilter</c> filters on: equality on indexed columns (an index serves them), in declaration
    /// order. The PostgreSQL table class takes the same filter type (<see cref="PostgreSql.PgSearchEmitter"/>).
    /// </summary>
    public static List<ColumnModel> FilterColumns(EntityModel table)
    {
        var indexed = new HashSet<string>(table.Indexes.SelectMany(i => i.Members));
        return table.Columns.Where(c => indexed.Contains(c.MemberName) && c.Kind is not (ValueKind.Json or ValueKind.Bytes or ValueKind.Vector)).ToList();
    }

    /// <summary>The vector columns of <paramref name="table"/>, each with the suffix of its <c>Nearest…</c> and <c>HybridSearch…</c>: none for a table's only vector, else <c>By{Member}</c>.</summary>
    public static List<(ColumnModel Vector, string Suffix)> VectorSearches(EntityModel table)
    {
        var vectors = table.Columns.Where(c => c.Kind == ValueKind.Vector).ToList();
        return vectors.Select(v => (v, vectors.Count == 1 ? "" : "By" + v.MemberName)).ToList();
    }

    /// <summary>Whether <paramref name="table"/> has a <c>[Vector]</c> or a <c>[FullText]</c> column to search.</summary>
    public static bool Applies(EntityModel table) => table.Columns.Any(c => c.Kind == ValueKind.Vector || c.IsFullText);

    /// <summary>Whether the table has vector columns; its source is then a <c>SearchTableSource</c> (<see cref="VectorWritesFeature"/>), <c>_search</c>.</summary>
    private bool HasVectors => _vectors.Count > 0;

    private bool HasFilter => _filters.Count > 0;

    private string Suffix(ColumnModel vector) => VectorSearches(_table).First(v => v.Vector.MemberName == vector.MemberName).Suffix;

    private static string Field(string prefix, ColumnModel column) => "s_" + prefix + column.MemberName;

    /// <summary>The names a statement binds after its filter columns, as C# literals (<see cref="ISqlDialect.Parameter(string)"/>).</summary>
    private string Parameters(params string[] names) => string.Join(", ", names.Select(n => SourceWriter.Literal(_dialect.Parameter(n))));

    /// <summary>The statements and vector descriptions, after the accessor's other statements.</summary>
    public override void Fields()
    {
        string filterNames = string.Concat(_filters.Select(f => ", " + SourceWriter.Literal(_dialect.Parameter(f))));
        foreach (ColumnModel vector in _vectors)
        {
            _w.Line($"// {vector.MemberName}: {vector.VectorDimensions.ToString(CultureInfo.InvariantCulture)}-dimensional vectors by {vector.VectorMetric} distance, checked on every write and search.");
            _w.Line($"private static readonly {Runtime}.VectorColumn {ValueCode.VectorField(vector)} = new(TableName, {SourceWriter.Literal(vector.ColumnName)}, {vector.VectorDimensions.ToString(CultureInfo.InvariantCulture)}, global::SqliteGen.VectorMetric.{vector.VectorMetric});");
            _w.Line($"private static readonly {Statement} {Field("load", vector)} = new({SourceWriter.Literal(_dialect.VectorLoad(_table, vector))});");
            if (vector.VectorMetric != "Dot") // sqlite-vec has no inner-product distance: Dot always uses the exact index
                _w.Line($"private static readonly {Statement} {Field("nearest", vector)} = new({SourceWriter.Literal(_dialect.VectorNearest(_table, vector, _filters))}{filterNames}, {Parameters("query", "k")});");
            if (HasFilter)
                _w.Line($"private static readonly {Statement} {Field("filter", vector)} = new({SourceWriter.Literal(_dialect.VectorFilter(_table, vector, _filters))}{filterNames});");
        }
        if (HasVectors)
            _w.Line($"private static readonly {Statement} s_findByRowid = new({SourceWriter.Literal(_dialect.SelectByRowid(_table))}, {Parameters("rowid")});");
        if (_fullText)
        {
            _w.Line($"private static readonly {Statement} s_search = new({SourceWriter.Literal(_dialect.FullTextSearch(_table))}, {Parameters("query", "limit")});");
            if (HasVectors)
                _w.Line($"private static readonly {Statement} s_searchRowids = new({SourceWriter.Literal(_dialect.FullTextRowids(_table))}, {Parameters("query", "limit")});");
        }
        _w.Line();
    }

    /// <summary>The methods, after the accessor's other operations.</summary>
    public override void Methods()
    {
        if (HasFilter && HasVectors)
            FilterType();
        foreach (ColumnModel vector in _vectors)
            Nearest(vector);
        if (_fullText)
        {
            Search();
            foreach (ColumnModel vector in _vectors)
                Hybrid(vector);
        }
        if (HasVectors)
            Helpers();
    }

    /// <summary>
    /// Layered <c>Nearest…</c> and <c>Search</c>: the tenant's matches and the base's, merged by distance (or score),
    /// with base rows the tenant overrides left out. Base results are asked for in growing batches until enough
    /// of them are not overridden (or the base has no more).
    /// </summary>
    public override void LayeredMethods(LayeredTable layered)
    {
        foreach (ColumnModel vector in _vectors)
        {
            string name = "Nearest" + Suffix(vector);
            string result = $"global::SqliteGen.VectorNeighbor<{_entity}>";
            string filterParameter = HasFilter ? $", {layered.PlainClass}.NearestFilter? filter = null" : "";
            string filterArgument = HasFilter ? ", filter" : "";
            _w.Line();
            _w.Line($"/// <summary>The <paramref name=\"k\"/> nearest rows this tenant sees (its own and the base rows it does not override), nearest first; at equal distance its own first.</summary>");
            _w.Open($"public {ReadOnlyList(result)} {name}({Memory} query, int k{filterParameter})");
            _w.Line($"var shared = {Runtime}.LayeredResults.VisibleBase(want => _base.{name}(query, want{filterArgument}), n => ShowsBase(n.Item), k);");
            _w.Line($"return {Runtime}.LayeredResults.Merge(Tenant.{name}(query, k{filterArgument}), shared, n => -n.Distance, k);");
            _w.Close();
        }
        if (_fullText)
        {
            string match = $"global::SqliteGen.TextMatch<{_entity}>";
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Up to <paramref name=\"limit\"/> matches this tenant sees (its own and the base rows it does not override), best first.");
            _w.Line("/// Each file ranks by its own full-text index, so scores from the two files are close to, not exactly, comparable.");
            _w.Line("/// </summary>");
            _w.Open($"public {ReadOnlyList(match)} Search(string text, int limit)");
            _w.Line($"var shared = {Runtime}.LayeredResults.VisibleBase(want => _base.Search(text, want), m => ShowsBase(m.Item), limit);");
            _w.Line($"return {Runtime}.LayeredResults.Merge(Tenant.Search(text, limit), shared, m => m.Score, limit);");
            _w.Close();
            _w.Line();
            _w.Line("/// <inheritdoc cref=\"Search\"/>");
            _w.Open($"public {AsyncOf(ReadOnlyList(match))} SearchAsync(string text, int limit, {TokenParameter})");
            _w.Line("cancellationToken.ThrowIfCancellationRequested();");
            _w.Line("return new(Search(text, limit)); // Microsoft.Data.Sqlite reads synchronously; this completes synchronously too");
            _w.Close();

            foreach (ColumnModel vector in _vectors)
            {
                string suffix = Suffix(vector);
                string result = $"global::SqliteGen.HybridMatch<{_entity}>";
                _w.Line();
                _w.Line("/// <summary>");
                _w.Line($"/// The layered <see cref=\"Search\"/> and <see cref=\"Nearest{suffix}\"/> rankings fused by reciprocal rank fusion (weights and");
                _w.Line("/// constant from <paramref name=\"options\"/>, else the database's), best first; equal scores in the order first found.");
                _w.Line("/// </summary>");
                _w.Line($"public {ReadOnlyList(result)} HybridSearch{suffix}(string text, {Memory} vector, int k, global::SqliteGen.HybridSearchOptions? options = null) =>");
                _w.Line($"    {Runtime}.LayeredResults.Fuse<{_entity}, {layered.KeyType}>(limit => Search(text, limit), limit => Nearest{suffix}(vector, limit), row => {layered.KeyOfRow}, k, options ?? _options.HybridSearch);");
            }
        }
        _w.Line();
        _w.Line("/// <summary>Whether the tenant has no row with <paramref name=\"row\"/>'s key, so that base row shows.</summary>");
        _w.Line($"private bool ShowsBase({_entity} row) => {layered.LacksRow};");
    }

    private void FilterType()
    {
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// A filter for <c>Nearest</c>: rows whose column equals each value given; a null value sets no condition.");
        _w.Line("/// Only indexed columns can be filtered on.");
        _w.Line("/// </summary>");
        _w.Open($"public sealed record NearestFilter");
        foreach (ColumnModel filter in _filters)
        {
            _w.Line($"/// <summary>Only rows whose <c>{SourceWriter.DocText(filter.ColumnName)}</c> equals this value.</summary>");
            _w.Line($"public {filter.NonNullableTypeName}? {filter.Member()} {{ get; init; }}");
            _w.Line();
        }
        _w.Line($"internal bool IsEmpty => {string.Join(" && ", _filters.Select(f => f.Member() + " is null"))};");
        _w.Close();
    }

    private void Pair(string[] summary, string[] exceptions, string returnType, string name, string parameters, string prelude, string call)
    {
        _w.Line();
        _w.Line("/// <summary>");
        foreach (string line in summary)
            _w.Line("/// " + line);
        _w.Line("/// </summary>");
        foreach (string line in exceptions)
            _w.Line("/// " + line);
        _w.Open($"public {returnType} {name}({parameters})");
        _w.Lines(prelude);
        _w.Line("using var lease = _source.RentReader();");
        _w.Line($"return {call};");
        _w.Close();
        _w.Line();
        _w.Line($"/// <inheritdoc cref=\"{name}\"/>");
        _w.Open($"public async {AsyncOf(returnType)} {name}Async({ParameterList.Join(parameters, TokenParameter)})");
        _w.Lines(prelude);
        _w.Line("using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);");
        _w.Line($"return {call};");
        _w.Close();
    }

    private void Nearest(ColumnModel vector)
    {
        string name = "Nearest" + Suffix(vector);
        string result = $"global::SqliteGen.VectorNeighbor<{_entity}>";
        string filterParameter = HasFilter ? ", NearestFilter? filter = null" : "";
        string filterArgument = HasFilter ? ", filter" : "";
        string dims = vector.VectorDimensions.ToString(CultureInfo.InvariantCulture);
        Pair(
            new[]
            {
                $"The <paramref name=\"k\"/> rows whose <c>{SourceWriter.DocText(vector.ColumnName)}</c> is nearest to <paramref name=\"query\"/> by {vector.VectorMetric} distance, nearest first",
                "(equal distances by rowid), with their distances; rows without a vector are left out." + (HasFilter ? " <paramref name=\"filter\"/> keeps only the rows it matches." : ""),
                "Runs in SQL through sqlite-vec when it loads, else on the resident exact index (docs/vectors.md); both give the same rows.",
            },
            new[]
            {
                $"<exception cref=\"global::System.ArgumentException\">The query does not have {dims} finite components{(vector.VectorMetric == "Cosine" ? ", or is zero" : "")}.</exception>",
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"k\"/> is not between 1 and 4,096.</exception>",
            },
            ReadOnlyList(result), name, $"{Memory} query, int k{filterParameter}",
            $"byte[] queryBlob = {ValueCode.VectorField(vector)}.CheckQuery(query.Span, k);",
            $"{name}Core(lease.Connection, query, queryBlob, k{filterArgument})");

        int distance = _table.Columns.Count;
        _w.Line();
        _w.Open($"private {ReadOnlyList(result)} {name}Core({Connection} connection, {Memory} query, byte[] queryBlob, int k{(HasFilter ? ", NearestFilter? filter" : "")})");
        if (vector.VectorMetric != "Dot")
        {
            _w.Open($"if (_search.UseSqliteVec(connection, {ValueCode.VectorField(vector)}))");
            _w.Line($"var neighbors = new global::System.Collections.Generic.List<{result}>(k);");
            SqliteVecQuery(vector, "filter", "queryBlob", "k", $"neighbors.Add(new(ReadRow(statement), (float)statement.GetDouble({distance})));");
            _w.Line("return neighbors;");
            _w.Close();
        }
        string filterFunction = "null";
        if (HasFilter)
        {
            _w.Line($"global::System.Collections.Generic.HashSet<long>? allowed = filter is null || filter.IsEmpty ? null : RowidsMatching(connection, {Field("filter", vector)}, filter);");
            filterFunction = "allowed is null ? null : allowed.Contains";
        }
        _w.Line($"return _search.NearestRows<{_entity}>(connection, {ValueCode.VectorField(vector)}, {Field("load", vector)}, query.Span, k, {filterFunction}, TryReadByRowid);");
        _w.Close();
    }

    /// <summary>Runs the sqlite-vec nearest statement, <paramref name="perRow"/> for each row; leaves its <c>using</c> block open.</summary>
    private void SqliteVecQuery(ColumnModel vector, string filter, string blob, string k, string perRow)
    {
        _w.Line($"using var statement = connection.Rent({Field("nearest", vector)});");
        if (HasFilter)
            _w.Line($"BindFilter(statement, {filter});");
        _w.Line($"statement.BindBlob({_filters.Count}, {blob}); // {_dialect.Parameter("query")}");
        _w.Line($"statement.BindInt64({_filters.Count + 1}, {k}); // {_dialect.Parameter("k")}");
        _w.Open("while (statement.Step())");
        _w.Line(perRow);
        _w.Close();
    }

    private void Search()
    {
        string result = $"global::SqliteGen.TextMatch<{_entity}>";
        string columns = string.Join(", ", _table.Columns.Where(c => c.IsFullText).Select(c => "<c>" + SourceWriter.DocText(c.ColumnName) + "</c>"));
        Pair(
            new[]
            {
                $"Up to <paramref name=\"limit\"/> rows whose {columns} contain any word of <paramref name=\"text\"/> (FTS5, table",
                $"<c>{SourceWriter.DocText(_dialect.FullTextTableName(_table))}</c>), most relevant first by bm25 (equal scores by rowid), with their scores.",
            },
            new[]
            {
                "<exception cref=\"global::System.ArgumentException\">The text has no word to search for.</exception>",
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"limit\"/> is less than 1.</exception>",
            },
            ReadOnlyList(result), "Search", "string text, int limit",
            $"string query = {Runtime}.FullTextQuery.FromWords(text, limit, TableName);",
            "SearchCore(lease.Connection, query, limit)");

        _w.Line();
        _w.Open($"private static {ReadOnlyList(result)} SearchCore({Connection} connection, string query, int limit)");
        _w.Line("using var statement = connection.Rent(s_search);");
        _w.Line($"statement.BindText(0, query); // {_dialect.Parameter("query")}");
        _w.Line($"statement.BindInt64(1, limit); // {_dialect.Parameter("limit")}");
        _w.Line($"var matches = new global::System.Collections.Generic.List<{result}>();");
        _w.Open("while (statement.Step())");
        _w.Line($"matches.Add(new(ReadRow(statement), -statement.GetDouble({_table.Columns.Count})));");
        _w.Close();
        _w.Line("return matches;");
        _w.Close();
    }

    private void Hybrid(ColumnModel vector)
    {
        string name = "HybridSearch" + Suffix(vector);
        string result = $"global::SqliteGen.HybridMatch<{_entity}>";
        Pair(
            new[]
            {
                $"The <paramref name=\"k\"/> best rows by reciprocal rank fusion of <see cref=\"Search\"/> on <paramref name=\"text\"/> and",
                $"<see cref=\"Nearest{Suffix(vector)}\"/> on <paramref name=\"vector\"/> (weights and constant from <paramref name=\"options\"/>, else the database's",
                "<see cref=\"global::SqliteGen.SqliteGenOptions.HybridSearch\"/>), best first, with the fused score and each ranking's rank.",
            },
            new[]
            {
                "<exception cref=\"global::System.ArgumentException\">The text has no word, or the vector is not valid for the column.</exception>",
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"k\"/> is not between 1 and 4,096.</exception>",
            },
            ReadOnlyList(result), name, $"string text, {Memory} vector, int k, global::SqliteGen.HybridSearchOptions? options = null",
            $"byte[] vectorBlob = {ValueCode.VectorField(vector)}.CheckQuery(vector.Span, k);\nstring query = {Runtime}.FullTextQuery.FromWords(text, k, TableName);",
            $"{name}Core(lease.Connection, query, vector, vectorBlob, k, options ?? _search.HybridOptions, retried: false)");

        _w.Line();
        _w.Open($"private {ReadOnlyList(result)} {name}Core({Connection} connection, string query, {Memory} vector, byte[] vectorBlob, int k, global::SqliteGen.HybridSearchOptions options, bool retried)");
        _w.Line($"int candidates = {Runtime}.RankFusion.Candidates(options, k);");
        _w.Line("var textRanking = new global::System.Collections.Generic.List<long>(candidates);");
        _w.Open("using (var statement = connection.Rent(s_searchRowids))");
        _w.Line($"statement.BindText(0, query); // {_dialect.Parameter("query")}");
        _w.Line($"statement.BindInt64(1, candidates); // {_dialect.Parameter("limit")}");
        _w.Open("while (statement.Step())");
        _w.Line("textRanking.Add(statement.GetInt64(0));");
        _w.Close();
        _w.Close();
        _w.Line("var vectorRanking = new global::System.Collections.Generic.List<long>(candidates);");
        string index = $"_search.ResidentIndex(connection, {ValueCode.VectorField(vector)}, {Field("load", vector)})";
        if (vector.VectorMetric != "Dot")
        {
            _w.Open($"if (_search.UseSqliteVec(connection, {ValueCode.VectorField(vector)}))");
            SqliteVecQuery(vector, "null", "vectorBlob", "candidates", $"vectorRanking.Add(statement.GetInt64({_table.Columns.Count + 1})); // rowid");
            _w.Close();
            _w.Open("else");
            _w.Open($"foreach (global::SqliteGen.VectorMatch match in {index}.Nearest(vector.Span, candidates))");
            _w.Line("vectorRanking.Add(match.Key);");
            _w.Close();
            _w.Close();
        }
        else
        {
            _w.Open($"foreach (global::SqliteGen.VectorMatch match in {index}.Nearest(vector.Span, candidates))");
            _w.Line("vectorRanking.Add(match.Key);");
            _w.Close();
        }
        _w.Line($"var results = new global::System.Collections.Generic.List<{result}>(k);");
        _w.Open($"foreach ({Runtime}.FusedRank fused in {Runtime}.RankFusion.Fuse(textRanking, vectorRanking, k, options))");
        _w.Open($"if (!TryReadByRowid(connection, fused.Rowid, out {_entity} item))");
        _w.Line("if (retried)");
        _w.Line("    continue; // deleted since the rankings were read");
        _w.Line("// The resident index held a row deleted without this accessor (ON DELETE CASCADE): rebuild it and fuse again.");
        _w.Line($"_search.Invalidate({ValueCode.VectorField(vector)});");
        _w.Line($"return {name}Core(connection, query, vector, vectorBlob, k, options, retried: true);");
        _w.Close();
        _w.Line("results.Add(new(item, fused.Score, fused.TextRank, fused.VectorRank));");
        _w.Close();
        _w.Line("return results;");
        _w.Close();
    }

    private void Helpers()
    {
        _w.Line();
        _w.Line("/// <summary>Reads the row with this rowid (what the vector index and the full-text index point at); false when there is none.</summary>");
        _w.Open($"private static bool TryReadByRowid({Connection} connection, long rowid, out {_entity} item)");
        _w.Line("using var statement = connection.Rent(s_findByRowid);");
        _w.Line($"statement.BindInt64(0, rowid); // {_dialect.Parameter("rowid")}");
        _w.Line("bool found = statement.Step();");
        _w.Line("item = found ? ReadRow(statement) : default!;");
        _w.Line("return found;");
        _w.Close();
        if (!HasFilter)
            return;

        _w.Line();
        _w.Line("/// <summary>Binds the filter's values (NULL for those not given) to the first parameters of a search statement.</summary>");
        _w.Open($"private static void BindFilter({Runner} statement, NearestFilter? filter)");
        EmitterCommon.BindColumns(_w, _dialect, _table, _filters.Select(f => f with { IsNullable = true }), filter => "filter?." + filter.Member());
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>The rowids of the rows with a vector that the filter matches: what the exact index may return.</summary>");
        _w.Open($"private static global::System.Collections.Generic.HashSet<long> RowidsMatching({Connection} connection, {Statement} query, NearestFilter filter)");
        _w.Line("using var statement = connection.Rent(query);");
        _w.Line("BindFilter(statement, filter);");
        _w.Line("var rowids = new global::System.Collections.Generic.HashSet<long>();");
        _w.Open("while (statement.Step())");
        _w.Line("rowids.Add(statement.GetInt64(0));");
        _w.Close();
        _w.Line("return rowids;");
        _w.Close();
    }
}

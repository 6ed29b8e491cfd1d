using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The search half of a table accessor (docs/vectors.md): <c>Nearest</c> per <c>[Vector]</c> column (sqlite-vec in
/// SQL when it loads, else the resident exact index), <c>Search</c> over the FTS5 table of the <c>[FullText]</c>
/// columns, and <c>HybridSearch</c> (reciprocal rank fusion of both) when a table has both.
/// </summary>
internal sealed class SearchEmitter
{
    private const string Connection = "global::SqliteGen.Runtime.PooledConnection";
    private const string Statement = "global::SqliteGen.Runtime.Statement";
    private const string Runner = "global::SqliteGen.Runtime.StatementRunner";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    private const string Memory = "global::System.ReadOnlyMemory<float>";
    private const string Runtime = "global::SqliteGen.Runtime";

    private readonly SourceWriter _w;
    private readonly EntityModel _table;
    private readonly ISqlDialect _dialect;
    private readonly string _entity;
    private readonly List<ColumnModel> _vectors;
    private readonly List<ColumnModel> _filters;
    private readonly bool _fullText;

    public SearchEmitter(SourceWriter w, EntityModel table, ISqlDialect dialect)
    {
        _w = w;
        _table = table;
        _dialect = dialect;
        _entity = table.FullyQualifiedName;
        _vectors = table.Columns.Where(c => c.Kind == ValueKind.Vector).ToList();
        _fullText = table.Columns.Any(c => c.IsFullText);
        // Filters: equality on indexed columns (an index serves them), in declaration order.
        var indexed = new HashSet<string>(table.Indexes.SelectMany(i => i.Members));
        _filters = table.Columns.Where(c => indexed.Contains(c.MemberName) && c.Kind is not (ValueKind.Json or ValueKind.Bytes or ValueKind.Vector)).ToList();
    }

    /// <summary>True when the table has vector columns: its accessor then wraps its source in a <c>SearchTableSource</c>.</summary>
    public bool HasVectors => _vectors.Count > 0;

    private bool HasFilter => _filters.Count > 0;

    private string Suffix(ColumnModel vector) => _vectors.Count == 1 ? "" : "By" + vector.MemberName;

    private static string Field(string prefix, ColumnModel column) => "s_" + prefix + column.MemberName;

    /// <summary>The names a statement binds after its filter columns, as C# literals (<see cref="ISqlDialect.Parameter(string)"/>).</summary>
    private string Parameters(params string[] names) => string.Join(", ", names.Select(n => SourceWriter.Literal(_dialect.Parameter(n))));

    private string List(string item) => $"global::System.Collections.Generic.IReadOnlyList<{item}>";

    /// <summary>The statements and vector descriptions, after the accessor's other statements.</summary>
    public void Fields()
    {
        if (!HasVectors && !_fullText)
            return;
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
    public void Methods()
    {
        if (HasFilter && HasVectors)
            FilterType();
        foreach (ColumnModel vector in _vectors)
            Nearest(vector);
        if (_fullText)
            Search();
        if (_fullText)
        {
            foreach (ColumnModel vector in _vectors)
                Hybrid(vector);
        }
        if (HasVectors)
            Helpers();
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
            _w.Line($"/// <summary>Only rows whose <c>{filter.ColumnName}</c> equals this value.</summary>");
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
        _w.Open($"public async {ValueTask}<{returnType}> {name}Async({parameters}, {Token} cancellationToken = default)");
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
                $"The <paramref name=\"k\"/> rows whose <c>{vector.ColumnName}</c> is nearest to <paramref name=\"query\"/> by {vector.VectorMetric} distance, nearest first",
                "(equal distances by rowid), with their distances; rows without a vector are left out." + (HasFilter ? " <paramref name=\"filter\"/> keeps only the rows it matches." : ""),
                "Runs in SQL through sqlite-vec when it loads, else on the resident exact index (docs/vectors.md); both give the same rows.",
            },
            new[]
            {
                $"<exception cref=\"global::System.ArgumentException\">The query does not have {dims} finite components{(vector.VectorMetric == "Cosine" ? ", or is zero" : "")}.</exception>",
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"k\"/> is not between 1 and 4,096.</exception>",
            },
            List(result), name, $"{Memory} query, int k{filterParameter}",
            $"byte[] queryBlob = {ValueCode.VectorField(vector)}.CheckQuery(query.Span, k);",
            $"{name}Core(lease.Connection, query, queryBlob, k{filterArgument})");

        int distance = _table.Columns.Count;
        _w.Line();
        _w.Open($"private {List(result)} {name}Core({Connection} connection, {Memory} query, byte[] queryBlob, int k{(HasFilter ? ", NearestFilter? filter" : "")})");
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
        string columns = string.Join(", ", _table.Columns.Where(c => c.IsFullText).Select(c => "<c>" + c.ColumnName + "</c>"));
        Pair(
            new[]
            {
                $"Up to <paramref name=\"limit\"/> rows whose {columns} contain any word of <paramref name=\"text\"/> (FTS5, table",
                $"<c>{_dialect.FullTextTableName(_table)}</c>), most relevant first by bm25 (equal scores by rowid), with their scores.",
            },
            new[]
            {
                "<exception cref=\"global::System.ArgumentException\">The text has no word to search for.</exception>",
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"limit\"/> is less than 1.</exception>",
            },
            List(result), "Search", "string text, int limit",
            $"string query = {Runtime}.FullTextQuery.FromWords(text, limit, TableName);",
            "SearchCore(lease.Connection, query, limit)");

        _w.Line();
        _w.Open($"private static {List(result)} SearchCore({Connection} connection, string query, int limit)");
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
            List(result), name, $"string text, {Memory} vector, int k, global::SqliteGen.HybridSearchOptions? options = null",
            $"byte[] vectorBlob = {ValueCode.VectorField(vector)}.CheckQuery(vector.Span, k);\nstring query = {Runtime}.FullTextQuery.FromWords(text, k, TableName);",
            $"{name}Core(lease.Connection, query, vector, vectorBlob, k, options ?? _search.HybridOptions, retried: false)");

        _w.Line();
        _w.Open($"private {List(result)} {name}Core({Connection} connection, string query, {Memory} vector, byte[] vectorBlob, int k, global::SqliteGen.HybridSearchOptions options, bool retried)");
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
        for (int i = 0; i < _filters.Count; i++)
        {
            ColumnModel filter = _filters[i] with { IsNullable = true };
            _w.Line(ValueCode.Bind(filter, _dialect.Storage(filter.Kind), "filter?." + filter.Member(), "statement", i, _table.TableName + "." + filter.ColumnName) + $" // {_dialect.Parameter(filter)}");
        }
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

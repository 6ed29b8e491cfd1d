using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The search methods of a PostgreSQL table class, with the signatures, argument checks and messages of the SQLite
/// accessor's (<see cref="SearchFeature"/>): <c>Search</c> over the <c>[FullText]</c> columns through their GIN index
/// (<c>PostgreSqlDialect.Search.cs</c>: the same rows match; they rank by <c>ts_rank</c> instead of bm25);
/// <c>Nearest…</c> per <c>[Vector]</c> column on the runtime's resident index (<c>PostgreSqlVectorSearch</c>, loaded from
/// the <c>bytea</c> column, kept current from the table's change log); and <c>HybridSearch…</c>, the two fused, when
/// a table has both (docs/postgresql.md).
/// </summary>
internal static class PgSearchEmitter
{
    private const string Values = "global::SqliteGen.PostgreSql.PostgreSqlValues";

    private const string Search = "global::SqliteGen.PostgreSql.PostgreSqlVectorSearch";
    private const string Memory = "global::System.ReadOnlyMemory<float>";
    private const string Parameters = "global::Npgsql.NpgsqlParameterCollection";

    /// <summary>The statements and methods of <paramref name="table"/>'s searches; nothing when it has neither a <c>[FullText]</c> nor a <c>[Vector]</c> column.</summary>
    public static void Write(SourceWriter w, DatabaseModel database, EntityModel table)
    {
        if (table.Columns.Any(c => c.IsFullText))
            FullText(w, table);
        if (HasVectors(table))
            Vectors(w, database, table);
    }

    /// <summary>Whether the table has <c>[Vector]</c> columns, and so a <c>_vectors</c> field (<see cref="Field"/>, <see cref="Setup"/>).</summary>
    public static bool HasVectors(EntityModel table) => table.Columns.Any(c => c.Kind == ValueKind.Vector);

    /// <summary>The field of the table's vector search state.</summary>
    public static void Field(SourceWriter w, EntityModel table) =>
        w.Line($"private readonly {Search}<{new TableShape(table).KeyType}> _vectors;");

    /// <summary>The constructor's statement that finds (or makes) the database's vector search state of the table.</summary>
    public static string Setup(EntityModel table) =>
        $"_vectors = {Search}<{new TableShape(table).KeyType}>.For(source, TableName, VectorSnapshotSql, FindSql, ReadKey, BindKey);";

    private static void FullText(SourceWriter w, EntityModel table)
    {
        string entity = table.FullyQualifiedName;
        string result = $"global::SqliteGen.TextMatch<{entity}>";
        string columns = string.Join(", ", table.Columns.Where(c => c.IsFullText).Select(c => "<c>" + SourceWriter.DocText(c.ColumnName) + "</c>"));
        string rank = table.Columns.Count.ToString(CultureInfo.InvariantCulture);
        w.Line();
        w.Line($"private const string SearchSql = {SourceWriter.Literal(PostgreSqlDialect.Instance.FullTextSearch(table))};");
        string[] doc =
        [
            "<summary>",
            $"Up to <paramref name=\"limit\"/> rows whose {columns} contain any word of <paramref name=\"text\"/> (the GIN index",
            $"<c>{SourceWriter.DocText(PostgreSqlDialect.FullTextIndexName(table.TableName))}</c>), most relevant first by <c>ts_rank</c> (equal ranks by key), with their ranks.",
            "The rows that match are those SQLite's FTS5 finds for the same text; the order among them may differ.",
            "</summary>",
            "<exception cref=\"global::System.ArgumentException\">The text has no word to search for.</exception>",
            "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"limit\"/> is less than 1.</exception>",
        ];
        SyncAndAsync(w, ReadOnlyList(result), "Search", "string text, int limit", doc, async =>
        {
            w.Line("string[] words = global::SqliteGen.Runtime.FullTextQuery.Words(text, limit, TableName);");
            w.Line(async
                ? "await using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);"
                : "using var lease = _source.RentReader();");
            w.Line($"{(async ? "await " : "")}using var command = lease.Command(SearchSql);");
            w.Line($"{Values}.Add(command.Parameters, string.Join(' ', words), global::NpgsqlTypes.NpgsqlDbType.Text); // $1: the words, none of which holds a space");
            w.Line($"{Values}.Add(command.Parameters, (long)limit, global::NpgsqlTypes.NpgsqlDbType.Bigint); // $2");
            w.Line(async
                ? "await using var row = await lease.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);"
                : "using var row = lease.ExecuteReader(command);");
            w.Line($"var matches = new global::System.Collections.Generic.List<{result}>();");
            w.Open($"while ({(async ? "await row.ReadAsync(cancellationToken).ConfigureAwait(false)" : "row.Read()")})");
            w.Line($"matches.Add(new(ReadRow(row), row.GetFloat({rank})));");
            w.Close();
            w.Line("return matches;");
        });
    }

    /// <summary>
    /// A method in its two forms: <paramref name="name"/>, with the doc comment <paramref name="doc"/> (its lines without
    /// the <c>///</c>), then <c>{name}Async</c>, which inherits that comment and takes a cancellation token last.
    /// <paramref name="body"/> writes each one's body; its argument says whether the async form.
    /// </summary>
    internal static void SyncAndAsync(SourceWriter w, string result, string name, string parameters, IEnumerable<string> doc, System.Action<bool> body)
    {
        foreach (bool async in new[] { false, true })
        {
            w.Line();
            if (async)
            {
                w.Line($"/// <inheritdoc cref=\"{name}\"/>");
                w.Open($"public async {AsyncOf(result)} {name}Async({ParameterList.Join(parameters, TokenParameter)})");
            }
            else
            {
                foreach (string line in doc)
                    w.Line("/// " + line);
                w.Open($"public {result} {name}({parameters})");
            }
            body(async);
            w.Close();
        }
    }

    private static void Vectors(SourceWriter w, DatabaseModel database, EntityModel table)
    {
        var dialect = PostgreSqlDialect.Instance;
        var shape = new TableShape(table);
        string entity = table.FullyQualifiedName;
        string key = shape.KeyType;
        List<ColumnModel> filters = SearchFeature.FilterColumns(table);
        // The SQLite accessor's filter type, so that the interfaces can declare one Nearest for both engines.
        string? filterType = filters.Count > 0 ? $"{database.TypeName}.{table.AccessorName}Table.NearestFilter" : null;
        bool fullText = table.Columns.Any(c => c.IsFullText);

        w.Line();
        w.Line($"private const string VectorSnapshotSql = {SourceWriter.Literal(dialect.VectorSnapshot(table))};");
        foreach (var (vector, _) in SearchFeature.VectorSearches(table))
        {
            w.Line($"private const string Load{vector.MemberName}Sql = {SourceWriter.Literal(dialect.VectorLoad(table, vector))};");
            w.Line($"private const string Changes{vector.MemberName}Sql = {SourceWriter.Literal(dialect.VectorChanges(table, vector))};");
            if (filterType is not null)
                w.Line($"private const string Filter{vector.MemberName}Sql = {SourceWriter.Literal(dialect.VectorFilter(table, vector, filters))};");
        }

        foreach (var (vector, suffix) in SearchFeature.VectorSearches(table))
            Nearest(w, table, vector, suffix, filterType);
        if (fullText)
        {
            foreach (var (vector, suffix) in SearchFeature.VectorSearches(table))
                Hybrid(w, table, vector, suffix);
        }

        // What the runtime's PostgreSqlVectorSearch is handed: the key read from a load or filter row, bound for FindSql, and taken from a row.
        string Qualified(ColumnModel column) => table.TableName + "." + column.ColumnName;
        w.Line();
        w.Line("/// <summary>The key of the current row of a vector load or filter statement (its first columns).</summary>");
        var reads = shape.Keys.Select((k, i) => PgValueCode.FromRow(k, "row", i, Qualified(k), null)).ToList();
        w.Line($"private static {key} ReadKey(global::Npgsql.NpgsqlDataReader row) => {(reads.Count == 1 ? reads[0] : "(" + string.Join(", ", reads) + ")")};");
        w.Line();
        w.Line("/// <summary>Adds <paramref name=\"key\"/> as the parameters of <c>FindSql</c>.</summary>");
        w.Open($"private static void BindKey({Parameters} parameters, {key} key)");
        for (int i = 0; i < shape.Keys.Count; i++)
            w.Line(PgValueCode.Bind(shape.Keys[i], shape.Keys.Count == 1 ? "key" : "key.Item" + (i + 1).ToString(CultureInfo.InvariantCulture), "parameters", i, Qualified(shape.Keys[i])));
        w.Close();
        if (fullText)
        {
            w.Line();
            w.Line($"private static {key} KeyOf({entity} row) => {shape.KeyValueOf("row")};");
            w.Line();
            w.Line("/// <summary>The hybrid search settings of the database's options: what <c>HybridSearch</c> uses when given none (a layered table's too).</summary>");
            w.Line("internal global::SqliteGen.HybridSearchOptions HybridOptions => _vectors.HybridOptions;");
        }
        if (filterType is not null)
        {
            w.Line();
            w.Line("/// <summary>Adds the filter's values (NULL for those not given) as the parameters of a <c>Filter…Sql</c>.</summary>");
            w.Open($"private static void BindFilter({Parameters} parameters, {filterType} filter)");
            for (int i = 0; i < filters.Count; i++)
                w.Line(PgValueCode.Bind(filters[i] with { IsNullable = true }, "filter." + filters[i].Member(), "parameters", i, Qualified(filters[i])));
            w.Close();
        }
    }

    private static void Nearest(SourceWriter w, EntityModel table, ColumnModel vector, string suffix, string? filterType)
    {
        string name = "Nearest" + suffix;
        string result = ReadOnlyList($"global::SqliteGen.VectorNeighbor<{table.FullyQualifiedName}>");
        string field = ValueCode.VectorField(vector);
        string parameters = $"{Memory} query, int k" + (filterType is null ? "" : $", {filterType}? filter = null");
        string dims = vector.VectorDimensions.ToString(CultureInfo.InvariantCulture);
        string[] doc =
        [
            "<summary>",
            $"The <paramref name=\"k\"/> rows whose <c>{SourceWriter.DocText(vector.ColumnName)}</c> is nearest to <paramref name=\"query\"/> by {vector.VectorMetric} distance, nearest first",
            "(equal distances by key), with their distances; rows without a vector are left out." + (filterType is null ? "" : " <paramref name=\"filter\"/> keeps only the rows it matches."),
            "Runs on the resident index loaded from the column, brought up to date from the table's change log (docs/postgresql.md).",
            "</summary>",
            $"<exception cref=\"global::System.ArgumentException\">The query does not have {dims} finite components{(vector.VectorMetric == "Cosine" ? ", or is zero" : "")}.</exception>",
            "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"k\"/> is not between 1 and 4,096.</exception>",
        ];
        SyncAndAsync(w, result, name, parameters, doc, async =>
        {
            w.Line($"{field}.CheckQuery(query.Span, k);");
            string filterSql = "null", bindFilter = "null";
            if (filterType is not null)
            {
                w.Line("bool filtered = filter is not null && !filter.IsEmpty;");
                w.Line($"global::System.Action<{Parameters}>? bindFilter = filtered ? parameters => BindFilter(parameters, filter!) : null;");
                filterSql = $"filtered ? Filter{vector.MemberName}Sql : null";
                bindFilter = "bindFilter";
            }
            string arguments = $"lease, {field}, Load{vector.MemberName}Sql, Changes{vector.MemberName}Sql, query, k, {filterSql}, {bindFilter}, ReadRow";
            if (async)
            {
                w.Line("await using var lease = await _source.RentReaderAsync(cancellationToken).ConfigureAwait(false);");
                w.Line($"return await _vectors.NearestAsync({arguments}, cancellationToken).ConfigureAwait(false);");
            }
            else
            {
                w.Line("using var lease = _source.RentReader();");
                w.Line($"return _vectors.Nearest({arguments});");
            }
        });
    }

    private static void Hybrid(SourceWriter w, EntityModel table, ColumnModel vector, string suffix)
    {
        string name = "HybridSearch" + suffix;
        string result = ReadOnlyList($"global::SqliteGen.HybridMatch<{table.FullyQualifiedName}>");
        string parameters = $"string text, {Memory} vector, int k, global::SqliteGen.HybridSearchOptions? options = null";
        string[] doc =
        [
            "<summary>",
            $"The <paramref name=\"k\"/> best rows by reciprocal rank fusion of <see cref=\"Search\"/> on <paramref name=\"text\"/> and",
            $"<see cref=\"Nearest{suffix}\"/> on <paramref name=\"vector\"/> (weights and constant from <paramref name=\"options\"/>, else the database's",
            "<see cref=\"global::SqliteGen.SqliteGenOptions.HybridSearch\"/>), best first (equal scores by key), with the fused score and each ranking's rank.",
            "</summary>",
            "<exception cref=\"global::System.ArgumentException\">The text has no word, or the vector is not valid for the column.</exception>",
            "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"k\"/> is not between 1 and 4,096.</exception>",
        ];
        SyncAndAsync(w, result, name, parameters, doc, async =>
        {
            // The checks in the SQLite accessor's order, so the same bad call fails with the same error.
            w.Line($"{ValueCode.VectorField(vector)}.CheckQuery(vector.Span, k);");
            w.Line("global::SqliteGen.Runtime.FullTextQuery.Words(text, k, TableName);");
            w.Line("options ??= _vectors.HybridOptions;");
            w.Line("int candidates = global::SqliteGen.Runtime.RankFusion.Candidates(options, k);");
            w.Line(async
                ? $"return _vectors.Fuse(await SearchAsync(text, candidates, cancellationToken).ConfigureAwait(false), await Nearest{suffix}Async(vector, candidates, cancellationToken: cancellationToken).ConfigureAwait(false), KeyOf, k, options);"
                : $"return _vectors.Fuse(Search(text, candidates), Nearest{suffix}(vector, candidates), KeyOf, k, options);");
        });
    }
}

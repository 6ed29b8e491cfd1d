using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The search methods of a PostgreSQL table class: <c>Search</c> over the <c>[FullText]</c> columns through their GIN
/// index (<c>PostgreSqlDialect.Search.cs</c>), with the signature and the query words of the SQLite accessor's
/// (<see cref="SearchFeature"/>): the same rows match; they rank by <c>ts_rank</c> instead of bm25 (docs/postgresql.md).
/// </summary>
internal static class PgSearchEmitter
{
    private const string Values = "global::SqliteGen.PostgreSql.PostgreSqlValues";

    /// <summary>The statements and methods of <paramref name="table"/>'s searches; nothing when it has no <c>[FullText]</c> column.</summary>
    public static void Write(SourceWriter w, EntityModel table)
    {
        if (!table.Columns.Any(c => c.IsFullText))
            return;
        string entity = table.FullyQualifiedName;
        string result = $"global::SqliteGen.TextMatch<{entity}>";
        string columns = string.Join(", ", table.Columns.Where(c => c.IsFullText).Select(c => "<c>" + SourceWriter.DocText(c.ColumnName) + "</c>"));
        string rank = table.Columns.Count.ToString(CultureInfo.InvariantCulture);
        w.Line();
        w.Line($"private const string SearchSql = {SourceWriter.Literal(PostgreSqlDialect.Instance.FullTextSearch(table))};");
        foreach (bool async in new[] { false, true })
        {
            w.Line();
            if (async)
            {
                w.Line("/// <inheritdoc cref=\"Search\"/>");
                w.Open($"public async {AsyncOf(ReadOnlyList(result))} SearchAsync(string text, int limit, {TokenParameter})");
            }
            else
            {
                w.Line("/// <summary>");
                w.Line($"/// Up to <paramref name=\"limit\"/> rows whose {columns} contain any word of <paramref name=\"text\"/> (the GIN index");
                w.Line($"/// <c>{SourceWriter.DocText(PostgreSqlDialect.FullTextIndexName(table.TableName))}</c>), most relevant first by <c>ts_rank</c> (equal ranks by key), with their ranks.");
                w.Line("/// The rows that match are those SQLite's FTS5 finds for the same text; the order among them may differ.");
                w.Line("/// </summary>");
                w.Line("/// <exception cref=\"global::System.ArgumentException\">The text has no word to search for.</exception>");
                w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"limit\"/> is less than 1.</exception>");
                w.Open($"public {ReadOnlyList(result)} Search(string text, int limit)");
            }
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
            w.Close();
        }
    }
}

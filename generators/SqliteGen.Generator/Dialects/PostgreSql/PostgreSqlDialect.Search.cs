using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// Full text on PostgreSQL (docs/postgresql.md, "Search"): a GIN index on an expression, <c>{table}_fts</c>, over the
/// table's <c>[FullText]</c> columns, the columns SQLite's FTS5 table indexes.
/// <para>
/// An expression index rather than a generated <c>tsvector</c> column: the table keeps exactly the record's columns, so
/// <c>sqlitegen copy</c>, the content checksum, <c>SELECT</c> lists and the catalogue comparison of a migrated database
/// see the same table on both engines, and a step adds or drops the index without rewriting the rows. The price is that
/// ranking recomputes the <c>tsvector</c> of each matching row (the index finds the rows; it stores no positions).
/// </para>
/// <para>
/// The document: the columns joined with a space, every run of ASCII punctuation replaced by a space, then
/// <c>to_tsvector('simple', …)</c>. The replacement makes PostgreSQL's parser split where FTS5's unicode61 tokenizer does
/// (<c>e-mail</c>, <c>1.5</c>, <c>a@b.com</c> are separate words in both, not one compound token), and the <c>simple</c>
/// configuration lower-cases without stemming or stop words, as unicode61 does. The columns are <c>COLLATE "C"</c>, under
/// which <c>[[:punct:]]</c> is ASCII only, and the query side forces the same collation, so both sides split alike.
/// </para>
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>The text-search configuration of the index and the queries: lower-casing, no stemming, no stop words.</summary>
    private const string TextConfiguration = "'simple'";

    /// <summary>What becomes a word boundary before PostgreSQL's parser sees the text.</summary>
    private const string Punctuation = "'[[:punct:]]+'";

    /// <summary>The name of a table's full-text index, the name of SQLite's FTS5 table.</summary>
    public static string FullTextIndexName(string table) => table + "_fts";

    /// <summary>The <c>tsvector</c> expression of the columns: what the index holds and what a search matches against.</summary>
    public string FullTextDocument(IReadOnlyList<string> columns)
    {
        string text = string.Join(" || ' ' || ", columns.Select(c => $"coalesce({Identifier(c)}, '')"));
        return $"to_tsvector({TextConfiguration}, regexp_replace({text}, {Punctuation}, ' ', 'g'))";
    }

    /// <summary>
    /// The <c>tsquery</c> of the words in parameter <c>$1</c> (text, the words separated by single spaces; a text, not a
    /// <c>text[]</c>, so that a data source from Npgsql's slim builder without arrays enabled runs it): each word a phrase of its parts, split
    /// and lower-cased as the document is, the words joined with OR: the query SQLite's side gives FTS5
    /// (<c>FullTextQuery</c>). Words that leave no lexeme are left out.
    /// </summary>
    private static string FullTextQuery() =>
        $"SELECT string_agg('(' || phrase::text || ')', ' | ')::tsquery AS query FROM "
        + $"(SELECT phraseto_tsquery({TextConfiguration}, regexp_replace(word COLLATE \"C\", {Punctuation}, ' ', 'g')) AS phrase FROM unnest(string_to_array($1, ' ')) AS word) AS words "
        + "WHERE numnode(phrase) > 0";

    /// <summary>
    /// The <c>[FullText]</c> columns of a table of a schema: those of its FTS5 companion
    /// (<c>CREATE VIRTUAL TABLE … USING fts5(a, b, content=…)</c>, as SQLite's dialect writes it); empty without one.
    /// </summary>
    public static IReadOnlyList<string> FullTextColumns(TableSchema table)
    {
        CompanionSchema? fts = table.Companions.FirstOrDefault(c => c.Kind == "fts5");
        if (fts is null)
            return Array.Empty<string>();
        const string open = "fts5(";
        int start = fts.Sql.IndexOf(open, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
            return Array.Empty<string>();
        var columns = new List<string>();
        var name = new StringBuilder();
        bool quoted = false;
        for (int i = start + open.Length; i < fts.Sql.Length; i++)
        {
            char c = fts.Sql[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < fts.Sql.Length && fts.Sql[i + 1] == '"')
                {
                    name.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    name.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',' || c == ')')
            {
                string column = name.ToString().Trim();
                if (column.IndexOf('=') >= 0)
                    break; // the options (content=…, content_rowid=…) follow the columns
                columns.Add(column);
                name.Clear();
                if (c == ')')
                    break;
            }
            else
            {
                name.Append(c);
            }
        }
        return columns;
    }

    /// <summary>The GIN index over the table's full-text document; null when it has no <c>[FullText]</c> column.</summary>
    public string? CreateFullTextIndex(TableSchema table)
    {
        IReadOnlyList<string> columns = FullTextColumns(table);
        if (columns.Count == 0)
            return null;
        return $"CREATE INDEX {Identifier(FullTextIndexName(table.Name))} ON {Identifier(table.Name)} USING gin ({FullTextDocument(columns)});";
    }

    /// <summary>Drops a table's full-text index (it may already be gone with a column it covered).</summary>
    public string DropFullTextIndex(string table) => $"DROP INDEX IF EXISTS {Identifier(FullTextIndexName(table))};";

    /// <summary>
    /// Full-text matches, best <c>ts_rank</c> first, equal ranks by key: every column, then the rank; parameters
    /// <c>$1</c> the words separated by spaces, <c>$2</c> the limit.
    /// </summary>
    public string FullTextSearch(EntityModel entity)
    {
        string document = FullTextDocument(entity.Columns.Where(c => c.IsFullText).Select(c => c.ColumnName).ToList());
        string table = Identifier(entity.TableName);
        string columns = string.Join(", ", entity.Columns.Select(c => table + "." + Identifier(c.ColumnName)));
        string keys = string.Join(", ", entity.KeyColumns().Select(c => table + "." + Identifier(c.ColumnName)));
        return $"SELECT {columns}, ts_rank({document}, q.query) AS sqlitegen_rank FROM {table}, ({FullTextQuery()}) AS q "
            + $"WHERE {document} @@ q.query ORDER BY sqlitegen_rank DESC, {keys} LIMIT $2";
    }
}

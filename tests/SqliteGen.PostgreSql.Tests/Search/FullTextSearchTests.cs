using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Search;

/// <summary>
/// <c>Search</c> on the generated PostgreSQL class against the SQLite accessor's on the same rows, SQLite's FTS5 being
/// the oracle: for every query the set of rows found is the same (the limit above the number of matches, so ranking
/// cannot cut the lists at different places). The order is not compared: bm25 and <c>ts_rank</c> score differently
/// (docs/postgresql.md, "Search"). Queries are every distinct word of real text (the seed documents) and hand-picked
/// ones with punctuation, digits and non-ASCII letters.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FullTextSearchTests(PostgresServer server) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-pgsearch-").FullName;

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static readonly string[] Handpicked =
    [
        "Straße in Köln", "naïve café", "crème brûlée", "e-mail", "email", "don't", "dont", "1.5", "v2.0", "C#", "a_b",
        "user@example.com", "https://example.com/path", "multi-tenant", "tenant", "x-y-z", "ÜBER", "über", "Σίσυφος",
        "under_score", "foo.bar", "3,14", "plain words here",
    ];

    private static readonly string[] HandpickedTexts =
    [
        "Straße in Köln, naïve café with crème brûlée.",
        "Send an e-mail to user@example.com or read https://example.com/path now.",
        "Don't stop: version 1.5 then v2.0, C# and a_b under_score.",
        "multi-tenant and x-y-z and foo.bar; 3,14 is pi in French.",
        "Über alles: ÜBER über. Σίσυφος rolls.",
        "An email without a hyphen, and plain words here.",
    ];

    private static List<string> Paragraphs() =>
        SeedTexts.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Concat(HandpickedTexts).ToList();

    /// <summary>Every distinct whitespace-separated word of the paragraphs, as typed (with its punctuation), in first-seen order.</summary>
    private static List<string> WordsOf(IEnumerable<string> paragraphs) =>
        paragraphs.SelectMany(p => p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Any(char.IsLetterOrDigit)).Distinct(StringComparer.Ordinal).ToList();

    private (SearchDb Sqlite, SearchDb.PostgreSql Postgres) Open()
    {
        SearchDb sqlite = SearchDb.Open(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));
        SearchDb.PostgreSql postgres = SearchDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources));
        return (sqlite, postgres);
    }

    private static List<long> Ids(IEnumerable<TextMatch<Note>> matches) => matches.Select(m => m.Item.NoteId).Order().ToList();

    [Fact]
    public void Every_word_of_real_text_finds_the_same_notes_as_fts5()
    {
        (SearchDb sqlite, SearchDb.PostgreSql postgres) = Open();
        using (sqlite)
        using (postgres)
        {
            List<string> paragraphs = Paragraphs();
            foreach (string paragraph in paragraphs)
            {
                Note inserted = sqlite.Notes.Insert(new Note(0, paragraph));
                Assert.Equal(inserted.NoteId, postgres.Notes.Insert(new Note(0, paragraph)).NoteId);
            }
            int limit = paragraphs.Count + 1;
            List<string> queries = WordsOf(paragraphs).Concat(Handpicked).ToList();
            // Pairs of words too: an OR of two phrases.
            List<string> words = WordsOf(paragraphs);
            for (int i = 0; i + 7 < words.Count; i += 7)
                queries.Add(words[i] + " " + words[i + 7]);
            var differences = new List<string>();
            int matched = 0;
            foreach (string query in queries)
            {
                List<long> expected = Ids(sqlite.Notes.Search(query, limit));
                List<long> actual = Ids(postgres.Notes.Search(query, limit));
                if (expected.Count > 0)
                    matched++;
                if (!expected.SequenceEqual(actual))
                    differences.Add($"'{query}': FTS5 [{string.Join(",", expected)}], PostgreSQL [{string.Join(",", actual)}]");
            }
            Assert.True(differences.Count == 0, string.Join("\n", differences));
            Assert.True(matched > 1000, $"only {matched} of {queries.Count} queries matched a note"); // the comparison is not vacuous
        }
    }

    [Fact]
    public async Task Two_columns_a_text_key_and_a_null_summary_find_the_same_items_async_too()
    {
        (SearchDb sqlite, SearchDb.PostgreSql postgres) = Open();
        using (sqlite)
        using (postgres)
        {
            List<string> paragraphs = Paragraphs();
            for (int i = 0; i + 1 < paragraphs.Count; i += 2)
            {
                var item = new ContextItem($"ctx-{i:D4}", paragraphs[i], i % 3 == 0 ? null : paragraphs[i + 1], "topic", i, [1, 2, 3, 4]);
                sqlite.ContextItems.Insert(item);
                postgres.ContextItems.Insert(item);
            }
            foreach (string query in WordsOf(paragraphs).Take(400).Concat(Handpicked))
            {
                List<string> expected = sqlite.ContextItems.Search(query, 1000).Select(m => m.Item.ContextId).Order(StringComparer.Ordinal).ToList();
                List<string> actual = (await postgres.ContextItems.SearchAsync(query, 1000))
                    .Select(m => m.Item.ContextId).Order(StringComparer.Ordinal).ToList();
                Assert.True(expected.SequenceEqual(actual), $"'{query}': FTS5 [{string.Join(",", expected)}], PostgreSQL [{string.Join(",", actual)}]");
            }
        }
    }

    [Fact]
    public void Writes_through_the_generated_methods_are_found_at_once_and_the_limit_keeps_the_best_ranked()
    {
        (SearchDb sqlite, SearchDb.PostgreSql postgres) = Open();
        using (sqlite)
        using (postgres)
        {
            Note a = postgres.Notes.Insert(new Note(0, "sqlite sqlite sqlite and postgres"));
            Note b = postgres.Notes.Insert(new Note(0, "postgres only"));
            Assert.Equal([a.NoteId], Ids(postgres.Notes.Search("sqlite", 10)));
            // The note saying "sqlite" three times ranks above the one without it, on both engines.
            sqlite.Notes.Insert(a);
            sqlite.Notes.Insert(b);
            Assert.Equal(a.NoteId, postgres.Notes.Search("sqlite postgres", 1).Single().Item.NoteId);
            Assert.Equal(a.NoteId, sqlite.Notes.Search("sqlite postgres", 1).Single().Item.NoteId);
            Assert.True(postgres.Notes.Update(b with { Body = "now about sqlite" }));
            Assert.Equal([a.NoteId, b.NoteId], Ids(postgres.Notes.Search("sqlite", 10)));
            Assert.True(postgres.Notes.Delete(a.NoteId));
            Assert.Equal([b.NoteId], Ids(postgres.Notes.Search("SQLITE", 10)));
            Assert.Empty(postgres.Notes.Search("postgres", 10));
        }
    }

    [Fact]
    public void Bad_input_is_refused_as_on_sqlite()
    {
        (SearchDb sqlite, SearchDb.PostgreSql postgres) = Open();
        using (sqlite)
        using (postgres)
        {
            var onSqlite = Assert.Throws<ArgumentException>(() => sqlite.Notes.Search("-- ... !!", 5));
            var onPostgres = Assert.Throws<ArgumentException>(() => postgres.Notes.Search("-- ... !!", 5));
            Assert.Equal(onSqlite.Message, onPostgres.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => postgres.Notes.Search("word", 0));
            // A word whose only letters are punctuation to PostgreSQL's side still runs: quotes and operators are data.
            postgres.Notes.Insert(new Note(0, "it's a (test) | & ! <-> :*"));
            Assert.Single(postgres.Notes.Search("'test' | & ! <-> :* it's", 5));
        }
    }

    /// <summary>
    /// The one documented difference in what matches: FTS5's unicode61 tokenizer removes diacritics, PostgreSQL's
    /// <c>simple</c> configuration keeps them. The same word as written matches on both; a word without its accents only on SQLite.
    /// </summary>
    [Fact]
    public void Diacritics_fold_on_sqlite_only()
    {
        (SearchDb sqlite, SearchDb.PostgreSql postgres) = Open();
        using (sqlite)
        using (postgres)
        {
            sqlite.Notes.Insert(new Note(0, "un café crème"));
            postgres.Notes.Insert(new Note(0, "un café crème"));
            Assert.Single(sqlite.Notes.Search("café", 5));
            Assert.Single(postgres.Notes.Search("café", 5));
            Assert.Single(sqlite.Notes.Search("cafe", 5));
            Assert.Empty(postgres.Notes.Search("cafe", 5));
        }
    }

    [Fact]
    public void The_search_uses_the_gin_index()
    {
        NpgsqlDataSource dataSource = PostgreSqlScenarios.NewDataSource(server, _dataSources);
        using SearchDb.PostgreSql postgres = SearchDb.OpenPostgreSql(dataSource);
        postgres.Notes.Insert(new Note(0, "some text"));
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
            off.ExecuteNonQuery();
        // The document expression the generated Search matches against (the dialect writes the index and the search from it).
        string document = Generator.Dialects.PostgreSql.PostgreSqlDialect.Instance.FullTextDocument(["body"]);
        using var explain = new NpgsqlCommand($"EXPLAIN SELECT note_id FROM notes WHERE {document} @@ $1::tsquery", connection);
        explain.Parameters.Add(new NpgsqlParameter { Value = "text" });
        var plan = new List<string>();
        using (NpgsqlDataReader reader = explain.ExecuteReader())
        {
            while (reader.Read())
                plan.Add(reader.GetString(0));
        }
        Assert.Contains(plan, line => Regex.IsMatch(line, @"Bitmap Index Scan on notes_fts"));
    }
}

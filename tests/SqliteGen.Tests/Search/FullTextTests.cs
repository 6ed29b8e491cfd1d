using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Search;

/// <summary>
/// The generated <c>Search</c> over the FTS5 table of the <c>[FullText]</c> columns, and <c>HybridSearch</c>: the
/// triggers keep the index in step with every kind of write (checked by FTS5's own integrity check), bm25 ranks,
/// and reciprocal rank fusion gives the order worked out by hand.
/// </summary>
public sealed class FullTextTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static ContextItem Item(string id, string content, string? summary = null, string topic = "general", int priority = 1, float[]? embedding = null) =>
        new(id, content, summary, topic, priority, embedding ?? new[] { 0f, 0f, 0f, 1f });

    private static string[] Ids<T>(IEnumerable<T> results, Func<T, ContextItem> item) => results.Select(r => item(r).ContextId).ToArray();

    /// <summary>FTS5's own check that an external-content index matches its table exactly.</summary>
    private const string ContextItemsCheck = "INSERT INTO context_registry_fts (context_registry_fts, rank) VALUES ('integrity-check', 1)";
    private const string NotesCheck = "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)";

    private void AssertIndexInSync(string path, string integrityCheck = ContextItemsCheck)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = integrityCheck;
        check.ExecuteNonQuery(); // throws SQLITE_CORRUPT_VTAB when the index and the table differ
    }

    [Fact]
    public void Triggers_keep_the_index_in_sync_on_insert_update_upsert_and_delete()
    {
        string path = _folder.File();
        using SearchDb db = SearchDb.Open(path);
        db.ContextItems.Insert(Item("a", "The write-ahead log keeps readers going", summary: "wal notes"));
        db.ContextItems.InsertMany(new[] { Item("b", "Checkpoints copy the log back"), Item("c", "Nothing about that here") });
        Assert.Equal(new[] { "a" }, Ids(db.ContextItems.Search("readers", 10), m => m.Item));
        Assert.Equal(new[] { "a" }, Ids(db.ContextItems.Search("wal", 10), m => m.Item)); // the second [FullText] column

        Assert.True(db.ContextItems.Update(Item("a", "Rewritten: now about vacuum")));
        Assert.Empty(db.ContextItems.Search("readers", 10));
        Assert.Empty(db.ContextItems.Search("wal", 10)); // the summary became NULL
        Assert.Equal(new[] { "a" }, Ids(db.ContextItems.Search("vacuum", 10), m => m.Item));

        db.ContextItems.Upsert(Item("b", "Upserted text mentions vacuum too"));
        db.ContextItems.Upsert(Item("d", "A new row by upsert"));
        Assert.Empty(db.ContextItems.Search("checkpoints", 10));
        Assert.Equal(new[] { "a", "b" }, Ids(db.ContextItems.Search("vacuum", 10), m => m.Item).OrderBy(id => id));
        Assert.Equal(new[] { "d" }, Ids(db.ContextItems.Search("upsert", 10), m => m.Item));

        Assert.True(db.ContextItems.Delete("a"));
        Assert.Equal(new[] { "b" }, Ids(db.ContextItems.Search("vacuum", 10), m => m.Item));

        using (SearchDb.WriteTransaction tx = db.BeginWrite())
        {
            tx.ContextItems.Insert(Item("e", "rolled back words"));
            Assert.Single(tx.ContextItems.Search("rolled", 10));
            tx.Rollback();
        }
        Assert.Empty(db.ContextItems.Search("rolled", 10));
        AssertIndexInSync(path);
    }

    [Fact]
    public void Search_ranks_by_bm25_returns_scores_best_first_and_respects_the_limit()
    {
        using SearchDb db = SearchDb.Open(_folder.File());
        db.ContextItems.InsertMany(new[]
        {
            Item("long", "sqlite appears once in this much longer text about many other unrelated storage engines and formats"),
            Item("short", "sqlite sqlite"),
            Item("both", "sqlite vector search"),
            Item("none", "nothing relevant"),
        });

        IReadOnlyList<TextMatch<ContextItem>> matches = db.ContextItems.Search("sqlite vector", 10);
        Assert.Equal(new[] { "both", "short", "long" }, Ids(matches, m => m.Item));
        Assert.True(matches[0].Score > matches[1].Score && matches[1].Score > matches[2].Score, string.Join(", ", matches.Select(m => m.Score)));
        Assert.Equal(new[] { "both", "short" }, Ids(db.ContextItems.Search("sqlite vector", 2), m => m.Item));
    }

    [Fact]
    public void Any_user_text_is_searched_as_words_never_as_fts5_syntax()
    {
        using SearchDb db = SearchDb.Open(_folder.File());
        db.ContextItems.Insert(Item("a", "e-mail \"quoted\" AND NEAR columns: sqlite*"));
        foreach (string text in new[] { "e-mail", "\"quoted", "AND", "NEAR(", "columns:", "sqlite*", "-mail", "content:e" })
            db.ContextItems.Search(text, 5); // no FTS5 syntax error
        Assert.Single(db.ContextItems.Search("e-mail", 5));
        Assert.Single(db.ContextItems.Search("\"quoted\"", 5));
    }

    [Fact]
    public void Bad_search_input_is_a_clear_error()
    {
        using SearchDb db = SearchDb.Open(_folder.File());
        Assert.Contains("context_registry", Assert.Throws<ArgumentException>(() => db.ContextItems.Search("  ", 5)).Message);
        Assert.Contains("'-- !'", Assert.Throws<ArgumentException>(() => db.ContextItems.Search("-- !", 5)).Message);
        Assert.Contains("limit", Assert.Throws<ArgumentOutOfRangeException>(() => db.ContextItems.Search("word", 0)).Message);
        Assert.Throws<ArgumentNullException>(() => db.ContextItems.Search(null!, 5));
    }

    /// <summary>
    /// Text ranking for "sqlite": a (three times, short), b (once in four words); c and d do not match.
    /// Vector ranking for (1,0,0,0): c (same direction), b, d (45 degrees), a (orthogonal).
    /// RRF with constant 60: b = 1/62 + 1/62 = 0.032258; a = 1/61 + 1/64 = 0.032018; c = 1/61 = 0.016393; d = 1/63 = 0.015873.
    /// </summary>
    private static readonly ContextItem[] HybridCorpus =
    {
        Item("a", "sqlite sqlite sqlite", embedding: new[] { 0f, 0f, 1f, 0f }),
        Item("b", "sqlite notes about storage", embedding: new[] { 1f, 0.2f, 0f, 0f }),
        Item("c", "unrelated words entirely", embedding: new[] { 2f, 0f, 0f, 0f }),
        Item("d", "more unrelated prose", embedding: new[] { 1f, 1f, 0f, 0f }),
    };

    [Theory]
    [InlineData(VectorBackend.Exact)]
    [InlineData(VectorBackend.SqliteVec)]
    public void Hybrid_search_fuses_both_rankings_in_the_order_worked_out_by_hand(VectorBackend backend)
    {
        using SearchDb db = SearchFixture.Open(_folder.File(), backend);
        db.ContextItems.InsertMany(HybridCorpus);
        float[] query = { 1f, 0f, 0f, 0f };

        IReadOnlyList<HybridMatch<ContextItem>> fused = db.ContextItems.HybridSearch("sqlite", query, 4);
        Assert.Equal(new[] { "b", "a", "c", "d" }, Ids(fused, m => m.Item));
        Assert.Equal(new double[] { 2.0 / 62, 1.0 / 61 + 1.0 / 64, 1.0 / 61, 1.0 / 63 }, fused.Select(m => m.Score).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(new int?[] { 2, 1, null, null }, fused.Select(m => m.TextRank).ToArray());
        Assert.Equal(new int?[] { 2, 4, 1, 3 }, fused.Select(m => m.VectorRank).ToArray());

        Assert.Equal(new[] { "b", "a" }, Ids(db.ContextItems.HybridSearch("sqlite", query, 2), m => m.Item));
        var vectorOnly = new HybridSearchOptions { TextWeight = 0 };
        IReadOnlyList<HybridMatch<ContextItem>> byVector = db.ContextItems.HybridSearch("sqlite", query, 4, vectorOnly);
        Assert.Equal(new[] { "c", "b", "d", "a" }, Ids(byVector, m => m.Item));
        Assert.All(byVector, m => Assert.Null(m.TextRank)); // a ranking weighted 0 is left out
        var textHeavy = new HybridSearchOptions { TextWeight = 3 };
        Assert.Equal(new[] { "a", "b" }, Ids(db.ContextItems.HybridSearch("sqlite", query, 2, textHeavy), m => m.Item));
    }

    [Fact]
    public void Hybrid_weights_come_from_the_database_options_and_bad_options_are_errors()
    {
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Auto, new HybridSearchOptions { VectorWeight = 0 });
        db.ContextItems.InsertMany(HybridCorpus);
        Assert.Equal(new[] { "a", "b" }, Ids(db.ContextItems.HybridSearch("sqlite", new[] { 1f, 0f, 0f, 0f }, 4), m => m.Item));

        Assert.Throws<ArgumentOutOfRangeException>(() => db.ContextItems.HybridSearch("sqlite", new[] { 1f, 0f, 0f, 0f }, 4, new HybridSearchOptions { RankConstant = double.NaN }));
        Assert.Contains("context_registry.embedding", Assert.Throws<ArgumentException>(() => db.ContextItems.HybridSearch("sqlite", new[] { 1f, 0f }, 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchDb.Open(_folder.File("other.db"), SqliteGenOptions.Default with { HybridSearch = new HybridSearchOptions { Candidates = 0 } }));
    }

    [Fact]
    public void Nearest_filters_on_indexed_columns_on_a_table_whose_key_is_text()
    {
        using SearchDb db = SearchFixture.Open(_folder.File(), VectorBackend.Auto);
        db.ContextItems.InsertMany(HybridCorpus.Select((item, i) => item with { Topic = i % 2 == 0 ? "storage" : "search", Priority = i }));
        float[] query = { 1f, 0f, 0f, 0f };

        Assert.Equal(new[] { "c", "a" }, Ids(db.ContextItems.Nearest(query, 10, new() { Topic = "storage" }), n => n.Item));
        Assert.Equal(new[] { "d" }, Ids(db.ContextItems.Nearest(query, 10, new() { Topic = "search", Priority = 3 }), n => n.Item));
        Assert.Equal(new[] { "c", "b", "d", "a" }, Ids(db.ContextItems.Nearest(query, 10, new()), n => n.Item));
    }

    [Fact]
    public void Full_text_only_tables_and_optional_memory_vectors_work_too()
    {
        string path = _folder.File();
        using (SearchDb db = SearchDb.Open(path))
        {
            Note first = db.Notes.Insert(new Note(0, "groceries: apples and pears"));
            db.Notes.Insert(new Note(0, "call the bank about apples"));
            Assert.Equal(new[] { first.NoteId }, db.Notes.Search("pears", 5).Select(m => m.Item.NoteId));
            Assert.Equal(2, db.Notes.Search("apples", 5).Count);
            Assert.True(db.Notes.Delete(first.NoteId));
            Assert.Empty(db.Notes.Search("pears", 5));

            var home = new Place(Guid.NewGuid(), "home", new[] { 0f, 0f });
            db.Places.InsertMany(new[] { home, new Place(Guid.NewGuid(), "work", new[] { 3f, 4f }), new Place(Guid.NewGuid(), "nowhere", null) });
            IReadOnlyList<VectorNeighbor<Place>> near = db.Places.Nearest(new[] { 0f, 1f }, 10);
            Assert.Equal(new[] { "home", "work" }, near.Select(n => n.Item.Name));
            Assert.Equal(new[] { 1f, (float)Math.Sqrt(18) }, near.Select(n => n.Distance), new FloatComparer(1e-5f));
            Assert.Equal(new[] { 0f, 0f }, near[0].Item.Position!.Value.ToArray());
            Assert.Null(db.Places.Find(db.Places.All().Single(p => p.Name == "nowhere").PlaceId)!.Position);
        }
        AssertIndexInSync(path, NotesCheck);
    }

    [Theory]
    [InlineData(VectorBackend.Exact)]
    [InlineData(VectorBackend.SqliteVec)]
    public void Rows_deleted_by_a_cascade_from_another_table_leave_the_results(VectorBackend backend)
    {
        using SearchDb db = SearchFixture.Open(_folder.File(), backend);
        db.Folders.Insert(new Folder(1, "trip"));
        db.Places.InsertMany(new[]
        {
            new Place(Guid.NewGuid(), "hotel", new[] { 1f, 1f }, FolderId: 1),
            new Place(Guid.NewGuid(), "museum", new[] { 2f, 2f }, FolderId: 1),
            new Place(Guid.NewGuid(), "home", new[] { 5f, 5f }),
        });
        Assert.Equal(new[] { "hotel", "museum" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name)); // index cached

        Assert.True(db.Folders.Delete(1)); // ON DELETE CASCADE removes hotel and museum
        Assert.Equal(new[] { "home" }, db.Places.Nearest(new[] { 0f, 0f }, 2).Select(n => n.Item.Name));
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

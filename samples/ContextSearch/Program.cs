// ContextSearch: the context registry of one of the seed systems (shared/seeds/004_*) on SqliteGen: snippets with
// topics, priorities and embeddings, found by text (FTS5), by meaning (vectors) or both (reciprocal rank fusion).
//
//   dotnet run --project samples/ContextSearch              (uses ./context-search.db)
//   dotnet run --project samples/ContextSearch -- <file>

using System;
using System.IO;
using System.Linq;
using ContextSearch;
using SqliteGen;

string path = args.Length > 0 ? args[0] : "context-search.db";
foreach (string file in new[] { path, path + "-wal", path + "-shm" })
    File.Delete(file); // the demo starts from an empty file on every run

(string Id, string Topic, int Priority, string Text)[] snippets =
{
    ("c01", "sqlite", 2, "SQLite WAL mode lets readers continue while one writer appends to the write-ahead log"),
    ("c02", "sqlite", 1, "A busy timeout makes a connection wait for the lock instead of failing with database is locked"),
    ("c03", "sqlite", 3, "VACUUM rebuilds the database file and returns free pages to the file system"),
    ("c04", "dotnet", 2, "Source generators write C# at compile time, so the application needs no reflection"),
    ("c05", "dotnet", 1, "NativeAOT compiles the application ahead of time into one native binary"),
    ("c06", "search", 1, "Full-text search ranks documents by bm25 over the words they contain"),
    ("c07", "search", 2, "Vector search finds the embeddings nearest to a query embedding by cosine distance"),
    ("c08", "search", 3, "Hybrid search fuses a text ranking and a vector ranking with reciprocal rank fusion"),
    ("c09", "sqlite", 2, "Foreign keys in SQLite are checked only when the foreign_keys pragma is on"),
    ("c10", "dotnet", 3, "A connection pool keeps connections open so prepared statements stay prepared"),
};

try
{
    using ContextDb db = ContextDb.Open(path);
    db.Contexts.InsertMany(snippets.Select(s => new ContextItem(s.Id, s.Text, s.Topic, s.Priority, Embeddings.Of(s.Text))));
    Console.WriteLine($"{db.Contexts.Count()} snippets in {Path.GetFileName(db.FilePath)}");

    Section("Text search (FTS5, bm25): \"database lock\"");
    foreach (var match in db.Contexts.Search("database lock", 3))
        Console.WriteLine($"  {match.Item.ContextId}  score {match.Score,6:0.00}  {match.Item.Content}");

    string question = "how does the vector search find the nearest embedding";
    Section($"Semantic search (Nearest, k = 3): \"{question}\"");
    foreach (var neighbor in db.Contexts.Nearest(Embeddings.Of(question), 3))
        Console.WriteLine($"  {neighbor.Item.ContextId}  distance {neighbor.Distance:0.000}  {neighbor.Item.Content}");

    Section("Semantic search in one topic (filter on an indexed column): topic = dotnet");
    foreach (var neighbor in db.Contexts.Nearest(Embeddings.Of("compile the application"), 2, new ContextDb.ContextsTable.NearestFilter { Topic = "dotnet" }))
        Console.WriteLine($"  {neighbor.Item.ContextId}  distance {neighbor.Distance:0.000}  {neighbor.Item.Content}");

    Section("Hybrid search (text + vector, reciprocal rank fusion): \"search ranking\"");
    foreach (var match in db.Contexts.HybridSearch("search ranking", Embeddings.Of("search ranking"), 3))
        Console.WriteLine($"  {match.Item.ContextId}  score {match.Score:0.0000}  text rank {match.TextRank?.ToString() ?? "-"}, vector rank {match.VectorRank?.ToString() ?? "-"}  {match.Item.Content}");

    Section("Writes keep both indexes in sync");
    db.Contexts.Update(db.Contexts.Get("c03") with { Content = "Incremental vacuum returns free pages a few at a time", Embedding = Embeddings.Of("incremental vacuum free pages") });
    Console.WriteLine($"  Search(\"incremental\") -> {string.Join(", ", db.Contexts.Search("incremental", 5).Select(m => m.Item.ContextId))}");
    Console.WriteLine($"  Nearest(\"incremental vacuum\") -> {db.Contexts.Nearest(Embeddings.Of("incremental vacuum"), 1)[0].Item.ContextId}");

    Console.WriteLine();
    Console.WriteLine("ContextSearch finished OK.");
    return 0;
}
catch (SqliteGenException e)
{
    Console.Error.WriteLine($"ContextSearch failed: {e.Message}");
    return 1;
}

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine($"== {title} ==");
}

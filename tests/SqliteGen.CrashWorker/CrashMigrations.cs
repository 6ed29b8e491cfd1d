using System.Collections.Generic;

namespace SqliteGen.CrashWorker;

/// <summary>
/// A four-version history for the migration crash test, heavy enough (tens of thousands of rows) that a kill
/// often lands inside a step: a table, an added column filled by a C# data step, a table rebuild, an index.
/// The worker walks the file up and down between versions; the test checks after every kill that the file is
/// at a whole version (the schema of a fresh file at that version) with every row.
/// </summary>
public static class CrashMigrations
{
    public const string Name = "CrashMigrations";

    public const int Rows = 40_000;

    public static IReadOnlyList<Migration> Steps { get; } = new[]
    {
        new Migration(1,
            up: "CREATE TABLE docs (id INTEGER NOT NULL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL) STRICT;",
            down: "DROP TABLE docs;",
            downLosesData: "table docs"),
        new Migration(2,
            up: "ALTER TABLE docs ADD COLUMN words INTEGER NOT NULL DEFAULT 0;",
            down: "ALTER TABLE docs DROP COLUMN words;",
            downLosesData: "column docs.words")
            .WithDataStep("CountWords", context => context.Execute("UPDATE docs SET words = length(body) - length(replace(body, ' ', '')) + 1")),
        new Migration(3,
            // title becomes nullable with a length check: a rebuild
            up: """
                CREATE TABLE sqlitegen_new_docs (id INTEGER NOT NULL PRIMARY KEY, title TEXT CHECK (length(title) < 200), body TEXT NOT NULL, words INTEGER NOT NULL DEFAULT 0) STRICT;
                INSERT INTO sqlitegen_new_docs (id, title, body, words) SELECT id, title, body, words FROM docs;
                DROP TABLE docs;
                ALTER TABLE sqlitegen_new_docs RENAME TO docs;
                """,
            down: """
                CREATE TABLE sqlitegen_new_docs (id INTEGER NOT NULL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, words INTEGER NOT NULL DEFAULT 0) STRICT;
                INSERT INTO sqlitegen_new_docs (id, title, body, words) SELECT id, title, body, words FROM docs;
                DROP TABLE docs;
                ALTER TABLE sqlitegen_new_docs RENAME TO docs;
                """),
        new Migration(4,
            up: "CREATE INDEX ix_docs_words ON docs (words, title);",
            down: "DROP INDEX ix_docs_words;"),
    };

    /// <summary>
    /// The same history with a data step in version 4 that rewrites every row and then fails: a path from version 1
    /// to 4 runs steps 2 and 3 (the data step, the rebuild) and is then rolled back whole.
    /// </summary>
    public static IReadOnlyList<Migration> FailingSteps { get; } = new[]
    {
        Steps[0], Steps[1], Steps[2],
        Steps[3].WithDataStep("FailAfterRewriting", context =>
        {
            context.Execute("UPDATE docs SET title = NULL");
            throw new System.InvalidOperationException("version 4's data step fails on purpose");
        }),
    };

    /// <summary>
    /// The history with seed data heavy enough that a kill often lands inside it: version 1's seed writes
    /// <see cref="Rows"/> documents (then version 2's data step counts their words), version 3's adds a welcome document.
    /// </summary>
    public static IReadOnlyList<Migration> SeededSteps { get; } = new[]
    {
        Steps[0].WithSeedData("SeedDocs", context => context.Execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows) " +
            "INSERT INTO docs (id, title, body) SELECT i, 'doc ' || i, 'one two three ' || hex(randomblob(20)) FROM n", ("$rows", Rows))),
        Steps[1],
        Steps[2].WithSeedData("SeedWelcome", context => context.Execute("INSERT INTO docs (id, title, body) VALUES (0, 'welcome', 'hello there')")),
        Steps[3],
    };
}

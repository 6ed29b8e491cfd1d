using System.Collections.Generic;

namespace SqliteGen.Tests.Migrations;

/// <summary>
/// A six-version history covering the kinds of change the runtime has to apply: a new table, a new
/// table with a foreign key, an added column, a renamed column, a table rebuild (type, nullability and
/// check change: the 12-step procedure), and a renamed table. The SQL is written by hand here because
/// these tests are about the migrator (transactions, history, drift, locking, dry run); <see cref="Fresh"/>
/// is each version's schema written independently, so "migrated" can be compared with "created".
/// </summary>
public static class MigrationHistory
{
    public static IReadOnlyList<Migration> Steps { get; } = new[]
    {
        new Migration(1,
            up: """
                CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
                CREATE UNIQUE INDEX ux_users_email ON users (email);
                """,
            down: "DROP TABLE users;",
            downLosesData: "table users"),
        new Migration(2,
            up: """
                CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, body TEXT NOT NULL) STRICT;
                CREATE INDEX ix_notes_user_id ON notes (user_id);
                """,
            down: "DROP TABLE notes;",
            downLosesData: "table notes"),
        new Migration(3,
            up: "ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';",
            down: "ALTER TABLE users DROP COLUMN name;",
            downLosesData: "column users.name"),
        new Migration(4,
            up: "ALTER TABLE users RENAME COLUMN name TO display_name;",
            down: "ALTER TABLE users RENAME COLUMN display_name TO name;"),
        new Migration(5,
            // notes.body becomes nullable with a length check: SQLite cannot ALTER that, so rebuild.
            up: """
                CREATE TABLE notes_new (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, body TEXT CHECK (length(body) <= 1000)) STRICT;
                INSERT INTO notes_new (id, user_id, body) SELECT id, user_id, body FROM notes;
                DROP TABLE notes;
                ALTER TABLE notes_new RENAME TO notes;
                CREATE INDEX ix_notes_user_id ON notes (user_id);
                """,
            down: """
                CREATE TABLE notes_old (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, body TEXT NOT NULL) STRICT;
                INSERT INTO notes_old (id, user_id, body) SELECT id, user_id, body FROM notes;
                DROP TABLE notes;
                ALTER TABLE notes_old RENAME TO notes;
                CREATE INDEX ix_notes_user_id ON notes (user_id);
                """),
        new Migration(6,
            up: "ALTER TABLE notes RENAME TO memos;",
            down: "ALTER TABLE memos RENAME TO notes;"),
    };

    /// <summary>Each version's schema as a fresh database would be created (index 0 = version 1).</summary>
    public static IReadOnlyList<string> Fresh { get; } = new[]
    {
        Users(""),
        Users("") + Notes("notes", "body TEXT NOT NULL"),
        Users(", name TEXT NOT NULL DEFAULT ''") + Notes("notes", "body TEXT NOT NULL"),
        Users(", display_name TEXT NOT NULL DEFAULT ''") + Notes("notes", "body TEXT NOT NULL"),
        Users(", display_name TEXT NOT NULL DEFAULT ''") + Notes("notes", "body TEXT CHECK (length(body) <= 1000)"),
        Users(", display_name TEXT NOT NULL DEFAULT ''") + Notes("memos", "body TEXT CHECK (length(body) <= 1000)"),
    };

    private static string Users(string extra) => $"""
        CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL{extra}) STRICT;
        CREATE UNIQUE INDEX ux_users_email ON users (email);

        """;

    private static string Notes(string table, string body) => $"""
        CREATE TABLE {table} (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, {body}) STRICT;
        CREATE INDEX ix_notes_user_id ON {table} (user_id);

        """;
}

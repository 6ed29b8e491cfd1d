using System.Collections.Generic;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// Seven versions of one application's records, as a developer would have written them release after
/// release, covering every kind of change the generator must migrate without hand-written SQL:
/// <list type="number">
/// <item>users (key, unique email)</item>
/// <item>a new table with a foreign key and an index (notes)</item>
/// <item>added columns with defaults (users.name, users.age: native ADD COLUMN)</item>
/// <item>a declared column rename (name to display_name: native RENAME COLUMN) and a new index</item>
/// <item>nullability and CHECK change (notes.body) and a default change (display_name): table rebuilds</item>
/// <item>a declared table rename (notes to memos), a foreign-key action change and a full-text index (FTS5 table and triggers)</item>
/// <item>a dropped column (display_name, with its index), a type change (age: INTEGER to TEXT), a
/// primary-key change (memos keyed by user and id, rebuilt with its full-text index), a unique index made plain, a vector column</item>
/// </list>
/// Each version also has seed SQL that fills a file at that version.
/// </summary>
internal static class ShopHistory
{
    public const int Latest = 7;

    public static string Source(int version) => version switch
    {
        1 => Db(1) + """
            [Table("users")]
            public partial record User([PrimaryKey] long Id, [Unique] string Email);
            """,
        2 => Db(2) + """
            [Table("users")]
            public partial record User([PrimaryKey] long Id, [Unique] string Email);

            [Table("notes")]
            public partial record Note(
                [PrimaryKey] long Id,
                [References(typeof(User), OnDelete = ForeignKeyAction.Cascade), Indexed] long UserId,
                string Body);
            """,
        3 => Db(3) + """
            [Table("users")]
            public partial record User(
                [PrimaryKey] long Id,
                [Unique] string Email,
                [Column(Default = "''")] string Name,
                [Column(Default = "0")] int Age);

            [Table("notes")]
            public partial record Note(
                [PrimaryKey] long Id,
                [References(typeof(User), OnDelete = ForeignKeyAction.Cascade), Indexed] long UserId,
                string Body);
            """,
        4 => Db(4) + """
            [Table("users")]
            public partial record User(
                [PrimaryKey] long Id,
                [Unique] string Email,
                [Column(Default = "''"), RenamedFrom("name"), Indexed] string DisplayName,
                [Column(Default = "0")] int Age);

            [Table("notes")]
            public partial record Note(
                [PrimaryKey] long Id,
                [References(typeof(User), OnDelete = ForeignKeyAction.Cascade), Indexed] long UserId,
                string Body);
            """,
        5 => Db(5) + """
            [Table("users")]
            public partial record User(
                [PrimaryKey] long Id,
                [Unique] string Email,
                [Column(Default = "'anonymous'"), RenamedFrom("name"), Indexed] string DisplayName,
                [Column(Default = "0")] int Age);

            [Table("notes")]
            public partial record Note(
                [PrimaryKey] long Id,
                [References(typeof(User), OnDelete = ForeignKeyAction.Cascade), Indexed] long UserId,
                [Column(Check = "length(body) <= 1000")] string? Body);
            """,
        6 => Db(6) + """
            [Table("users")]
            public partial record User(
                [PrimaryKey] long Id,
                [Unique] string Email,
                [Column(Default = "'anonymous'"), Indexed] string DisplayName,
                [Column(Default = "0")] int Age);

            [Table("memos"), RenamedFrom("notes")]
            public partial record Memo(
                [PrimaryKey] long Id,
                [References(typeof(User), OnDelete = ForeignKeyAction.Restrict), Indexed] long UserId,
                [Column(Check = "length(body) <= 1000"), FullText] string? Body);
            """,
        7 => Db(7) + """
            [Table("users")]
            public partial record User(
                [PrimaryKey] long Id,
                [Indexed] string Email,
                [Column(Default = "'0'")] string Age);

            [Table("memos"), RenamedFrom("notes")]
            public partial record Memo(
                [PrimaryKey(Order = 2)] long Id,
                [PrimaryKey(Order = 1), References(typeof(User), OnDelete = ForeignKeyAction.Restrict)] long UserId,
                [Column(Check = "length(body) <= 1000"), FullText] string? Body,
                [Vector(3)] float[]? Embedding);
            """,
        _ => throw new System.ArgumentOutOfRangeException(nameof(version)),
    };

    private static string Db(int version) => $$"""
        using SqliteGen;

        namespace Shop;

        [SqliteDatabase(Version = {{version}})]
        public partial class ShopDb;


        """;

    /// <summary>Rows for a file at <paramref name="version"/>: two users, three notes (memos).</summary>
    public static string Seed(int version) => version switch
    {
        1 => "INSERT INTO users (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com');",
        2 => Seed(1) + "\nINSERT INTO notes (id, user_id, body) VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third');",
        3 => "INSERT INTO users (id, email, name, age) VALUES (1, 'ada@example.com', 'Ada', 36), (2, 'bob@example.com', 'Bob', 41);"
            + "\nINSERT INTO notes (id, user_id, body) VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third');",
        4 or 5 => "INSERT INTO users (id, email, display_name, age) VALUES (1, 'ada@example.com', 'Ada', 36), (2, 'bob@example.com', 'Bob', 41);"
            + "\nINSERT INTO notes (id, user_id, body) VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third');",
        6 => "INSERT INTO users (id, email, display_name, age) VALUES (1, 'ada@example.com', 'Ada', 36), (2, 'bob@example.com', 'Bob', 41);"
            + "\nINSERT INTO memos (id, user_id, body) VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third');",
        7 => "INSERT INTO users (id, email, age) VALUES (1, 'ada@example.com', '36'), (2, 'bob@example.com', '41');"
            + "\nINSERT INTO memos (id, user_id, body) VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third');",
        _ => throw new System.ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>The user tables of each version (for row counts).</summary>
    public static IReadOnlyList<string> Tables(int version) => version switch
    {
        1 => new[] { "users" },
        <= 5 => new[] { "notes", "users" },
        _ => new[] { "memos", "users" },
    };
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SqliteGen.Tests;
using Xunit;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Hostile values through the generated APIs, as keys and as values: SQL text, huge strings and blobs,
/// control characters and NUL, every Unicode plane. Each is stored and returned exactly (checked through the
/// generated API and against the bytes plain SQL reads), never interpreted. Unpaired surrogates, which UTF-8
/// cannot hold, are refused (docs/type-mapping.md).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ProbeDb _db;

    public HostileInputTests() => _db = ProbeDb.Open(_folder.File());

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    public static readonly string[] SqlLooking =
    {
        "'; DROP TABLE notes; --",
        "\"; DROP TABLE notes; --",
        "Robert'); DROP TABLE notes;--",
        "x' OR '1'='1",
        "1 OR 1=1",
        "' UNION SELECT sqlite_version(), 1, 2, 3 --",
        "*/ DELETE FROM notes /*",
        "$key", "?", "?1", ":title", "@body", "%", "_", "NULL", "\\", "'", "''", "\"", "`", "[notes]",
        "ATTACH DATABASE '/tmp/x.db' AS x; --",
        "PRAGMA writable_schema = 1",
    };

    [Fact]
    public void Values_that_look_like_SQL_are_stored_and_returned_exactly_as_keys_and_values()
    {
        Note[] notes = SqlLooking.Select((text, i) => new Note(text, text, text + text, Encoding.UTF8.GetBytes(text))).ToArray();
        foreach (Note note in notes)
            _db.Notes.Insert(note);

        Assert.Equal(notes.Length, _db.Notes.Count());
        foreach (Note note in notes)
        {
            NoteAssert.Same(note, _db.Notes.Get(note.Key));
            // Equality, not LIKE: '%' and '_' find only themselves.
            Note found = Assert.Single(_db.Notes.FindByTitle(note.Title));
            Assert.Equal(note.Key, found.Key);
        }
        foreach (Note note in notes)
        {
            Assert.True(_db.Notes.Update(note with { Body = "updated " + note.Key }));
            _db.Notes.Upsert(note with { Title = note.Title + "!" });
        }
        Assert.True(_db.Notes.Delete(SqlLooking[0]));
        Assert.Null(_db.Notes.Find(SqlLooking[0]));

        // The table, its rows and the schema are all still there; the bytes stored are the text's UTF-8.
        Assert.Equal(notes.Length - 1, _db.Notes.Count());
        string path = _db.FilePath;
        Assert.Equal(new object[] { "ix_notes_title", "notes" }, Ledger.Query(path, "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").Select(row => row[0]));
        var stored = Ledger.Query(path, "SELECT CAST(key AS BLOB), CAST(title AS BLOB) FROM notes").ToDictionary(row => Encoding.UTF8.GetString((byte[])row[0]), row => (byte[])row[1]);
        foreach (Note note in notes.Skip(1))
            Assert.Equal(Encoding.UTF8.GetBytes(note.Title + "!"), stored[note.Key]);
    }

    [Fact]
    public void Huge_strings_and_blobs_round_trip_exactly_as_keys_and_values()
    {
        var random = new Random(99);
        string hugeText = RandomText(random, 4_000_000); // about 10 MB of UTF-8 with characters from every plane
        var hugeBlob = new byte[16 * 1024 * 1024];
        random.NextBytes(hugeBlob);
        string hugeKey = RandomText(random, 300_000);

        var notes = new[]
        {
            new Note(hugeKey, "big key", null, Array.Empty<byte>()),
            new Note("big values", hugeText, hugeText, hugeBlob),
        };
        Assert.Equal(2, _db.Notes.InsertMany(notes));
        foreach (Note note in notes)
            NoteAssert.Same(note, _db.Notes.Get(note.Key));
        Assert.Equal("big values", Assert.Single(_db.Notes.FindByTitle(hugeText)).Key);
        Assert.Equal((long)hugeBlob.Length, Ledger.Query(_db.FilePath, "SELECT length(data) FROM notes WHERE key = 'big values'")[0][0]);

        Assert.True(_db.Notes.Update(notes[1] with { Body = hugeText[..^1] + "!" }));
        Assert.Equal(hugeText[..^1] + "!", _db.Notes.Get("big values").Body);
    }

    [Fact]
    public void Control_characters_and_NUL_are_kept_inside_keys_and_values()
    {
        string controls = new(Enumerable.Range(0, 0x20).Append(0x7F).Concat(Enumerable.Range(0x80, 0x20)).Select(c => (char)c).ToArray());
        var notes = new[]
        {
            new Note("a", "plain", null, new byte[] { 0 }),
            new Note("a\0b", "nul inside " + controls, controls, Encoding.UTF8.GetBytes(controls)),
            new Note("a\0c", "\0", "\0\0\0", new byte[] { 0, 0, 0 }),
            new Note("\0", controls + "\0end", "\r\n\t\u001b[31m red \u001b[0m", Array.Empty<byte>()),
        };
        foreach (Note note in notes)
            _db.Notes.Insert(note);

        Assert.Equal(notes.Length, _db.Notes.Count());
        foreach (Note note in notes)
        {
            NoteAssert.Same(note, _db.Notes.Get(note.Key));
            Assert.Equal(note.Key, Assert.Single(_db.Notes.FindByTitle(note.Title)).Key);
        }
        Assert.Null(_db.Notes.Find("a\0"));
        // Stored with their full length: SQLite's own length() of the key's bytes.
        Assert.Equal(new long[] { 1, 1, 3, 3 }, Ledger.Query(_db.FilePath, "SELECT length(CAST(key AS BLOB)) FROM notes ORDER BY length(CAST(key AS BLOB)), key").Select(row => (long)row[0]));
    }

    [Fact]
    public void Every_Unicode_scalar_value_round_trips_and_is_never_normalized()
    {
        // Every scalar value of every plane (U+0000..U+10FFFF without the surrogate range): 1,112,064 of them.
        var all = new StringBuilder();
        for (int scalar = 0; scalar <= 0x10FFFF; scalar++)
        {
            if (Rune.IsValid(scalar))
                all.Append(char.ConvertFromUtf32(scalar));
        }
        string everything = all.ToString();
        _db.Notes.Insert(new Note("everything", everything, everything, Encoding.UTF8.GetBytes(everything)));
        NoteAssert.Same(new Note("everything", everything, everything, Encoding.UTF8.GetBytes(everything)), _db.Notes.Get("everything"));
        Assert.Equal(Encoding.UTF8.GetBytes(everything), (byte[])Ledger.Query(_db.FilePath, "SELECT CAST(body AS BLOB) FROM notes")[0][0]);

        // Keys from each of the 17 planes, and texts that look alike but are different code points.
        var keys = new List<string>();
        for (int plane = 0; plane <= 16; plane++)
        {
            int first = plane << 16;
            keys.Add(string.Concat(new[] { first + 0x41, first + 0xFFFD, first + 0xFFFF }.Where(Rune.IsValid).Select(char.ConvertFromUtf32)));
        }
        keys.AddRange(new[]
        {
            "\uFEFFbom first", "bom last\uFEFF", "\u00E9", "e\u0301", "\u212B", "\u00C5", "A\u030A", // BOMs; é / e + combining; Angstrom sign / Å / A + ring
            "\u202Eevil\u202C", "\u200D", "👩‍👩‍👧", "👩👩👧", "\uFFFE\uFFFF", "\U0010FFFF", "\U000E0001", "\U000F0000", "\uFFFD",
        });
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (string key in keys)
            _db.Notes.Insert(new Note(key, key, key, Encoding.UTF8.GetBytes(key)));
        foreach (string key in keys)
        {
            Note stored = _db.Notes.Get(key);
            Assert.Equal(key, stored.Key, StringComparer.Ordinal);
            Assert.Equal(key, stored.Body, StringComparer.Ordinal);
            Assert.Equal(key, Assert.Single(_db.Notes.FindByTitle(key)).Key, StringComparer.Ordinal);
        }
        Assert.Equal(keys.Count + 1, _db.Notes.Count());
    }

    private static readonly string[] s_unpaired = { "\uD800", "a\uDBFFb", "\uDC00", "end\uD83D", "\uDE00start", "\uDC00\uD800" };

    // By index: xunit cannot tell apart test cases whose only argument is a string with lone surrogates.
    public static TheoryData<int> UnpairedSurrogates() => new(Enumerable.Range(0, s_unpaired.Length));

    /// <summary>
    /// UTF-16 text with an unpaired surrogate has no UTF-8 form. Stored as is, it would silently become U+FFFD
    /// (and a lookup by it would find a U+FFFD row): SqliteGen refuses it, naming the parameter, and writes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void Unpaired_surrogates_are_refused_naming_the_parameter_and_nothing_is_written(int index)
    {
        string text = s_unpaired[index];
        // What a lossy conversion would turn the text into: a row with that key exists, and must not be found.
        string replaced = new(text.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c).ToArray());
        _db.Notes.Insert(new Note(replaced, "replaced", null, Array.Empty<byte>()));

        var asValue = Assert.Throws<SqliteGenException>(() => _db.Notes.Insert(new Note("ok", text, null, Array.Empty<byte>())));
        Assert.Contains("$title", asValue.Message);
        Assert.Contains("unpaired surrogate", asValue.Message);
        var asKey = Assert.Throws<SqliteGenException>(() => _db.Notes.Insert(new Note(text, "t", null, Array.Empty<byte>())));
        Assert.Contains("$key", asKey.Message);
        var inBatch = Assert.Throws<SqliteGenException>(() => _db.Notes.InsertMany(new[] { new Note("first", "t", null, Array.Empty<byte>()), new Note("second", "t", text, Array.Empty<byte>()) }));
        Assert.Contains("$body", inBatch.Message);
        Assert.Throws<SqliteGenException>(() => _db.Notes.Find(text));
        Assert.Throws<SqliteGenException>(() => _db.Notes.FindByTitle(text));

        Assert.Equal(1, _db.Notes.Count());
        Assert.Null(_db.Notes.Find("ok"));
        Assert.Null(_db.Notes.Find("first"));
    }

    /// <summary>Random text with characters from all planes (well-formed: surrogates only in pairs).</summary>
    private static string RandomText(Random random, int runes)
    {
        var text = new StringBuilder(runes * 2);
        for (int i = 0; i < runes; i++)
        {
            int scalar = random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0, 0xD800),
                2 => random.Next(0xE000, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(scalar));
        }
        return text.ToString();
    }
}

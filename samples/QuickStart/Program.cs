// QuickStart: open a SQLite file, write and read rows through the repositories SqliteGen generated
// from Schema.cs. No reflection anywhere, so this program also runs as a NativeAOT binary.
//
//   dotnet run --project samples/QuickStart              (uses ./quickstart.db)
//   dotnet run --project samples/QuickStart -- my.db     (any file path)

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QuickStart;
using SqliteGen;

string path = args.Length > 0 ? args[0] : "quickstart.db";

// Running twice must work. This demo owns its file: it deletes it (and SQLite's -wal/-shm side files)
// first, so every run starts from an empty database and prints the same output. A real application
// keeps its file: Open accepts an existing file at the same schema version, as the end of this demo shows.
foreach (string file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
    File.Delete(file); // no error when the file does not exist

// Fixed keys and dates keep the output identical from run to run.
var alice = new User(Guid.Parse("a11ce000-0000-4000-8000-000000000001"), "alice@example.com", "Alice", new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
var bob = new User(Guid.Parse("b0b00000-0000-4000-8000-000000000002"), "bob@example.com", "Bob", new DateTimeOffset(2026, 11, 5, 14, 0, 0, TimeSpan.FromHours(1)));
var carol = new User(Guid.Parse("ca201000-0000-4000-8000-000000000003"), "carol@example.com", "Carol", new DateTimeOffset(2026, 11, 9, 18, 15, 0, TimeSpan.FromHours(-5)));

try
{
    // Open creates the file and the schema (WAL mode, foreign keys on: see SqliteGenOptions for the settings).
    using (NotesDb db = NotesDb.Open(path))
    {
        Console.WriteLine($"Opened {Path.GetFileName(db.FilePath)} (schema version {NotesDb.SchemaVersion}, WAL). The generated schema:");
        foreach (string line in NotesDb.CreateSchemaSql.Split('\n').Select(l => l.TrimEnd()))
            Console.WriteLine(line.Length == 0 ? "" : "    " + line);

        Section("Insert");
        db.Users.Insert(alice);
        int added = db.Users.InsertMany(new[] { bob, carol }); // one transaction, one prepared statement
        Console.WriteLine($"users: inserted 1 + {added}; Count() = {db.Users.Count()}");

        // AutoIncrement key: pass 0, Insert returns the row with the key SQLite assigned.
        Note first = db.Notes.Insert(new Note(0, alice.UserId, "Groceries", "milk, eggs, coffee", false, new NoteMeta(["home"], 1)));
        Console.WriteLine($"notes: inserted '{first.Title}' as note #{first.NoteId}");

        Section("Write transaction");
        // Everything inside Write commits together; an exception inside rolls all of it back.
        // Inside the transaction use tx.Users / tx.Notes (they see its uncommitted rows), not db.Users.
        db.Write(tx =>
        {
            tx.Notes.Insert(new Note(0, bob.UserId, "Release checklist", "tag, pack, publish", true, new NoteMeta(["work", "release"], 1)));
            tx.Notes.Insert(new Note(0, bob.UserId, "Ideas", "a NativeAOT sample", false, new NoteMeta(["work"], 1)));
            tx.Notes.Insert(new Note(0, carol.UserId, "Books", "SQLite internals", false, new NoteMeta([], 1)));
            tx.Users.Update(bob with { Name = "Bob B." });
        });
        Console.WriteLine($"committed: notes Count() = {db.Notes.Count()}, user 'bob' is now named '{db.Users.Get(bob.UserId).Name}'");

        using (NotesDb.WriteTransaction tx = db.BeginWrite())
        {
            tx.Notes.Insert(new Note(0, alice.UserId, "Draft", "never committed", false, new NoteMeta([], 1)));
            Console.WriteLine($"inside an open transaction: notes Count() = {tx.Notes.Count()}");
        } // disposed without Commit(): rolled back
        Console.WriteLine($"after rollback: notes Count() = {db.Notes.Count()}");

        Section("Queries");
        User got = db.Users.Get(alice.UserId); // Get throws EntityNotFoundException; Find returns null
        Console.WriteLine($"Get(alice)                 -> {got.Name} <{got.Email}>, joined {got.JoinedAt:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine($"FindByEmail(bob@...)       -> {db.Users.FindByEmail("bob@example.com")?.Name ?? "(none)"}");
        Console.WriteLine($"FindByEmail(nobody@...)    -> {db.Users.FindByEmail("nobody@example.com")?.Name ?? "(none)"}");
        Console.WriteLine($"Find(Guid.Empty)           -> {(db.Users.Find(Guid.Empty) is null ? "null" : "a row?")}");
        IReadOnlyList<Note> bobsNotes = db.Notes.FindByUserId(bob.UserId); // from [Indexed]
        Console.WriteLine($"Notes.FindByUserId(bob)    -> {string.Join(", ", bobsNotes.Select(n => $"#{n.NoteId} {n.Title}"))}");
        Console.WriteLine("Notes.All():");
        foreach (Note note in db.Notes.All().OrderBy(n => n.NoteId))
            Console.WriteLine($"    #{note.NoteId} {note.Title,-18} pinned={(note.Pinned ? "yes" : "no "),-3} tags=[{string.Join(",", note.Meta.Tags)}] rev {note.Meta.Revision}");
        Console.WriteLine($"Notes.CountAsync()         -> {await db.Notes.CountAsync()}");

        Section("Constraints");
        try
        {
            db.Users.Insert(new User(Guid.NewGuid(), "alice@example.com", "Another Alice", DateTimeOffset.UnixEpoch));
        }
        catch (ConstraintViolationException e)
        {
            Console.WriteLine($"duplicate e-mail -> {e.Kind} on {e.Columns}");
        }
        try
        {
            db.Notes.Insert(new Note(0, Guid.Empty, "Orphan", "no such user", false, new NoteMeta([], 1)));
        }
        catch (ConstraintViolationException e)
        {
            Console.WriteLine($"note for a missing user -> {e.Kind}");
        }
        try
        {
            db.Users.Get(Guid.Empty);
        }
        catch (EntityNotFoundException e)
        {
            Console.WriteLine($"Get(missing key) -> EntityNotFoundException ({e.Key})");
        }

        Section("Delete");
        bool deleted = db.Users.Delete(carol.UserId); // ON DELETE CASCADE removes Carol's notes too
        Console.WriteLine($"Delete(carol) = {deleted}; users Count() = {db.Users.Count()}, notes Count() = {db.Notes.Count()}");
    } // Dispose closes every connection; SQLite checkpoints the WAL into the file.

    Section("Migrations");
    // Version 1 is frozen in sqlitegen/NotesDb.v1.json; version 2 added User.Bio. The generator wrote both steps,
    // and Open takes a version-1 file to version 2 (each step in one transaction, recorded with its checksum).
    foreach (Migration step in NotesDb.Migrations)
    {
        string firstLine = step.Up.Split('\n')[0];
        Console.WriteLine($"version {step.Version}: {firstLine}{(step.Up.Contains('\n') ? " ..." : "")}  (checksum {step.Checksum[..12]})");
    }

    Section("Reopen");
    // An existing file at the same schema version opens as is: the rows are still there.
    using (NotesDb db = NotesDb.Open(path))
    {
        Console.WriteLine($"reopened {Path.GetFileName(db.FilePath)}: {db.Users.Count()} users, {db.Notes.Count()} notes; users: {string.Join(", ", db.Users.All().Select(u => u.Name).Order())}");
    }

    Section("Import");
    // ImportJson reads a JSON array, newline-delimited JSON or a TinyDB table into a table, in batches (one
    // transaction each), with each property by column or member name; a bad record names its line and field.
    using (NotesDb db = NotesDb.Open(path))
    {
        Guid owner = db.Users.All().Select(u => u.UserId).Order().First();
        string ndjson = $$$"""
            {"user_id": "{{{owner}}}", "title": "Imported one", "body": "from NDJSON", "pinned": false, "meta": {"Tags": ["import"], "Revision": 1}}
            {"UserId": "{{{owner}}}", "Title": "Imported two", "Body": "member names work too", "Pinned": true, "Meta": {"Tags": [], "Revision": 2}}
            """;
        ImportSummary summary = db.Notes.ImportJson(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ndjson)));
        Console.WriteLine($"imported: read {summary.Read}, inserted {summary.Inserted}, skipped {summary.Skipped}, failed {summary.Failed}; notes Count() = {db.Notes.Count()}");
        try
        {
            db.Notes.ImportJson(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"user_id\": \"" + owner + "\", \"title\": 42}")));
        }
        catch (ImportException e)
        {
            Console.WriteLine($"bad record -> ImportException at line {e.Line}, field '{e.Field}'");
        }
    }

    Console.WriteLine();
    Console.WriteLine("QuickStart finished OK.");
    return 0;
}
catch (SqliteGenException e)
{
    // Every SqliteGen error names the file, table, column or key involved.
    Console.Error.WriteLine($"QuickStart failed: {e.Message}");
    return 1;
}

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine($"== {title} ==");
}

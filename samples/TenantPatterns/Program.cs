// TenantPatterns: a shared base of response patterns and one database file per user, as in the seed
// system this sample is modelled on (shared/seeds/000_*): teacher mode writes the base, users read
// their own patterns first and the base as fallback, and no user sees another's rows.
//
//   dotnet run --project samples/TenantPatterns              (uses ./tenant-patterns/)
//   dotnet run --project samples/TenantPatterns -- <folder>

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen;
using TenantPatterns;

string folder = args.Length > 0 ? args[0] : "tenant-patterns";
if (Directory.Exists(folder))
    Directory.Delete(folder, recursive: true); // the demo starts from nothing on every run
Directory.CreateDirectory(folder);

try
{
    using PatternStore store = PatternStore.Open(Path.Combine(folder, "base.db"));
    Console.WriteLine($"base file: {Path.GetFileName(store.FilePath)}; tenant files in {Path.GetFileName(store.TenantFolder)}/");

    Section("Teacher mode: the shared base");
    store.Intents.InsertMany(new[] { new Intent("greeting", "Saying hello"), new Intent("farewell", "Saying goodbye") });
    store.Base.ResponsePatterns.InsertMany(new[]
    {
        new ResponsePattern("greet-1", "user says hi", "Hello! How can I help?", 0.80, "greeting", 0),
        new ResponsePattern("greet-2", "user says good morning", "Good morning!", 0.70, "greeting", 0),
        new ResponsePattern("bye-1", "user says bye", "Goodbye, see you soon.", 0.75, "farewell", 0),
    });
    Console.WriteLine($"base patterns: {store.Base.ResponsePatterns.Count()}");

    Section("Layered retrieval");
    using (PatternStore.TenantView alice = store.ForTenant("alice"))
    {
        // Alice's own version of greet-1 wins over the base one; greet-2 still comes from the base.
        alice.ResponsePatterns.Insert(new ResponsePattern("greet-1", "user says hi", "Hi Alice here, what's up?", 0.95, "greeting", 3));
        alice.ResponsePatterns.Insert(new ResponsePattern("greet-9", "user waves", "*waves back*", 0.60, "greeting", 1));
        foreach (ResponsePattern p in alice.ResponsePatterns.FindByIntent("greeting").OrderByDescending(p => p.SuccessScore))
            Console.WriteLine($"alice  {p.FragmentId,-8} {p.SuccessScore:0.00}  {p.ResponseText}");
        Console.WriteLine($"alice sees {alice.ResponsePatterns.Count()} patterns ({alice.ResponsePatterns.Tenant.Count()} her own)");
        alice.UserNotes.Insert(new UserNote(0, "prefers short answers"));
    }
    using (PatternStore.TenantView bob = store.ForTenant("bob"))
    {
        Console.WriteLine($"bob    greet-1  {bob.ResponsePatterns.Get("greet-1").ResponseText}");
        Console.WriteLine($"bob sees {bob.ResponsePatterns.Count()} patterns and {bob.UserNotes.Count()} notes (alice's note is in her file only)");
    }

    Section("Isolation");
    Console.WriteLine($"base patterns after the users wrote: {store.Base.ResponsePatterns.Count()} (unchanged)");
    try
    {
        store.ForTenant("../base");
    }
    catch (InvalidTenantIdException e)
    {
        Console.WriteLine($"ForTenant(\"../base\") -> {e.Message}");
    }

    Section("Concurrent users");
    // The seed's own check, scaled up: 8 tasks writing to 20 users' files at once, no lock errors, nothing lost.
    await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
    {
        for (int i = 0; i < 25; i++)
        {
            using PatternStore.TenantView user = store.ForTenant($"user-{(t * 25 + i) % 20:D2}");
            user.ResponsePatterns.Insert(new ResponsePattern($"p-{t}-{i}", "load test", "ok", 0.5, "greeting", 0));
        }
    })));
    long total = Enumerable.Range(0, 20).Sum(u =>
    {
        using PatternStore.TenantView user = store.ForTenant($"user-{u:D2}");
        return user.ResponsePatterns.Tenant.Count();
    });
    Console.WriteLine($"200 concurrent writes across 20 user files: {total} stored");

    Section("Migrating every user's file");
    var report = store.MigrateAllTenants(maxParallelism: 2);
    Console.WriteLine($"{report.Tenants.Count} tenant files at version {PatternStore.SchemaVersion}, {report.Failed.Count} failed");

    Console.WriteLine();
    Console.WriteLine("TenantPatterns finished OK.");
    return 0;
}
catch (SqliteGenException e)
{
    Console.Error.WriteLine($"TenantPatterns failed: {e.Message}");
    return 1;
}

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine($"== {title} ==");
}

// Corpus look-alike of okkema/dotnet:tests/Okkema.SQL.Tests/NoteRepositoryTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading.Tasks;
using Okkema.Notes.Data;
using Okkema.Notes.Repositories;
using Okkema.Notes.Services;
using Okkema.SQL.Factories;
using Okkema.SQL.Options;

namespace Okkema.SQL.Tests;

public class NoteRepositoryTests
{
    private static readonly DbConnectionOptions Options = new() { ConnectionString = "Data Source=notes-tests;Mode=Memory;Cache=Shared" };

    public async Task Created_notes_are_listed()
    {
        var factory = new SQLiteConnectionFactory();
        await SchemaInitializer.RunAsync(factory, Options);
        var service = new NoteService(new NoteRepository(factory, Options));
        await service.CreateAsync("first", "body");
        await service.CreateAsync("second", "body");
        if ((await service.PageAsync(0, 10)).Count < 2)
            throw new InvalidOperationException("both notes should be listed");
    }
}

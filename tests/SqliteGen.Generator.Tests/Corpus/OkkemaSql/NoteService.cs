// Corpus look-alike of okkema/dotnet:examples/Okkema.Notes/Services/NoteService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Okkema.Notes.Entities;
using Okkema.Notes.Repositories;

namespace Okkema.Notes.Services;

public class NoteService
{
    private readonly NoteRepository _notes;

    public NoteService(NoteRepository notes) => _notes = notes;

    public async Task<Note> CreateAsync(string title, string body)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw new ArgumentException("A note needs a title.", nameof(title));
        var note = new Note { Title = title.Trim(), Body = body };
        await _notes.CreateAsync(note);
        return note;
    }

    public async Task<IReadOnlyList<Note>> PageAsync(int page, int size) => (await _notes.ListAsync(page * size, size)).ToList();

    public Task<bool> RemoveAsync(Guid key) => _notes.DeleteAsync(key);

    public async Task<IReadOnlyList<Note>> FindAsync(string text) => (await _notes.SearchAsync(text)).ToList();
}

// Corpus look-alike of okkema/dotnet:examples/Okkema.Notes/Repositories/NoteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using System.Threading.Tasks;
using Dapper;
using Okkema.Notes.Entities;
using Okkema.SQL.Factories;
using Okkema.SQL.Options;
using Okkema.SQL.Repositories;

namespace Okkema.Notes.Repositories;

public class NoteRepository : RepositoryBase<Note>
{
    public NoteRepository(IDbConnectionFactory factory, DbConnectionOptions options) : base(factory, options)
    {
    }

    public async Task<IEnumerable<Note>> SearchAsync(string text)
    {
        using IDbConnection connection = Open();
        return await connection.QueryAsync<Note>("SELECT * FROM Note WHERE Title LIKE '%' || @text || '%' OR Body LIKE '%' || @text || '%'", new { text });
    }

    public async Task<IEnumerable<Note>> PinnedAsync(bool pinned)
    {
        using IDbConnection connection = Open();
        string sql = "SELECT * FROM Note WHERE Pinned = " + (pinned ? 1 : 0);
        return await connection.QueryAsync<Note>(sql);
    }

    public async Task<int> UnpinAllAsync()
    {
        using IDbConnection connection = Open();
        return await connection.ExecuteAsync("UPDATE Note SET Pinned = 0");
    }

    public async Task<int> RenameAsync(System.Guid systemKey, string title)
    {
        using IDbConnection connection = Open();
        return await connection.ExecuteAsync("UPDATE Note SET Title = '" + title.Replace("'", "''") + "' WHERE SystemKey = @systemKey", new { systemKey }); // expect: SQLG301
    }
}

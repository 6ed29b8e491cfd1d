// Corpus look-alike of SqliteWebDemoApi (code search):Endpoints/TodoEndpoints.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SqliteWebDemoApi.Repositories;

namespace SqliteWebDemoApi.Endpoints;

public sealed record Todo(long Id, string Title, bool Done);

public sealed class TodoEndpoints(ISqliteRepository repository)
{
    public async Task<List<Todo>> ListAsync(string? search, CancellationToken ct)
    {
        await using SqliteConnection conn = await repository.OpenConnectionAsync(ct);
        await using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = search is null
            ? "SELECT id, title, done FROM todos ORDER BY id"
            : "SELECT id, title, done FROM todos WHERE title LIKE $search ORDER BY id";
        if (search is not null)
            cmd.Parameters.AddWithValue("$search", "%" + search + "%");
        var todos = new List<Todo>();
        await using SqliteDataReader reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            todos.Add(new Todo(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
        return todos;
    }

    public async Task<int> CompleteAsync(long id, CancellationToken ct)
    {
        await using SqliteConnection conn = await repository.OpenConnectionAsync(ct);
        await using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = $"UPDATE todos SET done = 1 WHERE id = {id}"; // expect: SQLG301
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> ClearDoneAsync(CancellationToken ct)
    {
        await using SqliteConnection conn = await repository.OpenConnectionAsync(ct);
        await using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM todos WHERE done = 1";
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> RenameAsync(long id, string title, CancellationToken ct)
    {
        await using var conn = new SqliteConnection("Data Source=todos.db");
        await conn.OpenAsync(ct); // expect: SQLG201
        await using SqliteCommand cmd = new SqliteCommand("UPDATE todos SET title = $title WHERE id = $id", conn);
        cmd.Parameters.AddWithValue("$title", title);
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

// A notes store written against Microsoft.Data.Sqlite directly, the way pre-SqliteGen code does it.
// Written for the corpus (not public code). Not compiled into the tests: AnalyzerCorpusTests compiles it and runs the analyzers over it.
// A line that must get a diagnostic ends with "// expect: ID"; every other line must get none.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Legacy;

public sealed record Note(long Id, string Title, string Body);

public sealed class NotesStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _shared;

    public NotesStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        _shared = new SqliteConnection(_connectionString);
        _shared.Open();
        Configure(_shared);
    }

    /// <summary>The set-up helper: every connection the store opens passes through it.</summary>
    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";
        command.ExecuteNonQuery();
    }

    public void CreateSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // the file is in WAL since the constructor ran (WAL is stored in the file)
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)";
        command.ExecuteNonQuery();
    }

    public long Add(string title, string body)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Configure(connection);
        using var command = new SqliteCommand("INSERT INTO notes (title, body) VALUES ($title, $body) RETURNING id", connection);
        command.Parameters.AddWithValue("$title", title);
        command.Parameters.AddWithValue("$body", body);
        return (long)command.ExecuteScalar()!;
    }

    public Note? FindByTitle(string title)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        new SqliteCommand("PRAGMA journal_mode=wal;", connection).ExecuteNonQuery();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, title, body FROM notes WHERE title = '{title}'"; // expect: SQLG301
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new Note(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public void Rename(long id, string title)
    {
        using var transaction = _shared.BeginTransaction(deferred: true); // expect: SQLG203
        using var command = _shared.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM notes WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        if ((long)command.ExecuteScalar()! == 0)
            return;
        command.CommandText = "UPDATE notes SET title = $title WHERE id = $id";
        command.Parameters.AddWithValue("$title", title);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public IReadOnlyList<Note> Recent(int count)
    {
        using var transaction = _shared.BeginTransaction(deferred: true);
        using var command = new SqliteCommand("SELECT id, title, body FROM notes ORDER BY id DESC LIMIT $count", _shared, transaction);
        command.Parameters.AddWithValue("$count", count);
        var notes = new List<Note>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            notes.Add(new Note(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        return notes;
    }

    public void ClearAll()
    {
        using var command = _shared.CreateCommand();
        command.CommandText = "DELETE FROM notes"; // ClearAll: every row on purpose
        command.ExecuteNonQuery();
    }

    public void MakeFast()
    {
        using var command = _shared.CreateCommand();
        command.CommandText = "PRAGMA synchronous = OFF; PRAGMA busy_timeout = 0;"; // expect: SQLG202
        command.ExecuteNonQuery();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        Configure(connection);
        await using var command = new SqliteCommand("SELECT count(*) FROM notes", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static long CountIn(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = new SqliteCommand("SELECT count(*) FROM notes", connection);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _shared.Dispose();
}

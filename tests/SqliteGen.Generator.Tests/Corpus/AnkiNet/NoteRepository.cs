// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/NoteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using AnkiNet.CollectionFile.Database.Model;
using AnkiNet.Helpers;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class NoteRepository
{
    private readonly SqliteConnection _connection;

    public NoteRepository(SqliteConnection connection) => _connection = connection;

    public void Add(NoteRow note)
    {
        string insert = $"INSERT INTO notes VALUES ({note.Id}, '{note.Guid}', {note.ModelId}, {note.Modified}, -1, '{note.Tags}', '{note.Fields}', '{note.SortField}', {note.Checksum}, 0, '')"; // expect: SQLG301
        SqLiteHelper.ExecuteSqLiteCommand(_connection, insert);
    }

    public IReadOnlyList<NoteRow> All()
    {
        var notes = new List<NoteRow>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, guid, mid, mod, tags, flds, sfld, csum FROM notes ORDER BY id";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            notes.Add(new NoteRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7)));
        return notes;
    }

    public long CountWithChecksum(long checksum)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM notes WHERE csum = $csum";
        command.Parameters.AddWithValue("$csum", checksum);
        return (long)command.ExecuteScalar()!;
    }
}

// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/RevlogRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using AnkiNet.CollectionFile.Database.Model;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class RevlogRepository
{
    private readonly SqliteConnection _connection;

    public RevlogRepository(SqliteConnection connection) => _connection = connection;

    public IReadOnlyList<RevlogRow> ForCard(long cardId)
    {
        var rows = new List<RevlogRow>();
        using var command = new SqliteCommand("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = @cid ORDER BY id", _connection);
        command.Parameters.AddWithValue("@cid", cardId);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(new RevlogRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)));
        return rows;
    }

    public int Forget(long cardId)
    {
        using var command = new SqliteCommand("DELETE FROM revlog WHERE cid = @cid", _connection);
        command.Parameters.AddWithValue("@cid", cardId);
        return command.ExecuteNonQuery();
    }
}

// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/DeckStats.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.Data.Sqlite;

namespace AnkiNet;

public sealed record DeckStats(long New, long Learning, long Review);

public static class DeckStatsReader
{
    public static DeckStats Read(string path, long deckId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT SUM(queue = 0), SUM(queue IN (1, 3)), SUM(queue = 2) FROM cards WHERE did = $did";
        command.Parameters.AddWithValue("$did", deckId);
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return new DeckStats(reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
    }
}

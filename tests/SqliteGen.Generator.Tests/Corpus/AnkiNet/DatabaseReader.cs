// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/DatabaseReader.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using AnkiNet.CollectionFile.Database.Model;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class DatabaseReader
{
    public (ColRow? Col, IReadOnlyList<NoteRow> Notes, Dictionary<long, IReadOnlyList<CardRow>> Cards) Read(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var col = new ColRepository(connection).Read();
        var notes = new NoteRepository(connection).All();
        var cards = new Dictionary<long, IReadOnlyList<CardRow>>();
        using (SqliteCommand decks = connection.CreateCommand())
        {
            decks.CommandText = "SELECT DISTINCT did FROM cards";
            using SqliteDataReader reader = decks.ExecuteReader();
            var cardRepository = new CardRepository(connection);
            while (reader.Read())
                cards[reader.GetInt64(0)] = cardRepository.ForDeck(reader.GetInt64(0));
        }
        return (col, notes, cards);
    }
}

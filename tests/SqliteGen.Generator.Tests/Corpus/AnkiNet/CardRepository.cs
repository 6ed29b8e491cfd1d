// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/CardRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AnkiNet.CollectionFile.Database.Model;
using AnkiNet.Helpers;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class CardRepository
{
    private readonly SqliteConnection _connection;

    public CardRepository(SqliteConnection connection) => _connection = connection;

    public void AddAll(IReadOnlyList<CardRow> cards)
    {
        if (cards.Count == 0)
            return;
        var insert = new StringBuilder("INSERT INTO cards VALUES ");
        for (int i = 0; i < cards.Count; i++)
        {
            CardRow card = cards[i];
            if (i > 0)
                insert.Append(", ");
            insert.Append($"({card.Id}, {card.NoteId}, {card.DeckId}, {card.Ordinal}, {card.Modified}, -1, {card.Type}, {card.Queue}, {card.Due}, {card.Interval}, {card.Factor}, 0, 0, 0, 0, 0, 0, '')"); // expect: SQLG301
        }
        SqLiteHelper.ExecuteSqLiteCommand(_connection, insert.ToString());
    }

    public IReadOnlyList<CardRow> ForDeck(long deckId)
    {
        var cards = new List<CardRow>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, nid, did, ord, mod, type, queue, due, ivl, factor FROM cards WHERE did = $did ORDER BY due";
        command.Parameters.AddWithValue("$did", deckId);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            cards.Add(new CardRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt32(8), reader.GetInt32(9)));
        return cards;
    }

    public void Suspend(IEnumerable<long> cardIds)
    {
        long[] ids = cardIds.ToArray();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "UPDATE cards SET queue = -1 WHERE id IN (" + string.Join(",", ids.Select((_, i) => "$id" + i)) + ")";
        for (int i = 0; i < ids.Length; i++)
            command.Parameters.AddWithValue("$id" + i, ids[i]);
        command.ExecuteNonQuery();
    }
}

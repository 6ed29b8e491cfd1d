// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/CollectionFile/Database/ColRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using AnkiNet.CollectionFile.Database.Model;
using AnkiNet.Helpers;
using Microsoft.Data.Sqlite;

namespace AnkiNet.CollectionFile.Database;

internal sealed class ColRepository
{
    private readonly SqliteConnection _connection;

    public ColRepository(SqliteConnection connection) => _connection = connection;

    public void Add(ColRow col)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO col VALUES ($id, $crt, $mod, $scm, $ver, 0, 0, 0, '{}', $models, $decks, $dconf, $tags)";
        command.Parameters.AddWithValue("$id", col.Id);
        command.Parameters.AddWithValue("$crt", col.Created);
        command.Parameters.AddWithValue("$mod", col.Modified);
        command.Parameters.AddWithValue("$scm", col.SchemaModified);
        command.Parameters.AddWithValue("$ver", col.Version);
        command.Parameters.AddWithValue("$models", col.Models);
        command.Parameters.AddWithValue("$decks", col.Decks);
        command.Parameters.AddWithValue("$dconf", col.DeckConfigs);
        command.Parameters.AddWithValue("$tags", col.Tags);
        command.ExecuteNonQuery();
    }

    public ColRow? Read()
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, crt, mod, scm, ver, models, decks, dconf, tags FROM col LIMIT 1";
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new ColRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8))
            : null;
    }

    public void Touch(long modified) =>
        SqLiteHelper.ExecuteSqLiteCommand(_connection, "UPDATE col SET mod = " + modified); // expect: SQLG301
}

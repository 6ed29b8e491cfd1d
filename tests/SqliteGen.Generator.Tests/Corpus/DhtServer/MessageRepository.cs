// Corpus look-alike of DHT (Discord History Tracker) server:Server/Database/Sqlite/Repositories/SqliteMessageRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace DHT.Server.Database.Sqlite
{
    public sealed class MessageRepository
    {
        private readonly SqliteConnection _conn;

        public MessageRepository(SqliteConnection conn) => _conn = conn;

        public long Count(string? filter)
        {
            using var cmd = _conn.Command("SELECT COUNT(*) FROM messages" + (filter is null ? "" : " WHERE " + filter));
            return (long)cmd.ExecuteScalar()!;
        }

        public List<long> IdsBefore(long timestamp, int limit)
        {
            using var cmd = _conn.Command("SELECT message_id FROM messages WHERE timestamp < " + timestamp + " LIMIT " + limit); // expect: SQLG301
            var ids = new List<long>();
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                ids.Add(reader.GetInt64(0));
            return ids;
        }

        public void DeleteChannel(long channelId)
        {
            using var cmd = _conn.Command("DELETE FROM messages WHERE channel_id = :channel_id");
            cmd.Parameters.AddWithValue(":channel_id", channelId);
            cmd.ExecuteNonQuery();
        }

        public void RemoveAll()
        {
            using var cmd = _conn.Command("DELETE FROM messages");
            cmd.ExecuteNonQuery();
        }
    }
}

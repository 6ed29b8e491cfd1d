// Corpus look-alike of a System.Data.SQLite key-value store (find_string hit 6713324334):SqliteKeyValueStore.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;

namespace Storage
{
    public class SqliteKeyValueStore : IDisposable
    {
        private const string TableName = "kv";

        public SqliteKeyValueStore(string path)
        {
            Connection = new SQLiteConnection("Data Source=" + path);
            Connection.Open();
            var command = new SQLiteCommand("CREATE TABLE IF NOT EXISTS " + TableName + " (key TEXT PRIMARY KEY, value TEXT)", Connection);
            command.ExecuteNonQuery();
        }

        public SQLiteConnection Connection { get; }

        public int Put(string key, string value)
        {
            var command = new SQLiteCommand("REPLACE INTO " + TableName + " (key, value) VALUES (@key, @value)", Connection);
            command.Parameters.Add(new SQLiteParameter("@key", key));
            command.Parameters.Add(new SQLiteParameter("@value", value));
            return command.ExecuteNonQuery();
        }

        public string? Get(string key)
        {
            var command = new SQLiteCommand("SELECT * FROM " + TableName + " WHERE key = @key", Connection);
            command.Parameters.Add(new SQLiteParameter("@key", key));
            return Query(command, reader => reader.GetString(1)).FirstOrDefault();
        }

        public IEnumerable<string> KeysLike(string prefix)
        {
            var command = new SQLiteCommand("SELECT key FROM " + TableName + " WHERE key LIKE '" + prefix + "%'", Connection); // expect: SQLG301
            return Query(command, reader => reader.GetString(0));
        }

        public int Delete(string key)
        {
            var command = new SQLiteCommand("DELETE FROM " + TableName + " WHERE key = @key", Connection);
            command.Parameters.Add(new SQLiteParameter("@key", key));
            return command.ExecuteNonQuery();
        }

        public int Clear() => new SQLiteCommand("DELETE FROM " + TableName, Connection).ExecuteNonQuery();

        private static List<T> Query<T>(SQLiteCommand command, Func<SQLiteDataReader, T> read)
        {
            var list = new List<T>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
                list.Add(read(reader));
            return list;
        }

        public void Dispose() => Connection.Dispose();
    }
}

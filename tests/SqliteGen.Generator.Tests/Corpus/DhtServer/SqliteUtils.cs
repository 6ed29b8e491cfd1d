// Corpus look-alike of DHT (Discord History Tracker) server:Server/Database/Sqlite/SqliteUtils.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using Microsoft.Data.Sqlite;

namespace DHT.Server.Database.Sqlite
{
    public static class SqliteUtils
    {
        public static SqliteCommand Command(this SqliteConnection conn, string sql)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return cmd;
        }

        public static SqliteCommand Insert(this SqliteConnection conn, string tableName, string[] columns)
        {
            string columnNames = string.Join(',', columns);
            string columnParams = string.Join(',', columns.Select(c => ':' + c));
            return conn.Command("INSERT INTO " + tableName + " (" + columnNames + ")" + "VALUES (" + columnParams + ")");
        }

        public static SqliteCommand Upsert(this SqliteConnection conn, string tableName, string[] columns)
        {
            string columnNames = string.Join(',', columns);
            string columnParams = string.Join(',', columns.Select(c => ':' + c));
            string columnUpdates = string.Join(',', columns.Select(c => c + " = excluded." + c));
            return conn.Command("INSERT INTO " + tableName + " (" + columnNames + ")" +
                                "VALUES (" + columnParams + ")" +
                                "ON CONFLICT DO UPDATE SET " + columnUpdates);
        }

        public static SqliteCommand Delete(this SqliteConnection conn, string tableName, (string Name, object Value) where)
        {
            return conn.Command("DELETE FROM " + tableName + " WHERE " + where.Name + " = :" + where.Name);
        }

        public static SqliteCommand In(this SqliteConnection conn, string tableName, string column, long[] ids)
        {
            string placeholders = string.Join(',', ids.Select((_, i) => ":id" + i));
            var cmd = conn.Command("SELECT * FROM " + tableName + " WHERE " + column + " IN (" + placeholders + ")");
            for (int i = 0; i < ids.Length; i++)
                cmd.Parameters.AddWithValue(":id" + i, ids[i]);
            return cmd;
        }
    }
}

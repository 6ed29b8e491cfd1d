// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/SQLHepler.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using Microsoft.Data.Sqlite;

namespace CodeShare
{
    /// <summary>Static access to the snippet database (Community.CsharpSqlite in the original; Microsoft.Data.Sqlite here).</summary>
    public static class SQLHepler
    {
        public static string ConnectionString { get; set; } = "Data Source=codeshare.db";

        public static int ExecuteNonQuery(string sql)
        {
            using (var connection = new SqliteConnection())
            {
                connection.ConnectionString = ConnectionString;
                IDbCommand cmd = connection.CreateCommand();
                cmd.CommandText = sql;
                connection.Open();
                return cmd.ExecuteNonQuery();
            }
        }

        public static object? ExecuteScalar(string sql)
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                connection.Open();
                using SqliteCommand cmd = connection.CreateCommand();
                cmd.CommandText = sql;
                return cmd.ExecuteScalar();
            }
        }

        public static DataTable ExecuteDataTable(string sql, params SqliteParameter[] parameters)
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                connection.Open();
                using SqliteCommand cmd = new SqliteCommand(sql, connection);
                cmd.Parameters.AddRange(parameters);
                var table = new DataTable();
                using (SqliteDataReader reader = cmd.ExecuteReader())
                    table.Load(reader);
                return table;
            }
        }
    }
}

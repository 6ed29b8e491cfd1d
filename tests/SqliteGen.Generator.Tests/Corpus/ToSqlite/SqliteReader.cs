// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Sqlite/SqliteReader.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;
using Dapper;

namespace ToSqLite.Sqlite
{
    class SqliteReader
    {
        public IReadOnlyList<string> TableNames()
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            return connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToList();
        }

        public long RowCount(string table)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM [" + table + "]");
        }

        public IReadOnlyList<dynamic> Sample(string table, int rows)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            return connection.Query($"SELECT * FROM [{table}] LIMIT {rows}").ToList(); // expect: SQLG301
        }

        public IReadOnlyList<dynamic> Find(string table, string keyColumn, string key)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            return connection.Query($"SELECT * FROM [{table}] WHERE [{keyColumn}] = @key", new { key }).ToList();
        }
    }
}

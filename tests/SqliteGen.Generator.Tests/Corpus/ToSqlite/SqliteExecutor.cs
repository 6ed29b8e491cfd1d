// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Sqlite/SqliteExecutor.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using Dapper;

namespace ToSqLite.Sqlite
{
    static class SqliteExecutor
    {
        public static int Execute(string sql, SQLiteConnection sqlConn) => sqlConn.Execute(sql);

        public static int Execute(string sql, object parameters, SQLiteConnection sqlConn) => sqlConn.Execute(sql, parameters);
    }
}

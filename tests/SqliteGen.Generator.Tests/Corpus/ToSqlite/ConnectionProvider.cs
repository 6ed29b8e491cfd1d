// Corpus look-alike of harris2012/ToSqlite:ToSqLite/ConnectionProvider.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;

namespace ToSqLite
{
    static class ConnectionProvider
    {
        public static string SqliteFile { get; set; } = "output.db";

        public static SQLiteConnection GetSqliteConnection()
        {
            var connection = new SQLiteConnection("Data Source=" + SqliteFile + ";Version=3;");
            connection.Open();
            return connection;
        }
    }
}

// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Program.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;
using Dapper;

namespace ToSqLite
{
    /// <summary>Records each conversion run in the output database.</summary>
    static class ConversionLog
    {
        public static void Record(string source, int tables, TimeSpan elapsed)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            connection.Execute("CREATE TABLE IF NOT EXISTS _conversions (source TEXT, tables INTEGER, seconds REAL, at TEXT)");
            connection.Execute("INSERT INTO _conversions (source, tables, seconds, at) VALUES ('" + source + "', " + tables + ", " + elapsed.TotalSeconds + ", datetime('now'))"); // expect: SQLG301
        }

        public static void Clear()
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            connection.Execute("DELETE FROM _conversions");
        }
    }
}

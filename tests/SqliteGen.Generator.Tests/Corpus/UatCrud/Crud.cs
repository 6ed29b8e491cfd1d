// Corpus look-alike of Persistence.DB CRUD (find_string hit 6623492542):Persistence/DB/CRUD.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;

namespace Persistence.DB
{
    internal static class CRUD
    {
        private const string cs = @"Data Source=DB\UAT.db; Version=3;";

        internal static void Read(string tableName, Action<SQLiteDataReader> callback)
        {
            using (SQLiteConnection con = new SQLiteConnection(cs))
            {
                con.Open();
                using (SQLiteCommand cmd = new SQLiteCommand("SELECT * FROM " + tableName, con))
                using (SQLiteDataReader rdr = cmd.ExecuteReader())
                {
                    while (rdr.Read())
                        callback(rdr);
                }
                con.Close();
            }
        }

        internal static int Update(string commandText)
        {
            using (SQLiteConnection con = new SQLiteConnection(cs))
            {
                con.Open();
                using (SQLiteCommand cmd = new SQLiteCommand(commandText, con))
                    return cmd.ExecuteNonQuery();
            }
        }
    }
}

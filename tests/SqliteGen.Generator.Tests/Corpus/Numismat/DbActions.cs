// Corpus look-alike of eNumismat (find_string hit 16837861118):eNumismat/DBActions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;

namespace eNumismat
{
    static class Globals
    {
        public static string DBFile = "coins.db";
    }

    class DBActions
    {
        public bool CreateNew(string createScript)
        {
            try
            {
                using (SQLiteConnection dbConnection = new SQLiteConnection("Data Source=" + Globals.DBFile))
                {
                    dbConnection.Open();
                    using (SQLiteCommand command = new SQLiteCommand(createScript, dbConnection))
                    {
                        command.ExecuteNonQuery();
                        return true;
                    }
                }
            }
            catch (Exception)
            {
                return false;
            }
        }

        public List<string> GetContacts(string surname)
        {
            var result = new List<string>();
            using (SQLiteConnection dbConnection = new SQLiteConnection("Data Source=" + Globals.DBFile))
            {
                dbConnection.Open();
                string sql = "SELECT name, surname FROM contacts";
                if (!string.IsNullOrEmpty(surname))
                    sql += " WHERE surname = '" + surname + "'"; // expect: SQLG301
                using (SQLiteCommand command = new SQLiteCommand(sql, dbConnection))
                using (SQLiteDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                        result.Add(reader.GetString(0) + " " + reader.GetString(1));
                }
            }
            return result;
        }

        public int DeleteContact(int contactId)
        {
            using (SQLiteConnection dbConnection = new SQLiteConnection("Data Source=" + Globals.DBFile))
            {
                dbConnection.Open();
                using (SQLiteCommand command = new SQLiteCommand("DELETE FROM contacts WHERE id = @id", dbConnection))
                {
                    command.Parameters.AddWithValue("@id", contactId);
                    return command.ExecuteNonQuery();
                }
            }
        }
    }
}

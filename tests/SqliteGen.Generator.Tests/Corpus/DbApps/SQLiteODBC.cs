// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/SQLiteODBC.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;

namespace DbApps
{
    /// <summary>The ODBC walkthrough's queries, run through System.Data.SQLite instead of the ODBC driver.</summary>
    static class SqliteOdbcWalkthrough
    {
        public static void Run(string city)
        {
            using (var con = new SQLiteConnection("URI=file:wigcompany.db"))
            {
                con.Open();
                using (var cmd = new SQLiteCommand("SELECT Name FROM Customers WHERE City = ? ORDER BY Name", con))
                {
                    cmd.Parameters.Add(new SQLiteParameter { Value = city });
                    using (SQLiteDataReader reader = cmd.ExecuteReader())
                    {
                        while (reader.Read())
                            Console.WriteLine(reader.GetString(0));
                    }
                }
            }
        }
    }
}

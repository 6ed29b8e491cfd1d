// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/DBCreate.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class DbCreate
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand(con))
                {
                    cmd.CommandText = "DROP TABLE IF EXISTS Wigs";
                    cmd.ExecuteNonQuery();
                    cmd.CommandText = "CREATE TABLE Wigs (Id INTEGER PRIMARY KEY, Style TEXT NOT NULL, Color TEXT, Price REAL)";
                    cmd.ExecuteNonQuery();
                    cmd.CommandText = "INSERT INTO Wigs (Style, Color, Price) VALUES ('Bob', 'Auburn', 59.5)";
                    cmd.ExecuteNonQuery();
                    cmd.CommandText = "INSERT INTO Wigs (Style, Color, Price) VALUES ('Pixie', 'Black', 42.0)";
                    cmd.ExecuteNonQuery();
                }
                Console.WriteLine("Table Wigs created");
            }
        }
    }
}

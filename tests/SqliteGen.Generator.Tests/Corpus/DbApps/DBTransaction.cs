// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/DBTransaction.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class DbTransaction
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (SQLiteTransaction tr = con.BeginTransaction())
                {
                    using (SQLiteCommand cmd = con.CreateCommand())
                    {
                        cmd.Transaction = tr;
                        cmd.CommandText = "DROP TABLE IF EXISTS Customers";
                        cmd.ExecuteNonQuery();
                        cmd.CommandText = "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT)";
                        cmd.ExecuteNonQuery();
                        foreach (string name in new[] { "Tom", "Rebecca", "Jim" })
                        {
                            cmd.CommandText = "INSERT INTO Customers (Name) VALUES (@name)";
                            cmd.Parameters.Clear();
                            cmd.Parameters.AddWithValue("@name", name);
                            cmd.ExecuteNonQuery();
                        }
                    }
                    tr.Commit();
                }
            }
        }
    }
}

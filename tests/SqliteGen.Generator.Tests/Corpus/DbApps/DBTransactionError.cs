// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/DBTransactionError.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class DbTransactionError
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                SQLiteTransaction tr = con.BeginTransaction();
                try
                {
                    using (SQLiteCommand cmd = con.CreateCommand())
                    {
                        cmd.Transaction = tr;
                        cmd.CommandText = "INSERT INTO Customers (Name) VALUES ('Julian')";
                        cmd.ExecuteNonQuery();
                        cmd.CommandText = "INSERT INTO Customers (Nme) VALUES ('Jane')";
                        cmd.ExecuteNonQuery();
                    }
                    tr.Commit();
                }
                catch (SQLiteException e)
                {
                    Console.WriteLine("Rolled back: " + e.Message);
                    tr.Rollback();
                }
            }
        }
    }
}

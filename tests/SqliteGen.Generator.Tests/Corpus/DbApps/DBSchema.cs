// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/DBSchema.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class DbSchema
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand("PRAGMA table_info(Wigs)", con))
                using (SQLiteDataReader reader = cmd.ExecuteReader())
                {
                    while (reader.Read())
                        Console.WriteLine($"{reader.GetInt32(0)} {reader.GetString(1)} {reader.GetString(2)}");
                }
                DataTable tables = con.GetSchema("Tables");
                foreach (DataRow row in tables.Rows)
                    Console.WriteLine(row["TABLE_NAME"]);
            }
        }
    }
}

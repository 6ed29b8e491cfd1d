// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/CommandQuery.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class CommandQuery
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run(string color)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand("SELECT Id, Style, Price FROM Wigs WHERE Color = @color ORDER BY Price", con))
                {
                    cmd.Parameters.AddWithValue("@color", color);
                    using (SQLiteDataReader rdr = cmd.ExecuteReader())
                    {
                        Console.WriteLine($"{rdr.GetName(0),-3} {rdr.GetName(1),-8} {rdr.GetName(2),8}");
                        while (rdr.Read())
                            Console.WriteLine($"{rdr.GetInt32(0),-3} {rdr.GetString(1),-8} {rdr.GetDouble(2),8}");
                    }
                }
                using (var count = new SQLiteCommand("SELECT COUNT(*) FROM Wigs", con))
                    Console.WriteLine("Total: " + count.ExecuteScalar());
            }
        }
    }
}

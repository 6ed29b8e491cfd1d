// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/CommandCRUD.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class CommandCrud
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Insert(string style, string color, double price)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                string sql = "INSERT INTO Wigs (Style, Color, Price) VALUES ('" + style + "', '" + color + "', " + price + ")"; // expect: SQLG301
                using (var cmd = new SQLiteCommand(sql, con))
                    cmd.ExecuteNonQuery();
            }
        }

        public static void UpdatePrice(int id, double price)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand("UPDATE Wigs SET Price = @price WHERE Id = @id", con))
                {
                    cmd.Parameters.AddWithValue("@price", price);
                    cmd.Parameters.AddWithValue("@id", id);
                    cmd.ExecuteNonQuery();
                }
            }
        }

        public static void Delete(int id)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand(con))
                {
                    cmd.CommandText = "DELETE FROM Wigs WHERE Id = " + id; // expect: SQLG301
                    cmd.ExecuteNonQuery();
                }
            }
        }
    }
}

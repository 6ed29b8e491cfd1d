// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/AdapterRUD.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class AdapterRud
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run(int id, double newPrice)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var adapter = new SQLiteDataAdapter("SELECT Id, Style, Color, Price FROM Wigs", con);
                adapter.UpdateCommand = new SQLiteCommand("UPDATE Wigs SET Price = @Price WHERE Id = @Id", con);
                adapter.UpdateCommand.Parameters.Add("@Price", DbType.Double, 8, "Price");
                adapter.UpdateCommand.Parameters.Add("@Id", DbType.Int32, 4, "Id");
                adapter.DeleteCommand = new SQLiteCommand("DELETE FROM Wigs WHERE Id = @Id", con);
                adapter.DeleteCommand.Parameters.Add("@Id", DbType.Int32, 4, "Id");
                var table = new DataTable();
                adapter.Fill(table);
                foreach (DataRow row in table.Rows)
                {
                    if ((long)row["Id"] == id)
                        row["Price"] = newPrice;
                }
                adapter.Update(table);
            }
        }
    }
}

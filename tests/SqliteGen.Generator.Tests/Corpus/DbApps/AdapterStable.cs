// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/AdapterStable.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class AdapterStable
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var adapter = new SQLiteDataAdapter("SELECT Id, Style, Color, Price FROM Wigs", con);
                var builder = new SQLiteCommandBuilder(adapter);
                var set = new DataSet();
                adapter.Fill(set, "Wigs");
                DataRow row = set.Tables["Wigs"]!.NewRow();
                row["Style"] = "Shag";
                row["Color"] = "Blonde";
                row["Price"] = 64.0;
                set.Tables["Wigs"]!.Rows.Add(row);
                adapter.Update(set, "Wigs");
                GC.KeepAlive(builder);
            }
        }
    }
}

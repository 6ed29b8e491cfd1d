// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/AdapterFill.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class AdapterFill
    {
        const string Cs = "URI=file:wigcompany.db";

        public static DataTable Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var adapter = new SQLiteDataAdapter("SELECT * FROM Wigs", con);
                var table = new DataTable("Wigs");
                adapter.Fill(table);
                return table;
            }
        }
    }
}

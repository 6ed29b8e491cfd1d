// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/AdapterFilter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class AdapterFilter
    {
        const string Cs = "URI=file:wigcompany.db";

        public static DataTable Run(string style, double maxPrice)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var adapter = new SQLiteDataAdapter("SELECT * FROM Wigs WHERE Style LIKE '%" + style + "%' AND Price <= " + maxPrice, con); // expect: SQLG301
                var table = new DataTable();
                adapter.Fill(table);
                return table;
            }
        }

        public static DataRow[] InMemory(DataTable table, string color) => table.Select("Color = '" + color + "'");
    }
}

// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/DataGridView.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class GridBinding
    {
        const string Cs = "URI=file:wigcompany.db";

        public static DataView Run(string sortColumn)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var adapter = new SQLiteDataAdapter("SELECT * FROM Wigs ORDER BY " + sortColumn, con);
                var table = new DataTable();
                adapter.Fill(table);
                return table.DefaultView;
            }
        }
    }
}

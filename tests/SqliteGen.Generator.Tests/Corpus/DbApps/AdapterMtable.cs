// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/AdapterMtable.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class AdapterMtable
    {
        const string Cs = "URI=file:wigcompany.db";

        public static DataSet Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                var set = new DataSet();
                new SQLiteDataAdapter("SELECT * FROM Wigs", con).Fill(set, "Wigs");
                new SQLiteDataAdapter("SELECT * FROM Customers", con).Fill(set, "Customers");
                new SQLiteDataAdapter("SELECT * FROM Orders", con).Fill(set, "Orders");
                set.Relations.Add("CustomerOrders", set.Tables["Customers"]!.Columns["Id"]!, set.Tables["Orders"]!.Columns["CustomerId"]!);
                return set;
            }
        }
    }
}

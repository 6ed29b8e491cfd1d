// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/ShowImage.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class ShowImage
    {
        const string Cs = "URI=file:wigcompany.db";

        public static byte[]? Run(string name)
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand($"SELECT Data FROM Images WHERE Name = '{name}'", con)) // expect: SQLG301
                    return cmd.ExecuteScalar() as byte[];
            }
        }
    }
}
